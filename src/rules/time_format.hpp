// CEL timestamp and duration helpers: parsing, formatting, range checks and
// calendar fields. Pure functions, thread-safe.
//
// Timestamps are seconds since the Unix epoch plus nanoseconds, limited to
// CEL's range 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z;
// durations are limited to +-315,576,000,000 seconds (about 10,000 years).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "rules/value.hpp"

namespace guomen::rules {

inline constexpr int64_t kMinTimestampSeconds = -62135596800;  // 0001-01-01T00:00:00Z
inline constexpr int64_t kMaxTimestampSeconds = 253402300799;  // 9999-12-31T23:59:59Z
inline constexpr int64_t kMaxDurationSeconds = 315576000000;
inline constexpr int32_t kNanosPerSecond = 1000000000;

// Normalizes (seconds, nanos) with any nanos into 0 <= nanos < 1e9 and builds
// a timestamp; returns an error value when out of range or on overflow.
Value MakeTimestamp(int64_t seconds, int64_t nanos);
// Same for durations.
Value MakeDuration(int64_t seconds, int64_t nanos);

// Parses RFC 3339 ("2026-03-01T08:30:00Z", "...T08:30:00.25+08:00"); a
// timestamp value, or an error value saying why not.
Value ParseTimestamp(std::string_view text);
// RFC 3339 in UTC with 0, 3, 6 or 9 fraction digits: "2026-03-01T00:30:00Z".
std::string FormatTimestamp(int64_t seconds, int32_t nanos);

// Parses a CEL/Go duration string: an optional sign then one or more
// decimal numbers with a unit h, m, s, ms, us (or µs) or ns: "1h30m", "-2.5s".
Value ParseDuration(std::string_view text);
// Seconds with the fraction only when non-zero: "3600s", "-1.5s", "0.000000001s".
std::string FormatDuration(int64_t seconds, int32_t nanos);

// A time zone for the timestamp accessors: "UTC", "Z", or a fixed offset
// "+08:00" / "-05:30" / "+0800". Returns the offset in seconds, or nullopt.
// (IANA zone names need a zone database and are not supported.)
std::optional<int32_t> ParseUtcOffset(std::string_view zone);

// Calendar fields of a timestamp shifted by an offset (CEL's accessors).
struct CivilTime {
  int64_t year = 0;
  int month = 0;         // 1..12
  int day = 0;           // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int day_of_week = 0;   // 0 = Sunday
  int day_of_year = 0;   // 0-based
};
CivilTime ToCivil(int64_t seconds, int32_t offset_seconds);

}  // namespace guomen::rules

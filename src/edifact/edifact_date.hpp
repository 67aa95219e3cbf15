// Dates and times in EDIFACT DTM segments (C507: qualifier, value, format
// code 2379) and in UNB, read into calendar values.
//
// Formats: 102 CCYYMMDD, 201 YYMMDDHHMM, 203 CCYYMMDDHHMM, 101 YYMMDD and,
// when the format code is absent, whichever of these the length implies.
// Two-digit years get their century from a reference date (the interchange's
// preparation date), so the engine needs no clock.
//
// Pure and thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace guomen::edifact {

// A local date and optional time as sent (PAXLST times are the local times of
// the airport or port; no zone is implied).
struct EdifactDateTime {
  std::chrono::year_month_day date{};
  int hour = -1;  // -1 when only a date was sent
  int minute = -1;

  bool HasTime() const { return hour >= 0; }
  // "2007-02-19" or "2007-02-19T15:40".
  std::string Iso() const;
  bool operator==(const EdifactDateTime&) const = default;
};

enum class CenturyRule {
  kPast,  // a date of birth: the latest century that is not after the reference
  kNear,  // travel and expiry dates: within 50 years either side of the reference
};

// Parses `value` in `format` ("" when the DTM has none). Returns nullopt when
// the value does not fit the format or is not a calendar date or time.
// `reference` gives two-digit years their century; without one, years 00-69
// are 20YY and 70-99 are 19YY for kNear, and kPast uses 2000 as reference.
std::optional<EdifactDateTime> ParseEdifactDateTime(
    std::string_view value, std::string_view format, CenturyRule rule,
    const std::optional<std::chrono::year_month_day>& reference);

}  // namespace guomen::edifact

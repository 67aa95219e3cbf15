// The one place guomen reads the wall clock, so that tests can set time.
//
// Code outside core/ must not call std::chrono::system_clock::now(); it asks
// a Clock. SystemClock is thread-safe; ManualClock is for tests.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace guomen::core {

using TimePoint = std::chrono::sys_time<std::chrono::microseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
  // A process-wide instance.
  static const SystemClock& Instance();
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : us_(start.time_since_epoch().count()) {}
  TimePoint Now() const override { return TimePoint(std::chrono::microseconds(us_.load())); }
  void Advance(std::chrono::microseconds d) { us_ += d.count(); }

 private:
  std::atomic<int64_t> us_;
};

// Microseconds since the Unix epoch, the form times are stored in.
inline int64_t ToMicros(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint FromMicros(int64_t us) { return TimePoint(std::chrono::microseconds(us)); }

// RFC 3339 UTC with second precision: "2026-11-23T10:00:00Z".
std::string FormatIso8601(TimePoint t);
// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.frac]]" with "Z" or "+HH:MM" or no
// zone (taken as UTC). Returns nullopt when malformed.
std::optional<TimePoint> ParseIso8601(std::string_view text);

}  // namespace guomen::core

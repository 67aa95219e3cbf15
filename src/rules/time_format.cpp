#include "rules/time_format.hpp"

#include <chrono>
#include <cstdio>
#include <limits>

namespace guomen::rules {

namespace {

// Floor division/modulo that keep nanos non-negative, with overflow checks.
bool Normalize(int64_t& seconds, int64_t& nanos) {
  int64_t carry = nanos / kNanosPerSecond;
  nanos %= kNanosPerSecond;
  if (nanos < 0) {
    nanos += kNanosPerSecond;
    carry -= 1;
  }
  return !__builtin_add_overflow(seconds, carry, &seconds);
}

bool Digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

std::string FractionDigits(int32_t nanos) {
  // 0, 3, 6 or 9 digits, as protobuf's JSON mapping prints them.
  if (nanos == 0) return "";
  char buf[16];
  if (nanos % 1000000 == 0) {
    std::snprintf(buf, sizeof buf, ".%03d", nanos / 1000000);
  } else if (nanos % 1000 == 0) {
    std::snprintf(buf, sizeof buf, ".%06d", nanos / 1000);
  } else {
    std::snprintf(buf, sizeof buf, ".%09d", nanos);
  }
  return buf;
}

}  // namespace

Value MakeTimestamp(int64_t seconds, int64_t nanos) {
  if (!Normalize(seconds, nanos) || seconds < kMinTimestampSeconds ||
      seconds > kMaxTimestampSeconds) {
    return Value::Error("timestamp out of range");
  }
  return Value::Timestamp(seconds, static_cast<int32_t>(nanos));
}

Value MakeDuration(int64_t seconds, int64_t nanos) {
  if (!Normalize(seconds, nanos)) return Value::Error("duration out of range");
  // The range is symmetric in total nanoseconds: -max .. +max.
  if (seconds > kMaxDurationSeconds || seconds < -kMaxDurationSeconds ||
      (seconds == kMaxDurationSeconds && nanos > 0)) {
    return Value::Error("duration out of range");
  }
  return Value::Duration(seconds, static_cast<int32_t>(nanos));
}

Value ParseTimestamp(std::string_view s) {
  using namespace std::chrono;
  auto bad = [&] {
    return Value::Error("invalid timestamp \"" + std::string(s.substr(0, 64)) +
                        "\" (want RFC 3339, e.g. 2026-03-01T08:30:00Z)");
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (s.size() < 20 || !Digits(s, 0, 4, y) || s[4] != '-' || !Digits(s, 5, 2, mo) ||
      s[7] != '-' || !Digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') ||
      !Digits(s, 11, 2, h) || s[13] != ':' || !Digits(s, 14, 2, mi) || s[16] != ':' ||
      !Digits(s, 17, 2, se)) {
    return bad();
  }
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || se > 59) return bad();
  size_t pos = 19;
  int64_t nanos = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    int64_t scale = 100000000;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (pos - start >= 9) return bad();
      nanos += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return bad();
  }
  int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh = 0, om = 0;
    if (!Digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return bad();
    }
    offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad();
  }
  if (pos != s.size()) return bad();
  int64_t days = sys_days(ymd).time_since_epoch().count();
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + se - offset;
  return MakeTimestamp(secs, nanos);
}

std::string FormatTimestamp(int64_t seconds, int32_t nanos) {
  CivilTime c = ToCivil(seconds, 0);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d", static_cast<long long>(c.year),
                c.month, c.day, c.hour, c.minute, c.second);
  return std::string(buf) + FractionDigits(nanos) + "Z";
}

Value ParseDuration(std::string_view text) {
  std::string_view s = text;
  auto bad = [&] {
    return Value::Error("invalid duration \"" + std::string(text.substr(0, 64)) +
                        "\" (want e.g. \"1h30m\", \"720h\", \"-2.5s\")");
  };
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return bad();
  if (s == "0") return Value::Duration(0, 0);
  // Accumulate in nanoseconds as long double-free integer parts: whole and fraction.
  int64_t total_seconds = 0;
  int64_t total_nanos = 0;
  while (!s.empty()) {
    int64_t whole = 0;
    size_t i = 0;
    bool any = false;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (__builtin_mul_overflow(whole, 10, &whole) ||
          __builtin_add_overflow(whole, s[i] - '0', &whole)) {
        return Value::Error("duration out of range");
      }
      ++i;
      any = true;
    }
    int64_t frac = 0;  // in 1e-9 units of the unit
    if (i < s.size() && s[i] == '.') {
      ++i;
      int64_t scale = 100000000;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        frac += (s[i] - '0') * scale;
        scale /= 10;
        ++i;
        any = true;
      }
    }
    if (!any) return bad();
    s.remove_prefix(i);
    int64_t unit_nanos = 0;
    if (s.substr(0, 2) == "ns") {
      unit_nanos = 1;
      s.remove_prefix(2);
    } else if (s.substr(0, 2) == "us") {
      unit_nanos = 1000;
      s.remove_prefix(2);
    } else if (s.substr(0, 3) == "\xc2\xb5s") {
      unit_nanos = 1000;
      s.remove_prefix(3);
    } else if (s.substr(0, 2) == "ms") {
      unit_nanos = 1000000;
      s.remove_prefix(2);
    } else if (s.substr(0, 1) == "s") {
      unit_nanos = kNanosPerSecond;
      s.remove_prefix(1);
    } else if (s.substr(0, 1) == "m") {
      unit_nanos = 60LL * kNanosPerSecond;
      s.remove_prefix(1);
    } else if (s.substr(0, 1) == "h") {
      unit_nanos = 3600LL * kNanosPerSecond;
      s.remove_prefix(1);
    } else {
      return bad();
    }
    // whole * unit: split into seconds and nanos without overflow.
    int64_t add_seconds = 0;
    int64_t add_nanos = 0;
    if (unit_nanos >= kNanosPerSecond) {
      int64_t unit_seconds = unit_nanos / kNanosPerSecond;
      if (__builtin_mul_overflow(whole, unit_seconds, &add_seconds)) {
        return Value::Error("duration out of range");
      }
      // frac is in 1e-9 of the unit: frac * unit_seconds nanoseconds.
      add_nanos = frac * unit_seconds;
    } else {
      add_seconds = whole / (kNanosPerSecond / unit_nanos);
      add_nanos = (whole % (kNanosPerSecond / unit_nanos)) * unit_nanos + frac * unit_nanos / kNanosPerSecond;
    }
    if (__builtin_add_overflow(total_seconds, add_seconds, &total_seconds) ||
        __builtin_add_overflow(total_nanos, add_nanos, &total_nanos) ||
        total_seconds > kMaxDurationSeconds) {
      return Value::Error("duration out of range");
    }
  }
  if (negative) {
    total_seconds = -total_seconds;
    total_nanos = -total_nanos;
  }
  return MakeDuration(total_seconds, total_nanos);
}

std::string FormatDuration(int64_t seconds, int32_t nanos) {
  // Stored as floor seconds + non-negative nanos; print as a signed decimal.
  bool negative = seconds < 0;
  int64_t whole = seconds;
  int64_t frac = nanos;
  if (negative && frac > 0) {
    whole += 1;
    frac = kNanosPerSecond - frac;
  }
  std::string out;
  if (negative) out += '-';
  out += std::to_string(negative ? -whole : whole);
  if (frac > 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(frac));
    std::string f(buf);
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  out += 's';
  return out;
}

std::optional<int32_t> ParseUtcOffset(std::string_view zone) {
  if (zone == "UTC" || zone == "utc" || zone == "Z" || zone == "Etc/UTC" || zone == "GMT") {
    return 0;
  }
  if (zone.size() < 5 || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
  int h = 0, m = 0;
  if (!Digits(zone, 1, 2, h)) return std::nullopt;
  size_t pos = 3;
  if (zone[pos] == ':') ++pos;
  if (!Digits(zone, pos, 2, m) || pos + 2 != zone.size() || h > 23 || m > 59) {
    return std::nullopt;
  }
  return (h * 3600 + m * 60) * (zone[0] == '-' ? -1 : 1);
}

CivilTime ToCivil(int64_t seconds, int32_t offset_seconds) {
  using namespace std::chrono;
  int64_t s = seconds + offset_seconds;
  int64_t days = s / 86400;
  int64_t rem = s % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  sys_days sd{std::chrono::days(days)};
  year_month_day ymd{sd};
  CivilTime c;
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  c.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem % 3600 / 60);
  c.second = static_cast<int>(rem % 60);
  c.day_of_week = static_cast<int>(weekday(sd).c_encoding());
  sys_days jan1 = sys_days(ymd.year() / January / 1);
  c.day_of_year = static_cast<int>((sd - jan1).count());
  return c;
}

}  // namespace guomen::rules

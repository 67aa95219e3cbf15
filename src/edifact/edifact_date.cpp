#include "edifact/edifact_date.hpp"

#include <cstdio>

namespace guomen::edifact {
namespace {

namespace chrono = std::chrono;

bool Digits(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

int Century(int yy, int month, int day, CenturyRule rule,
            const std::optional<chrono::year_month_day>& reference) {
  if (!reference) {
    if (rule == CenturyRule::kNear) return yy < 70 ? 2000 + yy : 1900 + yy;
  }
  const chrono::year_month_day ref =
      reference ? *reference
                : chrono::year_month_day{chrono::year(2000), chrono::January, chrono::day(1)};
  const int ref_year = static_cast<int>(ref.year());
  const int base = ref_year - ref_year % 100;
  if (rule == CenturyRule::kPast) {
    int year = base + yy;
    const chrono::year_month_day candidate{chrono::year(year),
                                           chrono::month(static_cast<unsigned>(month)),
                                           chrono::day(static_cast<unsigned>(day))};
    if (candidate > ref) year -= 100;
    return year;
  }
  int year = base + yy;
  if (year > ref_year + 50) year -= 100;
  if (year < ref_year - 50) year += 100;
  return year;
}

}  // namespace

std::string EdifactDateTime::Iso() const {
  char buf[32];
  if (HasTime()) {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), hour,
                  minute);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  }
  return buf;
}

std::optional<EdifactDateTime> ParseEdifactDateTime(
    std::string_view value, std::string_view format, CenturyRule rule,
    const std::optional<chrono::year_month_day>& reference) {
  if (format.empty()) {
    // UN/EDIFACT 2379: the length tells the usual formats apart.
    switch (value.size()) {
      case 6:
        format = "101";
        break;
      case 8:
        format = "102";
        break;
      case 10:
        format = "201";
        break;
      case 12:
        format = "203";
        break;
      default:
        return std::nullopt;
    }
  }
  size_t expected = 0;
  bool four_digit_year = false;
  bool has_time = false;
  if (format == "101") {
    expected = 6;
  } else if (format == "102") {
    expected = 8;
    four_digit_year = true;
  } else if (format == "201") {
    expected = 10;
    has_time = true;
  } else if (format == "203") {
    expected = 12;
    four_digit_year = true;
    has_time = true;
  } else {
    return std::nullopt;
  }
  if (value.size() != expected) return std::nullopt;
  int year = 0;
  int month = 0;
  int day = 0;
  const size_t ylen = four_digit_year ? 4 : 2;
  if (!Digits(value, 0, ylen, year) || !Digits(value, ylen, 2, month) ||
      !Digits(value, ylen + 2, 2, day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  if (!four_digit_year) year = Century(year, month, day, rule, reference);
  EdifactDateTime out;
  out.date = chrono::year_month_day{chrono::year(year), chrono::month(static_cast<unsigned>(month)),
                                    chrono::day(static_cast<unsigned>(day))};
  if (!out.date.ok()) return std::nullopt;
  if (has_time) {
    int hour = 0;
    int minute = 0;
    if (!Digits(value, ylen + 4, 2, hour) || !Digits(value, ylen + 6, 2, minute)) {
      return std::nullopt;
    }
    // 2400 is how some systems write midnight at the end of the day.
    if (hour > 24 || minute > 59 || (hour == 24 && minute != 0)) return std::nullopt;
    out.hour = hour;
    out.minute = minute;
  }
  return out;
}

}  // namespace guomen::edifact

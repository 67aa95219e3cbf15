#include "documents/mrz_date.hpp"

namespace guomen::documents {
namespace {

// Gregorian calendar; the same answer as std::chrono::year_month_day::ok()
// for the years an MRZ can hold, without building chrono calendar types.
constexpr bool IsLeapYear(int year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}
constexpr int DaysInMonth(int year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// A two-character part: its value, -1 when "<<" (unknown), -2 when malformed.
// Digits first, with one test for both: they are the common case.
int ParsePart(char a, char b) {
  const unsigned high = static_cast<unsigned>(static_cast<unsigned char>(a)) - '0';
  const unsigned low = static_cast<unsigned>(static_cast<unsigned char>(b)) - '0';
  if ((high < 10) & (low < 10)) return static_cast<int>(high * 10 + low);
  return a == '<' && b == '<' ? -1 : -2;
}

// Birth: the latest year ending in `yy` such that the (known part of the)
// date is not after today.
int BirthYear(int yy, int month, int day, std::chrono::year_month_day today) {
  const int this_year = static_cast<int>(today.year());
  // The latest year <= this year ending in yy: back by (this_year - yy) mod
  // 100, the remainder of a value in [-98, 199] (as `%` would give it, also
  // for years before 0) taken by one comparison.
  int back = this_year % 100 - yy + 100;
  if (back >= 100) back -= 100;
  int year = this_year - back;
  if (year == this_year) {
    const int today_month = static_cast<int>(static_cast<unsigned>(today.month()));
    const int today_day = static_cast<int>(static_cast<unsigned>(today.day()));
    if (month > today_month || (month == today_month && day > today_day)) year -= 100;
  }
  return year;
}

// Expiry: the year ending in `yy` within [this_year - 50, this_year + 49].
int ExpiryYear(int yy, std::chrono::year_month_day today) {
  const int this_year = static_cast<int>(today.year());
  const int low = this_year - 50;
  // (yy - low) mod 100, from a value in [-99, 198] (low % 100 is negative
  // only for years before 0).
  int ahead = yy - low % 100;
  if (ahead < 0) ahead += 100;
  if (ahead >= 100) ahead -= 100;
  return low + ahead;
}

}  // namespace

std::chrono::year_month_day MrzDate::ToYmd() const {
  return std::chrono::year_month_day(std::chrono::year(year), std::chrono::month(month),
                                     std::chrono::day(day));
}

std::string MrzDate::Iso() const {
  if (state == State::kInvalid || year == 0) return {};
  char buf[16];
  int n = 0;
  auto put = [&](int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      buf[n + i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
    n += width;
  };
  put(year, 4);
  if (month != 0) {
    buf[n++] = '-';
    put(static_cast<int>(month), 2);
    // A day without its month is not expressible in ISO 8601.
    if (day != 0) {
      buf[n++] = '-';
      put(static_cast<int>(day), 2);
    }
  }
  return std::string(buf, static_cast<size_t>(n));
}

MrzDate ParseMrzDate(std::string_view raw, MrzDateKind kind, std::chrono::year_month_day today) {
  MrzDate date;
  date.raw.assign(raw);
  if (raw.size() != 6) return date;
  const int yy = ParsePart(raw[0], raw[1]);
  const int mm = ParsePart(raw[2], raw[3]);
  const int dd = ParsePart(raw[4], raw[5]);
  if (yy == -2 || mm == -2 || dd == -2) return date;
  if (mm == 0 || mm > 12 || dd == 0 || dd > 31) return date;

  const int month = mm < 0 ? 0 : mm;
  const int day = dd < 0 ? 0 : dd;
  int year = 0;
  if (yy >= 0) {
    year = kind == MrzDateKind::kBirth ? BirthYear(yy, month, day, today) : ExpiryYear(yy, today);
  }
  if (month != 0 && day != 0) {
    // With the year unknown, 29 February is allowed (2000 is a leap year).
    const int check_year = year != 0 ? year : 2000;
    if (day > DaysInMonth(check_year, month)) return date;
  }
  date.year = year;
  date.month = static_cast<unsigned>(month);
  date.day = static_cast<unsigned>(day);
  date.state = (yy < 0 || mm < 0 || dd < 0) ? MrzDate::State::kPartial : MrzDate::State::kComplete;
  return date;
}

}  // namespace guomen::documents

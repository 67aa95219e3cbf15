#include "documents/mrz_date.hpp"

namespace guomen::documents {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

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
int ParsePart(char a, char b) {
  if (a == '<' && b == '<') return -1;
  if (IsDigit(a) && IsDigit(b)) return (a - '0') * 10 + (b - '0');
  return -2;
}

// Birth: the latest year ending in `yy` such that the (known part of the)
// date is not after today.
int BirthYear(int yy, int month, int day, std::chrono::year_month_day today) {
  const int this_year = static_cast<int>(today.year());
  int year =
      this_year - ((this_year % 100) - yy + 100) % 100;  // latest year <= today's ending in yy
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
  return low + ((yy - low % 100) % 100 + 100) % 100;
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
  date.raw.append(raw);  // shorter path than assign() into a fresh string
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

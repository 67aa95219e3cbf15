#include "screening/birth_date.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/strings.hpp"

namespace guomen::screening {
namespace {

int MonthFromName(std::string_view word) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  if (word.size() < 3) return 0;
  const std::string lower = core::AsciiLower(word.substr(0, 3));
  for (int m = 0; m < 12; ++m) {
    if (lower == kMonths[m]) return m + 1;
  }
  return 0;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

int ToInt(std::string_view s) { return std::atoi(std::string(s).c_str()); }

bool ValidYear(int y) { return y >= 1800 && y <= 2200; }

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == ',' || c == '/' || c == '-' || c == '.') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
      if (c == '-') out.emplace_back("-");
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

std::string BirthDate::ToString() const {
  char buf[40];
  if (year_to != year) {
    std::snprintf(buf, sizeof buf, "%s%04d..%04d", approximate ? "~" : "", year, year_to);
  } else if (day != 0) {
    std::snprintf(buf, sizeof buf, "%s%04d-%02d-%02d", approximate ? "~" : "", year, month, day);
  } else if (month != 0) {
    std::snprintf(buf, sizeof buf, "%s%04d-%02d", approximate ? "~" : "", year, month);
  } else {
    std::snprintf(buf, sizeof buf, "%s%04d", approximate ? "~" : "", year);
  }
  return buf;
}

core::Result<BirthDate> ParseBirthDate(std::string_view raw) {
  std::string_view text = core::Trim(raw);
  BirthDate d;
  const std::string lower = core::AsciiLower(text);
  for (std::string_view prefix :
       {"circa ", "approximately ", "approx. ", "approx ", "c. ", "ca. ", "~"}) {
    if (core::StartsWith(lower, prefix)) {
      d.approximate = true;
      text = core::Trim(text.substr(prefix.size()));
      break;
    }
  }
  auto fail = [&raw] {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "cannot read date of birth '" + std::string(raw) +
                          "' (expected YYYY-MM-DD, YYYY-MM, YYYY, DD Mon YYYY or YYYY to YYYY)",
                      "birth_date");
  };
  // Ranges: "1960 to 1962", "1960..1962".
  for (std::string_view sep : {" to ", "..", " - "}) {
    const size_t at = text.find(sep);
    if (at == std::string_view::npos) continue;
    const std::string_view a = core::Trim(text.substr(0, at));
    const std::string_view b = core::Trim(text.substr(at + sep.size()));
    if (a.size() >= 4 && b.size() >= 4 && AllDigits(a.substr(a.size() - 4)) &&
        AllDigits(b.substr(b.size() - 4))) {
      d.year = ToInt(a.substr(a.size() - 4));
      d.year_to = ToInt(b.substr(b.size() - 4));
      if (!ValidYear(d.year) || !ValidYear(d.year_to) || d.year_to < d.year) return fail();
      return d;
    }
  }
  std::vector<std::string> w = Words(text);
  std::erase(w, std::string("-"));
  // ISO forms.
  if (!w.empty() && w[0].size() == 4 && AllDigits(w[0]) && w.size() <= 3) {
    d.year = ToInt(w[0]);
    if (w.size() >= 2) {
      if (!AllDigits(w[1])) return fail();
      d.month = ToInt(w[1]);
    }
    if (w.size() == 3) {
      if (!AllDigits(w[2])) return fail();
      d.day = ToInt(w[2]);
    }
    // "1960-1962" arrives here as two 4-digit words.
    if (w.size() == 2 && w[1].size() == 4) {
      d.year_to = ToInt(w[1]);
      d.month = 0;
      if (!ValidYear(d.year_to) || d.year_to < d.year) return fail();
      if (!ValidYear(d.year)) return fail();
      return d;
    }
  } else if (w.size() == 3 && AllDigits(w[2]) && w[2].size() == 4) {
    // "23 Nov 1962" or "23/11/1962" (day first).
    d.year = ToInt(w[2]);
    if (!AllDigits(w[0])) return fail();
    d.day = ToInt(w[0]);
    d.month = AllDigits(w[1]) ? ToInt(w[1]) : MonthFromName(w[1]);
  } else if (w.size() == 2 && AllDigits(w[1]) && w[1].size() == 4) {
    d.year = ToInt(w[1]);  // "Nov 1962"
    d.month = MonthFromName(w[0]);
    if (d.month == 0) return fail();
  } else {
    return fail();
  }
  if (!ValidYear(d.year) || d.month < 0 || d.month > 12 || d.day < 0 || d.day > 31 ||
      (d.day != 0 && d.month == 0)) {
    return fail();
  }
  d.year_to = d.year;
  return d;
}

std::string_view DateAgreementName(DateAgreement agreement) {
  switch (agreement) {
    case DateAgreement::kUnknown:
      return "unknown";
    case DateAgreement::kExact:
      return "exact";
    case DateAgreement::kSameYearMonth:
      return "same_year_month";
    case DateAgreement::kSameYear:
      return "same_year";
    case DateAgreement::kTransposed:
      return "transposed_day_month";
    case DateAgreement::kMonthOff:
      return "month_off";
    case DateAgreement::kYearOffByOne:
      return "year_off_by_one";
    case DateAgreement::kConflict:
      return "conflict";
  }
  return "unknown";
}

DateAgreement CompareBirthDates(const BirthDate& q, const BirthDate& e) {
  if (q.year == 0 || e.year == 0) return DateAgreement::kUnknown;
  const int q_to = q.year_to == 0 ? q.year : q.year_to;
  const int e_to = e.year_to == 0 ? e.year : e.year_to;
  const bool q_range = q_to != q.year;
  const bool e_range = e_to != e.year;
  if (q_range || e_range) {
    if (q.year <= e_to && e.year <= q_to) return DateAgreement::kSameYear;
    if (q.year <= e_to + 1 && e.year <= q_to + 1) return DateAgreement::kYearOffByOne;
    return DateAgreement::kConflict;
  }
  if (q.year != e.year) {
    if (std::abs(q.year - e.year) == 1) return DateAgreement::kYearOffByOne;
    return (q.approximate || e.approximate) && std::abs(q.year - e.year) <= 3
               ? DateAgreement::kYearOffByOne
               : DateAgreement::kConflict;
  }
  if (q.month == 0 || e.month == 0) return DateAgreement::kSameYear;
  if (q.day != 0 && e.day != 0) {
    if (q.month == e.month && q.day == e.day) return DateAgreement::kExact;
    if (q.month == e.day && q.day == e.month) return DateAgreement::kTransposed;
    if (q.month == e.month) return DateAgreement::kSameYearMonth;
    if (q.day == e.day) return DateAgreement::kMonthOff;
    return DateAgreement::kConflict;
  }
  return q.month == e.month ? DateAgreement::kSameYearMonth : DateAgreement::kConflict;
}

}  // namespace guomen::screening

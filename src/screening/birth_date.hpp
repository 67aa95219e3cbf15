// A date of birth as lists know it: full, year-month, year only, or a range
// of years, possibly approximate ("circa 1958").
//
// ParseBirthDate reads the spellings the importers meet: "1962-11-23",
// "1962-11", "1962", "23 Nov 1962", "Nov 1962", "1960 to 1962", "1960-1962",
// "circa 1958", "c. 1958", "23/11/1962" (day first). CompareBirthDates says how
// a query date agrees with a list date. Pure, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace guomen::screening {

struct BirthDate {
  int year = 0;     // first year (the only year unless a range)
  int month = 0;    // 1-12, 0 = unknown
  int day = 0;      // 1-31, 0 = unknown
  int year_to = 0;  // last year of a range; == year for a single date
  bool approximate = false;

  bool operator==(const BirthDate&) const = default;
  // "1962-11-23", "1962-11", "1962", "1960..1962", with a "~" prefix when approximate.
  std::string ToString() const;
};

// Errors: kInvalidArgument naming what could not be read.
core::Result<BirthDate> ParseBirthDate(std::string_view text);

enum class DateAgreement {
  kUnknown,        // one side has no date
  kExact,          // same full date
  kSameYearMonth,  // the finest both know agrees (year and month)
  kSameYear,       // the finest both know agrees (year only), or inside a range
  kTransposed,     // day and month swapped (03/11 vs 11/03)
  kMonthOff,       // same year and day, another month (one field mistyped: 1937-04-28 vs 1937-05-28)
  kYearOffByOne,   // years one apart (a common clerical and approximate error)
  kConflict,       // disagree
};

std::string_view DateAgreementName(DateAgreement agreement);

DateAgreement CompareBirthDates(const BirthDate& query, const BirthDate& entry);

}  // namespace guomen::screening

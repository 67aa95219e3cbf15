// Dates in a machine readable zone: YYMMDD with a two-digit year, where some
// states print unknown parts as fillers ("7408<<" = August 1974, day unknown).
//
// Century rules (the MRZ has no century; these choose one, see docs/documents.md):
//   - birth dates are never in the future: the latest year ending in YY that
//     does not put the date after `today` (a window of 100 years up to today);
//   - expiry dates fall in [today.year - 50, today.year + 49].
// Pure and thread-safe: "today" is a parameter, never read from a clock.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "documents/fixed_string.hpp"

namespace guomen::documents {

enum class MrzDateKind { kBirth, kExpiry };

struct MrzDate {
  enum class State {
    kComplete,  // all six characters are digits and form a calendar date
    kPartial,   // some of YY, MM, DD are "<<" (unknown); the rest is valid
    kInvalid,   // not a date: bad characters, month 13, 31 April ...
  };

  // The six characters as printed, fillers included (of longer input, which
  // is kInvalid, its first six).
  FixedString<6> raw;
  State state = State::kInvalid;
  // Known parts after the century rule; 0 when unknown (or when kInvalid).
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;

  bool complete() const { return state == State::kComplete; }
  // The calendar date. REQUIRES: complete().
  std::chrono::year_month_day ToYmd() const;
  // ISO 8601 with the precision that is known: "1974-08-12", "1974-08",
  // "1974"; empty when the year is unknown or the date is invalid.
  std::string Iso() const;
};

// Parses six characters of YYMMDD (`raw` shorter or longer is kInvalid).
MrzDate ParseMrzDate(std::string_view raw, MrzDateKind kind, std::chrono::year_month_day today);

}  // namespace guomen::documents

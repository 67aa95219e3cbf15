// ParseMrz: the entry point of the documents engine. Reads the machine
// readable zone of any ICAO Doc 9303 layout (TD1, TD2, TD3, MRV-A, MRV-B),
// normalises reader and keyboard quirks, decodes every field and verifies
// every check digit, the dates, the codes and the checks an inspection needs.
//
// Pure (no I/O, no clock: today is a parameter) and thread-safe.
#pragma once

#include <chrono>
#include <string_view>

#include "core/result.hpp"
#include "documents/mrz_document.hpp"

namespace guomen::documents {

struct MrzOptions {
  // The date the checks and the century rules are relative to. REQUIRED.
  std::chrono::year_month_day today{};
  // MrzChecks::expiring when the document expires within this many days.
  int expiring_within_days = 90;
  // MrzChecks::under_18 below this age.
  int adult_age = 18;
};

// Parses `text`, one MRZ (2 or 3 lines, see mrz_normalizer.hpp for what is
// accepted).
//
// Returns the document whenever the layout is recognisable, also when fields
// or check digits are wrong: then valid == false and `errors` says where
// (line, column, field, rule). Warnings: unknown codes, unknown date parts,
// a possibly truncated name, an unexpected document code, expired or
// expiring documents, a holder under 18.
// Returns kInvalidArgument (field "mrz", reason "mrz_layout") when the text
// matches no layout, kTooLarge when it exceeds kMaxMrzInputBytes.
core::Result<MrzDocument> ParseMrz(std::string_view text, const MrzOptions& options);

}  // namespace guomen::documents

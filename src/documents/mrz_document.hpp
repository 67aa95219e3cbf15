// What the documents engine read from one machine readable zone: every field,
// every check digit, and what is wrong with it. Produced by ParseMrz
// (mrz_parser.hpp); rendered by the adapters (http/mrz_json.hpp, cli/).
//
// A plain value: copy it, move it, read it from any thread.
//
// The fields whose size the layouts bound (the text fields, the zone, the
// check digits, the optional data) are stored inside the object
// (fixed_string.hpp, fixed_vector.hpp): reading a clean document allocates
// nothing. Only the issues are heap lists; a clean document has none.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "documents/check_digit.hpp"
#include "documents/fixed_string.hpp"
#include "documents/fixed_vector.hpp"
#include "documents/mrz_date.hpp"
#include "documents/mrz_format.hpp"
#include "documents/mrz_issue.hpp"

namespace guomen::documents {

// Facts the inspection needs, relative to the `today` the parser was given.
struct MrzChecks {
  bool expired = false;   // the expiry date is before today
  bool expiring = false;  // not expired, and expires within the configured days
  // Days from today to the expiry date (negative once expired); nullopt when
  // the expiry date is not a complete date.
  std::optional<int> days_to_expiry;
  // The holder is, or may be, under the adult age: with unknown date parts
  // the latest possible birth date counts, so a minor is never missed.
  bool under_18 = false;
  // Age in whole years at today, from the earliest possible birth date;
  // nullopt when the birth year is unknown.
  std::optional<int> age;
};

// Longest value of each text field over all layouts (ICAO 9303-4..7 §4.2.2).
inline constexpr size_t kMaxMrzTextLength = 3 * 30 + 2;     // TD1: 3 lines of 30, 2 '\n'
inline constexpr size_t kMaxNameLength = 39;                // TD3 / MRV-A name field
inline constexpr size_t kMaxDocumentNumberLength = 9 + 14;  // TD1 long number (9303-5 note j)
inline constexpr size_t kMaxOptionalDataLength = 16;        // MRV-A
inline constexpr size_t kMaxCheckDigits = 5;                // TD3
inline constexpr size_t kMaxOptionalDataFields = 2;         // TD1

struct MrzDocument {
  MrzFormat format = MrzFormat::kTd3;
  // The normalised lines, joined by '\n'. Positions in errors refer to them.
  FixedString<kMaxMrzTextLength> text;
  int line_count = 0;
  int line_length = 0;

  // True when there are no errors (warnings do not make a document invalid).
  bool valid = false;

  FixedString<2> document_code;             // trailing fillers removed: "P", "ID", "V", "AC"
  FixedString<3> issuing_state;             // trailing fillers removed: "UTO", "D"
  FixedString<kMaxNameLength> surname;      // primary identifier, fillers as spaces
  FixedString<kMaxNameLength> given_names;  // secondary identifier, fillers as spaces
  bool name_truncated = false;              // the name field is full: the name may be cut
  // Fillers removed; for a TD1/TD2 long number (9303-5 §4.2.2.1) the
  // characters continued in the optional data are included.
  FixedString<kMaxDocumentNumberLength> document_number;
  FixedString<3> nationality;  // trailing fillers removed
  MrzDate birth_date;
  char sex = '<';  // 'M', 'F', 'X', '<' (unspecified) as printed
  MrzDate expiry_date;
  // One entry per optional data field of the layout (TD1: two, others: one),
  // trailing fillers removed; empty strings for empty fields. For a long
  // TD1/TD2 document number, the part after the number's continuation.
  FixedVector<FixedString<kMaxOptionalDataLength>, kMaxOptionalDataFields> optional_data;
  FixedVector<CheckDigit, kMaxCheckDigits> check_digits;

  std::vector<MrzIssue> errors;
  std::vector<MrzIssue> warnings;
  std::vector<MrzIssue> normalizations;  // what the normaliser changed
  MrzChecks checks;

  // Normalised line `index` (0-based). REQUIRES: index < line_count. The
  // view points into `text`.
  std::string_view Line(int index) const {
    return std::string_view(text).substr(static_cast<size_t>(index * (line_length + 1)),
                                         static_cast<size_t>(line_length));
  }
};

}  // namespace guomen::documents

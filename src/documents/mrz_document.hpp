// What the documents engine read from one machine readable zone: every field,
// every check digit, and what is wrong with it. Produced by ParseMrz
// (mrz_parser.hpp); rendered by the adapters (http/mrz_json.hpp, cli/).
//
// A plain value: copy it, move it, read it from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "documents/check_digit.hpp"
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

struct MrzDocument {
  MrzFormat format = MrzFormat::kTd3;
  // The normalised lines, joined by '\n'. Positions in errors refer to them.
  std::string text;
  int line_count = 0;
  int line_length = 0;

  // True when there are no errors (warnings do not make a document invalid).
  bool valid = false;

  std::string document_code;   // trailing fillers removed: "P", "ID", "V", "AC"
  std::string issuing_state;   // trailing fillers removed: "UTO", "D"
  std::string surname;         // primary identifier, fillers as spaces
  std::string given_names;     // secondary identifier, fillers as spaces
  bool name_truncated = false; // the name field is full: the name may be cut
  // Fillers removed; for a TD1/TD2 long number (9303-5 §4.2.2.1) the
  // characters continued in the optional data are included.
  std::string document_number;
  std::string nationality;     // trailing fillers removed
  MrzDate birth_date;
  char sex = '<';              // 'M', 'F', 'X', '<' (unspecified) as printed
  MrzDate expiry_date;
  // One entry per optional data field of the layout (TD1: two, others: one),
  // trailing fillers removed; empty strings for empty fields. For a long
  // TD1/TD2 document number, the part after the number's continuation.
  std::vector<std::string> optional_data;
  std::vector<CheckDigit> check_digits;

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

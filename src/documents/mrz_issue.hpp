// One finding about a machine readable zone: an error (the document is not
// valid), a warning (valid, but the officer should know) or a note of what
// the normaliser changed in the input.
#pragma once

#include <string>

#include "documents/mrz_field.hpp"

namespace guomen::documents {

struct MrzIssue {
  // 1-based line and column in the normalised MRZ; 0 when the finding is
  // about the whole zone or line rather than one character.
  int line = 0;
  int column = 0;
  MrzField field = MrzField::kMrz;
  // Stable machine-readable rule, snake_case: "check_digit",
  // "invalid_character", "invalid_date", "unknown_code", "lower_case" ...
  std::string code;
  // A sentence an officer can act on. Never contains the person's name.
  std::string message;
};

}  // namespace guomen::documents

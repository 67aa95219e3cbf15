// The result of evaluating a compiled rule against one traveller's facts.
#pragma once

#include <string>
#include <vector>

#include "rules/value.hpp"

namespace guomen::rules {

// One fact the evaluation read, for "explain" on the officer's desk and in
// the audit trail: which fact, whether it was present, and its value.
struct FactRead {
  std::string path;
  bool present = false;
  Value value;  // null when not present
};

struct Evaluation {
  // The result; kind kError when the evaluation failed (a missing fact that
  // decided the outcome, division by zero, overflow, a type mismatch in dyn
  // data...). error_message() says why.
  Value value;
  // The facts read, in schema order; filled only when explanation was asked
  // for. Short-circuiting means only the facts that were actually needed.
  std::vector<FactRead> facts_read;

  bool is_error() const { return value.is_error(); }
  // True when the rule fired: the value is the bool true.
  bool is_true() const { return value.kind() == ValueKind::kBool && value.bool_value(); }
  // True when the value is the bool false.
  bool is_false() const { return value.kind() == ValueKind::kBool && !value.bool_value(); }
};

}  // namespace guomen::rules

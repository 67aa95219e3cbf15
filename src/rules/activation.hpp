// One traveller's facts, bound to the fact schema, for evaluating rules.
//
// The caller (the inspection desk, manifest screening, backtesting) builds one
// Activation per traveller from its records, sets `now`, and evaluates any
// number of compiled Programs against it. Facts are held by schema slot, so a
// rule reads a fact with one array access. A fact that is not set is "not
// present": has() is false for it and reading it yields an error value,
// which && and || absorb when the other side decides.
//
// Not thread-safe to modify; once built, any number of threads may evaluate
// rules against it concurrently.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "rules/schema.hpp"
#include "rules/value.hpp"

namespace guomen::rules {

class Activation {
 public:
  // REQUIRES: `schema` outlives the Activation and is not modified while it
  // is in use.
  explicit Activation(const Schema& schema);

  // Sets a fact. Returns kNotFound when `path` is not declared in the
  // schema, kInvalidArgument when the value does not conform to the declared
  // type (checked deeply: list elements, map entries, record fields), naming
  // the offending part. A null value is accepted for dyn facts only.
  core::Status Set(std::string_view path, Value value);
  // Sets by slot without checks (for callers that resolved slots once).
  // REQUIRES: 0 <= slot < schema().facts().size() and the value conforms.
  void SetSlot(int slot, Value value);
  // Makes the fact not present again. Unknown paths are ignored.
  void Unset(std::string_view path);
  // Makes every fact not present, keeping the storage for reuse.
  void Clear();

  // The fact in `slot`, or nullptr when not present.
  const Value* Get(int slot) const {
    return present_[static_cast<size_t>(slot)] ? &values_[static_cast<size_t>(slot)] : nullptr;
  }
  const Schema& schema() const { return *schema_; }
  size_t slot_count() const { return values_.size(); }

 private:
  const Schema* schema_;
  std::vector<Value> values_;
  std::vector<uint8_t> present_;
};

}  // namespace guomen::rules

// Which rules of a set can be true for one traveller's facts, found without
// evaluating them: a rule whose guard (Program::Guard: a fact compared with
// literals at the top of its `&&` chain) is not met cannot be true, so it is
// not evaluated. The facts of a guard are looked up once per call, whatever
// the number of rules that test them.
//
//   RuleIndex index(programs);          // once per rule set
//   index.Candidates(facts, out);       // per traveller: the rules to evaluate
//
// Immutable after construction; Candidates is const and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "rules/activation.hpp"
#include "rules/program.hpp"

namespace guomen::rules {

class RuleIndex {
 public:
  // The programs need not outlive the index: their guards are copied.
  explicit RuleIndex(const std::vector<const Program*>& programs);

  // The positions (in the constructor's order, ascending) of the rules that
  // may be true for `facts`: every rule without a guard, and every rule whose
  // guards are all met. Evaluating only these gives the same rules true as
  // evaluating them all. `out` is replaced.
  void Candidates(const Activation& facts, std::vector<uint32_t>& out) const;

  size_t size() const { return guards_needed_.size(); }
  // Rules with at least one guard.
  size_t guarded() const;

 private:
  struct SlotGuards {
    int slot = -1;
    // By the literal's key (Key): the rules with a guard on this fact that
    // the literal meets, once per such guard.
    std::unordered_map<std::string, std::vector<uint32_t>> by_value;
    // One entry per guard on this fact, for a value with no key.
    std::vector<uint32_t> every_guard;
  };
  std::vector<SlotGuards> slots_;
  std::vector<uint8_t> guards_needed_;  // by rule
};

}  // namespace guomen::rules

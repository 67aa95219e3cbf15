// Walks a compiled tree against an Activation. Internal to the rules engine.
//
// One Evaluator per evaluation, on the caller's stack: iteration variables
// live in a fixed array of pointers, operands that are literals, facts or locals are used
// in place rather than copied, and the only allocations are the values a rule
// builds (strings, lists) and error messages.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "rules/activation.hpp"
#include "rules/checker.hpp"
#include "rules/program_impl.hpp"

namespace guomen::rules {

class Evaluator {
 public:
  // Macro iterations one evaluation may take in all (nested macros multiply),
  // so that no rule can stall the desk; beyond it the result is an error.
  static constexpr int64_t kMaxIterations = 100000;

  // `reads`, when not null, gets reads[slot] = 1 for every fact read.
  Evaluator(const Program::Impl& program, const Activation& facts, std::vector<uint8_t>* reads)
      : program_(program), nodes_(program.ast.nodes), facts_(facts), reads_(reads) {}

  Value Eval(int id);

 private:
  // The value of node `id`: a reference to the literal, fact or local in
  // place, or to `tmp` holding a computed value.
  const Value& Ref(int id, Value& tmp);
  Value Binary(const Node& n, const Value& a, const Value& b);
  Value Call(const Node& n);
  Value Comprehension(const Node& n);
  Value Overload(const Node& n, const Value& a) const;
  Value Overload(const Node& n, const Value& a, const Value& b) const;

  const Program::Impl& program_;
  const std::vector<Node>& nodes_;
  const Activation& facts_;
  std::vector<uint8_t>* reads_;
  // Iteration variables point at the element in the range being iterated,
  // which outlives the loop: no copies, no reference counting.
  std::array<const Value*, Checker::kMaxLocals> locals_{};
  int64_t iterations_ = 0;
};

}  // namespace guomen::rules

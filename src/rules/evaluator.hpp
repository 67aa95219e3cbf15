// Walks a compiled program against an Activation. Internal to the rules engine.
//
// One Evaluator per evaluation, on the caller's stack. It walks the compact
// code (program_impl.hpp, Op) rather than the syntax tree, and reaches the
// tree's Node only for names in error messages. Operands that are literals,
// facts, locals, or fields and elements selected from them are used in place
// rather than copied; conditions (&&, ||, !, ?:, comparisons, `in`, all /
// exists / exists_one) are evaluated by Test to a plain true / false without
// building a Value, which is the common case for a rule; only an error or a
// non-bool result is materialised. The only allocations are the values a rule
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
      : program_(program),
        code_(program.code.data()),
        consts_(program.consts.data()),
        nodes_(program.ast.nodes),
        facts_(facts),
        reads_(reads) {}

  Value Eval(int id);

  // The outcome of a condition: true, false, or anything else (an error or a
  // non-bool value), which Test then stores in its `other` argument.
  enum class Tri : uint8_t { kFalse, kTrue, kOther };
  Tri Test(int id, Value& other);
  // Test with the common cases inline: a comparison of two simple operands
  // (Op::kQuick) that are present and not errors, and a bool fact or local.
  Tri TestFast(int id, Value& other);

 private:
  // The value of node `id`: a reference to the literal, fact or local in
  // place (or to a field or element inside one), or to `tmp` holding a
  // computed value.
  const Value& Ref(int id, Value& tmp);
  // Ref with the simple operands (Op::kSimple) inline: literals, facts,
  // locals and present fields of locals.
  const Value& Operand(int id, Value& tmp);
  // A simple operand (Op::kSimple) in place, or nullptr when it is absent,
  // missing or not simple (the caller then takes the general path).
  const Value* Simple(int id);
  Value Binary(int id, const Value& a, const Value& b);
  Value Call(int id);
  Value Comprehension(int id);
  Tri Quantifier(int id, Value& other);
  Value Overload(const Node& n, const Value& a) const;
  Value Overload(const Node& n, const Value& a, const Value& b) const;
  const Op& code(int id) const { return code_[static_cast<size_t>(id)]; }
  const Node& node(int id) const { return nodes_[static_cast<size_t>(id)]; }

  const Program::Impl& program_;
  const Op* code_;
  const Value* consts_;
  const std::vector<Node>& nodes_;
  const Activation& facts_;
  std::vector<uint8_t>* reads_;
  // Iteration variables point at the element in the range being iterated,
  // which outlives the loop: no copies, no reference counting.
  std::array<const Value*, Checker::kMaxLocals> locals_{};
  int64_t iterations_ = 0;
};

}  // namespace guomen::rules

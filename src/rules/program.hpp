// A compiled risk rule: compile once, evaluate many times, from many threads.
//
// This is the rules engine's front door. The rule life-cycle (store, approval
// service, desk, manifest screening, backtesting) calls:
//
//   Schema schema = BorderFactSchema({"alert_countries", "alert_ports"}).value();
//   GUOMEN_ASSIGN_OR_RETURN(Program rule, Program::Compile(expression, schema));
//   Activation facts(schema);            // one per traveller
//   facts.Set("now", ...); facts.Set("document.expiry", ...); ...
//   Evaluation e = rule.Evaluate(facts, Explain::kYes);
//   e.is_true() / e.is_false() / e.is_error(); e.facts_read for "explain"
//
// Compile parses, type-checks against the schema, runs the rights guard and
// prepares the tree (constant folding, regular expressions compiled once).
// A Program is immutable and cheap to copy (shared); Evaluate is const and
// thread-safe, keeps its working state on the stack, and for typical rules
// (comparisons, `in`, has(), macros over small lists) allocates nothing
// unless an explanation is asked for or an error is produced.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "rules/activation.hpp"
#include "rules/diagnostic.hpp"
#include "rules/evaluation.hpp"
#include "rules/schema.hpp"
#include "rules/type.hpp"

namespace guomen::rules {

struct CompileOptions {
  // Enforce the rights guard (rights_guard.hpp). Always on for risk rules;
  // off only for the `guomen rules eval` language sandbox.
  bool rights_guard = true;
  // The expression must be of type bool (a rule fires or not). Off for the
  // sandbox, where any value may be computed.
  bool require_bool = true;
};

enum class Explain { kNo, kYes };

class Program {
 public:
  // Compiles `source` against `schema`. On failure returns the first problem
  // with the position in Error::field ("line 1 column 14"), the total count in
  // the message when there are more, and Error::reason "syntax_error",
  // "type_error" or "rights_guard"; code kInvalidArgument for syntax and type
  // errors, kValidation for rights-guard violations.
  // REQUIRES: `schema` is not modified during the call. The Program does not
  // keep a reference to it.
  static core::Result<Program> Compile(std::string_view source, const Schema& schema,
                                       const CompileOptions& options = {});

  // Every problem in `source` (empty when it compiles), for editors that show
  // errors as the analyst types and for `guomen rules check`.
  static std::vector<Diagnostic> Diagnose(std::string_view source, const Schema& schema,
                                          const CompileOptions& options = {});

  // Evaluates against one traveller's facts. With Explain::kYes the result
  // lists the facts read. Never fails as a call: evaluation errors come back
  // as an error value (also when `facts` was built from an unrelated schema).
  // Thread-safe.
  Evaluation Evaluate(const Activation& facts, Explain explain = Explain::kNo) const;

  // The static type of the result (bool for risk rules).
  const Type& result_type() const;
  // The facts the rule can read (paths, schema order), e.g. to show beside
  // the rule and to check that the caller provides them.
  const std::vector<std::string>& referenced_facts() const;
  const std::string& source() const;

  // A conjunct at the top of the rule's `&&` chain that tests one fact
  // against literals: `fact == lit`, `lit == fact`, `fact in [lits]`, a bool
  // fact alone (== true) or `!fact` (== false). The rule is true only when
  // the fact is present and equals one of `values`: `a && b` is true only
  // when both are. Literals are strings, bools and ints only (for which
  // Value::Equals is plain equality of one kind); `values` has no repeats.
  struct Guard {
    int slot = -1;
    std::vector<Value> values;
  };
  std::vector<Guard> Guards() const;

  struct Impl;

 private:
  explicit Program(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace guomen::rules

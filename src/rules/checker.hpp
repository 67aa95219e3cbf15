// Type-checks a parsed rule against the fact schema. Internal to the engine.
//
// Gives every node a static type, resolves identifiers and field selections
// on the schema to fact slots (kFact), iteration variables to locals
// (kLocal), and function calls to builtins; folds timestamp("...") and
// duration("...") of literals into literals and compiles literal matches()
// patterns once. It keeps going after an error so an editor can show every
// problem; each diagnostic has a position.
//
// With a RightsGuard policy on (guard_names), an unknown name that refers to
// a protected attribute is reported as a rights-guard violation instead of a
// plain "undeclared" error, so the analyst learns why it is missing.
#pragma once

#include <string>
#include <vector>

#include "rules/ast.hpp"
#include "rules/diagnostic.hpp"
#include "rules/schema.hpp"

namespace guomen::rules {

class Checker {
 public:
  // Iteration variables nest at most this deep (locals are a fixed array).
  static constexpr int kMaxLocals = 16;

  // `schema`, `ast` and `diagnostics` must outlive the Checker.
  Checker(const Schema& schema, Ast& ast, std::vector<Diagnostic>& diagnostics, bool guard_names)
      : schema_(schema), ast_(ast), diags_(diagnostics), guard_names_(guard_names) {}

  // Checks the whole tree; returns true when no error was found.
  bool Check();
  // Number of local slots the evaluator needs.
  int local_count() const { return max_locals_; }

 private:
  struct Local {
    std::string name;
    int slot;
    Type type;
  };

  Type Visit(int id);
  Type VisitValue(int id);
  Type VisitSelect(int id, bool presence);
  Type VisitIndex(int id);
  Type VisitBinary(int id);
  Type VisitCall(int id);
  Type VisitComprehension(int id);
  Type VisitIdent(int id);
  void Error(int id, std::string message);
  void GuardError(int id, const std::string& path, std::string_view attribute);
  Node& N(int id) { return ast_.nodes[static_cast<size_t>(id)]; }

  const Schema& schema_;
  Ast& ast_;
  std::vector<Diagnostic>& diags_;
  bool guard_names_;
  std::vector<Local> locals_;
  int max_locals_ = 0;
  std::vector<std::string> path_of_;  // per node: the schema object path it names, if any
  size_t errors_at_start_ = 0;
};

}  // namespace guomen::rules

// The rights guard: risk rules may never target people for who they are.
//
// Two checks, run by the compiler on every risk rule (CompileOptions::
// rights_guard):
//
// 1. Protected attributes. No rule may read race or ethnic origin, colour,
//    religion or belief, political or other opinion, trade-union membership,
//    sex, sex life or sexual orientation, genetic data, language, membership
//    of a national minority, social origin or place of birth, property, or
//    health beyond the declared symptoms. The fact schema holds none of them;
//    a rule that names one (as a fact, a record field or a literal key) is
//    rejected with a message naming the attribute and the policy.
// 2. Demographics only. A rule must not be able to fire on demographic facts
//    (age, nationality, residence, document issuing state) alone: every way
//    the rule can become true must depend on at least one behavioural,
//    travel, document or declaration fact. The check treats each comparison
//    or call under &&, ||, ! and ?: as an atom; an atom that reads no
//    behavioural fact counts as "can be either", one that does counts as
//    "not decided by demographics"; if the rule can still be true, it is
//    rejected. (A rule that reads no behavioural fact at all is rejected the
//    same way.) The analysis is conservative about demographic atoms and
//    cannot see through tautologies built from behavioural facts
//    (`size(journey.visits) >= 0`); four-eyes approval is the second line.
//
// The policy follows Regulation (EU) 2018/1240 (ETIAS), Article 33(4)-(5):
// screening rules must be targeted and proportionate, never based solely on
// sex or age, and never on information revealing the attributes in 1.
// See docs/rules.md "Rights guard". Stateless and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/ast.hpp"
#include "rules/diagnostic.hpp"
#include "rules/schema.hpp"

namespace guomen::rules {

class RightsGuard {
 public:
  // The protected attribute a name refers to, e.g. "religion or belief" for
  // "traveller.religion" or "religiousAffiliation"; empty when none. Names
  // are split into words at '.', '_' and lower-to-upper case changes.
  static std::string_view ProtectedAttribute(std::string_view name);

  // The message for a rule that names a protected attribute.
  static std::string ProtectedMessage(std::string_view path, std::string_view attribute);

  // Runs both checks over a checked tree; appends kRightsGuard diagnostics.
  // Returns true when the rule passes.
  static bool Check(const Ast& ast, const Schema& schema, std::vector<Diagnostic>& diagnostics);
};

}  // namespace guomen::rules

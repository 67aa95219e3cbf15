#include "edifact/verdict.hpp"

namespace guomen::edifact {

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kValid:
      return "valid";
    case Verdict::kValidWithWarnings:
      return "valid_with_warnings";
    case Verdict::kInvalid:
      return "invalid";
    case Verdict::kUnsupported:
      return "unsupported";
  }
  return "invalid";
}

Verdict VerdictOf(const std::vector<EdifactIssue>& issues) {
  Verdict v = Verdict::kValid;
  for (const EdifactIssue& i : issues) {
    if (i.severity == Severity::kError) return Verdict::kInvalid;
    if (i.severity == Severity::kWarning) v = Verdict::kValidWithWarnings;
  }
  return v;
}

Verdict Worse(Verdict a, Verdict b) {
  if (a == Verdict::kUnsupported) return b;
  if (b == Verdict::kUnsupported) return a;
  auto rank = [](Verdict v) {
    return v == Verdict::kInvalid ? 2 : v == Verdict::kValidWithWarnings ? 1 : 0;
  };
  return rank(a) >= rank(b) ? a : b;
}

}  // namespace guomen::edifact

#include "rules/diagnostic.hpp"

namespace guomen::rules {

std::string_view DiagnosticKindName(DiagnosticKind kind) {
  switch (kind) {
    case DiagnosticKind::kSyntax: return "syntax_error";
    case DiagnosticKind::kType: return "type_error";
    case DiagnosticKind::kRightsGuard: return "rights_guard";
  }
  return "error";
}

std::string Diagnostic::ToString() const {
  return "line " + std::to_string(line) + " column " + std::to_string(column) + ": " + message;
}

}  // namespace guomen::rules

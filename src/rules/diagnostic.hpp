// A problem found while compiling a rule: where it is and what is wrong.
#pragma once

#include <string>
#include <string_view>

namespace guomen::rules {

enum class DiagnosticKind {
  kSyntax,       // the lexer or parser rejected the text
  kType,         // the checker: unknown name, wrong types, no such function
  kRightsGuard,  // the rights guard: a protected attribute, or a demographics-only rule
};

// "syntax_error", "type_error", "rights_guard".
std::string_view DiagnosticKindName(DiagnosticKind kind);

struct Diagnostic {
  DiagnosticKind kind = DiagnosticKind::kSyntax;
  int line = 1;    // 1-based
  int column = 1;  // 1-based, counted in Unicode code points
  std::string message;

  // "line 2 column 14: message".
  std::string ToString() const;
};

}  // namespace guomen::rules

// One finding about an EDIFACT interchange: an error (the message is invalid),
// a warning (a deviation the engine tolerated and worked around) or an info
// (worth knowing, changes no verdict).
//
// Plain value; messages never contain a person's data (names, document
// numbers, dates of birth), only positions, tags, codes and counts.
#pragma once

#include <string>
#include <string_view>

namespace guomen::edifact {

enum class Severity { kInfo, kWarning, kError };

// "info" | "warning" | "error".
std::string_view SeverityName(Severity severity);

struct EdifactIssue {
  Severity severity = Severity::kError;
  // 1-based position of the segment in the interchange (the first segment
  // after UNA, usually UNB, is 1); 0 when the finding is about bytes outside
  // any segment (a telex header, trailing text) or about the whole input.
  int segment = 0;
  // The segment's tag ("UNT", "NAD"), empty when segment == 0.
  std::string tag;
  // 1-based data element and component within the segment; 0 when the
  // finding is about the whole segment (or element).
  int element = 0;
  int component = 0;
  // Stable machine-readable rule, snake_case: "control_count",
  // "syntax_level", "missing_segment", "telex_header" ...
  std::string code;
  // A sentence an analyst can act on.
  std::string message;
};

}  // namespace guomen::edifact

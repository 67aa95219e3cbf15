// Rules files for `guomen rules check`: JSON or YAML, read into one plain
// form, with where each rule's expression sits in the file so that a
// problem in the expression can be reported at its line and column in the
// file (YAML), not only in the expression.
//
// The file is {"reference_sets": {name: [items]}, "rules": [{name, expression}]}
// or just the list of rules; in YAML the same shape, e.g.
//
//   reference_sets:
//     alert_ports: [XXPOR]
//   rules:
//     - name: fever after an alert port
//       expression: |
//         "fever" in health.symptoms
//           && journey.embarkation_port in ref.alert_ports
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace guomen::cli {

// Where an expression's text starts in the file (1-based line and column,
// columns in Unicode code points) and how positions inside it map back.
struct ExpressionOrigin {
  int line = 1;
  int column = 1;
  enum class Mapping {
    kExact,      // every character is where the expression says (literal block, plain or
                 // quoted scalar without escapes on one line)
    kStartOnly,  // folded, multi-line or escaped: only the start is known
  };
  Mapping mapping = Mapping::kStartOnly;

  // The file position of the expression's line `line`, column `column`
  // (1-based, code points); nullopt when the mapping is kStartOnly.
  std::optional<std::pair<int, int>> FilePosition(int expr_line, int expr_column) const;
};

struct RuleEntry {
  int index = 0;  // 1-based, in file order
  std::string name;
  std::optional<std::string> expression;   // absent, or not a string
  std::optional<ExpressionOrigin> origin;  // YAML only
};

struct RulesFile {
  std::vector<std::string> reference_sets;
  std::vector<RuleEntry> rules;
};

// True when the file is to be read as YAML: by extension (.yaml, .yml), else
// by content (anything not starting with '{' or '[' after blanks).
bool IsYamlRulesFile(std::string_view path, std::string_view text);

// Errors: kInvalidArgument with the position of a syntax error in the
// message ("line 3 column 7: ...").
core::Result<RulesFile> ParseJsonRulesFile(const std::string& text);
core::Result<RulesFile> ParseYamlRulesFile(const std::string& text);

}  // namespace guomen::cli

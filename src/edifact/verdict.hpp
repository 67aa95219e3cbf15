// The verdict on a PAXLST message or interchange, from its issues.
//
// Pure and thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "edifact/edifact_issue.hpp"

namespace guomen::edifact {

enum class Verdict {
  kValid,              // no error and no warning (infos allowed)
  kValidWithWarnings,  // deviations were tolerated, each reported as a warning
  kInvalid,            // at least one error: the carrier gets a negative acknowledgement
  kUnsupported,        // not a PAXLST this engine reads (other message type or version)
};

// "valid" | "valid_with_warnings" | "invalid" | "unsupported".
std::string_view VerdictName(Verdict verdict);

// kInvalid with any error, kValidWithWarnings with any warning, else kValid.
Verdict VerdictOf(const std::vector<EdifactIssue>& issues);

// The worse of two verdicts, kInvalid > kValidWithWarnings > kValid;
// kUnsupported only when both are.
Verdict Worse(Verdict a, Verdict b);

}  // namespace guomen::edifact

// guomen's fact schema for risk rules at the border: what a rule may read
// about one traveller at one crossing (or one manifest entry).
//
// docs/rules.md documents every fact with an example; a test keeps the two in
// step. Protected attributes are absent by design (rights_guard.hpp).
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "rules/schema.hpp"

namespace guomen::rules {

// The schema: `now`, document.*, traveller.*, journey.*, health.*,
// screening.*, history.*, manifest.*, and one `ref.<name>` list(string) per
// analyst-maintained reference set (e.g. "alert_countries", "alert_ports").
// Fails with kInvalidArgument when a set name is not an identifier or is
// repeated, and kValidation when it names a protected attribute (a set
// called "religious_countries" would smuggle one in).
core::Result<Schema> BorderFactSchema(const std::vector<std::string>& reference_sets);

}  // namespace guomen::rules

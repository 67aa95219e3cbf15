// Importer for the UN Security Council Consolidated List (XML).
//
// Input: the file's CONTENT. Version: the root's dateGenerated attribute.
// INDIVIDUAL -> a person: FIRST..FOURTH_NAME joined as the primary name
// (given = FIRST_NAME, family = the rest), NAME_ORIGINAL_SCRIPT as a strong
// alias, INDIVIDUAL_ALIAS by QUALITY (Good/unmarked -> strong, Low -> weak),
// INDIVIDUAL_DATE_OF_BIRTH (EXACT DATE or YEAR, APPROXIMATELY, BETWEEN
// FROM_YEAR..TO_YEAR), place of birth, NATIONALITY values, GENDER,
// INDIVIDUAL_DOCUMENT (type, number, issuing country). ENTITY -> an entity
// with its ENTITY_ALIAS names. Entry id: DATAID; source_ref: REFERENCE_NUMBER.
//
// Errors (kInvalidArgument): XML that does not parse (with its line), a root
// other than CONSOLIDATED_LIST, a record without DATAID or name (with its
// line) unless keep_good_records. Pure, thread-safe.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "screening/import_result.hpp"

namespace guomen::screening {

core::Result<ImportResult> ImportUnConsolidated(std::string_view xml,
                                                const ImportOptions& options = {});

}  // namespace guomen::screening

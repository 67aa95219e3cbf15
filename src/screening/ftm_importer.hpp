// Importer for OpenSanctions / FollowTheMoney entities (JSON lines).
//
// Input: the file's CONTENT, one FtM entity per line. Imported schemata:
// Person -> a person; Organization, Company, LegalEntity -> an entity;
// Vessel, Airplane -> vessel, aircraft. Others (Sanction, Address, Ownership,
// Family ...) are relations and are skipped silently. Person properties
// read: name (first value primary, others strong aliases), alias, previousName
// (strong), weakAlias (weak), firstName/middleName/fatherName/lastName (split
// name of the primary), birthDate, birthPlace, nationality, citizenship,
// gender, passportNumber, idNumber; topics and datasets make the reason.
// Entry id: the entity id.
//
// Errors (kInvalidArgument, naming the line): a line that is not JSON, not an
// object, without "id" or "schema", or a listed schema without any name —
// unless keep_good_records. Pure, thread-safe.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "screening/import_result.hpp"

namespace guomen::screening {

core::Result<ImportResult> ImportFtm(std::string_view jsonl, const ImportOptions& options = {});

}  // namespace guomen::screening

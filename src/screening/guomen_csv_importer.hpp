// Importer for guomen's own CSV list format, for national lists
// (documented in docs/screening.md, "guomen list CSV").
//
// UTF-8, RFC 4180 quoting, a header row naming the columns in any order:
//   id (required), name (required), type, given, family, aliases,
//   weak_aliases, birth_dates, places_of_birth, nationalities, gender,
//   documents, action, reason, valid_until, source_ref
// Multi-valued columns separate values with '|'; a document is
// type:number[:issuing_state]. birth_dates take YYYY-MM-DD, YYYY-MM, YYYY,
// YYYY..YYYY, with a leading ~ for approximate. gender is M, F or empty;
// action one of arrest, deny_entry, deny_exit, notify, monitor (empty: the list's).
//
// Errors (kInvalidArgument) name the line and the column: an unknown or
// missing column, a row with a different number of fields, an empty id or
// name, a duplicate id, an unreadable date, gender, action, type or
// document — unless keep_good_records, which skips the row and reports it.
// Pure, thread-safe.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "screening/import_result.hpp"

namespace guomen::screening {

core::Result<ImportResult> ImportGuomenCsv(std::string_view csv, const ImportOptions& options = {});

}  // namespace guomen::screening

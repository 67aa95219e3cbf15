// Importer for the US Treasury OFAC lists in their CSV form: the SDN list
// (sdn.csv, alt.csv, add.csv, sdn_comments.csv) and the non-SDN Consolidated
// list (cons_prim.csv, cons_alt.csv, ...), which share the layout.
//
// Input is the files' CONTENT (the caller reads them). Entry ids are the
// OFAC entity numbers (ent_num). Individuals' facts are read from Remarks
// (continued in the comments file): DOB (full, month-year, year, ranges,
// circa), POB, nationality, citizen, Gender, Passport / National ID / Cedula /
// Identification Number with issuing country, and weak a.k.a. names in quotes.
// Names "LAST, First Middle" are split into family and given names.
// A fact that cannot be read becomes an ImportIssue and the record is kept.
//
// Errors (kInvalidArgument, naming the file and line): malformed CSV, a row
// with other than 12 (sdn) / 5 (alt) columns, a non-numeric or duplicate
// ent_num, an empty name, an alias for an unknown ent_num — unless
// keep_good_records, which skips such rows and reports them.
// Pure, thread-safe.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "screening/import_result.hpp"

namespace guomen::screening {

struct OfacFiles {
  std::string_view primary;   // sdn.csv or cons_prim.csv (required)
  std::string_view aliases;   // alt.csv (may be empty)
  std::string_view comments;  // sdn_comments.csv (may be empty)
  // add.csv is not needed: addresses are not screened against.
};

core::Result<ImportResult> ImportOfac(const OfacFiles& files, const ImportOptions& options = {});

}  // namespace guomen::screening

// What an importer returns: the entries and what it could not use.
#pragma once

#include <string>
#include <vector>

#include "screening/watchlist_entry.hpp"

namespace guomen::screening {

// A problem with one record that did not stop the import: a fact that could
// not be read (kept out of the entry) or, with keep_good_records, a record
// that was skipped.
struct ImportIssue {
  std::string where;    // "sdn.csv line 812 (ent_num 36)", "line 4", "INDIVIDUAL 6908"
  std::string message;  // what and why
  bool record_skipped = false;
};

struct ImportOptions {
  // false (default): a record that cannot be imported fails the whole import
  // with an error naming it. true: such records are skipped and reported as
  // issues, the good ones kept.
  bool keep_good_records = false;
};

struct ImportResult {
  std::string version;  // the publisher's version/date when the file carries one
  std::vector<WatchlistEntry> entries;
  std::vector<ImportIssue> issues;
};

}  // namespace guomen::screening

// The records of watchlists and screening results (migration 3): plain
// values, no behaviour. The entries themselves are kept as the screening
// engine's serialised WatchlistEntry (`data`, JSON written and read by
// app/screening_service.cpp) so the in-memory index can be rebuilt at start
// without the source files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace guomen::store {

// A watchlist as the store keeps it. `kind` and `action` are the engine's
// stable names (screening::ListKindName / ListActionName).
struct WatchlistRecord {
  int64_t id = 0;
  std::string code;  // unique, stable: "cn-wanted", "un-sc"
  std::string name;
  std::string authority;
  std::string kind;
  std::string action;
  double threshold = 0.85;
  bool active = true;
  int64_t current_version = 0;  // 0: nothing imported yet
  int64_t entry_count = 0;      // entries of the current version
  int64_t created_at_us = 0;
  int64_t updated_at_us = 0;
};

// One imported version of a list and how it differs from the one before.
struct WatchlistVersionRecord {
  int64_t id = 0;
  int64_t list_id = 0;
  int64_t version = 0;         // 1, 2, ... per list
  std::string format;          // ofac, ftm, un, csv
  std::string source_version;  // the publisher's version or date, as the file gives it
  std::string imported_by;     // username
  int64_t imported_at_us = 0;
  int64_t entry_count = 0;
  int64_t added = 0;
  int64_t changed = 0;
  int64_t removed = 0;
  int64_t issues = 0;  // facts or records the importer could not use
};

// One entry of a list's current version.
struct WatchlistEntryRow {
  int64_t list_id = 0;
  std::string entry_id;       // the publisher's id (OFAC ent_num, UN DATAID ...)
  std::string primary_name;   // as published
  std::string search_text;    // upper-cased names and document numbers, for browsing
  std::string data;           // the serialised entry
  std::string content_hash;   // BLAKE2b of `data`: equal hash, equal entry
};

// One line of a version's diff.
struct WatchlistChangeRecord {
  int64_t list_id = 0;
  int64_t version = 0;
  std::string entry_id;
  std::string change;  // added, changed, removed
  std::string primary_name;
};

// A potential hit found by re-screening stored travellers after a list changed.
struct ScreeningResultRecord {
  int64_t id = 0;
  int64_t traveller_id = 0;
  int64_t unit_id = 0;  // the traveller's unit (for scoping)
  int64_t list_id = 0;
  int64_t list_version = 0;
  std::string entry_id;
  std::string matched_name;  // the entry's name that matched
  double score = 0;
  int64_t found_at_us = 0;
  std::string status = "new";  // new, reviewed, withdrawn (the entry left the list)
  std::optional<int64_t> reviewed_by;
  std::optional<int64_t> reviewed_at_us;
};

struct ScreeningResultFilter {
  std::optional<std::string> status;
  std::optional<int64_t> list_id;
  std::optional<int64_t> before_id;  // paging: ids below this, newest first
  int limit = 50;
};

}  // namespace guomen::store

// Moving a port post's SQLite database into the centre's PostgreSQL
// database (`guomen store copy --from sqlite:PATH --to postgresql://...`).
//
// The copy keeps every id, so the audit chain stays verifiable with the
// post's audit key. It goes table by table in id order, in batches; each
// batch and the progress record that remembers it commit in one
// transaction, so a copy that stops (a crash, a lost network) resumes where
// it stopped when run again, and a copy run again after it finished changes
// nothing (idempotent). At the end the row counts of source and destination
// are compared, table by table.
//
// Sessions are not copied (they belong to the post's server and expire).
// The destination must be empty, or hold only what an earlier copy from the
// same source wrote: merging several posts into one database needs id
// remapping, which this does not do.
//
// The source is opened and migrated to this binary's schema version first
// (as any guomen command would). Not thread-safe with itself: run one copy
// per destination at a time (a second one waits on an advisory lock).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace guomen::store {

struct CopyTableReport {
  std::string table;
  int64_t source_rows = 0;
  int64_t copied_now = 0;  // rows this run wrote (0 for a finished table)
  int64_t destination_rows = 0;
};

struct CopyReport {
  std::string source;       // described, e.g. "sqlite:/var/guomen.db"
  std::string destination;  // redacted URL
  bool resumed = false;     // an earlier run had copied part of it
  bool complete = false;    // false when stopped by max_batches (run again to go on)
  std::vector<CopyTableReport> tables;
};

struct CopyOptions {
  int batch_rows = 5000;
  // Stop after this many batches (0: no limit), as an interrupted copy would;
  // counts are then not checked and `complete` is false.
  int max_batches = 0;
  // Called after each batch with a line an operator can read.
  std::function<void(const std::string&)> progress;
};

// Copies `from` ("sqlite:PATH" or a path) into `to` (a postgresql:// URL).
// Errors: kInvalidArgument for locations of the wrong kind;
// kFailedPrecondition when the destination holds other data, or the source's
// schema is newer than this binary; kUnavailable when either database
// cannot be reached; kInternal when the counts disagree after the copy
// (naming the table).
core::Result<CopyReport> CopyStore(const std::string& from, const std::string& to,
                                   const CopyOptions& options = {});

}  // namespace guomen::store

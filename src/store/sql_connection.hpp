// A database connection as the SQL store sees it: parameterised queries,
// transactions and scripts, with one implementation per backend
// (store/sqlite, later store/postgres). Only store/ code may use this.
//
// SQL passed here uses `?` placeholders; a backend that numbers its
// parameters rewrites them. Values travel as int64, double, text or null;
// booleans are 0/1 and times are int64 microseconds since the Unix epoch, so
// one SQL text serves every backend.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace guomen::store {

using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;

// One row of a result, every column as text or null.
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> cols) : cols_(std::move(cols)) {}
  size_t size() const { return cols_.size(); }
  bool IsNull(size_t i) const { return !cols_.at(i).has_value(); }
  // Null reads as 0 / "".
  int64_t Int(size_t i) const;
  double Double(size_t i) const;
  const std::string& Text(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  std::optional<std::string> OptText(size_t i) const { return cols_.at(i); }

 private:
  std::vector<std::optional<std::string>> cols_;
};

enum class Dialect { kSqlite, kPostgres };

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual Dialect dialect() const = 0;

  // Runs one statement and returns all its rows (none for writes).
  // Errors: kConflict for a unique-constraint violation, kUnavailable when the
  // database is busy or gone, kInternal otherwise.
  virtual core::Result<std::vector<Row>> Query(std::string_view sql,
                                               const std::vector<SqlValue>& params) = 0;
  // Runs a script of several statements without parameters.
  virtual core::Status ExecScript(std::string_view sql) = 0;

  // Write transactions: Begin takes the write lock at once so that two
  // transactions never deadlock upgrading a read lock.
  virtual core::Status Begin() = 0;
  // A read-only transaction: takes no write lock (SQLite: BEGIN DEFERRED, a
  // snapshot from the first read; PostgreSQL: READ ONLY, which refuses writes).
  virtual core::Status BeginRead() = 0;
  virtual core::Status Commit() = 0;
  virtual core::Status Rollback() = 0;

  // True when the last failed statement of the current transaction lost a
  // conflict with a concurrent transaction (PostgreSQL's serialization failure
  // 40001 or deadlock 40P01): running the whole transaction again may succeed.
  // Begin() clears it. SQLite serialises writers and never reports one.
  virtual bool LostConflict() const { return false; }

  // SQLite's group commit (SqlStore) makes a commit durable outside the
  // writer lock: DeferLogSync makes Commit return once the log is written
  // (not yet on disk) and leaves checkpoints to the caller; SyncLog then puts
  // the log on disk (before the commit is acknowledged); CheckpointLog copies
  // what it can of the log into the database without waiting for readers or
  // writers. No-ops elsewhere.
  struct LogCheckpoint {
    int64_t log_frames = 0;  // in the log
    bool busy = false;       // another checkpoint was running: nothing done
  };
  virtual core::Status DeferLogSync() { return core::Status::Ok(); }
  virtual core::Status SyncLog() { return core::Status::Ok(); }
  virtual core::Result<LogCheckpoint> CheckpointLog() { return LogCheckpoint{}; }
};

}  // namespace guomen::store

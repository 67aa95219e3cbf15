// SqlConnection over one SQLite database handle.
//
// Opened with WAL, synchronous=FULL (an acknowledged commit survives a power
// loss or kill -9), foreign keys on and a busy timeout. Prepared statements
// are cached per SQL text. Not thread-safe: one thread uses it at a time.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "store/sql_connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace guomen::store::sqlite {

class SqliteConnection final : public SqlConnection {
 public:
  // Opens (creating if needed) the database file at `path`.
  // Errors: kUnavailable if the file cannot be opened or configured.
  static core::Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::kSqlite; }
  core::Result<std::vector<Row>> Query(std::string_view sql,
                                       const std::vector<SqlValue>& params) override;
  core::Status ExecScript(std::string_view sql) override;
  core::Status Begin() override;
  core::Status BeginRead() override;
  core::Status Commit() override;
  core::Status Rollback() override;
  core::Status DeferLogSync() override;
  core::Status SyncLog() override;
  core::Result<LogCheckpoint> CheckpointLog() override;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  core::Error LastError(std::string_view what) const;

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace guomen::store::sqlite

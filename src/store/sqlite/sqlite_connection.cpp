#include "store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

namespace guomen::store::sqlite {

using core::ErrorCode;

core::Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return core::Fail(ErrorCode::kUnavailable, "cannot open SQLite database " + path + ": " + msg);
  }
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  sqlite3_busy_timeout(db, 10000);
  // WAL + synchronous=FULL: every commit is fsynced before it is acknowledged.
  // Temporary b-trees and statement journals stay in memory (on disk, every
  // inspection created, wrote and unlinked a file in /var/tmp).
  auto st = conn->ExecScript(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
      "PRAGMA temp_store=MEMORY;");
  if (!st.ok()) {
    core::Error e = std::move(st).error();
    e.code = ErrorCode::kUnavailable;
    e.message = "cannot configure SQLite database " + path + ": " + e.message;
    return core::Fail(std::move(e));
  }
  return conn;
}

core::Status SqliteConnection::DeferLogSync() {
  // WAL + synchronous=NORMAL: a commit writes the log without syncing it,
  // and a checkpoint syncs the log before copying it into the database.
  return ExecScript("PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0;");
}

core::Status SqliteConnection::SyncLog() {
  sqlite3_file* log = nullptr;
  if (sqlite3_file_control(db_, "main", SQLITE_FCNTL_JOURNAL_POINTER, &log) != SQLITE_OK ||
      log == nullptr || log->pMethods == nullptr) {
    return core::Fail(ErrorCode::kInternal, "the database has no write-ahead log to sync");
  }
  // A sync covers every frame written to the log file before it, whichever
  // connection wrote it (after a checkpoint restarts the log, frames are
  // written again from the file's start: still the same file).
  if (int rc = log->pMethods->xSync(log, SQLITE_SYNC_NORMAL); rc != SQLITE_OK) {
    return core::Fail(
        ErrorCode::kUnavailable,
        std::string("the commit could not be put on disk (syncing the write-ahead log): ") +
            sqlite3_errstr(rc));
  }
  return core::Status::Ok();
}

core::Result<SqlConnection::LogCheckpoint> SqliteConnection::CheckpointLog() {
  int frames = 0;
  int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &frames, nullptr);
  LogCheckpoint out;
  if (rc == SQLITE_BUSY) {
    out.busy = true;
    return out;
  }
  if (rc != SQLITE_OK) return core::Fail(LastError("checkpoint"));
  out.log_frames = frames;
  return out;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

core::Error SqliteConnection::LastError(std::string_view what) const {
  int rc = sqlite3_extended_errcode(db_);
  ErrorCode code = ErrorCode::kInternal;
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    code = (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
               ? ErrorCode::kConflict
               : ErrorCode::kValidation;
  } else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ||
             (rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL ||
             (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN) {
    code = ErrorCode::kUnavailable;
  }
  return core::MakeError(code, std::string(what) + ": " + sqlite3_errmsg(db_));
}

core::Result<std::vector<Row>> SqliteConnection::Query(std::string_view sql,
                                                       const std::vector<SqlValue>& params) {
  std::string key(sql);
  sqlite3_stmt* stmt = nullptr;
  if (auto it = statements_.find(key); it != statements_.end()) {
    stmt = it->second;
  } else {
    if (sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      return core::Fail(LastError("prepare"));
    }
    statements_.emplace(key, stmt);
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  for (size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i + 1);
    const SqlValue& v = params[i];
    int rc = SQLITE_OK;
    if (std::holds_alternative<std::monostate>(v)) {
      rc = sqlite3_bind_null(stmt, idx);
    } else if (auto* n = std::get_if<int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, idx, *n);
    } else if (auto* d = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, idx, *d);
    } else {
      const auto& s = std::get<std::string>(v);
      rc = sqlite3_bind_text(stmt, idx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) return core::Fail(LastError("bind"));
  }
  std::vector<Row> rows;
  while (true) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      core::Error e = LastError("step");
      sqlite3_reset(stmt);
      return core::Fail(std::move(e));
    }
    int n = sqlite3_column_count(stmt);
    std::vector<std::optional<std::string>> cols;
    cols.reserve(static_cast<size_t>(n));
    for (int c = 0; c < n; ++c) {
      if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
        cols.emplace_back(std::nullopt);
      } else {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        cols.emplace_back(std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
      }
    }
    rows.emplace_back(std::move(cols));
  }
  sqlite3_reset(stmt);
  return rows;
}

core::Status SqliteConnection::ExecScript(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  if (sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    core::Error e = LastError("exec");
    if (err) {
      e.message = err;
      sqlite3_free(err);
    }
    return core::Fail(std::move(e));
  }
  return core::Status::Ok();
}

// BEGIN IMMEDIATE takes the write lock now: a transaction that reads and then
// writes cannot fail half-way with SQLITE_BUSY on the upgrade.
core::Status SqliteConnection::Begin() { return ExecScript("BEGIN IMMEDIATE"); }
core::Status SqliteConnection::BeginRead() { return ExecScript("BEGIN DEFERRED"); }
core::Status SqliteConnection::Commit() { return ExecScript("COMMIT"); }
core::Status SqliteConnection::Rollback() { return ExecScript("ROLLBACK"); }

}  // namespace guomen::store::sqlite

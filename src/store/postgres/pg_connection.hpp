// SqlConnection over one libpq connection to PostgreSQL.
//
// SQL arrives with `?` placeholders and is rewritten to `$1, $2, ...` (a `?`
// inside a string literal, a quoted identifier or a comment is left alone).
// Parameters and results travel in text format; each distinct SQL text is
// prepared once per connection and then executed by name.
//
// Transactions run at READ COMMITTED. Serialising the audit chain is the
// store's job: it reads the chain head with SELECT ... FOR UPDATE, so two
// appenders take turns on the head row (see sql_store.cpp).
//
// Error mapping (SQLSTATE): 23505 unique violation -> kConflict; other class
// 23 (integrity) -> kValidation; 40001 serialization failure and 40P01
// deadlock -> kUnavailable (the whole transaction may be retried); class 08
// (connection), 53 (resources), 57P (operator intervention) and a lost
// connection -> kUnavailable; everything else kInternal.
//
// Not thread-safe: one thread uses a connection at a time (SqlStore's pool
// guarantees it).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/sql_connection.hpp"

struct pg_conn;
struct pg_result;

namespace guomen::store::postgres {

// `?` placeholders to `$n`, skipping string literals ('...', E'...'),
// quoted identifiers ("..."), dollar-quoted bodies ($tag$...$tag$) and
// comments. Returns the SQL and the number of parameters.
struct RewrittenSql {
  std::string sql;
  int params = 0;
};
RewrittenSql RewritePlaceholders(std::string_view sql);

// The URL with any password removed (user:secret@ -> user@, password=... in
// the query string dropped). Safe for logs and Store::Describe().
std::string RedactUrl(std::string_view url);

class PgConnection final : public SqlConnection {
 public:
  // Connects to `url` (postgresql://user[:password]@host[:port]/db?...).
  // Errors: kUnavailable if the server cannot be reached or refuses the
  // login; the message names the redacted URL, never the password.
  static core::Result<std::unique_ptr<PgConnection>> Open(const std::string& url);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::kPostgres; }
  core::Result<std::vector<Row>> Query(std::string_view sql,
                                       const std::vector<SqlValue>& params) override;
  core::Status ExecScript(std::string_view sql) override;
  core::Status Begin() override;
  core::Status BeginRead() override;
  core::Status Commit() override;
  core::Status Rollback() override;
  bool LostConflict() const override { return lost_conflict_; }

  // Bulk load with COPY ... FROM STDIN (text format): `table` with `columns`,
  // one vector of values per row, in the order of `columns`. Runs inside the
  // current transaction if one is open. Returns the number of rows loaded.
  // Errors as for Query (a unique violation anywhere fails the whole COPY).
  core::Result<int64_t> CopyIn(std::string_view table, const std::vector<std::string>& columns,
                               const std::vector<std::vector<SqlValue>>& rows);

  // The server's major version (e.g. 15).
  int ServerMajorVersion() const;

 private:
  // Begin and BeginRead: reconnects a connection lost while idle, then runs `begin`.
  core::Status BeginWith(const char* begin);
  PgConnection(pg_conn* conn, std::string redacted_url)
      : conn_(conn), url_(std::move(redacted_url)) {}
  // Turns a failed result (or a null one) into an Error; clears the statement
  // cache when the connection is gone.
  core::Error ErrorOf(const pg_result* res, std::string_view what);
  core::Result<std::string> Prepare(std::string_view sql);

  pg_conn* conn_;
  std::string url_;
  std::unordered_map<std::string, std::string> statements_;  // SQL text -> statement name
  int next_statement_ = 0;
  bool lost_conflict_ = false;
  bool statement_savepoint_ = false;  // guomen_stmt is open in this transaction
};

}  // namespace guomen::store::postgres

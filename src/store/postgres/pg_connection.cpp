#include "store/postgres/pg_connection.hpp"

#include <libpq-fe.h>

#include <cctype>
#include <charconv>
#include <cstring>

namespace guomen::store::postgres {

using core::ErrorCode;

namespace {

bool IsIdentChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Frees a PGresult on scope exit.
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

void IgnoreNotice(void* /*arg*/, const char* /*message*/) {
  // NOTICEs ("relation ... already exists, skipping") are not errors and must
  // not reach stderr; WARNINGs of interest surface as errors anyway.
}

// Every session: UTC, so that server-side month arithmetic (partition
// bounds) does not depend on the server's zone; and the unit scope of
// row-level security opened wide, because the services scope every query
// themselves and the store narrows it around each scoped query
// (store/postgres/pg_schema.hpp).
constexpr const char* kSessionSetup = "SET TIME ZONE 'UTC'; SET guomen.unit_scope = '*'";

std::string ParamText(const SqlValue& v) {
  if (const auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[64];
    // Shortest text that reads back as the same double.
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    return ec == std::errc() ? std::string(buf, end) : std::to_string(*d);
  }
  return std::get<std::string>(v);
}

// Whether a statement writes (and so may fail on a constraint and be
// continued from, as SQLite allows).
bool IsWrite(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  auto starts = [&](const char* kw) {
    size_t n = std::strlen(kw);
    if (sql.size() - i < n) return false;
    for (size_t k = 0; k < n; ++k) {
      if (std::toupper(static_cast<unsigned char>(sql[i + k])) != kw[k]) return false;
    }
    return true;
  };
  return starts("INSERT") || starts("UPDATE") || starts("DELETE");
}

bool ValidName(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '_')) {
      return false;
    }
  }
  return true;
}

// COPY text format: backslash escapes, \N for null.
void AppendCopyField(std::string& out, const SqlValue& v) {
  if (std::holds_alternative<std::monostate>(v)) {
    out += "\\N";
    return;
  }
  if (!std::holds_alternative<std::string>(v)) {
    out += ParamText(v);
    return;
  }
  for (char c : std::get<std::string>(v)) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
}

}  // namespace

RewrittenSql RewritePlaceholders(std::string_view sql) {
  RewrittenSql out;
  out.sql.reserve(sql.size() + 16);
  size_t i = 0;
  const size_t n = sql.size();
  auto copy_until = [&](size_t end) {
    out.sql.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < n) {
    char c = sql[i];
    if (c == '\'') {
      // E'...' strings take backslash escapes; standard strings do not
      // (standard_conforming_strings is on since PostgreSQL 9.1).
      bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                     (i < 2 || !IsIdentChar(sql[i - 2]));
      size_t j = i + 1;
      while (j < n) {
        if (escapes && sql[j] == '\\') {
          j += 2;
        } else if (sql[j] == '\'') {
          if (j + 1 < n && sql[j + 1] == '\'') {
            j += 2;
          } else {
            break;
          }
        } else {
          ++j;
        }
      }
      copy_until(std::min(j + 1, n));
    } else if (c == '"') {
      size_t j = sql.find('"', i + 1);
      copy_until(j == std::string_view::npos ? n : j + 1);
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      size_t j = sql.find('\n', i);
      copy_until(j == std::string_view::npos ? n : j + 1);
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      int depth = 1;
      size_t j = i + 2;
      while (j < n && depth > 0) {
        if (sql[j] == '/' && j + 1 < n && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < n && sql[j + 1] == '/') {
          --depth;
          j += 2;
        } else {
          ++j;
        }
      }
      copy_until(j);
    } else if (c == '$' && (i == 0 || !IsIdentChar(sql[i - 1]))) {
      // $tag$ ... $tag$ (tag empty or an identifier not starting with a digit).
      size_t j = i + 1;
      if (j < n && !std::isdigit(static_cast<unsigned char>(sql[j]))) {
        while (j < n && IsIdentChar(sql[j])) ++j;
      }
      if (j < n && sql[j] == '$') {
        std::string_view tag = sql.substr(i, j - i + 1);
        size_t close = sql.find(tag, j + 1);
        copy_until(close == std::string_view::npos ? n : close + tag.size());
      } else {
        copy_until(i + 1);
      }
    } else if (c == '?') {
      out.sql += '$';
      out.sql += std::to_string(++out.params);
      ++i;
    } else {
      out.sql += c;
      ++i;
    }
  }
  return out;
}

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  // user:password@host -> user@host (only in the authority part).
  size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t end = out.find_first_of("/?", start);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
      size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
  }
  // ?password=...&... -> dropped.
  size_t q = out.find('?');
  if (q != std::string::npos) {
    std::string query = out.substr(q + 1);
    std::string kept;
    size_t pos = 0;
    while (pos <= query.size()) {
      size_t amp = query.find('&', pos);
      if (amp == std::string::npos) amp = query.size();
      std::string part = query.substr(pos, amp - pos);
      if (!part.empty() && part.rfind("password=", 0) != 0) {
        if (!kept.empty()) kept += '&';
        kept += part;
      }
      pos = amp + 1;
    }
    out.erase(q);
    if (!kept.empty()) out += "?" + kept;
  }
  return out;
}

core::Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& url) {
  std::string redacted = RedactUrl(url);
  // Defaults first: the URL's own parameters, expanded in place of dbname,
  // override them.
  const char* keywords[] = {"application_name", "connect_timeout", "dbname", nullptr};
  const char* values[] = {"guomen", "10", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, 1);
  if (conn == nullptr) {
    return core::Fail(ErrorCode::kUnavailable, "cannot connect to " + redacted + ": out of memory");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(conn);
    return core::Fail(ErrorCode::kUnavailable, "cannot connect to " + redacted + ": " + msg);
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  std::unique_ptr<PgConnection> pg(new PgConnection(conn, std::move(redacted)));
  GUOMEN_RETURN_IF_ERROR(pg->ExecScript(kSessionSetup));
  return pg;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

int PgConnection::ServerMajorVersion() const { return PQserverVersion(conn_) / 10000; }

core::Error PgConnection::ErrorOf(const pg_result* res, std::string_view what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  // The primary message only: DETAIL repeats the offending values (a
  // username, a document number), which must not reach logs.
  const char* primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string msg = primary ? primary : PQerrorMessage(conn_);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();

  ErrorCode code = ErrorCode::kInternal;
  if (PQstatus(conn_) != CONNECTION_OK) {
    code = ErrorCode::kUnavailable;
    statements_.clear();
    msg = "the connection to " + url_ + " was lost: " + msg;
  } else if (sqlstate == "23505") {
    code = ErrorCode::kConflict;
  } else if (sqlstate.rfind("23", 0) == 0) {
    code = ErrorCode::kValidation;
  } else if (sqlstate == "40001" || sqlstate == "40P01") {
    // A concurrent transaction won a conflict (serialization failure,
    // deadlock): the store runs the whole transaction again.
    code = ErrorCode::kUnavailable;
    lost_conflict_ = true;
  } else if (sqlstate.rfind("08", 0) == 0 ||
             sqlstate.rfind("53", 0) == 0 || sqlstate.rfind("57P", 0) == 0 ||
             sqlstate == "55P03" || sqlstate == "57014") {
    // Serialization failures, deadlocks, lost connections, full disks,
    // shutdowns, lock and statement timeouts: the database is (for now) not
    // able to serve; retrying later may succeed.
    code = ErrorCode::kUnavailable;
  }
  if (!sqlstate.empty()) msg += " (SQLSTATE " + sqlstate + ")";
  return core::MakeError(code, std::string(what) + ": " + msg);
}

core::Result<std::string> PgConnection::Prepare(std::string_view sql) {
  std::string key(sql);
  if (auto it = statements_.find(key); it != statements_.end()) return it->second;
  RewrittenSql rw = RewritePlaceholders(sql);
  std::string name = "g" + std::to_string(++next_statement_);
  ResultPtr res(PQprepare(conn_, name.c_str(), rw.sql.c_str(), rw.params, nullptr));
  if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
    return core::Fail(ErrorOf(res.get(), "prepare"));
  }
  statements_.emplace(std::move(key), name);
  return name;
}

core::Result<std::vector<Row>> PgConnection::Query(std::string_view sql,
                                                   const std::vector<SqlValue>& params) {
  // Inside a transaction, a failed write would abort the whole transaction
  // on PostgreSQL, where SQLite undoes only the statement. A savepoint before
  // each write gives both backends SQLite's behaviour: the caller sees the
  // error (say a conflict) and may carry on. The savepoint of the previous
  // write is released in the same round trip, so at most one is open; the
  // last one ends with the transaction.
  const bool guard = PQtransactionStatus(conn_) == PQTRANS_INTRANS && IsWrite(sql);
  if (guard) {
    GUOMEN_RETURN_IF_ERROR(ExecScript(statement_savepoint_
                                          ? "RELEASE SAVEPOINT guomen_stmt; SAVEPOINT guomen_stmt"
                                          : "SAVEPOINT guomen_stmt"));
    statement_savepoint_ = true;
  }

  auto run = [&]() -> core::Result<std::vector<Row>> {
    GUOMEN_ASSIGN_OR_RETURN(std::string name, Prepare(sql));
    std::vector<std::string> texts;
    texts.reserve(params.size());
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) {
      if (std::holds_alternative<std::monostate>(p)) {
        texts.emplace_back();
        values.push_back(nullptr);
      } else {
        texts.push_back(ParamText(p));
        values.push_back(nullptr);  // set below, once `texts` stops moving
      }
    }
    for (size_t k = 0; k < params.size(); ++k) {
      if (!std::holds_alternative<std::monostate>(params[k])) values[k] = texts[k].c_str();
    }
    ResultPtr res(PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()),
                                 values.data(), nullptr, nullptr, 0));
    ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      return core::Fail(ErrorOf(res.get(), "query"));
    }
    std::vector<Row> rows;
    const int nrows = PQntuples(res.get());
    const int ncols = PQnfields(res.get());
    rows.reserve(static_cast<size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
      std::vector<std::optional<std::string>> cols;
      cols.reserve(static_cast<size_t>(ncols));
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res.get(), r, c)) {
          cols.emplace_back(std::nullopt);
        } else {
          cols.emplace_back(std::string(PQgetvalue(res.get(), r, c),
                                        static_cast<size_t>(PQgetlength(res.get(), r, c))));
        }
      }
      rows.emplace_back(std::move(cols));
    }
    return rows;
  };

  auto result = run();
  if (guard && !result.ok()) {
    (void)ExecScript("ROLLBACK TO SAVEPOINT guomen_stmt; RELEASE SAVEPOINT guomen_stmt");
    statement_savepoint_ = false;
  }
  return result;
}

core::Status PgConnection::ExecScript(std::string_view sql) {
  std::string s(sql);
  ResultPtr res(PQexec(conn_, s.c_str()));
  ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return core::Fail(ErrorOf(res.get(), "exec"));
  return core::Status::Ok();
}

core::Status PgConnection::Begin() { return BeginWith("BEGIN ISOLATION LEVEL READ COMMITTED"); }

core::Status PgConnection::BeginRead() {
  return BeginWith("BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY");
}

core::Status PgConnection::BeginWith(const char* begin) {
  // A connection lost while idle in the pool (a server restart, a failover)
  // is re-established here, between transactions, where it is safe.
  if (PQstatus(conn_) != CONNECTION_OK) {
    statements_.clear();
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      return core::Fail(ErrorCode::kUnavailable, "cannot reconnect to " + url_);
    }
    PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
    GUOMEN_RETURN_IF_ERROR(ExecScript(kSessionSetup));
  }
  if (PQtransactionStatus(conn_) != PQTRANS_IDLE) (void)ExecScript("ROLLBACK");
  lost_conflict_ = false;
  statement_savepoint_ = false;
  return ExecScript(begin);
}

core::Status PgConnection::Commit() {
  statement_savepoint_ = false;
  ResultPtr res(PQexec(conn_, "COMMIT"));
  ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK) return core::Fail(ErrorOf(res.get(), "commit"));
  // COMMIT of a transaction that had failed answers "ROLLBACK", not an error.
  if (std::strcmp(PQcmdStatus(res.get()), "ROLLBACK") == 0) {
    return core::Fail(ErrorCode::kInternal,
                      "commit: the transaction had failed and was rolled back");
  }
  return core::Status::Ok();
}

core::Status PgConnection::Rollback() {
  statement_savepoint_ = false;
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return core::Status::Ok();
  return ExecScript("ROLLBACK");
}

core::Result<int64_t> PgConnection::CopyIn(std::string_view table,
                                           const std::vector<std::string>& columns,
                                           const std::vector<std::vector<SqlValue>>& rows) {
  if (!ValidName(table) || columns.empty()) {
    return core::Fail(ErrorCode::kInvalidArgument, "copy: bad table or column list");
  }
  std::string sql = "COPY " + std::string(table) + " (";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (!ValidName(columns[i])) {
      return core::Fail(ErrorCode::kInvalidArgument, "copy: bad column name " + columns[i]);
    }
    sql += (i ? ", " : "") + columns[i];
  }
  sql += ") FROM STDIN";
  ResultPtr start(PQexec(conn_, sql.c_str()));
  if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) {
    return core::Fail(ErrorOf(start.get(), "copy"));
  }
  std::string buf;
  constexpr size_t kChunk = 1 << 20;
  buf.reserve(kChunk + 4096);
  bool failed = false;
  auto flush = [&] {
    if (!buf.empty() && PQputCopyData(conn_, buf.data(), static_cast<int>(buf.size())) != 1) {
      failed = true;
    }
    buf.clear();
  };
  for (const auto& row : rows) {
    if (row.size() != columns.size()) {
      PQputCopyEnd(conn_, "row width does not match the column list");
      ResultPtr drain(PQgetResult(conn_));
      while (ResultPtr more{PQgetResult(conn_)}) {
      }
      return core::Fail(ErrorCode::kInvalidArgument, "copy: a row's width does not match the columns");
    }
    for (size_t c = 0; c < row.size(); ++c) {
      if (c) buf += '\t';
      AppendCopyField(buf, row[c]);
    }
    buf += '\n';
    if (buf.size() >= kChunk) flush();
    if (failed) break;
  }
  if (!failed) flush();
  if (PQputCopyEnd(conn_, failed ? "client failed to send data" : nullptr) != 1) failed = true;
  ResultPtr end(PQgetResult(conn_));
  core::Result<int64_t> out = int64_t{0};
  if (!end || PQresultStatus(end.get()) != PGRES_COMMAND_OK) {
    out = core::Fail(ErrorOf(end.get(), "copy"));
  } else {
    out = std::strtoll(PQcmdTuples(end.get()), nullptr, 10);
  }
  while (ResultPtr more{PQgetResult(conn_)}) {
  }
  return out;
}

}  // namespace guomen::store::postgres

#include "store/migrations.hpp"

#include <string>

#include "store/postgres/pg_schema.hpp"

namespace guomen::store {

namespace {

// Times are int64 microseconds since the Unix epoch (UTC); booleans 0/1;
// hashes lower-case hex text.
constexpr const char* kV1 = R"SQL(
CREATE TABLE units (
  id {{PK}},
  parent_id BIGINT REFERENCES units(id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('ministry','province','prefecture','county','port','station'))
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE users (
  id {{PK}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  unit_id BIGINT NOT NULL REFERENCES units(id),
  roles TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  locked INTEGER NOT NULL DEFAULT 0,
  failed_logins BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX users_unit ON users(unit_id);

CREATE TABLE sessions (
  id {{PK}},
  token_hash TEXT NOT NULL UNIQUE,
  csrf_hash TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  source TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
  id {{PK}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  roles TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit_events (
  id BIGINT PRIMARY KEY,
  time BIGINT NOT NULL,
  user_id BIGINT,
  username TEXT NOT NULL,
  unit_id BIGINT,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  source TEXT NOT NULL,
  result TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_events_time ON audit_events(time);
CREATE INDEX audit_events_user ON audit_events(username);

CREATE TABLE audit_head (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  last_id BIGINT NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_head (singleton, last_id, last_hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE travellers (
  id {{PK}},
  unit_id BIGINT NOT NULL REFERENCES units(id),
  surname TEXT NOT NULL,
  given_names TEXT NOT NULL,
  search_name TEXT NOT NULL,
  nationality TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL,
  document_type TEXT NOT NULL,
  document_number TEXT NOT NULL,
  issuing_state TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX travellers_unit ON travellers(unit_id);
CREATE INDEX travellers_document ON travellers(document_number, issuing_state);
CREATE INDEX travellers_search_name ON travellers(search_name);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)SQL";

// Watchlists, their versions and diffs, the current entries, and the hits
// that re-screening stored travellers found (docs/screening.md, "List
// storage"). Entries hold the current version only; earlier versions are
// described by their diff in watchlist_changes.
constexpr const char* kV3 = R"SQL(
CREATE TABLE watchlists (
  id {{PK}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  authority TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('wanted','entry_ban','exit_ban','sanctions',
                                     'lost_stolen_documents','custom')),
  action TEXT NOT NULL CHECK (action IN ('arrest','deny_entry','deny_exit','notify','monitor')),
  threshold DOUBLE PRECISION NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  current_version BIGINT NOT NULL DEFAULT 0,
  entry_count BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE watchlist_versions (
  id {{PK}},
  list_id BIGINT NOT NULL REFERENCES watchlists(id),
  version BIGINT NOT NULL,
  format TEXT NOT NULL,
  source_version TEXT NOT NULL,
  imported_by TEXT NOT NULL,
  imported_at BIGINT NOT NULL,
  entry_count BIGINT NOT NULL,
  added BIGINT NOT NULL,
  changed BIGINT NOT NULL,
  removed BIGINT NOT NULL,
  issues BIGINT NOT NULL,
  UNIQUE (list_id, version)
);

CREATE TABLE watchlist_entries (
  list_id BIGINT NOT NULL REFERENCES watchlists(id),
  entry_id TEXT NOT NULL,
  primary_name TEXT NOT NULL,
  search_text TEXT NOT NULL,
  data TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  PRIMARY KEY (list_id, entry_id)
);

CREATE TABLE watchlist_changes (
  list_id BIGINT NOT NULL REFERENCES watchlists(id),
  version BIGINT NOT NULL,
  entry_id TEXT NOT NULL,
  change TEXT NOT NULL CHECK (change IN ('added','changed','removed')),
  primary_name TEXT NOT NULL,
  PRIMARY KEY (list_id, version, entry_id)
);

CREATE TABLE screening_results (
  id {{PK}},
  traveller_id BIGINT NOT NULL REFERENCES travellers(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),
  list_id BIGINT NOT NULL REFERENCES watchlists(id),
  list_version BIGINT NOT NULL,
  entry_id TEXT NOT NULL,
  matched_name TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  found_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('new','reviewed','withdrawn')),
  reviewed_by BIGINT REFERENCES users(id),
  reviewed_at BIGINT,
  UNIQUE (traveller_id, list_id, entry_id, list_version)
);
CREATE INDEX screening_results_unit ON screening_results(unit_id, status);
CREATE INDEX screening_results_entry ON screening_results(list_id, entry_id);
)SQL";

}  // namespace

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> migrations = {
      {1, "units, users, sessions, api tokens, audit trail, travellers, settings", kV1},
      // Nothing portable: on PostgreSQL, store/postgres/pg_schema.cpp adds
      // monthly partitions of audit_events and row-level security by unit.
      {2, "PostgreSQL: audit_events partitioned by month, row-level security by unit", ""},
      {3, "watchlists, versions and diffs, entries, re-screening results", kV3},
  };
  return migrations;
}

std::string RenderMigration(const Migration& m, Dialect dialect) {
  std::string sql = m.sql;
  const std::string token = "{{PK}}";
  const std::string pk = dialect == Dialect::kSqlite
                             ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                             : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  for (size_t pos = sql.find(token); pos != std::string::npos; pos = sql.find(token, pos)) {
    sql.replace(pos, token.size(), pk);
    pos += pk.size();
  }
  if (dialect == Dialect::kPostgres) {
    if (const char* extra = postgres::PostgresMigrationSql(m.version)) sql += extra;
  }
  return sql;
}

namespace {

// On PostgreSQL several guomen processes may start against one database at
// once; a session advisory lock lets one migrate while the others wait.
class MigrationLock {
 public:
  explicit MigrationLock(SqlConnection& conn) : conn_(conn) {}
  core::Status Lock() {
    if (conn_.dialect() != Dialect::kPostgres) return core::Status::Ok();
    GUOMEN_ASSIGN_OR_RETURN(auto rows, conn_.Query("SELECT pg_advisory_lock(?)", {kKey}));
    (void)rows;
    locked_ = true;
    return core::Status::Ok();
  }
  ~MigrationLock() {
    if (locked_) (void)conn_.Query("SELECT pg_advisory_unlock(?)", {kKey});
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  static constexpr int64_t kKey = 0x67756f6d656e;  // "guomen"
  SqlConnection& conn_;
  bool locked_ = false;
};

}  // namespace

core::Result<int> Migrate(SqlConnection& conn) {
  MigrationLock lock(conn);
  GUOMEN_RETURN_IF_ERROR(lock.Lock());
  bool have_table = false;
  if (conn.dialect() == Dialect::kPostgres) {
    // The application role may not create tables (not even "IF NOT EXISTS"
    // of one that exists), so look first.
    GUOMEN_ASSIGN_OR_RETURN(
        auto found, conn.Query("SELECT to_regclass('schema_migrations') IS NOT NULL", {}));
    have_table = found.at(0).Text(0) == "t";
  }
  if (!have_table) {
    GUOMEN_RETURN_IF_ERROR(conn.ExecScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "description TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
  }
  GUOMEN_ASSIGN_OR_RETURN(auto rows,
                          conn.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}));
  int current = static_cast<int>(rows.at(0).Int(0));
  const auto& all = Migrations();
  int latest = all.empty() ? 0 : all.back().version;
  if (current > latest) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "the database is at schema version " + std::to_string(current) +
                          " but this guomen knows versions up to " + std::to_string(latest) +
                          "; use a newer guomen binary (the database was not changed)");
  }
  for (const auto& m : all) {
    if (m.version <= current) continue;
    GUOMEN_RETURN_IF_ERROR(conn.Begin());
    core::Status st = conn.ExecScript(RenderMigration(m, conn.dialect()));
    if (st.ok()) {
      auto ins = conn.Query(
          "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)",
          {int64_t{m.version}, std::string(m.description), int64_t{0}});
      if (!ins.ok()) st = core::Fail(std::move(ins).error());
    }
    if (!st.ok()) {
      (void)conn.Rollback();
      core::Error e = std::move(st).error();
      e.message = "migration " + std::to_string(m.version) + " failed: " + e.message;
      return core::Fail(std::move(e));
    }
    GUOMEN_RETURN_IF_ERROR(conn.Commit());
    current = m.version;
  }
  if (conn.dialect() == Dialect::kPostgres && current >= 2) {
    // Months ahead for the partitioned tables, under the migration lock so
    // that two processes do not race to create one. Best effort: a role
    // without CREATE (the application role) finds them made by the owner,
    // and rows for a missing month land in the default partition.
    (void)postgres::EnsurePartitions(conn);
  }
  return current;
}

}  // namespace guomen::store

#include "store/sql_store.hpp"

#include <cstdlib>
#include <utility>

#include "core/strings.hpp"
#include "store/migrations.hpp"

namespace guomen::store {

using core::ErrorCode;
using core::Result;
using core::Status;

int64_t Row::Int(size_t i) const {
  const auto& c = cols_.at(i);
  return c ? std::strtoll(c->c_str(), nullptr, 10) : 0;
}
double Row::Double(size_t i) const {
  const auto& c = cols_.at(i);
  return c ? std::strtod(c->c_str(), nullptr) : 0.0;
}
const std::string& Row::Text(size_t i) const {
  static const std::string kEmpty;
  const auto& c = cols_.at(i);
  return c ? *c : kEmpty;
}
std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

namespace {

SqlValue Opt(const std::optional<int64_t>& v) {
  return v ? SqlValue(*v) : SqlValue(std::monostate{});
}

std::string RolesText(const std::vector<std::string>& roles) { return core::Join(roles, ","); }
std::vector<std::string> RolesOf(const std::string& text) {
  if (text.empty()) return {};
  return core::Split(text, ',');
}

// "(?,?,?)" for an IN list; an empty scope matches nothing.
std::string InList(const UnitScope& scope, std::vector<SqlValue>& params) {
  if (scope.empty()) return "(NULL)";
  std::string s = "(";
  for (size_t i = 0; i < scope.size(); ++i) {
    s += i ? ",?" : "?";
    params.emplace_back(scope[i]);
  }
  return s + ")";
}

constexpr const char* kUnitCols = "id, parent_id, code, name, name_en, kind";
Unit UnitFrom(const Row& r) {
  return Unit{r.Int(0), r.OptInt(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)};
}

constexpr const char* kUserCols =
    "id, username, display_name, unit_id, roles, password_hash, disabled, locked, "
    "failed_logins, created_at";
User UserFrom(const Row& r) {
  User u;
  u.id = r.Int(0);
  u.username = r.Text(1);
  u.display_name = r.Text(2);
  u.unit_id = r.Int(3);
  u.roles = RolesOf(r.Text(4));
  u.password_hash = r.Text(5);
  u.disabled = r.Int(6) != 0;
  u.locked = r.Int(7) != 0;
  u.failed_logins = r.Int(8);
  u.created_at_us = r.Int(9);
  return u;
}

constexpr const char* kAuditCols =
    "id, time, user_id, username, unit_id, action, object_type, object_id, purpose, source, "
    "result, prev_hash, hash";
AuditEvent AuditFrom(const Row& r) {
  AuditEvent e;
  e.id = r.Int(0);
  e.time_us = r.Int(1);
  e.user_id = r.OptInt(2);
  e.username = r.Text(3);
  e.unit_id = r.OptInt(4);
  e.action = r.Text(5);
  e.object_type = r.Text(6);
  e.object_id = r.Text(7);
  e.purpose = r.Text(8);
  e.source = r.Text(9);
  e.result = r.Text(10);
  e.prev_hash = r.Text(11);
  e.hash = r.Text(12);
  return e;
}

constexpr const char* kTravellerCols =
    "id, unit_id, surname, given_names, nationality, birth_date, sex, document_type, "
    "document_number, issuing_state, created_at";
Traveller TravellerFrom(const Row& r) {
  Traveller t;
  t.id = r.Int(0);
  t.unit_id = r.Int(1);
  t.surname = r.Text(2);
  t.given_names = r.Text(3);
  t.nationality = r.Text(4);
  t.birth_date = r.Text(5);
  t.sex = r.Text(6);
  t.document_type = r.Text(7);
  t.document_number = r.Text(8);
  t.issuing_state = r.Text(9);
  t.created_at_us = r.Int(10);
  return t;
}

class SqlTx final : public Tx {
 public:
  explicit SqlTx(SqlConnection& conn) : c_(conn) {}

  Result<int64_t> InsertId(std::string sql, const std::vector<SqlValue>& params) {
    sql += " RETURNING id";
    GUOMEN_ASSIGN_OR_RETURN(auto rows, c_.Query(sql, params));
    if (rows.empty()) return core::Fail(ErrorCode::kInternal, "insert returned no id");
    return rows[0].Int(0);
  }
  Status Exec(std::string_view sql, const std::vector<SqlValue>& params) {
    GUOMEN_ASSIGN_OR_RETURN(auto rows, c_.Query(sql, params));
    (void)rows;
    return Status::Ok();
  }
  template <typename T, typename F>
  Result<std::optional<T>> One(std::string_view sql, const std::vector<SqlValue>& params, F from) {
    GUOMEN_ASSIGN_OR_RETURN(auto rows, c_.Query(sql, params));
    if (rows.empty()) return std::optional<T>();
    return std::optional<T>(from(rows[0]));
  }
  template <typename T, typename F>
  Result<std::vector<T>> Many(std::string_view sql, const std::vector<SqlValue>& params, F from) {
    GUOMEN_ASSIGN_OR_RETURN(auto rows, c_.Query(sql, params));
    std::vector<T> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(from(r));
    return out;
  }

  // Runs a scoped query. On PostgreSQL the row-level security scope is
  // narrowed to `scope` for the query and opened again after it, so a query
  // that forgot its unit condition still returns no other unit's rows.
  template <typename T, typename F>
  Result<T> Scoped(const UnitScope& scope, F query) {
    if (c_.dialect() != Dialect::kPostgres) return query();
    std::string list;
    for (size_t i = 0; i < scope.size(); ++i) list += (i ? "," : "") + std::to_string(scope[i]);
    GUOMEN_RETURN_IF_ERROR(Exec("SELECT set_config('guomen.unit_scope', ?, true)", {list}));
    Result<T> out = query();
    GUOMEN_RETURN_IF_ERROR(Exec("SELECT set_config('guomen.unit_scope', '*', true)", {}));
    return out;
  }

  // Units.
  Result<int64_t> InsertUnit(const Unit& u) override {
    if (u.parent_id) {
      GUOMEN_ASSIGN_OR_RETURN(auto parent, GetUnit(*u.parent_id));
      if (!parent) {
        return core::Fail(ErrorCode::kValidation,
                          "parent unit " + std::to_string(*u.parent_id) + " does not exist",
                          "parent_id");
      }
    }
    auto id = InsertId("INSERT INTO units (parent_id, code, name, name_en, kind) VALUES (?,?,?,?,?)",
                       {Opt(u.parent_id), u.code, u.name, u.name_en, u.kind});
    if (!id && id.error().code == ErrorCode::kConflict) {
      return core::Fail(ErrorCode::kConflict, "a unit with code " + u.code + " exists", "code");
    }
    return id;
  }
  Result<std::vector<Unit>> ListUnits() override {
    return Many<Unit>(std::string("SELECT ") + kUnitCols + " FROM units ORDER BY id", {}, UnitFrom);
  }
  Result<std::optional<Unit>> GetUnit(int64_t id) override {
    return One<Unit>(std::string("SELECT ") + kUnitCols + " FROM units WHERE id = ?", {id},
                     UnitFrom);
  }
  Result<std::optional<Unit>> FindUnitByCode(const std::string& code) override {
    return One<Unit>(std::string("SELECT ") + kUnitCols + " FROM units WHERE code = ?", {code},
                     UnitFrom);
  }

  // Users.
  Result<int64_t> InsertUser(const User& u) override {
    auto id = InsertId(
        "INSERT INTO users (username, display_name, unit_id, roles, password_hash, disabled, "
        "locked, failed_logins, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        {u.username, u.display_name, u.unit_id, RolesText(u.roles), u.password_hash,
         int64_t{u.disabled}, int64_t{u.locked}, u.failed_logins, u.created_at_us});
    if (!id && id.error().code == ErrorCode::kConflict) {
      return core::Fail(ErrorCode::kConflict, "the username " + u.username + " is taken",
                        "username");
    }
    return id;
  }
  Result<std::optional<User>> GetUser(int64_t id) override {
    return One<User>(std::string("SELECT ") + kUserCols + " FROM users WHERE id = ?", {id},
                     UserFrom);
  }
  Result<std::optional<User>> FindUserByName(const std::string& username) override {
    return One<User>(std::string("SELECT ") + kUserCols + " FROM users WHERE username = ?",
                     {username}, UserFrom);
  }
  Result<std::vector<User>> ListUsers(const UnitScope& scope) override {
    std::vector<SqlValue> params;
    std::string in = InList(scope, params);
    return Scoped<std::vector<User>>(scope, [&] {
      return Many<User>(std::string("SELECT ") + kUserCols + " FROM users WHERE unit_id IN " +
                            in + " ORDER BY username",
                        params, UserFrom);
    });
  }
  Status UpdateUser(const User& u) override {
    return Exec(
        "UPDATE users SET display_name = ?, roles = ?, password_hash = ?, disabled = ?, "
        "locked = ?, failed_logins = ? WHERE id = ?",
        {u.display_name, RolesText(u.roles), u.password_hash, int64_t{u.disabled},
         int64_t{u.locked}, u.failed_logins, u.id});
  }

  // Sessions.
  Result<int64_t> InsertSession(const Session& s) override {
    return InsertId(
        "INSERT INTO sessions (token_hash, csrf_hash, user_id, created_at, last_seen, source) "
        "VALUES (?,?,?,?,?,?)",
        {s.token_hash, s.csrf_hash, s.user_id, s.created_at_us, s.last_seen_us, s.source});
  }
  Result<std::optional<Session>> FindSession(const std::string& token_hash) override {
    return One<Session>(
        "SELECT id, token_hash, csrf_hash, user_id, created_at, last_seen, source FROM sessions "
        "WHERE token_hash = ?",
        {token_hash}, [](const Row& r) {
          return Session{r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Int(4), r.Int(5), r.Text(6)};
        });
  }
  Status TouchSession(int64_t id, int64_t last_seen_us) override {
    return Exec("UPDATE sessions SET last_seen = ? WHERE id = ?", {last_seen_us, id});
  }
  Status DeleteSession(int64_t id) override {
    return Exec("DELETE FROM sessions WHERE id = ?", {id});
  }
  Status DeleteSessionsOfUser(int64_t user_id) override {
    return Exec("DELETE FROM sessions WHERE user_id = ?", {user_id});
  }
  Status DeleteSessionsIdleSince(int64_t before_us) override {
    return Exec("DELETE FROM sessions WHERE last_seen < ?", {before_us});
  }

  // API tokens.
  Result<int64_t> InsertApiToken(const ApiToken& t) override {
    return InsertId(
        "INSERT INTO api_tokens (user_id, name, token_hash, roles, created_at, expires_at, "
        "revoked) VALUES (?,?,?,?,?,?,?)",
        {t.user_id, t.name, t.token_hash, RolesText(t.roles), t.created_at_us,
         Opt(t.expires_at_us), int64_t{t.revoked}});
  }
  static ApiToken TokenFrom(const Row& r) {
    return ApiToken{r.Int(0),      r.Int(1),      r.Text(2),         r.Text(3),
                    RolesOf(r.Text(4)), r.Int(5), r.OptInt(6), r.Int(7) != 0};
  }
  Result<std::optional<ApiToken>> FindApiToken(const std::string& token_hash) override {
    return One<ApiToken>(
        "SELECT id, user_id, name, token_hash, roles, created_at, expires_at, revoked "
        "FROM api_tokens WHERE token_hash = ?",
        {token_hash}, TokenFrom);
  }
  Result<std::vector<ApiToken>> ListApiTokens(int64_t user_id) override {
    return Many<ApiToken>(
        "SELECT id, user_id, name, token_hash, roles, created_at, expires_at, revoked "
        "FROM api_tokens WHERE user_id = ? ORDER BY id",
        {user_id}, TokenFrom);
  }
  Status RevokeApiToken(int64_t id) override {
    return Exec("UPDATE api_tokens SET revoked = 1 WHERE id = ?", {id});
  }

  // Audit.
  // The chain head is appended to by one transaction at a time. SQLite's
  // BEGIN IMMEDIATE already serialises writers; on PostgreSQL (READ
  // COMMITTED) the head row is locked here until commit, so a second appender
  // waits and then reads the head the first one left.
  Result<AuditHead> GetAuditHead() override {
    GUOMEN_ASSIGN_OR_RETURN(
        auto rows, c_.Query(c_.dialect() == Dialect::kPostgres
                                ? "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1 "
                                  "FOR UPDATE"
                                : "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1",
                            {}));
    if (rows.empty()) return core::Fail(ErrorCode::kInternal, "the audit head row is missing");
    return AuditHead{rows[0].Int(0), rows[0].Text(1)};
  }
  Status AppendAuditEvent(const AuditEvent& e) override {
    GUOMEN_RETURN_IF_ERROR(Exec(
        "INSERT INTO audit_events (id, time, user_id, username, unit_id, action, object_type, "
        "object_id, purpose, source, result, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {e.id, e.time_us, Opt(e.user_id), e.username, Opt(e.unit_id), e.action, e.object_type,
         e.object_id, e.purpose, e.source, e.result, e.prev_hash, e.hash}));
    return Exec("UPDATE audit_head SET last_id = ?, last_hash = ? WHERE singleton = 1",
                {e.id, e.hash});
  }
  Result<std::vector<AuditEvent>> ListAuditEvents(const AuditFilter& f) override {
    std::string sql = std::string("SELECT ") + kAuditCols + " FROM audit_events WHERE 1 = 1";
    std::vector<SqlValue> params;
    auto add = [&](const char* clause, SqlValue v) {
      sql += clause;
      params.push_back(std::move(v));
    };
    if (f.username) add(" AND username = ?", *f.username);
    if (f.action) add(" AND action = ?", *f.action);
    if (f.object_type) add(" AND object_type = ?", *f.object_type);
    if (f.object_id) add(" AND object_id = ?", *f.object_id);
    if (f.result) add(" AND result = ?", *f.result);
    if (f.from_us) add(" AND time >= ?", *f.from_us);
    if (f.to_us) add(" AND time < ?", *f.to_us);
    if (f.before_id) add(" AND id < ?", *f.before_id);
    sql += " ORDER BY id DESC LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    return Many<AuditEvent>(sql, params, AuditFrom);
  }
  Status ScanAuditEvents(const std::function<bool(const AuditEvent&)>& fn) override {
    // On PostgreSQL each page is its own snapshot: locking the head keeps
    // appenders out until this transaction ends, so the pages and a later
    // GetAuditHead in it describe one and the same chain. FOR UPDATE, not
    // FOR SHARE: that GetAuditHead takes FOR UPDATE, and two scanners
    // upgrading shared locks would deadlock.
    if (c_.dialect() == Dialect::kPostgres) {
      GUOMEN_RETURN_IF_ERROR(
          Exec("SELECT singleton FROM audit_head WHERE singleton = 1 FOR UPDATE", {}));
    }
    int64_t after = -1;
    const std::string sql =
        std::string("SELECT ") + kAuditCols + " FROM audit_events WHERE id > ? ORDER BY id LIMIT 1000";
    while (true) {
      GUOMEN_ASSIGN_OR_RETURN(auto page, Many<AuditEvent>(sql, {after}, AuditFrom));
      if (page.empty()) return Status::Ok();
      for (const auto& e : page) {
        if (!fn(e)) return Status::Ok();
        after = e.id;
      }
    }
  }

  // Travellers.
  static std::string SearchName(const std::string& surname, const std::string& given) {
    return core::AsciiUpper(surname + " " + given);
  }
  Result<int64_t> InsertTraveller(const Traveller& t) override {
    return InsertId(
        "INSERT INTO travellers (unit_id, surname, given_names, search_name, nationality, "
        "birth_date, sex, document_type, document_number, issuing_state, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        {t.unit_id, t.surname, t.given_names, SearchName(t.surname, t.given_names), t.nationality,
         t.birth_date, t.sex, t.document_type, t.document_number, t.issuing_state,
         t.created_at_us});
  }
  Result<std::optional<Traveller>> GetTraveller(int64_t id) override {
    return One<Traveller>(std::string("SELECT ") + kTravellerCols + " FROM travellers WHERE id = ?",
                          {id}, TravellerFrom);
  }
  Result<std::vector<Traveller>> SearchTravellers(const std::string& query, const UnitScope& scope,
                                                  int limit) override {
    std::string q = core::AsciiUpper(query);
    std::string escaped;
    for (char ch : q) {
      if (ch == '%' || ch == '_' || ch == '\\') escaped += '\\';
      escaped += ch;
    }
    std::vector<SqlValue> params{escaped + "%", "% " + escaped + "%", q};
    std::string sql = std::string("SELECT ") + kTravellerCols +
                      " FROM travellers WHERE (search_name LIKE ? ESCAPE '\\' OR search_name LIKE "
                      "? ESCAPE '\\' OR document_number = ?) AND unit_id IN ";
    sql += InList(scope, params);
    sql += " ORDER BY surname, given_names, id LIMIT ?";
    params.emplace_back(int64_t{limit});
    return Scoped<std::vector<Traveller>>(
        scope, [&] { return Many<Traveller>(sql, params, TravellerFrom); });
  }

  // Settings.
  Result<std::optional<std::string>> GetSetting(const std::string& key) override {
    return One<std::string>("SELECT value FROM settings WHERE key = ?", {key},
                            [](const Row& r) { return r.Text(0); });
  }
  Status PutSetting(const std::string& key, const std::string& value) override {
    return Exec(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
        "excluded.value",
        {key, value});
  }

  // --- Watchlists and screening results (migration 3) ---
  static constexpr const char* kWatchlistCols =
      "id, code, name, authority, kind, action, threshold, active, current_version, entry_count, "
      "created_at, updated_at";
  static WatchlistRecord WatchlistFrom(const Row& r) {
    WatchlistRecord w;
    w.id = r.Int(0);
    w.code = r.Text(1);
    w.name = r.Text(2);
    w.authority = r.Text(3);
    w.kind = r.Text(4);
    w.action = r.Text(5);
    w.threshold = r.Double(6);
    w.active = r.Int(7) != 0;
    w.current_version = r.Int(8);
    w.entry_count = r.Int(9);
    w.created_at_us = r.Int(10);
    w.updated_at_us = r.Int(11);
    return w;
  }
  Result<int64_t> InsertWatchlist(const WatchlistRecord& w) override {
    auto id = InsertId(
        "INSERT INTO watchlists (code, name, authority, kind, action, threshold, active, "
        "current_version, entry_count, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        {w.code, w.name, w.authority, w.kind, w.action, w.threshold, int64_t{w.active},
         w.current_version, w.entry_count, w.created_at_us, w.updated_at_us});
    if (!id && id.error().code == ErrorCode::kConflict) {
      return core::Fail(ErrorCode::kConflict, "a watchlist with code " + w.code + " exists", "code");
    }
    return id;
  }
  Result<std::vector<WatchlistRecord>> ListWatchlists() override {
    return Many<WatchlistRecord>(
        std::string("SELECT ") + kWatchlistCols + " FROM watchlists ORDER BY code", {},
        WatchlistFrom);
  }
  Result<std::optional<WatchlistRecord>> GetWatchlist(int64_t id) override {
    return One<WatchlistRecord>(
        std::string("SELECT ") + kWatchlistCols + " FROM watchlists WHERE id = ?", {id},
        WatchlistFrom);
  }
  Status UpdateWatchlist(const WatchlistRecord& w) override {
    return Exec(
        "UPDATE watchlists SET name = ?, authority = ?, kind = ?, action = ?, threshold = ?, "
        "active = ?, current_version = ?, entry_count = ?, updated_at = ? WHERE id = ?",
        {w.name, w.authority, w.kind, w.action, w.threshold, int64_t{w.active}, w.current_version,
         w.entry_count, w.updated_at_us, w.id});
  }
  static constexpr const char* kVersionCols =
      "id, list_id, version, format, source_version, imported_by, imported_at, entry_count, "
      "added, changed, removed, issues";
  static WatchlistVersionRecord VersionFrom(const Row& r) {
    WatchlistVersionRecord v;
    v.id = r.Int(0);
    v.list_id = r.Int(1);
    v.version = r.Int(2);
    v.format = r.Text(3);
    v.source_version = r.Text(4);
    v.imported_by = r.Text(5);
    v.imported_at_us = r.Int(6);
    v.entry_count = r.Int(7);
    v.added = r.Int(8);
    v.changed = r.Int(9);
    v.removed = r.Int(10);
    v.issues = r.Int(11);
    return v;
  }
  Result<int64_t> InsertWatchlistVersion(const WatchlistVersionRecord& v) override {
    return InsertId(
        "INSERT INTO watchlist_versions (list_id, version, format, source_version, imported_by, "
        "imported_at, entry_count, added, changed, removed, issues) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        {v.list_id, v.version, v.format, v.source_version, v.imported_by, v.imported_at_us,
         v.entry_count, v.added, v.changed, v.removed, v.issues});
  }
  Result<std::vector<WatchlistVersionRecord>> ListWatchlistVersions(int64_t list_id) override {
    return Many<WatchlistVersionRecord>(std::string("SELECT ") + kVersionCols +
                                            " FROM watchlist_versions WHERE list_id = ? ORDER BY "
                                            "version DESC",
                                        {list_id}, VersionFrom);
  }
  Result<std::optional<WatchlistVersionRecord>> GetWatchlistVersion(int64_t list_id,
                                                                    int64_t version) override {
    return One<WatchlistVersionRecord>(
        std::string("SELECT ") + kVersionCols +
            " FROM watchlist_versions WHERE list_id = ? AND version = ?",
        {list_id, version}, VersionFrom);
  }
  Result<std::vector<std::pair<std::string, std::string>>> ListWatchlistEntryHashes(
      int64_t list_id) override {
    return Many<std::pair<std::string, std::string>>(
        "SELECT entry_id, content_hash FROM watchlist_entries WHERE list_id = ?", {list_id},
        [](const Row& r) { return std::make_pair(r.Text(0), r.Text(1)); });
  }
  Status PutWatchlistEntry(const WatchlistEntryRow& e) override {
    return Exec(
        "INSERT INTO watchlist_entries (list_id, entry_id, primary_name, search_text, data, "
        "content_hash) VALUES (?,?,?,?,?,?) ON CONFLICT (list_id, entry_id) DO UPDATE SET "
        "primary_name = excluded.primary_name, search_text = excluded.search_text, data = "
        "excluded.data, content_hash = excluded.content_hash",
        {e.list_id, e.entry_id, e.primary_name, e.search_text, e.data, e.content_hash});
  }
  Status DeleteWatchlistEntry(int64_t list_id, const std::string& entry_id) override {
    return Exec("DELETE FROM watchlist_entries WHERE list_id = ? AND entry_id = ?",
                {list_id, entry_id});
  }
  static constexpr const char* kEntryCols =
      "list_id, entry_id, primary_name, search_text, data, content_hash";
  static WatchlistEntryRow EntryFrom(const Row& r) {
    return WatchlistEntryRow{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5)};
  }
  Status ScanWatchlistEntries(int64_t list_id,
                              const std::function<bool(const WatchlistEntryRow&)>& fn) override {
    std::string after;  // entry ids are never empty, so "" sorts before all
    const std::string sql = std::string("SELECT ") + kEntryCols +
                            " FROM watchlist_entries WHERE list_id = ? AND entry_id > ? "
                            "ORDER BY entry_id LIMIT 1000";
    while (true) {
      GUOMEN_ASSIGN_OR_RETURN(auto page, Many<WatchlistEntryRow>(sql, {list_id, after}, EntryFrom));
      if (page.empty()) return Status::Ok();
      for (const auto& e : page) {
        if (!fn(e)) return Status::Ok();
        after = e.entry_id;
      }
    }
  }
  Result<std::vector<WatchlistEntryRow>> SearchWatchlistEntries(int64_t list_id,
                                                                const std::string& query,
                                                                int offset, int limit) override {
    std::string escaped;
    for (char ch : core::AsciiUpper(query)) {
      if (ch == '%' || ch == '_' || ch == '\\') escaped += '\\';
      escaped += ch;
    }
    return Many<WatchlistEntryRow>(
        std::string("SELECT ") + kEntryCols +
            " FROM watchlist_entries WHERE list_id = ? AND search_text LIKE ? ESCAPE '\\' "
            "ORDER BY primary_name, entry_id LIMIT ? OFFSET ?",
        {list_id, "%" + escaped + "%", int64_t{limit}, int64_t{offset}}, EntryFrom);
  }
  Result<std::optional<WatchlistEntryRow>> GetWatchlistEntry(int64_t list_id,
                                                             const std::string& entry_id) override {
    return One<WatchlistEntryRow>(std::string("SELECT ") + kEntryCols +
                                      " FROM watchlist_entries WHERE list_id = ? AND entry_id = ?",
                                  {list_id, entry_id}, EntryFrom);
  }
  Status InsertWatchlistChange(const WatchlistChangeRecord& c) override {
    return Exec(
        "INSERT INTO watchlist_changes (list_id, version, entry_id, change, primary_name) "
        "VALUES (?,?,?,?,?)",
        {c.list_id, c.version, c.entry_id, c.change, c.primary_name});
  }
  Result<std::vector<WatchlistChangeRecord>> ListWatchlistChanges(int64_t list_id, int64_t version,
                                                                  int offset, int limit) override {
    return Many<WatchlistChangeRecord>(
        "SELECT list_id, version, entry_id, change, primary_name FROM watchlist_changes WHERE "
        "list_id = ? AND version = ? ORDER BY change, entry_id LIMIT ? OFFSET ?",
        {list_id, version, int64_t{limit}, int64_t{offset}}, [](const Row& r) {
          return WatchlistChangeRecord{r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4)};
        });
  }
  Result<std::vector<Traveller>> ListTravellersAfter(int64_t after_id, int limit) override {
    return Many<Traveller>(std::string("SELECT ") + kTravellerCols +
                               " FROM travellers WHERE id > ? ORDER BY id LIMIT ?",
                           {after_id, int64_t{limit}}, TravellerFrom);
  }
  static constexpr const char* kResultCols =
      "id, traveller_id, unit_id, list_id, list_version, entry_id, matched_name, score, found_at, "
      "status, reviewed_by, reviewed_at";
  static ScreeningResultRecord ResultFrom(const Row& r) {
    ScreeningResultRecord s;
    s.id = r.Int(0);
    s.traveller_id = r.Int(1);
    s.unit_id = r.Int(2);
    s.list_id = r.Int(3);
    s.list_version = r.Int(4);
    s.entry_id = r.Text(5);
    s.matched_name = r.Text(6);
    s.score = r.Double(7);
    s.found_at_us = r.Int(8);
    s.status = r.Text(9);
    s.reviewed_by = r.OptInt(10);
    s.reviewed_at_us = r.OptInt(11);
    return s;
  }
  Result<bool> InsertScreeningResult(const ScreeningResultRecord& s) override {
    GUOMEN_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query("INSERT INTO screening_results (traveller_id, unit_id, list_id, list_version, "
                 "entry_id, matched_name, score, found_at, status, reviewed_by, reviewed_at) "
                 "VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (traveller_id, list_id, entry_id, "
                 "list_version) DO NOTHING RETURNING id",
                 {s.traveller_id, s.unit_id, s.list_id, s.list_version, s.entry_id,
                  s.matched_name, s.score, s.found_at_us, s.status, Opt(s.reviewed_by),
                  Opt(s.reviewed_at_us)}));
    return !rows.empty();
  }
  Result<std::vector<ScreeningResultRecord>> ListScreeningResults(
      const ScreeningResultFilter& f, const UnitScope& scope) override {
    std::string sql =
        std::string("SELECT ") + kResultCols + " FROM screening_results WHERE unit_id IN ";
    std::vector<SqlValue> params;
    sql += InList(scope, params);
    if (f.status) {
      sql += " AND status = ?";
      params.emplace_back(*f.status);
    }
    if (f.list_id) {
      sql += " AND list_id = ?";
      params.emplace_back(*f.list_id);
    }
    if (f.before_id) {
      sql += " AND id < ?";
      params.emplace_back(*f.before_id);
    }
    sql += " ORDER BY id DESC LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    return Many<ScreeningResultRecord>(sql, params, ResultFrom);
  }
  Result<std::optional<ScreeningResultRecord>> GetScreeningResult(int64_t id) override {
    return One<ScreeningResultRecord>(
        std::string("SELECT ") + kResultCols + " FROM screening_results WHERE id = ?", {id},
        ResultFrom);
  }
  Status ReviewScreeningResult(int64_t id, int64_t user_id, int64_t at_us) override {
    return Exec(
        "UPDATE screening_results SET status = 'reviewed', reviewed_by = ?, reviewed_at = ? "
        "WHERE id = ?",
        {user_id, at_us, id});
  }
  Status WithdrawScreeningResults(int64_t list_id, const std::string& entry_id) override {
    return Exec(
        "UPDATE screening_results SET status = 'withdrawn' WHERE list_id = ? AND entry_id = ? "
        "AND status = 'new'",
        {list_id, entry_id});
  }

 private:
  SqlConnection& c_;
};

}  // namespace

Result<std::unique_ptr<SqlStore>> SqlStore::Open(ConnectionFactory factory, int pool_size,
                                                 std::string description) {
  std::unique_ptr<SqlStore> store(new SqlStore());
  store->description_ = std::move(description);
  for (int i = 0; i < pool_size; ++i) {
    GUOMEN_ASSIGN_OR_RETURN(auto conn, factory());
    if (i == 0) {
      GUOMEN_ASSIGN_OR_RETURN(store->schema_version_, Migrate(*conn));
    }
    store->idle_.push_back(std::move(conn));
  }
  return store;
}

std::unique_ptr<SqlConnection> SqlStore::Acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !idle_.empty(); });
  auto conn = std::move(idle_.back());
  idle_.pop_back();
  return conn;
}

void SqlStore::Release(std::unique_ptr<SqlConnection> conn) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(conn));
  }
  cv_.notify_one();
}

Status SqlStore::Transact(const std::function<Status(Tx&)>& fn) {
  auto conn = Acquire();
  struct Returner {
    SqlStore* store;
    std::unique_ptr<SqlConnection>* conn;
    ~Returner() { store->Release(std::move(*conn)); }
  } returner{this, &conn};

  GUOMEN_RETURN_IF_ERROR(conn->Begin());
  SqlTx tx(*conn);
  Status st;
  try {
    st = fn(tx);
  } catch (const std::exception& e) {
    st = core::Fail(ErrorCode::kInternal, std::string("transaction aborted: ") + e.what());
  }
  if (!st.ok()) {
    (void)conn->Rollback();
    return st;
  }
  Status commit = conn->Commit();
  if (!commit.ok()) (void)conn->Rollback();
  return commit;
}

}  // namespace guomen::store

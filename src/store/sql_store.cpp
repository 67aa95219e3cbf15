#include "store/sql_store.hpp"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <thread>
#include <utility>

#include <spdlog/spdlog.h>

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
    "result, prev_hash, hash, lane";
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
  e.lane = static_cast<int>(r.Int(13));
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

// --- Port inspection ---

SqlValue OptVal(const std::optional<int64_t>& v) { return Opt(v); }

constexpr const char* kDeskSessionCols =
    "id, user_id, unit_id, desk, direction, conveyance, opened_at, closed_at";
DeskSession DeskSessionFrom(const Row& r) {
  return DeskSession{r.Int(0),  r.Int(1),  r.Int(2),    r.Text(3),
                     r.Text(4), r.Text(5), r.Int(6), r.OptInt(7)};
}

constexpr const char* kInspectionCols =
    "id, session_id, unit_id, officer_id, traveller_id, direction, conveyance, desk, carrier, "
    "document_type, document_number, issuing_state, nationality, document_json, risk_level, "
    "risk_json, facts_json, state, decision, refusal_code, answers_json, note, started_at, "
    "decided_at, durations_json, permitted_stay_days, overstay_days";
Inspection InspectionFrom(const Row& r) {
  Inspection i;
  i.id = r.Int(0);
  i.session_id = r.Int(1);
  i.unit_id = r.Int(2);
  i.officer_id = r.Int(3);
  i.traveller_id = r.Int(4);
  i.direction = r.Text(5);
  i.conveyance = r.Text(6);
  i.desk = r.Text(7);
  i.carrier = r.Text(8);
  i.document_type = r.Text(9);
  i.document_number = r.Text(10);
  i.issuing_state = r.Text(11);
  i.nationality = r.Text(12);
  i.document_json = r.Text(13);
  i.risk_level = r.Text(14);
  i.risk_json = r.Text(15);
  i.facts_json = r.Text(16);
  i.state = r.Text(17);
  i.decision = r.Text(18);
  i.refusal_code = r.Text(19);
  i.answers_json = r.Text(20);
  i.note = r.Text(21);
  i.started_at_us = r.Int(22);
  i.decided_at_us = r.OptInt(23);
  i.durations_json = r.Text(24);
  i.permitted_stay_days = r.OptInt(25);
  i.overstay_days = r.OptInt(26);
  return i;
}

constexpr const char* kHitCols =
    "id, inspection_id, list_id, list_code, list_name, list_kind, action, entry_id, entry_hash, "
    "matched_name, score, explanation_json, status, reason, adjudicated_by, adjudicated_at";
InspectionHit HitFrom(const Row& r) {
  InspectionHit h;
  h.id = r.Int(0);
  h.inspection_id = r.Int(1);
  h.list_id = r.Int(2);
  h.list_code = r.Text(3);
  h.list_name = r.Text(4);
  h.list_kind = r.Text(5);
  h.action = r.Text(6);
  h.entry_id = r.Text(7);
  h.entry_hash = r.Text(8);
  h.matched_name = r.Text(9);
  h.score = r.Double(10);
  h.explanation_json = r.Text(11);
  h.status = r.Text(12);
  h.reason = r.Text(13);
  h.adjudicated_by = r.OptInt(14);
  h.adjudicated_at_us = r.OptInt(15);
  return h;
}

constexpr const char* kClearanceCols =
    "id, document_number, issuing_state, list_id, entry_id, entry_hash, reason, cleared_by, "
    "cleared_at, inspection_id, manifest_person_id";
HitClearance ClearanceFrom(const Row& r) {
  return HitClearance{r.Int(0),  r.Text(1), r.Text(2), r.Int(3), r.Text(4),   r.Text(5),
                      r.Text(6), r.Int(7),  r.Int(8),  r.Int(9), r.OptInt(10)};
}

constexpr const char* kSecondaryCols =
    "id, inspection_id, unit_id, referred_at, referred_by, reasons_json, state, officer_id, "
    "taken_at, notes, checks_json, findings, outcome, refusal_code, completed_at";
SecondaryCase SecondaryFrom(const Row& r) {
  SecondaryCase c;
  c.id = r.Int(0);
  c.inspection_id = r.Int(1);
  c.unit_id = r.Int(2);
  c.referred_at_us = r.Int(3);
  c.referred_by = r.Int(4);
  c.reasons_json = r.Text(5);
  c.state = r.Text(6);
  c.officer_id = r.OptInt(7);
  c.taken_at_us = r.OptInt(8);
  c.notes = r.Text(9);
  c.checks_json = r.Text(10);
  c.findings = r.Text(11);
  c.outcome = r.Text(12);
  c.refusal_code = r.Text(13);
  c.completed_at_us = r.OptInt(14);
  return c;
}

constexpr const char* kCrossingCols =
    "id, time, traveller_id, inspection_id, unit_id, desk, direction, conveyance, carrier, "
    "document_number, issuing_state, nationality, officer_id, decision, refusal_code, risk_level, "
    "reasons_json, referred, permitted_stay_days, overstay_days, started_at, durations_json";
Crossing CrossingFrom(const Row& r) {
  Crossing c;
  c.id = r.Int(0);
  c.time_us = r.Int(1);
  c.traveller_id = r.Int(2);
  c.inspection_id = r.Int(3);
  c.unit_id = r.Int(4);
  c.desk = r.Text(5);
  c.direction = r.Text(6);
  c.conveyance = r.Text(7);
  c.carrier = r.Text(8);
  c.document_number = r.Text(9);
  c.issuing_state = r.Text(10);
  c.nationality = r.Text(11);
  c.officer_id = r.Int(12);
  c.decision = r.Text(13);
  c.refusal_code = r.Text(14);
  c.risk_level = r.Text(15);
  c.reasons_json = r.Text(16);
  c.referred = r.Int(17) != 0;
  c.permitted_stay_days = r.OptInt(18);
  c.overstay_days = r.OptInt(19);
  c.started_at_us = r.Int(20);
  c.durations_json = r.Text(21);
  return c;
}
// "c." prefixed, for queries that join crossings with itself.
std::string Prefixed(const char* cols, const char* prefix) {
  std::string out;
  for (const auto& c : core::Split(cols, ',')) {
    if (!out.empty()) out += ", ";
    out += prefix;
    out += core::Trim(c);
  }
  return out;
}

constexpr const char* kChecklistCols = "id, unit_id, item_key, direction, text_zh, text_en, active";
ChecklistItem ChecklistFrom(const Row& r) {
  return ChecklistItem{r.Int(0),  r.OptInt(1), r.Text(2),      r.Text(3),
                       r.Text(4), r.Text(5),   r.Int(6) != 0};
}

constexpr const char* kAlertCols =
    "id, unit_id, time, kind, severity, inspection_id, summary_en, summary_zh, state, "
    "acknowledged_by, acknowledged_at";
Alert AlertFrom(const Row& r) {
  return Alert{r.Int(0),  r.Int(1),  r.Int(2),  r.Text(3),   r.Text(4),  r.OptInt(5),
               r.Text(6), r.Text(7), r.Text(8), r.OptInt(9), r.OptInt(10)};
}

constexpr const char* kManifestCols =
    "id, unit_id, carrier, transport_id, list_type, scheduled_arrival, scheduled_departure, "
    "departure_location, arrival_location, sender, interchange_ref, message_ref, format, verdict, "
    "issues_json, version, content_hash, received_at, updated_at, source, raw_text, screened_at, "
    "received_by, conveyance, ports_of_call_json";
// Columns read after kManifestCols in a joined query start here.
constexpr int kManifestColCount = 25;
Manifest ManifestFrom(const Row& r) {
  Manifest m;
  m.id = r.Int(0);
  m.unit_id = r.Int(1);
  m.carrier = r.Text(2);
  m.transport_id = r.Text(3);
  m.list_type = r.Text(4);
  m.scheduled_arrival_us = r.OptInt(5);
  m.scheduled_departure_us = r.OptInt(6);
  m.departure_location = r.Text(7);
  m.arrival_location = r.Text(8);
  m.sender = r.Text(9);
  m.interchange_ref = r.Text(10);
  m.message_ref = r.Text(11);
  m.format = r.Text(12);
  m.verdict = r.Text(13);
  m.issues_json = r.Text(14);
  m.version = r.Int(15);
  m.content_hash = r.Text(16);
  m.received_at_us = r.Int(17);
  m.updated_at_us = r.Int(18);
  m.source = r.Text(19);
  m.raw_text = r.Text(20);
  m.screened_at_us = r.OptInt(21);
  m.received_by = r.OptInt(22);
  m.conveyance = r.Text(23);
  m.ports_of_call_json = r.Text(24);
  return m;
}

constexpr const char* kManifestVersionCols =
    "id, manifest_id, unit_id, version, sender, interchange_ref, message_ref, change, "
    "document_code, verdict, issues_json, content_hash, person_count, received_at, source, "
    "raw_text";
ManifestVersion ManifestVersionFrom(const Row& r) {
  ManifestVersion v;
  v.id = r.Int(0);
  v.manifest_id = r.Int(1);
  v.unit_id = r.Int(2);
  v.version = r.Int(3);
  v.sender = r.Text(4);
  v.interchange_ref = r.Text(5);
  v.message_ref = r.Text(6);
  v.change = r.Int(7) != 0;
  v.document_code = r.Text(8);
  v.verdict = r.Text(9);
  v.issues_json = r.Text(10);
  v.content_hash = r.Text(11);
  v.person_count = r.Int(12);
  v.received_at_us = r.Int(13);
  v.source = r.Text(14);
  v.raw_text = r.Text(15);
  return v;
}

constexpr const char* kManifestPersonCols =
    "id, manifest_id, unit_id, seq, role, role_code, surname, given_names, birth_date, sex, "
    "nationality, embarkation, debarkation, documents_json, document_number, issuing_state, "
    "from_defective_message, risk_level, points, reasons_json, hits_json, screened_at, marks_json, "
    "health_json, booking_reference, booking_date";
constexpr int kManifestPersonColCount = 26;
ManifestPerson ManifestPersonFrom(const Row& r) {
  ManifestPerson p;
  p.id = r.Int(0);
  p.manifest_id = r.Int(1);
  p.unit_id = r.Int(2);
  p.seq = r.Int(3);
  p.role = r.Text(4);
  p.role_code = r.Text(5);
  p.surname = r.Text(6);
  p.given_names = r.Text(7);
  p.birth_date = r.Text(8);
  p.sex = r.Text(9);
  p.nationality = r.Text(10);
  p.embarkation = r.Text(11);
  p.debarkation = r.Text(12);
  p.documents_json = r.Text(13);
  p.document_number = r.Text(14);
  p.issuing_state = r.Text(15);
  p.from_defective_message = r.Int(16) != 0;
  p.risk_level = r.Text(17);
  p.points = r.Int(18);
  p.reasons_json = r.Text(19);
  p.hits_json = r.Text(20);
  p.screened_at_us = r.OptInt(21);
  p.marks_json = r.Text(22);
  p.health_json = r.Text(23);
  p.booking_reference = r.Text(24);
  p.booking_date = r.Text(25);
  return p;
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
  Result<std::vector<int64_t>> ListUnitSubtree(int64_t root) override {
    // Units never change parent, so the tree has no cycle to stop.
    return Many<int64_t>(
        "WITH RECURSIVE sub(id, depth) AS (SELECT id, 0 FROM units WHERE id = ? UNION ALL "
        "SELECT u.id, sub.depth + 1 FROM units u JOIN sub ON u.parent_id = sub.id) "
        "SELECT id FROM sub ORDER BY depth, id",
        {root}, [](const Row& r) { return r.Int(0); });
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
  // A lane's head is appended to by one transaction at a time. SQLite's
  // BEGIN IMMEDIATE already serialises writers, and its one lane takes ids
  // in turn. On PostgreSQL (READ COMMITTED) a transaction locks the first
  // lane no other one holds (SKIP LOCKED) until it commits; only when every
  // lane is taken does it wait, for one picked at random. Its ids come from
  // a sequence, drawn after the lane is locked, so each lane's ids grow in
  // the order of its chain.
  // A row of (lane, last_id, last_hash[, next id]).
  static AuditHead LaneFrom(const Row& r, bool with_next_id) {
    return AuditHead{static_cast<int>(r.Int(0)), r.Int(1), r.Text(2),
                     with_next_id ? r.Int(3) : 0};
  }
  Result<AuditHead> ClaimAuditLane() override {
    if (c_.dialect() != Dialect::kPostgres) {
      GUOMEN_ASSIGN_OR_RETURN(
          auto rows, c_.Query("SELECT lane, last_id, last_hash, (SELECT max(last_id) + 1 FROM "
                              "audit_lanes) FROM audit_lanes ORDER BY lane LIMIT 1",
                              {}));
      if (rows.empty()) return core::Fail(ErrorCode::kInternal, "the audit trail has no lane");
      return LaneFrom(rows[0], true);
    }
    // The outer query draws the id once the inner one holds the lane.
    auto claim = [&](const std::string& which, const std::vector<SqlValue>& params = {}) {
      return c_.Query("SELECT lane, last_id, last_hash, nextval('audit_event_ids') FROM (SELECT "
                      "lane, last_id, last_hash FROM audit_lanes " + which + ") AS claimed",
                      params);
    };
    Result<std::vector<Row>> rows = std::vector<Row>{};
    if (audit_lane_) {
      rows = claim("WHERE lane = ? FOR UPDATE", {int64_t{*audit_lane_}});
    } else {
      rows = claim("ORDER BY lane LIMIT 1 FOR UPDATE SKIP LOCKED");
      if (rows.ok() && rows->empty()) {
        rows = claim(
            "WHERE lane = (SELECT floor(random() * count(*))::int FROM audit_lanes) FOR UPDATE");
      }
    }
    if (!rows.ok()) return core::Fail(rows.error());
    if (rows->empty()) return core::Fail(ErrorCode::kInternal, "the audit trail has no lane");
    AuditHead head = LaneFrom((*rows)[0], true);
    audit_lane_ = head.lane;
    return head;
  }
  Status AppendAuditEvent(const AuditEvent& e) override {
    GUOMEN_RETURN_IF_ERROR(Exec(
        "INSERT INTO audit_events (id, time, user_id, username, unit_id, action, object_type, "
        "object_id, purpose, source, result, prev_hash, hash, lane) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {e.id, e.time_us, Opt(e.user_id), e.username, Opt(e.unit_id), e.action, e.object_type,
         e.object_id, e.purpose, e.source, e.result, e.prev_hash, e.hash, int64_t{e.lane}}));
    return Exec("UPDATE audit_lanes SET last_id = ?, last_hash = ? WHERE lane = ?",
                {e.id, e.hash, int64_t{e.lane}});
  }
  Result<std::vector<AuditHead>> GetAuditLanes() override {
    return Many<AuditHead>("SELECT lane, last_id, last_hash FROM audit_lanes ORDER BY lane", {},
                           [](const Row& r) { return LaneFrom(r, false); });
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
    // On PostgreSQL each page is its own snapshot: locking every lane keeps
    // appenders out until this transaction ends, so the pages and a later
    // GetAuditLanes in it describe the same chains. In lane order, so two
    // scanners do not deadlock; an appender holds one lane and waits for no
    // other.
    if (c_.dialect() == Dialect::kPostgres) {
      GUOMEN_RETURN_IF_ERROR(Exec("SELECT lane FROM audit_lanes ORDER BY lane FOR UPDATE", {}));
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

  // --- Port inspection ---
  Result<int64_t> InsertDeskSession(const DeskSession& d) override {
    return InsertId(
        "INSERT INTO desk_sessions (user_id, unit_id, desk, direction, conveyance, opened_at, "
        "closed_at) VALUES (?,?,?,?,?,?,?)",
        {d.user_id, d.unit_id, d.desk, d.direction, d.conveyance, d.opened_at_us,
         OptVal(d.closed_at_us)});
  }
  Result<std::optional<DeskSession>> GetDeskSession(int64_t id) override {
    return One<DeskSession>(
        std::string("SELECT ") + kDeskSessionCols + " FROM desk_sessions WHERE id = ?", {id},
        DeskSessionFrom);
  }
  Status CloseDeskSession(int64_t id, int64_t at_us) override {
    return Exec("UPDATE desk_sessions SET closed_at = ? WHERE id = ? AND closed_at IS NULL",
                {at_us, id});
  }
  Result<std::optional<Traveller>> FindTravellerByDocument(const std::string& number,
                                                           const std::string& state) override {
    return One<Traveller>(std::string("SELECT ") + kTravellerCols +
                              " FROM travellers WHERE document_number = ? AND issuing_state = ? "
                              "ORDER BY id LIMIT 1",
                          {number, state}, TravellerFrom);
  }
  Result<std::vector<Traveller>> FindTravellersByNameAndBirth(const std::string& surname,
                                                              const std::string& given_names,
                                                              const std::string& birth_date,
                                                              int limit) override {
    return Many<Traveller>(std::string("SELECT ") + kTravellerCols +
                               " FROM travellers WHERE search_name = ? AND birth_date = ? "
                               "ORDER BY id LIMIT ?",
                           {SearchName(surname, given_names), birth_date, int64_t{limit}},
                           TravellerFrom);
  }
  Result<int64_t> InsertInspection(const Inspection& i) override {
    return InsertId(
        "INSERT INTO inspections (session_id, unit_id, officer_id, traveller_id, direction, "
        "conveyance, desk, carrier, document_type, document_number, issuing_state, nationality, "
        "document_json, risk_level, risk_json, facts_json, state, decision, refusal_code, "
        "answers_json, note, started_at, decided_at, durations_json, permitted_stay_days, "
        "overstay_days) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {i.session_id, i.unit_id, i.officer_id, i.traveller_id, i.direction, i.conveyance, i.desk,
         i.carrier, i.document_type, i.document_number, i.issuing_state, i.nationality,
         i.document_json, i.risk_level, i.risk_json, i.facts_json, i.state, i.decision,
         i.refusal_code, i.answers_json, i.note, i.started_at_us, OptVal(i.decided_at_us),
         i.durations_json, OptVal(i.permitted_stay_days), OptVal(i.overstay_days)});
  }
  Result<std::optional<Inspection>> GetInspection(int64_t id) override {
    return One<Inspection>(
        std::string("SELECT ") + kInspectionCols + " FROM inspections WHERE id = ?", {id},
        InspectionFrom);
  }
  Status UpdateInspection(const Inspection& i) override {
    return Exec(
        "UPDATE inspections SET state = ?, decision = ?, refusal_code = ?, answers_json = ?, "
        "note = ?, decided_at = ?, durations_json = ?, permitted_stay_days = ?, overstay_days = ? "
        "WHERE id = ?",
        {i.state, i.decision, i.refusal_code, i.answers_json, i.note, OptVal(i.decided_at_us),
         i.durations_json, OptVal(i.permitted_stay_days), OptVal(i.overstay_days), i.id});
  }
  Result<int64_t> InsertInspectionHit(const InspectionHit& h) override {
    return InsertId(
        "INSERT INTO inspection_hits (inspection_id, list_id, list_code, list_name, list_kind, "
        "action, entry_id, entry_hash, matched_name, score, explanation_json, status, reason, "
        "adjudicated_by, adjudicated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {h.inspection_id, h.list_id, h.list_code, h.list_name, h.list_kind, h.action, h.entry_id,
         h.entry_hash, h.matched_name, h.score, h.explanation_json, h.status, h.reason,
         OptVal(h.adjudicated_by), OptVal(h.adjudicated_at_us)});
  }
  Result<std::vector<InspectionHit>> ListInspectionHits(int64_t inspection_id) override {
    return Many<InspectionHit>(std::string("SELECT ") + kHitCols +
                                   " FROM inspection_hits WHERE inspection_id = ? ORDER BY id",
                               {inspection_id}, HitFrom);
  }
  Status UpdateInspectionHit(const InspectionHit& h) override {
    return Exec(
        "UPDATE inspection_hits SET status = ?, reason = ?, adjudicated_by = ?, adjudicated_at = ? "
        "WHERE id = ?",
        {h.status, h.reason, OptVal(h.adjudicated_by), OptVal(h.adjudicated_at_us), h.id});
  }
  Result<std::optional<HitClearance>> FindHitClearance(const std::string& document_number,
                                                       const std::string& issuing_state,
                                                       int64_t list_id, const std::string& entry_id,
                                                       const std::string& entry_hash) override {
    return One<HitClearance>(
        std::string("SELECT ") + kClearanceCols +
            " FROM hit_clearances WHERE document_number = ? AND issuing_state = ? AND list_id = ? "
            "AND entry_id = ? AND entry_hash = ?",
        {document_number, issuing_state, list_id, entry_id, entry_hash}, ClearanceFrom);
  }
  Result<int64_t> InsertHitClearance(const HitClearance& c) override {
    return InsertId(
        "INSERT INTO hit_clearances (document_number, issuing_state, list_id, entry_id, "
        "entry_hash, reason, cleared_by, cleared_at, inspection_id, manifest_person_id) "
        "VALUES (?,?,?,?,?,?,?,?,?,?)",
        {c.document_number, c.issuing_state, c.list_id, c.entry_id, c.entry_hash, c.reason,
         c.cleared_by, c.cleared_at_us, c.inspection_id, Opt(c.manifest_person_id)});
  }
  Result<int64_t> InsertSecondaryCase(const SecondaryCase& c) override {
    return InsertId(
        "INSERT INTO secondary_cases (inspection_id, unit_id, referred_at, referred_by, "
        "reasons_json, state, officer_id, taken_at, notes, checks_json, findings, outcome, "
        "refusal_code, completed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {c.inspection_id, c.unit_id, c.referred_at_us, c.referred_by, c.reasons_json, c.state,
         OptVal(c.officer_id), OptVal(c.taken_at_us), c.notes, c.checks_json, c.findings,
         c.outcome, c.refusal_code, OptVal(c.completed_at_us)});
  }
  Result<std::optional<SecondaryCase>> GetSecondaryCase(int64_t id) override {
    return One<SecondaryCase>(
        std::string("SELECT ") + kSecondaryCols + " FROM secondary_cases WHERE id = ?", {id},
        SecondaryFrom);
  }
  Result<std::vector<SecondaryCase>> ListSecondaryCases(const UnitScope& scope,
                                                        const std::vector<std::string>& states,
                                                        int limit) override {
    std::vector<SqlValue> params;
    std::string sql = std::string("SELECT ") + kSecondaryCols +
                      " FROM secondary_cases WHERE unit_id IN " + InList(scope, params);
    if (!states.empty()) {
      sql += " AND state IN (";
      for (size_t i = 0; i < states.size(); ++i) {
        sql += i ? ",?" : "?";
        params.emplace_back(states[i]);
      }
      sql += ")";
    }
    sql += " ORDER BY referred_at, id LIMIT ?";
    params.emplace_back(int64_t{limit});
    return Many<SecondaryCase>(sql, params, SecondaryFrom);
  }
  Status UpdateSecondaryCase(const SecondaryCase& c) override {
    return Exec(
        "UPDATE secondary_cases SET state = ?, officer_id = ?, taken_at = ?, notes = ?, "
        "checks_json = ?, findings = ?, outcome = ?, refusal_code = ?, completed_at = ? "
        "WHERE id = ?",
        {c.state, OptVal(c.officer_id), OptVal(c.taken_at_us), c.notes, c.checks_json, c.findings,
         c.outcome, c.refusal_code, OptVal(c.completed_at_us), c.id});
  }
  Result<int64_t> InsertCrossing(const Crossing& c) override {
    return InsertId(
        "INSERT INTO crossings (time, traveller_id, inspection_id, unit_id, desk, direction, "
        "conveyance, carrier, document_number, issuing_state, nationality, officer_id, decision, "
        "refusal_code, risk_level, reasons_json, referred, permitted_stay_days, overstay_days, "
        "started_at, durations_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {c.time_us, c.traveller_id, c.inspection_id, c.unit_id, c.desk, c.direction, c.conveyance,
         c.carrier, c.document_number, c.issuing_state, c.nationality, c.officer_id, c.decision,
         c.refusal_code, c.risk_level, c.reasons_json, int64_t{c.referred},
         OptVal(c.permitted_stay_days), OptVal(c.overstay_days), c.started_at_us,
         c.durations_json});
  }
  Result<std::vector<Crossing>> ListCrossingsOfTraveller(int64_t traveller_id, int limit) override {
    return Many<Crossing>(std::string("SELECT ") + kCrossingCols +
                              " FROM crossings WHERE traveller_id = ? ORDER BY time DESC, id DESC "
                              "LIMIT ?",
                          {traveller_id, int64_t{limit}}, CrossingFrom);
  }
  Result<TravellerHistory> GetTravellerHistory(int64_t traveller_id) override {
    GUOMEN_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query("SELECT count(*), "
                 "COALESCE(SUM(CASE WHEN decision = 'refuse' THEN 1 ELSE 0 END), 0), "
                 "COALESCE(SUM(CASE WHEN overstay_days > 0 THEN 1 ELSE 0 END), 0), "
                 "COALESCE(SUM(referred), 0), "
                 "MAX(CASE WHEN decision = 'refuse' THEN time END) "
                 "FROM crossings WHERE traveller_id = ?",
                 {traveller_id}));
    TravellerHistory h;
    if (!rows.empty()) {
      h.crossings = rows[0].Int(0);
      h.refusals = rows[0].Int(1);
      h.overstays = rows[0].Int(2);
      h.referrals = rows[0].Int(3);
      h.last_refusal_us = rows[0].OptInt(4);
    }
    return h;
  }
  Result<std::optional<Crossing>> LastAdmittedCrossing(int64_t traveller_id) override {
    return One<Crossing>(std::string("SELECT ") + kCrossingCols +
                             " FROM crossings WHERE traveller_id = ? AND decision = 'admit' "
                             "ORDER BY time DESC, id DESC LIMIT 1",
                         {traveller_id}, CrossingFrom);
  }
  Result<std::vector<Crossing>> ListCrossings(const UnitScope& scope, int64_t from_us,
                                              int64_t to_us, int limit) override {
    return Scoped<std::vector<Crossing>>(scope, [&]() -> Result<std::vector<Crossing>> {
      std::vector<SqlValue> params{from_us, to_us};
      std::string sql = std::string("SELECT ") + kCrossingCols +
                        " FROM crossings WHERE time >= ? AND time < ? AND unit_id IN ";
      sql += InList(scope, params);
      sql += " ORDER BY time, id LIMIT ?";
      params.emplace_back(int64_t{limit});
      return Many<Crossing>(sql, params, CrossingFrom);
    });
  }
  Result<std::vector<Crossing>> ListOverstayingEntries(const UnitScope& scope,
                                                       const std::string& home, int64_t now_us,
                                                       int limit) override {
    std::vector<SqlValue> params{home, now_us};
    std::string sql =
        "SELECT " + Prefixed(kCrossingCols, "c.") +
        " FROM crossings c WHERE c.direction = 'entry' AND c.decision = 'admit' "
        "AND c.nationality <> ? AND c.permitted_stay_days IS NOT NULL "
        "AND c.time + c.permitted_stay_days * 86400000000 < ? "
        "AND NOT EXISTS (SELECT 1 FROM crossings x WHERE x.traveller_id = c.traveller_id "
        "AND x.decision = 'admit' AND (x.time > c.time OR (x.time = c.time AND x.id > c.id))) "
        "AND c.unit_id IN ";
    sql += InList(scope, params);
    sql += " ORDER BY c.time LIMIT ?";
    params.emplace_back(int64_t{limit});
    return Many<Crossing>(sql, params, CrossingFrom);
  }
  Result<std::vector<Crossing>> ListExitsAfterOverstay(const UnitScope& scope, int64_t from_us,
                                                       int limit) override {
    std::vector<SqlValue> params{from_us};
    std::string sql = std::string("SELECT ") + kCrossingCols +
                      " FROM crossings WHERE direction = 'exit' AND decision = 'admit' AND "
                      "overstay_days > 0 AND time >= ? AND unit_id IN ";
    sql += InList(scope, params);
    sql += " ORDER BY time DESC LIMIT ?";
    params.emplace_back(int64_t{limit});
    return Many<Crossing>(sql, params, CrossingFrom);
  }
  Result<std::vector<RefusalReason>> ListRefusalReasons() override {
    return Many<RefusalReason>(
        "SELECT code, text_zh, text_en, active FROM refusal_reasons ORDER BY code", {},
        [](const Row& r) { return RefusalReason{r.Text(0), r.Text(1), r.Text(2), r.Int(3) != 0}; });
  }
  Status PutRefusalReason(const RefusalReason& reason) override {
    return Exec(
        "INSERT INTO refusal_reasons (code, text_zh, text_en, active) VALUES (?,?,?,?) "
        "ON CONFLICT (code) DO UPDATE SET text_zh = excluded.text_zh, text_en = excluded.text_en, "
        "active = excluded.active",
        {reason.code, reason.text_zh, reason.text_en, int64_t{reason.active}});
  }
  Result<std::vector<ChecklistItem>> ListChecklist(int64_t unit_id,
                                                   const std::string& direction) override {
    return Many<ChecklistItem>(
        std::string("SELECT ") + kChecklistCols +
            " FROM checklist_items WHERE active = 1 AND (unit_id IS NULL OR unit_id = ?) AND "
            "(direction = ? OR direction = 'both') ORDER BY id",
        {unit_id, direction}, ChecklistFrom);
  }
  Result<std::vector<ChecklistItem>> ListAllChecklistItems() override {
    return Many<ChecklistItem>(
        std::string("SELECT ") + kChecklistCols + " FROM checklist_items ORDER BY id", {},
        ChecklistFrom);
  }
  Result<int64_t> InsertChecklistItem(const ChecklistItem& i) override {
    return InsertId(
        "INSERT INTO checklist_items (unit_id, item_key, direction, text_zh, text_en, active) "
        "VALUES (?,?,?,?,?,?)",
        {OptVal(i.unit_id), i.key, i.direction, i.text_zh, i.text_en, int64_t{i.active}});
  }
  Status SetChecklistItemActive(int64_t id, bool active) override {
    return Exec("UPDATE checklist_items SET active = ? WHERE id = ?", {int64_t{active}, id});
  }
  Result<std::vector<StayRule>> ListStayRules() override {
    return Many<StayRule>(
        "SELECT id, nationality, conveyance, days, note FROM stay_rules ORDER BY nationality, "
        "conveyance",
        {}, [](const Row& r) { return StayRule{r.Int(0), r.Text(1), r.Text(2), r.Int(3), r.Text(4)}; });
  }
  Status PutStayRule(const StayRule& rule) override {
    return Exec(
        "INSERT INTO stay_rules (nationality, conveyance, days, note) VALUES (?,?,?,?) "
        "ON CONFLICT (nationality, conveyance) DO UPDATE SET days = excluded.days, "
        "note = excluded.note",
        {rule.nationality, rule.conveyance, rule.days, rule.note});
  }
  Result<int64_t> InsertAlert(const Alert& a) override {
    return InsertId(
        "INSERT INTO alerts (unit_id, time, kind, severity, inspection_id, summary_en, summary_zh, "
        "state, acknowledged_by, acknowledged_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        {a.unit_id, a.time_us, a.kind, a.severity, OptVal(a.inspection_id), a.summary_en,
         a.summary_zh, a.state, OptVal(a.acknowledged_by), OptVal(a.acknowledged_at_us)});
  }
  Result<std::vector<Alert>> ListAlerts(const UnitScope& scope,
                                        const std::optional<std::string>& state,
                                        int limit) override {
    std::vector<SqlValue> params;
    std::string sql = std::string("SELECT ") + kAlertCols + " FROM alerts WHERE unit_id IN " +
                      InList(scope, params);
    if (state) {
      sql += " AND state = ?";
      params.emplace_back(*state);
    }
    sql += " ORDER BY time DESC, id DESC LIMIT ?";
    params.emplace_back(int64_t{limit});
    return Many<Alert>(sql, params, AlertFrom);
  }
  Result<std::optional<Alert>> GetAlert(int64_t id) override {
    return One<Alert>(std::string("SELECT ") + kAlertCols + " FROM alerts WHERE id = ?", {id},
                      AlertFrom);
  }
  Status AcknowledgeAlert(int64_t id, int64_t user_id, int64_t at_us) override {
    return Exec(
        "UPDATE alerts SET state = 'acknowledged', acknowledged_by = ?, acknowledged_at = ? "
        "WHERE id = ? AND state = 'new'",
        {user_id, at_us, id});
  }

  // --- Risk rules, reference sets and fact snapshots ---
  static std::string IdsText(const std::vector<int64_t>& ids) {
    std::string s;
    for (size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
    return s;
  }
  static std::vector<int64_t> IdsOf(const std::string& text) {
    std::vector<int64_t> out;
    if (text.empty()) return out;
    for (const auto& p : core::Split(text, ',')) out.push_back(std::strtoll(p.c_str(), nullptr, 10));
    return out;
  }
  static SqlValue OptInt32(const std::optional<int>& v) {
    return v ? SqlValue(int64_t{*v}) : SqlValue(std::monostate{});
  }
  static constexpr const char* kRuleCols =
      "id, code, owner_unit_id, state, current_version, active_version, created_by, created_at, "
      "updated_at";
  static Rule RuleFrom(const Row& r) {
    Rule x;
    x.id = r.Int(0);
    x.code = r.Text(1);
    x.owner_unit_id = r.Int(2);
    x.state = r.Text(3);
    x.current_version = static_cast<int>(r.Int(4));
    if (!r.IsNull(5)) x.active_version = static_cast<int>(r.Int(5));
    x.created_by = r.Int(6);
    x.created_at_us = r.Int(7);
    x.updated_at_us = r.Int(8);
    return x;
  }
  Result<int64_t> InsertRule(const Rule& x) override {
    auto id = InsertId(
        "INSERT INTO rules (code, owner_unit_id, state, current_version, active_version, "
        "created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
        {x.code, x.owner_unit_id, x.state, int64_t{x.current_version}, OptInt32(x.active_version),
         x.created_by, x.created_at_us, x.updated_at_us});
    if (!id && id.error().code == ErrorCode::kConflict) {
      return core::Fail(ErrorCode::kConflict, "a rule with code " + x.code + " exists", "code");
    }
    return id;
  }
  Status UpdateRule(const Rule& x) override {
    return Exec(
        "UPDATE rules SET state = ?, current_version = ?, active_version = ?, updated_at = ? "
        "WHERE id = ?",
        {x.state, int64_t{x.current_version}, OptInt32(x.active_version), x.updated_at_us, x.id});
  }
  Result<std::optional<Rule>> GetRule(int64_t id) override {
    return One<Rule>(std::string("SELECT ") + kRuleCols + " FROM rules WHERE id = ?", {id},
                     RuleFrom);
  }
  Result<std::vector<Rule>> ListRules(const UnitScope& scope, const RuleFilter& f) override {
    std::vector<SqlValue> params;
    std::string sql = std::string("SELECT ") + kRuleCols + " FROM rules WHERE owner_unit_id IN " +
                      InList(scope, params);
    if (f.state) {
      sql += " AND state = ?";
      params.emplace_back(*f.state);
    }
    sql += " ORDER BY code";
    return Many<Rule>(sql, params, RuleFrom);
  }
  Result<std::vector<Rule>> ListRulesInForce() override {
    return Many<Rule>(std::string("SELECT ") + kRuleCols +
                          " FROM rules WHERE active_version IS NOT NULL ORDER BY id",
                      {}, RuleFrom);
  }
  static constexpr const char* kVersionCols =
      "id, rule_id, version, name, description, expression, level, points, refer_secondary, "
      "notify_customs, notify_health, questions, unit_scope, valid_from, valid_to, state, "
      "editor_id, editor_name, created_at, submitted_by, submitted_by_name, submitted_at, "
      "decided_by, decided_by_name, decided_at, reject_reason, retired_by, retired_by_name, "
      "retired_at";
  static RuleVersion VersionFrom(const Row& r) {
    RuleVersion v;
    v.id = r.Int(0);
    v.rule_id = r.Int(1);
    v.version = static_cast<int>(r.Int(2));
    v.name = r.Text(3);
    v.description = r.Text(4);
    v.expression = r.Text(5);
    v.level = r.Text(6);
    v.points = static_cast<int>(r.Int(7));
    v.refer_secondary = r.Int(8) != 0;
    v.notify_customs = r.Int(9) != 0;
    v.notify_health = r.Int(10) != 0;
    v.questions = r.Text(11);
    v.unit_scope = IdsOf(r.Text(12));
    v.valid_from_us = r.OptInt(13);
    v.valid_to_us = r.OptInt(14);
    v.state = r.Text(15);
    v.editor_id = r.Int(16);
    v.editor_name = r.Text(17);
    v.created_at_us = r.Int(18);
    v.submitted_by = r.OptInt(19);
    v.submitted_by_name = r.Text(20);
    v.submitted_at_us = r.OptInt(21);
    v.decided_by = r.OptInt(22);
    v.decided_by_name = r.Text(23);
    v.decided_at_us = r.OptInt(24);
    v.reject_reason = r.Text(25);
    v.retired_by = r.OptInt(26);
    v.retired_by_name = r.Text(27);
    v.retired_at_us = r.OptInt(28);
    return v;
  }
  Result<int64_t> InsertRuleVersion(const RuleVersion& v) override {
    return InsertId(
        "INSERT INTO rule_versions (rule_id, version, name, description, expression, level, "
        "points, refer_secondary, notify_customs, notify_health, questions, unit_scope, "
        "valid_from, valid_to, state, editor_id, editor_name, created_at, submitted_by, "
        "submitted_by_name, submitted_at, decided_by, decided_by_name, decided_at, "
        "reject_reason, retired_by, retired_by_name, retired_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {v.rule_id, int64_t{v.version}, v.name, v.description, v.expression, v.level,
         int64_t{v.points}, int64_t{v.refer_secondary}, int64_t{v.notify_customs},
         int64_t{v.notify_health}, v.questions, IdsText(v.unit_scope), Opt(v.valid_from_us),
         Opt(v.valid_to_us), v.state, v.editor_id, v.editor_name, v.created_at_us,
         Opt(v.submitted_by), v.submitted_by_name, Opt(v.submitted_at_us), Opt(v.decided_by),
         v.decided_by_name, Opt(v.decided_at_us), v.reject_reason, Opt(v.retired_by),
         v.retired_by_name, Opt(v.retired_at_us)});
  }
  Status UpdateRuleVersion(const RuleVersion& v) override {
    return Exec(
        "UPDATE rule_versions SET state = ?, submitted_by = ?, submitted_by_name = ?, "
        "submitted_at = ?, decided_by = ?, decided_by_name = ?, decided_at = ?, "
        "reject_reason = ?, retired_by = ?, retired_by_name = ?, retired_at = ? "
        "WHERE rule_id = ? AND version = ?",
        {v.state, Opt(v.submitted_by), v.submitted_by_name, Opt(v.submitted_at_us),
         Opt(v.decided_by), v.decided_by_name, Opt(v.decided_at_us), v.reject_reason,
         Opt(v.retired_by), v.retired_by_name, Opt(v.retired_at_us), v.rule_id,
         int64_t{v.version}});
  }
  Result<std::optional<RuleVersion>> GetRuleVersion(int64_t rule_id, int version) override {
    return One<RuleVersion>(std::string("SELECT ") + kVersionCols +
                                " FROM rule_versions WHERE rule_id = ? AND version = ?",
                            {rule_id, int64_t{version}}, VersionFrom);
  }
  Result<std::vector<RuleVersion>> ListRuleVersions(int64_t rule_id) override {
    return Many<RuleVersion>(std::string("SELECT ") + kVersionCols +
                                 " FROM rule_versions WHERE rule_id = ? ORDER BY version DESC",
                             {rule_id}, VersionFrom);
  }

  static ReferenceSet SetFrom(const Row& r) {
    ReferenceSet s;
    s.id = r.Int(0);
    s.name = r.Text(1);
    s.description = r.Text(2);
    if (!r.Text(3).empty()) s.items = core::Split(r.Text(3), '\n');
    s.updated_by = r.Int(4);
    s.updated_at_us = r.Int(5);
    return s;
  }
  Status PutReferenceSet(const ReferenceSet& s) override {
    return Exec(
        "INSERT INTO reference_sets (name, description, items, updated_by, updated_at) "
        "VALUES (?,?,?,?,?) ON CONFLICT (name) DO UPDATE SET description = excluded.description, "
        "items = excluded.items, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        {s.name, s.description, core::Join(s.items, "\n"), s.updated_by, s.updated_at_us});
  }
  Result<std::optional<ReferenceSet>> GetReferenceSet(const std::string& name) override {
    return One<ReferenceSet>(
        "SELECT id, name, description, items, updated_by, updated_at FROM reference_sets "
        "WHERE name = ?",
        {name}, SetFrom);
  }
  Result<std::vector<ReferenceSet>> ListReferenceSets() override {
    return Many<ReferenceSet>(
        "SELECT id, name, description, items, updated_by, updated_at FROM reference_sets "
        "ORDER BY name",
        {}, SetFrom);
  }
  Status DeleteReferenceSet(const std::string& name) override {
    return Exec("DELETE FROM reference_sets WHERE name = ?", {name});
  }

  Result<int64_t> InsertFactSnapshot(const FactSnapshot& f) override {
    return InsertId(
        "INSERT INTO fact_snapshots (unit_id, time, subject_kind, subject_id, facts_json) "
        "VALUES (?,?,?,?,?)",
        {f.unit_id, f.time_us, f.subject_kind, f.subject_id, f.facts_json});
  }
  Status ScanFactSnapshots(int64_t from_us, int64_t to_us, const UnitScope& scope,
                           const std::function<bool(const FactSnapshot&)>& fn) override {
    // Keyset pages on (time, id) so that a page boundary inside one
    // microsecond neither repeats nor skips a snapshot.
    int64_t after_time = from_us - 1;
    int64_t after_id = INT64_MAX;
    bool first = true;
    while (true) {
      std::vector<SqlValue> params;
      std::string sql =
          "SELECT id, unit_id, time, subject_kind, subject_id, facts_json FROM fact_snapshots "
          "WHERE time < ? AND unit_id IN ";
      params.emplace_back(to_us);
      sql += InList(scope, params);
      if (first) {
        sql += " AND time >= ?";
        params.emplace_back(from_us);
      } else {
        sql += " AND (time > ? OR (time = ? AND id > ?))";
        params.emplace_back(after_time);
        params.emplace_back(after_time);
        params.emplace_back(after_id);
      }
      sql += " ORDER BY time, id LIMIT 500";
      GUOMEN_ASSIGN_OR_RETURN(
          auto page, Scoped<std::vector<FactSnapshot>>(scope, [&] {
            return Many<FactSnapshot>(sql, params, [](const Row& r) {
              return FactSnapshot{r.Int(0), r.Int(1), r.Int(2), r.Text(3), r.Int(4), r.Text(5)};
            });
          }));
      if (page.empty()) return Status::Ok();
      for (const auto& f : page) {
        if (!fn(f)) return Status::Ok();
        after_time = f.time_us;
        after_id = f.id;
      }
      first = false;
      if (page.size() < 500) return Status::Ok();
    }
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
  static constexpr const char* kWatchlistVersionCols =
      "id, list_id, version, format, source_version, imported_by, imported_at, entry_count, "
      "added, changed, removed, issues";
  static WatchlistVersionRecord WatchlistVersionFrom(const Row& r) {
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
    return Many<WatchlistVersionRecord>(std::string("SELECT ") + kWatchlistVersionCols +
                                            " FROM watchlist_versions WHERE list_id = ? ORDER BY "
                                            "version DESC",
                                        {list_id}, WatchlistVersionFrom);
  }
  Result<std::optional<WatchlistVersionRecord>> GetWatchlistVersion(int64_t list_id,
                                                                    int64_t version) override {
    return One<WatchlistVersionRecord>(
        std::string("SELECT ") + kWatchlistVersionCols +
            " FROM watchlist_versions WHERE list_id = ? AND version = ?",
        {list_id, version}, WatchlistVersionFrom);
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
  // A result is recorded once per traveller, list entry and list version.
  // SQLite has a unique key for it. PostgreSQL's partitioned table cannot
  // (its unique keys must hold found_at), so the insert looks first, under a
  // transaction lock per list that keeps a concurrent insert of the same
  // result out until this transaction ends; in READ COMMITTED the insert's
  // own snapshot, taken after the lock, sees what the last holder committed.
  Result<bool> InsertScreeningResult(const ScreeningResultRecord& s) override {
    const std::vector<SqlValue> values{
        s.traveller_id, s.unit_id,      s.list_id,     s.list_version, s.entry_id,
        s.matched_name, s.score,        s.found_at_us, s.status,       Opt(s.reviewed_by),
        Opt(s.reviewed_at_us)};
    const char* kInsert =
        "INSERT INTO screening_results (traveller_id, unit_id, list_id, list_version, "
        "entry_id, matched_name, score, found_at, status, reviewed_by, reviewed_at) ";
    if (c_.dialect() != Dialect::kPostgres) {
      GUOMEN_ASSIGN_OR_RETURN(
          auto rows, c_.Query(std::string(kInsert) +
                                  "VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (traveller_id, "
                                  "list_id, entry_id, list_version) DO NOTHING RETURNING id",
                              values));
      return !rows.empty();
    }
    // Lock space 0x73726573 ("sres"), key the list.
    GUOMEN_RETURN_IF_ERROR(Exec(
        "SELECT pg_advisory_xact_lock(1936876915, (?::bigint % 2147483647)::int)", {s.list_id}));
    std::vector<SqlValue> params = values;
    params.insert(params.end(), {s.traveller_id, s.list_id, s.entry_id, s.list_version});
    GUOMEN_ASSIGN_OR_RETURN(
        auto rows,
        c_.Query(std::string(kInsert) +
                     "SELECT ?,?,?,?,?,?,?,?,?,?,? WHERE NOT EXISTS (SELECT 1 FROM "
                     "screening_results WHERE traveller_id = ? AND list_id = ? AND entry_id = ? "
                     "AND list_version = ?) RETURNING id",
                     params));
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

  // --- Advance information: manifests (migration 6) ---
  Result<int64_t> InsertManifest(const Manifest& m) override {
    return InsertId(
        "INSERT INTO manifests (unit_id, carrier, transport_id, list_type, scheduled_arrival, "
        "scheduled_departure, departure_location, arrival_location, sender, interchange_ref, "
        "message_ref, format, verdict, issues_json, version, content_hash, received_at, "
        "updated_at, source, raw_text, screened_at, received_by, conveyance, ports_of_call_json) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {m.unit_id, m.carrier, m.transport_id, m.list_type, Opt(m.scheduled_arrival_us),
         Opt(m.scheduled_departure_us), m.departure_location, m.arrival_location, m.sender,
         m.interchange_ref, m.message_ref, m.format, m.verdict, m.issues_json, m.version,
         m.content_hash, m.received_at_us, m.updated_at_us, m.source, m.raw_text,
         Opt(m.screened_at_us), Opt(m.received_by), m.conveyance, m.ports_of_call_json});
  }
  Status UpdateManifest(const Manifest& m) override {
    return Exec(
        "UPDATE manifests SET carrier = ?, transport_id = ?, list_type = ?, scheduled_arrival = ?, "
        "scheduled_departure = ?, departure_location = ?, arrival_location = ?, sender = ?, "
        "interchange_ref = ?, message_ref = ?, format = ?, verdict = ?, issues_json = ?, "
        "version = ?, content_hash = ?, updated_at = ?, source = ?, raw_text = ?, "
        "screened_at = ?, received_by = ?, conveyance = ?, ports_of_call_json = ? WHERE id = ?",
        {m.carrier, m.transport_id, m.list_type, Opt(m.scheduled_arrival_us),
         Opt(m.scheduled_departure_us), m.departure_location, m.arrival_location, m.sender,
         m.interchange_ref, m.message_ref, m.format, m.verdict, m.issues_json, m.version,
         m.content_hash, m.updated_at_us, m.source, m.raw_text, Opt(m.screened_at_us),
         Opt(m.received_by), m.conveyance, m.ports_of_call_json, m.id});
  }
  Result<std::optional<Manifest>> GetManifest(int64_t id) override {
    return One<Manifest>(std::string("SELECT ") + kManifestCols + " FROM manifests WHERE id = ?",
                         {id}, ManifestFrom);
  }
  Result<std::optional<Manifest>> FindManifestByConveyance(int64_t unit_id,
                                                           const std::string& transport_id,
                                                           const std::string& list_type,
                                                           std::optional<int64_t> from_us,
                                                           std::optional<int64_t> to_us) override {
    std::string sql = std::string("SELECT ") + kManifestCols +
                      " FROM manifests WHERE unit_id = ? AND transport_id = ? AND list_type = ? ";
    std::vector<SqlValue> params{unit_id, transport_id, list_type};
    if (from_us && to_us) {
      sql += "AND scheduled_arrival >= ? AND scheduled_arrival < ? ";
      params.emplace_back(*from_us);
      params.emplace_back(*to_us);
    } else {
      sql += "AND scheduled_arrival IS NULL ";
    }
    sql += "ORDER BY id DESC LIMIT 1";
    return One<Manifest>(sql, params, ManifestFrom);
  }
  Result<std::vector<ManifestSummary>> ListManifests(const UnitScope& scope,
                                                     const ManifestFilter& f) override {
    return Scoped<std::vector<ManifestSummary>>(
        scope, [&]() -> Result<std::vector<ManifestSummary>> {
          std::string cols = Prefixed(kManifestCols, "m.");
          std::vector<SqlValue> params{f.from_us, f.to_us};
          std::string sql =
              "SELECT " + cols +
              ", (SELECT count(*) FROM manifest_persons p WHERE p.manifest_id = m.id), "
              "(SELECT count(*) FROM manifest_persons p WHERE p.manifest_id = m.id AND "
              "p.risk_level = 'red'), "
              "(SELECT count(*) FROM manifest_persons p WHERE p.manifest_id = m.id AND "
              "p.risk_level = 'yellow'), "
              "(SELECT count(*) FROM manifest_persons p WHERE p.manifest_id = m.id AND "
              "p.from_defective_message = 1), "
              "(SELECT count(*) FROM manifest_persons p WHERE p.manifest_id = m.id AND "
              "p.marks_json <> '[]') "
              "FROM manifests m WHERE m.scheduled_arrival >= ? AND m.scheduled_arrival < ? ";
          if (f.unit_id) {
            sql += "AND m.unit_id = ? ";
            params.emplace_back(*f.unit_id);
          }
          sql += "AND m.unit_id IN " + InList(scope, params);
          sql += " ORDER BY m.scheduled_arrival, m.id LIMIT ?";
          params.emplace_back(int64_t{f.limit});
          return Many<ManifestSummary>(sql, params, [](const Row& r) {
            ManifestSummary s;
            s.manifest = ManifestFrom(r);
            s.manifest.raw_text.clear();
            s.persons = r.Int(kManifestColCount);
            s.red = r.Int(kManifestColCount + 1);
            s.yellow = r.Int(kManifestColCount + 2);
            s.defective = r.Int(kManifestColCount + 3);
            s.marked = r.Int(kManifestColCount + 4);
            return s;
          });
        });
  }
  Result<std::vector<int64_t>> ListManifestIdsArrivingAfter(int64_t from_us) override {
    return Many<int64_t>("SELECT id FROM manifests WHERE scheduled_arrival >= ? ORDER BY id",
                         {from_us}, [](const Row& r) { return r.Int(0); });
  }
  Result<int64_t> InsertManifestVersion(const ManifestVersion& v) override {
    return InsertId(
        "INSERT INTO manifest_versions (manifest_id, unit_id, version, sender, interchange_ref, "
        "message_ref, change, document_code, verdict, issues_json, content_hash, person_count, "
        "received_at, source, raw_text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {v.manifest_id, v.unit_id, v.version, v.sender, v.interchange_ref, v.message_ref,
         int64_t{v.change}, v.document_code, v.verdict, v.issues_json, v.content_hash,
         v.person_count, v.received_at_us, v.source, v.raw_text});
  }
  Result<std::optional<ManifestVersion>> FindManifestVersionByRefs(
      const std::string& sender, const std::string& interchange_ref,
      const std::string& message_ref) override {
    return One<ManifestVersion>(std::string("SELECT ") + kManifestVersionCols +
                                    " FROM manifest_versions WHERE sender = ? AND "
                                    "interchange_ref = ? AND message_ref = ? ORDER BY id DESC "
                                    "LIMIT 1",
                                {sender, interchange_ref, message_ref}, ManifestVersionFrom);
  }
  Result<std::vector<ManifestVersion>> ListManifestVersions(int64_t manifest_id) override {
    return Many<ManifestVersion>(std::string("SELECT ") + kManifestVersionCols +
                                     " FROM manifest_versions WHERE manifest_id = ? ORDER BY "
                                     "version DESC",
                                 {manifest_id}, ManifestVersionFrom);
  }
  Status DeleteManifestPersons(int64_t manifest_id) override {
    return Exec("DELETE FROM manifest_persons WHERE manifest_id = ?", {manifest_id});
  }
  Result<int64_t> InsertManifestPerson(const ManifestPerson& p) override {
    return InsertId(
        "INSERT INTO manifest_persons (manifest_id, unit_id, seq, role, role_code, surname, "
        "given_names, birth_date, sex, nationality, embarkation, debarkation, documents_json, "
        "document_number, issuing_state, from_defective_message, risk_level, points, "
        "reasons_json, hits_json, screened_at, marks_json, health_json, booking_reference, "
        "booking_date) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {p.manifest_id, p.unit_id, p.seq, p.role, p.role_code, p.surname, p.given_names,
         p.birth_date, p.sex, p.nationality, p.embarkation, p.debarkation, p.documents_json,
         p.document_number, p.issuing_state, int64_t{p.from_defective_message}, p.risk_level,
         p.points, p.reasons_json, p.hits_json, Opt(p.screened_at_us), p.marks_json,
         p.health_json, p.booking_reference, p.booking_date});
  }
  Result<std::vector<ManifestPerson>> ListManifestPersons(int64_t manifest_id) override {
    return Many<ManifestPerson>(std::string("SELECT ") + kManifestPersonCols +
                                    " FROM manifest_persons WHERE manifest_id = ? ORDER BY seq, id",
                                {manifest_id}, ManifestPersonFrom);
  }
  Result<std::optional<ManifestPerson>> GetManifestPerson(int64_t id) override {
    return One<ManifestPerson>(
        std::string("SELECT ") + kManifestPersonCols + " FROM manifest_persons WHERE id = ?", {id},
        ManifestPersonFrom);
  }
  Status UpdateManifestPersonRisk(const ManifestPerson& p) override {
    return Exec(
        "UPDATE manifest_persons SET risk_level = ?, points = ?, reasons_json = ?, hits_json = ?, "
        "screened_at = ? WHERE id = ?",
        {p.risk_level, p.points, p.reasons_json, p.hits_json, Opt(p.screened_at_us), p.id});
  }
  Status UpdateManifestPersonMarks(int64_t id, const std::string& marks_json) override {
    return Exec("UPDATE manifest_persons SET marks_json = ? WHERE id = ?", {marks_json, id});
  }
  Result<std::vector<ManifestPersonMatch>> FindManifestPersonsByDocument(
      int64_t unit_id, const std::string& document_number, const std::string& issuing_state,
      int64_t from_us, int64_t to_us) override {
    return Many<ManifestPersonMatch>(
        "SELECT " + Prefixed(kManifestPersonCols, "p.") +
            ", m.id, m.transport_id, m.carrier, m.scheduled_arrival FROM manifest_persons p "
            "JOIN manifests m ON m.id = p.manifest_id WHERE p.document_number = ? AND "
            "p.issuing_state = ? AND m.unit_id = ? AND m.scheduled_arrival >= ? AND "
            "m.scheduled_arrival < ? ORDER BY m.scheduled_arrival, p.id",
        {document_number, issuing_state, unit_id, from_us, to_us}, [](const Row& r) {
          ManifestPersonMatch mm;
          mm.person = ManifestPersonFrom(r);
          mm.manifest_id = r.Int(kManifestPersonColCount);
          mm.transport_id = r.Text(kManifestPersonColCount + 1);
          mm.carrier = r.Text(kManifestPersonColCount + 2);
          mm.scheduled_arrival_us = r.OptInt(kManifestPersonColCount + 3);
          return mm;
        });
  }

  // --- Partner agencies, the notification outbox and the delivery log (migration 7) ---
  static constexpr const char* kAgencyCols =
      "id, code, name, name_en, kind, system_user_id, active, created_at, updated_at";
  static PartnerAgency AgencyFrom(const Row& r) {
    PartnerAgency a;
    a.id = r.Int(0);
    a.code = r.Text(1);
    a.name = r.Text(2);
    a.name_en = r.Text(3);
    a.kind = r.Text(4);
    a.system_user_id = r.OptInt(5);
    a.active = r.Int(6) != 0;
    a.created_at_us = r.Int(7);
    a.updated_at_us = r.Int(8);
    return a;
  }
  Result<int64_t> InsertPartnerAgency(const PartnerAgency& a) override {
    auto id = InsertId(
        "INSERT INTO partner_agencies (code, name, name_en, kind, system_user_id, active, "
        "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
        {a.code, a.name, a.name_en, a.kind, Opt(a.system_user_id), int64_t{a.active},
         a.created_at_us, a.updated_at_us});
    if (!id && id.error().code == ErrorCode::kConflict) {
      return core::Fail(ErrorCode::kConflict, "an agency with code " + a.code + " exists", "code");
    }
    return id;
  }
  Status UpdatePartnerAgency(const PartnerAgency& a) override {
    return Exec(
        "UPDATE partner_agencies SET name = ?, name_en = ?, kind = ?, system_user_id = ?, "
        "active = ?, updated_at = ? WHERE id = ?",
        {a.name, a.name_en, a.kind, Opt(a.system_user_id), int64_t{a.active}, a.updated_at_us,
         a.id});
  }
  Result<std::optional<PartnerAgency>> GetPartnerAgency(int64_t id) override {
    return One<PartnerAgency>(
        std::string("SELECT ") + kAgencyCols + " FROM partner_agencies WHERE id = ?", {id},
        AgencyFrom);
  }
  Result<std::vector<PartnerAgency>> ListPartnerAgencies() override {
    return Many<PartnerAgency>(
        std::string("SELECT ") + kAgencyCols + " FROM partner_agencies ORDER BY code", {},
        AgencyFrom);
  }
  Result<std::optional<PartnerAgency>> FindPartnerAgencyByUser(int64_t user_id) override {
    return One<PartnerAgency>(std::string("SELECT ") + kAgencyCols +
                                  " FROM partner_agencies WHERE system_user_id = ? ORDER BY id "
                                  "LIMIT 1",
                              {user_id}, AgencyFrom);
  }

  static constexpr const char* kEndpointCols =
      "id, agency_id, url, secret_box, secret_hint, active, created_at";
  static PartnerEndpoint EndpointFrom(const Row& r) {
    return PartnerEndpoint{r.Int(0),  r.Int(1),       r.Text(2), r.Text(3),
                           r.Text(4), r.Int(5) != 0, r.Int(6)};
  }
  Result<int64_t> InsertPartnerEndpoint(const PartnerEndpoint& e) override {
    return InsertId(
        "INSERT INTO partner_endpoints (agency_id, url, secret_box, secret_hint, active, "
        "created_at) VALUES (?,?,?,?,?,?)",
        {e.agency_id, e.url, e.secret_box, e.secret_hint, int64_t{e.active}, e.created_at_us});
  }
  Status UpdatePartnerEndpoint(const PartnerEndpoint& e) override {
    if (!e.secret_box.empty()) {
      GUOMEN_RETURN_IF_ERROR(
          Exec("UPDATE partner_endpoints SET secret_box = ?, secret_hint = ? WHERE id = ?",
               {e.secret_box, e.secret_hint, e.id}));
    }
    return Exec("UPDATE partner_endpoints SET url = ?, active = ? WHERE id = ?",
                {e.url, int64_t{e.active}, e.id});
  }
  Result<std::optional<PartnerEndpoint>> GetPartnerEndpoint(int64_t id) override {
    return One<PartnerEndpoint>(
        std::string("SELECT ") + kEndpointCols + " FROM partner_endpoints WHERE id = ?", {id},
        EndpointFrom);
  }
  Result<std::vector<PartnerEndpoint>> ListPartnerEndpoints(
      std::optional<int64_t> agency_id) override {
    if (agency_id) {
      return Many<PartnerEndpoint>(std::string("SELECT ") + kEndpointCols +
                                       " FROM partner_endpoints WHERE agency_id = ? ORDER BY id",
                                   {*agency_id}, EndpointFrom);
    }
    return Many<PartnerEndpoint>(
        std::string("SELECT ") + kEndpointCols + " FROM partner_endpoints ORDER BY id", {},
        EndpointFrom);
  }

  static constexpr const char* kSubscriptionCols = "id, agency_id, kind, port_unit_id, created_at";
  static PartnerSubscription SubscriptionFrom(const Row& r) {
    return PartnerSubscription{r.Int(0), r.Int(1), r.Text(2), r.OptInt(3), r.Int(4)};
  }
  Result<int64_t> InsertPartnerSubscription(const PartnerSubscription& s) override {
    return InsertId(
        "INSERT INTO partner_subscriptions (agency_id, kind, port_unit_id, created_at) "
        "VALUES (?,?,?,?)",
        {s.agency_id, s.kind, Opt(s.port_unit_id), s.created_at_us});
  }
  Status DeletePartnerSubscription(int64_t id) override {
    return Exec("DELETE FROM partner_subscriptions WHERE id = ?", {id});
  }
  Result<std::optional<PartnerSubscription>> GetPartnerSubscription(int64_t id) override {
    return One<PartnerSubscription>(
        std::string("SELECT ") + kSubscriptionCols + " FROM partner_subscriptions WHERE id = ?",
        {id}, SubscriptionFrom);
  }
  Result<std::vector<PartnerSubscription>> ListPartnerSubscriptions(
      std::optional<int64_t> agency_id) override {
    if (agency_id) {
      return Many<PartnerSubscription>(
          std::string("SELECT ") + kSubscriptionCols +
              " FROM partner_subscriptions WHERE agency_id = ? ORDER BY id",
          {*agency_id}, SubscriptionFrom);
    }
    return Many<PartnerSubscription>(
        std::string("SELECT ") + kSubscriptionCols + " FROM partner_subscriptions ORDER BY id", {},
        SubscriptionFrom);
  }
  Result<std::vector<PartnerAgency>> ListSubscribedAgencies(const std::string& kind,
                                                            int64_t port_unit_id) override {
    std::string cols;
    for (const auto& c : core::Split(kAgencyCols, ',')) {
      cols += (cols.empty() ? "a." : ", a.") + std::string(core::Trim(c));
    }
    return Many<PartnerAgency>(
        "SELECT " + cols +
            " FROM partner_agencies a WHERE a.active = 1 AND EXISTS (SELECT 1 FROM "
            "partner_subscriptions s WHERE s.agency_id = a.id AND s.kind = ? AND "
            "(s.port_unit_id IS NULL OR s.port_unit_id = ?)) ORDER BY a.id",
        {kind, port_unit_id}, AgencyFrom);
  }

  static constexpr const char* kNotificationCols =
      "id, created_at, agency_id, endpoint_id, kind, port_unit_id, subject_ref, payload_json, "
      "idempotency_key, state, attempts, next_attempt_at, last_error, delivered_at, acked_at";
  static PartnerNotification NotificationFrom(const Row& r) {
    PartnerNotification n;
    n.id = r.Int(0);
    n.created_at_us = r.Int(1);
    n.agency_id = r.Int(2);
    n.endpoint_id = r.OptInt(3);
    n.kind = r.Text(4);
    n.port_unit_id = r.Int(5);
    n.subject_ref = r.Text(6);
    n.payload_json = r.Text(7);
    n.idempotency_key = r.Text(8);
    n.state = r.Text(9);
    n.attempts = r.Int(10);
    n.next_attempt_at_us = r.Int(11);
    n.last_error = r.Text(12);
    n.delivered_at_us = r.OptInt(13);
    n.acked_at_us = r.OptInt(14);
    return n;
  }
  Result<int64_t> InsertPartnerNotification(const PartnerNotification& n) override {
    return InsertId(
        "INSERT INTO partner_notifications (created_at, agency_id, endpoint_id, kind, "
        "port_unit_id, subject_ref, payload_json, idempotency_key, state, attempts, "
        "next_attempt_at, last_error, delivered_at, acked_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {n.created_at_us, n.agency_id, Opt(n.endpoint_id), n.kind, n.port_unit_id, n.subject_ref,
         n.payload_json, n.idempotency_key, n.state, n.attempts, n.next_attempt_at_us,
         n.last_error, Opt(n.delivered_at_us), Opt(n.acked_at_us)});
  }
  Result<std::optional<PartnerNotification>> GetPartnerNotification(int64_t id) override {
    return One<PartnerNotification>(
        std::string("SELECT ") + kNotificationCols + " FROM partner_notifications WHERE id = ?",
        {id}, NotificationFrom);
  }
  Result<bool> HasPartnerNotification(int64_t agency_id, const std::string& key) override {
    GUOMEN_ASSIGN_OR_RETURN(
        auto rows, c_.Query("SELECT 1 FROM partner_notifications WHERE agency_id = ? AND "
                            "idempotency_key = ? LIMIT 1",
                            {agency_id, key}));
    return !rows.empty();
  }
  Result<std::vector<PartnerNotification>> ListPartnerNotifications(
      const PartnerNotificationFilter& f, const std::optional<UnitScope>& scope) override {
    std::string sql =
        std::string("SELECT ") + kNotificationCols + " FROM partner_notifications WHERE 1 = 1";
    std::vector<SqlValue> params;
    if (scope) {
      sql += " AND port_unit_id IN ";
      sql += InList(*scope, params);
    }
    if (f.agency_id) {
      sql += " AND agency_id = ?";
      params.emplace_back(*f.agency_id);
    }
    if (f.state) {
      sql += " AND state = ?";
      params.emplace_back(*f.state);
    }
    if (f.kind) {
      sql += " AND kind = ?";
      params.emplace_back(*f.kind);
    }
    if (f.unacked_only) sql += " AND acked_at IS NULL";
    if (f.after_id) {
      sql += " AND id > ? ORDER BY id ASC";
      params.emplace_back(*f.after_id);
    } else {
      if (f.before_id) {
        sql += " AND id < ?";
        params.emplace_back(*f.before_id);
      }
      sql += " ORDER BY id DESC";
    }
    sql += " LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    auto run = [&] { return Many<PartnerNotification>(sql, params, NotificationFrom); };
    if (!scope) return run();
    return Scoped<std::vector<PartnerNotification>>(*scope, run);
  }
  Result<std::vector<PartnerNotification>> ClaimDuePartnerNotifications(int64_t now_us,
                                                                        int64_t lease_until_us,
                                                                        int limit) override {
    GUOMEN_ASSIGN_OR_RETURN(
        auto due, Many<PartnerNotification>(
                      std::string("SELECT ") + kNotificationCols +
                          " FROM partner_notifications WHERE state = 'pending' AND endpoint_id "
                          "IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id "
                          "LIMIT ?",
                      {now_us, int64_t{limit}}, NotificationFrom));
    std::vector<PartnerNotification> claimed;
    for (auto& n : due) {
      // Conditional on the row being unchanged: of two workers, one wins.
      GUOMEN_ASSIGN_OR_RETURN(
          auto rows,
          c_.Query("UPDATE partner_notifications SET next_attempt_at = ? WHERE id = ? AND "
                   "state = 'pending' AND next_attempt_at = ? RETURNING id",
                   {lease_until_us, n.id, n.next_attempt_at_us}));
      if (!rows.empty()) claimed.push_back(std::move(n));
    }
    return claimed;
  }
  Status UpdatePartnerNotification(const PartnerNotification& n) override {
    return Exec(
        "UPDATE partner_notifications SET state = ?, attempts = ?, next_attempt_at = ?, "
        "last_error = ?, delivered_at = ?, acked_at = ? WHERE id = ?",
        {n.state, n.attempts, n.next_attempt_at_us, n.last_error, Opt(n.delivered_at_us),
         Opt(n.acked_at_us), n.id});
  }

  static constexpr const char* kDeliveryCols =
      "id, notification_id, agency_id, endpoint_id, port_unit_id, attempt, at, status_code, "
      "error, duration_us, outcome";
  static PartnerDelivery DeliveryFrom(const Row& r) {
    return PartnerDelivery{r.Int(0), r.Int(1), r.Int(2),  r.Int(3), r.Int(4),  r.Int(5),
                           r.Int(6), r.Int(7), r.Text(8), r.Int(9), r.Text(10)};
  }
  Result<int64_t> InsertPartnerDelivery(const PartnerDelivery& d) override {
    return InsertId(
        "INSERT INTO partner_deliveries (notification_id, agency_id, endpoint_id, port_unit_id, "
        "attempt, at, status_code, error, duration_us, outcome) VALUES (?,?,?,?,?,?,?,?,?,?)",
        {d.notification_id, d.agency_id, d.endpoint_id, d.port_unit_id, d.attempt, d.at_us,
         d.status_code, d.error, d.duration_us, d.outcome});
  }
  Result<std::vector<PartnerDelivery>> ListPartnerDeliveries(const PartnerDeliveryFilter& f,
                                                             const UnitScope& scope) override {
    std::string sql = std::string("SELECT ") + kDeliveryCols +
                      " FROM partner_deliveries WHERE port_unit_id IN ";
    std::vector<SqlValue> params;
    sql += InList(scope, params);
    if (f.agency_id) {
      sql += " AND agency_id = ?";
      params.emplace_back(*f.agency_id);
    }
    if (f.notification_id) {
      sql += " AND notification_id = ?";
      params.emplace_back(*f.notification_id);
    }
    if (f.outcome) {
      sql += " AND outcome = ?";
      params.emplace_back(*f.outcome);
    }
    if (f.before_id) {
      sql += " AND id < ?";
      params.emplace_back(*f.before_id);
    }
    sql += " ORDER BY id DESC LIMIT ?";
    params.emplace_back(int64_t{f.limit});
    return Scoped<std::vector<PartnerDelivery>>(
        scope, [&] { return Many<PartnerDelivery>(sql, params, DeliveryFrom); });
  }

 private:
  SqlConnection& c_;
  std::optional<int> audit_lane_;  // the lane ClaimAuditLane locked in this transaction
};

}  // namespace

Result<std::unique_ptr<SqlStore>> SqlStore::Open(ConnectionFactory factory, int pool_size,
                                                 std::string description, int read_pool_size) {
  std::unique_ptr<SqlStore> store(new SqlStore());
  store->description_ = std::move(description);
  for (int i = 0; i < pool_size; ++i) {
    GUOMEN_ASSIGN_OR_RETURN(auto conn, factory());
    if (i == 0) {
      GUOMEN_ASSIGN_OR_RETURN(store->schema_version_, Migrate(*conn));
      store->group_commit_ = conn->dialect() == Dialect::kSqlite;
    }
    store->writers_.idle.push_back(std::move(conn));
  }
  if (store->group_commit_) {
    for (int i = 0; i < read_pool_size; ++i) {
      GUOMEN_ASSIGN_OR_RETURN(auto conn, factory());
      GUOMEN_RETURN_IF_ERROR(conn->ExecScript("PRAGMA query_only=ON"));
      store->readers_.idle.push_back(std::move(conn));
    }
    store->has_readers_ = read_pool_size > 0;
    // Commits are put on disk by their group's leader (TransactGrouped), and
    // the log copied into the database by the checkpointer.
    for (auto& conn : store->writers_.idle) GUOMEN_RETURN_IF_ERROR(conn->DeferLogSync());
    GUOMEN_ASSIGN_OR_RETURN(store->checkpoint_conn_, factory());
    GUOMEN_RETURN_IF_ERROR(store->checkpoint_conn_->DeferLogSync());
    // The thread takes no signals: a process that waits for SIGTERM in a
    // thread of its own (guomen serve) blocks it only after opening the store.
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &before);
    store->checkpointer_ = std::thread([s = store.get()] { s->CheckpointLoop(); });
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
  }
  return store;
}

SqlStore::~SqlStore() {
  if (checkpointer_.joinable()) {
    {
      std::lock_guard lock(checkpoint_mu_);
      stopping_ = true;
    }
    checkpoint_cv_.notify_all();
    checkpointer_.join();
  }
}

void SqlStore::CheckpointLoop() {
  std::unique_lock lock(checkpoint_mu_);
  while (!stopping_) {
    checkpoint_cv_.wait_for(lock, kCheckpointPeriod);
    if (stopping_) break;
    lock.unlock();
    Status st = CheckpointLog(kRestartFrames);
    lock.lock();
    // A failing checkpoint loses nothing (the log keeps the commits) but lets
    // the log grow: say so once per distinct reason.
    if (st.ok()) {
      checkpoint_error_.clear();
    } else if (st.error().message != checkpoint_error_) {
      checkpoint_error_ = st.error().message;
      spdlog::warn("[store] checkpointing the write-ahead log of {} failed: {}", description_,
                   checkpoint_error_);
    }
  }
}

Status SqlStore::CheckpointLog(int64_t restart_frames) {
  if (checkpoint_conn_ == nullptr) return Status::Ok();
  // One checkpoint at a time on the connection (the store's thread, a test).
  std::lock_guard one_at_a_time(checkpoint_run_mu_);
  // Beside the writers: the bulk of the copying and the database's fsync.
  GUOMEN_ASSIGN_OR_RETURN(auto beside, checkpoint_conn_->CheckpointLog());
  if (beside.busy || beside.log_frames < restart_frames) return Status::Ok();
  // Writers append while it copies, so the log is never all copied and never
  // starts over: copy the last frames with the writers held back (a group
  // that has committed may still be syncing; the checkpoint syncs the log
  // first anyway).
  {
    std::unique_lock lock(group_mu_);
    group_cv_.wait(lock, [&] { return !leader_active_; });
    leader_active_ = true;
  }
  auto rest = checkpoint_conn_->CheckpointLog();
  {
    std::lock_guard lock(group_mu_);
    leader_active_ = false;
    WakeNextLeader();
  }
  if (!rest) return core::Fail(std::move(rest).error());
  return Status::Ok();
}

std::unique_ptr<SqlConnection> SqlStore::Pool::Take() {
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return !idle.empty(); });
  auto conn = std::move(idle.back());
  idle.pop_back();
  return conn;
}

void SqlStore::Pool::Give(std::unique_ptr<SqlConnection> conn) {
  {
    std::lock_guard lock(mu);
    idle.push_back(std::move(conn));
  }
  cv.notify_one();
}

namespace {
// Set while this thread runs a transaction function of a grouped store.
thread_local bool t_in_group = false;

// Runs `f` when the scope ends (a connection goes back to its pool).
template <typename F>
struct OnExit {
  F f;
  ~OnExit() { f(); }
};
template <typename F>
OnExit(F) -> OnExit<F>;

Status RunFn(const std::function<Status(Tx&)>& fn, Tx& tx) {
  try {
    return fn(tx);
  } catch (const std::exception& e) {
    return core::Fail(ErrorCode::kInternal, std::string("transaction aborted: ") + e.what());
  }
}
}  // namespace

Status SqlStore::Transact(const std::function<Status(Tx&)>& fn) {
  return group_commit_ ? TransactGrouped(fn) : TransactOne(fn);
}

Status SqlStore::TransactRetrying(const std::function<Status(Tx&)>& fn) {
  if (group_commit_) return TransactGrouped(fn);
  for (int attempt = 1;; ++attempt) {
    bool lost_conflict = false;
    Status st = TransactOne(fn, &lost_conflict);
    if (st.ok() || !lost_conflict || attempt == kConflictAttempts) return st;
    // The winner usually commits within milliseconds; spread the retries.
    const size_t jitter = std::hash<std::thread::id>{}(std::this_thread::get_id()) % 5;
    std::this_thread::sleep_for(std::chrono::milliseconds(attempt * (1 + jitter)));
  }
}

Status SqlStore::Read(const std::function<Status(Tx&)>& fn) {
  if (t_in_group) {
    return core::Fail(ErrorCode::kInternal,
                      "a read transaction was started inside another one on the same store");
  }
  Pool& pool = has_readers_ ? readers_ : writers_;
  auto conn = pool.Take();
  OnExit back{[&] { pool.Give(std::move(conn)); }};

  GUOMEN_RETURN_IF_ERROR(conn->BeginRead());
  SqlTx tx(*conn);
  t_in_group = true;  // a nested transaction would wait for itself
  Status st = RunFn(fn, tx);
  t_in_group = false;
  // Nothing to keep: a read-only transaction ends the same either way.
  if (st.ok()) st = conn->Commit();
  if (!st.ok()) (void)conn->Rollback();
  return st;
}

Status SqlStore::TransactOne(const std::function<Status(Tx&)>& fn, bool* lost_conflict) {
  auto conn = writers_.Take();
  OnExit back{[&] { writers_.Give(std::move(conn)); }};

  GUOMEN_RETURN_IF_ERROR(conn->Begin());
  SqlTx tx(*conn);
  Status st = RunFn(fn, tx);
  if (st.ok()) st = conn->Commit();
  if (!st.ok()) {
    if (lost_conflict != nullptr) *lost_conflict = conn->LostConflict();
    (void)conn->Rollback();
  }
  return st;
}

Status SqlStore::TransactGrouped(const std::function<Status(Tx&)>& fn) {
  if (t_in_group) {
    return core::Fail(ErrorCode::kInternal,
                      "a transaction was started inside another one on the same store");
  }
  Pending mine{&fn, Status::Ok(), false, false, {}};
  std::unique_lock lock(group_mu_);
  queue_.push_back(&mine);
  while (!mine.done) {
    // Another leader runs a group, or has taken this call into its group.
    if (leader_active_ || mine.taken) {
      mine.cv.wait(lock);
      continue;
    }
    // Lead: take what is queued (up to kMaxGroup, oldest first) and run it.
    leader_active_ = true;
    const size_t n = std::min(queue_.size(), kMaxGroup);
    std::vector<Pending*> group(queue_.begin(), queue_.begin() + static_cast<long>(n));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<long>(n));
    for (Pending* p : group) p->taken = true;
    lock.unlock();
    auto conn = writers_.Take();
    RunGroup(group, *conn);
    // Committed but not yet on disk: the next group may run while this one
    // waits for its fsync.
    lock.lock();
    leader_active_ = false;
    WakeNextLeader();
    lock.unlock();
    Status synced = Status::Ok();
    if (std::any_of(group.begin(), group.end(), [](const Pending* p) { return p->status.ok(); })) {
      synced = conn->SyncLog();
    }
    writers_.Give(std::move(conn));
    lock.lock();
    for (Pending* p : group) {
      if (p->status.ok() && !synced.ok()) p->status = synced;
      p->done = true;
      // Under the lock: the caller cannot return (and destroy its Pending) before.
      if (p != &mine) p->cv.notify_one();
    }
  }
  return mine.status;
}

void SqlStore::WakeNextLeader() {
  // The queue holds the calls no group has taken, oldest first.
  if (!queue_.empty()) queue_.front()->cv.notify_one();
  group_cv_.notify_all();
}

void SqlStore::RunGroup(const std::vector<Pending*>& group, SqlConnection& conn) {
  auto fail_all = [&](const Status& st) {
    for (Pending* p : group) {
      if (p->status.ok()) p->status = st;
    }
  };
  if (Status begin = conn.Begin(); !begin.ok()) {
    fail_all(begin);
    return;
  }
  for (Pending* p : group) {
    if (Status sp = conn.ExecScript("SAVEPOINT guomen_tx"); !sp.ok()) {
      (void)conn.Rollback();
      fail_all(sp);
      return;
    }
    SqlTx tx(conn);
    t_in_group = true;
    p->status = RunFn(*p->fn, tx);
    t_in_group = false;
    if (p->status.ok()) {
      if (Status rel = conn.ExecScript("RELEASE guomen_tx"); !rel.ok()) {
        (void)conn.Rollback();
        fail_all(rel);
        return;
      }
      continue;
    }
    // Undo this function's writes only. If SQLite already rolled the whole
    // transaction back (some I/O errors do), the earlier functions' writes
    // are gone too: they fail with the reason.
    if (Status undo = conn.ExecScript("ROLLBACK TO guomen_tx; RELEASE guomen_tx"); !undo.ok()) {
      (void)conn.Rollback();
      fail_all(core::Fail(ErrorCode::kUnavailable,
                          "the database rolled back a group of transactions: " +
                              undo.error().message));
      return;
    }
  }
  if (Status commit = conn.Commit(); !commit.ok()) {
    (void)conn.Rollback();
    fail_all(commit);
  }
}

}  // namespace guomen::store

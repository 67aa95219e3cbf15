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


// Version 4: risk rules with every version kept, analysts' reference sets,
// and the fact snapshots the desk and manifest screening record per
// evaluation (read back by backtests). Unit lists are comma-separated ids;
// questions are a JSON array written and read by app/rule_service.
constexpr const char* kV4 = R"SQL(
CREATE TABLE rules (
  id {{PK}},
  code TEXT NOT NULL UNIQUE,
  owner_unit_id BIGINT NOT NULL REFERENCES units(id),
  state TEXT NOT NULL CHECK (state IN ('draft','pending_approval','active','retired')),
  current_version INTEGER NOT NULL,
  active_version INTEGER,
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX rules_owner ON rules(owner_unit_id);
CREATE INDEX rules_state ON rules(state);

CREATE TABLE rule_versions (
  id {{PK}},
  rule_id BIGINT NOT NULL REFERENCES rules(id),
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  expression TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('','low','medium','high','critical')),
  points INTEGER NOT NULL,
  refer_secondary INTEGER NOT NULL,
  notify_customs INTEGER NOT NULL,
  notify_health INTEGER NOT NULL,
  questions TEXT NOT NULL,
  unit_scope TEXT NOT NULL,
  valid_from BIGINT,
  valid_to BIGINT,
  state TEXT NOT NULL CHECK (state IN ('draft','pending_approval','active','retired','rejected','superseded')),
  editor_id BIGINT NOT NULL REFERENCES users(id),
  editor_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  submitted_by BIGINT,
  submitted_by_name TEXT NOT NULL,
  submitted_at BIGINT,
  decided_by BIGINT,
  decided_by_name TEXT NOT NULL,
  decided_at BIGINT,
  reject_reason TEXT NOT NULL,
  retired_by BIGINT,
  retired_by_name TEXT NOT NULL,
  retired_at BIGINT,
  UNIQUE (rule_id, version)
);

CREATE TABLE reference_sets (
  id {{PK}},
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  items TEXT NOT NULL,
  updated_by BIGINT NOT NULL REFERENCES users(id),
  updated_at BIGINT NOT NULL
);

CREATE TABLE fact_snapshots (
  id {{PK}},
  unit_id BIGINT NOT NULL REFERENCES units(id),
  time BIGINT NOT NULL,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('crossing','manifest_person')),
  subject_id BIGINT NOT NULL,
  facts_json TEXT NOT NULL
);
CREATE INDEX fact_snapshots_time ON fact_snapshots(time);
CREATE INDEX fact_snapshots_unit_time ON fact_snapshots(unit_id, time);
)SQL";

}  // namespace

// Port inspection: desk sessions, inspections and their hits, "not the same
// person" memory, the secondary queue, recorded crossings, the configurable
// tables (refusal reasons, checklists, permitted stays) and alerts to the
// command centre. JSON columns hold what the service rendered (document
// checks, risk reasons, answers); the store does not look inside them.
constexpr const char* kV5 = R"SQL(
CREATE TABLE desk_sessions (
  id {{PK}},
  user_id BIGINT NOT NULL REFERENCES users(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),
  desk TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('entry','exit')),
  conveyance TEXT NOT NULL CHECK (conveyance IN ('air','sea','land','rail')),
  opened_at BIGINT NOT NULL,
  closed_at BIGINT
);
CREATE INDEX desk_sessions_user ON desk_sessions(user_id);

CREATE INDEX travellers_search_dob ON travellers(search_name, birth_date);

CREATE TABLE inspections (
  id {{PK}},
  session_id BIGINT NOT NULL REFERENCES desk_sessions(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),
  officer_id BIGINT NOT NULL REFERENCES users(id),
  traveller_id BIGINT NOT NULL REFERENCES travellers(id),
  direction TEXT NOT NULL,
  conveyance TEXT NOT NULL,
  desk TEXT NOT NULL,
  carrier TEXT NOT NULL,
  document_type TEXT NOT NULL,
  document_number TEXT NOT NULL,
  issuing_state TEXT NOT NULL,
  nationality TEXT NOT NULL,
  document_json TEXT NOT NULL,
  risk_level TEXT NOT NULL CHECK (risk_level IN ('green','yellow','red')),
  risk_json TEXT NOT NULL,
  facts_json TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open','referred','completed')),
  decision TEXT NOT NULL DEFAULT '',
  refusal_code TEXT NOT NULL DEFAULT '',
  answers_json TEXT NOT NULL DEFAULT '{}',
  note TEXT NOT NULL DEFAULT '',
  started_at BIGINT NOT NULL,
  decided_at BIGINT,
  durations_json TEXT NOT NULL DEFAULT '{}',
  permitted_stay_days BIGINT,
  overstay_days BIGINT
);
CREATE INDEX inspections_unit_state ON inspections(unit_id, state);
CREATE INDEX inspections_traveller ON inspections(traveller_id);

CREATE TABLE inspection_hits (
  id {{PK}},
  inspection_id BIGINT NOT NULL REFERENCES inspections(id),
  list_id BIGINT NOT NULL,
  list_code TEXT NOT NULL,
  list_name TEXT NOT NULL,
  list_kind TEXT NOT NULL,
  action TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  entry_hash TEXT NOT NULL,
  matched_name TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  explanation_json TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','same_person','not_same_person','cleared_before')),
  reason TEXT NOT NULL DEFAULT '',
  adjudicated_by BIGINT,
  adjudicated_at BIGINT
);
CREATE INDEX inspection_hits_inspection ON inspection_hits(inspection_id);

CREATE TABLE hit_clearances (
  id {{PK}},
  document_number TEXT NOT NULL,
  issuing_state TEXT NOT NULL,
  list_id BIGINT NOT NULL,
  entry_id TEXT NOT NULL,
  entry_hash TEXT NOT NULL,
  reason TEXT NOT NULL,
  cleared_by BIGINT NOT NULL REFERENCES users(id),
  cleared_at BIGINT NOT NULL,
  inspection_id BIGINT NOT NULL
);
CREATE UNIQUE INDEX hit_clearances_key
  ON hit_clearances(document_number, issuing_state, list_id, entry_id, entry_hash);

CREATE TABLE secondary_cases (
  id {{PK}},
  inspection_id BIGINT NOT NULL UNIQUE REFERENCES inspections(id),
  unit_id BIGINT NOT NULL REFERENCES units(id),
  referred_at BIGINT NOT NULL,
  referred_by BIGINT NOT NULL REFERENCES users(id),
  reasons_json TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued','in_progress','completed')),
  officer_id BIGINT,
  taken_at BIGINT,
  notes TEXT NOT NULL DEFAULT '',
  checks_json TEXT NOT NULL DEFAULT '[]',
  findings TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',
  refusal_code TEXT NOT NULL DEFAULT '',
  completed_at BIGINT
);
CREATE INDEX secondary_cases_queue ON secondary_cases(unit_id, state);

CREATE TABLE crossings (
  id {{PK}},
  time BIGINT NOT NULL,
  traveller_id BIGINT NOT NULL,
  inspection_id BIGINT NOT NULL,
  unit_id BIGINT NOT NULL,
  desk TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('entry','exit')),
  conveyance TEXT NOT NULL,
  carrier TEXT NOT NULL,
  document_number TEXT NOT NULL,
  issuing_state TEXT NOT NULL,
  nationality TEXT NOT NULL,
  officer_id BIGINT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('admit','refuse','hand_over')),
  refusal_code TEXT NOT NULL DEFAULT '',
  risk_level TEXT NOT NULL,
  reasons_json TEXT NOT NULL,
  referred INTEGER NOT NULL DEFAULT 0,
  permitted_stay_days BIGINT,
  overstay_days BIGINT,
  started_at BIGINT NOT NULL,
  durations_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX crossings_traveller ON crossings(traveller_id, time);
CREATE INDEX crossings_unit_time ON crossings(unit_id, time);

CREATE TABLE refusal_reasons (
  id {{PK}},
  code TEXT NOT NULL UNIQUE,
  text_zh TEXT NOT NULL,
  text_en TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
);
INSERT INTO refusal_reasons (code, text_zh, text_en) VALUES
  ('R01', '未持有效出入境证件', 'no valid travel document'),
  ('R02', '持用伪造、变造或冒用他人的证件', 'false, counterfeit, altered or impostor document'),
  ('R03', '未持有效签证或签证不适用于此次入境', 'no valid visa, or the visa does not cover this entry'),
  ('R04', '拒不交验证件或拒绝回答询问', 'refused to present documents or to answer the questions'),
  ('R05', '不能说明入境事由或提供相关材料', 'cannot justify the purpose of the stay or show supporting documents'),
  ('R06', '被决定禁止入境且期限未满', 'subject to an entry ban that is still in force'),
  ('R07', '可能危害国家安全和利益、破坏社会公共秩序', 'a threat to national security or public order'),
  ('R08', '患有严重危害公共卫生的传染病', 'a disease that seriously endangers public health'),
  ('R09', '不能保障在境内期间所需费用', 'insufficient means of subsistence for the stay'),
  ('R10', '此前在境内非法居留', 'a previous illegal stay');

CREATE TABLE checklist_items (
  id {{PK}},
  unit_id BIGINT REFERENCES units(id),
  item_key TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('entry','exit','both')),
  text_zh TEXT NOT NULL,
  text_en TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
);
INSERT INTO checklist_items (unit_id, item_key, direction, text_zh, text_en) VALUES
  (NULL, 'face_matches_photo', 'both', '核对本人与证件照片一致', 'the face matches the document photo'),
  (NULL, 'document_security', 'both', '检查证件防伪特征', 'the document''s security features are checked'),
  (NULL, 'purpose_of_travel', 'entry', '询问入境事由', 'ask the purpose of the journey');

CREATE TABLE stay_rules (
  id {{PK}},
  nationality TEXT NOT NULL,
  conveyance TEXT NOT NULL,
  days BIGINT NOT NULL CHECK (days >= 0),
  note TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX stay_rules_key ON stay_rules(nationality, conveyance);
INSERT INTO stay_rules (nationality, conveyance, days, note) VALUES
  ('*', '*', 0, 'default: a visa is required'),
  ('SGP', '*', 30, 'mutual visa exemption'),
  ('THA', '*', 30, 'mutual visa exemption'),
  ('MYS', '*', 30, 'unilateral visa-free policy'),
  ('FRA', '*', 30, 'unilateral visa-free policy'),
  ('DEU', '*', 30, 'unilateral visa-free policy'),
  ('UTO', '*', 30, 'ICAO specimen state, for demonstrations');

CREATE TABLE alerts (
  id {{PK}},
  unit_id BIGINT NOT NULL REFERENCES units(id),
  time BIGINT NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info','warning','critical')),
  inspection_id BIGINT,
  summary_en TEXT NOT NULL,
  summary_zh TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('new','acknowledged')),
  acknowledged_by BIGINT,
  acknowledged_at BIGINT
);
CREATE INDEX alerts_unit_state ON alerts(unit_id, state);
)SQL";

// Version 6: advance passenger and crew information (issue 7). A manifest row
// is the current version of one conveyance's list at one port; every version
// received (the current one too) is kept in manifest_versions with its text,
// and the persons of the current version are in manifest_persons.
constexpr const char* kV6 = R"SQL(
CREATE TABLE manifests (
  id {{PK}},
  unit_id BIGINT NOT NULL REFERENCES units(id),
  carrier TEXT NOT NULL,
  transport_id TEXT NOT NULL,
  list_type TEXT NOT NULL CHECK (list_type IN ('passenger','crew','unknown')),
  scheduled_arrival BIGINT,
  scheduled_departure BIGINT,
  departure_location TEXT NOT NULL,
  arrival_location TEXT NOT NULL,
  sender TEXT NOT NULL,
  interchange_ref TEXT NOT NULL,
  message_ref TEXT NOT NULL,
  format TEXT NOT NULL CHECK (format IN ('paxlst','fal_csv','json')),
  verdict TEXT NOT NULL CHECK (verdict IN ('valid','valid_with_warnings','invalid')),
  issues_json TEXT NOT NULL,
  version BIGINT NOT NULL,
  content_hash TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('api','inbox')),
  raw_text TEXT NOT NULL,
  screened_at BIGINT,
  received_by BIGINT,
  conveyance TEXT NOT NULL CHECK (conveyance IN ('air','sea','rail','land'))
);
CREATE INDEX manifests_unit_arrival ON manifests(unit_id, scheduled_arrival);
CREATE INDEX manifests_conveyance ON manifests(unit_id, transport_id, list_type);

CREATE TABLE manifest_versions (
  id {{PK}},
  manifest_id BIGINT NOT NULL REFERENCES manifests(id),
  unit_id BIGINT NOT NULL,
  version BIGINT NOT NULL,
  sender TEXT NOT NULL,
  interchange_ref TEXT NOT NULL,
  message_ref TEXT NOT NULL,
  change INTEGER NOT NULL DEFAULT 0,
  document_code TEXT NOT NULL,
  verdict TEXT NOT NULL,
  issues_json TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  person_count BIGINT NOT NULL,
  received_at BIGINT NOT NULL,
  source TEXT NOT NULL,
  raw_text TEXT NOT NULL,
  UNIQUE (manifest_id, version)
);
CREATE INDEX manifest_versions_refs ON manifest_versions(sender, interchange_ref, message_ref);

CREATE TABLE manifest_persons (
  id {{PK}},
  manifest_id BIGINT NOT NULL REFERENCES manifests(id),
  unit_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('passenger','crew','in_transit','unknown')),
  role_code TEXT NOT NULL,
  surname TEXT NOT NULL,
  given_names TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL,
  nationality TEXT NOT NULL,
  embarkation TEXT NOT NULL,
  debarkation TEXT NOT NULL,
  documents_json TEXT NOT NULL,
  document_number TEXT NOT NULL,
  issuing_state TEXT NOT NULL,
  from_defective_message INTEGER NOT NULL DEFAULT 0,
  risk_level TEXT NOT NULL CHECK (risk_level IN ('unscreened','green','yellow','red')),
  points BIGINT NOT NULL DEFAULT 0,
  reasons_json TEXT NOT NULL DEFAULT '[]',
  hits_json TEXT NOT NULL DEFAULT '[]',
  screened_at BIGINT,
  marks_json TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX manifest_persons_manifest ON manifest_persons(manifest_id, seq);
CREATE INDEX manifest_persons_document ON manifest_persons(document_number, issuing_state);
)SQL";

// Version 7: partner agencies (customs, health ...), their webhook endpoints
// and subscriptions, the notification outbox written in the transaction of
// the decision that caused it (one row per agency delivery), and the
// delivery log (one row per attempt). app/partner_service owns them.
constexpr const char* kV7 = R"SQL(
CREATE TABLE partner_agencies (
  id {{PK}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('customs','health','other')),
  system_user_id BIGINT REFERENCES users(id),
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX partner_agencies_user ON partner_agencies(system_user_id);

CREATE TABLE partner_endpoints (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES partner_agencies(id),
  url TEXT NOT NULL,
  secret_box TEXT NOT NULL,
  secret_hint TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL
);
CREATE INDEX partner_endpoints_agency ON partner_endpoints(agency_id);

CREATE TABLE partner_subscriptions (
  id {{PK}},
  agency_id BIGINT NOT NULL REFERENCES partner_agencies(id),
  kind TEXT NOT NULL,
  port_unit_id BIGINT REFERENCES units(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX partner_subscriptions_kind ON partner_subscriptions(kind, port_unit_id);

CREATE TABLE partner_notifications (
  id {{PK}},
  created_at BIGINT NOT NULL,
  agency_id BIGINT NOT NULL,
  endpoint_id BIGINT,
  kind TEXT NOT NULL,
  port_unit_id BIGINT NOT NULL,
  subject_ref TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending','delivered','dead')),
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  delivered_at BIGINT,
  acked_at BIGINT
);
CREATE INDEX partner_notifications_due ON partner_notifications(state, next_attempt_at);
CREATE INDEX partner_notifications_agency ON partner_notifications(agency_id, id);
CREATE INDEX partner_notifications_key ON partner_notifications(agency_id, idempotency_key);

CREATE TABLE partner_deliveries (
  id {{PK}},
  notification_id BIGINT NOT NULL,
  agency_id BIGINT NOT NULL,
  endpoint_id BIGINT NOT NULL,
  port_unit_id BIGINT NOT NULL,
  attempt BIGINT NOT NULL,
  at BIGINT NOT NULL,
  status_code BIGINT NOT NULL,
  error TEXT NOT NULL,
  duration_us BIGINT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('delivered','retry','dead'))
);
CREATE INDEX partner_deliveries_notification ON partner_deliveries(notification_id);
CREATE INDEX partner_deliveries_agency ON partner_deliveries(agency_id, id);
)SQL";

// Version 8: ship declarations and booking facts (issue 7). The ports of call
// in the last 30 days belong to the manifest; each person's Maritime
// Declaration of Health answers and booking (reference, date) to the person.
// A "not the same person" clearance made by an analyst on a manifest is
// remembered in the desk's hit_clearances, naming the manifest person
// (inspection_id is 0 then).
constexpr const char* kV8 = R"SQL(
ALTER TABLE manifests ADD COLUMN ports_of_call_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE manifest_persons ADD COLUMN health_json TEXT NOT NULL DEFAULT '';
ALTER TABLE manifest_persons ADD COLUMN booking_reference TEXT NOT NULL DEFAULT '';
ALTER TABLE manifest_persons ADD COLUMN booking_date TEXT NOT NULL DEFAULT '';
ALTER TABLE hit_clearances ADD COLUMN manifest_person_id BIGINT;
)SQL";

// Version 9: travellers_search_name goes. travellers_search_dob (search_name,
// birth_date) serves every lookup by name as well, and each traveller insert
// (one per first crossing at a desk) no longer writes a second name index.
constexpr const char* kV9 = R"SQL(
DROP INDEX travellers_search_name;
)SQL";

// Version 10: the audit trail in lanes. Each lane is a hash chain with a head
// of its own; the old single head becomes lane 0, so the chain written so far
// verifies as it did. SQLite keeps one lane; on PostgreSQL,
// store/postgres/pg_schema.cpp adds more and a sequence for the ids.
constexpr const char* kV10 = R"SQL(
ALTER TABLE audit_events ADD COLUMN lane INTEGER NOT NULL DEFAULT 0;
CREATE TABLE audit_lanes (
  lane INTEGER PRIMARY KEY,
  last_id BIGINT NOT NULL,
  last_hash TEXT NOT NULL
);
INSERT INTO audit_lanes (lane, last_id, last_hash) SELECT 0, last_id, last_hash FROM audit_head;
DROP TABLE audit_head;
)SQL";

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> migrations = {
      {1, "units, users, sessions, api tokens, audit trail, travellers, settings", kV1},
      // Nothing portable: on PostgreSQL, store/postgres/pg_schema.cpp adds
      // monthly partitions of audit_events and row-level security by unit.
      {2, "PostgreSQL: audit_events partitioned by month, row-level security by unit", ""},
      {3, "watchlists, versions and diffs, entries, re-screening results", kV3},
      {4, "risk rules and their versions, reference sets, fact snapshots", kV4},
      {5, "port inspection: desk sessions, inspections, hits, secondary cases, crossings", kV5},
      {6, "advance information: manifests, their versions, manifest persons", kV6},
      {7, "partner agencies, endpoints, subscriptions, notification outbox, delivery log", kV7},
      {8, "ship declarations (ports of call, health answers), booking facts, manifest clearances",
       kV8},
      {9, "travellers: drop the name index that travellers_search_dob covers", kV9},
      {10, "audit trail in lanes, each a hash chain with its own head", kV10},
      // Nothing portable: on PostgreSQL, store/postgres/pg_schema.cpp makes
      // screening_results a table partitioned by month.
      {11, "PostgreSQL: screening results partitioned by month", ""},
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

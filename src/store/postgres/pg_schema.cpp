#include "store/postgres/pg_schema.hpp"

#include <utility>

namespace guomen::store::postgres {

namespace {

// Migration 2 on PostgreSQL: partitioning and row-level security.
constexpr const char* kV2 = R"SQL(
-- Months as int64 microsecond bounds (UTC), the unit of every time column.
CREATE FUNCTION guomen_month_bound_us(m date) RETURNS bigint
  LANGUAGE sql IMMUTABLE AS
  $$ SELECT (extract(epoch FROM (m::timestamp AT TIME ZONE 'UTC')) * 1000000)::bigint $$;

-- Creates the partition of `parent` for the month of `m` if it is missing.
-- Rows already in the default partition for that month move into it, in
-- the same transaction, so ATTACH finds the default partition consistent.
CREATE FUNCTION guomen_ensure_month_partition(parent text, key_column text, m date)
  RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  month_start date := date_trunc('month', m)::date;
  lo bigint := guomen_month_bound_us(month_start);
  hi bigint := guomen_month_bound_us((month_start + interval '1 month')::date);
  part text := parent || '_' || to_char(month_start, 'YYYY"m"MM');
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN part;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                 part, parent);
  EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= %s AND %I < %s RETURNING *) '
                 'INSERT INTO %I SELECT * FROM moved',
                 parent || '_default', key_column, lo, key_column, hi, part);
  EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)',
                 parent, part, lo, hi);
  RETURN part;
END $$;

CREATE FUNCTION guomen_ensure_month_partitions(parent text, key_column text, first date,
                                               months int) RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 0 .. months - 1 LOOP
    PERFORM guomen_ensure_month_partition(parent, key_column,
                                          (first + make_interval(months => i))::date);
  END LOOP;
END $$;

-- audit_events becomes partitioned by month of `time`. A partitioned
-- table's primary key must contain the partition key, so it is (id, time);
-- ids are unique: they are drawn from one sequence (migration 10).
ALTER TABLE audit_events RENAME TO audit_events_v1;
ALTER INDEX audit_events_time RENAME TO audit_events_v1_time;
ALTER INDEX audit_events_user RENAME TO audit_events_v1_user;
CREATE TABLE audit_events (
  id BIGINT NOT NULL,
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
  hash TEXT NOT NULL,
  PRIMARY KEY (id, time)
) PARTITION BY RANGE (time);
CREATE INDEX audit_events_time ON audit_events(time);
CREATE INDEX audit_events_user ON audit_events(username);
CREATE TABLE audit_events_default PARTITION OF audit_events DEFAULT;
INSERT INTO audit_events SELECT * FROM audit_events_v1;
DROP TABLE audit_events_v1;

-- Row-level security by unit, as defence in depth under the services'
-- own scoping. FORCE: it binds the table owner too (superusers and
-- BYPASSRLS roles are exempt by PostgreSQL's rules).
CREATE FUNCTION guomen_unit_visible(unit bigint) RETURNS boolean
  LANGUAGE sql STABLE AS $$
  SELECT CASE coalesce(current_setting('guomen.unit_scope', true), '')
           WHEN '*' THEN true
           WHEN '' THEN false
           ELSE unit = ANY (string_to_array(current_setting('guomen.unit_scope', true), ',')::bigint[])
         END $$;
ALTER TABLE travellers ENABLE ROW LEVEL SECURITY;
ALTER TABLE travellers FORCE ROW LEVEL SECURITY;
CREATE POLICY travellers_by_unit ON travellers
  USING (guomen_unit_visible(unit_id)) WITH CHECK (guomen_unit_visible(unit_id));
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_by_unit ON users
  USING (guomen_unit_visible(unit_id)) WITH CHECK (guomen_unit_visible(unit_id));
)SQL";


// Migration 4 on PostgreSQL: fact snapshots hold personal data, so they are
// scoped by unit like travellers.
constexpr const char* kV4 = R"SQL(
ALTER TABLE fact_snapshots ENABLE ROW LEVEL SECURITY;
ALTER TABLE fact_snapshots FORCE ROW LEVEL SECURITY;
CREATE POLICY fact_snapshots_by_unit ON fact_snapshots
  USING (guomen_unit_visible(unit_id)) WITH CHECK (guomen_unit_visible(unit_id));
)SQL";


// Migration 5 on PostgreSQL: crossings partitioned by month of `time` (the
// table is new and empty, so it is simply made again), row-level security on
// the unit-owned inspection tables.
constexpr const char* kV5 = R"SQL(
DROP TABLE crossings;
CREATE TABLE crossings (
  id BIGSERIAL NOT NULL,
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
  durations_json TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (id, time)
) PARTITION BY RANGE (time);
CREATE INDEX crossings_traveller ON crossings(traveller_id, time);
CREATE INDEX crossings_unit_time ON crossings(unit_id, time);
CREATE TABLE crossings_default PARTITION OF crossings DEFAULT;
SELECT guomen_ensure_month_partitions('crossings', 'time',
  (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date, 5);
ALTER TABLE crossings ENABLE ROW LEVEL SECURITY;
ALTER TABLE crossings FORCE ROW LEVEL SECURITY;
CREATE POLICY crossings_by_unit ON crossings
  USING (guomen_unit_visible(unit_id)) WITH CHECK (guomen_unit_visible(unit_id));
ALTER TABLE inspections ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspections FORCE ROW LEVEL SECURITY;
CREATE POLICY inspections_by_unit ON inspections
  USING (guomen_unit_visible(unit_id)) WITH CHECK (guomen_unit_visible(unit_id));
)SQL";

// Migration 6 on PostgreSQL: manifests and their persons are personal data of
// the port of arrival, scoped by unit like crossings.
constexpr const char* kV6 = R"SQL(
ALTER TABLE manifests ENABLE ROW LEVEL SECURITY;
ALTER TABLE manifests FORCE ROW LEVEL SECURITY;
CREATE POLICY manifests_by_unit ON manifests
  USING (guomen_unit_visible(unit_id)) WITH CHECK (guomen_unit_visible(unit_id));
ALTER TABLE manifest_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE manifest_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY manifest_versions_by_unit ON manifest_versions
  USING (guomen_unit_visible(unit_id)) WITH CHECK (guomen_unit_visible(unit_id));
ALTER TABLE manifest_persons ENABLE ROW LEVEL SECURITY;
ALTER TABLE manifest_persons FORCE ROW LEVEL SECURITY;
CREATE POLICY manifest_persons_by_unit ON manifest_persons
  USING (guomen_unit_visible(unit_id)) WITH CHECK (guomen_unit_visible(unit_id));
)SQL";

// Migration 7 on PostgreSQL: the notification outbox partitioned by month of
// created_at (new and empty, so made again), row-level security by port on
// the outbox and the delivery log.
constexpr const char* kV7 = R"SQL(
DROP TABLE partner_notifications;
CREATE TABLE partner_notifications (
  id BIGSERIAL NOT NULL,
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
  acked_at BIGINT,
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
CREATE INDEX partner_notifications_id ON partner_notifications(id);
CREATE INDEX partner_notifications_due ON partner_notifications(state, next_attempt_at);
CREATE INDEX partner_notifications_agency ON partner_notifications(agency_id, id);
CREATE INDEX partner_notifications_key ON partner_notifications(agency_id, idempotency_key);
CREATE TABLE partner_notifications_default PARTITION OF partner_notifications DEFAULT;
SELECT guomen_ensure_month_partitions('partner_notifications', 'created_at',
  (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date, 5);
ALTER TABLE partner_notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY partner_notifications_by_unit ON partner_notifications
  USING (guomen_unit_visible(port_unit_id)) WITH CHECK (guomen_unit_visible(port_unit_id));
ALTER TABLE partner_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE partner_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY partner_deliveries_by_unit ON partner_deliveries
  USING (guomen_unit_visible(port_unit_id)) WITH CHECK (guomen_unit_visible(port_unit_id));
)SQL";

}  // namespace

// Migration 10 on PostgreSQL: eight lanes, so that concurrent transactions
// append to the audit trail side by side, and the sequence their event ids
// come from (after the ids already written).
constexpr const char* kV10 = R"SQL(
INSERT INTO audit_lanes (lane, last_id, last_hash)
  SELECT g, 0, repeat('0', 64) FROM generate_series(1, 7) AS g;
CREATE SEQUENCE audit_event_ids;
SELECT setval('audit_event_ids', greatest(last_id, 1), last_id > 0) FROM audit_lanes WHERE lane = 0;
)SQL";

// Migration 11 on PostgreSQL: screening results partitioned by month of
// found_at. A partitioned table's unique keys must contain the partition key,
// so (traveller, list, entry, list version) is an index here and the store
// keeps it unique (SqlTx::InsertScreeningResult).
constexpr const char* kV11 = R"SQL(
ALTER TABLE screening_results RENAME TO screening_results_v10;
ALTER INDEX screening_results_unit RENAME TO screening_results_v10_unit;
ALTER INDEX screening_results_entry RENAME TO screening_results_v10_entry;
CREATE TABLE screening_results (
  id BIGSERIAL NOT NULL,
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
  PRIMARY KEY (id, found_at)
) PARTITION BY RANGE (found_at);
CREATE INDEX screening_results_key
  ON screening_results(traveller_id, list_id, entry_id, list_version);
CREATE INDEX screening_results_unit ON screening_results(unit_id, status);
CREATE INDEX screening_results_entry ON screening_results(list_id, entry_id);
CREATE TABLE screening_results_default PARTITION OF screening_results DEFAULT;
SELECT guomen_ensure_month_partitions('screening_results', 'found_at',
  (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date, 5);
INSERT INTO screening_results (id, traveller_id, unit_id, list_id, list_version, entry_id,
    matched_name, score, found_at, status, reviewed_by, reviewed_at)
  SELECT id, traveller_id, unit_id, list_id, list_version, entry_id, matched_name, score,
         found_at, status, reviewed_by, reviewed_at
  FROM screening_results_v10;
SELECT setval(pg_get_serial_sequence('screening_results', 'id'), COALESCE(max(id), 1),
              max(id) IS NOT NULL)
  FROM screening_results;
DROP TABLE screening_results_v10;
)SQL";

const char* PostgresMigrationSql(int version) {
  switch (version) {
    case 2: return kV2;
    case 4: return kV4;
    case 5: return kV5;
    case 6: return kV6;
    case 7: return kV7;
    case 10: return kV10;
    case 11: return kV11;
    default: return nullptr;
  }
}

core::Status EnsurePartitions(SqlConnection& conn, int months_ahead) {
  // The previous month too: a clock a little behind still finds its month.
  // (table, partition key column)
  const std::pair<const char*, const char*> partitioned[] = {
      {"audit_events", "time"},
      {"crossings", "time"},
      {"partner_notifications", "created_at"},
      {"screening_results", "found_at"}};
  for (const auto& [parent, column] : partitioned) {
    GUOMEN_ASSIGN_OR_RETURN(auto exists,
                            conn.Query("SELECT to_regclass(?) IS NOT NULL", {std::string(parent)}));
    if (exists.empty() || exists[0].Text(0) != "t") continue;
    GUOMEN_ASSIGN_OR_RETURN(
        auto rows,
        conn.Query("SELECT guomen_ensure_month_partitions(?, ?, "
                   "(date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date, ?)",
                   {std::string(parent), std::string(column), int64_t{months_ahead + 2}}));
    (void)rows;
  }
  return core::Status::Ok();
}

}  // namespace guomen::store::postgres

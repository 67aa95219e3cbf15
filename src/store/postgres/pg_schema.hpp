// The PostgreSQL-only parts of the schema: what the portable migration set
// cannot say in SQL both backends accept. Called by store/migrations.cpp
// and by OpenStore; nothing else needs it.
//
//   - Monthly range partitions of audit_events on `time` (int64 µs since the
//     epoch, UTC), with a DEFAULT partition so that no insert ever fails for
//     want of a partition; guomen_ensure_month_partitions(table, column,
//     month, count) creates months ahead and moves rows out of the default.
//   - Row-level security by unit on travellers and users: rows are visible
//     when the session's guomen.unit_scope is "*" or lists their unit_id.
//     PgConnection sets "*" for the server's own connections (the services
//     scope by unit, the store narrows the setting around every scoped
//     query); any other session sees nothing until it sets a scope.
#pragma once

#include "core/result.hpp"
#include "store/sql_connection.hpp"

namespace guomen::store::postgres {

// The PostgreSQL-only SQL of migration `version`, run after its portable
// part, or nullptr when there is none.
const char* PostgresMigrationSql(int version);

// Creates this month's and the next `months_ahead` months' partitions of
// every partitioned table (idempotent). Called when a store opens; an
// operator may also call guomen_ensure_month_partitions from cron.
core::Status EnsurePartitions(SqlConnection& conn, int months_ahead = 3);

}  // namespace guomen::store::postgres

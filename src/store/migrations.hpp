// The versioned schema, one migration set for every backend.
//
// Each migration's SQL is portable except for the tokens below, which the
// backend's dialect replaces:
//   {{PK}}   an auto-increment 64-bit primary key column type
// and what only PostgreSQL can say (partitioning, row-level security) is
// appended on PostgreSQL from store/postgres/pg_schema.cpp.
#pragma once

#include <string>
#include <vector>

#include "store/sql_connection.hpp"

namespace guomen::store {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

const std::vector<Migration>& Migrations();

// The migration's SQL with the dialect's tokens substituted.
std::string RenderMigration(const Migration& m, Dialect dialect);

// Applies every migration newer than the database's version, each in its own
// transaction. Errors: kFailedPrecondition when the database is newer than
// this binary (naming both versions).
core::Result<int> Migrate(SqlConnection& conn);

}  // namespace guomen::store

// Test support: a temporary folder and an App over a real SQLite file in it,
// with a manual clock, optionally filled with the demo data.
#pragma once

#include <memory>
#include <string>

#include "app/app.hpp"
#include "core/clock.hpp"

namespace guomen::testing {

// A fresh directory under /tmp, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The repository root (from GUOMEN_SOURCE_DIR).
std::string SourceDir();

// The backend the tests run on: $GUOMEN_TEST_BACKEND, "sqlite" (default) or
// "postgres" (then $GUOMEN_TEST_PG_URL names a server where the tests may
// create throwaway databases).
std::string TestBackend();

// A store location for a new, empty database on the test backend: a file in
// `dir` for SQLite, a freshly created database for PostgreSQL.
std::string NewStoreLocation(const TempDir& dir);

// Creates an empty PostgreSQL database on $GUOMEN_TEST_PG_URL's server and
// returns its URL (defined in pg_test_db.cpp). The database is dropped when
// the test process exits.
std::string CreateTestPgDatabase();

// `url` with its database name replaced by `dbname`.
std::string PgUrlWithDatabase(const std::string& url, const std::string& dbname);

// Whether a store location names a PostgreSQL database.
bool IsPgLocation(const std::string& location);

// Runs `sql` (one or more statements) directly on the database at a store
// location (a SQLite path or a postgresql:// URL), behind the store's back;
// a failure is a test failure (defined in raw_sql.cpp).
void ExecRawSql(const std::string& location, const std::string& sql);

struct TestApp {
  TempDir dir;
  core::ManualClock clock{*core::ParseIso8601("2026-11-23T08:00:00Z")};
  std::unique_ptr<app::App> app;

  std::string location;  // the store location (SQLite path or PostgreSQL URL)
  // REQUIRES: the SQLite backend (tests that open the file itself).
  std::string db_path() const { return location; }
};

// Opens an App on a new database; with demo data when `demo`.
std::unique_ptr<TestApp> MakeTestApp(bool demo = true);

// The principal of a user, as a session would give it (logs in).
app::Principal LoginAs(app::App& a, const std::string& username,
                       const std::string& password = "guomen-demo-2026");

}  // namespace guomen::testing

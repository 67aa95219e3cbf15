// ExecRawSql: tests that tamper with a database behind the store's back
// (the audit chain tests) do it through this, on either backend.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "test_env.hpp"

namespace guomen::testing {

bool IsPgLocation(const std::string& location) {
  return location.rfind("postgres://", 0) == 0 || location.rfind("postgresql://", 0) == 0;
}

void ExecRawSql(const std::string& location, const std::string& sql) {
  if (IsPgLocation(location)) {
    PGconn* conn = PQconnectdb(location.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      ADD_FAILURE() << "cannot connect: " << PQerrorMessage(conn);
      PQfinish(conn);
      return;
    }
    PGresult* res = PQexec(conn, sql.c_str());
    ExecStatusType st = PQresultStatus(res);
    EXPECT_TRUE(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        << sql << ": " << PQresultErrorMessage(res);
    PQclear(res);
    PQfinish(conn);
    return;
  }
  std::string path = location.rfind("sqlite:", 0) == 0 ? location.substr(7) : location;
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    ADD_FAILURE() << "cannot open " << path;
    sqlite3_close(db);
    return;
  }
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

}  // namespace guomen::testing

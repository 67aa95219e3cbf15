// Throwaway PostgreSQL databases for tests: one fresh database per call on
// the server $GUOMEN_TEST_PG_URL names, dropped when the test process exits.
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_env.hpp"

namespace guomen::testing {

namespace {

std::mutex created_mu;
std::vector<std::string>& Created() {
  static auto* names = new std::vector<std::string>();  // outlives static destructors
  return *names;
}

std::string AdminUrl() {
  const char* env = std::getenv("GUOMEN_TEST_PG_URL");
  if (!env || !*env) {
    throw std::runtime_error(
        "GUOMEN_TEST_BACKEND=postgres needs GUOMEN_TEST_PG_URL (a server where the tests may "
        "create and drop databases; scripts/pg-test-cluster.sh start prints one)");
  }
  return env;
}

// Runs one statement on the server's admin database; throws on failure.
void AdminExec(const std::string& sql) {
  PGconn* conn = PQconnectdb(AdminUrl().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot connect to $GUOMEN_TEST_PG_URL: " + msg);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string msg = ok ? "" : PQresultErrorMessage(res);
  PQclear(res);
  PQfinish(conn);
  if (!ok) throw std::runtime_error(sql + ": " + msg);
}

void DropCreated() {
  std::lock_guard lock(created_mu);
  for (const auto& name : Created()) {
    try {
      // FORCE: a test that failed half-way may have left a pool open.
      AdminExec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (const std::exception&) {
      // Best effort: a throwaway cluster is removed whole anyway.
    }
  }
  Created().clear();
}

}  // namespace

std::string PgUrlWithDatabase(const std::string& url, const std::string& dbname) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t query = url.find('?', start);
  size_t slash = url.find('/', start);
  if (slash != std::string::npos && (query == std::string::npos || slash < query)) {
    return url.substr(0, slash + 1) + dbname +
           (query == std::string::npos ? "" : url.substr(query));
  }
  if (query == std::string::npos) return url + "/" + dbname;
  return url.substr(0, query) + "/" + dbname + url.substr(query);
}

std::string CreateTestPgDatabase() {
  static std::atomic<int> counter{0};
  static std::once_flag registered;
  std::call_once(registered, [] { std::atexit(DropCreated); });
  std::random_device rd;
  std::string name = "guomen_test_" + std::to_string(getpid()) + "_" +
                     std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
  // template0: nobody is ever connected to it, so creations never collide.
  AdminExec("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
  {
    std::lock_guard lock(created_mu);
    Created().push_back(name);
  }
  return PgUrlWithDatabase(AdminUrl(), name);
}

}  // namespace guomen::testing

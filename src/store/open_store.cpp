#include "core/strings.hpp"
#include "store/migrations.hpp"
#include "store/sql_store.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace guomen::store {

namespace {
// Connections per PostgreSQL store: enough for the HTTP server's worker
// threads; the server's max_connections must cover every guomen process.
constexpr int kPgPoolSize = 8;
// SQLite connections for read-only transactions, beside the 4 for writing.
constexpr int kSqliteReaders = 8;
}  // namespace

int LatestSchemaVersion() { return Migrations().empty() ? 0 : Migrations().back().version; }

core::Result<std::unique_ptr<Store>> OpenStore(const std::string& location) {
  if (core::StartsWith(location, "postgres://") || core::StartsWith(location, "postgresql://")) {
    // One SqlStore over a pool of connections; the password stays in the
    // factory's copy of the URL and never reaches Describe() or a message.
    auto factory = [location]() -> core::Result<std::unique_ptr<SqlConnection>> {
      GUOMEN_ASSIGN_OR_RETURN(auto conn, postgres::PgConnection::Open(location));
      return std::unique_ptr<SqlConnection>(std::move(conn));
    };
    GUOMEN_ASSIGN_OR_RETURN(auto store,
                            SqlStore::Open(factory, kPgPoolSize, postgres::RedactUrl(location)));
    return std::unique_ptr<Store>(std::move(store));
  }
  std::string path = core::StartsWith(location, "sqlite:") ? location.substr(7) : location;
  if (path.empty()) return core::Fail(core::ErrorCode::kInvalidArgument, "empty database path");
  auto factory = [path]() -> core::Result<std::unique_ptr<SqlConnection>> {
    GUOMEN_ASSIGN_OR_RETURN(auto conn, sqlite::SqliteConnection::Open(path));
    return std::unique_ptr<SqlConnection>(std::move(conn));
  };
  // Writers are grouped onto one connection at a time; reads (Store::Read)
  // run beside them on connections of their own.
  GUOMEN_ASSIGN_OR_RETURN(auto store,
                          SqlStore::Open(factory, 4, "sqlite:" + path, kSqliteReaders));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace guomen::store

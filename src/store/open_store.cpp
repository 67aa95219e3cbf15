#include "core/strings.hpp"
#include "store/migrations.hpp"
#include "store/sql_store.hpp"
#include "store/sqlite/sqlite_connection.hpp"
#include "store/store.hpp"

namespace guomen::store {

int LatestSchemaVersion() { return Migrations().empty() ? 0 : Migrations().back().version; }

core::Result<std::unique_ptr<Store>> OpenStore(const std::string& location) {
  if (core::StartsWith(location, "postgres://") || core::StartsWith(location, "postgresql://")) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "the PostgreSQL store is not built into this guomen yet; use --db PATH");
  }
  std::string path = core::StartsWith(location, "sqlite:") ? location.substr(7) : location;
  if (path.empty()) return core::Fail(core::ErrorCode::kInvalidArgument, "empty database path");
  auto factory = [path]() -> core::Result<std::unique_ptr<SqlConnection>> {
    GUOMEN_ASSIGN_OR_RETURN(auto conn, sqlite::SqliteConnection::Open(path));
    return std::unique_ptr<SqlConnection>(std::move(conn));
  };
  GUOMEN_ASSIGN_OR_RETURN(auto store, SqlStore::Open(factory, 4, "sqlite:" + path));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace guomen::store

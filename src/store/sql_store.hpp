// Store implemented once in portable SQL over a pool of SqlConnections.
// The backends (store/sqlite, store/postgres) only provide connections.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/sql_connection.hpp"
#include "store/store.hpp"

namespace guomen::store {

class SqlStore final : public Store {
 public:
  using ConnectionFactory = std::function<core::Result<std::unique_ptr<SqlConnection>>()>;

  // Opens `pool_size` connections with `factory` and migrates the schema.
  static core::Result<std::unique_ptr<SqlStore>> Open(ConnectionFactory factory, int pool_size,
                                                      std::string description);

  core::Status Transact(const std::function<core::Status(Tx&)>& fn) override;
  int SchemaVersion() const override { return schema_version_; }
  std::string Describe() const override { return description_; }

 private:
  SqlStore() = default;
  std::unique_ptr<SqlConnection> Acquire();
  void Release(std::unique_ptr<SqlConnection> conn);

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;
  int schema_version_ = 0;
  std::string description_;
};

}  // namespace guomen::store

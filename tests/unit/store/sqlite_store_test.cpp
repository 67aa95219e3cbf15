// What only the SQLite backend promises: WAL mode and file errors. These run
// on every test run, whatever $GUOMEN_TEST_BACKEND says.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/store.hpp"
#include "test_env.hpp"

namespace guomen::store {
namespace {

std::string Pragma(const std::string& path, const std::string& name) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, ("PRAGMA " + name).c_str(), -1, &st, nullptr);
  std::string out;
  if (sqlite3_step(st) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

TEST(SqliteStoreTest, CreatesTheSchemaInWalMode) {
  testing::TempDir dir;
  std::string path = dir.path() + "/g.db";
  auto store = OpenStore(path);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ((*store)->SchemaVersion(), LatestSchemaVersion());
  EXPECT_EQ(Pragma(path, "journal_mode"), "wal");
  EXPECT_EQ((*store)->Describe(), "sqlite:" + path);
}

TEST(SqliteStoreTest, UnopenablePathIsUnavailable) {
  auto s = OpenStore("/proc/definitely/not/here.db");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace guomen::store

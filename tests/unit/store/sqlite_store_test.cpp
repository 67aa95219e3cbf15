// What only the SQLite backend promises: WAL mode and file errors. These run
// on every test run, whatever $GUOMEN_TEST_BACKEND says.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <thread>
#include <vector>

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

// Many desks at once: transactions from many threads are grouped into one
// SQLite commit, yet each keeps its own outcome. A failing one leaves no
// trace and does not take the others with it; every successful one is
// there; a transaction started inside another on the same store is refused
// at once (not after the busy timeout).
TEST(SqliteStoreTest, ConcurrentTransactionsKeepTheirOwnOutcome) {
  testing::TempDir dir;
  auto opened = OpenStore(dir.path() + "/g.db");
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& store = **opened;
  int64_t unit = 0;
  ASSERT_TRUE(store.Transact([&](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(unit, tx.InsertUnit(Unit{0, std::nullopt, "P", "口岸", "Port", "port"}));
    return core::Status::Ok();
  }).ok());

  constexpr int kThreads = 8, kEach = 40;
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const bool fail = (i % 5 == 0);
        auto st = store.Transact([&](Tx& tx) -> core::Status {
          Traveller tr;
          tr.unit_id = unit;
          tr.surname = (fail ? "FAIL-" : "OK-") + std::to_string(t) + "-" + std::to_string(i);
          tr.document_number = "D" + std::to_string(t * 1000 + i);
          GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertTraveller(tr));
          (void)id;
          if (fail) return core::Fail(core::ErrorCode::kValidation, "refused on purpose");
          return core::Status::Ok();
        });
        if (st.ok()) {
          ++ok;
        } else {
          EXPECT_EQ(st.error().code, core::ErrorCode::kValidation);
          ++failed;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), kThreads * kEach * 4 / 5);
  EXPECT_EQ(failed.load(), kThreads * kEach / 5);

  int stored = 0, stored_failed = 0;
  ASSERT_TRUE(store.Transact([&](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto ok_rows, tx.SearchTravellers("OK-", {unit}, 10000));
    GUOMEN_ASSIGN_OR_RETURN(auto failed_rows, tx.SearchTravellers("FAIL-", {unit}, 10000));
    stored = static_cast<int>(ok_rows.size());
    stored_failed = static_cast<int>(failed_rows.size());
    return core::Status::Ok();
  }).ok());
  EXPECT_EQ(stored, ok.load());
  EXPECT_EQ(stored_failed, 0);

  auto nested = store.Transact([&](Tx&) -> core::Status {
    return store.Transact([](Tx&) { return core::Status::Ok(); });
  });
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().code, core::ErrorCode::kInternal);
}

}  // namespace
}  // namespace guomen::store

// What only the SQLite backend promises: WAL mode and file errors. These run
// on every test run, whatever $GUOMEN_TEST_BACKEND says.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "store/sql_store.hpp"
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

std::string Scalar(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  std::string out;
  if (sqlite3_step(st) == SQLITE_ROW) out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

// The group commit leaves checkpoints to a thread of its own that runs beside
// the writers. Checkpoints taken while desks keep writing lose nothing, and
// once one has copied the whole log, the database file alone (without its
// log) holds every commit and is sound.
TEST(SqliteStoreTest, CheckpointsBesideTheWritersCopyEveryCommitIntoTheDatabase) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/g.db";
  auto opened = OpenStore(path);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto* sql = dynamic_cast<SqlStore*>(opened->get());
  ASSERT_NE(sql, nullptr);
  constexpr int kThreads = 4, kEach = 150;
  std::atomic<int> ok{0};
  std::atomic<bool> writing{true};
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto st = sql->Transact([&](Tx& tx) -> core::Status {
          const std::string code = "U" + std::to_string(t) + "-" + std::to_string(i);
          GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertUnit(Unit{0, std::nullopt, code, code, code, "port"}));
          (void)id;
          return core::Status::Ok();
        });
        if (st.ok()) ++ok;
      }
    });
  }
  std::thread checkpointer([&] {
    int64_t restart = 1;
    while (writing) {
      // Alternately only beside the writers, and with the last frames copied
      // while they are held back.
      auto st = sql->CheckpointLog(restart);
      EXPECT_TRUE(st.ok()) << st.error().message;
      restart = restart == 1 ? int64_t{1} << 40 : 1;
    }
  });
  for (auto& w : writers) w.join();
  writing = false;
  checkpointer.join();
  ASSERT_EQ(ok.load(), kThreads * kEach);
  ASSERT_TRUE(sql->CheckpointLog(1).ok());

  const std::string copy = dir.path() + "/copy.db";
  std::filesystem::copy_file(path, copy);
  EXPECT_EQ(Scalar(copy, "SELECT count(*) FROM units WHERE code LIKE 'U%'"),
            std::to_string(kThreads * kEach));
  EXPECT_EQ(Scalar(copy, "PRAGMA integrity_check"), "ok");
}

// Every lookup of travellers by name goes through one name index,
// travellers_search_dob (search_name, birth_date): a traveller insert writes
// no second one (schema version 9 dropped travellers_search_name), and the
// desk's lookup by name and birth date still reads the index.
TEST(SqliteStoreTest, TravellersHaveOneNameIndexAndTheLookupByNameAndBirthUsesIt) {
  testing::TempDir dir;
  const std::string path = dir.path() + "/g.db";
  auto opened = OpenStore(path);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& store = **opened;
  ASSERT_TRUE(store.Transact([&](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto unit,
                            tx.InsertUnit(Unit{0, std::nullopt, "P", "口岸", "Port", "port"}));
    Traveller tr;
    tr.unit_id = unit;
    tr.surname = "NGUYEN";
    tr.given_names = "THI LAN";
    tr.birth_date = "1990-04-01";
    tr.document_number = "C1234567";
    GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertTraveller(tr));
    tr.birth_date = "1991-04-01";
    tr.document_number = "C7654321";
    GUOMEN_ASSIGN_OR_RETURN(auto other, tx.InsertTraveller(tr));
    GUOMEN_ASSIGN_OR_RETURN(auto same, tx.FindTravellersByNameAndBirth("NGUYEN", "THI LAN",
                                                                       "1990-04-01", 10));
    EXPECT_EQ(same.size(), 1u);
    for (const Traveller& t : same) {
      EXPECT_EQ(t.id, id);
      EXPECT_NE(t.id, other);
    }
    return core::Status::Ok();
  }).ok());
  EXPECT_EQ(Scalar(path,
                   "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE "
                   "type = 'index' AND tbl_name = 'travellers' AND name NOT LIKE 'sqlite_%' "
                   "ORDER BY name)"),
            "travellers_document,travellers_search_dob,travellers_unit");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "EXPLAIN QUERY PLAN SELECT * FROM travellers WHERE search_name = "
                               "'NGUYEN THI LAN' AND birth_date = '1990-04-01' ORDER BY id",
                               -1, &st, nullptr),
            SQLITE_OK);
  std::string plan;
  while (sqlite3_step(st) == SQLITE_ROW) {
    plan += reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
    plan += "; ";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  EXPECT_NE(plan.find("USING INDEX travellers_search_dob"), std::string::npos) << plan;
}

}  // namespace
}  // namespace guomen::store

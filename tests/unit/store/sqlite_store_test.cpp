#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/migrations.hpp"
#include "store/store.hpp"
#include "test_env.hpp"

namespace guomen::store {
namespace {

using testing::TempDir;

std::unique_ptr<Store> Open(const std::string& path) {
  auto s = OpenStore(path);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return std::move(*s);
}

void Sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

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

Unit MakeUnit(const std::string& code, std::optional<int64_t> parent) {
  return Unit{0, parent, code, "单位" + code, "Unit " + code, parent ? "port" : "ministry"};
}

TEST(SqliteStoreTest, CreatesTheSchemaInWalMode) {
  TempDir dir;
  std::string path = dir.path() + "/g.db";
  auto store = Open(path);
  EXPECT_EQ(store->SchemaVersion(), LatestSchemaVersion());
  EXPECT_EQ(Pragma(path, "journal_mode"), "wal");
}

TEST(SqliteStoreTest, RefusesADatabaseNewerThanTheBinary) {
  TempDir dir;
  std::string path = dir.path() + "/g.db";
  Open(path).reset();
  Sql(path, "INSERT INTO schema_migrations (version, description, applied_at) VALUES (999, 'x', 0)");
  auto again = OpenStore(path);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(again.error().message.find("999"), std::string::npos);
  EXPECT_NE(again.error().message.find("newer guomen"), std::string::npos);
}

TEST(SqliteStoreTest, ReopeningKeepsDataAndDoesNotRemigrate) {
  TempDir dir;
  std::string path = dir.path() + "/g.db";
  {
    auto store = Open(path);
    ASSERT_TRUE(store->Transact([](Tx& tx) -> core::Status {
      GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertUnit(MakeUnit("ROOT", std::nullopt)));
      (void)id;
      return core::Status::Ok();
    }).ok());
  }
  auto store = Open(path);
  std::vector<Unit> units;
  ASSERT_TRUE(store->Transact([&](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(units, tx.ListUnits());
    return core::Status::Ok();
  }).ok());
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].code, "ROOT");
}

TEST(SqliteStoreTest, RollsBackWhenTheFunctionFails) {
  TempDir dir;
  auto store = Open(dir.path() + "/g.db");
  auto st = store->Transact([](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertUnit(MakeUnit("ROOT", std::nullopt)));
    (void)id;
    return core::Fail(core::ErrorCode::kValidation, "changed my mind");
  });
  EXPECT_EQ(st.error().message, "changed my mind");
  std::vector<Unit> units;
  ASSERT_TRUE(store->Transact([&](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(units, tx.ListUnits());
    return core::Status::Ok();
  }).ok());
  EXPECT_TRUE(units.empty());
}

TEST(SqliteStoreTest, DuplicateCodesAndUsernamesAreConflictsNamingTheField) {
  TempDir dir;
  auto store = Open(dir.path() + "/g.db");
  auto st = store->Transact([](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto root, tx.InsertUnit(MakeUnit("ROOT", std::nullopt)));
    auto dup = tx.InsertUnit(MakeUnit("ROOT", std::nullopt));
    EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(dup.error().field, "code");
    User u;
    u.username = "li";
    u.display_name = "Li";
    u.unit_id = root;
    u.roles = {"officer", "analyst"};
    u.password_hash = "x";
    GUOMEN_ASSIGN_OR_RETURN(auto uid, tx.InsertUser(u));
    GUOMEN_ASSIGN_OR_RETURN(auto back, tx.GetUser(uid));
    EXPECT_EQ(back->roles, (std::vector<std::string>{"officer", "analyst"}));
    auto dup_user = tx.InsertUser(u);
    EXPECT_EQ(dup_user.error().code, core::ErrorCode::kConflict);
    EXPECT_EQ(dup_user.error().field, "username");
    auto orphan = tx.InsertUnit(MakeUnit("ORPHAN", 12345));
    EXPECT_EQ(orphan.error().code, core::ErrorCode::kValidation);
    return core::Status::Ok();
  });
  EXPECT_TRUE(st.ok());
}

TEST(SqliteStoreTest, ScopedQueriesReturnOnlyTheGivenUnits) {
  TempDir dir;
  auto store = Open(dir.path() + "/g.db");
  ASSERT_TRUE(store->Transact([](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto root, tx.InsertUnit(MakeUnit("ROOT", std::nullopt)));
    GUOMEN_ASSIGN_OR_RETURN(auto a, tx.InsertUnit(MakeUnit("A", root)));
    GUOMEN_ASSIGN_OR_RETURN(auto b, tx.InsertUnit(MakeUnit("B", root)));
    Traveller t;
    t.surname = "NGUYEN";
    t.given_names = "THI LAN";
    t.document_number = "C1234567";
    t.unit_id = a;
    GUOMEN_ASSIGN_OR_RETURN(auto t1, tx.InsertTraveller(t));
    t.unit_id = b;
    t.given_names = "VAN AN";
    t.document_number = "C7654321";
    GUOMEN_ASSIGN_OR_RETURN(auto t2, tx.InsertTraveller(t));
    GUOMEN_ASSIGN_OR_RETURN(auto only_a, tx.SearchTravellers("nguyen", {a}, 10));
    EXPECT_EQ(only_a.size(), 1u);
    EXPECT_EQ(only_a.at(0).id, t1);
    GUOMEN_ASSIGN_OR_RETURN(auto both, tx.SearchTravellers("NGUYEN", {a, b}, 10));
    EXPECT_EQ(both.size(), 2u);
    GUOMEN_ASSIGN_OR_RETURN(auto by_given, tx.SearchTravellers("van", {a, b}, 10));
    EXPECT_EQ(by_given.size(), 1u);
    if (!by_given.empty()) {
      EXPECT_EQ(by_given[0].id, t2);
    }
    GUOMEN_ASSIGN_OR_RETURN(auto by_doc, tx.SearchTravellers("C7654321", {a, b}, 10));
    EXPECT_EQ(by_doc.size(), 1u);
    GUOMEN_ASSIGN_OR_RETURN(auto none, tx.SearchTravellers("NGUYEN", {}, 10));
    EXPECT_TRUE(none.empty());
    // LIKE wildcards in the query are literal.
    GUOMEN_ASSIGN_OR_RETURN(auto wild, tx.SearchTravellers("%", {a, b}, 10));
    EXPECT_TRUE(wild.empty());
    return core::Status::Ok();
  }).ok());
}

TEST(SqliteStoreTest, SettingsUpsert) {
  TempDir dir;
  auto store = Open(dir.path() + "/g.db");
  ASSERT_TRUE(store->Transact([](Tx& tx) -> core::Status {
    GUOMEN_RETURN_IF_ERROR(tx.PutSetting("k", "1"));
    GUOMEN_RETURN_IF_ERROR(tx.PutSetting("k", "2"));
    GUOMEN_ASSIGN_OR_RETURN(auto v, tx.GetSetting("k"));
    EXPECT_EQ(v.value_or(""), "2");
    GUOMEN_ASSIGN_OR_RETURN(auto missing, tx.GetSetting("nope"));
    EXPECT_FALSE(missing.has_value());
    return core::Status::Ok();
  }).ok());
}

TEST(SqliteStoreTest, UnopenablePathIsUnavailable) {
  auto s = OpenStore("/proc/definitely/not/here.db");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace guomen::store

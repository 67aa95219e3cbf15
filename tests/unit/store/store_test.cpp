// The Store contract, on the test backend ($GUOMEN_TEST_BACKEND: SQLite by
// default, PostgreSQL in `make pg-test`).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "store/migrations.hpp"
#include "store/store.hpp"
#include "pg_layouts.hpp"
#include "test_env.hpp"

namespace guomen::store {
namespace {

using testing::TempDir;

std::unique_ptr<Store> Open(const std::string& path) {
  auto s = OpenStore(path);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return std::move(*s);
}

// A location for a new, empty database on the test backend.
std::string NewLocation(const TempDir& dir) { return testing::NewStoreLocation(dir); }

Unit MakeUnit(const std::string& code, std::optional<int64_t> parent) {
  return Unit{0, parent, code, "单位" + code, "Unit " + code, parent ? "port" : "ministry"};
}

// Appends a test event (fake hashes) to the lane this transaction claims.
core::Status AppendTestEvent(Tx& tx, const std::string& username,
                             const std::string& object_id = "") {
  GUOMEN_ASSIGN_OR_RETURN(auto head, tx.ClaimAuditLane());
  AuditEvent e;
  e.id = head.next_id;
  e.lane = head.lane;
  e.time_us = 1'700'000'000'000'000 + e.id;
  e.username = username;
  e.action = "test.append";
  e.object_type = "test";
  e.object_id = object_id;
  e.result = "ok";
  e.prev_hash = head.last_hash;
  e.hash = "h" + std::to_string(e.id);
  return tx.AppendAuditEvent(e);
}

TEST(StoreTest, CreatesTheSchemaAtTheLatestVersion) {
  TempDir dir;
  auto store = Open(NewLocation(dir));
  EXPECT_EQ(store->SchemaVersion(), LatestSchemaVersion());
}

TEST(StoreTest, RefusesADatabaseNewerThanTheBinary) {
  TempDir dir;
  std::string path = NewLocation(dir);
  Open(path).reset();
  testing::ExecRawSql(path, "INSERT INTO schema_migrations (version, description, applied_at) VALUES (999, 'x', 0)");
  auto again = OpenStore(path);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(again.error().message.find("999"), std::string::npos);
  EXPECT_NE(again.error().message.find("newer guomen"), std::string::npos);
}

// A trail written before lanes (schema 9: one head row) becomes lane 0 at
// schema 10, and the next event continues after it.
TEST(StoreTest, TheChainWrittenBeforeLanesBecomesLaneZero) {
  TempDir dir;
  const std::string location = NewLocation(dir);
  auto append = [](Tx& tx) { return AppendTestEvent(tx, "u"); };
  {
    auto store = Open(location);
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(store->Transact(append).ok());
  }
  // Back to schema 9 as it was: the head row, no lanes, no lane column.
  const bool pg = testing::IsPgLocation(location);
  testing::ExecRawSql(
      location,
      std::string("CREATE TABLE audit_head (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), "
                  "last_id BIGINT NOT NULL, last_hash TEXT NOT NULL); "
                  "INSERT INTO audit_head SELECT 1, last_id, last_hash FROM audit_lanes "
                  "WHERE lane = 0; DROP TABLE audit_lanes; "
                  "ALTER TABLE audit_events DROP COLUMN lane; "
                  "DELETE FROM schema_migrations WHERE version >= 10;") +
          (pg ? std::string(" DROP SEQUENCE audit_event_ids;") + testing_sql::kPlainScreeningResults
              : std::string()));
  auto store = Open(location);
  EXPECT_EQ(store->SchemaVersion(), LatestSchemaVersion());
  ASSERT_TRUE(store->Transact(append).ok());
  ASSERT_TRUE(store->Transact([&](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto lanes, tx.GetAuditLanes());
    EXPECT_EQ(lanes.size(), pg ? 8u : 1u);
    EXPECT_EQ(lanes.at(0).last_id, 6);
    std::string prev(64, '0');
    int64_t n = 0;
    GUOMEN_RETURN_IF_ERROR(tx.ScanAuditEvents([&](const AuditEvent& e) {
      EXPECT_EQ(e.lane, 0);
      EXPECT_EQ(e.id, ++n);
      EXPECT_EQ(e.prev_hash, prev);
      prev = e.hash;
      return true;
    }));
    EXPECT_EQ(n, 6);
    EXPECT_EQ(lanes.at(0).last_hash, prev);
    return core::Status::Ok();
  }).ok());
}

TEST(StoreTest, ReopeningKeepsDataAndDoesNotRemigrate) {
  TempDir dir;
  std::string path = NewLocation(dir);
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

// A port post that ran version 7 (manifests, a desk clearance) upgrades to
// version 8 and on: its rows stay, the new ship-declaration, booking and clearance
// columns read as "nothing declared".
TEST(StoreTest, MigratesAVersion7DatabaseWithManifestsToVersion8) {
  TempDir dir;
  const std::string path = NewLocation(dir);
  const bool pg = testing::IsPgLocation(path);
  std::string sql =
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
      "applied_at BIGINT NOT NULL);\n";
  for (const auto& m : Migrations()) {
    if (m.version > 7) break;
    sql += RenderMigration(m, pg ? Dialect::kPostgres : Dialect::kSqlite);
    sql += ";\nINSERT INTO schema_migrations (version, description, applied_at) VALUES (" +
           std::to_string(m.version) + ", 'v', 0);\n";
  }
  testing::ExecRawSql(path, sql);
  testing::ExecRawSql(
      path,
      std::string(pg ? "SET guomen.unit_scope = '*';\n" : "") +
          "INSERT INTO units (id, parent_id, code, name, name_en, kind) VALUES "
          "(1, NULL, 'P', '口岸', 'Port', 'port');\n"
          "INSERT INTO users (id, username, display_name, unit_id, roles, password_hash, "
          "created_at) VALUES (1, 'li', 'Li', 1, 'officer', 'x', 0);\n"
          "INSERT INTO manifests (id, unit_id, carrier, transport_id, list_type, "
          "departure_location, arrival_location, sender, interchange_ref, message_ref, format, "
          "verdict, issues_json, version, content_hash, received_at, updated_at, source, raw_text, "
          "conveyance) VALUES (7, 1, 'MU', 'MU2031', 'passenger', 'KMG', 'RLI', '', '', '', "
          "'json', 'valid', '[]', 1, 'h', 0, 0, 'api', '{}', 'air');\n"
          "INSERT INTO manifest_persons (id, manifest_id, unit_id, seq, role, role_code, surname, "
          "given_names, birth_date, sex, nationality, embarkation, debarkation, documents_json, "
          "document_number, issuing_state, risk_level) VALUES (9, 7, 1, 1, 'passenger', 'FL', "
          "'WANG', 'XIAOMING', '1990-01-01', 'M', 'CHN', 'KMG', 'RLI', '[]', 'E1', 'CHN', "
          "'green');\n"
          "INSERT INTO hit_clearances (document_number, issuing_state, list_id, entry_id, "
          "entry_hash, reason, cleared_by, cleared_at, inspection_id) VALUES ('E1', 'CHN', 3, "
          "'w-1', 'eh', 'different birth year', 1, 5, 11);\n");

  auto store = Open(path);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->SchemaVersion(), LatestSchemaVersion());
  std::optional<Manifest> m;
  std::optional<ManifestPerson> p;
  std::optional<HitClearance> c;
  ASSERT_TRUE(store
                  ->Transact([&](Tx& tx) -> core::Status {
                    GUOMEN_ASSIGN_OR_RETURN(m, tx.GetManifest(7));
                    GUOMEN_ASSIGN_OR_RETURN(p, tx.GetManifestPerson(9));
                    GUOMEN_ASSIGN_OR_RETURN(c, tx.FindHitClearance("E1", "CHN", 3, "w-1", "eh"));
                    return core::Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->transport_id, "MU2031");
  EXPECT_EQ(m->ports_of_call_json, "[]");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->surname, "WANG");
  EXPECT_EQ(p->health_json, "");
  EXPECT_EQ(p->booking_reference, "");
  EXPECT_EQ(p->booking_date, "");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->inspection_id, 11);
  EXPECT_FALSE(c->manifest_person_id.has_value());

  // The new columns are written and read back.
  ASSERT_TRUE(store
                  ->Transact([&](Tx& tx) -> core::Status {
                    m->ports_of_call_json = R"([{"port":"SGSIN"}])";
                    GUOMEN_RETURN_IF_ERROR(tx.UpdateManifest(*m));
                    ManifestPerson q = *p;
                    q.seq = 2;
                    q.health_json = R"({"answers":{"fever":true}})";
                    q.booking_reference = "ABC123";
                    q.booking_date = "2026-11-20";
                    GUOMEN_ASSIGN_OR_RETURN(q.id, tx.InsertManifestPerson(q));
                    GUOMEN_ASSIGN_OR_RETURN(auto back, tx.GetManifestPerson(q.id));
                    EXPECT_EQ(back->health_json, q.health_json);
                    EXPECT_EQ(back->booking_reference, "ABC123");
                    EXPECT_EQ(back->booking_date, "2026-11-20");
                    HitClearance mc = *c;
                    mc.entry_hash = "eh2";
                    mc.inspection_id = 0;
                    mc.manifest_person_id = q.id;
                    GUOMEN_ASSIGN_OR_RETURN(mc.id, tx.InsertHitClearance(mc));
                    GUOMEN_ASSIGN_OR_RETURN(auto mc_back,
                                            tx.FindHitClearance("E1", "CHN", 3, "w-1", "eh2"));
                    EXPECT_EQ(mc_back->manifest_person_id, std::optional<int64_t>(q.id));
                    GUOMEN_ASSIGN_OR_RETURN(auto m_back, tx.GetManifest(7));
                    EXPECT_EQ(m_back->ports_of_call_json, m->ports_of_call_json);
                    return core::Status::Ok();
                  })
                  .ok());
}

TEST(StoreTest, RollsBackWhenTheFunctionFails) {
  TempDir dir;
  auto store = Open(NewLocation(dir));
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

TEST(StoreTest, AReadSeesWhatIsCommittedAndCannotWrite) {
  TempDir dir;
  auto store = Open(NewLocation(dir));
  ASSERT_TRUE(store->Transact([](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertUnit(MakeUnit("ROOT", std::nullopt)));
    (void)id;
    return core::Status::Ok();
  }).ok());
  std::vector<Unit> units;
  ASSERT_TRUE(store->Read([&](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(units, tx.ListUnits());
    return core::Status::Ok();
  }).ok());
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].code, "ROOT");

  auto write = store->Read([](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertUnit(MakeUnit("SNEAK", std::nullopt)));
    (void)id;
    return core::Status::Ok();
  });
  EXPECT_FALSE(write.ok());
  auto nested = store->Read([&](Tx&) -> core::Status {
    return store->Read([](Tx&) { return core::Status::Ok(); });
  });
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().code, core::ErrorCode::kInternal);
  ASSERT_TRUE(store->Read([&](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(units, tx.ListUnits());
    return core::Status::Ok();
  }).ok());
  EXPECT_EQ(units.size(), 1u) << "the write inside the read left a unit";
}

// A read does not wait for a writer that is still inside its transaction
// (on SQLite, for the group commit), and does not see its uncommitted rows.
TEST(StoreTest, AReadRunsWhileAWriterHoldsItsTransaction) {
  TempDir dir;
  auto store = Open(NewLocation(dir));
  std::atomic<bool> writer_inside{false}, read_done{false}, writer_left{false};
  std::thread writer([&] {
    auto st = store->Transact([&](Tx& tx) -> core::Status {
      GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertUnit(MakeUnit("LATE", std::nullopt)));
      (void)id;
      writer_inside = true;
      // Hold the transaction until the read is done (at most 10 s).
      for (int i = 0; i < 1000 && !read_done; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      writer_left = true;
      return core::Status::Ok();
    });
    EXPECT_TRUE(st.ok());
  });
  while (!writer_inside) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::vector<Unit> units{MakeUnit("X", std::nullopt)};
  auto st = store->Read([&](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(units, tx.ListUnits());
    return core::Status::Ok();
  });
  const bool writer_still_inside = !writer_left;
  read_done = true;
  writer.join();
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_TRUE(writer_still_inside);
  EXPECT_TRUE(units.empty()) << "the read saw a row not yet committed";
  ASSERT_TRUE(store->Read([&](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(units, tx.ListUnits());
    return core::Status::Ok();
  }).ok());
  EXPECT_EQ(units.size(), 1u);
}

TEST(StoreTest, DuplicateCodesAndUsernamesAreConflictsNamingTheField) {
  TempDir dir;
  auto store = Open(NewLocation(dir));
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

TEST(StoreTest, ScopedQueriesReturnOnlyTheGivenUnits) {
  TempDir dir;
  auto store = Open(NewLocation(dir));
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

TEST(StoreTest, AUnitsSubtreeIsTheUnitAndEveryUnitUnderIt) {
  TempDir dir;
  auto store = Open(NewLocation(dir));
  ASSERT_TRUE(store->Transact([](Tx& tx) -> core::Status {
    // ROOT - (A - (A1 - A11, A2), B)
    GUOMEN_ASSIGN_OR_RETURN(auto root, tx.InsertUnit(MakeUnit("ROOT", std::nullopt)));
    GUOMEN_ASSIGN_OR_RETURN(auto a, tx.InsertUnit(MakeUnit("A", root)));
    GUOMEN_ASSIGN_OR_RETURN(auto b, tx.InsertUnit(MakeUnit("B", root)));
    GUOMEN_ASSIGN_OR_RETURN(auto a1, tx.InsertUnit(MakeUnit("A1", a)));
    GUOMEN_ASSIGN_OR_RETURN(auto a2, tx.InsertUnit(MakeUnit("A2", a)));
    GUOMEN_ASSIGN_OR_RETURN(auto a11, tx.InsertUnit(MakeUnit("A11", a1)));
    GUOMEN_ASSIGN_OR_RETURN(auto under_a, tx.ListUnitSubtree(a));
    EXPECT_EQ(under_a, (std::vector<int64_t>{a, a1, a2, a11}));
    GUOMEN_ASSIGN_OR_RETURN(auto all, tx.ListUnitSubtree(root));
    EXPECT_EQ(all, (std::vector<int64_t>{root, a, b, a1, a2, a11}));
    GUOMEN_ASSIGN_OR_RETURN(auto leaf, tx.ListUnitSubtree(a11));
    EXPECT_EQ(leaf, (std::vector<int64_t>{a11}));
    GUOMEN_ASSIGN_OR_RETURN(auto none, tx.ListUnitSubtree(a11 + 100));
    EXPECT_TRUE(none.empty());
    return core::Status::Ok();
  }).ok());
}

TEST(StoreTest, SettingsUpsert) {
  TempDir dir;
  auto store = Open(NewLocation(dir));
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

// Appenders on several connections each take a lane of the trail: the ids
// are unique and grow along each lane, each event links to the one before
// it in its lane, and each lane's head is its last event. SQLite has one
// lane, and its ids are 1..N without gaps.
TEST(StoreTest, ConcurrentAuditAppendsFormWholeChains) {
  TempDir dir;
  const std::string location = NewLocation(dir);
  auto store = Open(location);
  constexpr int kThreads = 4;
  constexpr int kEach = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto st = store->Transact(
            [&](Tx& tx) { return AppendTestEvent(tx, "t" + std::to_string(t), std::to_string(i)); });
        if (!st.ok()) {
          ADD_FAILURE() << st.error().message;
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures.load(), 0);
  struct Lane {
    int64_t last_id = 0;
    std::string last_hash = std::string(64, '0');
  };
  std::map<int, Lane> lanes;
  std::set<int64_t> ids;
  ASSERT_TRUE(store->Transact([&](Tx& tx) -> core::Status {
    GUOMEN_RETURN_IF_ERROR(tx.ScanAuditEvents([&](const AuditEvent& e) {
      Lane& lane = lanes[e.lane];
      EXPECT_GT(e.id, lane.last_id);
      EXPECT_EQ(e.prev_hash, lane.last_hash) << "event " << e.id;
      EXPECT_TRUE(ids.insert(e.id).second) << "event " << e.id;
      lane = Lane{e.id, e.hash};
      return true;
    }));
    GUOMEN_ASSIGN_OR_RETURN(auto heads, tx.GetAuditLanes());
    for (const auto& h : heads) {
      EXPECT_EQ(h.last_id, lanes[h.lane].last_id) << "lane " << h.lane;
      EXPECT_EQ(h.last_hash, lanes[h.lane].last_hash) << "lane " << h.lane;
    }
    return core::Status::Ok();
  }).ok());
  EXPECT_EQ(ids.size(), size_t{kThreads * kEach});
  if (!testing::IsPgLocation(location)) {
    EXPECT_EQ(lanes.size(), 1u);
    EXPECT_EQ(*ids.begin(), 1);
    EXPECT_EQ(*ids.rbegin(), kThreads * kEach);
  }
}

// Chain scans (as audit verify does, then reading the head) run beside
// appenders and beside each other without deadlocks, and each sees a head
// that matches the end of the chain it scanned.
TEST(StoreTest, ChainScansAndAppendsRunTogether) {
  TempDir dir;
  auto store = Open(NewLocation(dir));
  std::atomic<int> failures{0};
  auto append = [&] {
    for (int i = 0; i < 25; ++i) {
      auto st = store->Transact([](Tx& tx) { return AppendTestEvent(tx, "a"); });
      if (!st.ok()) ++failures;
    }
  };
  auto scan = [&] {
    for (int i = 0; i < 10; ++i) {
      auto st = store->Transact([&](Tx& tx) -> core::Status {
        std::map<int, int64_t> last;
        GUOMEN_RETURN_IF_ERROR(tx.ScanAuditEvents([&](const AuditEvent& e) {
          last[e.lane] = e.id;
          return true;
        }));
        GUOMEN_ASSIGN_OR_RETURN(auto heads, tx.GetAuditLanes());
        for (const auto& h : heads) EXPECT_EQ(h.last_id, last[h.lane]) << "lane " << h.lane;
        return core::Status::Ok();
      });
      if (!st.ok()) {
        ADD_FAILURE() << st.error().message;
        ++failures;
      }
    }
  };
  std::vector<std::thread> threads;
  threads.emplace_back(append);
  threads.emplace_back(append);
  threads.emplace_back(scan);
  threads.emplace_back(scan);
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
}

// A failed write inside a transaction undoes that statement only (SQLite's
// rule, kept on PostgreSQL): the transaction goes on and commits the rest.
TEST(StoreTest, AConflictInsideATransactionKeepsTheEarlierWrites) {
  TempDir dir;
  auto store = Open(NewLocation(dir));
  ASSERT_TRUE(store->Transact([](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto root, tx.InsertUnit(MakeUnit("ROOT", std::nullopt)));
    auto dup = tx.InsertUnit(MakeUnit("ROOT", std::nullopt));
    EXPECT_FALSE(dup.ok());
    GUOMEN_ASSIGN_OR_RETURN(auto a, tx.InsertUnit(MakeUnit("A", root)));
    // Twice more: a write after a write, a failure after a failure.
    GUOMEN_ASSIGN_OR_RETURN(auto b, tx.InsertUnit(MakeUnit("B", a)));
    EXPECT_FALSE(tx.InsertUnit(MakeUnit("A", root)).ok());
    EXPECT_FALSE(tx.InsertUnit(MakeUnit("B", root)).ok());
    GUOMEN_ASSIGN_OR_RETURN(auto c, tx.InsertUnit(MakeUnit("C", b)));
    (void)c;
    return core::Status::Ok();
  }).ok());
  std::vector<Unit> units;
  ASSERT_TRUE(store->Transact([&](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(units, tx.ListUnits());
    return core::Status::Ok();
  }).ok());
  ASSERT_EQ(units.size(), 4u);
  EXPECT_EQ(units[0].code, "ROOT");
  EXPECT_EQ(units[1].code, "A");
  EXPECT_EQ(units[2].code, "B");
  EXPECT_EQ(units[3].code, "C");
}

TEST(StoreTest, RoundTripsTextWithQuotesBackslashesAndQuestionMarks) {
  TempDir dir;
  auto store = Open(NewLocation(dir));
  const std::string tricky = "O'Brien \\ \"?\" ? $1 -- /* 张三丰 */ \t";
  ASSERT_TRUE(store->Transact([&](Tx& tx) -> core::Status {
    GUOMEN_RETURN_IF_ERROR(tx.PutSetting("k?", tricky));
    GUOMEN_ASSIGN_OR_RETURN(auto v, tx.GetSetting("k?"));
    EXPECT_EQ(v.value_or(""), tricky);
    return core::Status::Ok();
  }).ok());
}

}  // namespace
}  // namespace guomen::store

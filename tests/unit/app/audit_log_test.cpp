#include "app/audit_log.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <thread>
#include <vector>

#include "app/crypto.hpp"
#include "test_env.hpp"

namespace guomen::app {
namespace {

// Edits the database behind the store's back, on either test backend.
void Sql(const std::string& location, const std::string& sql) {
  testing::ExecRawSql(location, sql);
}

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = testing::MakeTestApp(false);
    // Ten events by hand.
    for (int i = 0; i < 10; ++i) {
      ASSERT_TRUE(env_->app->store().Transact([&](store::Tx& tx) {
        return env_->app->audit().Append(tx, nullptr, {"10.0.0.1", "case " + std::to_string(i)},
                                         {"traveller.read", "traveller", std::to_string(i), "ok"},
                                         "officer");
      }).ok());
    }
  }
  VerifyReport Verify(std::optional<std::string> cp = std::nullopt) {
    auto r = env_->app->audit().Verify(env_->app->store(), cp);
    EXPECT_TRUE(r.ok());
    return *r;
  }
  std::string Db() const { return env_->location; }
  std::unique_ptr<testing::TestApp> env_;
};

TEST_F(AuditLogTest, AnIntactChainVerifies) {
  auto r = Verify();
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.events_checked, 10);
}

TEST_F(AuditLogTest, DetectsAnEditedEvent) {
  Sql(Db(), "UPDATE audit_events SET purpose = 'nothing to see' WHERE id = 4");
  auto r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_id, 4);
  EXPECT_NE(r.message.find("altered"), std::string::npos);
}

TEST_F(AuditLogTest, DetectsAnEditWithARecomputedUnkeyedHash) {
  // Changing the user and the hash together does not help without the key.
  Sql(Db(), "UPDATE audit_events SET username = 'someone', hash = prev_hash WHERE id = 6");
  EXPECT_EQ(Verify().first_bad_id, 6);
}

TEST_F(AuditLogTest, DetectsADeletedEvent) {
  Sql(Db(), "DELETE FROM audit_events WHERE id = 5");
  auto r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_id, 6);
}

TEST_F(AuditLogTest, DetectsReorderedEvents) {
  Sql(Db(),
      "UPDATE audit_events SET id = -3 WHERE id = 3; UPDATE audit_events SET id = 3 WHERE id = 7; "
      "UPDATE audit_events SET id = 7 WHERE id = -3;");
  auto r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_id, 3);
}

TEST_F(AuditLogTest, DetectsAnInsertedEvent) {
  Sql(Db(),
      "UPDATE audit_events SET id = -id WHERE id >= 8; "
      "UPDATE audit_events SET id = 1 - id WHERE id < 0; "
      "INSERT INTO audit_events SELECT 8, time, user_id, username, unit_id, action, object_type, "
      "'99', purpose, source, result, prev_hash, hash, lane FROM audit_events WHERE id = 7;");
  auto r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_id, 8);
}

TEST_F(AuditLogTest, DetectsATruncatedTailWithACheckpoint) {
  auto cp = env_->app->audit().Checkpoint(env_->app->store());
  ASSERT_TRUE(cp.ok());
  EXPECT_TRUE(Verify(*cp).ok);
  // The attacker removes the last events and fixes the head row too.
  Sql(Db(),
      "DELETE FROM audit_events WHERE id > 7; UPDATE audit_lanes SET last_id = 7, last_hash = "
      "(SELECT hash FROM audit_events WHERE id = 7) WHERE lane = 0;");
  EXPECT_TRUE(Verify().ok);  // without the checkpoint, the chain looks whole
  auto r = Verify(*cp);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_id, 8);
  EXPECT_NE(r.message.find("truncated"), std::string::npos);
}

TEST_F(AuditLogTest, DetectsATruncatedTailFromTheHead) {
  Sql(Db(), "DELETE FROM audit_events WHERE id > 8");
  auto r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_id, 9);
}

TEST_F(AuditLogTest, RejectsAForgedCheckpoint) {
  auto cp = env_->app->audit().Checkpoint(env_->app->store());
  ASSERT_TRUE(cp.ok());
  std::string forged = *cp;
  forged.replace(forged.find("id=10"), 5, "id=99");
  auto r = env_->app->audit().Verify(env_->app->store(), forged);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("signature"), std::string::npos);
}

// On PostgreSQL a transaction appends to a lane no other one holds, so
// concurrent requests do not queue on one head until each commit is flushed.
// Each lane is verified as a chain of its own, and a checkpoint covers every
// lane.
TEST_F(AuditLogTest, ConcurrentTransactionsAppendToLanesThatVerifyEachAsAChain) {
  if (!testing::IsPgLocation(Db())) {
    GTEST_SKIP() << "SQLite runs one writing transaction at a time, on one lane";
  }
  auto append = [&](store::Tx& tx, const std::string& object) {
    return env_->app->audit().Append(tx, nullptr, {"10.0.0.2", "lanes"},
                                     {"traveller.read", "traveller", object, "ok"}, "officer");
  };
  // The first transaction appends and keeps its lane while a second one
  // appends and commits; then the first appends again (to its own lane) and
  // commits.
  std::promise<void> first_appended, second_done;
  std::thread first([&] {
    auto st = env_->app->store().Transact([&](store::Tx& tx) -> core::Status {
      GUOMEN_RETURN_IF_ERROR(append(tx, "first-a"));
      first_appended.set_value();
      second_done.get_future().wait();
      return append(tx, "first-b");
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
  });
  first_appended.get_future().wait();
  auto second = env_->app->store().Transact([&](store::Tx& tx) { return append(tx, "second"); });
  second_done.set_value();
  first.join();
  ASSERT_TRUE(second.ok()) << second.error().message;

  std::map<std::string, int> lane_of;
  ASSERT_TRUE(env_->app->store().Transact([&](store::Tx& tx) {
    return tx.ScanAuditEvents([&](const store::AuditEvent& e) {
      lane_of[e.object_id] = e.lane;
      return true;
    });
  }).ok());
  EXPECT_EQ(lane_of["first-a"], lane_of["first-b"]);
  EXPECT_NE(lane_of["first-a"], lane_of["second"]);
  auto r = Verify();
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.events_checked, 13);

  auto cp = env_->app->audit().Checkpoint(env_->app->store());
  ASSERT_TRUE(cp.ok());
  const std::string other_lane = std::to_string(lane_of["second"]);
  EXPECT_NE(cp->find("lane=" + other_lane + " id="), std::string::npos) << *cp;
  EXPECT_TRUE(Verify(*cp).ok);

  // An event moved into another lane breaks both chains.
  Sql(Db(), "UPDATE audit_events SET lane = 0 WHERE lane = " + other_lane);
  EXPECT_FALSE(Verify().ok);
  Sql(Db(), "UPDATE audit_events SET lane = " + other_lane + " WHERE object_id = 'second'");
  EXPECT_TRUE(Verify().ok);

  // The second lane's whole chain removed, its head reset: it looks whole
  // without the checkpoint, not with it.
  Sql(Db(), "DELETE FROM audit_events WHERE lane = " + other_lane +
                "; UPDATE audit_lanes SET last_id = 0, last_hash = repeat('0', 64) WHERE lane = " +
                other_lane);
  EXPECT_TRUE(Verify().ok);
  r = Verify(*cp);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.message.find("truncated"), std::string::npos) << r.message;
}

// When every lane is taken (several guomen servers on one database), a
// transaction waits for one of them and then appends to it.
TEST_F(AuditLogTest, WhenEveryLaneIsTakenAnAppenderWaitsForOne) {
  if (!testing::IsPgLocation(Db())) {
    GTEST_SKIP() << "SQLite runs one writing transaction at a time, on one lane";
  }
  auto append = [&](store::Tx& tx, const std::string& object) {
    return env_->app->audit().Append(tx, nullptr, {"10.0.0.3", "busy lanes"},
                                     {"traveller.read", "traveller", object, "ok"}, "officer");
  };
  // Eight transactions of this server hold the eight lanes.
  constexpr int kLanes = 8;
  std::atomic<int> holding{0};
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::vector<std::thread> holders;
  for (int i = 0; i < kLanes; ++i) {
    holders.emplace_back([&, i] {
      auto st = env_->app->store().Transact([&](store::Tx& tx) -> core::Status {
        GUOMEN_RETURN_IF_ERROR(append(tx, "holder-" + std::to_string(i)));
        ++holding;
        released.wait();
        return core::Status::Ok();
      });
      EXPECT_TRUE(st.ok()) << st.error().message;
    });
  }
  while (holding.load() < kLanes) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // A second server's transaction finds no free lane and waits.
  auto other = store::OpenStore(Db());
  ASSERT_TRUE(other.ok()) << other.error().message;
  std::atomic<bool> appended{false};
  std::thread waiter([&] {
    auto st = (*other)->Transact([&](store::Tx& tx) { return append(tx, "waiter"); });
    EXPECT_TRUE(st.ok()) << st.error().message;
    appended = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(appended.load()) << "appended while every lane was held";
  release.set_value();
  for (auto& t : holders) t.join();
  waiter.join();
  EXPECT_TRUE(appended.load());

  std::map<int, int> per_lane;
  ASSERT_TRUE(env_->app->store().Transact([&](store::Tx& tx) {
    return tx.ScanAuditEvents([&](const store::AuditEvent& e) {
      ++per_lane[e.lane];
      return true;
    });
  }).ok());
  EXPECT_EQ(per_lane.size(), size_t{kLanes});
  auto r = Verify();
  EXPECT_TRUE(r.ok) << r.message;
  EXPECT_EQ(r.events_checked, 10 + kLanes + 1);
}

TEST_F(AuditLogTest, AcceptsACheckpointWrittenBeforeTheTrailHadLanes) {
  // A v1 checkpoint named the one chain, which is lane 0 now.
  auto key = LoadAuditKey(env_->dir.path() + "/audit.key", false);
  ASSERT_TRUE(key.ok());
  auto cp = env_->app->audit().Checkpoint(env_->app->store());
  ASSERT_TRUE(cp.ok());
  const size_t id = cp->find("id=10 hash=");
  ASSERT_NE(id, std::string::npos) << *cp;
  const std::string hash = cp->substr(id + 11, 64);
  const std::string v1 = "guomen-audit-checkpoint-v1 id=10 hash=" + hash +
                         " time=2026-01-01T00:00:00Z mac=" +
                         KeyedHash(*key, "checkpoint\nid=10 hash=" + hash);
  EXPECT_TRUE(Verify(v1).ok);
  Sql(Db(),
      "DELETE FROM audit_events WHERE id > 7; UPDATE audit_lanes SET last_id = 7, last_hash = "
      "(SELECT hash FROM audit_events WHERE id = 7) WHERE lane = 0;");
  auto r = Verify(v1);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_id, 8);
}

TEST_F(AuditLogTest, FailsClosedWhenTheTrailCannotBeWritten) {
  // A trigger makes every audit insert fail: the access it records must fail too.
  Sql(Db(), testing::IsPgLocation(Db())
                ? "CREATE FUNCTION no_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE "
                  "EXCEPTION 'disk full'; END $$; CREATE TRIGGER no_audit BEFORE INSERT ON "
                  "audit_events FOR EACH ROW EXECUTE FUNCTION no_audit();"
                : "CREATE TRIGGER no_audit BEFORE INSERT ON audit_events BEGIN SELECT "
                  "RAISE(ABORT, 'disk full'); END;");
  auto res = env_->app->store().Transact([&](store::Tx& tx) -> core::Status {
    store::Unit u{0, std::nullopt, "X", "x", "x", "ministry"};
    GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertUnit(u));
    (void)id;
    return env_->app->audit().Append(tx, nullptr, {}, {"unit.create", "unit", "1", "ok"}, "x");
  });
  ASSERT_FALSE(res.ok());
  EXPECT_NE(res.error().message.find("audit trail"), std::string::npos);
  auto units = env_->app->admin().ListAllUnitsAsSystem();
  EXPECT_TRUE(units.ok() && units->empty()) << "the unit must not exist without its audit event";
}

TEST(AuditKeyTest, CreatesAndReloadsTheKey) {
  testing::TempDir dir;
  std::string path = dir.path() + "/k";
  EXPECT_FALSE(LoadAuditKey(path, false).ok());
  auto k1 = LoadAuditKey(path, true);
  ASSERT_TRUE(k1.ok());
  EXPECT_EQ(k1->size(), 32u);
  auto k2 = LoadAuditKey(path, false);
  ASSERT_TRUE(k2.ok());
  EXPECT_EQ(*k1, *k2);
}

}  // namespace
}  // namespace guomen::app

#include "app/audit_log.hpp"

#include <gtest/gtest.h>

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
      "'99', purpose, source, result, prev_hash, hash FROM audit_events WHERE id = 7;");
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
      "DELETE FROM audit_events WHERE id > 7; UPDATE audit_head SET last_id = 7, last_hash = "
      "(SELECT hash FROM audit_events WHERE id = 7);");
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

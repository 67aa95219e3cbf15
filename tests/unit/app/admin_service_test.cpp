#include "app/admin_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_env.hpp"

namespace guomen::app {
namespace {

class AdminServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { env_ = testing::MakeTestApp(true).release(); }
  static void TearDownTestSuite() { delete env_; }
  static App& a() { return *env_->app; }
  static int64_t UnitId(const std::string& code) {
    auto u = a().admin().FindUnitByCodeAsSystem(code);
    EXPECT_TRUE(u.ok() && u->has_value()) << code;
    return (*u)->id;
  }
  static testing::TestApp* env_;
};
testing::TestApp* AdminServiceTest::env_ = nullptr;

TEST_F(AdminServiceTest, UsersSeeTheirUnitAndBelowButNeverSidewaysOrAbove) {
  Principal command = testing::LoginAs(a(), "command");  // at the Dehong detachment
  auto units = a().admin().ListUnits(command);
  ASSERT_TRUE(units.ok());
  std::vector<std::string> codes;
  for (const auto& u : *units) codes.push_back(u.code);
  EXPECT_NE(std::find(codes.begin(), codes.end(), "YN-DH"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "YN-DH-RL-PORT"), codes.end());   // child
  EXPECT_EQ(std::find(codes.begin(), codes.end(), "YN-XSBN"), codes.end());         // sibling
  EXPECT_EQ(std::find(codes.begin(), codes.end(), "YN"), codes.end());              // parent
  auto sibling = a().admin().GetUnit(command, UnitId("YN-XSBN"));
  ASSERT_FALSE(sibling.ok());
  EXPECT_EQ(sibling.error().code, core::ErrorCode::kNotFound);
  auto missing = a().admin().GetUnit(command, 999999);
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(sibling.error().message.find("YN"), std::string::npos);  // no hint it exists
}

TEST_F(AdminServiceTest, TheMinistryAdminSeesEveryUnit) {
  Principal admin = testing::LoginAs(a(), "admin");
  auto all = a().admin().ListAllUnitsAsSystem();
  auto seen = a().admin().ListUnits(admin);
  EXPECT_EQ(seen->size(), all->size());
}

TEST_F(AdminServiceTest, CreatesAUserWithValidationNamingTheField) {
  Principal admin = testing::LoginAs(a(), "admin");
  NewUserRequest req{"zhou.min", "周敏", "short", UnitId("YN-HH-HK-PORT"), {"officer"}};
  auto weak = a().admin().CreateUser(admin, {"a", ""}, req);
  EXPECT_EQ(weak.error().field, "password");
  req.password = "harbour-lantern-7731";
  req.roles = {"officer", "pilot"};
  EXPECT_EQ(a().admin().CreateUser(admin, {"a", ""}, req).error().field, "roles");
  req.roles = {"officer"};
  req.username = "Bad Name";
  EXPECT_EQ(a().admin().CreateUser(admin, {"a", ""}, req).error().field, "username");
  req.username = "zhou.min";
  auto ok = a().admin().CreateUser(admin, {"a", ""}, req);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_TRUE(ok->user.password_hash.empty()) << "views never carry the hash";
  EXPECT_EQ(ok->unit_name_en, "Hekou Port (land and rail)");
  auto dup = a().admin().CreateUser(admin, {"a", ""}, req);
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  EXPECT_TRUE(a().auth().Login("zhou.min", "harbour-lantern-7731", {"z", ""}).ok());
}

TEST_F(AdminServiceTest, AnAdminBelowTheMinistryCannotCreateOutsideTheirUnits) {
  Principal root = testing::LoginAs(a(), "admin");
  NewUserRequest req{"dh.admin", "德宏管理员", "copper-valley-river-88", UnitId("YN-DH"), {"admin"}};
  ASSERT_TRUE(a().admin().CreateUser(root, {"a", ""}, req).ok());
  Principal dh = testing::LoginAs(a(), "dh.admin", "copper-valley-river-88");
  NewUserRequest other{"hk.officer", "河口", "copper-valley-river-99", UnitId("YN-HH-HK-PORT"),
                       {"officer"}};
  auto r = a().admin().CreateUser(dh, {"a", ""}, other);
  EXPECT_EQ(r.error().code, core::ErrorCode::kNotFound);
  store::Unit u{0, UnitId("YN-XSBN"), "DH-ATTEMPT", "x", "x", "station"};
  EXPECT_EQ(a().admin().CreateUnit(dh, {"a", ""}, u).error().code, core::ErrorCode::kNotFound);
  u.parent_id = UnitId("YN-DH-RL");
  auto created = a().admin().CreateUnit(dh, {"a", ""}, u);
  ASSERT_TRUE(created.ok()) << created.error().message;
  u.kind = "castle";
  u.code = "DH-2";
  EXPECT_EQ(a().admin().CreateUnit(dh, {"a", ""}, u).error().field, "kind");
}

TEST_F(AdminServiceTest, AdminsCannotDisableThemselves) {
  Principal admin = testing::LoginAs(a(), "admin");
  auto r = a().admin().ChangeUser(admin, {"a", ""}, admin.user_id, UserAction::kDisable);
  EXPECT_EQ(r.error().code, core::ErrorCode::kValidation);
}

}  // namespace
}  // namespace guomen::app

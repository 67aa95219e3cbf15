#include "app/traveller_service.hpp"

#include <gtest/gtest.h>

#include "test_env.hpp"

namespace guomen::app {
namespace {

class TravellerServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { env_ = testing::MakeTestApp(true).release(); }
  static void TearDownTestSuite() { delete env_; }
  static App& a() { return *env_->app; }
  static testing::TestApp* env_;
};
testing::TestApp* TravellerServiceTest::env_ = nullptr;

TEST_F(TravellerServiceTest, ALookupNeedsAPurpose) {
  Principal officer = testing::LoginAs(a(), "officer");
  auto r = a().travellers().Search(officer, {"a", ""}, "WANG");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().Reason(), "purpose_required");
  EXPECT_EQ(r.error().field, "purpose");
}

TEST_F(TravellerServiceTest, EveryResultOfASearchIsAuditedWithThePurpose) {
  Principal analyst = testing::LoginAs(a(), "analyst");  // province level: sees every port
  auto r = a().travellers().Search(analyst, {"10.2.2.2", "pre-arrival check CZ3041"}, "NGUYEN");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_FALSE(r->empty());
  store::AuditFilter f;
  f.action = "traveller.search";
  std::vector<store::AuditEvent> events;
  ASSERT_TRUE(a().store().Transact([&](store::Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(events, tx.ListAuditEvents(f));
    return core::Status::Ok();
  }).ok());
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events[0].purpose, "pre-arrival check CZ3041");
  EXPECT_EQ(events[0].username, "analyst");
  EXPECT_NE(events[0].object_id.find(std::to_string(r->front().id)), std::string::npos);
}

TEST_F(TravellerServiceTest, APersonOfAnotherUnitIsNotFound) {
  Principal analyst = testing::LoginAs(a(), "analyst");
  Principal officer = testing::LoginAs(a(), "officer");  // Ruili port only
  auto all = a().travellers().Search(analyst, {"a", "audit test"}, "KIM");
  ASSERT_TRUE(all.ok());
  int checked = 0;
  for (const auto& t : *all) {
    auto r = a().travellers().Get(officer, {"a", "audit test"}, t.id);
    if (officer.CanSeeUnit(t.unit_id)) {
      EXPECT_TRUE(r.ok());
    } else {
      EXPECT_EQ(r.error().code, core::ErrorCode::kNotFound);
      ++checked;
    }
  }
  EXPECT_GT(checked, 0) << "the demo data should place some KIMs at other ports";
}

}  // namespace
}  // namespace guomen::app

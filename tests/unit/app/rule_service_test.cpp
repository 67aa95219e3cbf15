#include "app/rule_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "test_env.hpp"

namespace guomen::app {
namespace {

using core::ErrorCode;

class RuleServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    env_ = testing::MakeTestApp(true).release();
    int64_t yn = (*a().admin().FindUnitByCodeAsSystem("YN"))->id;
    // One person holding both roles: the four-eyes check must still stop them.
    NewUserRequest dual{"dual", "Dual Role", "rules-test-secret-2026", yn, {"analyst", "supervisor"}};
    auto made = a().admin().CreateUserAsSystem(dual);
    ASSERT_TRUE(made.ok()) << made.error().message;
    NewUserRequest second{"analyst2", "Analyst Two", "rules-test-secret-2026", yn, {"analyst"}};
    ASSERT_TRUE(a().admin().CreateUserAsSystem(second).ok());
  }
  static void TearDownTestSuite() { delete env_; }
  static App& a() { return *env_->app; }
  static int64_t Unit(const std::string& code) {
    return (*a().admin().FindUnitByCodeAsSystem(code))->id;
  }
  static int64_t NowUs() { return core::ToMicros(env_->clock.Now()); }
  static testing::TestApp* env_;
};
testing::TestApp* RuleServiceTest::env_ = nullptr;

const RequestMeta kMeta{"10.0.0.1", ""};

RuleDraft Draft(const std::string& code, const std::string& expr, const std::string& level) {
  RuleDraft d;
  d.code = code;
  d.name = "test rule " + code;
  d.expression = expr;
  d.level = level;
  d.refer_secondary = true;
  d.questions = {{"purpose", "您此行的目的是什么？", "What is the purpose of your trip?"}};
  return d;
}

std::vector<store::AuditEvent> Events(App& a, const std::string& action) {
  store::AuditFilter f;
  f.action = action;
  f.limit = 200;
  std::vector<store::AuditEvent> out;
  EXPECT_TRUE(a.store().Transact([&](store::Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListAuditEvents(f));
    return core::Status::Ok();
  }).ok());
  return out;
}

TEST_F(RuleServiceTest, TheAuthorCannotApproveTheirOwnRuleEvenHoldingTheSupervisorRole) {
  Principal dual = testing::LoginAs(a(), "dual", "rules-test-secret-2026");
  Principal supervisor = testing::LoginAs(a(), "supervisor");
  auto r = a().rules().Create(dual, kMeta,
                              Draft("T-FOUR-EYES", "health.temperature >= 39.5", "medium"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(a().rules().Submit(dual, kMeta, r->rule.id).ok());
  auto own = a().rules().Approve(dual, kMeta, r->rule.id);
  ASSERT_FALSE(own.ok());
  EXPECT_EQ(own.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(own.error().Reason(), "four_eyes");
  auto own_reject = a().rules().Reject(dual, kMeta, r->rule.id, "not good");
  ASSERT_FALSE(own_reject.ok());
  EXPECT_EQ(own_reject.error().Reason(), "four_eyes");
  // The refusal is in the trail.
  bool denied = false;
  for (const auto& e : Events(a(), "rule.approve")) {
    if (e.username == "dual" && e.result == "denied") denied = true;
  }
  EXPECT_TRUE(denied);
  auto ok = a().rules().Approve(supervisor, kMeta, r->rule.id);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->rule.state, "active");
  EXPECT_EQ(ok->versions.front().decided_by_name, "supervisor");
}

TEST_F(RuleServiceTest, TheLastEditorOfAVersionCannotApproveIt) {
  Principal analyst = testing::LoginAs(a(), "analyst");
  Principal dual = testing::LoginAs(a(), "dual", "rules-test-secret-2026");
  Principal supervisor = testing::LoginAs(a(), "supervisor");
  auto r = a().rules().Create(analyst, kMeta, Draft("T-EDITOR", "history.overstays >= 3", "low"));
  ASSERT_TRUE(r.ok());
  auto v2 = a().rules().Update(dual, kMeta, r->rule.id,
                               Draft("", "history.overstays >= 2", "medium"));
  ASSERT_TRUE(v2.ok()) << v2.error().message;
  EXPECT_EQ(v2->versions.size(), 2u);
  ASSERT_TRUE(a().rules().Submit(analyst, kMeta, r->rule.id).ok());
  auto refused = a().rules().Approve(dual, kMeta, r->rule.id);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().Reason(), "four_eyes");
  EXPECT_TRUE(a().rules().Approve(supervisor, kMeta, r->rule.id).ok());
}

TEST_F(RuleServiceTest, AnAnalystCannotApproveAtAll) {
  Principal analyst = testing::LoginAs(a(), "analyst");
  Principal analyst2 = testing::LoginAs(a(), "analyst2", "rules-test-secret-2026");
  auto r = a().rules().Create(analyst, kMeta, Draft("T-ROLE", "history.refusals > 5", "low"));
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(a().rules().Submit(analyst, kMeta, r->rule.id).ok());
  auto x = a().rules().Approve(analyst2, kMeta, r->rule.id);
  ASSERT_FALSE(x.ok());
  EXPECT_EQ(x.error().code, ErrorCode::kPermissionDenied);
}

TEST_F(RuleServiceTest, EveryVersionIsKeptAndRejectionSendsTheRuleBackToDraft) {
  Principal analyst = testing::LoginAs(a(), "analyst");
  Principal supervisor = testing::LoginAs(a(), "supervisor");
  auto r = a().rules().Create(analyst, kMeta, Draft("T-VERSIONS", "history.overstays > 4", "low"));
  ASSERT_TRUE(r.ok());
  int64_t id = r->rule.id;
  ASSERT_TRUE(a().rules().Submit(analyst, kMeta, id).ok());
  // A pending version cannot be edited.
  auto busy = a().rules().Update(analyst, kMeta, id, Draft("", "history.overstays > 3", "low"));
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(a().rules().Reject(supervisor, kMeta, id, "").ok()) << "a reason is required";
  auto rejected = a().rules().Reject(supervisor, kMeta, id, "threshold too high");
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->rule.state, "draft");
  EXPECT_EQ(rejected->versions.front().state, "rejected");
  EXPECT_EQ(rejected->versions.front().reject_reason, "threshold too high");
  EXPECT_FALSE(a().rules().Submit(analyst, kMeta, id).ok()) << "a rejected version is edited first";
  auto v2 = a().rules().Update(analyst, kMeta, id, Draft("", "history.overstays > 2", "low"));
  ASSERT_TRUE(v2.ok());
  auto got = a().rules().Get(supervisor, kMeta, id);
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->versions.size(), 2u);
  EXPECT_EQ(got->versions[0].version, 2);
  EXPECT_EQ(got->versions[0].state, "draft");
  EXPECT_EQ(got->versions[1].expression, "history.overstays > 4");
  EXPECT_EQ(got->versions[1].state, "rejected");
  EXPECT_FALSE(Events(a(), "rule.reject").empty());
  EXPECT_FALSE(Events(a(), "rule.update").empty());
}

TEST_F(RuleServiceTest, ABadExpressionIsRefusedWithItsPosition) {
  Principal analyst = testing::LoginAs(a(), "analyst");
  auto r = a().rules().Create(analyst, kMeta, Draft("T-BAD", "history.refusals > \"x\"", "low"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "expression");
  EXPECT_NE(r.error().message.find("line 1 column"), std::string::npos) << r.error().message;
  auto guard = a().rules().Create(analyst, kMeta, Draft("T-GUARD", "traveller.age < 30", "low"));
  ASSERT_FALSE(guard.ok());
  EXPECT_EQ(guard.error().Reason(), "rights_guard");
  auto diags = a().rules().Check("journey.direction == 1");
  ASSERT_EQ(diags.size(), 1u);
  EXPECT_EQ(diags[0].line, 1);
  EXPECT_EQ(diags[0].column, 19);
}

TEST_F(RuleServiceTest, AssessFiresActiveRulesOfThePortWithTheFactsTheyRead) {
  Principal analyst = testing::LoginAs(a(), "analyst");
  Principal supervisor = testing::LoginAs(a(), "supervisor");
  auto set = a().rules().PutReferenceSet(analyst, kMeta, "test_ports", "test", {"XXPOR", " XXQQQ "});
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->items[1], "XXQQQ");
  RuleDraft d = Draft("T-ASSESS", "journey.embarkation_port in ref.test_ports && health.temperature > 38.0",
                      "high");
  d.notify_health = true;
  d.unit_scope = {Unit("YN-DH")};  // Dehong's ports only
  auto r = a().rules().Create(analyst, kMeta, d);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(a().rules().Submit(analyst, kMeta, r->rule.id).ok());
  std::string facts = R"({"journey":{"embarkation_port":"XXPOR"},"health":{"temperature":38.6}})";
  auto before = a().rules().Assess(Unit("YN-DH-RL-PORT"), facts, {}, NowUs());
  ASSERT_TRUE(before.ok());
  for (const auto& f : before->fired) EXPECT_NE(f.code, "T-ASSESS") << "not active yet";
  ASSERT_TRUE(a().rules().Approve(supervisor, kMeta, r->rule.id).ok());

  auto x = a().rules().Assess(Unit("YN-DH-RL-PORT"), facts, {}, NowUs());
  ASSERT_TRUE(x.ok()) << x.error().message;
  const FiredRule* fired = nullptr;
  for (const auto& f : x->fired) {
    if (f.code == "T-ASSESS") fired = &f;
  }
  ASSERT_NE(fired, nullptr);
  EXPECT_EQ(x->level, "red");
  EXPECT_EQ(fired->level, "high");
  EXPECT_EQ(fired->points, 60);
  ASSERT_EQ(fired->facts_used.size(), 3u);
  EXPECT_EQ(fired->facts_used[0], (std::pair<std::string, std::string>{"journey.embarkation_port", "XXPOR"}));
  EXPECT_EQ(fired->facts_used[1].first, "health.temperature");
  EXPECT_EQ(fired->facts_used[2].first, "ref.test_ports");
  EXPECT_EQ(x->actions, (std::vector<std::string>{"refer_secondary", "notify_health"}));
  ASSERT_FALSE(x->questions.empty());
  EXPECT_EQ(x->questions[0].text_en, "What is the purpose of your trip?");

  // Another prefecture's port is outside the rule's scope.
  auto other = a().rules().Assess(Unit("YN-HH-HK-PORT"), facts, {}, NowUs());
  ASSERT_TRUE(other.ok());
  for (const auto& f : other->fired) EXPECT_NE(f.code, "T-ASSESS");

  // The reference set in use cannot be deleted; once changed, the cache sees it.
  auto del = a().rules().DeleteReferenceSet(analyst, kMeta, "test_ports");
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.error().Reason(), "in_use");
  ASSERT_TRUE(a().rules().PutReferenceSet(analyst, kMeta, "test_ports", "test", {"XXOTH"}).ok());
  auto after = a().rules().Assess(Unit("YN-DH-RL-PORT"), facts, {}, NowUs());
  ASSERT_TRUE(after.ok());
  for (const auto& f : after->fired) EXPECT_NE(f.code, "T-ASSESS");

  // Retired: no longer fires.
  ASSERT_TRUE(a().rules().PutReferenceSet(analyst, kMeta, "test_ports", "test", {"XXPOR"}).ok());
  ASSERT_TRUE(a().rules().Retire(supervisor, kMeta, r->rule.id).ok());
  auto retired = a().rules().Assess(Unit("YN-DH-RL-PORT"), facts, {}, NowUs());
  ASSERT_TRUE(retired.ok());
  for (const auto& f : retired->fired) EXPECT_NE(f.code, "T-ASSESS");
  EXPECT_TRUE(a().rules().DeleteReferenceSet(analyst, kMeta, "test_ports").ok());
}

TEST_F(RuleServiceTest, AssessHonoursValidityAndRejectsFactsOfTheWrongType) {
  Principal analyst = testing::LoginAs(a(), "analyst");
  Principal supervisor = testing::LoginAs(a(), "supervisor");
  RuleDraft d = Draft("T-VALID", "history.secondary_referrals > 40", "");
  d.level = "";
  d.points = 35;
  d.valid_from_us = NowUs() + 3600LL * 1000000;
  auto r = a().rules().Create(analyst, kMeta, d);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(a().rules().Submit(analyst, kMeta, r->rule.id).ok());
  ASSERT_TRUE(a().rules().Approve(supervisor, kMeta, r->rule.id).ok());
  std::string facts = R"({"history":{"secondary_referrals":41}})";
  auto now = a().rules().Assess(Unit("YN-DH-RL-PORT"), facts, {}, NowUs());
  ASSERT_TRUE(now.ok());
  EXPECT_TRUE(now->fired.empty());
  auto later = a().rules().Assess(Unit("YN-DH-RL-PORT"), facts, {}, NowUs() + 7200LL * 1000000);
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->fired.size(), 1u);
  EXPECT_EQ(later->points, 35);
  EXPECT_EQ(later->level, "yellow");
  auto bad = a().rules().Assess(Unit("YN-DH-RL-PORT"), R"({"history":{"secondary_referrals":"many"}})",
                                {}, NowUs());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "history.secondary_referrals");
  ASSERT_TRUE(a().rules().Retire(supervisor, kMeta, r->rule.id).ok());
}

TEST_F(RuleServiceTest, HitsWithoutScreeningFactsBecomeThem) {
  Principal analyst = testing::LoginAs(a(), "analyst");
  Principal supervisor = testing::LoginAs(a(), "supervisor");
  auto r = a().rules().Create(
      analyst, kMeta,
      Draft("T-HITS", "screening.hits.exists(h, h.list_kind == \"testlist\" && h.score > 0.9)", "low"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(a().rules().Submit(analyst, kMeta, r->rule.id).ok());
  ASSERT_TRUE(a().rules().Approve(supervisor, kMeta, r->rule.id).ok());
  auto x = a().rules().Assess(Unit("YN-DH-RL-PORT"), "{}", {{"testlist", "monitor", 0.95}}, NowUs());
  ASSERT_TRUE(x.ok()) << x.error().message;
  ASSERT_EQ(x->fired.size(), 1u);
  EXPECT_EQ(x->level, "yellow");  // a monitor hit is a weaker hit
  ASSERT_TRUE(a().rules().Retire(analyst, kMeta, r->rule.id).ok());
}

TEST_F(RuleServiceTest, BacktestCountsSnapshotsByPortAndDayInTheCallersUnits) {
  Principal analyst = testing::LoginAs(a(), "analyst");
  Principal officer = testing::LoginAs(a(), "officer");
  int64_t ruili = Unit("YN-DH-RL-PORT"), hekou = Unit("YN-HH-HK-PORT");
  int64_t day = 86400LL * 1000000;
  // The demo data holds snapshots too: this rule reads a marker they lack.
  auto r = a().rules().Create(
      analyst, kMeta,
      Draft("T-BACKTEST",
            "has(history.secondary_referrals) && history.secondary_referrals == 77 && "
            "history.overstays >= 5",
            "medium"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto baseline = a().rules().Backtest(analyst, kMeta, r->rule.id, 30);
  ASSERT_TRUE(baseline.ok()) << baseline.error().message;
  ASSERT_EQ(baseline->flagged, 0);
  ASSERT_TRUE(a().store().Transact([&](store::Tx& tx) -> core::Status {
    auto put = [&](int64_t unit, int64_t t, int64_t subject, int overstays) -> core::Status {
      store::FactSnapshot s{0, unit, t, "crossing", subject,
                            R"({"history":{"secondary_referrals":77,"overstays":)" +
                                std::to_string(overstays) + "}}"};
      GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertFactSnapshot(s));
      (void)id;
      return core::Status::Ok();
    };
    GUOMEN_RETURN_IF_ERROR(put(ruili, NowUs() - 2 * day, 9001, 7));
    GUOMEN_RETURN_IF_ERROR(put(ruili, NowUs() - 2 * day + 5, 9002, 8));
    GUOMEN_RETURN_IF_ERROR(put(ruili, NowUs() - 1 * day, 9003, 1));
    GUOMEN_RETURN_IF_ERROR(put(hekou, NowUs() - 1 * day, 9004, 9));
    GUOMEN_RETURN_IF_ERROR(put(hekou, NowUs() - 40 * day, 9005, 9));  // outside 30 days
    return core::Status::Ok();
  }).ok());
  auto bt = a().rules().Backtest(analyst, kMeta, r->rule.id, 30);
  ASSERT_TRUE(bt.ok()) << bt.error().message;
  EXPECT_EQ(bt->evaluated - baseline->evaluated, 4);
  EXPECT_EQ(bt->flagged, 3);
  ASSERT_EQ(bt->by_port.size(), 2u);
  EXPECT_EQ(bt->by_port[0].unit_id, ruili);
  EXPECT_EQ(bt->by_port[0].count, 2);
  EXPECT_EQ(bt->by_port[1].count, 1);
  EXPECT_EQ(bt->by_day.size(), 31u);
  int64_t total = 0;
  for (const auto& [d, n] : bt->by_day) total += n;
  EXPECT_EQ(total, 3);
  ASSERT_EQ(bt->sample.size(), 3u);
  EXPECT_EQ(bt->sample[0].subject_id, 9001);
  const auto& used = bt->sample[0].facts_used;
  EXPECT_NE(std::find(used.begin(), used.end(),
                      std::pair<std::string, std::string>{"history.overstays", "7"}),
            used.end());
  EXPECT_FALSE(Events(a(), "rule.backtest").empty());
  // An officer may not backtest; an analyst of one prefecture sees its ports only.
  EXPECT_EQ(a().rules().Backtest(officer, kMeta, r->rule.id, 30).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_F(RuleServiceTest, ConcurrentAssessmentsWhileRulesChange) {
  Principal analyst = testing::LoginAs(a(), "analyst");
  Principal supervisor = testing::LoginAs(a(), "supervisor");
  auto r = a().rules().Create(analyst, kMeta, Draft("T-CONCURRENT", "history.refusals >= 90", "critical"));
  ASSERT_TRUE(r.ok());
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0}, runs{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      while (!stop) {
        auto x = a().rules().Assess(Unit("YN-DH-RL-PORT"), R"({"history":{"refusals":95}})", {}, NowUs());
        if (!x.ok()) ++failures;
        ++runs;
      }
    });
  }
  ASSERT_TRUE(a().rules().Submit(analyst, kMeta, r->rule.id).ok());
  ASSERT_TRUE(a().rules().Approve(supervisor, kMeta, r->rule.id).ok());
  auto x = a().rules().Assess(Unit("YN-DH-RL-PORT"), R"({"history":{"refusals":95}})", {}, NowUs());
  ASSERT_TRUE(a().rules().Retire(supervisor, kMeta, r->rule.id).ok());
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_GT(runs, 0);
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x->level, "red");
}

// --- the one combination of outcomes and hits ---

FiredRule Fired(const std::string& level, int points = 0) {
  FiredRule f;
  f.code = "R";
  f.name = "r";
  f.level = level;
  f.points = points;
  return f;
}

TEST(CombineRiskTest, NothingIsGreen) {
  auto r = CombineRisk({}, {});
  EXPECT_EQ(r.level, "green");
  EXPECT_TRUE(r.reasons_en.empty());
}
TEST(CombineRiskTest, AnArrestOrDenyHitIsRed) {
  EXPECT_EQ(CombineRisk({}, {{"wanted", "arrest", 0.91}}).level, "red");
  EXPECT_EQ(CombineRisk({}, {{"sanctions", "DENY", 0.88}}).level, "red");
}
TEST(CombineRiskTest, AHitReasonSaysListAndActionInTheOfficersWords) {
  auto r = CombineRisk({}, {{"entry_ban", "deny_entry", 0.93}});
  ASSERT_EQ(r.reasons_zh.size(), 1u);
  EXPECT_EQ(r.reasons_zh[0], "名单比对命中：禁止入境名单（处置：拒绝入境，分值 0.93）");
  EXPECT_EQ(r.reasons_en[0], "screening hit: entry ban list (action deny entry, score 0.93)");
  // A custom code no table knows is still shown, not dropped.
  auto custom = CombineRisk({}, {{"port_watch", "notify", 0.9}});
  EXPECT_EQ(custom.reasons_zh[0], "名单比对命中：port_watch（处置：通报，分值 0.90）");
}
TEST(CombineRiskTest, AWeakerHitIsYellow) {
  auto r = CombineRisk({}, {{"alert", "refer", 0.8}});
  EXPECT_EQ(r.level, "yellow");
  ASSERT_EQ(r.reasons_en.size(), 1u);
  EXPECT_EQ(r.reasons_zh.size(), 1u);
}
TEST(CombineRiskTest, HighOrCriticalRuleIsRed) {
  EXPECT_EQ(CombineRisk({Fired("high")}, {}).level, "red");
  EXPECT_EQ(CombineRisk({Fired("critical")}, {}).level, "red");
}
TEST(CombineRiskTest, MediumRuleIsYellowLowRuleGreen) {
  EXPECT_EQ(CombineRisk({Fired("medium")}, {}).level, "yellow");
  auto low = CombineRisk({Fired("low")}, {});
  EXPECT_EQ(low.level, "green");
  EXPECT_EQ(low.points, 10);
  EXPECT_EQ(low.reasons_en.size(), 1u) << "a low rule still says it fired";
}
TEST(CombineRiskTest, PointsReachTheThresholds) {
  EXPECT_EQ(CombineRisk({Fired("", kYellowPoints - 1)}, {}).level, "green");
  EXPECT_EQ(CombineRisk({Fired("", kYellowPoints)}, {}).level, "yellow");
  EXPECT_EQ(CombineRisk({Fired("", 50), Fired("", kRedPoints - 50)}, {}).level, "red");
  EXPECT_EQ(CombineRisk({Fired("low"), Fired("low"), Fired("low")}, {}).level, "yellow");
}

}  // namespace
}  // namespace guomen::app

// The desk flow through the inspection service on the real store (SQLite or
// PostgreSQL) and the real screening engine: every decision path, the
// "not the same person" memory, the secondary queue, entry/exit matching and
// overstays.
#include "app/inspection_service.hpp"

#include <gtest/gtest.h>

#include "datagen/mrz_builder.hpp"
#include "screening/screening_index.hpp"
#include "test_env.hpp"

namespace guomen::app {
namespace {

using std::chrono::hours;

// A wanted list (arrest) and an entry-ban list, both synthetic.
std::vector<screening::WatchlistEntry> WantedEntries(const std::string& remarks) {
  screening::WatchlistEntry e;
  e.id = "W-0001";
  e.names = {{"KOVALENKO, Dmytro", "Dmytro", "KOVALENKO", screening::NameQuality::kPrimary}};
  e.birth_dates = {*screening::ParseBirthDate("1985-03-14")};
  e.nationalities = {"UA"};
  e.gender = "M";
  e.reason = "wanted for organising illegal border crossings (synthetic)";
  e.remarks = remarks;
  return {e};
}

std::vector<screening::WatchlistEntry> BanEntries() {
  screening::WatchlistEntry e;
  e.id = "B-0001";
  e.names = {{"SOMCHAI PRASERT", "Somchai", "PRASERT", screening::NameQuality::kPrimary}};
  e.birth_dates = {*screening::ParseBirthDate("1979-06-02")};
  e.nationalities = {"TH"};
  e.reason = "entry ban until 2030 (synthetic)";
  return {e};
}

class InspectionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = testing::MakeTestApp(true);
    screening::Watchlist wanted{"test-wanted", "测试通缉名单", "test", screening::ListKind::kWanted,
                                screening::ListAction::kArrest, "1", {}, 0.8};
    ASSERT_TRUE(index_.PutList(wanted, WantedEntries("")).ok());
    screening::Watchlist ban{"test-ban", "测试禁止入境名单", "test", screening::ListKind::kEntryBan,
                             screening::ListAction::kDenyEntry, "1", {}, 0.8};
    ASSERT_TRUE(index_.PutList(ban, BanEntries()).ok());
    service_ = std::make_unique<InspectionService>(
        a().store(), a().audit(), env_->clock,
        [this](const screening::ScreeningQuery& q) -> core::Result<std::vector<DeskHit>> {
          std::vector<DeskHit> out;
          for (auto& h : index_.Screen(q)) {
            DeskHit d;
            d.list_id = h.list_id == "test-wanted" ? 1 : 2;
            d.list_code = h.list_id;
            d.list_name = h.list_id == "test-wanted" ? "测试通缉名单" : "测试禁止入境名单";
            d.list_kind = h.list_id == "test-wanted" ? "wanted" : "entry_ban";
            d.action = std::string(screening::ListActionName(h.action));
            d.entry_hash = entry_version_;  // stands for the entry's content hash
            d.hit = std::move(h);
            out.push_back(std::move(d));
          }
          return out;
        },
        DeskAssessFn{});
    officer_ = testing::LoginAs(a(), "officer");
    secondary_ = testing::LoginAs(a(), "secondary");
    port_ = (*a().admin().FindUnitByCodeAsSystem("YN-DH-RL-PORT"))->id;
  }

  App& a() { return *env_->app; }
  InspectionService& svc() { return *service_; }

  int64_t OpenDesk(const std::string& direction) {
    auto s = svc().OpenDesk(officer_, meta_, {port_, "A1", direction, "land"});
    EXPECT_TRUE(s.ok()) << s.error().message;
    return s->id;
  }

  static std::string Mrz(const std::string& surname, const std::string& given, const std::string& number,
                         const std::string& nat, const std::string& birth, const std::string& sex) {
    return datagen::BuildTd3({"P", nat, surname, given, number, nat, birth, sex, "300101", ""});
  }

  core::Result<InspectionView> Inspect(int64_t session, const std::string& mrz) {
    InspectRequest r;
    r.session_id = session;
    r.mrz = mrz;
    r.carrier = "bus YN-1234";
    return svc().Inspect(officer_, meta_, r);
  }

  // An answer to every required question of the view.
  static std::map<std::string, std::string> AnswerAll(const InspectionView& v) {
    std::map<std::string, std::string> out;
    for (const auto& q : v.questions) out[q.key] = "checked: consistent";
    return out;
  }

  core::Result<InspectionView> Decide(const InspectionView& v, const std::string& decision,
                                      const std::string& code = "", const std::string& note = "") {
    DecisionRequest d{decision, AnswerAll(v), code, note};
    return svc().Decide(officer_, meta_, v.inspection.id, d);
  }

  std::vector<store::Crossing> CrossingsOf(int64_t traveller) {
    std::vector<store::Crossing> out;
    EXPECT_TRUE(a().store().Transact([&](store::Tx& tx) -> core::Status {
      GUOMEN_ASSIGN_OR_RETURN(out, tx.ListCrossingsOfTraveller(traveller, 100));
      return core::Status::Ok();
    }).ok());
    return out;
  }

  std::unique_ptr<testing::TestApp> env_;
  screening::ScreeningIndex index_;
  std::string entry_version_ = "v1";
  std::unique_ptr<InspectionService> service_;
  Principal officer_, secondary_;
  RequestMeta meta_{"10.0.0.7", ""};
  int64_t port_ = 0;
};

TEST_F(InspectionServiceTest, ADeskOpensOnlyAtAPortTheOfficerBelongsTo) {
  auto other = (*a().admin().FindUnitByCodeAsSystem("YN-XSBN-MH-PORT"))->id;
  auto r = svc().OpenDesk(officer_, meta_, {other, "A1", "entry", "land"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kNotFound);
  auto bad = svc().OpenDesk(officer_, meta_, {port_, "A1", "sideways", "land"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "direction");
}

TEST_F(InspectionServiceTest, AClearTravellerIsAdmittedAndTheCrossingRecorded) {
  int64_t desk = OpenDesk("entry");
  auto v = Inspect(desk, Mrz("NGUYEN", "VAN AN", "C1234567", "VNM", "900215", "M"));
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_TRUE(v->hits.empty());
  EXPECT_EQ(v->inspection.risk_level, "green");
  ASSERT_TRUE(v->mrz.has_value());
  EXPECT_TRUE(v->mrz->valid);
  // The port's standard checklist is asked, and a visa check for a
  // nationality with no visa-free stay.
  std::set<std::string> keys;
  for (const auto& q : v->questions) keys.insert(q.key);
  EXPECT_TRUE(keys.count("face_matches_photo"));
  EXPECT_TRUE(keys.count("purpose_of_travel"));
  EXPECT_TRUE(keys.count("visa_check"));

  auto decided = Decide(*v, "admit");
  ASSERT_TRUE(decided.ok()) << decided.error().message;
  EXPECT_EQ(decided->inspection.state, "completed");
  auto crossings = CrossingsOf(v->traveller.id);
  ASSERT_EQ(crossings.size(), 1u);
  EXPECT_EQ(crossings[0].decision, "admit");
  EXPECT_EQ(crossings[0].direction, "entry");
  EXPECT_EQ(crossings[0].desk, "A1");
  EXPECT_EQ(crossings[0].officer_id, officer_.user_id);
  EXPECT_FALSE(crossings[0].referred);

  // The next inspection of the same document finds the same traveller and
  // shows the crossing.
  auto again = Inspect(desk, Mrz("NGUYEN", "VAN AN", "C1234567", "VNM", "900215", "M"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->traveller.id, v->traveller.id);
  ASSERT_EQ(again->previous_crossings.size(), 1u);
  EXPECT_EQ(again->previous_crossings[0].id, crossings[0].id);
}

TEST_F(InspectionServiceTest, NoDecisionWhileAQuestionIsUnansweredOrAHitUnadjudicated) {
  int64_t desk = OpenDesk("entry");
  auto v = Inspect(desk, Mrz("KOVALENKO", "DMYTRO", "FA1234567", "UKR", "850314", "M"));
  ASSERT_TRUE(v.ok()) << v.error().message;
  ASSERT_EQ(v->hits.size(), 1u);
  EXPECT_EQ(v->hits[0].list_kind, "wanted");
  EXPECT_EQ(v->hits[0].action, "arrest");
  EXPECT_EQ(v->hits[0].status, "open");
  EXPECT_NE(v->hits[0].explanation_json.find("\"entry_value\":\"kovalenko\""), std::string::npos) << v->hits[0].explanation_json;
  EXPECT_NE(v->hits[0].explanation_json.find("\"factor\":\"birth_date\""), std::string::npos);

  auto r = Decide(*v, "admit");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().Reason(), "unadjudicated_hits");

  ASSERT_TRUE(svc().Adjudicate(officer_, meta_, v->inspection.id, v->hits[0].id, false,
                               "different date of birth on a second document").ok());
  DecisionRequest partial{"admit", {}, "", ""};
  partial.answers["face_matches_photo"] = "yes";
  auto r2 = svc().Decide(officer_, meta_, v->inspection.id, partial);
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().Reason(), "unanswered_questions");
  EXPECT_NE(r2.error().message.find("purpose_of_travel"), std::string::npos);

  auto ok = Decide(*v, "admit");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  // Decided once: a second decision is refused.
  auto twice = Decide(*v, "refuse", "R01");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().Reason(), "already_decided");
}

TEST_F(InspectionServiceTest, NotTheSamePersonIsRememberedForTheDocumentAndTheEntry) {
  int64_t desk = OpenDesk("entry");
  const std::string mrz = Mrz("KOVALENKO", "DMYTRO", "FA7654321", "UKR", "850314", "M");
  auto first = Inspect(desk, mrz);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->hits.size(), 1u);
  ASSERT_TRUE(svc().Adjudicate(officer_, meta_, first->inspection.id, first->hits[0].id, false,
                               "photo and place of birth differ from the notice").ok());
  ASSERT_TRUE(Decide(*first, "admit").ok());

  // The same document again: the hit is shown as cleared and does not stop him.
  auto second = Inspect(desk, mrz);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->hits.size(), 1u);
  EXPECT_EQ(second->hits[0].status, "cleared_before");
  EXPECT_EQ(second->hits[0].reason, "photo and place of birth differ from the notice");
  EXPECT_TRUE(Decide(*second, "admit").ok());

  // Another document of the same name: a new hit to adjudicate.
  auto other_doc = Inspect(desk, Mrz("KOVALENKO", "DMYTRO", "FB0000001", "UKR", "850314", "M"));
  ASSERT_TRUE(other_doc.ok());
  ASSERT_EQ(other_doc->hits.size(), 1u);
  EXPECT_EQ(other_doc->hits[0].status, "open");

  // The entry changed (a new version of the notice): the hit returns.
  entry_version_ = "v2";
  auto changed = Inspect(desk, mrz);
  ASSERT_TRUE(changed.ok());
  ASSERT_EQ(changed->hits.size(), 1u);
  EXPECT_EQ(changed->hits[0].status, "open");
}

TEST_F(InspectionServiceTest, HandOverNeedsAConfirmedArrestHitAndAlertsTheCommandCentre) {
  int64_t desk = OpenDesk("entry");
  auto v = Inspect(desk, Mrz("KOVALENKO", "DMYTRO", "FA1111111", "UKR", "850314", "M"));
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->hits.size(), 1u);
  ASSERT_TRUE(svc().Adjudicate(officer_, meta_, v->inspection.id, v->hits[0].id, false, "not him at all").ok());
  auto refused = Decide(*v, "hand_over");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().Reason(), "no_confirmed_arrest_hit");

  auto w = Inspect(desk, Mrz("KOVALENKO", "DMYTRO", "FA2222222", "UKR", "850314", "M"));
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(svc().Adjudicate(officer_, meta_, w->inspection.id, w->hits[0].id, true,
                               "face and date of birth match the notice").ok());
  // Admitting a confirmed wanted person needs a note saying why.
  auto admit = Decide(*w, "admit");
  ASSERT_FALSE(admit.ok());
  EXPECT_EQ(admit.error().field, "note");
  auto handed = Decide(*w, "hand_over");
  ASSERT_TRUE(handed.ok()) << handed.error().message;
  auto crossings = CrossingsOf(w->traveller.id);
  ASSERT_EQ(crossings.size(), 1u);
  EXPECT_EQ(crossings[0].decision, "hand_over");
  Principal command = testing::LoginAs(a(), "command");
  auto alerts = svc().Alerts(command, std::string("new"));
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ((*alerts)[0].kind, "hand_over");
  EXPECT_EQ((*alerts)[0].inspection_id, w->inspection.id);
  // The alert text names the inspection, never the person.
  EXPECT_EQ((*alerts)[0].summary_en.find("KOVALENKO"), std::string::npos);
  ASSERT_TRUE(svc().AcknowledgeAlert(command, meta_, (*alerts)[0].id).ok());
  EXPECT_TRUE(svc().Alerts(command, std::string("new"))->empty());
}

TEST_F(InspectionServiceTest, ARefusalNeedsALegalReasonCode) {
  int64_t desk = OpenDesk("entry");
  auto v = Inspect(desk, Mrz("PRASERT", "SOMCHAI", "AA9988776", "THA", "790602", "M"));
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->hits.size(), 1u);
  EXPECT_EQ(v->hits[0].list_kind, "entry_ban");
  ASSERT_TRUE(svc().Adjudicate(officer_, meta_, v->inspection.id, v->hits[0].id, true, "same person, ban in force").ok());
  auto no_code = Decide(*v, "refuse");
  ASSERT_FALSE(no_code.ok());
  EXPECT_EQ(no_code.error().field, "refusal_code");
  auto bad_code = Decide(*v, "refuse", "R99");
  ASSERT_FALSE(bad_code.ok());
  auto ok = Decide(*v, "refuse", "R06");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  auto crossings = CrossingsOf(v->traveller.id);
  ASSERT_EQ(crossings.size(), 1u);
  EXPECT_EQ(crossings[0].decision, "refuse");
  EXPECT_EQ(crossings[0].refusal_code, "R06");
  EXPECT_FALSE(crossings[0].permitted_stay_days.has_value());
}

TEST_F(InspectionServiceTest, AReferralIsQueuedAndTheSecondaryOutcomeRecordsTheCrossing) {
  int64_t desk = OpenDesk("entry");
  auto v = Inspect(desk, Mrz("SAYAVONG", "KHAMPHET", "P0011223", "LAO", "881120", "F"));
  ASSERT_TRUE(v.ok());
  DecisionRequest d{"refer", AnswerAll(*v), "", "story about the trip does not add up"};
  auto referred = svc().Decide(officer_, meta_, v->inspection.id, d);
  ASSERT_TRUE(referred.ok()) << referred.error().message;
  EXPECT_EQ(referred->inspection.state, "referred");
  EXPECT_TRUE(CrossingsOf(v->traveller.id).empty()) << "no crossing before the secondary outcome";

  env_->clock.Advance(std::chrono::minutes(12));
  auto queue = svc().SecondaryQueue(secondary_, meta_, port_);
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  const auto& item = (*queue)[0];
  EXPECT_EQ(item.traveller_name, "SAYAVONG KHAMPHET");
  EXPECT_EQ(item.waiting_seconds, 12 * 60);
  EXPECT_NE(item.secondary.reasons_json.find("does not add up"), std::string::npos);

  // Completing needs the case taken first.
  CompleteSecondaryRequest done{"interviewed; invitation letter verified by phone", {"documents", "baggage"},
                                "nothing found", "admit", ""};
  auto early = svc().CompleteSecondary(secondary_, meta_, item.secondary.id, done);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().Reason(), "case_not_taken");
  ASSERT_TRUE(svc().TakeSecondary(secondary_, meta_, item.secondary.id).ok());
  auto complete = svc().CompleteSecondary(secondary_, meta_, item.secondary.id, done);
  ASSERT_TRUE(complete.ok()) << complete.error().message;
  EXPECT_EQ(complete->inspection.state, "completed");
  ASSERT_TRUE(complete->secondary.has_value());
  EXPECT_EQ(complete->secondary->outcome, "admit");
  auto crossings = CrossingsOf(v->traveller.id);
  ASSERT_EQ(crossings.size(), 1u);
  EXPECT_TRUE(crossings[0].referred);
  EXPECT_EQ(crossings[0].decision, "admit");
  EXPECT_TRUE(svc().SecondaryQueue(secondary_, meta_, port_)->empty());
}

TEST_F(InspectionServiceTest, EntriesAndExitsAreMatchedAndOverstaysListed) {
  int64_t entry_desk = OpenDesk("entry");
  // Thailand: 30 days visa-free (the seeded stay rules).
  auto v = Inspect(entry_desk, Mrz("WONG", "SUDA", "AB1234500", "THA", "920101", "F"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->inspection.permitted_stay_days, 30);
  ASSERT_TRUE(Decide(*v, "admit").ok());
  // A second traveller on a 10-day visa who leaves in time.
  InspectRequest with_visa;
  with_visa.session_id = entry_desk;
  with_visa.mrz = Mrz("TRAN", "THI MAI", "C7654321", "VNM", "950505", "F");
  with_visa.visa_stay_days = 10;
  auto visa = svc().Inspect(officer_, meta_, with_visa);
  ASSERT_TRUE(visa.ok());
  EXPECT_EQ(visa->inspection.permitted_stay_days, 10);
  ASSERT_TRUE(Decide(*visa, "admit").ok());

  env_->clock.Advance(hours(24 * 8));
  int64_t exit_desk = OpenDesk("exit");
  auto leaves = Inspect(exit_desk, with_visa.mrz);
  ASSERT_TRUE(leaves.ok());
  EXPECT_FALSE(leaves->inspection.overstay_days.has_value());
  ASSERT_TRUE(Decide(*leaves, "admit").ok());

  env_->clock.Advance(hours(24 * 32));  // 40 days after the entry
  Principal supervisor = testing::LoginAs(a(), "supervisor");
  auto report = svc().Overstays(supervisor, meta_);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->current.size(), 1u);
  EXPECT_EQ(report->current[0].traveller.surname, "WONG");
  EXPECT_EQ(report->current[0].days_over, 10);
  EXPECT_EQ(report->by_nationality.at("THA"), 1);
  EXPECT_EQ(report->by_port.at(port_), 1);

  // At the exit desk the overstay is flagged with its question.
  auto late = Inspect(exit_desk, Mrz("WONG", "SUDA", "AB1234500", "THA", "920101", "F"));
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->inspection.overstay_days, 10);
  EXPECT_EQ(late->inspection.risk_level, "yellow");
  bool asked = false;
  for (const auto& q : late->questions) asked = asked || q.key == "overstay_reason";
  EXPECT_TRUE(asked);
  ASSERT_TRUE(Decide(*late, "admit").ok());
  auto after = svc().Overstays(supervisor, meta_);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->current.empty());
  ASSERT_EQ(after->exits_after_overstay.size(), 1u);
  EXPECT_EQ(after->exits_after_overstay[0].overstay_days, 10);
}

TEST_F(InspectionServiceTest, ATypedDocumentIsCheckedFieldByField) {
  int64_t desk = OpenDesk("entry");
  InspectRequest r;
  r.session_id = desk;
  r.manual = ManualDocument{"P", "MMR", "MA123456", "AUNG", "KYAW", "MMR", "1991-13-01", "M", "2031-01-01"};
  auto bad = svc().Inspect(officer_, meta_, r);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "manual.birth_date");
  r.manual->birth_date = "1991-02-01";
  r.manual->expiry_date = "2026-01-01";  // expired
  auto v = svc().Inspect(officer_, meta_, r);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_FALSE(v->mrz.has_value());
  EXPECT_NE(v->inspection.document_json.find("\"expired\":true"), std::string::npos);
  bool asked = false;
  for (const auto& q : v->questions) asked = asked || q.key == "document_problem";
  EXPECT_TRUE(asked) << "an expired document adds the by-hand verification question";
}

TEST_F(InspectionServiceTest, EveryInspectionIsInTheAuditTrail) {
  int64_t desk = OpenDesk("entry");
  auto v = Inspect(desk, Mrz("NGUYEN", "VAN BINH", "C5550001", "VNM", "800101", "M"));
  ASSERT_TRUE(v.ok());
  store::AuditFilter f;
  f.action = "inspection.create";
  std::vector<store::AuditEvent> events;
  ASSERT_TRUE(a().store().Transact([&](store::Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(events, tx.ListAuditEvents(f));
    return core::Status::Ok();
  }).ok());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].username, "officer");
  EXPECT_EQ(events[0].object_id, std::to_string(v->traveller.id));
  auto report = a().audit().Verify(a().store(), std::nullopt);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok) << report->message;
}

TEST_F(InspectionServiceTest, ThePortOverviewCountsPerDeskAndHour) {
  int64_t desk = OpenDesk("entry");
  auto a1 = Inspect(desk, Mrz("LEE", "MIN JUN", "M10000001", "KOR", "900101", "M"));
  ASSERT_TRUE(a1.ok());
  ASSERT_TRUE(Decide(*a1, "admit").ok());
  auto a2 = Inspect(desk, Mrz("LEE", "SEO YEON", "M10000002", "KOR", "910101", "F"));
  ASSERT_TRUE(a2.ok());
  ASSERT_TRUE(Decide(*a2, "refuse", "R03").ok());
  Principal supervisor = testing::LoginAs(a(), "supervisor");
  int64_t now = core::ToMicros(env_->clock.Now());
  auto o = svc().Overview(supervisor, port_, now - int64_t{3600} * 1000000, now + 1);
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->crossings, 2);
  EXPECT_DOUBLE_EQ(o->refusal_rate, 0.5);
  ASSERT_EQ(o->rows.size(), 1u);
  EXPECT_EQ(o->rows[0].desk, "A1");
  EXPECT_EQ(o->rows[0].refusals, 1);
}

}  // namespace
}  // namespace guomen::app

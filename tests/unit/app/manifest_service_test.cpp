// Advance information through the manifest service on the real store (SQLite
// or PostgreSQL), the real edifact engine, the demo watchlists and rules:
// intake of published PAXLST samples (tests/data/paxlst), resends, change
// messages with history, defective messages, screening, marks with the
// partner notice in the same transaction, re-screening and reconciliation.
#include "app/manifest_service.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "app/inspection_service.hpp"
#include "app/rule_service.hpp"
#include "app/screening_service.hpp"
#include "datagen/paxlst_builder.hpp"
#include "edifact/paxlst_parser.hpp"
#include "test_env.hpp"

namespace guomen::app {
namespace {

std::string ReadPaxlst(const std::string& name) {
  std::ifstream in(std::filesystem::path(testing::SourceDir()) / "tests/data/paxlst" / name,
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A synthetic PAXLST D05B message to Ruili arriving at `arrival`
// (YYMMDDHHMM), with correct counts; `persons` are NAD groups.
std::string Paxlst(const std::string& ic_ref, const std::string& msg_ref,
                   const std::string& arrival, const std::string& persons,
                   const std::string& bgm = "BGM+745'") {
  std::string body =
      bgm + "TDT+20+MU2031+++MU'LOC+125+KMG'DTM+189:2611231400:201'LOC+87+RLI'DTM+232:" + arrival +
      ":201'" + persons + "CNT+42:2'";
  int segments = 2;
  for (char c : body) segments += c == '\'' ? 1 : 0;
  return "UNA:+.? 'UNB+UNOA:4+MUAPI+GUOMEN+261123:0700+" + ic_ref + "'UNH+" + msg_ref +
         "+PAXLST:D:05B:UN:IATA'" + body + "UNT+" + std::to_string(segments) + "+" + msg_ref +
         "'UNZ+1+" + ic_ref + "'";
}

// The ICAO 9303 specimen person: on the demo wanted list.
const char kEriksson[] =
    "NAD+FL+++ERIKSSON:ANNA MARIA'ATT+2++F'DTM+329:740812'LOC+178+KMG'LOC+179+RLI'NAT+2+UTO'"
    "DOC+P:110:111+L898902C3'DTM+36:300415'LOC+91+UTO'";
const char kWang[] =
    "NAD+FL+++WANG:XIAOMING'ATT+2++M'DTM+329:900101'LOC+178+KMG'LOC+179+RLI'NAT+2+CHN'"
    "DOC+P:110:111+E12345678'DTM+36:310101'LOC+91+CHN'";
const char kSmith[] =
    "NAD+FL+++SMITHERSON:JOHNATHAN'ATT+2++M'DTM+329:800505'LOC+178+KMG'LOC+179+RLI'NAT+2+GBR'"
    "DOC+P:110:111+GB7654321'DTM+36:300101'LOC+91+GBR'";

class ManifestServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = testing::MakeTestApp(true);
    analyst_ = testing::LoginAs(a(), "analyst");
    port_ = (*a().admin().FindUnitByCodeAsSystem("YN-DH-RL-PORT"))->id;
    // The demo data's own events (its manifests arriving today) are not counted.
    audit_floor_ = CountAudit("");
  }
  App& a() { return *env_->app; }
  ManifestService& svc() { return a().manifests(); }

  IntakeResult Receive(const std::string& text, const std::string& format = "edifact") {
    ManifestIntakeRequest req;
    req.format = format;
    req.body = text;
    req.port_unit_id = port_;
    auto r = svc().Intake(&analyst_, meta_, req);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? std::move(r).value() : IntakeResult{};
  }

  // A risk rule for the port, written by the analyst and approved by the
  // supervisor (four eyes), as in production.
  void ApproveRule(const std::string& code, const std::string& expression) {
    RuleDraft d;
    d.code = code;
    d.name = "test rule " + code;
    d.expression = expression;
    d.level = "low";
    d.unit_scope = {port_};
    auto r = a().rules().Create(analyst_, meta_, d);
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_TRUE(a().rules().Submit(analyst_, meta_, r->rule.id).ok());
    auto supervisor = testing::LoginAs(a(), "supervisor");
    auto ok = a().rules().Approve(supervisor, meta_, r->rule.id);
    ASSERT_TRUE(ok.ok()) << ok.error().message;
  }

  const store::ManifestPerson* Find(const ManifestView& v, const std::string& surname) {
    for (const auto& p : v.persons) {
      if (p.surname == surname) return &p;
    }
    ADD_FAILURE() << surname << " is not on the list";
    return nullptr;
  }

  int64_t CountAudit(const std::string& action) {
    int64_t n = 0;
    EXPECT_TRUE(a().store()
                    .Transact([&](store::Tx& tx) -> core::Status {
                      return tx.ScanAuditEvents([&](const store::AuditEvent& e) {
                        // An empty action: the id of the newest event.
                        if (action.empty()) {
                          n = e.id;
                        } else if (e.id > audit_floor_) {
                          n += e.action == action ? 1 : 0;
                        }
                        return true;
                      });
                    })
                    .ok());
    return n;
  }

  std::unique_ptr<testing::TestApp> env_;
  Principal analyst_;
  RequestMeta meta_{"127.0.0.1", ""};
  int64_t port_ = 0;
  int64_t audit_floor_ = 0;
};

// A listed person is screened as the desk screens a document holder: surname
// first, the birth date when it parses, and the sex only when it is M or F.
TEST(ScreeningQueryOfTest, MapsAListedPersonAsTheDeskMapsADocument) {
  store::ManifestPerson p;
  p.surname = "KARIMOV";
  p.given_names = "AZIZ";
  p.birth_date = "1979-03-14";
  p.nationality = "UZB";
  p.document_number = "FA1234567";
  p.sex = "M";
  screening::ScreeningQuery q = ScreeningQueryOf(p);
  EXPECT_EQ(q.name, "KARIMOV AZIZ");
  ASSERT_TRUE(q.birth_date.has_value());
  EXPECT_EQ(q.nationality, "UZB");
  EXPECT_EQ(q.document_number, "FA1234567");
  EXPECT_EQ(q.gender, "M");

  p.given_names.clear();
  p.birth_date = "unknown";
  p.sex = "U";  // PAXLST's "unspecified"
  q = ScreeningQueryOf(p);
  EXPECT_EQ(q.name, "KARIMOV");
  EXPECT_FALSE(q.birth_date.has_value());
  EXPECT_EQ(q.gender, "");
}

TEST_F(ManifestServiceTest, StoresEveryPersonOfAPublishedSampleInMessageOrderAndAudits) {
  const std::string text = ReadPaxlst("wco_ig_ex51_single_sector_passenger_d15b.edi");
  auto parsed = edifact::ParsePaxlst(text);
  ASSERT_TRUE(parsed.ok());
  auto r = Receive(text);
  ASSERT_EQ(r.manifests.size(), 1u);
  EXPECT_EQ(r.verdict, std::string(edifact::VerdictName(parsed->verdict)));
  EXPECT_EQ(r.acknowledgement_action, "7");
  const auto& item = r.manifests[0];
  EXPECT_FALSE(item.resend);
  EXPECT_EQ(item.manifest.version, 1);
  EXPECT_EQ(item.manifest.transport_id, parsed->messages[0].transport_id);
  EXPECT_EQ(item.persons, static_cast<int64_t>(parsed->PersonCount()));
  EXPECT_TRUE(item.manifest.screened_at_us.has_value());

  auto view = svc().Get(analyst_, meta_, item.manifest.id);
  ASSERT_TRUE(view.ok()) << view.error().message;
  ASSERT_EQ(view->persons.size(), parsed->PersonCount());
  for (const auto& p : view->persons) {
    EXPECT_NE(p.risk_level, "unscreened");
    EXPECT_FALSE(p.from_defective_message);
  }
  EXPECT_EQ(view->manifest.raw_text, text);
  EXPECT_EQ(CountAudit("manifest.receive"), 1);
  EXPECT_EQ(CountAudit("manifest.read"), 1);
}

TEST_F(ManifestServiceTest, AResendReturnsTheStoredManifestAndWritesNoVersion) {
  const std::string text = ReadPaxlst("gtas_apisMessage_d05b_two_legs.edi");
  auto first = Receive(text);
  auto again = Receive(text);
  ASSERT_EQ(first.manifests.size(), again.manifests.size());
  ASSERT_FALSE(again.manifests.empty());
  for (size_t i = 0; i < first.manifests.size(); ++i) {
    EXPECT_TRUE(again.manifests[i].resend);
    EXPECT_EQ(again.manifests[i].manifest.id, first.manifests[i].manifest.id);
    EXPECT_EQ(again.manifests[i].manifest.version, 1);
  }
  auto view = svc().Get(analyst_, meta_, first.manifests[0].manifest.id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->versions.size(), 1u);
  EXPECT_EQ(CountAudit("manifest.resend"), 1);
}

TEST_F(ManifestServiceTest, AChangeMessageUpdatesTheManifestKeepsHistoryAndCarriesMarks) {
  auto v1 = Receive(Paxlst("IC1", "M1", "2611231800", std::string(kWang) + kSmith));
  ASSERT_EQ(v1.manifests.size(), 1u);
  const int64_t id = v1.manifests[0].manifest.id;
  auto view = svc().Get(analyst_, meta_, id);
  ASSERT_TRUE(view.ok());
  int64_t wang = 0;
  for (const auto& p : view->persons) wang = p.surname == "WANG" ? p.id : wang;
  ASSERT_GT(wang, 0);
  ASSERT_TRUE(svc().Mark(analyst_, meta_, id, wang, "meet_at_gate", true).ok());

  // The carrier sends a change (BGM 745 with document id CP): one more person.
  auto v2 = Receive(
      Paxlst("IC2", "M1", "2611231800", std::string(kWang) + kSmith + kEriksson, "BGM+745+CP'"));
  ASSERT_EQ(v2.manifests.size(), 1u);
  EXPECT_EQ(v2.manifests[0].manifest.id, id);
  EXPECT_TRUE(v2.manifests[0].updated);
  EXPECT_EQ(v2.manifests[0].manifest.version, 2);
  view = svc().Get(analyst_, meta_, id);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->persons.size(), 3u);
  ASSERT_EQ(view->versions.size(), 2u);
  EXPECT_EQ(view->versions[0].version, 2);
  EXPECT_TRUE(view->versions[0].change);
  EXPECT_EQ(view->versions[1].person_count, 2);
  for (const auto& p : view->persons) {
    if (p.surname == "WANG") {
      EXPECT_NE(p.marks_json.find("meet_at_gate"), std::string::npos) << p.marks_json;
    }
  }
}

TEST_F(ManifestServiceTest, AnInvalidMessageKeepsItsPersonsMarkedDefectiveAndTheCarrierIsRejected) {
  const std::string text = ReadPaxlst("gtas_test1_crew_bad_counts.edi");
  auto r = Receive(text);
  EXPECT_EQ(r.verdict, "invalid");
  ASSERT_EQ(r.manifests.size(), 1u);
  EXPECT_EQ(r.manifests[0].manifest.list_type, "crew");
  EXPECT_EQ(r.manifests[0].persons, 8);
  EXPECT_EQ(r.acknowledgement_action, "4");
  EXPECT_NE(r.acknowledgement.find("UNH+1+CONTRL:D:3:UN'"), std::string::npos);
  EXPECT_NE(r.acknowledgement.find("UCD+29+1'"), std::string::npos) << r.acknowledgement;
  auto view = svc().Get(analyst_, meta_, r.manifests[0].manifest.id);
  ASSERT_TRUE(view.ok());
  for (const auto& p : view->persons) {
    EXPECT_TRUE(p.from_defective_message);
    EXPECT_EQ(p.role, "crew");
    EXPECT_NE(p.reasons_json.find("defective"), std::string::npos);
  }
}

TEST_F(ManifestServiceTest, AWantedPersonIsRedAndFirstOnTheRiskListWithReasons) {
  auto r = Receive(Paxlst("IC1", "M1", "2611231800", std::string(kWang) + kEriksson));
  ASSERT_EQ(r.manifests.size(), 1u);
  EXPECT_EQ(r.manifests[0].red, 1);
  auto view = svc().Get(analyst_, meta_, r.manifests[0].manifest.id);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->persons.size(), 2u);
  EXPECT_EQ(view->persons[0].surname, "ERIKSSON");
  EXPECT_EQ(view->persons[0].risk_level, "red");
  EXPECT_NE(view->persons[0].hits_json.find("W-0001"), std::string::npos);
  EXPECT_NE(view->persons[0].reasons_json, "[]");
  EXPECT_EQ(view->persons[1].surname, "WANG");
}

TEST_F(ManifestServiceTest, NotifyMarksRaiseAPartnerNoticeInTheMarksTransaction) {
  std::vector<PartnerNotice> notices;
  bool fail = false;
  ManifestService svc2(a().store(), a().audit(), env_->clock, &a().screening(), &a().rules(),
                       [&](store::Tx& tx, const PartnerNotice& n) -> core::Status {
                         if (fail) return core::Fail(core::ErrorCode::kUnavailable, "outbox down");
                         notices.push_back(n);
                         return tx.PutSetting("test.notice." + n.kind, n.idempotency_key);
                       });
  auto r = Receive(Paxlst("IC1", "M1", "2611231800", kEriksson));
  const int64_t id = r.manifests[0].manifest.id;
  auto view = svc().Get(analyst_, meta_, id);
  ASSERT_TRUE(view.ok());
  const int64_t person = view->persons[0].id;
  auto marked = svc2.Mark(analyst_, meta_, id, person, "notify_customs", true);
  ASSERT_TRUE(marked.ok()) << marked.error().message;
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].kind, "customs");
  EXPECT_EQ(notices[0].port_unit_id, port_);
  EXPECT_EQ(notices[0].subject_ref,
            "manifest:" + std::to_string(id) + "/person:" + std::to_string(person));
  EXPECT_NE(notices[0].payload_json.find("L898902C3"), std::string::npos);

  // When the outbox write fails, the mark is not recorded either.
  fail = true;
  auto refused = svc2.Mark(analyst_, meta_, id, person, "notify_health", true);
  ASSERT_FALSE(refused.ok());
  view = svc().Get(analyst_, meta_, id);
  ASSERT_TRUE(view.ok());
  EXPECT_NE(view->persons[0].marks_json.find("notify_customs"), std::string::npos);
  EXPECT_EQ(view->persons[0].marks_json.find("notify_health"), std::string::npos);
  EXPECT_EQ(CountAudit("manifest.mark.notify_customs"), 1);
  EXPECT_EQ(CountAudit("manifest.mark.notify_health"), 0);

  auto bad = svc().Mark(analyst_, meta_, id, person, "deport", true);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kValidation);
}

TEST_F(ManifestServiceTest, AListImportReScreensManifestsThatHaveNotArrived) {
  auto r = Receive(Paxlst("IC1", "M1", "2611231800", std::string(kWang) + kSmith));
  ASSERT_EQ(r.manifests.size(), 1u);
  EXPECT_EQ(r.manifests[0].red, 0);
  // A new wanted list names SMITHERSON: the pending manifest is screened again.
  NewWatchlist nl{"test-new-wanted", "新通缉名单", "test", "wanted", "arrest", 0.8};
  auto list = a().screening().CreateListAsSystem(nl);
  ASSERT_TRUE(list.ok()) << list.error().message;
  ImportRequest imp;
  imp.format = "csv";
  imp.content =
      "id,name,given,family,birth_dates,nationalities,gender,reason\n"
      "X-1,SMITHERSON Johnathan,Johnathan,SMITHERSON,1980-05-05,GBR,M,synthetic\n";
  auto imported = a().screening().ImportAsSystem(list->id, imp, "test");
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  auto view = svc().Get(analyst_, meta_, r.manifests[0].manifest.id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->persons[0].surname, "SMITHERSON");
  EXPECT_EQ(view->persons[0].risk_level, "red");
}

TEST_F(ManifestServiceTest, ReconcilesCrossingsNoShowsAndCrossingsNotOnTheList) {
  auto r = Receive(Paxlst("IC1", "M1", "2611230900", std::string(kWang) + kSmith));
  const int64_t id = r.manifests[0].manifest.id;
  const int64_t arrival = core::ToMicros(*core::ParseIso8601("2026-11-23T09:00:00Z"));
  auto crossing = [&](const std::string& doc, const std::string& state,
                      const std::string& carrier) {
    store::Crossing c;
    c.time_us = arrival + int64_t{1800} * 1000000;
    c.traveller_id = 1;
    c.inspection_id = 1;
    c.unit_id = port_;
    c.desk = "A1";
    c.direction = "entry";
    c.conveyance = "air";
    c.carrier = carrier;
    c.document_number = doc;
    c.issuing_state = state;
    c.nationality = state;
    c.officer_id = 1;
    c.decision = "admit";
    c.risk_level = "green";
    c.reasons_json = "[]";
    c.started_at_us = c.time_us;
    return c;
  };
  ASSERT_TRUE(a().store()
                  .Transact([&](store::Tx& tx) -> core::Status {
                    for (const auto& c : {crossing("E12345678", "CHN", "MU 2031"),
                                          crossing("X0000001", "THA", "MU2031"),
                                          crossing("Y0000002", "LAO", "bus 7")}) {
                      GUOMEN_ASSIGN_OR_RETURN(auto crossing_id, tx.InsertCrossing(c));
                      (void)crossing_id;
                    }
                    return core::Status::Ok();
                  })
                  .ok());
  env_->clock.Advance(std::chrono::hours(4));
  auto rec = svc().Reconcile(analyst_, meta_, id);
  ASSERT_TRUE(rec.ok()) << rec.error().message;
  EXPECT_TRUE(rec->arrived);
  ASSERT_EQ(rec->crossed.size(), 1u);
  EXPECT_EQ(rec->crossed[0].person.surname, "WANG");
  ASSERT_EQ(rec->no_shows.size(), 1u);
  EXPECT_EQ(rec->no_shows[0].surname, "SMITHERSON");
  ASSERT_EQ(rec->not_on_list.size(), 1u);
  EXPECT_EQ(rec->not_on_list[0].document_number, "X0000001");
}

TEST_F(ManifestServiceTest, ReadsFalCsvAndJsonListsForShipsAndTrains) {
  ManifestIntakeRequest csv;
  csv.format = "csv";
  csv.port_unit_id = port_;
  csv.body =
      "family_name,given_names,nationality,date_of_birth,gender,rank_or_rating,document_type,"
      "document_number,issuing_state\nNGUYEN,VAN AN,VNM,1985-02-03,M,MASTER,P,C1234567,VNM\n";
  auto no_conveyance = svc().Intake(&analyst_, meta_, csv);
  ASSERT_FALSE(no_conveyance.ok());
  EXPECT_EQ(no_conveyance.error().field, "transport_id");
  csv.transport_id = "LANCANG 9";
  csv.arrival = "2026-11-23T16:00:00Z";
  auto c = svc().Intake(&analyst_, meta_, csv);
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_EQ(c->manifests.size(), 1u);
  EXPECT_EQ(c->manifests[0].manifest.list_type, "crew");
  EXPECT_EQ(c->manifests[0].manifest.conveyance, "sea");
  EXPECT_EQ(c->manifests[0].persons, 1);

  ManifestIntakeRequest js;
  js.format = "json";
  js.port_unit_id = port_;
  js.body = R"({"transport_id":"T8801","conveyance":"rail","list_type":"passenger",
    "arrival":{"location":"CNMOH","datetime":"2026-11-23T15:00:00Z"},
    "persons":[{"surname":"ERIKSSON","given_names":"ANNA MARIA","birth_date":"1974-08-12",
      "sex":"F","nationality":"UTO","documents":[{"type":"P","number":"L898902C3","issuing_state":"UTO"}]}]})";
  auto j = svc().Intake(&analyst_, meta_, js);
  ASSERT_TRUE(j.ok()) << j.error().message;
  ASSERT_EQ(j->manifests.size(), 1u);
  EXPECT_EQ(j->manifests[0].manifest.conveyance, "rail");
  EXPECT_EQ(j->manifests[0].red, 1);

  js.body = R"({"transport_id":"T8801","persons":[{"given_names":"X"}]})";
  auto bad = svc().Intake(&analyst_, meta_, js);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "persons[0].surname");
}

TEST_F(ManifestServiceTest, ArrivalsAndReadsStayInTheCallersUnits) {
  auto r = Receive(Paxlst("IC1", "M1", "2611231800", std::string(kWang) + kEriksson));
  const int64_t id = r.manifests[0].manifest.id;
  const int64_t day = core::ToMicros(*core::ParseIso8601("2026-11-23T00:00:00Z"));
  auto board = svc().Arrivals(analyst_, {std::nullopt, day, day + int64_t{86400} * 1000000});
  ASSERT_TRUE(board.ok());
  // Today's demo conveyances may be on the board too; this one is there once.
  const store::ManifestSummary* mine = nullptr;
  for (const auto& b : *board) {
    if (b.manifest.id == id) {
      EXPECT_EQ(mine, nullptr);
      mine = &b;
    }
  }
  ASSERT_NE(mine, nullptr);
  EXPECT_EQ(mine->persons, 2);
  EXPECT_EQ(mine->red, 1);
  // An officer at another port sees neither the board entry nor the manifest.
  app::NewUserRequest req{"mohan-officer",
                          "Mohan",
                          "mohan-password-2026",
                          (*a().admin().FindUnitByCodeAsSystem("YN-XSBN-MH-PORT"))->id,
                          {"analyst"}};
  ASSERT_TRUE(a().admin().CreateUserAsSystem(req).ok());
  auto other = testing::LoginAs(a(), "mohan-officer", "mohan-password-2026");
  auto their_board = svc().Arrivals(other, {std::nullopt, day, day + int64_t{86400} * 1000000});
  ASSERT_TRUE(their_board.ok());
  for (const auto& b : *their_board) EXPECT_NE(b.manifest.id, id);
  auto read = svc().Get(other, meta_, id);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, core::ErrorCode::kNotFound);
}

// The persons of a manifest are screened on several threads: the outcome
// must be the one a single thread gives, person for person, in message order.
TEST_F(ManifestServiceTest, AssessesPersonsAlikeOnOneOrManyThreadsInMessageOrder) {
  datagen::SyntheticPaxlstOptions po;
  po.seed = 5;
  po.persons = 150;
  po.listed_share = 0.1;
  // ERIKSSON is on the demo wanted list (see kEriksson).
  const auto pax = datagen::BuildSyntheticPaxlst(
      po, {{"ERIKSSON", "ANNA MARIA", "F", "UTO", "1974-08-12", "L898902C3"}});
  ASSERT_GT(pax.listed, 0);
  auto ic = edifact::ParsePaxlst(pax.text);
  ASSERT_TRUE(ic.ok()) << ic.error().message;
  ASSERT_EQ(ic->verdict, edifact::Verdict::kValid);
  ASSERT_EQ(ic->PersonCount(), 150u);
  auto persons = ManifestPersonsOf(ic->messages[0], false);
  for (auto& p : persons) p.id = 1000 + p.seq;
  store::Manifest mf;
  mf.unit_id = port_;
  mf.conveyance = "air";
  mf.transport_id = ic->messages[0].transport_id;
  mf.departure_location = "BKK";
  const int64_t now_us = core::ToMicros(a().clock().Now());

  svc().set_screen_threads(1);
  auto one = svc().AssessPersons(mf, "YN-DH-RL-PORT", persons, now_us);
  svc().set_screen_threads(4);
  EXPECT_EQ(svc().screen_threads(), 4);
  auto four = svc().AssessPersons(mf, "YN-DH-RL-PORT", persons, now_us);
  ASSERT_TRUE(one.ok()) << one.error().message;
  ASSERT_TRUE(four.ok()) << four.error().message;
  ASSERT_EQ(one->size(), persons.size());
  ASSERT_EQ(four->size(), persons.size());
  int found = 0;
  for (size_t i = 0; i < persons.size(); ++i) {
    const auto& x = (*one)[i];
    const auto& y = (*four)[i];
    EXPECT_EQ(x.person_id, persons[i].id);
    EXPECT_EQ(y.person_id, persons[i].id);
    EXPECT_EQ(y.level, x.level) << persons[i].surname;
    EXPECT_EQ(y.points, x.points) << persons[i].surname;
    EXPECT_EQ(y.reasons_json, x.reasons_json) << persons[i].surname;
    EXPECT_EQ(y.hits_json, x.hits_json) << persons[i].surname;
    EXPECT_NE(x.level, "");
    if (persons[i].surname == "ERIKSSON") {
      ++found;
      EXPECT_EQ(x.level, "red");
      EXPECT_NE(x.hits_json.find("L898902C3"), std::string::npos) << x.hits_json;
    }
  }
  EXPECT_EQ(found, pax.listed);
}

// The same through intake: a 150-person list stored and screened on several
// threads has every person screened and the listed ones red.
TEST_F(ManifestServiceTest, ScreensALargeListOnSeveralThreads) {
  svc().set_screen_threads(3);
  datagen::SyntheticPaxlstOptions po;
  po.seed = 9;
  po.persons = 150;
  po.listed_share = 0.05;
  po.arrival = "RLI";
  const auto pax = datagen::BuildSyntheticPaxlst(
      po, {{"ERIKSSON", "ANNA MARIA", "F", "UTO", "1974-08-12", "L898902C3"}});
  ASSERT_GT(pax.listed, 0);
  auto r = Receive(pax.text);
  ASSERT_EQ(r.manifests.size(), 1u);
  EXPECT_EQ(r.verdict, "valid");
  EXPECT_EQ(r.manifests[0].persons, 150);
  EXPECT_GE(r.manifests[0].red, pax.listed);
  auto view = svc().Get(analyst_, meta_, r.manifests[0].manifest.id);
  ASSERT_TRUE(view.ok()) << view.error().message;
  ASSERT_EQ(view->persons.size(), 150u);
  int red_eriksson = 0;
  for (const auto& p : view->persons) {
    EXPECT_TRUE(p.screened_at_us.has_value());
    EXPECT_NE(p.risk_level, "unscreened");
    if (p.surname == "ERIKSSON" && p.risk_level == "red") ++red_eriksson;
  }
  EXPECT_EQ(red_eriksson, pax.listed);
}

TEST_F(ManifestServiceTest, TheDeskKnowsTheTravellerWasOnTheAdvanceList) {
  // ERIKSSON (passport L898902C3, UTO) arrives at Ruili at 09:00; the desk reads her at 08:00.
  auto r = Receive(Paxlst("IC1", "M1", "2611230900", kEriksson));
  ASSERT_EQ(r.manifests.size(), 1u);
  auto officer = testing::LoginAs(a(), "officer");
  auto desk = a().inspections().OpenDesk(officer, meta_, {port_, "A1", "entry", "land"});
  ASSERT_TRUE(desk.ok()) << desk.error().message;
  InspectRequest req;
  req.session_id = desk->id;
  req.mrz =
      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
  auto v = a().inspections().Inspect(officer, meta_, req);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_NE(v->inspection.facts_json.find(R"("manifest":{"present":true,"role":"passenger"})"),
            std::string::npos)
      << v->inspection.facts_json;
  EXPECT_NE(v->inspection.risk_json.find("on the advance list of MU2031"), std::string::npos)
      << v->inspection.risk_json;

  // At an exit desk, or a day later, the list does not apply.
  env_->clock.Advance(std::chrono::hours(48));
  auto later = a().inspections().Inspect(officer, meta_, req);
  ASSERT_TRUE(later.ok()) << later.error().message;
  EXPECT_NE(later->inspection.facts_json.find(R"("manifest":{"present":false})"),
            std::string::npos);
}

// Issue 7, ship declarations: the ports of call and each person's Maritime
// Declaration of Health come with the crew list (JSON form), are stored and
// shown, become rule facts (journey.visits, health.*), and a "yes" puts the
// person on the risk list with a reason that suggests notifying health.
const char kShipJson[] = R"({"transport_id":"COSCO 88","conveyance":"sea","list_type":"crew",
  "departure":{"location":"SGSIN","datetime":"2026-11-18T08:00:00Z"},
  "arrival":{"location":"CNSHA","datetime":"2026-11-23T16:00:00Z"},
  "ports_of_call":[{"port":"SGSIN","arrived":"2026-11-16","departed":"2026-11-18"},
                   {"port":"VNSGN","country":"VNM","arrived":"2026-11-10","departed":"2026-11-12"}],
  "persons":[
    {"surname":"SANTOS","given_names":"JOSE","role":"crew","nationality":"PHL","birth_date":"1970-05-01",
     "documents":[{"type":"P","number":"P1234567A","issuing_state":"PHL"}],
     "health":{"answers":{"fever":false,"cough":false,"contact_with_case":false},"temperature":36.6}},
    {"surname":"REYES","given_names":"ANA","role":"crew","nationality":"PHL","birth_date":"1985-12-24",
     "documents":[{"type":"P","number":"P7654321B","issuing_state":"PHL"}],
     "health":{"answers":{"fever":true,"cough":true,"contact_with_case":false},"temperature":38.4}},
    {"surname":"CRUZ","given_names":"LEO","role":"crew","nationality":"PHL","birth_date":"1990-01-01",
     "documents":[{"type":"P","number":"P1111111C","issuing_state":"PHL"}]}]})";

TEST_F(ManifestServiceTest, AShipDeclarationIsStoredAndAYesPutsThePersonOnTheRiskList) {
  // The declared ports are facts with their countries (SGSIN -> SGP) and dates.
  ApproveRule("SHIP-SG-FEVER",
              "journey.visits.exists(v, v.country == \"SGP\" && v.port == \"SGSIN\" && "
              "v.source == \"declaration\" && now - v.departed < duration(\"720h\")) && "
              "\"fever\" in health.symptoms && health.temperature >= 38.0");
  auto r = Receive(kShipJson, "json");
  ASSERT_EQ(r.manifests.size(), 1u);
  EXPECT_EQ(r.manifests[0].yellow, 1);
  EXPECT_NE(
      r.manifests[0].manifest.ports_of_call_json.find(
          R"({"arrived":"2026-11-16","country":null,"departed":"2026-11-18","port":"SGSIN"})"),
      std::string::npos)
      << r.manifests[0].manifest.ports_of_call_json;
  EXPECT_NE(r.manifests[0].manifest.ports_of_call_json.find(R"("country":"VNM")"),
            std::string::npos);

  auto view = svc().Get(analyst_, meta_, r.manifests[0].manifest.id);
  ASSERT_TRUE(view.ok()) << view.error().message;
  ASSERT_EQ(view->persons.size(), 3u);
  const auto& reyes = view->persons[0];  // first on the risk list
  EXPECT_EQ(reyes.surname, "REYES");
  EXPECT_EQ(reyes.risk_level, "yellow");
  EXPECT_NE(reyes.health_json.find(R"("fever":true)"), std::string::npos) << reyes.health_json;
  EXPECT_NE(reyes.reasons_json.find("Maritime Declaration of Health: fever, cough; temperature "
                                    "38.4 °C"),
            std::string::npos)
      << reyes.reasons_json;
  EXPECT_NE(reyes.reasons_json.find(R"("suggest":"notify_health")"), std::string::npos);
  EXPECT_NE(reyes.reasons_json.find("海事健康申明：发热、咳嗽"), std::string::npos);
  EXPECT_NE(reyes.reasons_json.find("rule SHIP-SG-FEVER fired"), std::string::npos)
      << reyes.reasons_json;
  EXPECT_EQ(reyes.marks_json, "[]");  // suggested, never marked by itself

  const auto* santos = Find(*view, "SANTOS");
  ASSERT_NE(santos, nullptr);
  EXPECT_EQ(santos->risk_level, "green");
  EXPECT_NE(santos->health_json.find(R"("fever":false)"), std::string::npos);
  EXPECT_EQ(santos->reasons_json.find("Maritime Declaration"), std::string::npos);
  EXPECT_EQ(santos->reasons_json.find("SHIP-SG-FEVER"), std::string::npos);
  const auto* cruz = Find(*view, "CRUZ");
  ASSERT_NE(cruz, nullptr);
  EXPECT_EQ(cruz->health_json, "");  // nothing declared
  EXPECT_EQ(cruz->risk_level, "green");
}

TEST_F(ManifestServiceTest, ABacktestCountsManifestPersonsOnceWithTheFactsTheyWereScreenedOn) {
  // A draft rule reads a marker only this test's ship declaration carries.
  RuleDraft d;
  d.code = "T-BT-SHIP";
  d.name = "backtest over manifests";
  d.expression =
      "manifest.present && health.temperature >= 38.0 && "
      "journey.visits.exists(v, v.port == \"SGSIN\")";
  d.level = "low";
  d.unit_scope = {port_};
  auto rule = a().rules().Create(analyst_, meta_, d);
  ASSERT_TRUE(rule.ok()) << rule.error().message;
  auto before = a().rules().Backtest(analyst_, meta_, rule->rule.id, 7);
  ASSERT_TRUE(before.ok()) << before.error().message;

  auto r = Receive(kShipJson, "json");
  ASSERT_EQ(r.manifests.size(), 1u);
  auto view = svc().Get(analyst_, meta_, r.manifests[0].manifest.id);
  ASSERT_TRUE(view.ok()) << view.error().message;
  const auto* reyes = Find(*view, "REYES");
  ASSERT_NE(reyes, nullptr);

  auto after = a().rules().Backtest(analyst_, meta_, rule->rule.id, 7);
  ASSERT_TRUE(after.ok()) << after.error().message;
  EXPECT_EQ(after->evaluated - before->evaluated, 3);  // the three persons on the list
  EXPECT_EQ(after->flagged - before->flagged, 1);
  bool found = false;
  for (const auto& s : after->sample) {
    if (s.subject_kind == "manifest_person" && s.subject_id == reyes->id) found = true;
  }
  EXPECT_TRUE(found) << "REYES is not in the backtest's sample";

  // Screening the list again (a list import, a rule change) counts nobody twice.
  ASSERT_TRUE(svc().Screen(r.manifests[0].manifest.id).ok());
  auto again = a().rules().Backtest(analyst_, meta_, rule->rule.id, 7);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->evaluated, after->evaluated);
  EXPECT_EQ(again->flagged, after->flagged);
}

TEST_F(ManifestServiceTest, AShipDeclarationArrivesAsFalCsvToo) {
  ManifestIntakeRequest csv;
  csv.format = "csv";
  csv.port_unit_id = port_;
  csv.transport_id = "LANCANG 9";
  csv.arrival = "2026-11-23T16:00:00Z";
  csv.body =
      "port_of_call,country,arrival_date,departure_date\n"
      "MMRGN,MMR,2026-11-05,2026-11-06\n"
      "\n"
      "family_name,given_names,nationality,date_of_birth,rank_or_rating,document_type,"
      "document_number,issuing_state,health_fever,health_contact_with_case,temperature\n"
      "NGUYEN,VAN AN,VNM,1985-02-03,MASTER,P,C1234567,VNM,no,yes,36.8\n"
      "TRAN,BINH,VNM,1990-04-05,COOK,P,C7654321,VNM,no,no,36.5\n";
  auto c = svc().Intake(&analyst_, meta_, csv);
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_EQ(c->manifests.size(), 1u);
  EXPECT_EQ(c->manifests[0].persons, 2);
  EXPECT_EQ(c->manifests[0].yellow, 1);
  EXPECT_NE(c->manifests[0].manifest.ports_of_call_json.find(R"("port":"MMRGN")"),
            std::string::npos);
  auto view = svc().Get(analyst_, meta_, c->manifests[0].manifest.id);
  ASSERT_TRUE(view.ok());
  const auto& first = view->persons[0];
  EXPECT_EQ(first.surname, "NGUYEN");
  EXPECT_EQ(first.risk_level, "yellow");
  EXPECT_NE(first.reasons_json.find("contact with a case of a notifiable disease"),
            std::string::npos)
      << first.reasons_json;
  EXPECT_EQ(view->persons[1].risk_level, "green");
}

TEST_F(ManifestServiceTest, ABadShipDeclarationNamesTheField) {
  ManifestIntakeRequest js;
  js.format = "json";
  js.port_unit_id = port_;
  js.body =
      R"({"transport_id":"S1","persons":[{"surname":"A","health":{"answers":{"smell":true}}}]})";
  auto bad = svc().Intake(&analyst_, meta_, js);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "persons[0].health.answers.smell");
  js.body = R"({"transport_id":"S1","persons":[{"surname":"A","health":{"temperature":"hot"}}]})";
  bad = svc().Intake(&analyst_, meta_, js);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "persons[0].health.temperature");
  js.body = R"({"transport_id":"S1","ports_of_call":[{"port":"SGSIN","arrived":"16 Nov"}],
    "persons":[{"surname":"A"}]})";
  bad = svc().Intake(&analyst_, meta_, js);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "ports_of_call[0].arrived");
}

// Booking facts from PAXLST: RFF+AVF (the booking reference) and DTM+171
// (the booking date) give manifest.booking_lead (departure 2026-11-23 14:00)
// and manifest.accompanied (another person with the same reference).
TEST_F(ManifestServiceTest, BookingFactsComeFromThePaxlstReferences) {
  ApproveRule("BOOK-LATE", "manifest.booking_lead < duration(\"24h\")");
  ApproveRule("BOOK-ALONE", "manifest.present && !manifest.accompanied");
  const std::string wang =
      "NAD+FL+++WANG:XIAOMING'ATT+2++M'DTM+329:900101'DTM+171:20261123'LOC+178+KMG'"
      "LOC+179+RLI'NAT+2+CHN'RFF+AVF:PNR001'DOC+P:110:111+E12345678'DTM+36:310101'LOC+91+CHN'";
  const std::string wife =
      "NAD+FL+++WANG:XIAOHONG'ATT+2++F'DTM+329:910202'DTM+171:20261123'NAT+2+CHN'"
      "RFF+AVF:PNR001'DOC+P:110:111+E87654321'DTM+36:310101'LOC+91+CHN'";
  const std::string smith =
      "NAD+FL+++SMITHERSON:JOHNATHAN'ATT+2++M'DTM+329:800505'DTM+171:20261001'LOC+178+KMG'"
      "LOC+179+RLI'NAT+2+GBR'RFF+AVF:PNR777'DOC+P:110:111+GB7654321'DTM+36:300101'LOC+91+GBR'";
  auto r = Receive(Paxlst("IC9", "M9", "2611231800", wang + wife + smith + kEriksson));
  ASSERT_EQ(r.manifests.size(), 1u);
  auto view = svc().Get(analyst_, meta_, r.manifests[0].manifest.id);
  ASSERT_TRUE(view.ok());
  const store::ManifestPerson* w = nullptr;
  for (const auto& p : view->persons) {
    if (p.given_names == "XIAOMING") w = &p;
  }
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->booking_reference, "PNR001");
  EXPECT_EQ(w->booking_date, "2026-11-23");
  EXPECT_NE(w->reasons_json.find("rule BOOK-LATE fired"), std::string::npos) << w->reasons_json;
  EXPECT_EQ(w->reasons_json.find("BOOK-ALONE"), std::string::npos) << w->reasons_json;
  const auto* s = Find(*view, "SMITHERSON");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->reasons_json.find("BOOK-LATE"), std::string::npos) << s->reasons_json;
  EXPECT_NE(s->reasons_json.find("rule BOOK-ALONE fired"), std::string::npos) << s->reasons_json;
  // No booking sent: neither fact, neither rule.
  const auto* e = Find(*view, "ERIKSSON");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->booking_reference, "");
  EXPECT_EQ(e->reasons_json.find("BOOK-"), std::string::npos) << e->reasons_json;
}

TEST_F(ManifestServiceTest, BookingFactsComeFromTheJsonForm) {
  ApproveRule("BOOK-LATE", "manifest.booking_lead < duration(\"24h\")");
  auto r = Receive(R"({"transport_id":"MU5001",
    "departure":{"location":"KMG","datetime":"2026-11-23T10:00:00Z"},
    "arrival":{"location":"RLI","datetime":"2026-11-23T11:00:00Z"},
    "persons":[{"surname":"LATE","booking_reference":"B1","booking_date":"2026-11-23"},
               {"surname":"EARLY","booking_reference":"B2","booking_date":"2026-10-01"}]})",
                   "json");
  ASSERT_EQ(r.manifests.size(), 1u);
  auto view = svc().Get(analyst_, meta_, r.manifests[0].manifest.id);
  ASSERT_TRUE(view.ok());
  EXPECT_NE(Find(*view, "LATE")->reasons_json.find("rule BOOK-LATE fired"), std::string::npos);
  EXPECT_EQ(Find(*view, "EARLY")->reasons_json.find("BOOK-LATE"), std::string::npos);
}

int64_t ListIdOf(const std::string& hits_json) {
  const std::string key = "\"list_id\":";
  const size_t at = hits_json.find(key);
  return at == std::string::npos ? 0 : std::stoll(hits_json.substr(at + key.size()));
}

// "Not the same person" on a manifest is remembered like the desk's
// adjudication: a new version of the list and the desk do not raise it again.
TEST_F(ManifestServiceTest, ANotSamePersonClearanceIsRememberedForResendsAndTheDesk) {
  auto r = Receive(Paxlst("IC1", "M1", "2611230900", kEriksson));
  const int64_t id = r.manifests[0].manifest.id;
  auto view = svc().Get(analyst_, meta_, id);
  ASSERT_TRUE(view.ok());
  const auto& eriksson = view->persons[0];
  ASSERT_EQ(eriksson.risk_level, "red");
  const int64_t list_id = ListIdOf(eriksson.hits_json);
  ASSERT_GT(list_id, 0) << eriksson.hits_json;

  auto short_reason = svc().ClearHit(analyst_, meta_, id, eriksson.id, list_id, "W-0001", "no");
  ASSERT_FALSE(short_reason.ok());
  EXPECT_EQ(short_reason.error().field, "reason");
  auto no_hit = svc().ClearHit(analyst_, meta_, id, eriksson.id, list_id, "W-9999",
                               "different person, checked the photo");
  ASSERT_FALSE(no_hit.ok());
  EXPECT_EQ(no_hit.error().code, core::ErrorCode::kNotFound);
  auto officer = testing::LoginAs(a(), "officer");
  auto not_analyst = svc().ClearHit(officer, meta_, id, eriksson.id, list_id, "W-0001",
                                    "different person, checked the photo");
  ASSERT_FALSE(not_analyst.ok());
  EXPECT_EQ(not_analyst.error().code, core::ErrorCode::kPermissionDenied);

  auto cleared = svc().ClearHit(analyst_, meta_, id, eriksson.id, list_id, "W-0001",
                                "born in another town, carrier confirmed the passport");
  ASSERT_TRUE(cleared.ok()) << cleared.error().message;
  EXPECT_NE(cleared->risk_level, "red");
  EXPECT_NE(cleared->hits_json.find(R"("status":"cleared_before")"), std::string::npos)
      << cleared->hits_json;
  EXPECT_NE(cleared->reasons_json.find("cleared before for this document: not the same person"),
            std::string::npos)
      << cleared->reasons_json;
  EXPECT_EQ(CountAudit("hit.not_same_person"), 1);

  // A new version of the list (another passenger added) is screened again:
  // the clearance holds.
  auto v2 = Receive(Paxlst("IC2", "M2", "2611230900", std::string(kEriksson) + kWang));
  ASSERT_EQ(v2.manifests.size(), 1u);
  EXPECT_TRUE(v2.manifests[0].updated);
  EXPECT_EQ(v2.manifests[0].red, 0);
  auto again = svc().Get(analyst_, meta_, id);
  ASSERT_TRUE(again.ok());
  const auto* e = Find(*again, "ERIKSSON");
  ASSERT_NE(e, nullptr);
  EXPECT_NE(e->hits_json.find(R"("status":"cleared_before")"), std::string::npos);

  // The desk reads her passport: the hit is not raised again.
  auto desk = a().inspections().OpenDesk(officer, meta_, {port_, "A1", "entry", "land"});
  ASSERT_TRUE(desk.ok()) << desk.error().message;
  InspectRequest req;
  req.session_id = desk->id;
  req.mrz =
      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
  auto at_desk = a().inspections().Inspect(officer, meta_, req);
  ASSERT_TRUE(at_desk.ok()) << at_desk.error().message;
  ASSERT_FALSE(at_desk->hits.empty());
  for (const auto& h : at_desk->hits) {
    if (h.entry_id == "W-0001") {
      EXPECT_EQ(h.status, "cleared_before");
      EXPECT_EQ(h.reason, "born in another town, carrier confirmed the passport");
    }
  }
}

TEST_F(ManifestServiceTest, AHitOfAPersonWithoutADocumentIsLeftToTheDesk) {
  auto r = Receive(R"({"transport_id":"MU5002","persons":[{"surname":"ERIKSSON",
    "given_names":"ANNA MARIA","birth_date":"1974-08-12","sex":"F","nationality":"UTO"}]})",
                   "json");
  auto view = svc().Get(analyst_, meta_, r.manifests[0].manifest.id);
  ASSERT_TRUE(view.ok());
  const auto& p = view->persons[0];
  ASSERT_NE(p.hits_json, "[]");
  auto c = svc().ClearHit(analyst_, meta_, p.manifest_id, p.id, ListIdOf(p.hits_json), "W-0001",
                          "different person, checked the photo");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, core::ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace guomen::app

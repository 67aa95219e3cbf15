// ScreeningService over a real store (SQLite or PostgreSQL, per
// GUOMEN_TEST_BACKEND): lists stored and versioned, idempotent re-import
// with diffs, the index rebuilt at start and changed in place, audited
// screening, ScreenForWorkflow for the desk, and delta re-screening.
#include "app/screening_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "datagen/demo_data.hpp"
#include "test_env.hpp"

namespace guomen::app {
namespace {

std::string ReadData(const std::string& name) {
  std::ifstream in(testing::SourceDir() + "/tests/data/screening/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr const char* kHeader =
    "id,name,given,family,aliases,weak_aliases,birth_dates,places_of_birth,nationalities,gender,"
    "documents,action,reason,valid_until,source_ref\n";

ImportRequest Csv(const std::string& rows) {
  ImportRequest r;
  r.format = "csv";
  r.content = std::string(kHeader) + rows;
  return r;
}

std::vector<store::AuditEvent> Events(App& a, const std::string& action) {
  store::AuditFilter f;
  f.action = action;
  f.limit = 500;
  std::vector<store::AuditEvent> events;
  EXPECT_TRUE(a.store().Transact([&](store::Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(events, tx.ListAuditEvents(f));
    return core::Status::Ok();
  }).ok());
  return events;
}

class ScreeningServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = testing::MakeTestApp(true);
    admin_ = testing::LoginAs(a(), "admin");
    officer_ = testing::LoginAs(a(), "officer");
    analyst_ = testing::LoginAs(a(), "analyst");
  }
  App& a() { return *env_->app; }
  store::WatchlistRecord NewList(const std::string& code, const std::string& kind = "entry_ban",
                                 const std::string& action = "deny_entry") {
    auto l = a().screening().CreateList(admin_, {"10.0.0.1", ""},
                                        {code, "Test list " + code, "Test", kind, action, 0.85});
    EXPECT_TRUE(l.ok()) << l.error().message;
    return *l;
  }
  std::unique_ptr<testing::TestApp> env_;
  Principal admin_, officer_, analyst_;
};

TEST_F(ScreeningServiceTest, DemoDataScreensTheIcaoSpecimenPersonAsWantedArrest) {
  screening::ScreeningQuery q;
  q.name = "ANNA MARIA ERIKSSON";
  q.birth_date = screening::BirthDate{1974, 8, 12, 1974, false};
  q.nationality = "UTO";
  q.document_number = "L898902C3";
  q.gender = "F";
  auto hits = a().screening().ScreenForWorkflow(q);
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  const auto& top = hits->front();
  EXPECT_EQ(top.list_code, datagen::kDemoWantedList);
  EXPECT_EQ(top.list_kind, "wanted");
  EXPECT_EQ(top.action, "arrest");
  EXPECT_EQ(top.hit.entry_id, "W-0001");
  EXPECT_GT(top.hit.score, 0.95);
  // ScreenForWorkflow is not audited (the desk audits its own workflow).
  EXPECT_TRUE(Events(a(), "screening.screen").empty());
}

TEST_F(ScreeningServiceTest, DemoListsAreStoredWithTheirFirstVersion) {
  auto lists = a().screening().Lists();
  ASSERT_TRUE(lists.ok());
  std::map<std::string, store::WatchlistRecord> by_code;
  for (const auto& l : *lists) by_code[l.code] = l;
  ASSERT_EQ(by_code.count(datagen::kDemoEntryBanList), 1u);
  EXPECT_EQ(by_code[datagen::kDemoEntryBanList].entry_count, 20);
  EXPECT_EQ(by_code[datagen::kDemoWantedList].current_version, 1);
  EXPECT_EQ(by_code[datagen::kDemoUnList].entry_count, 12);  // 11 persons + 1 entity
  auto versions = a().screening().Versions(by_code[datagen::kDemoUnList].id);
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ(versions->front().added, 12);
  EXPECT_EQ(versions->front().format, "un");
  EXPECT_FALSE(versions->front().source_version.empty());  // the UN dateGenerated
}

TEST_F(ScreeningServiceTest, ReimportingTheSameFileIsIdempotentAndAChangeGivesItsDiff) {
  auto list = NewList("test-ban");
  std::string v1 =
      "T-1,Olena KOVALENKO,Olena,KOVALENKO,,,1975-11-02,,UKR,F,,,overstay,,\n"
      "T-2,Petr NOVAK,Petr,NOVAK,,,1960,,CZE,M,,,overstay,,\n"
      "T-3,Jan KOWALSKI,Jan,KOWALSKI,,,1970,,POL,M,,,overstay,,\n";
  auto first = a().screening().Import(admin_, {"10.0.0.1", ""}, list.id, Csv(v1));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->unchanged);
  EXPECT_EQ(first->version.version, 1);
  EXPECT_EQ(first->version.added, 3);

  auto again = a().screening().Import(admin_, {"10.0.0.1", ""}, list.id, Csv(v1));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->unchanged);
  EXPECT_EQ(again->version.version, 1);
  EXPECT_EQ(a().screening().Versions(list.id)->size(), 1u);

  // T-1 changes its reason, T-2 leaves, T-4 arrives.
  std::string v2 =
      "T-1,Olena KOVALENKO,Olena,KOVALENKO,,,1975-11-02,,UKR,F,,,overstay and forgery,,\n"
      "T-3,Jan KOWALSKI,Jan,KOWALSKI,,,1970,,POL,M,,,overstay,,\n"
      "T-4,Ivan PETRENKO,Ivan,PETRENKO,,,1988,,UKR,M,,,overstay,,\n";
  auto second = a().screening().Import(admin_, {"10.0.0.1", ""}, list.id, Csv(v2));
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->version.version, 2);
  EXPECT_EQ(second->version.added, 1);
  EXPECT_EQ(second->version.changed, 1);
  EXPECT_EQ(second->version.removed, 1);
  EXPECT_EQ(second->list.entry_count, 3);
  auto diff = a().screening().Diff(list.id, 2, 0, 100);
  ASSERT_TRUE(diff.ok());
  std::map<std::string, std::string> change_of;
  for (const auto& c : diff->changes) change_of[c.entry_id] = c.change;
  EXPECT_EQ(change_of, (std::map<std::string, std::string>{
                           {"T-1", "changed"}, {"T-2", "removed"}, {"T-4", "added"}}));
  EXPECT_FALSE(a().screening().Diff(list.id, 3, 0, 100).ok());

  // The index follows in place: the removed person no longer hits, the new one does.
  screening::ScreeningQuery q;
  q.name = "Petr NOVAK";
  auto gone = a().screening().ScreenForWorkflow(q).value();
  for (const auto& h : gone) EXPECT_NE(h.list_id, list.id);
  q.name = "Ivan PETRENKO";
  auto hits = a().screening().ScreenForWorkflow(q);
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->front().list_id, list.id);
  EXPECT_EQ(hits->front().hit.entry_id, "T-4");
  EXPECT_EQ(Events(a(), "watchlist.import").size(), 3u);
}

TEST_F(ScreeningServiceTest, TheIndexIsRebuiltFromTheStoreWhenTheAppOpensAgain) {
  auto list = NewList("test-reopen");
  ASSERT_TRUE(a().screening()
                  .Import(admin_, {"", ""}, list.id,
                          Csv("R-1,Dmitrii SMIRNOV,Dmitrii,SMIRNOV,Дмитрий Смирнов,,1971,,RUS,M,"
                              "passport:7155500011:RUS,,test,,\n"))
                  .ok());
  AppConfig cfg;
  cfg.store_location = env_->location;
  cfg.audit_key_path = env_->dir.path() + "/audit.key";
  cfg.data_dir = testing::SourceDir() + "/data";
  cfg.clock = &env_->clock;
  auto reopened = App::Open(cfg);
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  screening::ScreeningQuery q;
  q.name = "Дмитрий Смирнов";
  auto hits = (*reopened)->screening().ScreenForWorkflow(q);
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->front().list_code, "test-reopen");
  EXPECT_EQ(hits->front().hit.entry_id, "R-1");
  EXPECT_EQ((*reopened)->screening().Stats().lists, a().screening().Stats().lists);
}

TEST_F(ScreeningServiceTest, ADeactivatedListStopsHittingAtOnceAndComesBackWhenActivated) {
  screening::ScreeningQuery q;
  q.name = "ERIKSSON ANNA MARIA";
  q.document_number = "L898902C3";
  auto wanted = *a().screening().ScreenForWorkflow(q);
  ASSERT_FALSE(wanted.empty());
  int64_t id = wanted.front().list_id;
  WatchlistUpdate off;
  off.active = false;
  ASSERT_TRUE(a().screening().UpdateList(admin_, {"", ""}, id, off).ok());
  auto off_hits = a().screening().ScreenForWorkflow(q).value();
  for (const auto& h : off_hits) EXPECT_NE(h.list_id, id);
  WatchlistUpdate on;
  on.active = true;
  on.threshold = 0.9;
  auto back = a().screening().UpdateList(admin_, {"", ""}, id, on);
  ASSERT_TRUE(back.ok());
  EXPECT_DOUBLE_EQ(back->threshold, 0.9);
  auto again = *a().screening().ScreenForWorkflow(q);
  ASSERT_FALSE(again.empty());
  EXPECT_EQ(again.front().list_id, id);
}

TEST_F(ScreeningServiceTest, AScreenIsAuditedWithItsHitsButNeverTheQuery) {
  screening::ScreeningQuery q;
  q.name = "Anna Maria Eriksson";
  auto none = a().screening().Screen(officer_, {"10.1.1.1", ""}, q, std::nullopt, 10);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().field, "purpose");
  auto hits = a().screening().Screen(officer_, {"10.1.1.1", "desk check"}, q, std::nullopt, 10);
  ASSERT_TRUE(hits.ok()) << hits.error().message;
  ASSERT_FALSE(hits->empty());
  auto events = Events(a(), "screening.screen");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].username, "officer");
  EXPECT_EQ(events[0].purpose, "desk check");
  EXPECT_EQ(events[0].result, "hit");
  EXPECT_NE(events[0].object_id.find(":W-0001"), std::string::npos);
  for (const auto& e : events) {
    EXPECT_EQ(e.object_id.find("Eriksson"), std::string::npos);
    EXPECT_EQ(e.object_id.find("ERIKSSON"), std::string::npos);
  }
  screening::ScreeningQuery empty;
  EXPECT_EQ(a().screening().Screen(officer_, {"", "desk check"}, empty, std::nullopt, 10)
                .error()
                .field,
            "name");
}

TEST_F(ScreeningServiceTest, ExplanationsReadInBothLanguages) {
  screening::ScreeningQuery q;
  q.name = "ERIKSSON ANNA MARIA";
  q.birth_date = screening::BirthDate{1974, 8, 12, 1974, false};
  auto hits = *a().screening().ScreenForWorkflow(q);
  ASSERT_FALSE(hits.empty());
  auto en = ExplainHit(hits.front().hit, "en");
  auto zh = ExplainHit(hits.front().hit, "zh-CN");
  ASSERT_GE(en.size(), 2u);
  EXPECT_EQ(en.size(), zh.size());
  EXPECT_NE(en[0].find("W-0001"), std::string::npos);
  EXPECT_NE(en[0].find("Score"), std::string::npos);
  EXPECT_NE(zh[0].find("相似度"), std::string::npos);
  bool dob = false;
  for (const auto& s : en) dob = dob || s.find("date of birth") != std::string::npos;
  EXPECT_TRUE(dob);
}

TEST_F(ScreeningServiceTest, ImportReScreensStoredTravellersAgainstOnlyTheChangedEntries) {
  // The demo entry-ban list already found the three travellers it copies.
  store::ScreeningResultFilter f;
  auto demo = a().screening().Results(analyst_, {"10.0.0.2", ""}, f);
  ASSERT_TRUE(demo.ok()) << demo.error().message;
  EXPECT_GE(demo->size(), 3u);

  // A stored traveller, then a list that names them.
  store::Traveller t;
  ASSERT_TRUE(a().store().Transact([&](store::Tx& tx) -> core::Status {
    auto units = tx.FindUnitByCode("YN-DH-RL-PORT");
    t.unit_id = (*units)->id;
    t.surname = "KOVALENKO";
    t.given_names = "OLENA";
    t.nationality = "UKR";
    t.birth_date = "1975-11-02";
    t.sex = "F";
    t.document_type = "P";
    t.document_number = "FX0000001";
    t.issuing_state = "UKR";
    GUOMEN_ASSIGN_OR_RETURN(t.id, a().travellers().Record(tx, t));
    return core::Status::Ok();
  }).ok());
  auto list = NewList("test-rescreen");
  auto v1 = a().screening().Import(
      admin_, {"", ""}, list.id,
      Csv("K-1,Olena KOVALENKO,Olena,KOVALENKO,,,1975-11-02,,UKR,F,,,overstay,,\n"
          "K-2,Petr NOVAK,Petr,NOVAK,,,1960,,CZE,M,,,overstay,,\n"));
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->rescreen.entries_screened, 2);
  EXPECT_GE(v1->rescreen.travellers_screened, 121);
  EXPECT_GE(v1->rescreen.new_results, 1);
  store::ScreeningResultFilter mine;
  mine.list_id = list.id;
  auto results = *a().screening().Results(analyst_, {"", ""}, mine);
  ASSERT_FALSE(results.empty());
  bool found = false;
  for (const auto& r : results) {
    if (r.traveller.id == t.id) {
      found = true;
      EXPECT_EQ(r.result.entry_id, "K-1");
      EXPECT_EQ(r.result.status, "new");
      EXPECT_EQ(r.list_code, "test-rescreen");
    }
  }
  EXPECT_TRUE(found);

  // Only K-2 changes: K-1 is not screened again, so no new result appears.
  auto v2 = a().screening().Import(
      admin_, {"", ""}, list.id,
      Csv("K-1,Olena KOVALENKO,Olena,KOVALENKO,,,1975-11-02,,UKR,F,,,overstay,,\n"
          "K-2,Petr NOVAK,Petr,NOVAK,,,1961,,CZE,M,,,overstay,,\n"));
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->rescreen.entries_screened, 1);
  EXPECT_EQ(a().screening().Results(analyst_, {"", ""}, mine)->size(), results.size());

  // The officer at Ruili sees the result of a Ruili traveller; review it.
  auto reviewed = a().screening().Review(analyst_, {"", ""}, results.front().result.id);
  ASSERT_TRUE(reviewed.ok());
  EXPECT_EQ(reviewed->result.status, "reviewed");

  // K-1 leaves the list: its open results are withdrawn.
  auto v3 = a().screening().Import(admin_, {"", ""}, list.id,
                                   Csv("K-2,Petr NOVAK,Petr,NOVAK,,,1961,,CZE,M,,,overstay,,\n"));
  ASSERT_TRUE(v3.ok());
  EXPECT_EQ(v3->rescreen.withdrawn_entries, 1);
  auto after_removal = a().screening().Results(analyst_, {"", ""}, mine).value();
  for (const auto& r : after_removal) {
    if (r.result.entry_id == "K-1") {
      EXPECT_TRUE(r.result.status == "reviewed" || r.result.status == "withdrawn") << r.result.status;
    }
  }
}

TEST_F(ScreeningServiceTest, AResultOutsideTheCallersUnitsIsNotFound) {
  store::ScreeningResultFilter f;
  auto all = *a().screening().Results(analyst_, {"", ""}, f);  // province: sees all
  ASSERT_FALSE(all.empty());
  Principal officer = testing::LoginAs(a(), "officer");  // Ruili port only
  for (const auto& r : all) {
    auto review = a().screening().Review(officer, {"", ""}, r.result.id);
    if (officer.CanSeeUnit(r.result.unit_id)) {
      EXPECT_TRUE(review.ok());
    } else {
      EXPECT_EQ(review.error().code, core::ErrorCode::kNotFound);
    }
  }
}

TEST_F(ScreeningServiceTest, BadInputGetsAClearError) {
  auto list = NewList("test-bad");
  ImportRequest bad = Csv("X-1,,,,,,,,,,,,,,\n");
  auto r = a().screening().Import(admin_, {"", ""}, list.id, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("line"), std::string::npos) << r.error().message;
  ImportRequest unknown;
  unknown.format = "xls";
  unknown.content = "x";
  EXPECT_EQ(a().screening().Import(admin_, {"", ""}, list.id, unknown).error().field, "format");
  EXPECT_EQ(a().screening().Import(admin_, {"", ""}, 999999, Csv("")).error().code,
            core::ErrorCode::kNotFound);
  auto dup = a().screening().CreateList(admin_, {"", ""},
                                        {"test-bad", "x", "y", "wanted", "arrest", 0.85});
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(a().screening()
                .CreateList(admin_, {"", ""}, {"Bad Code", "x", "y", "wanted", "arrest", 0.85})
                .error()
                .field,
            "code");
  EXPECT_EQ(a().screening()
                .CreateList(admin_, {"", ""}, {"ok-code", "x", "y", "wanted", "shoot", 0.85})
                .error()
                .field,
            "action");
}

TEST_F(ScreeningServiceTest, ScreensKeepWorkingWhileAListIsReimported) {
  auto list = NewList("test-concurrent");
  ImportRequest ofac;
  ofac.format = "ofac";
  ofac.ofac_sdn = ReadData("ofac_sdn_sample.csv");
  ofac.ofac_alt = ReadData("ofac_alt_sample.csv");
  ofac.ofac_comments = ReadData("ofac_comments_sample.csv");
  ASSERT_TRUE(a().screening().Import(admin_, {"", ""}, list.id, ofac).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> screens{0}, misses{0};
  std::thread reader([&] {
    // A person of the list being reloaded (OFAC SDN 4107).
    screening::ScreeningQuery q;
    q.name = "Gilberto Jose RODRIGUEZ OREJUELA";
    while (!stop) {
      auto hits = a().screening().ScreenForWorkflow(q);
      bool found = false;
      const auto& list_hits = hits.value();
      for (const auto& h : list_hits) found = found || (h.list_id == list.id && h.hit.entry_id == "4107");
      if (!found) ++misses;
      ++screens;
    }
  });
  for (int i = 0; i < 3; ++i) {
    WatchlistUpdate u;
    u.threshold = i % 2 ? 0.85 : 0.9;
    ASSERT_TRUE(a().screening().UpdateList(admin_, {"", ""}, list.id, u).ok());
  }
  stop = true;
  reader.join();
  EXPECT_GT(screens.load(), 0);
  EXPECT_EQ(misses.load(), 0);
}

}  // namespace
}  // namespace guomen::app

// `guomen store copy`: a port post's SQLite database into PostgreSQL, with
// ids, the audit chain and counts intact; run again, it resumes or does
// nothing. Needs $GUOMEN_TEST_PG_URL (skipped, saying so, without it).
#include "store/store_copy.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "store/store.hpp"
#include "test_env.hpp"

namespace guomen::store {
namespace {

#define REQUIRE_PG_SERVER()                                                          \
  do {                                                                               \
    const char* url = std::getenv("GUOMEN_TEST_PG_URL");                            \
    if (!url || !*url) GTEST_SKIP() << "no $GUOMEN_TEST_PG_URL (make pg-test sets it)"; \
  } while (false)

// A post's database: a unit tree, users, travellers and a chain of events.
void FillPost(Store& store, int travellers, int first_event = 1) {
  ASSERT_TRUE(store.Transact([&](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto units, tx.ListUnits());
    int64_t unit = 0;
    if (units.empty()) {
      GUOMEN_ASSIGN_OR_RETURN(auto root, tx.InsertUnit(Unit{0, std::nullopt, "YN", "云南", "Yunnan", "province"}));
      GUOMEN_ASSIGN_OR_RETURN(unit, tx.InsertUnit(Unit{0, root, "YN-RL", "瑞丽口岸", "Ruili Port", "port"}));
      User u;
      u.username = "officer";
      u.display_name = "O'Neil \\ 张";
      u.unit_id = unit;
      u.roles = {"officer"};
      u.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$x$y";
      GUOMEN_ASSIGN_OR_RETURN(auto uid, tx.InsertUser(u));
      ApiToken t{0, uid, "carrier", "abc", {"officer"}, 1, std::nullopt, false};
      GUOMEN_ASSIGN_OR_RETURN(auto tid, tx.InsertApiToken(t));
      (void)tid;
      GUOMEN_RETURN_IF_ERROR(tx.PutSetting("instance_id", "post-ruili"));
      // A list with more entries than one copy batch (entries and changes
      // have no integer key: the copy follows the source's rowid).
      WatchlistRecord list;
      list.code = "cn-wanted";
      list.name = "名单";
      list.authority = "NIA";
      list.kind = "wanted";
      list.action = "arrest";
      list.current_version = 1;
      list.entry_count = 60;
      GUOMEN_ASSIGN_OR_RETURN(auto list_id, tx.InsertWatchlist(list));
      WatchlistVersionRecord v;
      v.list_id = list_id;
      v.version = 1;
      v.format = "csv";
      v.imported_by = "admin";
      v.entry_count = 60;
      v.added = 60;
      GUOMEN_ASSIGN_OR_RETURN(auto vid, tx.InsertWatchlistVersion(v));
      (void)vid;
      for (int i = 0; i < 60; ++i) {
        const std::string id = "W-" + std::to_string(100 + i);
        GUOMEN_RETURN_IF_ERROR(tx.PutWatchlistEntry(
            {list_id, id, "LIU Jun " + std::to_string(i), "LIU JUN", "{\"n\":\"刘军\"}", "h" + id}));
        GUOMEN_RETURN_IF_ERROR(tx.InsertWatchlistChange({list_id, 1, id, "added", "LIU Jun"}));
      }
    } else {
      unit = units.back().id;
    }
    for (int i = 0; i < travellers; ++i) {
      Traveller t;
      t.unit_id = unit;
      t.surname = "NGUYEN";
      t.given_names = "VAN " + std::to_string(i);
      t.nationality = "VNM";
      t.birth_date = "1990-01-01";
      t.sex = "M";
      t.document_type = "P";
      t.document_number = "C" + std::to_string(1000000 + i);
      t.issuing_state = "VNM";
      GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertTraveller(t));
      (void)id;
    }
    for (int i = 0; i < travellers; ++i) {
      GUOMEN_ASSIGN_OR_RETURN(auto head, tx.ClaimAuditLane());
      AuditEvent e;
      e.id = head.next_id;
      e.lane = head.lane;
      e.time_us = 1'790'000'000'000'000 + e.id;
      e.username = "officer";
      e.action = "traveller.read";
      e.object_type = "traveller";
      e.object_id = std::to_string(first_event + i);
      e.purpose = "tab\there";
      e.result = "ok";
      e.prev_hash = head.last_hash;
      e.hash = "h" + std::to_string(e.id);
      GUOMEN_RETURN_IF_ERROR(tx.AppendAuditEvent(e));
    }
    return core::Status::Ok();
  }).ok());
}

std::vector<AuditEvent> Chain(Store& store) {
  std::vector<AuditEvent> out;
  EXPECT_TRUE(store.Transact([&](Tx& tx) {
    return tx.ScanAuditEvents([&](const AuditEvent& e) {
      out.push_back(e);
      return true;
    });
  }).ok());
  return out;
}

const CopyTableReport& Table(const CopyReport& r, const std::string& name) {
  for (const auto& t : r.tables) {
    if (t.table == name) return t;
  }
  static CopyTableReport none;
  ADD_FAILURE() << "no table " << name;
  return none;
}

TEST(StoreCopyTest, CopiesAPostIntoPostgresResumesAndIsIdempotent) {
  REQUIRE_PG_SERVER();
  testing::TempDir dir;
  const std::string from = "sqlite:" + dir.path() + "/post.db";
  const std::string to = testing::CreateTestPgDatabase();
  {
    auto post = OpenStore(from);
    ASSERT_TRUE(post.ok());
    FillPost(**post, 120);
  }
  // Interrupted after two batches of 50.
  CopyOptions small;
  small.batch_rows = 50;
  small.max_batches = 2;
  auto part = CopyStore(from, to, small);
  ASSERT_TRUE(part.ok()) << part.error().message;
  EXPECT_FALSE(part->complete);
  // Run again: it goes on from where it stopped and checks the counts.
  small.max_batches = 0;
  std::vector<std::string> lines;
  small.progress = [&](const std::string& l) { lines.push_back(l); };
  auto rest = CopyStore(from, to, small);
  ASSERT_TRUE(rest.ok()) << rest.error().message;
  EXPECT_TRUE(rest->resumed);
  EXPECT_TRUE(rest->complete);
  EXPECT_EQ(Table(*rest, "travellers").source_rows, 120);
  EXPECT_EQ(Table(*rest, "travellers").destination_rows, 120);
  EXPECT_EQ(Table(*rest, "audit_events").destination_rows, 120);
  EXPECT_EQ(Table(*rest, "watchlists").destination_rows, 1);
  EXPECT_EQ(Table(*rest, "watchlist_entries").source_rows, 60);
  EXPECT_EQ(Table(*rest, "watchlist_entries").destination_rows, 60);
  EXPECT_EQ(Table(*rest, "watchlist_changes").destination_rows, 60);
  EXPECT_FALSE(lines.empty());
  // Once more: nothing to do.
  auto again = CopyStore(from, to);
  ASSERT_TRUE(again.ok()) << again.error().message;
  for (const auto& t : again->tables) EXPECT_EQ(t.copied_now, 0) << t.table;
  // The post keeps working; the next copy brings only the new rows.
  {
    auto post = OpenStore(from);
    ASSERT_TRUE(post.ok());
    FillPost(**post, 7, 121);
  }
  auto incremental = CopyStore(from, to);
  ASSERT_TRUE(incremental.ok()) << incremental.error().message;
  EXPECT_EQ(Table(*incremental, "travellers").copied_now, 7);
  EXPECT_EQ(Table(*incremental, "audit_events").destination_rows, 127);

  // What arrived: the same chain, the head, text with awkward characters,
  // and new rows at the centre continue after the copied ids.
  auto post = OpenStore(from);
  auto centre = OpenStore(to);
  ASSERT_TRUE(post.ok() && centre.ok());
  auto a = Chain(**post);
  auto b = Chain(**centre);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_EQ(a[i].hash, b[i].hash);
    EXPECT_EQ(a[i].prev_hash, b[i].prev_hash);
    EXPECT_EQ(a[i].purpose, b[i].purpose);
  }
  ASSERT_TRUE((*centre)->Transact([&](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto lanes, tx.GetAuditLanes());
    EXPECT_EQ(lanes.at(0).last_id, 127);
    EXPECT_EQ(lanes.at(0).last_hash, "h127");
    // The centre's next event continues after the copied ones.
    GUOMEN_ASSIGN_OR_RETURN(auto next, tx.ClaimAuditLane());
    EXPECT_EQ(next.next_id, 128);
    GUOMEN_ASSIGN_OR_RETURN(auto user, tx.FindUserByName("officer"));
    EXPECT_TRUE(user.has_value());
    if (user) {
      EXPECT_EQ(user->display_name, "O'Neil \\ 张");
    }
    GUOMEN_ASSIGN_OR_RETURN(auto lists, tx.ListWatchlists());
    EXPECT_EQ(lists.size(), 1u);
    if (!lists.empty()) {
      GUOMEN_ASSIGN_OR_RETURN(auto entry, tx.GetWatchlistEntry(lists[0].id, "W-159"));
      EXPECT_TRUE(entry.has_value());
      if (entry) {
        EXPECT_EQ(entry->data, "{\"n\":\"刘军\"}");
        EXPECT_EQ(entry->content_hash, "hW-159");
      }
    }
    GUOMEN_ASSIGN_OR_RETURN(auto setting, tx.GetSetting("instance_id"));
    EXPECT_EQ(setting.value_or(""), "post-ruili");
    GUOMEN_ASSIGN_OR_RETURN(auto unit, tx.FindUnitByCode("YN-RL"));
    GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertUnit(Unit{0, unit->id, "YN-RL-2", "n", "n", "station"}));
    EXPECT_EQ(id, 3);
    return core::Status::Ok();
  }).ok());
}

TEST(StoreCopyTest, RefusesADestinationHoldingOtherData) {
  REQUIRE_PG_SERVER();
  testing::TempDir dir;
  const std::string from = "sqlite:" + dir.path() + "/post.db";
  const std::string to = testing::CreateTestPgDatabase();
  {
    auto post = OpenStore(from);
    ASSERT_TRUE(post.ok());
    FillPost(**post, 3);
    auto centre = OpenStore(to);
    ASSERT_TRUE(centre.ok());
    FillPost(**centre, 1);
  }
  auto r = CopyStore(from, to);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("not copied from"), std::string::npos) << r.error().message;
}

TEST(StoreCopyTest, RejectsLocationsOfTheWrongKind) {
  EXPECT_EQ(CopyStore("postgresql://a/b", "postgresql://c/d").error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(CopyStore("sqlite:/tmp/x.db", "sqlite:/tmp/y.db").error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(CopyStore("sqlite:/definitely/not/here.db", "postgresql://h/d").error().code,
            core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace guomen::store

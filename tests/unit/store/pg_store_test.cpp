// The PostgreSQL backend's own parts: placeholder rewriting, URL redaction,
// error mapping, COPY. The tests that need a server run when
// $GUOMEN_TEST_PG_URL names one (as in `make pg-test`) and are skipped,
// saying so, when it does not.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>
#include <thread>

#include "store/postgres/pg_connection.hpp"
#include "store/store.hpp"
#include "pg_layouts.hpp"
#include "test_env.hpp"

namespace guomen::store::postgres {
namespace {

bool HaveServer() {
  const char* url = std::getenv("GUOMEN_TEST_PG_URL");
  return url && *url;
}

#define REQUIRE_PG_SERVER()                                                \
  do {                                                                     \
    if (!HaveServer()) GTEST_SKIP() << "no $GUOMEN_TEST_PG_URL (make pg-test sets it)"; \
  } while (false)

TEST(PgPlaceholderTest, NumbersQuestionMarksInOrder) {
  auto r = RewritePlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?,?) LIMIT ?");
  EXPECT_EQ(r.sql, "SELECT a FROM t WHERE b = $1 AND c IN ($2,$3) LIMIT $4");
  EXPECT_EQ(r.params, 4);
}

TEST(PgPlaceholderTest, LeavesQuestionMarksInLiteralsIdentifiersAndComments) {
  auto r = RewritePlaceholders(
      "SELECT '?', 'it''s ?', \"col?\", E'\\'?', $$ ? $$, $tag$ ? $tag$ -- ?\n"
      "/* ? /* ? */ ? */ FROM t WHERE x LIKE ? ESCAPE '\\' AND y = ?");
  EXPECT_EQ(r.sql,
            "SELECT '?', 'it''s ?', \"col?\", E'\\'?', $$ ? $$, $tag$ ? $tag$ -- ?\n"
            "/* ? /* ? */ ? */ FROM t WHERE x LIKE $1 ESCAPE '\\' AND y = $2");
  EXPECT_EQ(r.params, 2);
}

TEST(PgPlaceholderTest, AStandardStringEndsAtItsQuoteEvenAfterABackslash) {
  // standard_conforming_strings: '\' is a one-character string.
  auto r = RewritePlaceholders("SELECT '\\', ?");
  EXPECT_EQ(r.sql, "SELECT '\\', $1");
}

TEST(PgUrlTest, RedactsThePasswordEverywhere) {
  EXPECT_EQ(RedactUrl("postgresql://guomen:s3cret@db.example:5432/centre"),
            "postgresql://guomen@db.example:5432/centre");
  EXPECT_EQ(RedactUrl("postgres://u:p%40ss@h/db?sslmode=require&password=x&connect_timeout=5"),
            "postgres://u@h/db?sslmode=require&connect_timeout=5");
  EXPECT_EQ(RedactUrl("postgresql://h/db?password=x"), "postgresql://h/db");
  EXPECT_EQ(RedactUrl("postgresql://u@h:1/db"), "postgresql://u@h:1/db");
}

TEST(PgStoreTest, AnUnreachableServerIsUnavailableAndTheMessageHasNoPassword) {
  auto s = OpenStore("postgresql://guomen:topsecret@127.0.0.1:1/guomen?connect_timeout=2");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(s.error().message.find("topsecret"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("postgresql://guomen@127.0.0.1:1/guomen"), std::string::npos)
      << s.error().message;
}

TEST(PgStoreTest, DescribeNamesTheDatabaseWithoutThePassword) {
  REQUIRE_PG_SERVER();
  std::string url = testing::CreateTestPgDatabase();
  // Trust authentication ignores the password; it must not show either way.
  std::string with_password = url;
  with_password.insert(with_password.find("://") + 3, "postgres:hunter2@");
  if (url.find('@') != std::string::npos) {
    with_password = url;
    with_password.insert(with_password.find('@'), ":hunter2");
  }
  auto store = OpenStore(with_password);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ((*store)->Describe().find("hunter2"), std::string::npos);
  EXPECT_EQ((*store)->SchemaVersion(), LatestSchemaVersion());
}

TEST(PgConnectionTest, MapsConstraintViolationsAndKeepsValuesOutOfMessages) {
  REQUIRE_PG_SERVER();
  auto conn = PgConnection::Open(testing::CreateTestPgDatabase());
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  auto& c = **conn;
  ASSERT_TRUE(c.ExecScript("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                           "n INTEGER CHECK (n > 0))")
                  .ok());
  ASSERT_TRUE(c.Query("INSERT INTO t VALUES (?, ?, ?)", {int64_t{1}, std::string("ZHANG"), int64_t{1}}).ok());
  auto dup = c.Query("INSERT INTO t VALUES (?, ?, ?)", {int64_t{2}, std::string("ZHANG"), int64_t{1}});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(dup.error().message.find("ZHANG"), std::string::npos) << dup.error().message;
  auto check = c.Query("INSERT INTO t VALUES (?, ?, ?)", {int64_t{3}, std::string("LI"), int64_t{0}});
  EXPECT_EQ(check.error().code, core::ErrorCode::kValidation);
  auto null = c.Query("INSERT INTO t VALUES (?, ?, ?)", {int64_t{4}, SqlValue{}, int64_t{1}});
  EXPECT_EQ(null.error().code, core::ErrorCode::kValidation);
  auto syntax = c.Query("SELEC 1", {});
  EXPECT_EQ(syntax.error().code, core::ErrorCode::kInternal);
}

TEST(PgConnectionTest, ACommitAfterAFailedReadIsAnError) {
  REQUIRE_PG_SERVER();
  auto conn = PgConnection::Open(testing::CreateTestPgDatabase());
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  auto& c = **conn;
  ASSERT_TRUE(c.Begin().ok());
  EXPECT_FALSE(c.Query("SELECT 1/0", {}).ok());
  EXPECT_FALSE(c.Commit().ok());
  ASSERT_TRUE(c.Rollback().ok());
  ASSERT_TRUE(c.Begin().ok());
  EXPECT_TRUE(c.Commit().ok());
}

TEST(PgConnectionTest, CopyInLoadsRowsWithAwkwardTextAndNulls) {
  REQUIRE_PG_SERVER();
  auto conn = PgConnection::Open(testing::CreateTestPgDatabase());
  ASSERT_TRUE(conn.ok()) << conn.error().message;
  auto& c = **conn;
  ASSERT_TRUE(c.ExecScript("CREATE TABLE t (id BIGINT PRIMARY KEY, s TEXT, d DOUBLE PRECISION)").ok());
  std::vector<std::vector<SqlValue>> rows;
  const std::string awkward = "tab\there\nnewline \\N back\\slash 张";
  for (int64_t i = 1; i <= 5000; ++i) {
    rows.push_back({i, i % 7 == 0 ? SqlValue{} : SqlValue{awkward}, 0.1 * static_cast<double>(i)});
  }
  auto n = c.CopyIn("t", {"id", "s", "d"}, rows);
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 5000);
  auto back = c.Query("SELECT s, d FROM t WHERE id = ?", {int64_t{8}});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->at(0).Text(0), awkward);
  EXPECT_DOUBLE_EQ(back->at(0).Double(1), 0.8);
  auto nulls = c.Query("SELECT count(*) FROM t WHERE s IS NULL", {});
  EXPECT_EQ(nulls->at(0).Int(0), 5000 / 7);
  // A duplicate fails the whole COPY, as a conflict.
  auto dup = c.CopyIn("t", {"id", "s", "d"}, {{int64_t{1}, std::string("x"), 1.0}});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(c.CopyIn("t; DROP TABLE t", {"id"}, {}).error().code,
            core::ErrorCode::kInvalidArgument);
  // The connection is usable after a failed COPY.
  EXPECT_TRUE(c.Query("SELECT 1", {}).ok());
}

std::unique_ptr<PgConnection> Connect(const std::string& url) {
  auto conn = PgConnection::Open(url);
  EXPECT_TRUE(conn.ok()) << (conn.ok() ? "" : conn.error().message);
  return conn.ok() ? std::move(*conn) : nullptr;
}

int64_t Count(PgConnection& c, const std::string& sql, const std::vector<SqlValue>& params = {}) {
  auto rows = c.Query(sql, params);
  EXPECT_TRUE(rows.ok()) << (rows.ok() ? "" : rows.error().message);
  return rows.ok() && !rows->empty() ? rows->at(0).Int(0) : -1;
}

// µs since the epoch of a UTC date.
int64_t Us(int year, int month, int day) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  return static_cast<int64_t>(timegm(&tm)) * 1'000'000;
}

core::Status AppendAt(Tx& tx, int64_t time_us) {
  GUOMEN_ASSIGN_OR_RETURN(auto head, tx.ClaimAuditLane());
  AuditEvent e;
  e.id = head.next_id;
  e.lane = head.lane;
  e.time_us = time_us;
  e.username = "p";
  e.action = "test.append";
  e.object_type = "test";
  e.result = "ok";
  e.prev_hash = head.last_hash;
  e.hash = "h" + std::to_string(e.id);
  return tx.AppendAuditEvent(e);
}

TEST(PgStoreTest, AuditEventsArePartitionedByMonthAndTheChainReadsAcrossPartitions) {
  REQUIRE_PG_SERVER();
  std::string url = testing::CreateTestPgDatabase();
  auto store = OpenStore(url);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto conn = Connect(url);
  ASSERT_TRUE(conn);
  // This month's partition exists from the start.
  EXPECT_EQ(Count(*conn,
                  "SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_events'::regclass"),
            6);  // last month, this month, 3 ahead, the default
  // Events in an old month (the default partition), then a new one, then old again.
  ASSERT_TRUE((*store)->Transact([](Tx& tx) -> core::Status {
    GUOMEN_RETURN_IF_ERROR(AppendAt(tx, Us(2019, 1, 15)));
    GUOMEN_RETURN_IF_ERROR(AppendAt(tx, Us(2019, 2, 1)));
    return AppendAt(tx, Us(2019, 1, 31));
  }).ok());
  EXPECT_EQ(Count(*conn, "SELECT count(*) FROM audit_events_default"), 3);
  // The operator's maintenance call moves January 2019 out of the default.
  ASSERT_TRUE(conn->Query("SELECT guomen_ensure_month_partition('audit_events', 'time', '2019-01-20')",
                          {}).ok());
  EXPECT_EQ(Count(*conn, "SELECT count(*) FROM audit_events_2019m01"), 2);
  EXPECT_EQ(Count(*conn, "SELECT count(*) FROM audit_events_default"), 1);
  // The chain is read in id order across partitions.
  std::vector<int64_t> ids;
  ASSERT_TRUE((*store)->Transact([&](Tx& tx) -> core::Status {
    return tx.ScanAuditEvents([&](const AuditEvent& e) {
      ids.push_back(e.id);
      return true;
    });
  }).ok());
  EXPECT_EQ(ids, (std::vector<int64_t>{1, 2, 3}));
}

// A traveller, a list and `n` screening results of list version 1, one a
// month from January 2019.
core::Status AddScreeningResults(Tx& tx, int n) {
  GUOMEN_ASSIGN_OR_RETURN(auto unit, tx.InsertUnit(Unit{0, std::nullopt, "ROOT", "r", "r", "ministry"}));
  Traveller t;
  t.unit_id = unit;
  t.surname = "TRAN";
  t.given_names = "VAN B";
  t.document_number = "B0000001";
  t.issuing_state = "VNM";
  GUOMEN_ASSIGN_OR_RETURN(auto traveller, tx.InsertTraveller(t));
  WatchlistRecord list;
  list.code = "wanted";
  list.name = "wanted";
  list.authority = "NIA";
  list.kind = "wanted";
  list.action = "arrest";
  list.current_version = 1;
  GUOMEN_ASSIGN_OR_RETURN(auto list_id, tx.InsertWatchlist(list));
  for (int i = 0; i < n; ++i) {
    ScreeningResultRecord r;
    r.traveller_id = traveller;
    r.unit_id = unit;
    r.list_id = list_id;
    r.list_version = 1;
    r.entry_id = "E" + std::to_string(i);
    r.matched_name = "TRAN VAN B";
    r.score = 0.9;
    r.found_at_us = Us(2019, 1 + i, 10);
    GUOMEN_ASSIGN_OR_RETURN(bool inserted, tx.InsertScreeningResult(r));
    EXPECT_TRUE(inserted);
  }
  return core::Status::Ok();
}

// The partitions of screening_results (0 for a plain table).
int64_t ScreeningResultPartitions(PgConnection& conn) {
  return Count(conn, "SELECT count(*) FROM pg_inherits WHERE inhparent = "
                     "'screening_results'::regclass");
}

// The screening results of AddScreeningResults' one unit, newest first.
core::Result<std::vector<ScreeningResultRecord>> ScreeningResultsOfTheUnit(Tx& tx) {
  GUOMEN_ASSIGN_OR_RETURN(auto units, tx.ListUnits());
  return tx.ListScreeningResults({}, {units.at(0).id});
}

TEST(PgStoreTest, ScreeningResultsArePartitionedByMonthAndRecordedOncePerListVersion) {
  REQUIRE_PG_SERVER();
  std::string url = testing::CreateTestPgDatabase();
  auto store = OpenStore(url);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto conn = Connect(url);
  ASSERT_TRUE(conn);
  EXPECT_EQ(ScreeningResultPartitions(*conn), 6);  // last month, this month, 3 ahead, the default
  ASSERT_TRUE((*store)->Transact([](Tx& tx) { return AddScreeningResults(tx, 2); }).ok());
  EXPECT_EQ(Count(*conn, "SELECT count(*) FROM screening_results_default"), 2);
  // The same result again, found later (a re-screening run again): not recorded.
  ASSERT_TRUE((*store)->Transact([](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto results, ScreeningResultsOfTheUnit(tx));
    EXPECT_EQ(results.size(), 2u);
    if (results.empty()) return core::Status::Ok();
    ScreeningResultRecord again = results[0];
    again.found_at_us = Us(2020, 6, 1);
    GUOMEN_ASSIGN_OR_RETURN(bool inserted, tx.InsertScreeningResult(again));
    EXPECT_FALSE(inserted);
    again.list_version = 2;  // the next version of the list finds it anew
    GUOMEN_ASSIGN_OR_RETURN(inserted, tx.InsertScreeningResult(again));
    EXPECT_TRUE(inserted);
    return core::Status::Ok();
  }).ok());
  EXPECT_EQ(Count(*conn, "SELECT count(*) FROM screening_results"), 3);
}

// A database made before migration 11 keeps its screening results, ids and
// all, in the partitioned table; new ones take ids after them.
TEST(PgStoreTest, ScreeningResultsMoveIntoThePartitionedTable) {
  REQUIRE_PG_SERVER();
  std::string url = testing::CreateTestPgDatabase();
  {
    auto store = OpenStore(url);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE((*store)->Transact([](Tx& tx) { return AddScreeningResults(tx, 3); }).ok());
  }
  auto conn = Connect(url);
  ASSERT_TRUE(conn);
  // Back to migration 10's plain table.
  ASSERT_TRUE(conn->ExecScript(
      std::string(testing_sql::kPlainScreeningResults) + "DELETE FROM schema_migrations WHERE version = 11;")
                  .ok());
  EXPECT_EQ(ScreeningResultPartitions(*conn), 0);
  auto store = OpenStore(url);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(Count(*conn, "SELECT count(*) FROM screening_results"), 3);
  EXPECT_EQ(Count(*conn, "SELECT max(id) FROM screening_results"), 3);
  EXPECT_GT(ScreeningResultPartitions(*conn), 0);
  ASSERT_TRUE((*store)->Transact([](Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto results, ScreeningResultsOfTheUnit(tx));
    EXPECT_EQ(results.size(), 3u);
    if (results.empty()) return core::Status::Ok();
    ScreeningResultRecord next = results[0];
    next.entry_id = "E-new";
    GUOMEN_ASSIGN_OR_RETURN(bool inserted, tx.InsertScreeningResult(next));
    EXPECT_TRUE(inserted);
    return core::Status::Ok();
  }).ok());
  EXPECT_EQ(Count(*conn, "SELECT max(id) FROM screening_results"), 4);
}

// Row-level security as defence in depth: a session of the application role
// sees only the units its scope names, and nothing at all without a scope.
TEST(PgStoreTest, TheApplicationRoleCannotReadARowOfAnotherUnit) {
  REQUIRE_PG_SERVER();
  std::string url = testing::CreateTestPgDatabase();
  int64_t unit_a = 0, unit_b = 0, traveller_b = 0;
  {
    auto store = OpenStore(url);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE((*store)->Transact([&](Tx& tx) -> core::Status {
      GUOMEN_ASSIGN_OR_RETURN(auto root, tx.InsertUnit(Unit{0, std::nullopt, "ROOT", "r", "r", "ministry"}));
      GUOMEN_ASSIGN_OR_RETURN(unit_a, tx.InsertUnit(Unit{0, root, "A", "a", "a", "port"}));
      GUOMEN_ASSIGN_OR_RETURN(unit_b, tx.InsertUnit(Unit{0, root, "B", "b", "b", "port"}));
      Traveller t;
      t.surname = "TRAN";
      t.given_names = "VAN A";
      t.document_number = "A0000001";
      t.unit_id = unit_a;
      GUOMEN_ASSIGN_OR_RETURN(auto ta, tx.InsertTraveller(t));
      (void)ta;
      t.given_names = "VAN B";
      t.document_number = "B0000001";
      t.unit_id = unit_b;
      GUOMEN_ASSIGN_OR_RETURN(traveller_b, tx.InsertTraveller(t));
      return core::Status::Ok();
    }).ok());
  }
  // The application role: may log in and use the tables, owns nothing, no BYPASSRLS.
  const std::string role = "guomen_app_t" + std::to_string(getpid());
  const std::string password = "pw-" + std::to_string(getpid());
  testing::ExecRawSql(url, "DROP ROLE IF EXISTS " + role + "; CREATE ROLE " + role +
                               " LOGIN NOBYPASSRLS PASSWORD '" + password + "'; GRANT SELECT, "
                               "INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role +
                               "; GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO " + role);
  std::string app_url = url + (url.find('?') == std::string::npos ? "?" : "&") + "user=" + role +
                        "&password=" + password;
  {
    auto app = Connect(app_url);
    ASSERT_TRUE(app);
    // A session that has not said which units it serves sees nothing.
    ASSERT_TRUE(app->ExecScript("RESET guomen.unit_scope").ok());
    EXPECT_EQ(Count(*app, "SELECT count(*) FROM travellers"), 0);
    // Scoped to unit A, B's row cannot be read, even by id and without any
    // unit condition in the query.
    ASSERT_TRUE(app->Query("SELECT set_config('guomen.unit_scope', ?, false)",
                           {std::to_string(unit_a)}).ok());
    EXPECT_EQ(Count(*app, "SELECT count(*) FROM travellers"), 1);
    EXPECT_EQ(Count(*app, "SELECT count(*) FROM travellers WHERE id = ?", {traveller_b}), 0);
    EXPECT_EQ(Count(*app, "SELECT count(*) FROM users WHERE unit_id = ?", {unit_b}), 0);
    // Nor written into B.
    auto write = app->Query(
        "INSERT INTO travellers (unit_id, surname, given_names, search_name, nationality, "
        "birth_date, sex, document_type, document_number, issuing_state, created_at) VALUES "
        "(?, 'X', 'Y', 'X Y', 'VNM', '1990-01-01', 'M', 'P', 'Z1', 'VNM', 0)",
        {unit_b});
    EXPECT_FALSE(write.ok());
    // Scoped to both, both are there.
    ASSERT_TRUE(app->Query("SELECT set_config('guomen.unit_scope', ?, false)",
                           {std::to_string(unit_a) + "," + std::to_string(unit_b)}).ok());
    EXPECT_EQ(Count(*app, "SELECT count(*) FROM travellers"), 2);
  }
  {
    // guomen itself runs as the application role: the store narrows the
    // scope around scoped queries and the services' answers are unchanged.
    auto store = OpenStore(app_url);
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_EQ((*store)->Describe().find(password), std::string::npos);
    ASSERT_TRUE((*store)->Transact([&](Tx& tx) -> core::Status {
      GUOMEN_ASSIGN_OR_RETURN(auto only_a, tx.SearchTravellers("TRAN", {unit_a}, 10));
      EXPECT_EQ(only_a.size(), 1u);
      GUOMEN_ASSIGN_OR_RETURN(auto both, tx.SearchTravellers("TRAN", {unit_a, unit_b}, 10));
      EXPECT_EQ(both.size(), 2u);
      GUOMEN_ASSIGN_OR_RETURN(auto by_id, tx.GetTraveller(traveller_b));
      EXPECT_TRUE(by_id.has_value());  // unscoped reads: the service checks the unit
      return core::Status::Ok();
    }).ok());
  }
  testing::ExecRawSql(url, "DROP OWNED BY " + role + "; DROP ROLE " + role);
}

// Two transactions that take the same two rows in opposite orders deadlock;
// PostgreSQL aborts one of them (40P01). Transact reports that as unavailable
// and TransactRetrying runs the loser again, so both writes land.
TEST(PgStoreTest, ADeadlockLoserIsRunAgainByTransactRetrying) {
  REQUIRE_PG_SERVER();
  std::string url = testing::CreateTestPgDatabase();
  auto opened = OpenStore(url);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& store = **opened;
  ASSERT_TRUE(store.Transact([](Tx& tx) -> core::Status {
    GUOMEN_RETURN_IF_ERROR(tx.PutSetting("deadlock.a", "0"));
    return tx.PutSetting("deadlock.b", "0");
  }).ok());
  for (const bool retrying : {false, true}) {
    // Both first writes happen before either second write: a sure deadlock
    // on the first attempt; later attempts do not wait for each other.
    std::atomic<int> first_writes{0};
    std::atomic<int> attempts{0};
    auto writer = [&](std::string first, std::string second, std::string value) {
      auto fn = [&, first, second, value](Tx& tx) -> core::Status {
        const bool first_attempt = attempts.fetch_add(1) < 2;
        GUOMEN_RETURN_IF_ERROR(tx.PutSetting(first, value));
        if (first_attempt) {
          ++first_writes;
          for (int i = 0; i < 500 && first_writes.load() < 2; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
          }
        }
        return tx.PutSetting(second, value);
      };
      return retrying ? store.TransactRetrying(fn) : store.Transact(fn);
    };
    const std::string tag = retrying ? "retrying" : "once";
    core::Status one, two;
    std::thread t1([&] { one = writer("deadlock.a", "deadlock.b", tag + "-1"); });
    std::thread t2([&] { two = writer("deadlock.b", "deadlock.a", tag + "-2"); });
    t1.join();
    t2.join();
    if (!retrying) {
      // Exactly one loses, and says the database could not serve it now.
      ASSERT_NE(one.ok(), two.ok());
      const core::Status& lost = one.ok() ? two : one;
      EXPECT_EQ(lost.error().code, core::ErrorCode::kUnavailable);
      EXPECT_NE(lost.error().message.find("40P01"), std::string::npos) << lost.error().message;
      continue;
    }
    EXPECT_TRUE(one.ok()) << one.error().message;
    EXPECT_TRUE(two.ok()) << two.error().message;
    EXPECT_EQ(attempts.load(), 3);  // the loser ran twice
    // Both rows hold the value of the same transaction (the one that committed last).
    std::optional<std::string> a, b;
    ASSERT_TRUE(store.Transact([&](Tx& tx) -> core::Status {
      GUOMEN_ASSIGN_OR_RETURN(a, tx.GetSetting("deadlock.a"));
      GUOMEN_ASSIGN_OR_RETURN(b, tx.GetSetting("deadlock.b"));
      return core::Status::Ok();
    }).ok());
    ASSERT_TRUE(a && b);
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(a->rfind("retrying-", 0), 0u);
  }
}

}  // namespace
}  // namespace guomen::store::postgres

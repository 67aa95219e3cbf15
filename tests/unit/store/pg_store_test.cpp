// The PostgreSQL backend's own parts: placeholder rewriting, URL redaction,
// error mapping, COPY. The tests that need a server run when
// $GUOMEN_TEST_PG_URL names one (as in `make pg-test`) and are skipped,
// saying so, when it does not.
#include <gtest/gtest.h>

#include <cstdlib>

#include "store/postgres/pg_connection.hpp"
#include "store/store.hpp"
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

}  // namespace
}  // namespace guomen::store::postgres

// The screening and watchlist routes through the Api (real sessions, real
// store on the test backend): what a client sends and gets back.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "api_test_util.hpp"

namespace guomen::http {
namespace {

using nlohmann::json;

std::string ReadData(const std::string& name) {
  std::ifstream in(testing::SourceDir() + "/tests/data/screening/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ApiScreeningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = testing::MakeTestApp(true);
    api_ = std::make_unique<Api>(*env_->app, ApiOptions{});
    officer_ = Open(*env_->app, "officer");
    analyst_ = Open(*env_->app, "analyst");
  }
  HttpResponse Call(const std::string& method, const std::string& path, const Session& s,
                    const std::string& body = "") {
    return api_->Handle(Request(method, path, &s, body));
  }
  std::unique_ptr<testing::TestApp> env_;
  std::unique_ptr<Api> api_;
  Session officer_, analyst_;
};

TEST_F(ApiScreeningTest, ScreenAnswersHitsWithListActionAndExplanationInBothLanguages) {
  auto r = Call("POST", "/api/v1/screen?purpose=desk%20check", officer_,
                R"({"name":"ERIKSSON ANNA MARIA","birth_date":"1974-08-12","nationality":"UTO",
                    "document_number":"L898902C3","gender":"F"})");
  ASSERT_EQ(r.status, 200) << r.body;
  json hits = BodyOf(r)["hits"];
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0]["list_code"], "cn-wanted-demo");
  EXPECT_EQ(hits[0]["action"], "arrest");
  EXPECT_EQ(hits[0]["entry_id"], "W-0001");
  EXPECT_GT(hits[0]["score"].get<double>(), 0.95);
  bool document = false;
  for (const auto& f : hits[0]["explanation"]) document = document || f["factor"] == "document";
  EXPECT_TRUE(document);
  EXPECT_GE(hits[0]["explanation_text"]["en"].size(), 2u);
  EXPECT_EQ(hits[0]["explanation_text"]["en"].size(), hits[0]["explanation_text"]["zh-CN"].size());

  auto no_purpose = Call("POST", "/api/v1/screen", officer_, R"({"name":"X Y"})");
  EXPECT_EQ(no_purpose.status, 422);
  auto bad_date = Call("POST", "/api/v1/screen?purpose=desk%20check", officer_,
                       R"({"name":"X Y","birth_date":"soon"})");
  EXPECT_EQ(bad_date.status, 422);
  EXPECT_EQ(BodyOf(bad_date)["error"]["field"], "birth_date");
}

TEST_F(ApiScreeningTest, ImportOfacThenTheSameAgainThenBrowse) {
  auto created = Call("POST", "/api/v1/watchlists", analyst_,
                      R"({"code":"ofac-sdn","name":"OFAC SDN","authority":"US Treasury OFAC",
                          "kind":"sanctions","action":"deny_entry","threshold":0.88})");
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = BodyOf(created)["watchlist"]["id"];
  std::string path = "/api/v1/watchlists/" + std::to_string(id);
  json body = {{"format", "ofac"},
               {"files",
                {{"sdn", ReadData("ofac_sdn_sample.csv")},
                 {"alt", ReadData("ofac_alt_sample.csv")},
                 {"comments", ReadData("ofac_comments_sample.csv")},
                 {"add", "ignored"}}}};
  auto first = Call("POST", path + "/import", analyst_, body.dump());
  ASSERT_EQ(first.status, 201) << first.body;
  json out = BodyOf(first);
  EXPECT_FALSE(out["unchanged"]);
  EXPECT_EQ(out["version"]["version"], 1);
  EXPECT_EQ(out["version"]["added"], 50);  // the 50 records of the extract
  EXPECT_EQ(out["watchlist"]["entry_count"], 50);
  EXPECT_GT(out["rescreen"]["travellers_screened"].get<int>(), 0);

  auto again = Call("POST", path + "/import", analyst_, body.dump());
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(BodyOf(again)["unchanged"]);

  auto versions = BodyOf(Call("GET", path + "/versions", analyst_))["versions"];
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0]["format"], "ofac");
  auto diff = Call("GET", path + "/versions/1/diff?limit=5", analyst_);
  ASSERT_EQ(diff.status, 200);
  EXPECT_EQ(BodyOf(diff)["changes"].size(), 5u);
  EXPECT_EQ(BodyOf(diff)["changes"][0]["change"], "added");
  EXPECT_EQ(Call("GET", path + "/versions/2/diff", analyst_).status, 404);

  auto entries = Call("GET", path + "/entries?q=OREJUELA", analyst_);
  ASSERT_EQ(entries.status, 200);
  json list = BodyOf(entries)["entries"];
  ASSERT_GE(list.size(), 2u);
  for (const auto& e : list) {
    bool named = false;
    for (const auto& n : e["names"]) named = named || n["full"].get<std::string>().find("OREJUELA") != std::string::npos;
    EXPECT_TRUE(named) << e.dump();
  }

  // Screening now finds an SDN person at the list's own threshold.
  auto hit = Call("POST", "/api/v1/screen?purpose=desk%20check", officer_,
                  R"({"name":"Gilberto Jose RODRIGUEZ OREJUELA"})");
  ASSERT_EQ(hit.status, 200);
  ASSERT_FALSE(BodyOf(hit)["hits"].empty());
  EXPECT_EQ(BodyOf(hit)["hits"][0]["list_code"], "ofac-sdn");
  EXPECT_EQ(BodyOf(hit)["hits"][0]["entry_id"], "4107");

  // Deactivated: no longer hit, at once.
  ASSERT_EQ(Call("PATCH", path, analyst_, R"({"active":false})").status, 200);
  auto after = Call("POST", "/api/v1/screen?purpose=desk%20check", officer_,
                    R"({"name":"Gilberto Jose RODRIGUEZ OREJUELA"})");
  json after_hits = BodyOf(after)["hits"];
  for (const auto& h : after_hits) EXPECT_NE(h["list_code"], "ofac-sdn");
}

TEST_F(ApiScreeningTest, ABadFileIsA400NamingTheLineAndNothingIsWritten) {
  auto created = Call("POST", "/api/v1/watchlists", analyst_,
                      R"({"code":"bad-file","name":"Bad","authority":"T","kind":"custom","action":"notify"})");
  int64_t id = BodyOf(created)["watchlist"]["id"];
  std::string path = "/api/v1/watchlists/" + std::to_string(id);
  auto r = Call("POST", path + "/import", analyst_,
                json{{"format", "csv"}, {"content", "id,name\nA-1,Someone\nA-1,Again\n"}}.dump());
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(BodyOf(r)["error"]["message"].get<std::string>().find("line"), std::string::npos);
  EXPECT_TRUE(BodyOf(Call("GET", path + "/versions", analyst_))["versions"].empty());
  EXPECT_EQ(Call("POST", path + "/import", analyst_, R"({"format":"pdf","content":"x"})").status, 422);
}

TEST_F(ApiScreeningTest, ReScreeningResultsAreListedAndReviewed) {
  auto results = Call("GET", "/api/v1/screening-results?status=new", analyst_);
  ASSERT_EQ(results.status, 200) << results.body;
  json list = BodyOf(results)["results"];
  ASSERT_GE(list.size(), 3u);  // the demo entry-ban list copies three travellers
  EXPECT_EQ(list[0]["list_code"], "cn-entry-ban-demo");
  EXPECT_FALSE(list[0]["traveller"]["surname"].get<std::string>().empty());
  int64_t id = list[0]["id"];
  auto reviewed = Call("POST", "/api/v1/screening-results/" + std::to_string(id) + "/review", analyst_);
  ASSERT_EQ(reviewed.status, 200) << reviewed.body;
  EXPECT_EQ(BodyOf(reviewed)["result"]["status"], "reviewed");
  auto remaining = BodyOf(Call("GET", "/api/v1/screening-results?status=new", analyst_))["results"];
  EXPECT_EQ(remaining.size(), list.size() - 1);
  EXPECT_EQ(Call("GET", "/api/v1/screening-results?status=maybe", analyst_).status, 422);
}

TEST_F(ApiScreeningTest, ImportsMayBeLargerThanOtherBodies) {
  auto created = Call("POST", "/api/v1/watchlists", analyst_,
                      R"({"code":"big","name":"Big","authority":"T","kind":"custom","action":"notify"})");
  int64_t id = BodyOf(created)["watchlist"]["id"];
  // Over the 1 MiB of other routes with few entries: long published reasons.
  std::string csv = "id,name,reason\n";
  const std::string reason(1000, 'r');
  for (int i = 0; csv.size() < (3u << 19); ++i) {
    csv += "B-" + std::to_string(i) + ",PERSON NUMBER " + std::to_string(i) + " SYNTHETIC," +
           reason + "\n";
  }
  auto big = Call("POST", "/api/v1/watchlists/" + std::to_string(id) + "/import", analyst_,
                  json{{"format", "csv"}, {"content", csv}}.dump());
  EXPECT_EQ(big.status, 201) << big.body.substr(0, 300);
  auto screen = Call("POST", "/api/v1/screen?purpose=desk%20check", officer_,
                     json{{"name", csv.substr(0, 2u << 20)}}.dump());
  EXPECT_EQ(screen.status, 413);
}

}  // namespace
}  // namespace guomen::http

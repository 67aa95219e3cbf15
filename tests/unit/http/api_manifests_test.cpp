// The advance-information routes in-process: a carrier's system sends a
// published PAXLST as text/plain with a bearer API token and gets the
// CONTRL acknowledgement; a resend is 200; CSV needs its conveyance; an
// unknown content type is refused; the analyst reads the board and the list.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "api_test_util.hpp"

namespace guomen::http {
namespace {

std::string Sample(const std::string& name) {
  std::ifstream in(std::filesystem::path(testing::SourceDir()) / "tests/data/paxlst" / name,
                   std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class ApiManifestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = testing::MakeTestApp(true);
    api_ = std::make_unique<Api>(*env_->app, ApiOptions{});
    app::App& a = *env_->app;
    port_ = (*a.admin().FindUnitByCodeAsSystem("YN-KM-AIR"))->id;
    // A carrier's system: a user with only the carrier role at the airport, and its token.
    app::NewUserRequest req{
        "mu-apis", "MU APIS gateway", "carrier-password-2026", port_, {"carrier"}};
    auto user = a.admin().CreateUserAsSystem(req);
    ASSERT_TRUE(user.ok()) << user.error().message;
    auto admin = testing::LoginAs(a, "admin");
    auto token =
        a.auth().CreateApiToken(admin, {"test", ""}, user->user.id, "apis", {"carrier"}, 30);
    ASSERT_TRUE(token.ok()) << token.error().message;
    token_ = token->token;
  }
  HttpRequest CarrierPost(const std::string& path, const std::string& content_type,
                          const std::string& body) {
    HttpRequest req = Request("POST", path);
    req.headers["authorization"] = "Bearer " + token_;
    req.headers["content-type"] = content_type;
    req.body = body;
    return req;
  }
  std::unique_ptr<testing::TestApp> env_;
  std::unique_ptr<Api> api_;
  int64_t port_ = 0;
  std::string token_;
};

TEST_F(ApiManifestsTest, ACarrierTokenSendsPaxlstAsTextAndGetsTheAcknowledgement) {
  const std::string text = Sample("wco_ig_ex51_single_sector_passenger_d15b.edi");
  auto r = api_->Handle(CarrierPost("/api/v1/manifests", "text/plain; charset=utf-8", text));
  ASSERT_EQ(r.status, 201) << r.body;
  auto body = BodyOf(r);
  EXPECT_EQ(body["acknowledgement_action"], "7");
  EXPECT_NE(body["acknowledgement"].get<std::string>().find("CONTRL"), std::string::npos);
  ASSERT_EQ(body["manifests"].size(), 1u);
  EXPECT_EQ(body["manifests"][0]["unit_id"], port_);  // the carrier's own port by default
  const int64_t id = body["manifests"][0]["id"];

  auto again = api_->Handle(CarrierPost("/api/v1/manifests", "text/plain", text));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(BodyOf(again)["manifests"][0]["resend"].get<bool>());

  // The carrier may send, not read.
  HttpRequest read = Request("GET", "/api/v1/manifests/" + std::to_string(id));
  read.headers["authorization"] = "Bearer " + token_;
  EXPECT_EQ(api_->Handle(read).status, 403);

  auto analyst = Open(*env_->app, "analyst");
  auto view = api_->Handle(Request("GET", "/api/v1/manifests/" + std::to_string(id), &analyst));
  ASSERT_EQ(view.status, 200) << view.body;
  EXPECT_FALSE(BodyOf(view)["persons"].empty());
}

TEST_F(ApiManifestsTest, AnInvalidInterchangeIsStoredAndRejectedForTheCarrier) {
  auto r = api_->Handle(
      CarrierPost("/api/v1/manifests", "text/plain", Sample("gtas_test1_crew_bad_counts.edi")));
  ASSERT_EQ(r.status, 201) << r.body;
  auto body = BodyOf(r);
  EXPECT_EQ(body["status"], "invalid");
  EXPECT_EQ(body["acknowledgement_action"], "4");
  EXPECT_FALSE(body["issues"].empty());
}

TEST_F(ApiManifestsTest, RefusesWhatItCannotRead) {
  auto csv = api_->Handle(
      CarrierPost("/api/v1/manifests", "text/csv", "family_name,given_names\nNGUYEN,AN\n"));
  EXPECT_EQ(csv.status, 422) << csv.body;
  EXPECT_EQ(BodyOf(csv)["error"]["field"], "transport_id");
  auto ok = api_->Handle(
      CarrierPost("/api/v1/manifests?transport_id=LANCANG%209&arrival=2026-11-23T16:00:00Z",
                  "text/csv", "family_name,given_names\nNGUYEN,AN\n"));
  EXPECT_EQ(ok.status, 201) << ok.body;
  auto xml = api_->Handle(CarrierPost("/api/v1/manifests", "application/xml", "<x/>"));
  EXPECT_EQ(xml.status, 400) << xml.body;
  auto junk = api_->Handle(CarrierPost("/api/v1/manifests", "text/plain", "hello"));
  EXPECT_EQ(junk.status, 400) << junk.body;
}

TEST_F(ApiManifestsTest, TheBoardCountsHighRiskPersonsOfTheDay) {
  auto analyst = Open(*env_->app, "analyst");
  // The demo data has today's flight MU5032 with the specimen person.
  const std::string today =
      core::FormatIso8601(env_->app->clock().Now()).substr(0, 10);
  auto r = api_->Handle(Request("GET", "/api/v1/manifests?date=" + today, &analyst));
  ASSERT_EQ(r.status, 200) << r.body;
  bool found = false;
  const auto body = BodyOf(r);
  for (const auto& m : body["manifests"]) {
    if (m["transport_id"] == "MU5032") {
      found = true;
      EXPECT_EQ(m["red"], 1);
      EXPECT_EQ(m["persons"], 4);
    }
  }
  EXPECT_TRUE(found) << r.body;
  auto bad = api_->Handle(Request("GET", "/api/v1/manifests?date=23.11.2026", &analyst));
  EXPECT_EQ(bad.status, 400);
}

}  // namespace
}  // namespace guomen::http

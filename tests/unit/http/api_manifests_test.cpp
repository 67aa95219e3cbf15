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

// A ship's crew list with its declaration through the JSON form: the page's
// data carries the ports of call, the health answers and the suggestion; an
// officer may not clear a hit, the analyst clears it as not the same person.
TEST_F(ApiManifestsTest, AShipDeclarationIsReadBackAndAnAnalystClearsAHit) {
  auto analyst = Open(*env_->app, "analyst");
  const std::string list = R"({"transport_id":"COSCO 88","conveyance":"sea","list_type":"crew",
    "ports_of_call":[{"port":"SGSIN","arrived":"2026-11-16","departed":"2026-11-18"}],
    "persons":[{"surname":"ERIKSSON","given_names":"ANNA MARIA","birth_date":"1974-08-12",
      "sex":"F","nationality":"UTO","role":"crew",
      "documents":[{"type":"P","number":"L898902C3","issuing_state":"UTO"}],
      "health":{"answers":{"fever":true},"temperature":38.1}}]})";
  auto r = api_->Handle(Request("POST", "/api/v1/manifests?port_unit_id=" + std::to_string(port_),
                                &analyst, list));
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t id = BodyOf(r)["manifests"][0]["id"];
  auto view = api_->Handle(Request("GET", "/api/v1/manifests/" + std::to_string(id), &analyst));
  ASSERT_EQ(view.status, 200) << view.body;
  auto body = BodyOf(view);
  EXPECT_EQ(body["manifest"]["ports_of_call"][0]["port"], "SGSIN");
  EXPECT_EQ(body["manifest"]["ports_of_call"][0]["departed"], "2026-11-18");
  const auto person = body["persons"][0];
  EXPECT_EQ(person["health"]["answers"]["fever"], true);
  EXPECT_DOUBLE_EQ(person["health"]["temperature"].get<double>(), 38.1);
  bool suggested = false;
  for (const auto& reason : person["reasons"]) {
    suggested = suggested || reason.value("suggest", "") == "notify_health";
  }
  EXPECT_TRUE(suggested) << person["reasons"].dump();
  ASSERT_FALSE(person["hits"].empty());
  const int64_t list_id = person["hits"][0]["list_id"];
  const std::string path = "/api/v1/manifests/" + std::to_string(id) + "/persons/" +
                           std::to_string(person["id"].get<int64_t>()) + "/clearances";
  const std::string clear = R"({"list_id":)" + std::to_string(list_id) +
                            R"(,"entry_id":"W-0001","reason":"another person, photo checked"})";
  auto officer = Open(*env_->app, "officer");
  EXPECT_EQ(api_->Handle(Request("POST", path, &officer, clear)).status, 403);
  auto no_reason = api_->Handle(Request("POST", path, &analyst, R"({"list_id":1,"entry_id":"W-0001"})"));
  EXPECT_EQ(no_reason.status, 422) << no_reason.body;  // the missing field is named
  auto ok = api_->Handle(Request("POST", path, &analyst, clear));
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto cleared = BodyOf(ok)["person"];
  EXPECT_EQ(cleared["hits"][0]["status"], "cleared_before");
  EXPECT_EQ(cleared["hits"][0]["reason"], "another person, photo checked");
  EXPECT_NE(cleared["risk_level"], "red");
}

}  // namespace
}  // namespace guomen::http

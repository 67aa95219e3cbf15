// Bad input gets the right status and a clear error naming what and where.
#include <gtest/gtest.h>

#include "api_test_util.hpp"

namespace guomen::http {
namespace {

using nlohmann::json;

class ApiErrorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = testing::MakeTestApp(true);
    api_ = std::make_unique<Api>(*env_->app, ApiOptions{});
    admin_ = Open(*env_->app, "admin");
  }
  HttpResponse Call(const std::string& method, const std::string& path, const std::string& body = "",
                    const Session* s = nullptr) {
    return api_->Handle(Request(method, path, s ? s : &admin_, body));
  }
  static json Err(const HttpResponse& r) { return BodyOf(r)["error"]; }

  std::unique_ptr<testing::TestApp> env_;
  std::unique_ptr<Api> api_;
  Session admin_;
};

TEST_F(ApiErrorsTest, MalformedJsonIs400WithThePosition) {
  auto r = Call("POST", "/api/v1/units", R"({"parent_id": 1, "code": )");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Err(r)["code"], "invalid_argument");
  EXPECT_NE(Err(r)["message"].get<std::string>().find("byte"), std::string::npos);
}

TEST_F(ApiErrorsTest, ABodyThatIsNotAnObjectIs400) {
  EXPECT_EQ(Call("POST", "/api/v1/units", "[1,2]").status, 400);
}

TEST_F(ApiErrorsTest, AWrongTypeIs400NamingTheField) {
  auto r = Call("POST", "/api/v1/units",
                R"({"parent_id":"one","code":"X","name":"x","name_en":"x","kind":"port"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Err(r)["field"], "parent_id");
  auto r2 = Call("POST", "/api/v1/users",
                 R"({"username":"a1","display_name":"A","password":"abcdefghijkl-1","unit_id":1,"roles":"officer"})");
  EXPECT_EQ(r2.status, 400);
  EXPECT_EQ(Err(r2)["field"], "roles");
}

TEST_F(ApiErrorsTest, AMissingFieldIs422NamingTheField) {
  auto r = Call("POST", "/api/v1/units", R"({"parent_id":1,"name":"x","name_en":"x","kind":"port"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Err(r)["field"], "code");
}

TEST_F(ApiErrorsTest, AValidationFailureIs422) {
  auto r = Call("POST", "/api/v1/users",
                R"({"username":"new.user","display_name":"N","password":"password","unit_id":1,"roles":["officer"]})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Err(r)["field"], "password");
}

TEST_F(ApiErrorsTest, ADuplicateIs409) {
  std::string body = R"({"parent_id":1,"code":"YN","name":"x","name_en":"x","kind":"port"})";
  auto r = Call("POST", "/api/v1/units", body);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Err(r)["field"], "code");
}

TEST_F(ApiErrorsTest, AnOversizedBodyIs413) {
  std::string big = R"({"code":")" + std::string(2 << 20, 'x') + R"("})";
  EXPECT_EQ(Call("POST", "/api/v1/units", big).status, 413);
}

TEST_F(ApiErrorsTest, ABodyThatIsNotJsonTypedIs400) {
  HttpRequest req = Request("POST", "/api/v1/units", &admin_, "code=x");
  req.headers["content-type"] = "application/x-www-form-urlencoded";
  auto r = api_->Handle(req);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(Err(r)["message"].get<std::string>().find("JSON"), std::string::npos);
}

TEST_F(ApiErrorsTest, UnknownRoutesAre404AndWrongMethods405) {
  EXPECT_EQ(Call("GET", "/api/v1/nothing-here").status, 404);
  EXPECT_EQ(Call("GET", "/api/v2/units").status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/units").status, 405);
  EXPECT_EQ(Call("GET", "/api/v1/units/abc").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/units/999999").status, 404);
}

TEST_F(ApiErrorsTest, BadQueryParametersAre400) {
  auto auditor = Open(*env_->app, "auditor");
  auto r = api_->Handle(Request("GET", "/api/v1/audit/events?limit=100000", &auditor));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Err(r)["field"], "limit");
  auto t = api_->Handle(Request("GET", "/api/v1/audit/events?from=yesterday", &auditor));
  EXPECT_EQ(t.status, 400);
  EXPECT_EQ(Err(t)["field"], "from");
}

TEST_F(ApiErrorsTest, AnExpiredSessionIs401) {
  env_->clock.Advance(std::chrono::minutes(16));
  auto r = Call("GET", "/api/v1/auth/me");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Err(r)["code"], "session_expired");
}

TEST_F(ApiErrorsTest, AForgedOrMissingCsrfTokenIs403) {
  Session forged = admin_;
  forged.csrf = "0000";
  std::string body = R"({"parent_id":1,"code":"CSRF-1","name":"x","name_en":"x","kind":"station"})";
  auto r = Call("POST", "/api/v1/units", body, &forged);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Err(r)["code"], "csrf_failed");
  Session missing = admin_;
  missing.csrf = "";
  EXPECT_EQ(Call("POST", "/api/v1/units", body, &missing).status, 403);
  // Another session's CSRF token does not fit this session.
  Session other = Open(*env_->app, "admin");
  Session mixed{admin_.token, other.csrf};
  EXPECT_EQ(Call("POST", "/api/v1/units", body, &mixed).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/units", body).status, 201);
  // GETs need no CSRF token.
  EXPECT_EQ(Call("GET", "/api/v1/units", "", &missing).status, 200);
}

TEST_F(ApiErrorsTest, ThrottledLoginsAre429WithRetryAfter) {
  HttpResponse last;
  for (int i = 0; i < 7; ++i) {
    last = api_->Handle(Request("POST", "/api/v1/auth/login", nullptr,
                                R"({"username":"officer","password":"not-the-password"})"));
  }
  EXPECT_EQ(last.status, 429);
  EXPECT_GE(Err(last)["retry_after"].get<int>(), 1);
  bool has_header = false;
  for (const auto& [k, v] : last.headers) has_header = has_header || k == "Retry-After";
  EXPECT_TRUE(has_header);
}

TEST_F(ApiErrorsTest, LoginSetsAnHttpOnlyStrictCookieAndMeReturnsTheCsrfToken) {
  auto r = api_->Handle(Request("POST", "/api/v1/auth/login", nullptr,
                                R"({"username":"auditor","password":"guomen-demo-2026"})"));
  ASSERT_EQ(r.status, 200);
  std::string cookie;
  for (const auto& [k, v] : r.headers) {
    if (k == "Set-Cookie") cookie = v;
  }
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  std::string token = cookie.substr(cookie.find('=') + 1, cookie.find(';') - cookie.find('=') - 1);
  Session s{token, BodyOf(r)["csrf_token"]};
  auto me = api_->Handle(Request("GET", "/api/v1/auth/me", &s));
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(BodyOf(me)["csrf_token"], s.csrf);
  EXPECT_EQ(BodyOf(me)["user"]["unit_name_en"], "National Immigration Administration");
}

TEST_F(ApiErrorsTest, MetricsCountRequestsInPrometheusFormat) {
  (void)Call("GET", "/api/v1/units");
  auto m = api_->Handle(Request("GET", "/api/v1/metrics"));
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("guomen_http_requests_total{method=\"GET\",route=\"/api/v1/units\",status=\"200\"} 1"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("guomen_http_request_duration_seconds_bucket"), std::string::npos);
}

}  // namespace
}  // namespace guomen::http

namespace guomen::http {
namespace {

TEST_F(ApiErrorsTest, ReadsAnMrzAndAuditsTheRead) {
  auto officer = Open(*env_->app, "officer");
  auto r = api_->Handle(Request("POST", "/api/v1/documents/mrz", &officer,
                                R"({"mrz":"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"})"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = BodyOf(r);
  EXPECT_EQ(body["surname"], "ERIKSSON");
  EXPECT_EQ(body["format"], "TD3");
  EXPECT_EQ(body["checks"]["expired"], true);  // the specimen expired in 2012
  auto garbage = api_->Handle(Request("POST", "/api/v1/documents/mrz", &officer, R"({"mrz":"hello"})"));
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(Err(garbage)["field"], "mrz");
  auto auditor = Open(*env_->app, "auditor");
  auto events = api_->Handle(
      Request("GET", "/api/v1/audit/events?action=document.read&username=officer", &auditor));
  ASSERT_EQ(events.status, 200);
  EXPECT_EQ(BodyOf(events)["events"].size(), 2u);
}

}  // namespace
}  // namespace guomen::http

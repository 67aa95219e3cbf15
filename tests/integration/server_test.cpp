// The real server over a real socket: what a browser or a partner system sees.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "server_process.hpp"

namespace guomen::testing {
namespace {

using nlohmann::json;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    location_ = NewStoreLocation(dir_);
    store_args_ = StoreArgs(location_, dir_.path() + "/audit.key");
    std::vector<std::string> init = {"init", "--demo", "--seed", "7"};
    init.insert(init.end(), store_args_.begin(), store_args_.end());
    auto r = RunGuomen(init);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    Start();
  }
  void Start(std::vector<std::string> extra = {}) {
    auto args = store_args_;
    args.insert(args.end(), extra.begin(), extra.end());
    server_ = std::make_unique<ServerProcess>(args);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(30, 0);
  }
  // Logs in; returns the session cookie header value and the CSRF token.
  std::pair<std::string, std::string> Login(const std::string& user) {
    auto r = client_->Post("/api/v1/auth/login",
                           json{{"username", user}, {"password", "guomen-demo-2026"}}.dump(),
                           "application/json");
    EXPECT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
    std::string cookie = r->get_header_value("Set-Cookie");
    return {cookie.substr(0, cookie.find(';')), json::parse(r->body)["csrf_token"]};
  }

  TempDir dir_;
  std::string location_;
  std::vector<std::string> store_args_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ServerTest, HealthAnswersWithoutAuthenticationAndSecurityHeaders) {
  auto r = client_->Get("/api/v1/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["status"], "ok");
  EXPECT_NE(r->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_NE(r->get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY");
}

TEST_F(ServerTest, ASessionCookieLogsInAndLogoutEndsIt) {
  auto [cookie, csrf] = Login("supervisor");
  httplib::Headers h = {{"Cookie", cookie}};
  auto me = client_->Get("/api/v1/auth/me", h);
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ(json::parse(me->body)["user"]["roles"][0], "supervisor");
  auto no_csrf = client_->Post("/api/v1/auth/logout", h, "", "application/json");
  EXPECT_EQ(no_csrf->status, 403);
  h.emplace("X-CSRF-Token", csrf);
  auto out = client_->Post("/api/v1/auth/logout", h, "", "application/json");
  EXPECT_EQ(out->status, 204);
  EXPECT_EQ(client_->Get("/api/v1/auth/me", {{"Cookie", cookie}})->status, 401);
}

TEST_F(ServerTest, AnOversizedBodyIs413WithAJsonError) {
  std::string big(2 << 20, 'x');
  auto r = client_->Post("/api/v1/auth/login", big, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(json::parse(r->body)["error"]["code"], "too_large");
}

TEST_F(ServerTest, BadRequestsGetClearErrorsAndNeverCrashTheServer) {
  auto [cookie, csrf] = Login("admin");
  httplib::Headers h = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  struct Case {
    std::string method, path, body;
    int status;
  };
  std::vector<Case> cases = {
      {"POST", "/api/v1/units", "{not json", 400},
      {"POST", "/api/v1/units", R"({"parent_id":"x"})", 400},
      {"POST", "/api/v1/units", R"({"code":"A"})", 422},
      {"POST", "/api/v1/users", std::string("{\"username\":\"") + std::string(100000, 'a') + "\"}", 422},
      {"GET", "/api/v1/units/-1", "", 404},
      {"GET", "/api/v1/units/99999999999999999999999", "", 404},
      {"GET", "/api/v1/no/such/route", "", 404},
      {"GET", "/api/v1/audit/events?limit=abc", "", 403},  // admin is not an auditor
      {"POST", "/api/v1/units", std::string("\xff\xfe\x00\x01", 4), 400},
      {"POST", "/api/v1/units", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", 400},
  };
  for (const auto& c : cases) {
    httplib::Result r = c.method == "GET" ? client_->Get(c.path.c_str(), h)
                                          : client_->Post(c.path.c_str(), h, c.body, "application/json");
    ASSERT_TRUE(r) << c.path;
    EXPECT_EQ(r->status, c.status) << c.method << " " << c.path << ": " << r->body;
    auto body = json::parse(r->body, nullptr, false);
    ASSERT_FALSE(body.is_discarded()) << "not JSON: " << r->body;
    EXPECT_TRUE(body["error"]["message"].is_string());
  }
  EXPECT_EQ(client_->Get("/api/v1/health")->status, 200);
}

TEST_F(ServerTest, AnAcknowledgedWriteSurvivesKillMinus9) {
  auto [cookie, csrf] = Login("admin");
  httplib::Headers h = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  auto r = client_->Post("/api/v1/units", h,
                         R"({"parent_id":1,"code":"KILL9","name":"测试站","name_en":"Test station","kind":"station"})",
                         "application/json");
  ASSERT_EQ(r->status, 201) << r->body;
  server_->Kill9();  // right after the acknowledgement
  Start();
  auto [cookie2, csrf2] = Login("admin");
  auto units = client_->Get("/api/v1/units", {{"Cookie", cookie2}});
  ASSERT_EQ(units->status, 200);
  EXPECT_NE(units->body.find("KILL9"), std::string::npos);
  // The audit event of that write survived with it, and the chain is whole.
  server_->Stop();
  std::vector<std::string> verify = {"audit", "verify"};
  verify.insert(verify.end(), store_args_.begin(), store_args_.end());
  auto v = RunGuomen(verify);
  EXPECT_EQ(v.exit_code, 0) << v.err;
}

TEST_F(ServerTest, StopsCleanlyOnSigterm) { EXPECT_EQ(server_->Stop(), 0) << server_->log(); }

TEST_F(ServerTest, ServesTheWebUiWithASinglePageFallback) {
  server_->Stop();
  std::string web = dir_.path() + "/web";
  std::filesystem::create_directories(web + "/assets");
  std::ofstream(web + "/index.html") << "<!doctype html><title>guomen</title>";
  std::ofstream(web + "/assets/app-1234.js") << "console.log(1)";
  Start({"--web-root", web});
  auto index = client_->Get("/travellers/42");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("<title>guomen</title>"), std::string::npos);
  auto asset = client_->Get("/assets/app-1234.js");
  EXPECT_EQ(asset->status, 200);
  EXPECT_NE(asset->get_header_value("Cache-Control").find("immutable"), std::string::npos);
  EXPECT_EQ(client_->Get("/assets/missing.js")->status, 404);
  EXPECT_EQ(client_->Get("/api/v1/missing")->status, 404);
}

TEST_F(ServerTest, MetricsCountRequests) {
  (void)client_->Get("/api/v1/health");
  auto m = client_->Get("/api/v1/metrics");
  ASSERT_EQ(m->status, 200);
  EXPECT_NE(m->body.find("guomen_http_requests_total{method=\"GET\",route=\"/api/v1/health\",status=\"200\"}"),
            std::string::npos);
}

}  // namespace
}  // namespace guomen::testing

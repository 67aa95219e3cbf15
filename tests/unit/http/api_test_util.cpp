#include "api_test_util.hpp"

#include <stdexcept>

#include "core/strings.hpp"

namespace guomen::http {

Session Open(app::App& a, const std::string& username, const std::string& password) {
  auto r = a.auth().Login(username, password, {"127.0.0.1", ""});
  if (!r) throw std::runtime_error("login " + username + ": " + r.error().message);
  return Session{r->session_token, r->csrf_token};
}

HttpRequest Request(const std::string& method, const std::string& path_and_query,
                    const Session* session, const std::string& body) {
  HttpRequest req;
  req.method = method;
  auto q = path_and_query.find('?');
  req.path = path_and_query.substr(0, q);
  if (q != std::string::npos) {
    for (const auto& kv : core::Split(path_and_query.substr(q + 1), '&')) {
      auto eq = kv.find('=');
      req.query.emplace(kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1));
    }
  }
  req.remote_addr = "127.0.0.1";
  if (session) {
    req.headers["cookie"] = "guomen_session=" + session->token;
    req.headers["x-csrf-token"] = session->csrf;
  }
  if (!body.empty()) req.headers["content-type"] = "application/json";
  req.body = body;
  return req;
}

nlohmann::json BodyOf(const HttpResponse& r) {
  if (r.body.empty()) return nlohmann::json();
  return nlohmann::json::parse(r.body, nullptr, false);
}

}  // namespace guomen::http

// Drives the Api in-process with real sessions (no sockets).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "http/api.hpp"
#include "test_env.hpp"

namespace guomen::http {

struct Session {
  std::string token;
  std::string csrf;
};

// Logs in through the service; throws on failure.
Session Open(app::App& a, const std::string& username,
             const std::string& password = "guomen-demo-2026");

HttpRequest Request(const std::string& method, const std::string& path_and_query,
                    const Session* session = nullptr, const std::string& body = "");

nlohmann::json BodyOf(const HttpResponse& r);

}  // namespace guomen::http

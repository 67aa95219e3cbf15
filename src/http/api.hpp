// The HTTP API under /api/v1: the route table, authentication (session
// cookie or bearer API token), CSRF and role checks, JSON mapping and error
// rendering. No business logic: each handler parses, calls one service and
// renders. Thread-safe.
//
// Every route declares who may call it. A route that is not public lists its
// roles (or "any authenticated user"); tests walk the table and check each.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "http/http_types.hpp"
#include "http/metrics.hpp"

namespace guomen::http {

struct RouteSpec {
  std::string method;
  std::string path;  // OpenAPI style: /api/v1/users/{id}
  bool is_public = false;
  bool any_role = false;           // any authenticated user
  std::vector<std::string> roles;  // otherwise: one of these
};

struct ApiOptions {
  bool secure_cookies = false;  // add "Secure" to cookies (behind TLS)
  size_t max_body_bytes = 1 << 20;
  // Watchlist imports (POST .../import) carry whole list files (OFAC's
  // sdn.csv alone is several MB): their own, larger limit.
  size_t max_import_bytes = 64u << 20;
};

class Api {
 public:
  Api(app::App& app, ApiOptions options);
  ~Api();

  HttpResponse Handle(const HttpRequest& req);
  // The route table, for tests and the OpenAPI check.
  std::vector<RouteSpec> Routes() const;
  Metrics& metrics() { return metrics_; }

  struct Route;

 private:
  app::App& app_;
  ApiOptions options_;
  Metrics metrics_;
  std::vector<Route> routes_;
};

// A JSON error body: {"error":{"code":..., "message":..., "field":...}}.
std::string ErrorBody(const std::string& code, const std::string& message,
                      const std::string& field = {});

}  // namespace guomen::http

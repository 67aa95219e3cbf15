// Internal to http/: what every route file shares. The request context a
// handler sees, JSON helpers, body/path/query accessors that raise a
// RequestError naming the field, and the RouteAdder each route file receives.
// Only http/*.cpp include it (it brings nlohmann-json).
#pragma once

#include <cstdlib>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "core/strings.hpp"
#include "http/http_types.hpp"

namespace guomen::http::api {

using core::ErrorCode;
using json = nlohmann::json;

// What a handler sees.
struct Ctx {
  const HttpRequest& req;
  std::map<std::string, std::string> params;  // path parameters
  std::optional<app::Principal> who;
  std::string session_token;
  json body;

  app::RequestMeta Meta() const {
    std::string purpose = req.Query("purpose");
    if (purpose.empty()) purpose = req.Header("x-guomen-purpose");
    return app::RequestMeta{req.remote_addr, purpose};
  }
};

// An error raised while parsing a request; rendered like a service error.
struct RequestError {
  core::Error error;
};

// Invalid UTF-8 in echoed input becomes U+FFFD instead of an exception.
inline std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

inline HttpResponse Json(int status, const json& body) {
  HttpResponse r;
  r.status = status;
  r.body = Dump(body);
  return r;
}

inline HttpResponse ErrorResponse(const core::Error& e) {
  HttpResponse r;
  r.status = core::HttpStatus(e.code);
  json err = {{"code", std::string(e.Reason())}, {"message", e.message}};
  if (!e.field.empty()) err["field"] = e.field;
  if (e.code == ErrorCode::kThrottled && e.retry_after_seconds > 0) {
    err["retry_after"] = e.retry_after_seconds;
    r.headers.emplace_back("Retry-After", std::to_string(e.retry_after_seconds));
  }
  r.body = Dump(json{{"error", err}});
  return r;
}

[[noreturn]] inline void Throw(ErrorCode code, std::string message, std::string field = {}) {
  throw RequestError{core::MakeError(code, std::move(message), std::move(field))};
}

// Unwraps a service result or raises its error.
template <typename T>
inline T Take(core::Result<T> r) {
  if (!r) throw RequestError{std::move(r).error()};
  return std::move(r).value();
}
inline void Take(core::Status s) {
  if (!s.ok()) throw RequestError{std::move(s).error()};
}

// Body field accessors: a missing field is 422, a wrong type 400, both naming it.
inline const json& Field(const Ctx& c, const char* name) {
  if (!c.body.is_object() || !c.body.contains(name) || c.body.at(name).is_null()) {
    Throw(ErrorCode::kValidation, std::string("the field '") + name + "' is required", name);
  }
  return c.body.at(name);
}
inline std::string StrField(const Ctx& c, const char* name) {
  const json& v = Field(c, name);
  if (!v.is_string()) Throw(ErrorCode::kInvalidArgument, std::string("'") + name + "' must be a string", name);
  return v.get<std::string>();
}
inline int64_t IntField(const Ctx& c, const char* name) {
  const json& v = Field(c, name);
  if (!v.is_number_integer()) {
    Throw(ErrorCode::kInvalidArgument, std::string("'") + name + "' must be an integer", name);
  }
  return v.get<int64_t>();
}
inline std::optional<int64_t> OptIntField(const Ctx& c, const char* name) {
  if (!c.body.is_object() || !c.body.contains(name) || c.body.at(name).is_null()) return std::nullopt;
  return IntField(c, name);
}
inline std::vector<std::string> StrListField(const Ctx& c, const char* name) {
  const json& v = Field(c, name);
  if (!v.is_array()) Throw(ErrorCode::kInvalidArgument, std::string("'") + name + "' must be a list of strings", name);
  std::vector<std::string> out;
  for (const auto& e : v) {
    if (!e.is_string()) {
      Throw(ErrorCode::kInvalidArgument, std::string("'") + name + "' must be a list of strings", name);
    }
    out.push_back(e.get<std::string>());
  }
  return out;
}

inline int64_t PathId(const Ctx& c, const char* name = "id") {
  const std::string& s = c.params.at(name);
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v <= 0) {
    // Not a valid id: nothing can have it.
    Throw(ErrorCode::kNotFound, "no object with id '" + s + "'");
  }
  return v;
}

inline std::optional<int64_t> QueryInt(const Ctx& c, const char* name, int64_t min, int64_t max) {
  if (!c.req.HasQuery(name)) return std::nullopt;
  std::string s = c.req.Query(name);
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v < min || v > max) {
    Throw(ErrorCode::kInvalidArgument,
          std::string("'") + name + "' must be an integer from " + std::to_string(min) + " to " +
              std::to_string(max),
          name);
  }
  return v;
}

inline std::optional<int64_t> QueryTime(const Ctx& c, const char* name) {
  if (!c.req.HasQuery(name) || c.req.Query(name).empty()) return std::nullopt;
  auto t = core::ParseIso8601(c.req.Query(name));
  if (!t) Throw(ErrorCode::kInvalidArgument, std::string("'") + name + "' must be an ISO 8601 time", name);
  return core::ToMicros(*t);
}

inline std::optional<std::string> QueryStr(const Ctx& c, const char* name) {
  if (!c.req.HasQuery(name) || c.req.Query(name).empty()) return std::nullopt;
  return c.req.Query(name);
}

// Who may look a person up outside a workflow (with a purpose).
inline const std::vector<std::string> kPersonLookupRoles = {"officer", "secondary_officer", "analyst",
                                                            "investigator", "supervisor"};

// Registers a route: method, OpenAPI-style path, roles ({"public"}, {"any"} or
// role names) and the handler.
using RouteAdder = std::function<void(std::string, std::string, std::vector<std::string>,
                                      std::function<HttpResponse(Ctx&)>)>;

// Route groups kept in their own files (each is one translation unit).
void AddInspectionRoutes(const RouteAdder& add, app::App& a);  // api_inspection.cpp
void AddRulesRoutes(const RouteAdder& add, app::App& a);  // api_rules.cpp
// api_screening.cpp: POST /screen, /watchlists..., /screening-results...
void AddScreeningRoutes(const RouteAdder& add, app::App& a);
// api_manifests.cpp: POST/GET /manifests, /manifests/{id}, marks, reconciliation.
void AddManifestRoutes(const RouteAdder& add, app::App& a);
// api_partners.cpp: /partner-agencies..., /partner-notifications..., /partner-deliveries,
// and the agencies' pull /partner/notifications.
void AddPartnerRoutes(const RouteAdder& add, app::App& a);

}  // namespace guomen::http::api

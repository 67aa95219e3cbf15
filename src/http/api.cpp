#include "http/api.hpp"

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <spdlog/spdlog.h>

#include "core/strings.hpp"
#include "http/api_support.hpp"
#include "http/mrz_json.hpp"

namespace guomen::http {

using namespace api;  // NOLINT(google-build-using-namespace): the shared route toolkit

namespace {

constexpr const char* kSessionCookie = "guomen_session";

json UnitJson(const store::Unit& u) {
  return {{"id", u.id},
          {"parent_id", u.parent_id ? json(*u.parent_id) : json(nullptr)},
          {"code", u.code},
          {"name", u.name},
          {"name_en", u.name_en},
          {"kind", u.kind}};
}

json UserJson(const app::UserView& v) {
  return {{"id", v.user.id},
          {"username", v.user.username},
          {"display_name", v.user.display_name},
          {"unit_id", v.user.unit_id},
          {"unit_name", v.unit_name},
          {"unit_name_en", v.unit_name_en},
          {"roles", v.user.roles},
          {"disabled", v.user.disabled},
          {"locked", v.user.locked},
          {"created_at", core::FormatIso8601(core::FromMicros(v.user.created_at_us))}};
}

json TravellerJson(const store::Traveller& t) {
  return {{"id", t.id},
          {"unit_id", t.unit_id},
          {"surname", t.surname},
          {"given_names", t.given_names},
          {"nationality", t.nationality},
          {"birth_date", t.birth_date},
          {"sex", t.sex},
          {"document_type", t.document_type},
          {"document_number", t.document_number},
          {"issuing_state", t.issuing_state}};
}

json AuditJson(const store::AuditEvent& e) {
  return {{"id", e.id},
          {"time", core::FormatIso8601(core::FromMicros(e.time_us))},
          {"user_id", e.user_id ? json(*e.user_id) : json(nullptr)},
          {"username", e.username},
          {"unit_id", e.unit_id ? json(*e.unit_id) : json(nullptr)},
          {"action", e.action},
          {"object_type", e.object_type},
          {"object_id", e.object_id},
          {"purpose", e.purpose},
          {"source", e.source},
          {"result", e.result},
          {"hash", e.hash}};
}

json TokenJson(const store::ApiToken& t) {
  return {{"id", t.id},
          {"user_id", t.user_id},
          {"name", t.name},
          {"roles", t.roles},
          {"created_at", core::FormatIso8601(core::FromMicros(t.created_at_us))},
          {"expires_at", t.expires_at_us
                             ? json(core::FormatIso8601(core::FromMicros(*t.expires_at_us)))
                             : json(nullptr)},
          {"revoked", t.revoked}};
}

// The caller as /auth/me and login show them.
json MeJson(app::App& a, const app::Principal& who) {
  store::Unit unit = Take(a.admin().GetUnit(who, who.unit_id));
  return {{"id", who.user_id},         {"username", who.username},
          {"display_name", who.display_name}, {"unit_id", who.unit_id},
          {"unit_name", unit.name},    {"unit_name_en", unit.name_en},
          {"roles", who.roles},        {"disabled", false},
          {"locked", false}};
}

std::string CookieValue(const std::string& header, const std::string& name) {
  for (const auto& part : core::Split(header, ';')) {
    auto p = core::Trim(part);
    if (p.size() > name.size() && p.substr(0, name.size()) == name && p[name.size()] == '=') {
      return std::string(p.substr(name.size() + 1));
    }
  }
  return "";
}

bool IsStateChanging(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// Splits "/api/v1/users/{id}" or a request path into segments.
std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  for (auto& s : core::Split(path, '/')) {
    if (!s.empty()) out.push_back(s);
  }
  return out;
}


}  // namespace

struct Api::Route {
  RouteSpec spec;
  std::vector<std::string> segments;
  std::function<HttpResponse(Ctx&)> handler;
};

std::string ErrorBody(const std::string& code, const std::string& message,
                      const std::string& field) {
  json err = {{"code", code}, {"message", message}};
  if (!field.empty()) err["field"] = field;
  return Dump(json{{"error", err}});
}

Api::~Api() = default;

Api::Api(app::App& app, ApiOptions options) : app_(app), options_(options) {
  RouteAdder add = [this](std::string method, std::string path, std::vector<std::string> roles,
                    std::function<HttpResponse(Ctx&)> fn) {
    Route r;
    r.spec.method = std::move(method);
    r.spec.path = std::move(path);
    if (roles.size() == 1 && roles[0] == "public") {
      r.spec.is_public = true;
    } else if (roles.size() == 1 && roles[0] == "any") {
      r.spec.any_role = true;
    } else {
      r.spec.roles = std::move(roles);
    }
    r.segments = Segments(r.spec.path);
    r.handler = std::move(fn);
    routes_.push_back(std::move(r));
  };
  app::App& a = app_;

  // --- service ---
  add("GET", "/api/v1/health", {"public"}, [&a](Ctx&) {
    auto st = a.Health();
    if (!st.ok()) return Json(503, {{"status", "unavailable"}, {"message", st.error().message}});
    return Json(200, {{"status", "ok"},
                      {"version", GUOMEN_VERSION},
                      {"schema_version", a.store().SchemaVersion()}});
  });
  add("GET", "/api/v1/metrics", {"public"}, [this](Ctx&) {
    HttpResponse r;
    r.content_type = "text/plain; version=0.0.4";
    r.body = metrics_.Render();
    return r;
  });

  // --- authentication ---
  add("POST", "/api/v1/auth/login", {"public"}, [this, &a](Ctx& c) {
    std::string username = StrField(c, "username");
    std::string password = StrField(c, "password");
    if (username.size() > 200 || password.size() > 1024) {
      Throw(ErrorCode::kValidation, "username or password too long");
    }
    auto res = Take(a.auth().Login(username, password, c.Meta()));
    HttpResponse r = Json(200, {{"user", MeJson(a, res.principal)}, {"csrf_token", res.csrf_token}});
    std::string cookie = std::string(kSessionCookie) + "=" + res.session_token +
                         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200";
    if (options_.secure_cookies) cookie += "; Secure";
    r.headers.emplace_back("Set-Cookie", cookie);
    return r;
  });
  add("POST", "/api/v1/auth/logout", {"any"}, [this, &a](Ctx& c) {
    Take(a.auth().Logout(*c.who, c.Meta()));
    HttpResponse r;
    r.status = 204;
    std::string cookie =
        std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    if (options_.secure_cookies) cookie += "; Secure";
    r.headers.emplace_back("Set-Cookie", cookie);
    return r;
  });
  add("GET", "/api/v1/auth/me", {"any"}, [&a](Ctx& c) {
    json body = {{"user", MeJson(a, *c.who)}};
    body["csrf_token"] = c.session_token.empty() ? json(nullptr)
                                                 : json(a.auth().CsrfTokenFor(c.session_token));
    return Json(200, body);
  });

  // --- units ---
  add("GET", "/api/v1/units", {"any"}, [&a](Ctx& c) {
    json list = json::array();
    for (const auto& u : Take(a.admin().ListUnits(*c.who))) list.push_back(UnitJson(u));
    return Json(200, {{"units", list}});
  });
  add("GET", "/api/v1/units/{id}", {"any"}, [&a](Ctx& c) {
    return Json(200, {{"unit", UnitJson(Take(a.admin().GetUnit(*c.who, PathId(c))))}});
  });
  add("POST", "/api/v1/units", {"admin"}, [&a](Ctx& c) {
    store::Unit u;
    u.parent_id = IntField(c, "parent_id");
    u.code = StrField(c, "code");
    u.name = StrField(c, "name");
    u.name_en = StrField(c, "name_en");
    u.kind = StrField(c, "kind");
    return Json(201, {{"unit", UnitJson(Take(a.admin().CreateUnit(*c.who, c.Meta(), u)))}});
  });

  // --- users ---
  add("GET", "/api/v1/users", {"admin", "supervisor"}, [&a](Ctx& c) {
    json list = json::array();
    for (const auto& v : Take(a.admin().ListUsers(*c.who, c.Meta()))) list.push_back(UserJson(v));
    return Json(200, {{"users", list}});
  });
  add("POST", "/api/v1/users", {"admin"}, [&a](Ctx& c) {
    app::NewUserRequest req;
    req.username = StrField(c, "username");
    req.display_name = StrField(c, "display_name");
    req.password = StrField(c, "password");
    req.unit_id = IntField(c, "unit_id");
    req.roles = StrListField(c, "roles");
    return Json(201, {{"user", UserJson(Take(a.admin().CreateUser(*c.who, c.Meta(), req)))}});
  });
  add("GET", "/api/v1/users/{id}", {"admin", "supervisor"}, [&a](Ctx& c) {
    return Json(200, {{"user", UserJson(Take(a.admin().GetUser(*c.who, c.Meta(), PathId(c))))}});
  });
  auto change = [&a](app::UserAction action) {
    return [&a, action](Ctx& c) {
      return Json(200, {{"user", UserJson(Take(a.admin().ChangeUser(*c.who, c.Meta(), PathId(c),
                                                                     action)))}});
    };
  };
  add("POST", "/api/v1/users/{id}/disable", {"admin"}, change(app::UserAction::kDisable));
  add("POST", "/api/v1/users/{id}/enable", {"admin"}, change(app::UserAction::kEnable));
  add("POST", "/api/v1/users/{id}/unlock", {"admin"}, change(app::UserAction::kUnlock));
  add("POST", "/api/v1/users/{id}/password", {"admin"}, [&a](Ctx& c) {
    std::string pw = StrField(c, "password");
    return Json(200, {{"user", UserJson(Take(a.admin().SetPassword(*c.who, c.Meta(), PathId(c), pw)))}});
  });

  // --- API tokens ---
  add("GET", "/api/v1/users/{id}/api-tokens", {"admin"}, [&a](Ctx& c) {
    json list = json::array();
    for (const auto& t : Take(a.auth().ListApiTokens(*c.who, PathId(c)))) list.push_back(TokenJson(t));
    return Json(200, {{"api_tokens", list}});
  });
  add("POST", "/api/v1/users/{id}/api-tokens", {"admin"}, [&a](Ctx& c) {
    std::optional<int> days;
    if (auto d = OptIntField(c, "expires_in_days")) days = static_cast<int>(*d);
    auto t = Take(a.auth().CreateApiToken(*c.who, c.Meta(), PathId(c), StrField(c, "name"),
                                          StrListField(c, "roles"), days));
    return Json(201, {{"id", t.id}, {"token", t.token}});
  });
  add("POST", "/api/v1/api-tokens/{id}/revoke", {"admin"}, [&a](Ctx& c) {
    Take(a.auth().RevokeApiToken(*c.who, c.Meta(), PathId(c)));
    return Json(200, {{"revoked", true}});
  });

  // --- audit ---
  add("GET", "/api/v1/audit/events", {"auditor"}, [&a](Ctx& c) {
    store::AuditFilter f;
    f.username = QueryStr(c, "username");
    f.action = QueryStr(c, "action");
    f.object_type = QueryStr(c, "object_type");
    f.object_id = QueryStr(c, "object_id");
    f.result = QueryStr(c, "result");
    f.from_us = QueryTime(c, "from");
    f.to_us = QueryTime(c, "to");
    f.before_id = QueryInt(c, "before_id", 1, INT64_MAX);
    f.limit = static_cast<int>(QueryInt(c, "limit", 1, 500).value_or(50));

    auto events = Take(a.audit_service().List(*c.who, c.Meta(), f));
    json list = json::array();
    for (const auto& e : events) list.push_back(AuditJson(e));
    json next = events.size() == static_cast<size_t>(f.limit) ? json(events.back().id) : json(nullptr);
    return Json(200, {{"events", list}, {"next_before_id", next}});
  });
  add("GET", "/api/v1/audit/verify", {"auditor"}, [&a](Ctx& c) {
    auto report = Take(a.audit_service().Verify(*c.who, c.Meta()));
    return Json(200, {{"ok", report.ok},
                      {"events_checked", report.events_checked},
                      {"first_bad_id", report.first_bad_id ? json(*report.first_bad_id) : json(nullptr)},
                      {"message", report.message}});
  });
  add("GET", "/api/v1/audit/checkpoint", {"auditor"}, [&a](Ctx& c) {
    std::string cp = Take(a.audit_service().Checkpoint(*c.who, c.Meta()));
    return Json(200, {{"checkpoint", cp}});
  });

  // --- documents ---
  add("POST", "/api/v1/documents/mrz",
      {"officer", "secondary_officer", "analyst", "investigator", "supervisor"}, [&a](Ctx& c) {
        int days = 90;
        if (auto d = OptIntField(c, "expiring_within_days")) {
          if (*d < 0 || *d > 3650) Throw(ErrorCode::kValidation, "expiring_within_days must be 0 to 3650", "expiring_within_days");
          days = static_cast<int>(*d);
        }
        auto doc = Take(a.documents().ReadMrz(*c.who, c.Meta(), StrField(c, "mrz"), days));
        return Json(200, MrzToJson(doc));
      });

  // --- persons ---
  add("GET", "/api/v1/travellers", kPersonLookupRoles, [&a](Ctx& c) {
    json list = json::array();
    for (const auto& t : Take(a.travellers().Search(*c.who, c.Meta(), c.req.Query("q")))) {
      list.push_back(TravellerJson(t));
    }
    return Json(200, {{"travellers", list}});
  });
  add("GET", "/api/v1/travellers/{id}", kPersonLookupRoles, [&a](Ctx& c) {
    return Json(200, {{"traveller", TravellerJson(Take(a.travellers().Get(*c.who, c.Meta(), PathId(c))))}});
  });

  // --- route groups in their own files (api_*.cpp, declared in api_support.hpp) ---
  AddInspectionRoutes(add, a);
  AddRulesRoutes(add, a);
  AddScreeningRoutes(add, a);
  AddManifestRoutes(add, a);
  AddPartnerRoutes(add, a);
}

std::vector<RouteSpec> Api::Routes() const {
  std::vector<RouteSpec> out;
  for (const auto& r : routes_) out.push_back(r.spec);
  return out;
}

HttpResponse Api::Handle(const HttpRequest& req) {
  auto started = std::chrono::steady_clock::now();
  std::string route_label = "unmatched";
  HttpResponse resp;
  try {
    // Route matching: same segment count, literal segments equal.
    auto segs = Segments(req.path);
    const Route* match = nullptr;
    bool path_known = false;
    std::map<std::string, std::string> params;
    for (const auto& r : routes_) {
      if (r.segments.size() != segs.size()) continue;
      std::map<std::string, std::string> p;
      bool ok = true;
      for (size_t i = 0; i < segs.size() && ok; ++i) {
        const std::string& pat = r.segments[i];
        if (pat.size() > 2 && pat.front() == '{' && pat.back() == '}') {
          p[pat.substr(1, pat.size() - 2)] = segs[i];
        } else {
          ok = pat == segs[i];
        }
      }
      if (!ok) continue;
      path_known = true;
      if (r.spec.method == req.method || (req.method == "HEAD" && r.spec.method == "GET")) {
        match = &r;
        params = std::move(p);
        break;
      }
    }
    if (!match) {
      if (path_known) {
        resp = ErrorResponse(core::MakeError(ErrorCode::kInvalidArgument,
                                             "method " + req.method + " is not allowed on " + req.path,
                                             "", "method_not_allowed"));
        resp.status = 405;
      } else {
        resp = ErrorResponse(core::MakeError(ErrorCode::kNotFound, "no API route " + req.path, "",
                                             "no_route"));
      }
    } else {
      route_label = match->spec.path;
      Ctx c{req, std::move(params), std::nullopt, "", json()};
      bool session_auth = false;
      if (!match->spec.is_public) {
        std::string authz = req.Header("authorization");
        if (core::StartsWith(authz, "Bearer ")) {
          c.who = Take(app_.auth().AuthenticateApiToken(authz.substr(7)));
        } else {
          c.session_token = CookieValue(req.Header("cookie"), kSessionCookie);
          c.who = Take(app_.auth().AuthenticateSession(c.session_token));
          session_auth = true;
        }
        if (session_auth && IsStateChanging(req.method) &&
            !app_.auth().CheckCsrf(*c.who, req.Header("x-csrf-token"))) {
          throw RequestError{core::MakeError(ErrorCode::kPermissionDenied,
                                             "missing or wrong CSRF token (X-CSRF-Token header)", "",
                                             "csrf_failed")};
        }
        if (!match->spec.any_role) {
          bool allowed = false;
          for (const auto& role : match->spec.roles) allowed = allowed || c.who->HasRole(role);
          if (!allowed) {
            // Denied attempts are in the trail too.
            (void)app_.audit_service().RecordDenied(*c.who, c.Meta(),
                                                    req.method + " " + match->spec.path);
            throw RequestError{core::MakeError(ErrorCode::kPermissionDenied,
                                               "your roles do not allow " + req.method + " " +
                                                   match->spec.path,
                                               "", "forbidden")};
          }
        }
      }
      if (IsStateChanging(req.method)) {
        const std::string& rp = match->spec.path;
        const std::string kImport = "/import";
        bool is_import = rp.size() > kImport.size() &&
                         rp.compare(rp.size() - kImport.size(), kImport.size(), kImport) == 0;
        // Carriers send passenger lists as EDIFACT text or CSV: the one route
        // whose handler reads a body that is not JSON.
        const bool raw_body_route = match->spec.method == "POST" && rp == "/api/v1/manifests";
        size_t limit = is_import || raw_body_route ? options_.max_import_bytes : options_.max_body_bytes;
        if (req.body.size() > limit) {
          Throw(ErrorCode::kTooLarge,
                "the request body is over " + std::to_string(limit) + " bytes");
        }
        std::string ct = core::AsciiLower(req.Header("content-type"));
        if (!req.body.empty() && !(raw_body_route && !core::StartsWith(ct, "application/json"))) {
          if (!core::StartsWith(ct, "application/json")) {
            Throw(ErrorCode::kInvalidArgument, "the body must be JSON (Content-Type: application/json)");
          }
          try {
            c.body = json::parse(req.body);
          } catch (const json::parse_error& e) {
            Throw(ErrorCode::kInvalidArgument,
                  "malformed JSON at byte " + std::to_string(e.byte) + ": " + e.what());
          }
          if (!c.body.is_object()) Throw(ErrorCode::kInvalidArgument, "the body must be a JSON object");
        }
      }
      resp = match->handler(c);
    }
  } catch (const RequestError& e) {
    resp = ErrorResponse(e.error);
    // The server's own failures (a store that does not answer, a commit not
    // put on disk) go to the log too: their messages name the system, not a
    // person.
    if (resp.status >= 500) {
      spdlog::warn("[http] {} {} answered {} {}: {}", req.method, route_label, resp.status,
                   e.error.Reason(), e.error.message);
    }
  } catch (const json::exception& e) {
    resp = ErrorResponse(core::MakeError(ErrorCode::kInvalidArgument, std::string("bad JSON value: ") + e.what()));
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics_.Record(req.method, route_label, resp.status, seconds);
  return resp;
}

}  // namespace guomen::http

// Walks the whole route table x every role x the object's unit being the
// caller's own, a child, a sibling or the parent, and checks allow/deny.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "api_test_util.hpp"
#include "app/roles.hpp"

namespace guomen::http {
namespace {

using nlohmann::json;

enum class Rel { kOwn, kChild, kSibling, kParent };
const char* RelName(Rel r) {
  switch (r) {
    case Rel::kOwn: return "own";
    case Rel::kChild: return "child";
    case Rel::kSibling: return "sibling";
    case Rel::kParent: return "parent";
  }
  return "?";
}

// The caller sits at YN-DH; objects live in these units.
const std::map<Rel, std::string> kObjectUnit = {{Rel::kOwn, "YN-DH"},
                                                {Rel::kChild, "YN-DH-RL"},
                                                {Rel::kSibling, "YN-XSBN"},
                                                {Rel::kParent, "YN"}};

struct Fixture {
  std::unique_ptr<testing::TestApp> env;
  std::unique_ptr<Api> api;
  std::map<Rel, int64_t> unit, user, traveller;
  std::map<Rel, int64_t> screening_result;  // a re-screening hit on the traveller in each unit
  int64_t watchlist = 0;
  std::map<std::string, Session> sessions;  // by role
  int counter = 0;

  int64_t UnitId(const std::string& code) {
    return (*env->app->admin().FindUnitByCodeAsSystem(code))->id;
  }
};

Fixture* fx = nullptr;

class ApiAuthzTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fx = new Fixture();
    fx->env = testing::MakeTestApp(true);
    fx->api = std::make_unique<Api>(*fx->env->app, ApiOptions{});
    app::App& a = *fx->env->app;
    for (const auto& [rel, code] : kObjectUnit) {
      int64_t uid = fx->UnitId(code);
      fx->unit[rel] = uid;
      app::NewUserRequest req{std::string("target-") + RelName(rel), "Target",
                              "target-password-2026", uid, {"officer"}};
      fx->user[rel] = a.admin().CreateUserAsSystem(req)->user.id;
      store::Traveller t;
      t.unit_id = uid;
      t.surname = "TESTPERSON";
      t.given_names = RelName(rel);
      t.nationality = "LAO";
      t.birth_date = "1990-01-01";
      t.sex = "F";
      t.document_type = "P";
      t.document_number = std::string("P") + std::to_string(uid);
      t.issuing_state = "LAO";
      EXPECT_TRUE(a.store().Transact([&](store::Tx& tx) -> core::Status {
        GUOMEN_ASSIGN_OR_RETURN(fx->traveller[rel], a.travellers().Record(tx, t));
        return core::Status::Ok();
      }).ok());
    }
    for (const auto& role : app::AllRoles()) {
      app::NewUserRequest req{"caller-" + role, "Caller", "caller-password-2026",
                              fx->UnitId("YN-DH"), {role}};
      EXPECT_TRUE(a.admin().CreateUserAsSystem(req).ok());
      fx->sessions[role] = Open(a, "caller-" + role, "caller-password-2026");
    }
    // A list naming the four TESTPERSONs: importing it re-screens them.
    auto list = a.screening().CreateListAsSystem(
        {"authz-list", "Authz list", "Test", "entry_ban", "deny_entry", 0.85});
    EXPECT_TRUE(list.ok());
    fx->watchlist = list->id;
    std::string csv =
        "id,name,given,family,birth_dates,nationalities,gender,documents\n";
    for (const auto& [rel, uid] : fx->unit) {
      std::string n = RelName(rel);
      csv += "A-" + n + ",TESTPERSON " + n + "," + n + ",TESTPERSON,1990-01-01,LAO,F,passport:P" +
             std::to_string(uid) + ":LAO\n";
    }
    app::ImportRequest req;
    req.format = "csv";
    req.content = csv;
    auto imported = a.screening().ImportAsSystem(fx->watchlist, req, "test");
    EXPECT_TRUE(imported.ok()) << imported.error().message;
    EXPECT_TRUE(a.store().Transact([&](store::Tx& tx) -> core::Status {
      store::ScreeningResultFilter f;
      f.list_id = fx->watchlist;
      f.limit = 500;
      std::vector<int64_t> scope;
      for (const auto& [rel, uid] : fx->unit) scope.push_back(uid);
      GUOMEN_ASSIGN_OR_RETURN(auto results, tx.ListScreeningResults(f, scope));
      for (const auto& r : results) {
        for (const auto& [rel, tid] : fx->traveller) {
          if (r.traveller_id == tid) fx->screening_result[rel] = r.id;
        }
      }
      return core::Status::Ok();
    }).ok());
    EXPECT_EQ(fx->screening_result.size(), 4u);
  }
  static void TearDownTestSuite() {
    delete fx;
    fx = nullptr;
  }
};

// How to call each route for an object in `rel`: path and body.
struct Call {
  std::string path;
  std::string body;
};
using CaseFn = std::function<Call(Rel)>;

std::map<std::string, CaseFn> Cases() {
  auto id = [](std::map<Rel, int64_t>& m) {
    return [&m](Rel r) { return std::to_string(m.at(r)); };
  };
  auto unit = id(fx->unit);
  auto user = id(fx->user);
  auto trav = id(fx->traveller);
  std::map<std::string, CaseFn> c;
  c["GET /api/v1/health"] = [](Rel) { return Call{"/api/v1/health", ""}; };
  c["GET /api/v1/metrics"] = [](Rel) { return Call{"/api/v1/metrics", ""}; };
  c["POST /api/v1/auth/login"] = [](Rel) {
    return Call{"/api/v1/auth/login",
                R"({"username":"target-own","password":"target-password-2026"})"};
  };
  c["POST /api/v1/auth/logout"] = [](Rel) { return Call{"/api/v1/auth/logout", ""}; };
  c["GET /api/v1/auth/me"] = [](Rel) { return Call{"/api/v1/auth/me", ""}; };
  c["GET /api/v1/units"] = [](Rel) { return Call{"/api/v1/units", ""}; };
  c["GET /api/v1/units/{id}"] = [unit](Rel r) { return Call{"/api/v1/units/" + unit(r), ""}; };
  c["POST /api/v1/units"] = [unit](Rel r) {
    return Call{"/api/v1/units", json{{"parent_id", fx->unit.at(r)},
                                      {"code", "AUTHZ-" + std::to_string(++fx->counter)},
                                      {"name", "测试"},
                                      {"name_en", "Test"},
                                      {"kind", "station"}}
                                     .dump()};
  };
  c["GET /api/v1/users"] = [](Rel) { return Call{"/api/v1/users", ""}; };
  c["POST /api/v1/users"] = [](Rel r) {
    return Call{"/api/v1/users", json{{"username", "authz" + std::to_string(++fx->counter)},
                                      {"display_name", "Authz"},
                                      {"password", "authz-password-2026"},
                                      {"unit_id", fx->unit.at(r)},
                                      {"roles", {"officer"}}}
                                     .dump()};
  };
  c["GET /api/v1/users/{id}"] = [user](Rel r) { return Call{"/api/v1/users/" + user(r), ""}; };
  for (const char* action : {"disable", "enable", "unlock"}) {
    c[std::string("POST /api/v1/users/{id}/") + action] = [user, action](Rel r) {
      return Call{"/api/v1/users/" + user(r) + "/" + action, ""};
    };
  }
  c["POST /api/v1/users/{id}/password"] = [user](Rel r) {
    return Call{"/api/v1/users/" + user(r) + "/password", R"({"password":"rotated-password-2026"})"};
  };
  c["GET /api/v1/users/{id}/api-tokens"] = [user](Rel r) {
    return Call{"/api/v1/users/" + user(r) + "/api-tokens", ""};
  };
  c["POST /api/v1/users/{id}/api-tokens"] = [user](Rel r) {
    return Call{"/api/v1/users/" + user(r) + "/api-tokens",
                R"({"name":"partner","roles":["officer"],"expires_in_days":30})"};
  };
  c["POST /api/v1/api-tokens/{id}/revoke"] = [](Rel r) {
    // A fresh token of the target user, made as the ministry admin.
    auto& a = *fx->env->app;
    auto admin = testing::LoginAs(a, "admin");
    auto t = a.auth().CreateApiToken(admin, {"x", ""}, fx->user.at(r), "t", {"officer"}, 1);
    return Call{"/api/v1/api-tokens/" + std::to_string(t->id) + "/revoke", ""};
  };
  c["GET /api/v1/audit/events"] = [](Rel) { return Call{"/api/v1/audit/events?limit=5", ""}; };
  c["GET /api/v1/audit/verify"] = [](Rel) { return Call{"/api/v1/audit/verify", ""}; };
  c["GET /api/v1/audit/checkpoint"] = [](Rel) { return Call{"/api/v1/audit/checkpoint", ""}; };
  c["POST /api/v1/documents/mrz"] = [](Rel) {
    return Call{"/api/v1/documents/mrz",
                json{{"mrz",
                      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                      "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}}
                    .dump()};
  };
  c["GET /api/v1/travellers"] = [](Rel) {
    return Call{"/api/v1/travellers?q=TESTPERSON&purpose=authz%20test", ""};
  };
  c["GET /api/v1/travellers/{id}"] = [trav](Rel r) {
    return Call{"/api/v1/travellers/" + trav(r) + "?purpose=authz%20test", ""};
  };
  std::string wl = "/api/v1/watchlists/" + std::to_string(fx->watchlist);
  c["POST /api/v1/screen"] = [](Rel) {
    return Call{"/api/v1/screen?purpose=authz%20test", R"({"name":"TESTPERSON own"})"};
  };
  c["GET /api/v1/watchlists"] = [](Rel) { return Call{"/api/v1/watchlists", ""}; };
  c["POST /api/v1/watchlists"] = [](Rel) {
    return Call{"/api/v1/watchlists", json{{"code", "authz-" + std::to_string(++fx->counter)},
                                           {"name", "Authz"},
                                           {"authority", "Test"},
                                           {"kind", "custom"},
                                           {"action", "notify"}}
                                          .dump()};
  };
  c["GET /api/v1/watchlists/{id}"] = [wl](Rel) { return Call{wl, ""}; };
  c["PATCH /api/v1/watchlists/{id}"] = [wl](Rel) { return Call{wl, R"({"threshold":0.85})"}; };
  c["POST /api/v1/watchlists/{id}/import"] = [wl](Rel) {
    // The same content each time: the first call makes a version, the others are unchanged.
    return Call{wl + "/import",
                json{{"format", "csv"},
                     {"content", "id,name,birth_dates\nZ-1,AUTHZ EXTRA PERSON,1950\n"}}
                    .dump()};
  };
  c["GET /api/v1/watchlists/{id}/versions"] = [wl](Rel) { return Call{wl + "/versions", ""}; };
  c["GET /api/v1/watchlists/{id}/versions/{version}/diff"] = [wl](Rel) {
    return Call{wl + "/versions/1/diff", ""};
  };
  c["GET /api/v1/watchlists/{id}/entries"] = [wl](Rel) {
    return Call{wl + "/entries?q=TESTPERSON", ""};
  };
  c["GET /api/v1/screening-results"] = [](Rel) {
    return Call{"/api/v1/screening-results?limit=5", ""};
  };
  c["POST /api/v1/screening-results/{id}/review"] = [](Rel r) {
    return Call{"/api/v1/screening-results/" + std::to_string(fx->screening_result.at(r)) +
                    "/review",
                ""};
  };
  return c;
}

// Watchlists belong to no unit: every analyst and admin manages the same lists.
bool ObjectScoped(const std::string& key) {
  if (key.find("/api/v1/watchlists/") != std::string::npos) return false;
  return key.find("{id}") != std::string::npos || key == "POST /api/v1/units" ||
         key == "POST /api/v1/users";
}

TEST_F(ApiAuthzTest, EveryRouteDeclaresWhoMayCallIt) {
  for (const auto& r : fx->api->Routes()) {
    EXPECT_TRUE(r.is_public || r.any_role || !r.roles.empty()) << r.method << " " << r.path;
    for (const auto& role : r.roles) EXPECT_TRUE(app::IsRole(role)) << role << " on " << r.path;
  }
}

TEST_F(ApiAuthzTest, RouteTableTimesRolesTimesUnitRelations) {
  auto cases = Cases();
  std::set<std::string> seen;
  int checked = 0;
  for (const auto& route : fx->api->Routes()) {
    std::string key = route.method + " " + route.path;
    seen.insert(key);
    auto it = cases.find(key);
    ASSERT_NE(it, cases.end()) << "no authorization case for the new route " << key
                               << ": add one here";
    for (const auto& role : app::AllRoles()) {
      bool role_ok = route.is_public || route.any_role ||
                     std::find(route.roles.begin(), route.roles.end(), role) != route.roles.end();
      for (Rel rel : {Rel::kOwn, Rel::kChild, Rel::kSibling, Rel::kParent}) {
        Call call = it->second(rel);
        Session& s = fx->sessions[role];
        HttpResponse resp =
            fx->api->Handle(Request(route.method, call.path, route.is_public ? nullptr : &s, call.body));
        std::string where = key + " as " + role + " on a " + RelName(rel) + " object: status " +
                            std::to_string(resp.status) + " " + resp.body;
        ++checked;
        if (!role_ok) {
          EXPECT_EQ(resp.status, 403) << where;
        } else if (ObjectScoped(key) && (rel == Rel::kSibling || rel == Rel::kParent)) {
          EXPECT_EQ(resp.status, 404) << where;
        } else {
          EXPECT_LT(resp.status, 300) << where;
        }
        if (key == "POST /api/v1/auth/logout" && resp.status < 300) {
          s = Open(*fx->env->app, "caller-" + role, "caller-password-2026");
        }
        if (key == "POST /api/v1/users/{id}/disable" && resp.status < 300) {
          // Re-enable so later cases see an active target.
          (void)fx->api->Handle(Request("POST", "/api/v1/users/" +
                                                    std::to_string(fx->user.at(rel)) + "/enable",
                                        &s));
        }
      }
    }
  }
  for (const auto& [key, fn] : cases) {
    EXPECT_TRUE(seen.count(key)) << "an authorization case for a route that does not exist: " << key;
  }
  EXPECT_GT(checked, 500);
}

TEST_F(ApiAuthzTest, UnauthenticatedCallsToProtectedRoutesAre401) {
  for (const auto& route : fx->api->Routes()) {
    if (route.is_public) continue;
    std::string path = route.path;
    auto pos = path.find("{id}");
    if (pos != std::string::npos) path.replace(pos, 4, "1");
    auto resp = fx->api->Handle(Request(route.method, path));
    EXPECT_EQ(resp.status, 401) << route.method << " " << route.path;
  }
}

TEST_F(ApiAuthzTest, DeniedAttemptsAreAudited) {
  auto resp = fx->api->Handle(Request("GET", "/api/v1/audit/events", &fx->sessions["officer"]));
  EXPECT_EQ(resp.status, 403);
  auto auditor = Open(*fx->env->app, "auditor");
  auto events = fx->api->Handle(
      Request("GET", "/api/v1/audit/events?result=denied&username=caller-officer", &auditor));
  ASSERT_EQ(events.status, 200);
  EXPECT_FALSE(BodyOf(events)["events"].empty());
}

}  // namespace
}  // namespace guomen::http

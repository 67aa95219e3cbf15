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

// --- port inspection: fresh objects in the unit of each relation ---
int64_t CallerId(const std::string& role) {
  std::optional<store::User> u;
  auto st = fx->env->app->store().Transact([&](store::Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(u, tx.FindUserByName("caller-" + role));
    return core::Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.error().message;
  return u ? u->id : 0;
}

template <typename F>
int64_t InStore(F f) {
  int64_t id = 0;
  auto st = fx->env->app->store().Transact([&](store::Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(id, f(tx));
    return core::Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.error().message;
  return id;
}

int64_t NewDeskSession(Rel r) {
  const int64_t officer = CallerId("officer");
  return InStore([&](store::Tx& tx) {
    store::DeskSession s{0, officer, fx->unit.at(r), "T1", "entry", "land", 1, std::nullopt};
    return tx.InsertDeskSession(s);
  });
}

int64_t NewInspection(Rel r, const std::string& state = "open") {
  int64_t session = NewDeskSession(r);
  const int64_t officer = CallerId("officer");
  return InStore([&](store::Tx& tx) {
    store::Inspection i;
    i.session_id = session;
    i.unit_id = fx->unit.at(r);
    i.officer_id = officer;
    i.traveller_id = fx->traveller.at(r);
    i.direction = "entry";
    i.conveyance = "land";
    i.desk = "T1";
    i.document_type = "P";
    i.document_number = "P" + std::to_string(i.traveller_id);
    i.issuing_state = "LAO";
    i.nationality = "LAO";
    i.document_json = "{}";
    i.risk_level = "green";
    i.risk_json = R"({"level":"green","reasons":[],"questions":[]})";
    i.facts_json = "{}";
    i.state = state;
    i.started_at_us = 1;
    return tx.InsertInspection(i);
  });
}

int64_t NewHit(int64_t inspection) {
  return InStore([&](store::Tx& tx) {
    store::InspectionHit h;
    h.inspection_id = inspection;
    h.list_id = 1;
    h.list_code = "authz";
    h.list_name = "authz";
    h.list_kind = "wanted";
    h.action = "arrest";
    h.entry_id = "E1";
    h.entry_hash = "h";
    h.matched_name = "X";
    h.score = 0.9;
    h.explanation_json = "[]";
    return tx.InsertInspectionHit(h);
  });
}

int64_t NewSecondaryCase(Rel r, bool taken) {
  int64_t inspection = NewInspection(r, "referred");
  const int64_t officer = CallerId("officer");
  const int64_t secondary = CallerId("secondary_officer");
  return InStore([&](store::Tx& tx) {
    store::SecondaryCase c;
    c.inspection_id = inspection;
    c.unit_id = fx->unit.at(r);
    c.referred_at_us = 1;
    c.referred_by = officer;
    c.reasons_json = "[]";
    if (taken) {
      c.state = "in_progress";
      c.officer_id = secondary;
      c.taken_at_us = 2;
    }
    return tx.InsertSecondaryCase(c);
  });
}

void AddInspectionCases(std::map<std::string, CaseFn>& c) {
  c["POST /api/v1/desk/sessions"] = [](Rel r) {
    const std::map<Rel, std::string> port = {{Rel::kOwn, "YN-DH-WD-PORT"},
                                             {Rel::kChild, "YN-DH-RL-PORT"},
                                             {Rel::kSibling, "YN-XSBN-MH-PORT"},
                                             {Rel::kParent, "YN"}};
    return Call{"/api/v1/desk/sessions", json{{"port_unit_id", fx->UnitId(port.at(r))},
                                              {"desk", "A1"},
                                              {"direction", "entry"},
                                              {"conveyance", "land"}}
                                             .dump()};
  };
  c["POST /api/v1/desk/sessions/{id}/close"] = [](Rel r) {
    return Call{"/api/v1/desk/sessions/" + std::to_string(NewDeskSession(r)) + "/close", ""};
  };
  c["POST /api/v1/inspections"] = [](Rel r) {
    return Call{"/api/v1/inspections",
                json{{"session_id", NewDeskSession(r)},
                     {"mrz",
                      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                      "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}}
                    .dump()};
  };
  c["GET /api/v1/inspections/{id}"] = [](Rel r) {
    return Call{"/api/v1/inspections/" + std::to_string(NewInspection(r)), ""};
  };
  c["POST /api/v1/inspections/{id}/hits/{hit_id}/adjudicate"] = [](Rel r) {
    int64_t i = NewInspection(r);
    return Call{"/api/v1/inspections/" + std::to_string(i) + "/hits/" + std::to_string(NewHit(i)) +
                    "/adjudicate",
                R"({"same_person":false,"reason":"authz test"})"};
  };
  c["POST /api/v1/inspections/{id}/decision"] = [](Rel r) {
    return Call{"/api/v1/inspections/" + std::to_string(NewInspection(r)) + "/decision",
                R"({"decision":"admit"})"};
  };
  c["GET /api/v1/secondary"] = [](Rel) { return Call{"/api/v1/secondary", ""}; };
  c["POST /api/v1/secondary/{id}/take"] = [](Rel r) {
    return Call{"/api/v1/secondary/" + std::to_string(NewSecondaryCase(r, false)) + "/take", ""};
  };
  c["POST /api/v1/secondary/{id}/complete"] = [](Rel r) {
    return Call{"/api/v1/secondary/" + std::to_string(NewSecondaryCase(r, true)) + "/complete",
                R"({"notes":"authz test notes","outcome":"admit"})"};
  };
  c["GET /api/v1/travellers/{id}/history"] = [](Rel r) {
    return Call{"/api/v1/travellers/" + std::to_string(fx->traveller.at(r)) +
                    "/history?purpose=authz%20test",
                ""};
  };
  c["GET /api/v1/overstays"] = [](Rel) { return Call{"/api/v1/overstays", ""}; };
  c["GET /api/v1/ports/{id}/overview"] = [](Rel r) {
    return Call{"/api/v1/ports/" + std::to_string(fx->unit.at(r)) + "/overview", ""};
  };
  c["GET /api/v1/refusal-reasons"] = [](Rel) { return Call{"/api/v1/refusal-reasons", ""}; };
  c["POST /api/v1/refusal-reasons"] = [](Rel) {
    return Call{"/api/v1/refusal-reasons", json{{"code", "T" + std::to_string(++fx->counter)},
                                                {"text_zh", "测试"},
                                                {"text_en", "test"}}
                                               .dump()};
  };
  c["GET /api/v1/checklist"] = [](Rel) { return Call{"/api/v1/checklist", ""}; };
  c["POST /api/v1/checklist"] = [](Rel r) {
    return Call{"/api/v1/checklist", json{{"unit_id", fx->unit.at(r)},
                                          {"key", "authz_" + std::to_string(++fx->counter)},
                                          {"direction", "both"},
                                          {"text_zh", "测试"},
                                          {"text_en", "test"}}
                                         .dump()};
  };
  c["POST /api/v1/checklist/{id}/active"] = [](Rel r) {
    int64_t id = InStore([&](store::Tx& tx) {
      store::ChecklistItem i{0, fx->unit.at(r), "authz_item", "both", "测试", "test", true};
      return tx.InsertChecklistItem(i);
    });
    return Call{"/api/v1/checklist/" + std::to_string(id) + "/active", R"({"active":false})"};
  };
  c["GET /api/v1/stay-rules"] = [](Rel) { return Call{"/api/v1/stay-rules", ""}; };
  c["POST /api/v1/stay-rules"] = [](Rel) {
    return Call{"/api/v1/stay-rules", R"({"nationality":"THA","conveyance":"air","days":30})"};
  };
  c["GET /api/v1/alerts"] = [](Rel) { return Call{"/api/v1/alerts", ""}; };
  c["POST /api/v1/alerts/{id}/acknowledge"] = [](Rel r) {
    int64_t id = InStore([&](store::Tx& tx) {
      store::Alert al;
      al.unit_id = fx->unit.at(r);
      al.time_us = 1;
      al.kind = "hand_over";
      al.severity = "critical";
      al.summary_en = "authz";
      al.summary_zh = "authz";
      return tx.InsertAlert(al);
    });
    return Call{"/api/v1/alerts/" + std::to_string(id) + "/acknowledge", ""};
  };
}

// --- partner agencies: configuration belongs to no unit; a notification to its port ---
int64_t PartnerAgencyId() {
  static int64_t id = 0;
  if (id) return id;
  auto& a = *fx->env->app;
  auto admin = testing::LoginAs(a, "admin");
  // The agency whose system account is the caller with the role partner.
  auto v = a.partners().CreateAgency(admin, {"x", ""},
                                     {"authz-customs", "海关", "Customs", "customs",
                                      CallerId("partner"), true});
  EXPECT_TRUE(v.ok()) << v.error().message;
  id = v->agency.id;
  return id;
}

int64_t PartnerEndpointId() {
  static int64_t id = 0;
  if (id) return id;
  auto& a = *fx->env->app;
  auto admin = testing::LoginAs(a, "admin");
  auto e = a.partners().AddEndpoint(admin, {"x", ""}, PartnerAgencyId(),
                                    {"http://127.0.0.1:9/hook", "", true});
  EXPECT_TRUE(e.ok()) << e.error().message;
  id = e->endpoint.id;
  return id;
}

void AddPartnerCases(std::map<std::string, CaseFn>& c) {
  c["GET /api/v1/partner-agencies"] = [](Rel) { return Call{"/api/v1/partner-agencies", ""}; };
  c["POST /api/v1/partner-agencies"] = [](Rel) {
    return Call{"/api/v1/partner-agencies",
                json{{"code", "authz-" + std::to_string(++fx->counter)},
                     {"name", "卫生"},
                     {"name_en", "Health"},
                     {"kind", "health"}}
                    .dump()};
  };
  c["GET /api/v1/partner-agencies/{id}"] = [](Rel) {
    return Call{"/api/v1/partner-agencies/" + std::to_string(PartnerAgencyId()), ""};
  };
  c["PUT /api/v1/partner-agencies/{id}"] = [](Rel) {
    return Call{"/api/v1/partner-agencies/" + std::to_string(PartnerAgencyId()),
                json{{"name", "海关"},
                     {"name_en", "Customs"},
                     {"kind", "customs"},
                     {"system_user_id", CallerId("partner")}}
                    .dump()};
  };
  c["POST /api/v1/partner-agencies/{id}/endpoints"] = [](Rel) {
    return Call{"/api/v1/partner-agencies/" + std::to_string(PartnerAgencyId()) + "/endpoints",
                R"({"url":"https://customs.example/hook"})"};
  };
  c["POST /api/v1/partner-agencies/{id}/ping"] = [](Rel) {
    PartnerEndpointId();
    return Call{"/api/v1/partner-agencies/" + std::to_string(PartnerAgencyId()) + "/ping", ""};
  };
  c["PUT /api/v1/partner-endpoints/{id}"] = [](Rel) {
    return Call{"/api/v1/partner-endpoints/" + std::to_string(PartnerEndpointId()),
                R"({"url":"http://127.0.0.1:9/hook","active":true})"};
  };
  c["POST /api/v1/partner-agencies/{id}/subscriptions"] = [](Rel) {
    return Call{"/api/v1/partner-agencies/" + std::to_string(PartnerAgencyId()) + "/subscriptions",
                json{{"kind", "authz" + std::to_string(++fx->counter)}}.dump()};
  };
  c["DELETE /api/v1/partner-subscriptions/{id}"] = [](Rel) {
    auto& a = *fx->env->app;
    auto admin = testing::LoginAs(a, "admin");
    auto s = a.partners().Subscribe(admin, {"x", ""}, PartnerAgencyId(),
                                    "del" + std::to_string(++fx->counter), std::nullopt);
    EXPECT_TRUE(s.ok());
    return Call{"/api/v1/partner-subscriptions/" + std::to_string(s->id), ""};
  };
  c["GET /api/v1/partner-notifications"] = [](Rel) {
    return Call{"/api/v1/partner-notifications?state=dead", ""};
  };
  c["POST /api/v1/partner-notifications/{id}/requeue"] = [](Rel r) {
    // A dead letter for a port of the unit in `r`.
    int64_t id = InStore([&](store::Tx& tx) {
      store::PartnerNotification n;
      n.created_at_us = 1;
      n.agency_id = PartnerAgencyId();
      n.endpoint_id = PartnerEndpointId();
      n.kind = "customs";
      n.port_unit_id = fx->unit.at(r);
      n.subject_ref = "authz";
      n.payload_json = "{}";
      n.idempotency_key = "authz-" + std::to_string(++fx->counter);
      n.state = "dead";
      n.attempts = 40;
      n.next_attempt_at_us = 1;
      return tx.InsertPartnerNotification(n);
    });
    return Call{"/api/v1/partner-notifications/" + std::to_string(id) + "/requeue", ""};
  };
  c["GET /api/v1/partner-deliveries"] = [](Rel) { return Call{"/api/v1/partner-deliveries", ""}; };
  c["GET /api/v1/partner/notifications"] = [](Rel) {
    PartnerAgencyId();
    return Call{"/api/v1/partner/notifications?after=0", ""};
  };
  c["POST /api/v1/partner/notifications/ack"] = [](Rel) {
    PartnerAgencyId();
    return Call{"/api/v1/partner/notifications/ack", R"({"ids":[1]})"};
  };
}

// A fresh rule owned by the unit in `rel`, written by an analyst there, in
// `state` (draft, pending_approval or active; approved by the demo supervisor).
int64_t MakeRule(Rel rel, const std::string& state) {
  auto& a = *fx->env->app;
  static std::map<Rel, app::Principal> authors;
  if (!authors.count(rel)) {
    std::string name = std::string("rules-author-") + RelName(rel);
    app::NewUserRequest req{name, "Rules Author", "caller-password-2026", fx->unit.at(rel), {"analyst"}};
    EXPECT_TRUE(a.admin().CreateUserAsSystem(req).ok());
    authors[rel] = testing::LoginAs(a, name, "caller-password-2026");
  }
  app::RuleDraft d;
  d.code = "AUTHZ-R" + std::to_string(++fx->counter);
  d.name = "authz";
  d.expression = "history.refusals > 100";
  d.level = "low";
  auto r = a.rules().Create(authors[rel], {"x", ""}, d);
  EXPECT_TRUE(r.ok()) << r.error().message;
  if (state != "draft") {
    EXPECT_TRUE(a.rules().Submit(authors[rel], {"x", ""}, r->rule.id).ok());
  }
  if (state == "active") {
    auto sup = testing::LoginAs(a, "supervisor");
    EXPECT_TRUE(a.rules().Approve(sup, {"x", ""}, r->rule.id).ok());
  }
  return r->rule.id;
}

// --- advance information: a manifest with one person in the unit of each relation ---
int64_t NewManifest(Rel r) {
  return InStore([&](store::Tx& tx) -> core::Result<int64_t> {
    store::Manifest m;
    m.unit_id = fx->unit.at(r);
    m.carrier = "MU";
    m.transport_id = "MU" + std::to_string(++fx->counter);
    m.list_type = "passenger";
    m.scheduled_arrival_us = 1;
    m.format = "json";
    m.verdict = "valid";
    m.issues_json = "[]";
    m.content_hash = "h";
    m.received_at_us = 1;
    m.updated_at_us = 1;
    m.source = "api";
    return tx.InsertManifest(m);
  });
}

int64_t NewManifestPerson(Rel r, int64_t manifest) {
  return InStore([&](store::Tx& tx) {
    store::ManifestPerson p;
    p.manifest_id = manifest;
    p.unit_id = fx->unit.at(r);
    p.seq = 1;
    p.role = "passenger";
    p.role_code = "FL";
    p.surname = "TESTPERSON";
    p.documents_json = "[]";
    return tx.InsertManifestPerson(p);
  });
}

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
  AddInspectionCases(c);
  AddPartnerCases(c);
  c["GET /api/v1/travellers"] = [](Rel) {
    return Call{"/api/v1/travellers?q=TESTPERSON&purpose=authz%20test", ""};
  };
  c["GET /api/v1/travellers/{id}"] = [trav](Rel r) {
    return Call{"/api/v1/travellers/" + trav(r) + "?purpose=authz%20test", ""};
  };
  c["GET /api/v1/rules"] = [](Rel) { return Call{"/api/v1/rules", ""}; };
  c["POST /api/v1/rules"] = [](Rel) {
    return Call{"/api/v1/rules", json{{"code", "AUTHZ-N" + std::to_string(++fx->counter)},
                                      {"name", "authz"},
                                      {"expression", "history.overstays > 100"},
                                      {"level", "low"}}
                                     .dump()};
  };
  auto rule = [](const std::string& state, const std::string& suffix, const std::string& body) {
    return [state, suffix, body](Rel r) {
      return Call{"/api/v1/rules/" + std::to_string(MakeRule(r, state)) + suffix, body};
    };
  };
  c["GET /api/v1/rules/{id}"] = rule("draft", "", "");
  c["PUT /api/v1/rules/{id}"] =
      rule("draft", "", R"({"name":"authz v2","expression":"history.refusals > 99","level":"low"})");
  c["POST /api/v1/rules/{id}/submit"] = rule("draft", "/submit", "");
  c["POST /api/v1/rules/{id}/approve"] = rule("pending_approval", "/approve", "");
  c["POST /api/v1/rules/{id}/reject"] = rule("pending_approval", "/reject", R"({"reason":"authz test"})");
  c["POST /api/v1/rules/{id}/retire"] = rule("active", "/retire", "");
  c["POST /api/v1/rules/{id}/backtest"] = rule("draft", "/backtest", R"({"days":7})");
  c["POST /api/v1/rules/check"] = [](Rel) {
    return Call{"/api/v1/rules/check", R"({"expression":"history.refusals > "})"};
  };
  c["POST /api/v1/rules/evaluate"] = [](Rel) {
    return Call{"/api/v1/rules/evaluate",
                R"({"expression":"history.refusals > 1","facts":{"history":{"refusals":2}}})"};
  };
  c["GET /api/v1/reference-sets"] = [](Rel) { return Call{"/api/v1/reference-sets", ""}; };
  c["GET /api/v1/reference-sets/{name}"] = [](Rel) {
    return Call{"/api/v1/reference-sets/alert_countries", ""};
  };
  c["PUT /api/v1/reference-sets/{name}"] = [](Rel) {
    return Call{"/api/v1/reference-sets/authz_set", R"({"items":["XXA"]})"};
  };
  c["DELETE /api/v1/reference-sets/{name}"] = [](Rel) {
    auto& a = *fx->env->app;
    auto analyst = testing::LoginAs(a, "analyst");
    std::string name = "authz_del_" + std::to_string(++fx->counter);
    EXPECT_TRUE(a.rules().PutReferenceSet(analyst, {"x", ""}, name, "", {"XXA"}).ok());
    return Call{"/api/v1/reference-sets/" + name, ""};
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
  c["POST /api/v1/manifests"] = [](Rel) {
    const int64_t port = fx->UnitId("YN-DH-RL-PORT");
    return Call{"/api/v1/manifests",
                json{{"port_unit_id", port},
                     {"transport_id", "AUTHZ" + std::to_string(++fx->counter)},
                     {"persons", json::array({json{{"surname", "TESTPERSON"}}})}}
                    .dump()};
  };
  c["GET /api/v1/manifests"] = [](Rel) { return Call{"/api/v1/manifests?date=2026-11-23", ""}; };
  c["GET /api/v1/manifests/{id}"] = [](Rel r) {
    return Call{"/api/v1/manifests/" + std::to_string(NewManifest(r)), ""};
  };
  c["POST /api/v1/manifests/{id}/persons/{person_id}/marks"] = [](Rel r) {
    int64_t m = NewManifest(r);
    int64_t p = NewManifestPerson(r, m);
    return Call{"/api/v1/manifests/" + std::to_string(m) + "/persons/" + std::to_string(p) + "/marks",
                R"({"mark":"meet_at_gate"})"};
  };
  c["POST /api/v1/manifests/{id}/persons/{person_id}/clearances"] = [](Rel r) {
    int64_t m = NewManifest(r);
    // A person with a document and a (synthetic) hit to clear.
    int64_t p = InStore([&](store::Tx& tx) {
      store::ManifestPerson x;
      x.manifest_id = m;
      x.unit_id = fx->unit.at(r);
      x.seq = 1;
      x.role = "passenger";
      x.role_code = "FL";
      x.surname = "TESTPERSON";
      x.documents_json = "[]";
      x.document_number = "AUTHZ" + std::to_string(++fx->counter);
      x.issuing_state = "UTO";
      x.hits_json = R"([{"list_id":1,"entry_id":"AUTHZ-E","entry_hash":"h","status":"open"}])";
      return tx.InsertManifestPerson(x);
    });
    return Call{"/api/v1/manifests/" + std::to_string(m) + "/persons/" + std::to_string(p) +
                    "/clearances",
                R"({"list_id":1,"entry_id":"AUTHZ-E","reason":"another person"})"};
  };
  c["GET /api/v1/manifests/{id}/reconciliation"] = [](Rel r) {
    return Call{"/api/v1/manifests/" + std::to_string(NewManifest(r)) + "/reconciliation", ""};
  };
  return c;
}

// Watchlists belong to no unit: every analyst and admin manages the same lists.
bool ObjectScoped(const std::string& key) {
  if (key.find("/api/v1/watchlists/") != std::string::npos) return false;
  // Partner agencies, endpoints and subscriptions are national configuration.
  if (key.find("/api/v1/partner-agencies/") != std::string::npos ||
      key.find("/api/v1/partner-endpoints/") != std::string::npos ||
      key.find("/api/v1/partner-subscriptions/") != std::string::npos) {
    return false;
  }
  return key.find("{id}") != std::string::npos || key == "POST /api/v1/units" ||
         key == "POST /api/v1/users" || key == "POST /api/v1/desk/sessions" ||
         key == "POST /api/v1/inspections" || key == "POST /api/v1/checklist";
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

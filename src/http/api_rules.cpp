// Risk rules: CRUD and the four-eyes life-cycle, the editor's check, trying
// an expression on facts, backtests, and the analysts' reference sets.
#include "app/rule_service.hpp"
#include "http/api_support.hpp"

namespace guomen::http::api {

namespace {

const std::vector<std::string> kRuleReaders = {"analyst", "supervisor"};

json OptTime(const std::optional<int64_t>& us) {
  return us ? json(core::FormatIso8601(core::FromMicros(*us))) : json(nullptr);
}

json VersionJson(const store::RuleVersion& v) {
  json questions = json::parse(v.questions.empty() ? "[]" : v.questions, nullptr, false);
  if (questions.is_discarded()) questions = json::array();
  return {{"version", v.version},
          {"name", v.name},
          {"description", v.description},
          {"expression", v.expression},
          {"level", v.level},
          {"points", v.points},
          {"refer_secondary", v.refer_secondary},
          {"notify_customs", v.notify_customs},
          {"notify_health", v.notify_health},
          {"questions", questions},
          {"unit_scope", v.unit_scope},
          {"valid_from", OptTime(v.valid_from_us)},
          {"valid_to", OptTime(v.valid_to_us)},
          {"state", v.state},
          {"editor", v.editor_name},
          {"created_at", core::FormatIso8601(core::FromMicros(v.created_at_us))},
          {"submitted_by", v.submitted_by_name},
          {"submitted_at", OptTime(v.submitted_at_us)},
          {"decided_by", v.decided_by_name},
          {"decided_at", OptTime(v.decided_at_us)},
          {"reject_reason", v.reject_reason},
          {"retired_by", v.retired_by_name},
          {"retired_at", OptTime(v.retired_at_us)}};
}

json RuleJson(const app::RuleView& v, const app::Principal& who) {
  json versions = json::array();
  for (const auto& x : v.versions) versions.push_back(VersionJson(x));
  const auto& newest = v.versions.front();
  bool same_hands = who.user_id == v.rule.created_by || who.user_id == newest.editor_id ||
                    (newest.submitted_by && who.user_id == *newest.submitted_by);
  return {{"id", v.rule.id},
          {"code", v.rule.code},
          {"owner_unit_id", v.rule.owner_unit_id},
          {"state", v.rule.state},
          {"current_version", v.rule.current_version},
          {"active_version", v.rule.active_version ? json(*v.rule.active_version) : json(nullptr)},
          {"updated_at", core::FormatIso8601(core::FromMicros(v.rule.updated_at_us))},
          // For the UI: whether this caller could decide on the pending version.
          {"can_decide", newest.state == "pending_approval" && who.HasRole("supervisor") && !same_hands},
          {"versions", versions}};
}

std::optional<int64_t> OptTimeField(const Ctx& c, const char* name) {
  if (!c.body.is_object() || !c.body.contains(name) || c.body.at(name).is_null()) return std::nullopt;
  const json& v = c.body.at(name);
  if (!v.is_string()) Throw(ErrorCode::kInvalidArgument, std::string("'") + name + "' must be an ISO 8601 time", name);
  auto t = core::ParseIso8601(v.get<std::string>());
  if (!t) Throw(ErrorCode::kInvalidArgument, std::string("'") + name + "' must be an ISO 8601 time", name);
  return core::ToMicros(*t);
}

bool OptBool(const Ctx& c, const char* name) {
  if (!c.body.is_object() || !c.body.contains(name) || c.body.at(name).is_null()) return false;
  if (!c.body.at(name).is_boolean()) Throw(ErrorCode::kInvalidArgument, std::string("'") + name + "' must be true or false", name);
  return c.body.at(name).get<bool>();
}

std::string OptStr(const Ctx& c, const char* name) {
  if (!c.body.is_object() || !c.body.contains(name) || c.body.at(name).is_null()) return "";
  return StrField(c, name);
}

app::RuleDraft DraftOf(const Ctx& c, bool with_code) {
  app::RuleDraft d;
  if (with_code) d.code = StrField(c, "code");
  d.name = StrField(c, "name");
  d.description = OptStr(c, "description");
  d.expression = StrField(c, "expression");
  d.level = OptStr(c, "level");
  if (auto p = OptIntField(c, "points")) d.points = static_cast<int>(std::clamp<int64_t>(*p, -1, 100000));
  d.refer_secondary = OptBool(c, "refer_secondary");
  d.notify_customs = OptBool(c, "notify_customs");
  d.notify_health = OptBool(c, "notify_health");
  if (c.body.contains("questions") && !c.body["questions"].is_null()) {
    const json& qs = c.body["questions"];
    if (!qs.is_array()) Throw(ErrorCode::kInvalidArgument, "'questions' must be a list", "questions");
    for (const auto& q : qs) {
      if (!q.is_object() || !q.value("key", json()).is_string() ||
          !q.value("text_zh", json()).is_string() || !q.value("text_en", json()).is_string()) {
        Throw(ErrorCode::kInvalidArgument, "each question is {key, text_zh, text_en} strings", "questions");
      }
      d.questions.push_back({q["key"].get<std::string>(), q["text_zh"].get<std::string>(),
                             q["text_en"].get<std::string>()});
    }
  }
  if (c.body.contains("unit_scope") && !c.body["unit_scope"].is_null()) {
    const json& us = c.body["unit_scope"];
    if (!us.is_array()) Throw(ErrorCode::kInvalidArgument, "'unit_scope' must be a list of unit ids", "unit_scope");
    for (const auto& u : us) {
      if (!u.is_number_integer()) Throw(ErrorCode::kInvalidArgument, "'unit_scope' must be a list of unit ids", "unit_scope");
      d.unit_scope.push_back(u.get<int64_t>());
    }
  }
  d.valid_from_us = OptTimeField(c, "valid_from");
  d.valid_to_us = OptTimeField(c, "valid_to");
  return d;
}

json FactsUsedJson(const std::vector<std::pair<std::string, std::string>>& facts) {
  json out = json::array();
  for (const auto& [path, value] : facts) out.push_back({{"fact", path}, {"value", value}});
  return out;
}

json RefSetJson(const store::ReferenceSet& s) {
  return {{"name", s.name},
          {"description", s.description},
          {"items", s.items},
          {"updated_at", core::FormatIso8601(core::FromMicros(s.updated_at_us))}};
}

// The facts object of a request: an object, passed on as text.
std::string FactsText(const Ctx& c) {
  if (!c.body.is_object() || !c.body.contains("facts") || c.body["facts"].is_null()) return "{}";
  if (!c.body["facts"].is_object()) Throw(ErrorCode::kInvalidArgument, "'facts' must be an object", "facts");
  return Dump(c.body["facts"]);
}

}  // namespace

void AddRulesRoutes(const RouteAdder& add, app::App& a) {
  add("GET", "/api/v1/rules", kRuleReaders, [&a](Ctx& c) {
    json list = json::array();
    for (const auto& r : Take(a.rules().List(*c.who, c.Meta(), QueryStr(c, "state")))) {
      list.push_back(RuleJson(r, *c.who));
    }
    return Json(200, {{"rules", list}});
  });
  add("POST", "/api/v1/rules", {"analyst"}, [&a](Ctx& c) {
    return Json(201, {{"rule", RuleJson(Take(a.rules().Create(*c.who, c.Meta(), DraftOf(c, true))), *c.who)}});
  });
  add("GET", "/api/v1/rules/{id}", kRuleReaders, [&a](Ctx& c) {
    return Json(200, {{"rule", RuleJson(Take(a.rules().Get(*c.who, c.Meta(), PathId(c))), *c.who)}});
  });
  add("PUT", "/api/v1/rules/{id}", {"analyst"}, [&a](Ctx& c) {
    return Json(200, {{"rule", RuleJson(Take(a.rules().Update(*c.who, c.Meta(), PathId(c), DraftOf(c, false))), *c.who)}});
  });
  add("POST", "/api/v1/rules/{id}/submit", {"analyst"}, [&a](Ctx& c) {
    return Json(200, {{"rule", RuleJson(Take(a.rules().Submit(*c.who, c.Meta(), PathId(c))), *c.who)}});
  });
  add("POST", "/api/v1/rules/{id}/approve", {"supervisor"}, [&a](Ctx& c) {
    return Json(200, {{"rule", RuleJson(Take(a.rules().Approve(*c.who, c.Meta(), PathId(c))), *c.who)}});
  });
  add("POST", "/api/v1/rules/{id}/reject", {"supervisor"}, [&a](Ctx& c) {
    return Json(200, {{"rule", RuleJson(Take(a.rules().Reject(*c.who, c.Meta(), PathId(c), StrField(c, "reason"))), *c.who)}});
  });
  add("POST", "/api/v1/rules/{id}/retire", kRuleReaders, [&a](Ctx& c) {
    return Json(200, {{"rule", RuleJson(Take(a.rules().Retire(*c.who, c.Meta(), PathId(c))), *c.who)}});
  });
  add("POST", "/api/v1/rules/{id}/backtest", kRuleReaders, [&a](Ctx& c) {
    int days = 30;
    if (auto d = OptIntField(c, "days")) days = static_cast<int>(std::clamp<int64_t>(*d, -1, 100000));
    auto bt = Take(a.rules().Backtest(*c.who, c.Meta(), PathId(c), days));
    json ports = json::array();
    for (const auto& p : bt.by_port) {
      ports.push_back({{"unit_id", p.unit_id}, {"code", p.code}, {"name", p.name}, {"name_en", p.name_en}, {"count", p.count}});
    }
    json by_day = json::array();
    for (const auto& [day, n] : bt.by_day) by_day.push_back({{"day", day}, {"count", n}});
    json sample = json::array();
    for (const auto& s : bt.sample) {
      sample.push_back({{"subject_kind", s.subject_kind},
                        {"subject_id", s.subject_id},
                        {"time", core::FormatIso8601(core::FromMicros(s.time_us))},
                        {"unit_id", s.unit_id},
                        {"facts_used", FactsUsedJson(s.facts_used)}});
    }
    return Json(200, {{"days", bt.days},
                      {"evaluated", bt.evaluated},
                      {"flagged", bt.flagged},
                      {"errors", bt.errors},
                      {"by_port", ports},
                      {"by_day", by_day},
                      {"sample", sample}});
  });
  add("POST", "/api/v1/rules/check", kRuleReaders, [&a](Ctx& c) {
    std::string expr = StrField(c, "expression");
    if (expr.size() > 8000) Throw(ErrorCode::kTooLarge, "the expression is limited to 8000 characters", "expression");
    json list = json::array();
    for (const auto& d : a.rules().Check(expr)) {
      list.push_back({{"kind", std::string(rules::DiagnosticKindName(d.kind))},
                      {"line", d.line},
                      {"column", d.column},
                      {"message", d.message}});
    }
    return Json(200, {{"ok", list.empty()}, {"diagnostics", list}});
  });
  add("POST", "/api/v1/rules/evaluate", {"analyst"}, [&a](Ctx& c) {
    auto e = Take(a.rules().Evaluate(*c.who, c.Meta(), StrField(c, "expression"), FactsText(c)));
    return Json(200, {{"fired", e.fired},
                      {"error", e.error ? json(e.error_message) : json(nullptr)},
                      {"facts_used", FactsUsedJson(e.facts_used)}});
  });

  // Reference sets, by name.
  add("GET", "/api/v1/reference-sets", kRuleReaders, [&a](Ctx& c) {
    json list = json::array();
    for (const auto& s : Take(a.rules().ListReferenceSets(*c.who, c.Meta()))) list.push_back(RefSetJson(s));
    return Json(200, {{"reference_sets", list}});
  });
  add("GET", "/api/v1/reference-sets/{name}", kRuleReaders, [&a](Ctx& c) {
    return Json(200, {{"reference_set", RefSetJson(Take(a.rules().GetReferenceSet(*c.who, c.Meta(), c.params.at("name"))))}});
  });
  add("PUT", "/api/v1/reference-sets/{name}", {"analyst"}, [&a](Ctx& c) {
    return Json(200, {{"reference_set", RefSetJson(Take(a.rules().PutReferenceSet(
                                            *c.who, c.Meta(), c.params.at("name"), OptStr(c, "description"),
                                            StrListField(c, "items"))))}});
  });
  add("DELETE", "/api/v1/reference-sets/{name}", {"analyst"}, [&a](Ctx& c) {
    Take(a.rules().DeleteReferenceSet(*c.who, c.Meta(), c.params.at("name")));
    return Json(200, {{"deleted", c.params.at("name")}});
  });
}

}  // namespace guomen::http::api

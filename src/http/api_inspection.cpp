// Routes of port inspection: the desk, the secondary queue, a traveller's
// crossings, overstays, the port overview, the configuration tables and the
// command centre's alerts.
#include "http/api_support.hpp"
#include "http/mrz_json.hpp"

namespace guomen::http::api {

namespace {

std::string Time(int64_t us) { return core::FormatIso8601(core::FromMicros(us)); }
json OptTime(const std::optional<int64_t>& us) { return us ? json(Time(*us)) : json(nullptr); }
json OptInt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

// A JSON column as stored, or null when it does not parse.
json Parsed(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

json TravellerSummary(const store::Traveller& t) {
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

json CrossingJson(const store::Crossing& c) {
  return {{"id", c.id},
          {"time", Time(c.time_us)},
          {"traveller_id", c.traveller_id},
          {"inspection_id", c.inspection_id},
          {"unit_id", c.unit_id},
          {"desk", c.desk},
          {"direction", c.direction},
          {"conveyance", c.conveyance},
          {"carrier", c.carrier},
          {"document_number", c.document_number},
          {"issuing_state", c.issuing_state},
          {"nationality", c.nationality},
          {"officer_id", c.officer_id},
          {"decision", c.decision},
          {"refusal_code", c.refusal_code},
          {"risk_level", c.risk_level},
          {"reasons", Parsed(c.reasons_json)},
          {"referred", c.referred},
          {"permitted_stay_days", OptInt(c.permitted_stay_days)},
          {"overstay_days", OptInt(c.overstay_days)},
          {"durations", Parsed(c.durations_json)}};
}

json HitJson(const store::InspectionHit& h) {
  return {{"id", h.id},
          {"inspection_id", h.inspection_id},
          {"list_id", h.list_id},
          {"list_code", h.list_code},
          {"list_name", h.list_name},
          {"list_kind", h.list_kind},
          {"action", h.action},
          {"entry_id", h.entry_id},
          {"matched_name", h.matched_name},
          {"score", h.score},
          {"explanation", Parsed(h.explanation_json)},
          {"status", h.status},
          {"reason", h.reason},
          {"adjudicated_by", OptInt(h.adjudicated_by)},
          {"adjudicated_at", OptTime(h.adjudicated_at_us)}};
}

json SecondaryJson(const store::SecondaryCase& c) {
  return {{"id", c.id},
          {"inspection_id", c.inspection_id},
          {"unit_id", c.unit_id},
          {"referred_at", Time(c.referred_at_us)},
          {"referred_by", c.referred_by},
          {"reasons", Parsed(c.reasons_json)},
          {"state", c.state},
          {"officer_id", OptInt(c.officer_id)},
          {"taken_at", OptTime(c.taken_at_us)},
          {"notes", c.notes},
          {"checks", Parsed(c.checks_json)},
          {"findings", c.findings},
          {"outcome", c.outcome},
          {"refusal_code", c.refusal_code},
          {"completed_at", OptTime(c.completed_at_us)}};
}

json InspectionJson(const store::Inspection& i) {
  json risk = Parsed(i.risk_json);
  return {{"id", i.id},
          {"session_id", i.session_id},
          {"unit_id", i.unit_id},
          {"officer_id", i.officer_id},
          {"traveller_id", i.traveller_id},
          {"direction", i.direction},
          {"conveyance", i.conveyance},
          {"desk", i.desk},
          {"carrier", i.carrier},
          {"document", Parsed(i.document_json)},
          {"risk_level", i.risk_level},
          {"risk", risk},
          {"facts", Parsed(i.facts_json)},
          {"state", i.state},
          {"decision", i.decision},
          {"refusal_code", i.refusal_code},
          {"answers", Parsed(i.answers_json)},
          {"note", i.note},
          {"started_at", Time(i.started_at_us)},
          {"decided_at", OptTime(i.decided_at_us)},
          {"durations", Parsed(i.durations_json)},
          {"permitted_stay_days", OptInt(i.permitted_stay_days)},
          {"overstay_days", OptInt(i.overstay_days)}};
}

json ViewJson(const app::InspectionView& v) {
  json out = {{"inspection", InspectionJson(v.inspection)},
              {"traveller", TravellerSummary(v.traveller)}};
  json hits = json::array();
  for (const auto& h : v.hits) hits.push_back(HitJson(h));
  out["hits"] = hits;
  json same = json::array();
  for (const auto& t : v.possible_same_persons) same.push_back(TravellerSummary(t));
  out["possible_same_persons"] = same;
  json prev = json::array();
  for (const auto& c : v.previous_crossings) prev.push_back(CrossingJson(c));
  out["previous_crossings"] = prev;
  json qs = json::array();
  for (const auto& q : v.questions) {
    qs.push_back({{"key", q.key}, {"text_zh", q.text_zh}, {"text_en", q.text_en}, {"source", q.source}});
  }
  out["questions"] = qs;
  out["secondary"] = v.secondary ? SecondaryJson(*v.secondary) : json(nullptr);
  out["mrz"] = v.mrz ? MrzToJson(*v.mrz) : json(nullptr);
  return out;
}

std::string OptStr(const Ctx& c, const char* name) {
  if (!c.body.is_object() || !c.body.contains(name) || c.body.at(name).is_null()) return "";
  return StrField(c, name);
}

std::optional<int> OptSmallInt(const Ctx& c, const char* name) {
  auto v = OptIntField(c, name);
  if (!v) return std::nullopt;
  if (*v < INT32_MIN || *v > INT32_MAX) Throw(ErrorCode::kValidation, std::string("'") + name + "' is out of range", name);
  return static_cast<int>(*v);
}

app::InspectRequest ParseInspect(const Ctx& c) {
  app::InspectRequest r;
  r.session_id = IntField(c, "session_id");
  r.mrz = OptStr(c, "mrz");
  if (c.body.contains("manual") && !c.body["manual"].is_null()) {
    const json& m = c.body["manual"];
    if (!m.is_object()) Throw(ErrorCode::kInvalidArgument, "'manual' must be an object", "manual");
    auto s = [&](const char* k) {
      if (!m.contains(k) || m[k].is_null()) return std::string();
      if (!m[k].is_string()) Throw(ErrorCode::kInvalidArgument, std::string("'manual.") + k + "' must be a string", std::string("manual.") + k);
      return m[k].get<std::string>();
    };
    r.manual = app::ManualDocument{s("document_type"), s("issuing_state"), s("document_number"),
                                   s("surname"),       s("given_names"),   s("nationality"),
                                   s("birth_date"),    s("sex"),           s("expiry_date")};
  }
  r.carrier = OptStr(c, "carrier");
  r.embarkation_port = OptStr(c, "embarkation_port");
  r.embarkation_country = OptStr(c, "embarkation_country");
  if (c.body.contains("health") && !c.body["health"].is_null()) {
    const json& h = c.body["health"];
    if (!h.is_object()) Throw(ErrorCode::kInvalidArgument, "'health' must be an object", "health");
    app::HealthDeclaration d;
    if (h.contains("symptoms")) {
      if (!h["symptoms"].is_array()) Throw(ErrorCode::kInvalidArgument, "'health.symptoms' must be a list of strings", "health.symptoms");
      for (const auto& s : h["symptoms"]) {
        if (!s.is_string()) Throw(ErrorCode::kInvalidArgument, "'health.symptoms' must be a list of strings", "health.symptoms");
        d.symptoms.push_back(s.get<std::string>());
      }
    }
    if (h.contains("temperature") && !h["temperature"].is_null()) {
      if (!h["temperature"].is_number()) Throw(ErrorCode::kInvalidArgument, "'health.temperature' must be a number", "health.temperature");
      d.temperature = h["temperature"].get<double>();
      if (*d.temperature < 30 || *d.temperature > 45) Throw(ErrorCode::kValidation, "'health.temperature' is in degrees Celsius (30 to 45)", "health.temperature");
    }
    if (h.contains("contact_with_case")) {
      if (!h["contact_with_case"].is_boolean()) Throw(ErrorCode::kInvalidArgument, "'health.contact_with_case' must be true or false", "health.contact_with_case");
      d.contact_with_case = h["contact_with_case"].get<bool>();
    }
    r.health = d;
  }
  r.visa_stay_days = OptSmallInt(c, "visa_stay_days");
  r.planned_stay_days = OptSmallInt(c, "planned_stay_days");
  r.read_ms = OptIntField(c, "read_ms");
  return r;
}

bool BoolField(const Ctx& c, const char* name) {
  const json& v = Field(c, name);
  if (!v.is_boolean()) Throw(ErrorCode::kInvalidArgument, std::string("'") + name + "' must be true or false", name);
  return v.get<bool>();
}

json AlertJson(const store::Alert& a) {
  return {{"id", a.id},
          {"unit_id", a.unit_id},
          {"time", Time(a.time_us)},
          {"kind", a.kind},
          {"severity", a.severity},
          {"inspection_id", OptInt(a.inspection_id)},
          {"summary_en", a.summary_en},
          {"summary_zh", a.summary_zh},
          {"state", a.state},
          {"acknowledged_by", OptInt(a.acknowledged_by)},
          {"acknowledged_at", OptTime(a.acknowledged_at_us)}};
}

const std::vector<std::string> kDeskRoles = {"officer"};
const std::vector<std::string> kInspectionReaders = {"officer", "secondary_officer", "supervisor"};
const std::vector<std::string> kSecondaryRoles = {"secondary_officer"};

}  // namespace

void AddInspectionRoutes(const RouteAdder& add, app::App& a) {
  // --- the desk ---
  add("POST", "/api/v1/desk/sessions", kDeskRoles, [&a](Ctx& c) {
    app::OpenDeskRequest r{IntField(c, "port_unit_id"), StrField(c, "desk"), StrField(c, "direction"),
                           StrField(c, "conveyance")};
    auto s = Take(a.inspections().OpenDesk(*c.who, c.Meta(), r));
    return Json(201, {{"session",
                       {{"id", s.id},
                        {"unit_id", s.unit_id},
                        {"desk", s.desk},
                        {"direction", s.direction},
                        {"conveyance", s.conveyance},
                        {"opened_at", Time(s.opened_at_us)}}}});
  });
  add("POST", "/api/v1/desk/sessions/{id}/close", kDeskRoles, [&a](Ctx& c) {
    Take(a.inspections().CloseDesk(*c.who, c.Meta(), PathId(c)));
    return Json(200, {{"closed", true}});
  });
  add("POST", "/api/v1/inspections", kDeskRoles, [&a](Ctx& c) {
    return Json(201, ViewJson(Take(a.inspections().Inspect(*c.who, c.Meta(), ParseInspect(c)))));
  });
  add("GET", "/api/v1/inspections/{id}", kInspectionReaders, [&a](Ctx& c) {
    return Json(200, ViewJson(Take(a.inspections().Get(*c.who, c.Meta(), PathId(c)))));
  });
  add("POST", "/api/v1/inspections/{id}/hits/{hit_id}/adjudicate", {"officer", "secondary_officer"},
      [&a](Ctx& c) {
        auto h = Take(a.inspections().Adjudicate(*c.who, c.Meta(), PathId(c), PathId(c, "hit_id"),
                                                 BoolField(c, "same_person"), StrField(c, "reason")));
        return Json(200, {{"hit", HitJson(h)}});
      });
  add("POST", "/api/v1/inspections/{id}/decision", kDeskRoles, [&a](Ctx& c) {
    app::DecisionRequest r;
    r.decision = StrField(c, "decision");
    if (c.body.contains("answers") && !c.body["answers"].is_null()) {
      const json& ans = c.body["answers"];
      if (!ans.is_object()) Throw(ErrorCode::kInvalidArgument, "'answers' must be an object of question key to answer", "answers");
      for (const auto& [k, v] : ans.items()) {
        if (!v.is_string()) Throw(ErrorCode::kInvalidArgument, "the answer to '" + k + "' must be a string", "answers");
        r.answers[k] = v.get<std::string>();
      }
    }
    r.refusal_code = OptStr(c, "refusal_code");
    r.note = OptStr(c, "note");
    return Json(200, ViewJson(Take(a.inspections().Decide(*c.who, c.Meta(), PathId(c), r))));
  });

  // --- secondary inspection ---
  add("GET", "/api/v1/secondary", {"secondary_officer", "supervisor"}, [&a](Ctx& c) {
    auto port = QueryInt(c, "port_unit_id", 1, INT64_MAX);
    json list = json::array();
    for (const auto& item : Take(a.inspections().SecondaryQueue(*c.who, c.Meta(), port))) {
      list.push_back({{"case", SecondaryJson(item.secondary)},
                      {"inspection",
                       {{"id", item.inspection.id},
                        {"unit_id", item.inspection.unit_id},
                        {"desk", item.inspection.desk},
                        {"direction", item.inspection.direction},
                        {"risk_level", item.inspection.risk_level},
                        {"nationality", item.inspection.nationality},
                        {"document_number", item.inspection.document_number}}},
                      {"traveller_name", item.traveller_name},
                      {"waiting_seconds", item.waiting_seconds}});
    }
    return Json(200, {{"queue", list}});
  });
  add("POST", "/api/v1/secondary/{id}/take", kSecondaryRoles, [&a](Ctx& c) {
    return Json(200, ViewJson(Take(a.inspections().TakeSecondary(*c.who, c.Meta(), PathId(c)))));
  });
  add("POST", "/api/v1/secondary/{id}/complete", kSecondaryRoles, [&a](Ctx& c) {
    app::CompleteSecondaryRequest r;
    r.notes = StrField(c, "notes");
    if (c.body.contains("checks") && !c.body["checks"].is_null()) r.checks = StrListField(c, "checks");
    r.findings = OptStr(c, "findings");
    r.outcome = StrField(c, "outcome");
    r.refusal_code = OptStr(c, "refusal_code");
    return Json(200, ViewJson(Take(a.inspections().CompleteSecondary(*c.who, c.Meta(), PathId(c), r))));
  });

  // --- a traveller's record, overstays, the port overview ---
  add("GET", "/api/v1/travellers/{id}/history", kPersonLookupRoles, [&a](Ctx& c) {
    auto rec = Take(a.inspections().TravellerHistory(*c.who, c.Meta(), PathId(c)));
    json crossings = json::array();
    for (const auto& x : rec.crossings) crossings.push_back(CrossingJson(x));
    json hits = json::array();
    for (const auto& h : rec.hits) hits.push_back(HitJson(h));
    return Json(200, {{"traveller", TravellerSummary(rec.traveller)}, {"crossings", crossings}, {"hits", hits}});
  });
  add("GET", "/api/v1/overstays", {"officer", "analyst", "supervisor"}, [&a](Ctx& c) {
    auto rep = Take(a.inspections().Overstays(*c.who, c.Meta()));
    json current = json::array();
    for (const auto& o : rep.current) {
      current.push_back({{"entry", CrossingJson(o.entry)},
                         {"traveller", TravellerSummary(o.traveller)},
                         {"permitted_until", Time(o.permitted_until_us)},
                         {"days_over", o.days_over}});
    }
    json exits = json::array();
    for (const auto& x : rep.exits_after_overstay) exits.push_back(CrossingJson(x));
    json by_port = json::object();
    for (const auto& [unit, n] : rep.by_port) by_port[std::to_string(unit)] = n;
    return Json(200, {{"current", current},
                      {"exits_after_overstay", exits},
                      {"by_nationality", rep.by_nationality},
                      {"by_port", by_port}});
  });
  add("GET", "/api/v1/ports/{id}/overview", {"supervisor", "command"}, [&a](Ctx& c) {
    int64_t now = core::ToMicros(a.clock().Now());
    int64_t day = int64_t{86400} * 1000000;
    int64_t to = QueryTime(c, "to").value_or(now);
    int64_t from = QueryTime(c, "from").value_or(to - day);
    auto o = Take(a.inspections().Overview(*c.who, PathId(c), from, to));
    json rows = json::array();
    for (const auto& r : o.rows) {
      rows.push_back({{"desk", r.desk},
                      {"hour", Time(r.hour_start_us)},
                      {"crossings", r.crossings},
                      {"referrals", r.referrals},
                      {"refusals", r.refusals},
                      {"mean_processing_seconds", r.mean_processing_seconds}});
    }
    return Json(200, {{"unit_id", o.unit_id},
                      {"from", Time(o.from_us)},
                      {"to", Time(o.to_us)},
                      {"crossings", o.crossings},
                      {"referral_rate", o.referral_rate},
                      {"refusal_rate", o.refusal_rate},
                      {"mean_processing_seconds", o.mean_processing_seconds},
                      {"mean_secondary_wait_seconds", o.mean_secondary_wait_seconds},
                      {"secondary_waiting_now", o.secondary_waiting_now},
                      {"rows", rows}});
  });

  // --- configuration tables ---
  add("GET", "/api/v1/refusal-reasons", {"any"}, [&a](Ctx&) {
    json list = json::array();
    for (const auto& r : Take(a.inspections().RefusalReasons())) {
      list.push_back({{"code", r.code}, {"text_zh", r.text_zh}, {"text_en", r.text_en}, {"active", r.active}});
    }
    return Json(200, {{"refusal_reasons", list}});
  });
  add("POST", "/api/v1/refusal-reasons", {"admin"}, [&a](Ctx& c) {
    store::RefusalReason r{StrField(c, "code"), StrField(c, "text_zh"), StrField(c, "text_en"), true};
    if (c.body.contains("active")) r.active = BoolField(c, "active");
    Take(a.inspections().PutRefusalReason(*c.who, c.Meta(), r));
    return Json(200, {{"code", r.code}});
  });
  add("GET", "/api/v1/checklist", {"any"}, [&a](Ctx&) {
    json list = json::array();
    for (const auto& i : Take(a.inspections().Checklist())) {
      list.push_back({{"id", i.id},
                      {"unit_id", OptInt(i.unit_id)},
                      {"key", i.key},
                      {"direction", i.direction},
                      {"text_zh", i.text_zh},
                      {"text_en", i.text_en},
                      {"active", i.active}});
    }
    return Json(200, {{"checklist", list}});
  });
  add("POST", "/api/v1/checklist", {"admin", "supervisor"}, [&a](Ctx& c) {
    store::ChecklistItem i;
    i.unit_id = OptIntField(c, "unit_id");
    i.key = StrField(c, "key");
    i.direction = StrField(c, "direction");
    i.text_zh = StrField(c, "text_zh");
    i.text_en = StrField(c, "text_en");
    auto made = Take(a.inspections().AddChecklistItem(*c.who, c.Meta(), i));
    return Json(201, {{"id", made.id}});
  });
  add("POST", "/api/v1/checklist/{id}/active", {"admin", "supervisor"}, [&a](Ctx& c) {
    Take(a.inspections().SetChecklistItemActive(*c.who, c.Meta(), PathId(c), BoolField(c, "active")));
    return Json(200, {{"id", PathId(c)}});
  });
  add("GET", "/api/v1/stay-rules", {"any"}, [&a](Ctx&) {
    json list = json::array();
    for (const auto& r : Take(a.inspections().StayRules())) {
      list.push_back({{"id", r.id},
                      {"nationality", r.nationality},
                      {"conveyance", r.conveyance},
                      {"days", r.days},
                      {"note", r.note}});
    }
    return Json(200, {{"stay_rules", list}});
  });
  add("POST", "/api/v1/stay-rules", {"admin"}, [&a](Ctx& c) {
    store::StayRule r;
    r.nationality = StrField(c, "nationality");
    r.conveyance = StrField(c, "conveyance");
    r.days = IntField(c, "days");
    r.note = OptStr(c, "note");
    Take(a.inspections().PutStayRule(*c.who, c.Meta(), r));
    return Json(200, {{"nationality", r.nationality}, {"conveyance", r.conveyance}});
  });

  // --- alerts to the command centre ---
  add("GET", "/api/v1/alerts", {"command", "supervisor"}, [&a](Ctx& c) {
    json list = json::array();
    for (const auto& al : Take(a.inspections().Alerts(*c.who, QueryStr(c, "state")))) list.push_back(AlertJson(al));
    return Json(200, {{"alerts", list}});
  });
  add("POST", "/api/v1/alerts/{id}/acknowledge", {"command"}, [&a](Ctx& c) {
    Take(a.inspections().AcknowledgeAlert(*c.who, c.Meta(), PathId(c)));
    return Json(200, {{"id", PathId(c)}});
  });
}

}  // namespace guomen::http::api

// Routes of advance information (issue 7): carriers and analysts send
// passenger and crew lists; analysts and port staff read the arrivals board,
// a manifest's risk list and its reconciliation with the desk; analysts mark
// persons.
//
//   POST /api/v1/manifests                                   analyst, carrier
//   GET  /api/v1/manifests                                   analyst, officer, secondary_officer,
//   supervisor, command GET  /api/v1/manifests/{id}                              analyst, officer,
//   secondary_officer, supervisor POST /api/v1/manifests/{id}/persons/{person_id}/marks    analyst
//   POST /api/v1/manifests/{id}/persons/{person_id}/clearances analyst
//   GET  /api/v1/manifests/{id}/reconciliation               analyst, officer, secondary_officer,
//   supervisor
#include "http/api_support.hpp"

namespace guomen::http::api {

namespace {

std::string Time(int64_t us) { return core::FormatIso8601(core::FromMicros(us)); }
json OptTime(const std::optional<int64_t>& us) { return us ? json(Time(*us)) : json(nullptr); }
json Parsed(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

const std::vector<std::string> kBoardRoles = {"analyst", "officer", "secondary_officer",
                                              "supervisor", "command"};
const std::vector<std::string> kReadRoles = {"analyst", "officer", "secondary_officer",
                                             "supervisor"};

json ManifestJson(const store::Manifest& m) {
  return {{"id", m.id},
          {"unit_id", m.unit_id},
          {"carrier", m.carrier},
          {"transport_id", m.transport_id},
          {"list_type", m.list_type},
          {"conveyance", m.conveyance},
          {"scheduled_arrival", OptTime(m.scheduled_arrival_us)},
          {"scheduled_departure", OptTime(m.scheduled_departure_us)},
          {"departure_location", m.departure_location},
          {"arrival_location", m.arrival_location},
          {"sender", m.sender},
          {"interchange_ref", m.interchange_ref},
          {"message_ref", m.message_ref},
          {"format", m.format},
          {"verdict", m.verdict},
          {"issues", Parsed(m.issues_json)},
          {"version", m.version},
          {"received_at", Time(m.received_at_us)},
          {"updated_at", Time(m.updated_at_us)},
          {"source", m.source},
          {"screened_at", OptTime(m.screened_at_us)},
          {"ports_of_call", Parsed(m.ports_of_call_json)}};
}

json PersonJson(const store::ManifestPerson& p) {
  return {{"id", p.id},
          {"seq", p.seq},
          {"role", p.role},
          {"role_code", p.role_code},
          {"surname", p.surname},
          {"given_names", p.given_names},
          {"birth_date", p.birth_date},
          {"sex", p.sex},
          {"nationality", p.nationality},
          {"embarkation", p.embarkation},
          {"debarkation", p.debarkation},
          {"documents", Parsed(p.documents_json)},
          {"document_number", p.document_number},
          {"issuing_state", p.issuing_state},
          {"from_defective_message", p.from_defective_message},
          {"risk_level", p.risk_level},
          {"points", p.points},
          {"reasons", Parsed(p.reasons_json)},
          {"hits", Parsed(p.hits_json)},
          {"screened_at", OptTime(p.screened_at_us)},
          {"marks", Parsed(p.marks_json)},
          {"health", p.health_json.empty() ? json(nullptr) : Parsed(p.health_json)},
          {"booking_reference", p.booking_reference},
          {"booking_date", p.booking_date.empty() ? json(nullptr) : json(p.booking_date)}};
}

json CrossingSummary(const store::Crossing& c) {
  return {{"id", c.id},
          {"time", Time(c.time_us)},
          {"traveller_id", c.traveller_id},
          {"inspection_id", c.inspection_id},
          {"desk", c.desk},
          {"carrier", c.carrier},
          {"document_number", c.document_number},
          {"issuing_state", c.issuing_state},
          {"nationality", c.nationality},
          {"decision", c.decision},
          {"risk_level", c.risk_level}};
}

// The day [00:00, 24:00) UTC of "YYYY-MM-DD", or of now.
std::pair<int64_t, int64_t> DayWindow(const Ctx& c, const core::Clock& clock) {
  int64_t from = 0;
  if (auto d = QueryStr(c, "date")) {
    auto t = core::ParseIso8601(*d);
    if (!t || d->size() != 10)
      Throw(ErrorCode::kInvalidArgument, "'date' must be YYYY-MM-DD", "date");
    from = core::ToMicros(*t);
  } else {
    from = core::ToMicros(std::chrono::floor<std::chrono::days>(clock.Now()));
  }
  return {from, from + int64_t{86400} * 1000000};
}

}  // namespace

void AddManifestRoutes(const RouteAdder& add, app::App& a) {
  add("POST", "/api/v1/manifests", {"analyst", "carrier"}, [&a](Ctx& c) {
    app::ManifestIntakeRequest req;
    std::string ct = core::AsciiLower(c.req.Header("content-type"));
    if (core::StartsWith(ct, "application/json")) {
      req.format = "json";
      req.body = c.req.body;
      if (c.body.is_object() && c.body.contains("port_unit_id") &&
          !c.body["port_unit_id"].is_null()) {
        req.port_unit_id = IntField(c, "port_unit_id");
      }
    } else if (core::StartsWith(ct, "text/csv")) {
      req.format = "csv";
      req.body = c.req.body;
    } else if (core::StartsWith(ct, "text/plain") || core::StartsWith(ct, "application/edifact")) {
      req.format = "edifact";
      req.body = c.req.body;
    } else {
      Throw(ErrorCode::kInvalidArgument,
            "send EDIFACT as text/plain, a FAL list as text/csv or a list as application/json",
            "content-type");
    }
    if (auto port = QueryInt(c, "port_unit_id", 1, INT64_MAX)) req.port_unit_id = *port;
    req.transport_id = QueryStr(c, "transport_id").value_or("");
    req.carrier = QueryStr(c, "carrier").value_or("");
    req.arrival = QueryStr(c, "arrival").value_or("");
    req.departure_location = QueryStr(c, "departure_location").value_or("");
    req.arrival_location = QueryStr(c, "arrival_location").value_or("");
    req.reference = QueryStr(c, "reference").value_or("");
    req.conveyance = QueryStr(c, "conveyance").value_or("");
    auto r = Take(a.manifests().Intake(&*c.who, c.Meta(), req));
    json items = json::array();
    bool created = false;
    for (const auto& i : r.manifests) {
      created = created || !i.resend;
      json m = ManifestJson(i.manifest);
      m["resend"] = i.resend;
      m["updated"] = i.updated;
      m["persons"] = i.persons;
      m["red"] = i.red;
      m["yellow"] = i.yellow;
      items.push_back(std::move(m));
    }
    json body = {
        {"status", r.verdict},
        {"issues", Parsed(r.issues_json)},
        {"manifests", items},
        {"acknowledgement", r.acknowledgement.empty() ? json(nullptr) : json(r.acknowledgement)},
        {"acknowledgement_action",
         r.acknowledgement_action.empty() ? json(nullptr) : json(r.acknowledgement_action)}};
    return Json(created ? 201 : 200, body);
  });

  add("GET", "/api/v1/manifests", kBoardRoles, [&a](Ctx& c) {
    app::ArrivalsQuery q;
    auto [from, to] = DayWindow(c, a.clock());
    q.from_us = QueryTime(c, "from").value_or(from);
    q.to_us = QueryTime(c, "to").value_or(to);
    if (auto port = QueryInt(c, "port_unit_id", 1, INT64_MAX)) q.port_unit_id = *port;
    auto list = Take(a.manifests().Arrivals(*c.who, q));
    json out = json::array();
    for (const auto& s : list) {
      json m = ManifestJson(s.manifest);
      m["persons"] = s.persons;
      m["red"] = s.red;
      m["yellow"] = s.yellow;
      m["defective"] = s.defective;
      m["marked"] = s.marked;
      out.push_back(std::move(m));
    }
    return Json(200, {{"manifests", out}, {"from", Time(q.from_us)}, {"to", Time(q.to_us)}});
  });

  add("GET", "/api/v1/manifests/{id}", kReadRoles, [&a](Ctx& c) {
    auto v = Take(a.manifests().Get(*c.who, c.Meta(), PathId(c)));
    json persons = json::array();
    for (const auto& p : v.persons) persons.push_back(PersonJson(p));
    json versions = json::array();
    for (const auto& x : v.versions) {
      versions.push_back({{"version", x.version},
                          {"sender", x.sender},
                          {"interchange_ref", x.interchange_ref},
                          {"message_ref", x.message_ref},
                          {"change", x.change},
                          {"document_code", x.document_code},
                          {"verdict", x.verdict},
                          {"issues", Parsed(x.issues_json)},
                          {"person_count", x.person_count},
                          {"received_at", Time(x.received_at_us)},
                          {"source", x.source}});
    }
    return Json(200, {{"manifest", ManifestJson(v.manifest)},
                      {"persons", persons},
                      {"versions", versions},
                      {"marks", app::ManifestMarks()}});
  });

  add("POST", "/api/v1/manifests/{id}/persons/{person_id}/marks", {"analyst"}, [&a](Ctx& c) {
    bool set = true;
    if (c.body.is_object() && c.body.contains("set")) {
      if (!c.body["set"].is_boolean())
        Throw(ErrorCode::kInvalidArgument, "'set' must be a boolean", "set");
      set = c.body["set"].get<bool>();
    }
    auto p = Take(a.manifests().Mark(*c.who, c.Meta(), PathId(c), PathId(c, "person_id"),
                                     StrField(c, "mark"), set));
    return Json(200, {{"person", PersonJson(p)}});
  });

  add("POST", "/api/v1/manifests/{id}/persons/{person_id}/clearances", {"analyst"},
      [&a](Ctx& c) {
        auto p = Take(a.manifests().ClearHit(*c.who, c.Meta(), PathId(c), PathId(c, "person_id"),
                                             IntField(c, "list_id"),
                                             StrField(c, "entry_id"), StrField(c, "reason")));
        return Json(200, {{"person", PersonJson(p)}});
      });

  add("GET", "/api/v1/manifests/{id}/reconciliation", kReadRoles, [&a](Ctx& c) {
    auto r = Take(a.manifests().Reconcile(*c.who, c.Meta(), PathId(c)));
    json crossed = json::array();
    for (const auto& x : r.crossed) {
      crossed.push_back(
          {{"person", PersonJson(x.person)}, {"crossing", CrossingSummary(x.crossing)}});
    }
    json no_shows = json::array();
    for (const auto& p : r.no_shows) no_shows.push_back(PersonJson(p));
    json not_on_list = json::array();
    for (const auto& x : r.not_on_list) not_on_list.push_back(CrossingSummary(x));
    return Json(200, {{"arrived", r.arrived},
                      {"window", {{"from", Time(r.window_from_us)}, {"to", Time(r.window_to_us)}}},
                      {"crossed", crossed},
                      {"no_shows", no_shows},
                      {"not_on_list", not_on_list}});
  });
}

}  // namespace guomen::http::api

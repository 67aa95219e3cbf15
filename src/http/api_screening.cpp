// Routes of name screening and watchlist management (app/screening_service):
//   POST /api/v1/screen                                     officer and up, audited
//   GET/POST /api/v1/watchlists, GET/PATCH /watchlists/{id}  analyst, admin
//   POST /api/v1/watchlists/{id}/import                      analyst, admin
//   GET  /api/v1/watchlists/{id}/versions[/{version}/diff]   analyst, admin
//   GET  /api/v1/watchlists/{id}/entries?q=                  analyst, admin (audited)
//   GET  /api/v1/screening-results, POST .../{id}/review     analyst, supervisor
// JSON shapes: docs/openapi.yaml.
#include "http/api_support.hpp"
#include "screening/birth_date.hpp"

namespace guomen::http::api {

namespace {

namespace sc = screening;

const std::vector<std::string> kListRoles = {"analyst", "admin"};
const std::vector<std::string> kResultRoles = {"analyst", "supervisor"};

std::string Iso(int64_t us) { return core::FormatIso8601(core::FromMicros(us)); }

json ListJson(const store::WatchlistRecord& l) {
  return {{"id", l.id},
          {"code", l.code},
          {"name", l.name},
          {"authority", l.authority},
          {"kind", l.kind},
          {"action", l.action},
          {"threshold", l.threshold},
          {"active", l.active},
          {"current_version", l.current_version},
          {"entry_count", l.entry_count},
          {"created_at", Iso(l.created_at_us)},
          {"updated_at", Iso(l.updated_at_us)}};
}

json VersionJson(const store::WatchlistVersionRecord& v) {
  return {{"version", v.version},
          {"format", v.format},
          {"source_version", v.source_version},
          {"imported_by", v.imported_by},
          {"imported_at", v.imported_at_us ? json(Iso(v.imported_at_us)) : json(nullptr)},
          {"entry_count", v.entry_count},
          {"added", v.added},
          {"changed", v.changed},
          {"removed", v.removed},
          {"issues", v.issues}};
}

json EntryJson(const sc::WatchlistEntry& e) {
  json names = json::array();
  for (const auto& n : e.names) {
    names.push_back({{"full", n.full},
                     {"given", n.given},
                     {"family", n.family},
                     {"quality", sc::NameQualityName(n.quality)}});
  }
  json dates = json::array();
  for (const auto& d : e.birth_dates) dates.push_back(d.ToString());
  json docs = json::array();
  for (const auto& d : e.documents) {
    docs.push_back({{"type", d.type}, {"number", d.number}, {"issuing_state", d.issuing_state}});
  }
  return {{"entry_id", e.id},
          {"type", sc::EntryTypeName(e.type)},
          {"names", names},
          {"birth_dates", dates},
          {"places_of_birth", e.places_of_birth},
          {"nationalities", e.nationalities},
          {"gender", e.gender},
          {"documents", docs},
          {"action", e.action ? json(sc::ListActionName(*e.action)) : json(nullptr)},
          {"reason", e.reason},
          {"valid_until", e.valid_until},
          {"source_ref", e.source_ref}};
}

json HitJson(const app::WorkflowHit& w) {
  const auto& h = w.hit;
  json factors = json::array();
  for (const auto& e : h.explanation) {
    factors.push_back({{"factor", sc::FactorName(e.factor)},
                       {"query_value", e.query_value},
                       {"entry_value", e.entry_value},
                       {"rule", e.rule},
                       {"effect", e.effect},
                       {"text_en", e.text_en},
                       {"text_zh", e.text_zh}});
  }
  return {{"list_id", w.list_id},
          {"list_code", w.list_code},
          {"list_name", w.list_name},
          {"list_kind", w.list_kind},
          {"action", w.action},
          {"entry_id", h.entry_id},
          {"entry_type", sc::EntryTypeName(h.entry_type)},
          {"matched_name", h.matched_name},
          {"name_quality", sc::NameQualityName(h.name_quality)},
          {"query_name", h.query_name},
          {"score", h.score},
          {"name_score", h.name_score},
          {"reason", h.reason},
          {"source_ref", h.source_ref},
          {"explanation", factors},
          {"explanation_text",
           {{"en", app::ExplainHit(h, "en")}, {"zh-CN", app::ExplainHit(h, "zh-CN")}}}};
}

json TravellerBrief(const store::Traveller& t) {
  return {{"id", t.id},
          {"unit_id", t.unit_id},
          {"surname", t.surname},
          {"given_names", t.given_names},
          {"nationality", t.nationality},
          {"birth_date", t.birth_date},
          {"document_number", t.document_number}};
}

json ResultJson(const app::ScreeningResultView& v) {
  const auto& r = v.result;
  return {{"id", r.id},
          {"traveller", TravellerBrief(v.traveller)},
          {"list_id", r.list_id},
          {"list_code", v.list_code},
          {"list_name", v.list_name},
          {"list_version", r.list_version},
          {"entry_id", r.entry_id},
          {"matched_name", r.matched_name},
          {"score", r.score},
          {"found_at", Iso(r.found_at_us)},
          {"status", r.status},
          {"reviewed_at", r.reviewed_at_us ? json(Iso(*r.reviewed_at_us)) : json(nullptr)}};
}

std::string OptStr(const Ctx& c, const char* name) {
  if (!c.body.is_object() || !c.body.contains(name) || c.body.at(name).is_null()) return "";
  return StrField(c, name);
}

std::optional<double> OptNumber(const Ctx& c, const char* name) {
  if (!c.body.is_object() || !c.body.contains(name) || c.body.at(name).is_null()) {
    return std::nullopt;
  }
  const json& v = c.body.at(name);
  if (!v.is_number()) {
    Throw(ErrorCode::kInvalidArgument, std::string("'") + name + "' must be a number", name);
  }
  return v.get<double>();
}

sc::ScreeningQuery QueryFromBody(const Ctx& c) {
  sc::ScreeningQuery q;
  q.name = OptStr(c, "name");
  if (c.body.contains("other_names") && !c.body.at("other_names").is_null()) {
    q.other_names = StrListField(c, "other_names");
  }
  std::string dob = OptStr(c, "birth_date");
  if (!dob.empty()) {
    auto d = sc::ParseBirthDate(dob);
    if (!d) Throw(ErrorCode::kValidation, "the birth date cannot be read: " + d.error().message, "birth_date");
    q.birth_date = *d;
  }
  q.nationality = OptStr(c, "nationality");
  q.document_number = OptStr(c, "document_number");
  q.gender = OptStr(c, "gender");
  if (!q.gender.empty() && q.gender != "M" && q.gender != "F") q.gender.clear();
  return q;
}

}  // namespace

void AddScreeningRoutes(const RouteAdder& add, app::App& a) {
  add("POST", "/api/v1/screen", kPersonLookupRoles, [&a](Ctx& c) {
    sc::ScreeningQuery q = QueryFromBody(c);
    auto top = OptIntField(c, "top").value_or(10);
    if (top < 1 || top > 50) Throw(ErrorCode::kValidation, "top is 1 to 50", "top");
    auto hits = Take(a.screening().Screen(*c.who, c.Meta(), q, OptNumber(c, "threshold"),
                                          static_cast<size_t>(top)));
    json list = json::array();
    for (const auto& h : hits) list.push_back(HitJson(h));
    return Json(200, {{"hits", list}});
  });

  add("GET", "/api/v1/watchlists", kListRoles, [&a](Ctx&) {
    json list = json::array();
    for (const auto& l : Take(a.screening().Lists())) list.push_back(ListJson(l));
    auto stats = a.screening().Stats();
    return Json(200, {{"watchlists", list},
                      {"index", {{"lists", stats.lists}, {"entries", stats.entries},
                                 {"names", stats.names}}}});
  });
  add("POST", "/api/v1/watchlists", kListRoles, [&a](Ctx& c) {
    app::NewWatchlist nl;
    nl.code = StrField(c, "code");
    nl.name = StrField(c, "name");
    nl.authority = StrField(c, "authority");
    nl.kind = StrField(c, "kind");
    nl.action = StrField(c, "action");
    nl.threshold = OptNumber(c, "threshold").value_or(0.85);
    return Json(201, {{"watchlist", ListJson(Take(a.screening().CreateList(*c.who, c.Meta(), nl)))}});
  });
  add("GET", "/api/v1/watchlists/{id}", kListRoles, [&a](Ctx& c) {
    return Json(200, {{"watchlist", ListJson(Take(a.screening().GetList(PathId(c))))}});
  });
  add("PATCH", "/api/v1/watchlists/{id}", kListRoles, [&a](Ctx& c) {
    app::WatchlistUpdate u;
    if (c.body.contains("name")) u.name = StrField(c, "name");
    if (c.body.contains("authority")) u.authority = StrField(c, "authority");
    if (c.body.contains("action")) u.action = StrField(c, "action");
    u.threshold = OptNumber(c, "threshold");
    if (c.body.contains("active")) {
      if (!c.body.at("active").is_boolean()) {
        Throw(ErrorCode::kInvalidArgument, "'active' must be true or false", "active");
      }
      u.active = c.body.at("active").get<bool>();
    }
    return Json(200, {{"watchlist", ListJson(Take(a.screening().UpdateList(*c.who, c.Meta(),
                                                                           PathId(c), u)))}});
  });
  add("POST", "/api/v1/watchlists/{id}/import", kListRoles, [&a](Ctx& c) {
    app::ImportRequest r;
    r.format = StrField(c, "format");
    if (r.format == "ofac") {
      const json& files = Field(c, "files");
      if (!files.is_object()) Throw(ErrorCode::kInvalidArgument, "'files' must be an object", "files");
      auto file = [&](const char* name) -> std::string {
        if (!files.contains(name) || files.at(name).is_null()) return "";
        if (!files.at(name).is_string()) {
          Throw(ErrorCode::kInvalidArgument, std::string("files.") + name + " must be a string", "files");
        }
        return files.at(name).get<std::string>();
      };
      r.ofac_sdn = file("sdn");
      r.ofac_alt = file("alt");
      r.ofac_comments = file("comments");
    } else {
      r.content = OptStr(c, "content");
    }
    if (c.body.contains("keep_good_records") && c.body.at("keep_good_records").is_boolean()) {
      r.keep_good_records = c.body.at("keep_good_records").get<bool>();
    }
    auto out = Take(a.screening().Import(*c.who, c.Meta(), PathId(c), r));
    json issues = json::array();
    for (const auto& i : out.issues) {
      issues.push_back({{"where", i.where}, {"message", i.message}, {"record_skipped", i.record_skipped}});
    }
    return Json(out.unchanged ? 200 : 201,
                {{"watchlist", ListJson(out.list)},
                 {"version", VersionJson(out.version)},
                 {"unchanged", out.unchanged},
                 {"issues", issues},
                 {"rescreen",
                  {{"travellers_screened", out.rescreen.travellers_screened},
                   {"entries_screened", out.rescreen.entries_screened},
                   {"new_results", out.rescreen.new_results},
                   {"withdrawn_entries", out.rescreen.withdrawn_entries},
                   {"truncated", out.rescreen.truncated}}}});
  });
  add("GET", "/api/v1/watchlists/{id}/versions", kListRoles, [&a](Ctx& c) {
    json list = json::array();
    for (const auto& v : Take(a.screening().Versions(PathId(c)))) list.push_back(VersionJson(v));
    return Json(200, {{"versions", list}});
  });
  add("GET", "/api/v1/watchlists/{id}/versions/{version}/diff", kListRoles, [&a](Ctx& c) {
    int64_t version = PathId(c, "version");
    int offset = static_cast<int>(QueryInt(c, "offset", 0, 100000000).value_or(0));
    int limit = static_cast<int>(QueryInt(c, "limit", 1, 500).value_or(100));
    auto diff = Take(a.screening().Diff(PathId(c), version, offset, limit));
    json changes = json::array();
    for (const auto& ch : diff.changes) {
      changes.push_back(
          {{"entry_id", ch.entry_id}, {"change", ch.change}, {"primary_name", ch.primary_name}});
    }
    return Json(200, {{"version", VersionJson(diff.version)}, {"changes", changes}});
  });
  add("GET", "/api/v1/watchlists/{id}/entries", kListRoles, [&a](Ctx& c) {
    int offset = static_cast<int>(QueryInt(c, "offset", 0, 100000000).value_or(0));
    int limit = static_cast<int>(QueryInt(c, "limit", 1, 500).value_or(50));
    auto entries = Take(a.screening().Entries(*c.who, c.Meta(), PathId(c),
                                              QueryStr(c, "q").value_or(""), offset, limit));
    json list = json::array();
    for (const auto& e : entries) list.push_back(EntryJson(e.entry));
    return Json(200, {{"entries", list}});
  });

  add("GET", "/api/v1/screening-results", kResultRoles, [&a](Ctx& c) {
    store::ScreeningResultFilter f;
    f.status = QueryStr(c, "status");
    f.list_id = QueryInt(c, "list_id", 1, INT64_MAX);
    f.before_id = QueryInt(c, "before_id", 1, INT64_MAX);
    f.limit = static_cast<int>(QueryInt(c, "limit", 1, 500).value_or(50));
    auto results = Take(a.screening().Results(*c.who, c.Meta(), f));
    json list = json::array();
    for (const auto& r : results) list.push_back(ResultJson(r));
    json next = results.size() == static_cast<size_t>(f.limit) ? json(results.back().result.id)
                                                                : json(nullptr);
    return Json(200, {{"results", list}, {"next_before_id", next}});
  });
  add("POST", "/api/v1/screening-results/{id}/review", kResultRoles, [&a](Ctx& c) {
    return Json(200, {{"result", ResultJson(Take(a.screening().Review(*c.who, c.Meta(), PathId(c))))}});
  });
}

}  // namespace guomen::http::api

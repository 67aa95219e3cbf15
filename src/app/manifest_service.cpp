#include "app/manifest_service.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <system_error>
#include <thread>
#include <utility>

#include "app/crypto.hpp"
#include "app/rule_service.hpp"
#include "app/screening_facts.hpp"
#include "app/screening_service.hpp"
#include "core/strings.hpp"
#include "core/task_pool.hpp"
#include "edifact/contrl.hpp"
#include "edifact/fal_csv_parser.hpp"
#include "edifact/paxlst_parser.hpp"
#include "edifact/ship_declaration.hpp"
#include "names/country_resolver.hpp"
#include "screening/birth_date.hpp"

namespace guomen::app {

namespace {

using core::ErrorCode;
using core::Result;
using core::Status;
using json = nlohmann::json;

constexpr int64_t kMicrosPerHour = int64_t{3600} * 1000000;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
std::string Rfc3339(int64_t us) { return core::FormatIso8601(core::FromMicros(us)); }

core::Error Invalid(const std::string& field, const std::string& message) {
  return core::MakeError(ErrorCode::kValidation, message, field);
}

// PAXLST times are local times of the place; they are kept as sent, read as UTC.
int64_t MicrosOf(const edifact::EdifactDateTime& d) {
  auto t = std::chrono::sys_days(d.date) + std::chrono::hours(std::max(d.hour, 0)) +
           std::chrono::minutes(std::max(d.minute, 0));
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

std::string DateOf(const std::optional<edifact::EdifactDateTime>& d) {
  return d ? d->Iso().substr(0, 10) : std::string();
}

json IssueJson(const edifact::EdifactIssue& i) {
  json j = {{"severity", std::string(edifact::SeverityName(i.severity))},
            {"segment", i.segment},
            {"tag", i.tag},
            {"code", i.code},
            {"message", i.message}};
  if (i.element > 0) j["element"] = i.element;
  if (i.component > 0) j["component"] = i.component;
  return j;
}

json IssuesJson(const std::vector<edifact::EdifactIssue>& issues) {
  json out = json::array();
  for (const auto& i : issues) out.push_back(IssueJson(i));
  return out;
}

std::string RoleOf(const edifact::Person& p, edifact::ListType list) {
  if (p.in_transit) return "in_transit";
  auto c = p.category == edifact::ListType::kUnknown ? list : p.category;
  if (c == edifact::ListType::kPassenger) return "passenger";
  if (c == edifact::ListType::kCrew) return "crew";
  return "unknown";
}

// One list as received, whatever its format.
struct Incoming {
  edifact::PaxlstMessage message;
  std::optional<int64_t> arrival_us;
  std::optional<int64_t> departure_us;
  std::string departure_location;
  std::string arrival_location;
  std::string conveyance;
};

// The conveyance's arrival here: the last leg (the message's final destination).
void TakeLegs(Incoming& in) {
  const auto& legs = in.message.legs;
  if (legs.empty()) return;
  const auto& first = legs.front();
  const auto& last = legs.back();
  in.departure_location = first.departure.location;
  if (first.departure.datetime) in.departure_us = MicrosOf(*first.departure.datetime);
  in.arrival_location = last.arrival.location;
  if (last.arrival.datetime) in.arrival_us = MicrosOf(*last.arrival.datetime);
}

bool IsConveyance(const std::string& c) {
  return c == "air" || c == "sea" || c == "rail" || c == "land";
}

std::optional<edifact::EdifactDateTime> DateValue(const std::string& s) {
  auto t = core::ParseIso8601(s);
  if (!t) return std::nullopt;
  auto days = std::chrono::floor<std::chrono::days>(*t);
  auto tod = std::chrono::duration_cast<std::chrono::minutes>(*t - days);
  edifact::EdifactDateTime d;
  d.date = std::chrono::year_month_day(days);
  if (s.size() > 10) {
    d.hour = static_cast<int>(tod.count() / 60);
    d.minute = static_cast<int>(tod.count() % 60);
  }
  return d;
}

std::string Str(const json& o, const char* key, const std::string& where) {
  if (!o.contains(key) || o.at(key).is_null()) return "";
  if (!o.at(key).is_string()) {
    throw core::MakeError(ErrorCode::kInvalidArgument, "'" + where + key + "' must be a string",
                          where + key);
  }
  return o.at(key).get<std::string>();
}

// A JSON date (YYYY-MM-DD, or a time) of a ship declaration or booking.
std::optional<edifact::EdifactDateTime> JsonDate(const json& o, const char* key,
                                                 const std::string& where) {
  const std::string s = Str(o, key, where);
  if (s.empty()) return std::nullopt;
  auto d = DateValue(s);
  if (!d) throw Invalid(where + key, "a date YYYY-MM-DD (or an ISO 8601 time) is required");
  return d;
}

// "health": {"answers": {"fever": true, ...}, "temperature": 38.2}.
edifact::HealthDeclaration HealthFromJson(const json& h, const std::string& where) {
  edifact::HealthDeclaration out;
  if (!h.is_object()) throw Invalid(where, "the health declaration is an object");
  if (h.contains("answers") && !h.at("answers").is_null()) {
    const json& a = h.at("answers");
    if (!a.is_object()) throw Invalid(where + ".answers", "the answers are an object");
    for (const auto& q : edifact::HealthQuestions()) {
      const std::string key(q);
      if (!a.contains(key) || a.at(key).is_null()) continue;
      const json& v = a.at(key);
      std::optional<bool> yes;
      if (v.is_boolean()) yes = v.get<bool>();
      if (v.is_string()) yes = edifact::ParseYesNo(v.get<std::string>());
      if (!yes) throw Invalid(where + ".answers." + key, "the answer is true or false");
      out.answers.push_back({key, *yes});
    }
    for (const auto& [key, v] : a.items()) {
      if (!edifact::IsHealthQuestion(key)) {
        throw Invalid(where + ".answers." + key,
                      "not a health question: fever, cough, breathing_difficulty, rash, "
                      "diarrhoea, vomiting, jaundice, bleeding, contact_with_case");
      }
    }
  }
  if (h.contains("temperature") && !h.at("temperature").is_null()) {
    const json& t = h.at("temperature");
    if (!t.is_number() || t.get<double>() < 30.0 || t.get<double>() > 45.0) {
      throw Invalid(where + ".temperature", "the temperature is degrees Celsius, 30 to 45");
    }
    out.temperature = t.get<double>();
  }
  return out;
}

json HealthJson(const edifact::HealthDeclaration& h) {
  json answers = json::object();
  for (const auto& a : h.answers) answers[a.question] = a.yes;
  json out = {{"answers", answers}};
  if (h.temperature) out["temperature"] = *h.temperature;
  return out;
}

json PortsOfCallJson(const std::vector<edifact::PortOfCall>& ports) {
  json out = json::array();
  for (const auto& p : ports) {
    out.push_back({{"port", core::AsciiUpper(p.port)},
                   {"country", p.country.empty() ? json(nullptr) : json(p.country)},
                   {"arrived", p.arrived ? json(p.arrived->Iso()) : json(nullptr)},
                   {"departed", p.departed ? json(p.departed->Iso()) : json(nullptr)}});
  }
  return out;
}

// The JSON form (docs/openapi.yaml, ManifestJson) as a message.
Result<Incoming> FromJson(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return core::Fail(ErrorCode::kInvalidArgument, "the body must be a JSON object");
  }
  try {
    Incoming in;
    auto& m = in.message;
    m.message_type = "PAXLST";
    m.transport_id = Str(j, "transport_id", "");
    if (m.transport_id.empty())
      return core::Fail(Invalid("transport_id", "the transport id is required"));
    m.carrier = Str(j, "carrier", "");
    m.reference = Str(j, "reference", "");
    std::string lt = Str(j, "list_type", "");
    if (lt.empty() || lt == "passenger") {
      m.list_type = edifact::ListType::kPassenger;
    } else if (lt == "crew") {
      m.list_type = edifact::ListType::kCrew;
    } else {
      return core::Fail(Invalid("list_type", "the list type is passenger or crew"));
    }
    in.conveyance = Str(j, "conveyance", "");
    if (in.conveyance.empty()) in.conveyance = "air";
    if (!IsConveyance(in.conveyance)) {
      return core::Fail(Invalid("conveyance", "the conveyance is air, sea, rail or land"));
    }
    for (const char* side : {"departure", "arrival"}) {
      if (!j.contains(side) || j.at(side).is_null()) continue;
      const json& p = j.at(side);
      if (!p.is_object())
        return core::Fail(ErrorCode::kInvalidArgument,
                          std::string("'") + side + "' must be an object", side);
      std::string loc = Str(p, "location", std::string(side) + ".");
      std::string dt = Str(p, "datetime", std::string(side) + ".");
      std::optional<int64_t> us;
      if (!dt.empty()) {
        auto t = core::ParseIso8601(dt);
        if (!t)
          return core::Fail(
              Invalid(std::string(side) + ".datetime", "an ISO 8601 time is required"));
        us = core::ToMicros(*t);
      }
      if (std::string(side) == "departure") {
        in.departure_location = loc;
        in.departure_us = us;
      } else {
        in.arrival_location = loc;
        in.arrival_us = us;
      }
    }
    if (j.contains("ports_of_call") && !j.at("ports_of_call").is_null()) {
      if (!j.at("ports_of_call").is_array())
        return core::Fail(Invalid("ports_of_call", "the ports of call are a list"));
      int n = 0;
      for (const auto& pj : j.at("ports_of_call")) {
        const std::string where = "ports_of_call[" + std::to_string(n++) + "].";
        if (!pj.is_object()) return core::Fail(Invalid(where, "a port of call is an object"));
        edifact::PortOfCall pc;
        pc.port = Str(pj, "port", where);
        pc.country = core::AsciiUpper(Str(pj, "country", where));
        if (pc.port.empty() && pc.country.empty()) {
          return core::Fail(Invalid(where + "port", "a port of call needs a port or a country"));
        }
        pc.arrived = JsonDate(pj, "arrived", where);
        pc.departed = JsonDate(pj, "departed", where);
        m.ports_of_call.push_back(std::move(pc));
      }
    }
    if (!j.contains("persons") || !j.at("persons").is_array()) {
      return core::Fail(Invalid("persons", "the list of persons is required"));
    }
    int seq = 0;
    for (const auto& pj : j.at("persons")) {
      std::string where = "persons[" + std::to_string(seq++) + "].";
      if (!pj.is_object())
        return core::Fail(ErrorCode::kInvalidArgument, where + " must be an object");
      edifact::Person p;
      p.surname = Str(pj, "surname", where);
      if (p.surname.empty())
        return core::Fail(Invalid(where + "surname", "every person needs a surname"));
      p.given_names = Str(pj, "given_names", where);
      std::string role = Str(pj, "role", where);
      if (role == "crew") {
        p.category = edifact::ListType::kCrew;
      } else if (role == "in_transit") {
        p.in_transit = true;
        p.category = edifact::ListType::kPassenger;
      } else if (role.empty() || role == "passenger") {
        p.category = m.list_type;
      } else {
        return core::Fail(Invalid(where + "role", "the role is passenger, crew or in_transit"));
      }
      p.role = role;
      std::string bd = Str(pj, "birth_date", where);
      if (!bd.empty()) {
        p.birth_date = DateValue(bd);
        if (!p.birth_date || bd.size() != 10) {
          return core::Fail(Invalid(where + "birth_date", "the date of birth is YYYY-MM-DD"));
        }
      }
      p.sex = Str(pj, "sex", where);
      p.nationality = core::AsciiUpper(Str(pj, "nationality", where));
      p.embarkation = Str(pj, "embarkation", where);
      p.debarkation = Str(pj, "debarkation", where);
      p.booking_reference = Str(pj, "booking_reference", where);
      p.booking_date = JsonDate(pj, "booking_date", where);
      if (pj.contains("health") && !pj.at("health").is_null()) {
        p.health = HealthFromJson(pj.at("health"), where + "health");
      }
      if (pj.contains("documents") && pj.at("documents").is_array()) {
        for (const auto& dj : pj.at("documents")) {
          if (!dj.is_object()) continue;
          edifact::TravelDocument d;
          d.type = Str(dj, "type", where + "documents.");
          d.number = Str(dj, "number", where + "documents.");
          d.issuing_state = core::AsciiUpper(Str(dj, "issuing_state", where + "documents."));
          std::string exp = Str(dj, "expiry_date", where + "documents.");
          if (!exp.empty()) d.expiry_date = DateValue(exp);
          p.documents.push_back(std::move(d));
        }
      }
      m.persons.push_back(std::move(p));
    }
    return in;
  } catch (const core::Error& e) {
    return core::Fail(e);
  } catch (const json::exception& e) {
    return core::Fail(ErrorCode::kInvalidArgument, std::string("bad JSON value: ") + e.what());
  }
}

json DocumentsJson(const std::vector<edifact::TravelDocument>& docs) {
  json out = json::array();
  for (const auto& d : docs) {
    out.push_back({{"type", d.type},
                   {"number", d.number},
                   {"issuing_state", d.issuing_state},
                   {"expiry_date", d.expiry_date ? json(DateOf(d.expiry_date)) : json(nullptr)}});
  }
  return out;
}

// What identifies a person across versions of a list, for carrying marks over.
std::string PersonKey(const store::ManifestPerson& p) {
  if (!p.document_number.empty()) return "d|" + p.document_number + "|" + p.issuing_state;
  return "n|" + core::AsciiUpper(p.surname) + "|" + core::AsciiUpper(p.given_names) + "|" +
         p.birth_date;
}

int LevelRank(const std::string& level) {
  if (level == "red") return 0;
  if (level == "yellow") return 1;
  if (level == "green") return 2;
  return 3;
}

std::string Normalized(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::optional<int> AgeAt(const std::string& birth_date, int64_t now_us) {
  auto t = core::ParseIso8601(birth_date);
  if (!t || birth_date.size() != 10) return std::nullopt;
  std::chrono::year_month_day b(std::chrono::floor<std::chrono::days>(*t));
  std::chrono::year_month_day n(std::chrono::floor<std::chrono::days>(core::FromMicros(now_us)));
  int age = static_cast<int>(n.year()) - static_cast<int>(b.year());
  if (n.month() < b.month() || (n.month() == b.month() && n.day() < b.day())) --age;
  return age < 0 ? std::nullopt : std::optional<int>(age);
}

// A declared temperature from which the person goes on the risk list, the
// threshold of docs/rules.md's health.temperature example.
constexpr double kFeverCelsius = 37.3;

std::string HealthQuestionEn(const std::string& q) {
  if (q == "breathing_difficulty") return "difficulty breathing";
  if (q == "contact_with_case") return "contact with a case of a notifiable disease";
  return q;
}

std::string HealthQuestionZh(const std::string& q) {
  static const std::map<std::string, std::string> zh = {
      {"fever", "发热"},    {"cough", "咳嗽"},     {"breathing_difficulty", "呼吸困难"},
      {"rash", "皮疹"},     {"diarrhoea", "腹泻"}, {"vomiting", "呕吐"},
      {"jaundice", "黄疸"}, {"bleeding", "出血"},  {"contact_with_case", "接触过法定传染病病例"}};
  auto it = zh.find(q);
  return it == zh.end() ? q : it->second;
}

// What the persons of one manifest share when they are assessed: the
// declared ports of call (journey.visits) and how many persons each booking
// reference has on the list.
struct AssessContext {
  json visits = json::array();
  std::map<std::string, int> booked;
};

AssessContext ContextOf(const store::Manifest& mf,
                        const std::vector<store::ManifestPerson>& persons) {
  AssessContext ctx;
  for (const auto& p : persons) {
    if (!p.booking_reference.empty()) ++ctx.booked[core::AsciiUpper(p.booking_reference)];
  }
  json ports = json::parse(mf.ports_of_call_json, nullptr, false);
  if (!ports.is_array()) return ctx;
  for (const auto& pc : ports) {
    const std::string port = pc.value("port", "");
    std::string country = pc.contains("country") && pc["country"].is_string()
                              ? pc["country"].get<std::string>()
                              : std::string();
    // UN/LOCODE: the first two letters are the ISO 3166-1 alpha-2 country.
    if (country.empty() && port.size() == 5) country = port.substr(0, 2);
    json v = {
        {"port", port}, {"country", names::CountryAlpha3(country)}, {"source", "declaration"}};
    for (const char* k : {"arrived", "departed"}) {
      if (pc.contains(k) && pc[k].is_string()) {
        if (auto t = core::ParseIso8601(pc[k].get<std::string>()))
          v[k] = Rfc3339(core::ToMicros(*t));
      }
    }
    ctx.visits.push_back(std::move(v));
  }
  return ctx;
}

bool BookedTogether(const AssessContext& ctx, const std::string& booking_reference) {
  auto it = ctx.booked.find(core::AsciiUpper(booking_reference));
  return it != ctx.booked.end() && it->second > 1;
}

// Runs fn(0..n-1) on up to `threads` threads (the caller's and the shared
// pool's workers, whose per-thread screening scratch space outlives a call). Indexes
// are handed out in small chunks from a shared counter, so that a thread that
// meets slow persons (many candidates) does not hold the others up. Returns
// the first error met; the remaining indexes are then skipped.
Status ForEachIndex(size_t n, int threads, const std::function<Status(size_t)>& fn) {
  constexpr size_t kChunk = 8;
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mu;
  std::optional<core::Error> error;
  auto work = [&] {
    while (!failed.load(std::memory_order_relaxed)) {
      const size_t begin = next.fetch_add(kChunk, std::memory_order_relaxed);
      if (begin >= n) return;
      const size_t end = std::min(n, begin + kChunk);
      for (size_t i = begin; i < end; ++i) {
        Status st = fn(i);
        if (!st) {
          std::lock_guard<std::mutex> lock(error_mu);
          if (!error) error = st.error();
          failed = true;
          return;
        }
      }
    }
  };
  const size_t chunks = (n + kChunk - 1) / kChunk;
  const size_t helpers =
      std::min(static_cast<size_t>(std::max(threads, 1) - 1), chunks > 0 ? chunks - 1 : 0);
  core::TaskPool::Shared().Run(helpers, work);
  if (error) return core::Fail(*error);
  return Status::Ok();
}

// A hit as the risk list stores it (hits_json), with its status.
json HitJson(const WorkflowHit& h, const char* status) {
  return {{"list_id", h.list_id},
          {"list_code", h.list_code},
          {"list_name", h.list_name},
          {"list_kind", h.list_kind},
          {"action", h.action},
          {"entry_id", h.hit.entry_id},
          {"entry_hash", h.entry_hash},
          {"matched_name", h.hit.matched_name},
          {"score", h.hit.score},
          {"status", status},
          {"explanation_en", ExplainHit(h.hit, "en")},
          {"explanation_zh", ExplainHit(h.hit, "zh-CN")}};
}

// One person's facts, rules and risk list entry. `cleared[k]` is the earlier
// "not the same person" clearance of hits[k], if any. Pure: reads only the
// compiled rules.
PersonRisk AssessPerson(const RuleService* rules, const store::Manifest& mf,
                        const std::string& port_code, const store::ManifestPerson& p,
                        const std::vector<WorkflowHit>& hits,
                        const std::vector<std::optional<store::HitClearance>>& cleared,
                        const AssessContext& ctx, int64_t now_us) {
  // The facts of docs/rules.md for a manifest entry.
  json document = {
      {"type", ""}, {"issuing_state", p.issuing_state}, {"reported_lost_stolen", false}};
  json docs = json::parse(p.documents_json, nullptr, false);
  if (docs.is_array() && !docs.empty()) {
    document["type"] = docs[0].value("type", "");
    if (docs[0].contains("expiry_date") && docs[0]["expiry_date"].is_string()) {
      if (auto t = core::ParseIso8601(docs[0]["expiry_date"].get<std::string>())) {
        document["expiry"] = Rfc3339(core::ToMicros(*t));
      }
    }
  }
  json traveller = {{"nationality", p.nationality}};
  if (auto age = AgeAt(p.birth_date, now_us)) traveller["age"] = *age;
  json journey = {
      {"direction", "entry"},
      {"port", port_code},
      {"conveyance", mf.conveyance},
      {"carrier", mf.transport_id},
      {"embarkation_port", p.embarkation.empty() ? mf.departure_location : p.embarkation},
      {"embarkation_country", ""},
      {"transit_ports", json::array()},
      {"visits", ctx.visits}};
  json hit_facts = json::array();
  json best = json::object();
  json hits_json = json::array();
  std::vector<HitSignal> signals;
  json cleared_reasons = json::array();
  for (size_t k = 0; k < hits.size(); ++k) {
    const auto& h = hits[k];
    if (cleared[k]) {
      const auto& c = *cleared[k];
      json item = HitJson(h, "cleared_before");
      item["reason"] = c.reason;
      item["cleared_by"] = c.cleared_by;
      item["cleared_at"] = Rfc3339(c.cleared_at_us);
      hits_json.push_back(std::move(item));
      cleared_reasons.push_back(
          {{"en", "hit on " + h.list_name + " (" + h.hit.matched_name +
                      ") was cleared before for this document: not the same person"},
           {"zh", "名单“" + h.list_name + "”（" + h.hit.matched_name +
                      "）的比中此前已对本证件认定为非同一人"}});
      continue;
    }
    AddScreeningFact(h.list_kind, h.hit.score, h.action, h.hit.entry_id, best, hit_facts, document);
    signals.push_back(HitSignal{h.list_kind, h.action, h.hit.score});
    hits_json.push_back(HitJson(h, "open"));
  }
  json manifest_facts = {{"present", true}, {"role", p.role == "crew" ? "crew" : "passenger"}};
  if (!p.booking_reference.empty()) {
    manifest_facts["accompanied"] = BookedTogether(ctx, p.booking_reference);
  }
  if (!p.booking_date.empty() && mf.scheduled_departure_us) {
    if (auto t = core::ParseIso8601(p.booking_date)) {
      const int64_t lead_us = *mf.scheduled_departure_us - core::ToMicros(*t);
      if (lead_us >= 0) manifest_facts["booking_lead"] = std::to_string(lead_us / 1000000) + "s";
    }
  }
  json facts = {{"document", document},
                {"traveller", traveller},
                {"journey", journey},
                {"screening", {{"best_score", best}, {"hits", hit_facts}}},
                {"manifest", manifest_facts}};
  // The Maritime Declaration of Health: declared symptoms, contact, temperature.
  std::vector<std::string> declared;
  std::optional<double> temperature;
  if (!p.health_json.empty()) {
    json h = json::parse(p.health_json, nullptr, false);
    if (h.is_object()) {
      json health = {{"symptoms", json::array()}};
      const json answers = h.value("answers", json::object());
      for (const auto& q : edifact::HealthQuestions()) {
        const std::string key(q);
        if (!answers.contains(key) || !answers[key].is_boolean()) continue;
        const bool yes = answers[key].get<bool>();
        if (key == edifact::kContactWithCase) {
          health["contact_with_case"] = yes;
        } else if (yes) {
          health["symptoms"].push_back(key);
        }
        if (yes) declared.push_back(key);
      }
      if (h.contains("temperature") && h["temperature"].is_number()) {
        temperature = h["temperature"].get<double>();
        health["temperature"] = *temperature;
      }
      facts["health"] = health;
    }
  }
  const std::string facts_text = Dump(facts);
  RiskAssessment risk;
  bool assessed = false;
  if (rules) {
    auto a = rules->Assess(mf.unit_id, facts_text, signals, now_us);
    if (a) {
      risk = std::move(*a);
      assessed = true;
    }
  }
  if (!assessed) {
    risk = CombineRisk({}, signals);
    if (rules) {
      risk.reasons_en.push_back("the risk rules could not be evaluated for this person");
      risk.reasons_zh.push_back("无法对此人执行风险规则");
    }
  }
  json reasons = json::array();
  for (size_t k = 0; k < risk.reasons_en.size(); ++k) {
    reasons.push_back(
        {{"en", risk.reasons_en[k]},
         {"zh", k < risk.reasons_zh.size() ? risk.reasons_zh[k] : risk.reasons_en[k]}});
  }
  for (const auto& r : cleared_reasons) reasons.push_back(r);
  const bool feverish = temperature && *temperature >= kFeverCelsius;
  if (!declared.empty() || feverish) {
    // The officer decides: the reason suggests notify_health, nothing is marked.
    std::string en, zh;
    for (const auto& q : declared) {
      en += (en.empty() ? "" : ", ") + HealthQuestionEn(q);
      zh += (zh.empty() ? "" : "、") + HealthQuestionZh(q);
    }
    if (temperature) {
      char t[32];
      std::snprintf(t, sizeof t, "%.1f", *temperature);
      en += std::string(en.empty() ? "" : "; ") + "temperature " + t + " °C";
      zh += std::string(zh.empty() ? "" : "；") + "体温 " + t + " °C";
    }
    reasons.push_back({{"en", "Maritime Declaration of Health: " + en +
                                  " — consider notifying the health authority (notify health)"},
                       {"zh", "海事健康申明：" + zh + " —— 建议通知卫生检疫部门（通知卫生）"},
                       {"suggest", "notify_health"}});
    if (risk.level == "green") risk.level = "yellow";
  }
  if (p.from_defective_message) {
    reasons.push_back({{"en", "from a defective message: check the data with the carrier"},
                       {"zh", "来自有缺陷的报文：请与承运人核实数据"}});
  }
  return PersonRisk{p.id, risk.level, risk.points, Dump(reasons), Dump(hits_json), facts_text};
}

}  // namespace

screening::ScreeningQuery ScreeningQueryOf(const store::ManifestPerson& p) {
  screening::ScreeningQuery q;
  q.name = p.given_names.empty() ? p.surname : p.surname + " " + p.given_names;
  if (!p.birth_date.empty()) {
    if (auto bd = screening::ParseBirthDate(p.birth_date)) q.birth_date = *bd;
  }
  q.nationality = p.nationality;
  q.document_number = p.document_number;
  q.gender = p.sex == "M" || p.sex == "F" ? p.sex : "";
  return q;
}

std::vector<store::ManifestPerson> ManifestPersonsOf(const edifact::PaxlstMessage& m,
                                                     bool defective) {
  std::vector<store::ManifestPerson> out;
  int64_t seq = 0;
  for (const auto& p : m.persons) {
    store::ManifestPerson r;
    r.seq = ++seq;
    r.role = RoleOf(p, m.list_type);
    r.role_code = p.role;
    r.surname = p.surname;
    r.given_names = p.given_names;
    r.birth_date = DateOf(p.birth_date);
    r.sex = p.sex;
    r.nationality = p.nationality;
    r.embarkation = p.embarkation;
    r.debarkation = p.debarkation;
    r.documents_json = Dump(DocumentsJson(p.documents));
    if (!p.documents.empty()) {
      r.document_number = p.documents.front().number;
      r.issuing_state = p.documents.front().issuing_state;
    }
    r.from_defective_message = defective;
    r.booking_reference = p.booking_reference;
    r.booking_date = p.booking_date ? p.booking_date->Iso() : std::string();
    if (!p.health.Empty()) r.health_json = Dump(HealthJson(p.health));
    out.push_back(std::move(r));
  }
  return out;
}

const std::vector<std::string>& ManifestMarks() {
  static const std::vector<std::string> marks = {"meet_at_gate", "refer", "notify_customs",
                                                 "notify_health"};
  return marks;
}

ManifestService::ManifestService(store::Store& store, const AuditLog& audit,
                                 const core::Clock& clock, const ScreeningService* screening,
                                 const RuleService* rules, PartnerNotifyFn notify)
    : store_(store),
      audit_(audit),
      clock_(clock),
      screening_(screening),
      rules_(rules),
      notify_(std::move(notify)) {
  set_screen_threads(static_cast<int>(std::thread::hardware_concurrency()));
}

Result<IntakeResult> ManifestService::Intake(const Principal* who, const RequestMeta& meta,
                                             const ManifestIntakeRequest& req) {
  if (who && !who->HasAnyRole({"analyst", "carrier"})) {
    return core::Fail(ErrorCode::kPermissionDenied,
                      "receiving manifests needs the analyst or carrier role");
  }
  if (req.source != "api" && req.source != "inbox")
    return core::Fail(Invalid("source", "the source is api or inbox"));
  if (!req.conveyance.empty() && !IsConveyance(req.conveyance)) {
    return core::Fail(Invalid("conveyance", "the conveyance is air, sea, rail or land"));
  }

  // 1. Parse: every format becomes PAXLST messages.
  IntakeResult out;
  std::vector<Incoming> lists;
  std::string sender, interchange_ref;
  std::vector<edifact::EdifactIssue> all_issues;
  edifact::Verdict verdict = edifact::Verdict::kValid;
  const int64_t now_us = core::ToMicros(clock_.Now());
  if (req.format == "edifact") {
    GUOMEN_ASSIGN_OR_RETURN(auto ic, edifact::ParsePaxlst(req.body));
    sender = ic.sender;
    interchange_ref = ic.reference;
    all_issues = ic.AllIssues();
    verdict = ic.verdict;
    if (verdict == edifact::Verdict::kUnsupported) {
      return core::Fail(ErrorCode::kInvalidArgument,
                        "the interchange holds no PAXLST message of a supported release", "body");
    }
    // The carrier's acknowledgement (ISO 9735 CONTRL), dated by our clock.
    edifact::ContrlOptions o;
    const auto now = clock_.Now();
    const auto day = std::chrono::floor<std::chrono::days>(now);
    const std::chrono::year_month_day ymd(day);
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(now - day).count();
    char date[16];
    char time[16];
    std::snprintf(date, sizeof date, "%02d%02u%02u", static_cast<int>(ymd.year()) % 100,
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    std::snprintf(time, sizeof time, "%02d%02d", static_cast<int>(minutes / 60),
                  static_cast<int>(minutes % 60));
    o.date = date;
    o.time = time;
    o.control_reference = HashToken(req.body).substr(0, 12);
    out.acknowledgement = edifact::MakeContrl(ic, o);
    out.acknowledgement_action = edifact::ContrlAction(ic);
    for (auto& m : ic.messages) {
      if (m.verdict == edifact::Verdict::kUnsupported) continue;
      Incoming in;
      in.message = std::move(m);
      TakeLegs(in);
      in.conveyance = req.conveyance.empty() ? "air" : req.conveyance;
      lists.push_back(std::move(in));
    }
  } else if (req.format == "csv") {
    if (core::Trim(req.transport_id).empty()) {
      return core::Fail(
          Invalid("transport_id", "a CSV list needs the transport id of its conveyance"));
    }
    GUOMEN_ASSIGN_OR_RETURN(auto m, edifact::ParseFalCsv(req.body));
    Incoming in;
    in.message = std::move(m);
    in.message.transport_id = std::string(core::Trim(req.transport_id));
    in.message.carrier = req.carrier;
    in.message.reference = req.reference;
    if (!req.arrival.empty()) {
      auto t = core::ParseIso8601(req.arrival);
      if (!t) return core::Fail(Invalid("arrival", "the arrival is an ISO 8601 time"));
      in.arrival_us = core::ToMicros(*t);
    }
    in.departure_location = req.departure_location;
    in.arrival_location = req.arrival_location;
    in.conveyance = req.conveyance.empty() ? "sea" : req.conveyance;
    all_issues = in.message.issues;
    verdict = in.message.verdict;
    lists.push_back(std::move(in));
  } else if (req.format == "json") {
    GUOMEN_ASSIGN_OR_RETURN(auto in, FromJson(req.body));
    if (!req.conveyance.empty()) in.conveyance = req.conveyance;
    lists.push_back(std::move(in));
  } else {
    return core::Fail(Invalid("format", "the format is edifact, csv or json"));
  }
  size_t total = 0;
  for (const auto& l : lists) total += l.message.persons.size();
  if (total > kMaxPersons) {
    return core::Fail(ErrorCode::kTooLarge,
                      "at most " + std::to_string(kMaxPersons) + " persons per intake");
  }
  out.verdict = std::string(edifact::VerdictName(verdict));
  out.issues_json = Dump(IssuesJson(all_issues));

  // 2. Store, in one transaction with its audit event.
  std::vector<int64_t> to_screen;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    out.manifests.clear();
    to_screen.clear();
    int64_t port = 0;
    if (req.port_unit_id) {
      port = *req.port_unit_id;
      if (who && !who->CanSeeUnit(port)) {
        return core::Fail(ErrorCode::kNotFound,
                          "no port " + std::to_string(port) + " in your units", "port_unit_id");
      }
    } else if (who) {
      port = who->unit_id;
    } else {
      return core::Fail(Invalid("port_unit_id", "the port of arrival is required"));
    }
    GUOMEN_ASSIGN_OR_RETURN(auto unit, tx.GetUnit(port));
    if (!unit || (unit->kind != "port" && unit->kind != "station")) {
      return core::Fail(
          Invalid("port_unit_id", "manifests are received for a port or station unit"));
    }
    std::vector<std::string> ids;
    for (const auto& in : lists) {
      const auto& m = in.message;
      const bool defective = m.verdict == edifact::Verdict::kInvalid;
      const std::string list_type = std::string(edifact::ListTypeName(m.list_type));
      const std::string hash = HashToken(req.format + "\n" + m.reference + "\n" + req.body);
      IntakeItem item;
      std::optional<store::Manifest> target;
      if (!m.reference.empty() || !interchange_ref.empty()) {
        GUOMEN_ASSIGN_OR_RETURN(auto v,
                                tx.FindManifestVersionByRefs(sender, interchange_ref, m.reference));
        if (v && v->unit_id == port) {
          GUOMEN_ASSIGN_OR_RETURN(target, tx.GetManifest(v->manifest_id));
          if (target && v->content_hash == hash) item.resend = true;
        }
      }
      if (!target) {
        std::optional<int64_t> from, to;
        if (in.arrival_us) {
          from = *in.arrival_us - 12 * kMicrosPerHour;
          to = *in.arrival_us + 12 * kMicrosPerHour;
        }
        GUOMEN_ASSIGN_OR_RETURN(
            target, tx.FindManifestByConveyance(port, m.transport_id, list_type, from, to));
        if (target && target->content_hash == hash) item.resend = true;
      }
      if (item.resend) {
        item.manifest = *target;
        item.manifest.raw_text.clear();
        GUOMEN_ASSIGN_OR_RETURN(auto persons, tx.ListManifestPersons(target->id));
        item.persons = static_cast<int64_t>(persons.size());
        for (const auto& p : persons) {
          item.red += p.risk_level == "red" ? 1 : 0;
          item.yellow += p.risk_level == "yellow" ? 1 : 0;
        }
        ids.push_back(std::to_string(target->id));
        out.manifests.push_back(std::move(item));
        continue;
      }
      store::Manifest mf = target ? *target : store::Manifest{};
      mf.unit_id = port;
      mf.carrier = m.carrier;
      mf.transport_id = m.transport_id;
      mf.list_type = list_type;
      mf.conveyance = in.conveyance;
      mf.ports_of_call_json = Dump(PortsOfCallJson(m.ports_of_call));
      mf.scheduled_arrival_us = in.arrival_us;
      mf.scheduled_departure_us = in.departure_us;
      mf.departure_location = in.departure_location;
      mf.arrival_location = in.arrival_location;
      mf.sender = sender;
      mf.interchange_ref = interchange_ref;
      mf.message_ref = m.reference;
      mf.format = req.format == "edifact" ? "paxlst" : req.format == "csv" ? "fal_csv" : "json";
      mf.verdict = std::string(edifact::VerdictName(
          m.verdict == edifact::Verdict::kUnsupported ? edifact::Verdict::kInvalid : m.verdict));
      mf.issues_json = Dump(IssuesJson(m.issues));
      mf.content_hash = hash;
      mf.updated_at_us = now_us;
      mf.source = req.source;
      mf.raw_text = req.body;
      mf.screened_at_us.reset();
      mf.received_by = who ? std::optional<int64_t>(who->user_id) : std::nullopt;
      // Marks of the previous version carry over to the same persons.
      std::map<std::string, std::string> marks;
      if (target) {
        item.updated = true;
        mf.version = target->version + 1;
        GUOMEN_ASSIGN_OR_RETURN(auto old, tx.ListManifestPersons(target->id));
        for (const auto& p : old) {
          if (p.marks_json != "[]") marks[PersonKey(p)] = p.marks_json;
        }
        GUOMEN_RETURN_IF_ERROR(tx.DeleteManifestPersons(target->id));
        GUOMEN_RETURN_IF_ERROR(tx.UpdateManifest(mf));
      } else {
        mf.version = 1;
        mf.received_at_us = now_us;
        GUOMEN_ASSIGN_OR_RETURN(mf.id, tx.InsertManifest(mf));
      }
      store::ManifestVersion v;
      v.manifest_id = mf.id;
      v.unit_id = port;
      v.version = mf.version;
      v.sender = sender;
      v.interchange_ref = interchange_ref;
      v.message_ref = m.reference;
      v.change = m.change;
      v.document_code = m.document_code;
      v.verdict = mf.verdict;
      v.issues_json = mf.issues_json;
      v.content_hash = hash;
      v.person_count = static_cast<int64_t>(m.persons.size());
      v.received_at_us = now_us;
      v.source = req.source;
      v.raw_text = req.body;
      GUOMEN_ASSIGN_OR_RETURN(v.id, tx.InsertManifestVersion(v));
      for (auto& p : ManifestPersonsOf(m, defective)) {
        p.manifest_id = mf.id;
        p.unit_id = port;
        if (auto it = marks.find(PersonKey(p)); it != marks.end()) p.marks_json = it->second;
        GUOMEN_ASSIGN_OR_RETURN(p.id, tx.InsertManifestPerson(p));
      }
      item.manifest = mf;
      item.manifest.raw_text.clear();
      item.persons = static_cast<int64_t>(m.persons.size());
      ids.push_back(std::to_string(mf.id));
      to_screen.push_back(mf.id);
      out.manifests.push_back(std::move(item));
    }
    std::string action = "manifest.receive";
    if (!out.manifests.empty() && to_screen.empty()) action = "manifest.resend";
    return audit_.Append(tx, who, meta, {action, "manifest", core::Join(ids, ","), "ok"},
                         who ? std::string() : std::string("inbox"));
  }));

  // 3. Screen what was written (outside the write transaction), then report.
  for (int64_t id : to_screen) GUOMEN_RETURN_IF_ERROR(Screen(id));
  if (!to_screen.empty()) {
    GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
      for (auto& item : out.manifests) {
        if (item.resend) continue;
        GUOMEN_ASSIGN_OR_RETURN(auto persons, tx.ListManifestPersons(item.manifest.id));
        item.red = item.yellow = 0;
        for (const auto& p : persons) {
          item.red += p.risk_level == "red" ? 1 : 0;
          item.yellow += p.risk_level == "yellow" ? 1 : 0;
        }
        GUOMEN_ASSIGN_OR_RETURN(auto mf, tx.GetManifest(item.manifest.id));
        if (mf) item.manifest.screened_at_us = mf->screened_at_us;
      }
      return Status::Ok();
    }));
  }
  return out;
}

Result<std::vector<std::vector<WorkflowHit>>> ManifestService::ScreenPersons(
    const std::vector<store::ManifestPerson>& persons) const {
  std::vector<std::vector<WorkflowHit>> hits(persons.size());
  if (!screening_) return hits;
  GUOMEN_RETURN_IF_ERROR(ForEachIndex(persons.size(), screen_threads_, [&](size_t i) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(hits[i], screening_->ScreenForWorkflow(ScreeningQueryOf(persons[i])));
    return Status::Ok();
  }));
  return hits;
}

Result<std::vector<PersonRisk>> ManifestService::RiskOf(
    const store::Manifest& mf, const std::string& port_code,
    const std::vector<store::ManifestPerson>& persons,
    const std::vector<std::vector<WorkflowHit>>& hits,
    const std::vector<std::vector<std::optional<store::HitClearance>>>& cleared,
    int64_t now_us) const {
  const AssessContext ctx = ContextOf(mf, persons);
  const std::vector<std::optional<store::HitClearance>> none;
  std::vector<PersonRisk> results(persons.size());
  GUOMEN_RETURN_IF_ERROR(ForEachIndex(persons.size(), screen_threads_, [&](size_t i) -> Status {
    std::vector<std::optional<store::HitClearance>> c =
        i < cleared.size() ? cleared[i] : std::vector<std::optional<store::HitClearance>>();
    c.resize(hits[i].size());
    results[i] = AssessPerson(rules_, mf, port_code, persons[i], hits[i], c, ctx, now_us);
    return Status::Ok();
  }));
  return results;
}

Result<std::vector<PersonRisk>> ManifestService::AssessPersons(
    const store::Manifest& mf, const std::string& port_code,
    const std::vector<store::ManifestPerson>& persons, int64_t now_us) const {
  GUOMEN_ASSIGN_OR_RETURN(auto hits, ScreenPersons(persons));
  return RiskOf(mf, port_code, persons, hits, {}, now_us);
}

Status ManifestService::Screen(int64_t manifest_id) {
  std::optional<store::Manifest> mf;
  std::vector<store::ManifestPerson> persons;
  std::string port_code;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(mf, tx.GetManifest(manifest_id));
    if (!mf) return core::Fail(ErrorCode::kNotFound, "no manifest " + std::to_string(manifest_id));
    GUOMEN_ASSIGN_OR_RETURN(persons, tx.ListManifestPersons(manifest_id));
    GUOMEN_ASSIGN_OR_RETURN(auto unit, tx.GetUnit(mf->unit_id));
    if (unit) port_code = unit->code;
    return Status::Ok();
  }));
  const int64_t now_us = core::ToMicros(clock_.Now());
  // 1. The watchlist hits of every person (on a few threads).
  GUOMEN_ASSIGN_OR_RETURN(auto all_hits, ScreenPersons(persons));
  // 2. Hits cleared before as "not the same person" for the person's
  // document and the unchanged entry (at the desk or on a manifest: the
  // desk's hit_clearances) do not count again.
  std::vector<std::vector<std::optional<store::HitClearance>>> cleared(persons.size());
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    for (size_t i = 0; i < persons.size(); ++i) {
      cleared[i].assign(all_hits[i].size(), std::nullopt);
      if (persons[i].document_number.empty()) continue;
      for (size_t k = 0; k < all_hits[i].size(); ++k) {
        const auto& h = all_hits[i][k];
        GUOMEN_ASSIGN_OR_RETURN(
            cleared[i][k], tx.FindHitClearance(persons[i].document_number, persons[i].issuing_state,
                                               h.list_id, h.hit.entry_id, h.entry_hash));
      }
    }
    return Status::Ok();
  }));
  // 3. Facts, rules and the risk list entry of every person.
  GUOMEN_ASSIGN_OR_RETURN(auto results, RiskOf(*mf, port_code, persons, all_hits, cleared, now_us));
  return store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto now, tx.GetManifest(manifest_id));
    // A newer version arrived meanwhile: it is screened by its own intake.
    if (!now || now->version != mf->version) return Status::Ok();
    for (size_t i = 0; i < results.size(); ++i) {
      const PersonRisk& r = results[i];
      // The facts of a person's first screening are kept for backtests of
      // rules (docs/rules.md "Backtest"); re-screenings after a list or rule
      // change do not count the person again.
      if (!persons[i].screened_at_us) {
        store::FactSnapshot snapshot{0,           mf->unit_id, now_us, "manifest_person",
                                     r.person_id, r.facts_json};
        GUOMEN_ASSIGN_OR_RETURN(auto snapshot_id, tx.InsertFactSnapshot(snapshot));
        (void)snapshot_id;
      }
      store::ManifestPerson p;
      p.id = r.person_id;
      p.risk_level = r.level;
      p.points = r.points;
      p.reasons_json = r.reasons_json;
      p.hits_json = r.hits_json;
      p.screened_at_us = now_us;
      GUOMEN_RETURN_IF_ERROR(tx.UpdateManifestPersonRisk(p));
    }
    now->screened_at_us = now_us;
    return tx.UpdateManifest(*now);
  });
}

Result<RescreenReport> ManifestService::RescreenPending() {
  const int64_t now_us = core::ToMicros(clock_.Now());
  std::vector<int64_t> ids;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(ids, tx.ListManifestIdsArrivingAfter(now_us));
    return Status::Ok();
  }));
  RescreenReport report;
  for (int64_t id : ids) {
    GUOMEN_RETURN_IF_ERROR(Screen(id));
    ++report.manifests;
  }
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    for (int64_t id : ids) {
      GUOMEN_ASSIGN_OR_RETURN(auto persons, tx.ListManifestPersons(id));
      report.persons += static_cast<int64_t>(persons.size());
    }
    return Status::Ok();
  }));
  return report;
}

Result<std::vector<store::ManifestSummary>> ManifestService::Arrivals(const Principal& who,
                                                                      const ArrivalsQuery& q) {
  if (q.to_us <= q.from_us) return core::Fail(Invalid("to", "the window must end after it starts"));
  if (q.port_unit_id && !who.CanSeeUnit(*q.port_unit_id)) {
    return core::Fail(ErrorCode::kNotFound,
                      "no port " + std::to_string(*q.port_unit_id) + " in your units",
                      "port_unit_id");
  }
  std::vector<store::ManifestSummary> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    store::ManifestFilter f;
    f.unit_id = q.port_unit_id;
    f.from_us = q.from_us;
    f.to_us = q.to_us;
    f.limit = 500;
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListManifests(who.scope, f));
    return Status::Ok();
  }));
  return out;
}

Result<ManifestView> ManifestService::Get(const Principal& who, const RequestMeta& meta,
                                          int64_t id) {
  ManifestView view;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto mf, tx.GetManifest(id));
    if (!mf || !who.CanSeeUnit(mf->unit_id)) {
      return core::Fail(ErrorCode::kNotFound,
                        "no manifest " + std::to_string(id) + " in your units");
    }
    view.manifest = std::move(*mf);
    GUOMEN_ASSIGN_OR_RETURN(view.persons, tx.ListManifestPersons(id));
    GUOMEN_ASSIGN_OR_RETURN(view.versions, tx.ListManifestVersions(id));
    for (auto& v : view.versions) v.raw_text.clear();
    return audit_.Append(tx, &who, meta, {"manifest.read", "manifest", std::to_string(id), "ok"});
  }));
  std::stable_sort(view.persons.begin(), view.persons.end(),
                   [](const store::ManifestPerson& a, const store::ManifestPerson& b) {
                     if (LevelRank(a.risk_level) != LevelRank(b.risk_level)) {
                       return LevelRank(a.risk_level) < LevelRank(b.risk_level);
                     }
                     if (a.points != b.points) return a.points > b.points;
                     return a.seq < b.seq;
                   });
  return view;
}

Result<store::ManifestPerson> ManifestService::Mark(const Principal& who, const RequestMeta& meta,
                                                    int64_t manifest_id, int64_t person_id,
                                                    const std::string& mark, bool set) {
  const auto& marks = ManifestMarks();
  if (std::find(marks.begin(), marks.end(), mark) == marks.end()) {
    return core::Fail(
        Invalid("mark", "the mark is meet_at_gate, refer, notify_customs or notify_health"));
  }
  if (!who.HasRole("analyst")) {
    return core::Fail(ErrorCode::kPermissionDenied, "marking persons needs the analyst role");
  }
  const int64_t now_us = core::ToMicros(clock_.Now());
  store::ManifestPerson person;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto mf, tx.GetManifest(manifest_id));
    GUOMEN_ASSIGN_OR_RETURN(auto p, tx.GetManifestPerson(person_id));
    if (!mf || !who.CanSeeUnit(mf->unit_id) || !p || p->manifest_id != manifest_id) {
      return core::Fail(ErrorCode::kNotFound, "no person " + std::to_string(person_id) +
                                                  " on manifest " + std::to_string(manifest_id) +
                                                  " in your units");
    }
    json list = json::parse(p->marks_json, nullptr, false);
    if (!list.is_array()) list = json::array();
    json kept = json::array();
    bool had = false;
    for (const auto& m : list) {
      if (m.value("mark", "") == mark) {
        had = true;
        if (!set) continue;
      }
      kept.push_back(m);
    }
    if (set && !had) {
      kept.push_back({{"mark", mark},
                      {"by", who.user_id},
                      {"by_name", who.display_name.empty() ? who.username : who.display_name},
                      {"at", Rfc3339(now_us)}});
    }
    p->marks_json = Dump(kept);
    GUOMEN_RETURN_IF_ERROR(tx.UpdateManifestPersonMarks(p->id, p->marks_json));
    if (set && !had && (mark == "notify_customs" || mark == "notify_health") && notify_) {
      PartnerNotice n;
      n.kind = mark == "notify_customs" ? "customs" : "health";
      n.port_unit_id = mf->unit_id;
      n.subject_ref = "manifest:" + std::to_string(mf->id) + "/person:" + std::to_string(p->id);
      n.idempotency_key = n.subject_ref + "/" + n.kind + "/v" + std::to_string(mf->version);
      n.payload_json = Dump(
          {{"kind", n.kind},
           {"manifest_id", mf->id},
           {"person_id", p->id},
           {"port_unit_id", mf->unit_id},
           {"carrier", mf->carrier},
           {"transport_id", mf->transport_id},
           {"scheduled_arrival",
            mf->scheduled_arrival_us ? json(Rfc3339(*mf->scheduled_arrival_us)) : json(nullptr)},
           {"surname", p->surname},
           {"given_names", p->given_names},
           {"birth_date", p->birth_date},
           {"nationality", p->nationality},
           {"document_number", p->document_number},
           {"issuing_state", p->issuing_state},
           {"risk_level", p->risk_level},
           {"reasons", json::parse(p->reasons_json, nullptr, false)},
           {"marked_by", who.username},
           {"marked_at", Rfc3339(now_us)}});
      GUOMEN_RETURN_IF_ERROR(notify_(tx, n));
    }
    person = *p;
    return audit_.Append(tx, &who, meta,
                         {std::string("manifest.") + (set ? "mark." : "unmark.") + mark,
                          "manifest_person", std::to_string(p->id), "ok"});
  }));
  return person;
}

Result<store::ManifestPerson> ManifestService::ClearHit(
    const Principal& who, const RequestMeta& meta, int64_t manifest_id, int64_t person_id,
    int64_t list_id, const std::string& entry_id, const std::string& reason) {
  if (!who.HasRole("analyst")) {
    return core::Fail(ErrorCode::kPermissionDenied, "clearing hits needs the analyst role");
  }
  const std::string why(core::Trim(reason));
  if (why.size() < 4 || why.size() > 1000) {
    return core::Fail(
        Invalid("reason", "say why it is not the same person (4 to 1000 characters)"));
  }
  const int64_t now_us = core::ToMicros(clock_.Now());
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto mf, tx.GetManifest(manifest_id));
    GUOMEN_ASSIGN_OR_RETURN(auto p, tx.GetManifestPerson(person_id));
    if (!mf || !who.CanSeeUnit(mf->unit_id) || !p || p->manifest_id != manifest_id) {
      return core::Fail(ErrorCode::kNotFound, "no person " + std::to_string(person_id) +
                                                  " on manifest " + std::to_string(manifest_id) +
                                                  " in your units");
    }
    json hits = json::parse(p->hits_json, nullptr, false);
    const json* hit = nullptr;
    if (hits.is_array()) {
      for (const auto& h : hits) {
        if (h.value("list_id", int64_t{0}) == list_id && h.value("entry_id", "") == entry_id) {
          hit = &h;
        }
      }
    }
    if (hit == nullptr) {
      return core::Fail(
          ErrorCode::kNotFound,
          "the person has no hit on entry " + entry_id + " of list " + std::to_string(list_id),
          "entry_id");
    }
    if (p->document_number.empty()) {
      return core::Fail(ErrorCode::kFailedPrecondition,
                        "the person has no travel document on the list: the hit can only be "
                        "cleared at the desk",
                        "document_number", "no_document");
    }
    const std::string entry_hash = hit->value("entry_hash", "");
    GUOMEN_ASSIGN_OR_RETURN(auto existing, tx.FindHitClearance(p->document_number, p->issuing_state,
                                                               list_id, entry_id, entry_hash));
    if (!existing) {
      store::HitClearance c;
      c.document_number = p->document_number;
      c.issuing_state = p->issuing_state;
      c.list_id = list_id;
      c.entry_id = entry_id;
      c.entry_hash = entry_hash;
      c.reason = why;
      c.cleared_by = who.user_id;
      c.cleared_at_us = now_us;
      c.manifest_person_id = p->id;
      GUOMEN_ASSIGN_OR_RETURN(c.id, tx.InsertHitClearance(c));
    }
    return audit_.Append(tx, &who, meta,
                         {"hit.not_same_person", "manifest_person", std::to_string(p->id), "ok"});
  }));
  GUOMEN_RETURN_IF_ERROR(Screen(manifest_id));
  std::optional<store::ManifestPerson> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.GetManifestPerson(person_id));
    return Status::Ok();
  }));
  if (!out) return core::Fail(ErrorCode::kNotFound, "the person is no longer on the manifest");
  return *out;
}

Result<Reconciliation> ManifestService::Reconcile(const Principal& who, const RequestMeta& meta,
                                                  int64_t id) {
  Reconciliation r;
  const int64_t now_us = core::ToMicros(clock_.Now());
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto mf, tx.GetManifest(id));
    if (!mf || !who.CanSeeUnit(mf->unit_id)) {
      return core::Fail(ErrorCode::kNotFound,
                        "no manifest " + std::to_string(id) + " in your units");
    }
    const int64_t at = mf->scheduled_arrival_us.value_or(mf->received_at_us);
    r.arrived = at <= now_us;
    r.window_from_us = at - kWindowBeforeUs;
    r.window_to_us = at + kWindowAfterUs;
    GUOMEN_ASSIGN_OR_RETURN(auto persons, tx.ListManifestPersons(id));
    GUOMEN_ASSIGN_OR_RETURN(
        auto crossings, tx.ListCrossings({mf->unit_id}, r.window_from_us, r.window_to_us, 100000));
    std::map<std::pair<std::string, std::string>, const store::Crossing*> by_doc;
    for (const auto& c : crossings) {
      if (c.direction == "entry")
        by_doc.emplace(std::make_pair(c.document_number, c.issuing_state), &c);
    }
    std::set<int64_t> matched;
    for (const auto& p : persons) {
      auto it = p.document_number.empty()
                    ? by_doc.end()
                    : by_doc.find(std::make_pair(p.document_number, p.issuing_state));
      if (it != by_doc.end()) {
        matched.insert(it->second->id);
        r.crossed.push_back({p, *it->second});
      } else if (r.arrived) {
        r.no_shows.push_back(p);
      }
    }
    const std::string conveyance = Normalized(mf->transport_id);
    const std::string with_carrier = Normalized(mf->carrier + mf->transport_id);
    for (const auto& c : crossings) {
      if (c.direction != "entry" || matched.count(c.id)) continue;
      std::string cc = Normalized(c.carrier);
      if (!cc.empty() && (cc == conveyance || cc == with_carrier)) r.not_on_list.push_back(c);
    }
    return audit_.Append(tx, &who, meta,
                         {"manifest.reconcile", "manifest", std::to_string(id), "ok"});
  }));
  return r;
}

}  // namespace guomen::app

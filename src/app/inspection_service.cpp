#include "app/inspection_service.hpp"

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "app/screening_facts.hpp"
#include "core/strings.hpp"
#include "documents/mrz_parser.hpp"

namespace guomen::app {

using core::ErrorCode;
using core::Result;
using core::Status;
using json = nlohmann::json;

namespace {

// The risk level as the desk shows it in Chinese ("red" -> "红色").
std::string RiskLevelZh(const std::string& level) {
  if (level == "red") return "红色";
  if (level == "yellow") return "黄色";
  if (level == "green") return "绿色";
  return level;
}

constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;
constexpr int kMaxPreviousCrossings = 20;
constexpr int kMaxQueue = 500;
constexpr int kMaxOverstays = 1000;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

bool IsOneOf(const std::string& v, std::initializer_list<const char*> allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return v == a; });
}

core::Unexpected<core::Error> Invalid(std::string field, std::string message) {
  return core::Fail(ErrorCode::kValidation, std::move(message), std::move(field));
}

Status RequireText(const std::string& value, const std::string& field, size_t min, size_t max) {
  auto t = core::Trim(value);
  if (t.size() < min || value.size() > max) {
    return Invalid(field, "'" + field + "' must be " + std::to_string(min) + " to " +
                              std::to_string(max) + " characters");
  }
  return Status::Ok();
}

std::string FullName(const store::Traveller& t) {
  return t.given_names.empty() ? t.surname : t.surname + " " + t.given_names;
}

std::string Rfc3339(int64_t us) { return core::FormatIso8601(core::FromMicros(us)); }

// The document as the desk uses it, from an MRZ or typed fields.
struct DeskDocument {
  std::string type;
  std::string issuing_state;
  std::string number;
  std::string surname;
  std::string given_names;
  std::string nationality;
  std::string birth_date;  // ISO, possibly partial
  std::string sex;
  std::string expiry_date;  // ISO, possibly empty
  bool mrz_valid = true;
  bool from_mrz = false;
  bool expired = false;
  bool expiring = false;
  std::optional<int> days_to_expiry;
  std::optional<int> age;
  bool under_18 = false;
  std::vector<std::string> problems_en;
  std::vector<std::string> problems_zh;
};

DeskDocument FromMrz(const documents::MrzDocument& d) {
  DeskDocument out;
  out.type = d.document_code;
  out.issuing_state = d.issuing_state;
  out.number = d.document_number;
  out.surname = d.surname;
  out.given_names = d.given_names;
  out.nationality = d.nationality;
  out.birth_date = d.birth_date.Iso();
  out.sex = (d.sex == 'M' || d.sex == 'F' || d.sex == 'X') ? std::string(1, d.sex) : "";
  out.expiry_date = d.expiry_date.Iso();
  out.mrz_valid = d.valid;
  out.from_mrz = true;
  out.expired = d.checks.expired;
  out.expiring = d.checks.expiring;
  out.days_to_expiry = d.checks.days_to_expiry;
  out.age = d.checks.age;
  out.under_18 = d.checks.under_18;
  if (!d.valid) {
    out.problems_en.push_back("the MRZ has " + std::to_string(d.errors.size()) +
                              " error(s) (check digits or fields)");
    out.problems_zh.push_back("机读区有 " + std::to_string(d.errors.size()) +
                              " 处错误（校验位或字段）");
  }
  return out;
}

std::optional<std::chrono::year_month_day> ParseIsoDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year(std::stoi(s.substr(0, 4))),
                                  std::chrono::month(static_cast<unsigned>(std::stoi(s.substr(5, 2)))),
                                  std::chrono::day(static_cast<unsigned>(std::stoi(s.substr(8, 2))))};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

// A birth date as typed: YYYY-MM-DD, YYYY-MM or YYYY.
bool IsBirthDate(const std::string& s) {
  if (ParseIsoDate(s)) return true;
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    }
    return true;
  };
  if (s.size() == 4) return digits(0, 4);
  if (s.size() == 7) return digits(0, 4) && s[4] == '-' && digits(5, 2);
  return false;
}

bool IsCode(const std::string& s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z'); });
}

Result<DeskDocument> FromManual(const ManualDocument& m, std::chrono::year_month_day today) {
  DeskDocument out;
  out.type = core::AsciiUpper(core::Trim(m.document_type));
  out.issuing_state = core::AsciiUpper(core::Trim(m.issuing_state));
  out.number = core::AsciiUpper(core::Trim(m.document_number));
  out.surname = core::AsciiUpper(core::Trim(m.surname));
  out.given_names = core::AsciiUpper(core::Trim(m.given_names));
  out.nationality = core::AsciiUpper(core::Trim(m.nationality));
  out.birth_date = std::string(core::Trim(m.birth_date));
  out.sex = core::AsciiUpper(core::Trim(m.sex));
  out.expiry_date = std::string(core::Trim(m.expiry_date));
  if (!IsCode(out.type, 1, 2)) return Invalid("manual.document_type", "the document type is one or two letters (P, ID, V ...)");
  if (!IsCode(out.issuing_state, 1, 3)) return Invalid("manual.issuing_state", "the issuing state is an ICAO 9303 code such as CHN or D");
  if (out.number.empty() || out.number.size() > 20) return Invalid("manual.document_number", "the document number is 1 to 20 characters");
  if (out.surname.empty() || out.surname.size() > 100) return Invalid("manual.surname", "the surname is 1 to 100 characters");
  if (out.given_names.size() > 100) return Invalid("manual.given_names", "the given names are at most 100 characters");
  if (!IsCode(out.nationality, 1, 3)) return Invalid("manual.nationality", "the nationality is an ICAO 9303 code such as CHN");
  if (!IsBirthDate(out.birth_date)) return Invalid("manual.birth_date", "the birth date is YYYY-MM-DD (or YYYY-MM, YYYY when parts are unknown)");
  if (!out.sex.empty() && !IsOneOf(out.sex, {"M", "F", "X"})) return Invalid("manual.sex", "sex is M, F, X or empty");
  auto expiry = ParseIsoDate(out.expiry_date);
  if (!expiry) return Invalid("manual.expiry_date", "the expiry date is YYYY-MM-DD");
  out.from_mrz = false;
  out.mrz_valid = true;  // nothing to verify: no check digits
  using std::chrono::sys_days;
  int days = static_cast<int>((sys_days(*expiry) - sys_days(today)).count());
  out.days_to_expiry = days;
  out.expired = days < 0;
  out.expiring = !out.expired && days <= 90;
  if (out.birth_date.size() >= 4) {
    int by = std::stoi(out.birth_date.substr(0, 4));
    int age = static_cast<int>(today.year()) - by;
    if (auto b = ParseIsoDate(out.birth_date)) {
      if (std::chrono::month_day{today.month(), today.day()} < std::chrono::month_day{b->month(), b->day()}) --age;
      out.age = age;
      out.under_18 = age < 18;
    } else {
      out.age = age - 1;     // earliest possible birthday passed or not: be conservative
      out.under_18 = age - 1 < 18;
    }
  }
  return out;
}

json DocumentJson(const DeskDocument& d) {
  json j = {{"type", d.type},
            {"issuing_state", d.issuing_state},
            {"document_number", d.number},
            {"surname", d.surname},
            {"given_names", d.given_names},
            {"nationality", d.nationality},
            {"birth_date", d.birth_date},
            {"sex", d.sex},
            {"expiry_date", d.expiry_date},
            {"source", d.from_mrz ? "mrz" : "manual"},
            {"mrz_valid", d.mrz_valid},
            {"expired", d.expired},
            {"expiring", d.expiring},
            {"under_18", d.under_18},
            {"problems_en", d.problems_en},
            {"problems_zh", d.problems_zh}};
  j["days_to_expiry"] = d.days_to_expiry ? json(*d.days_to_expiry) : json(nullptr);
  j["age"] = d.age ? json(*d.age) : json(nullptr);
  return j;
}

json ExplanationJson(const screening::ScreeningHit& h) {
  json out = json::array();
  for (const auto& e : h.explanation) {
    out.push_back({{"factor", std::string(screening::FactorName(e.factor))},
                   {"query_value", e.query_value},
                   {"entry_value", e.entry_value},
                   {"rule", e.rule},
                   {"effect", e.effect},
                   {"text_en", e.text_en},
                   {"text_zh", e.text_zh}});
  }
  return out;
}

std::vector<DeskQuestion> QuestionsFromJson(const std::string& risk_json) {
  std::vector<DeskQuestion> out;
  json j = json::parse(risk_json, nullptr, false);
  if (!j.is_object() || !j.contains("questions")) return out;
  for (const auto& q : j["questions"]) {
    out.push_back(DeskQuestion{q.value("key", ""), q.value("text_zh", ""), q.value("text_en", ""),
                               q.value("source", "")});
  }
  return out;
}

bool HitBlocksAdmission(const store::InspectionHit& h, const std::string& direction) {
  if (h.status != "same_person") return false;
  if (h.action == "arrest") return true;
  if (direction == "entry") return h.action == "deny_entry";
  return h.action == "deny_exit";
}

const char* DirectionZh(const std::string& d) { return d == "exit" ? "出境" : "入境"; }

}  // namespace

DeskRisk DeskRiskOf(const RiskAssessment& a) {
  DeskRisk out;
  out.level = a.level.empty() ? "green" : a.level;
  out.points = a.points;
  out.reasons_en = a.reasons_en;
  out.reasons_zh = a.reasons_zh;
  json fired = json::array();
  for (const auto& f : a.fired) {
    json facts = json::array();
    for (const auto& [path, value] : f.facts_used) facts.push_back({{"fact", path}, {"value", value}});
    fired.push_back({{"rule_id", f.rule_id},
                     {"version", f.version},
                     {"code", f.code},
                     {"name", f.name},
                     {"level", f.level},
                     {"points", f.points},
                     {"facts_used", facts},
                     {"actions", f.actions}});
  }
  out.fired_json = Dump(fired);
  for (const auto& q : a.questions) {
    out.questions.push_back(DeskQuestion{q.key, q.text_zh, q.text_en, "rule"});
  }
  for (const auto& f : a.fired) {
    for (const auto& q : f.questions) {
      for (auto& dq : out.questions) {
        if (dq.key == q.key && dq.source == "rule") dq.source = "rule:" + f.code;
      }
    }
  }
  out.actions = a.actions;
  return out;
}

std::vector<HitSignal> HitSignalsOf(const std::vector<DeskHit>& hits) {
  std::vector<HitSignal> out;
  out.reserve(hits.size());
  for (const auto& h : hits) out.push_back(HitSignal{h.list_kind, h.action, h.hit.score});
  return out;
}

InspectionService::InspectionService(store::Store& store, const AuditLog& audit,
                                     const core::Clock& clock, DeskScreenFn screen,
                                     DeskAssessFn assess)
    : store_(store),
      audit_(audit),
      clock_(clock),
      screen_(std::move(screen)),
      assess_(std::move(assess)) {}

Result<store::DeskSession> InspectionService::OpenDesk(const Principal& who,
                                                       const RequestMeta& meta,
                                                       const OpenDeskRequest& req) {
  if (!IsOneOf(req.direction, {"entry", "exit"})) {
    return Invalid("direction", "the direction is entry or exit");
  }
  if (!IsOneOf(req.conveyance, {"air", "sea", "land", "rail"})) {
    return Invalid("conveyance", "the conveyance is air, sea, land or rail");
  }
  GUOMEN_RETURN_IF_ERROR(RequireText(req.desk, "desk", 1, 40));
  if (!who.CanSeeUnit(req.port_unit_id)) {
    return core::Fail(ErrorCode::kNotFound, "no port " + std::to_string(req.port_unit_id) + " in your units",
                      "port_unit_id");
  }
  store::DeskSession s;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto unit, tx.GetUnit(req.port_unit_id));
    if (!unit || (unit->kind != "port" && unit->kind != "station")) {
      return Invalid("port_unit_id", "a desk opens at a port or station unit");
    }
    s.user_id = who.user_id;
    s.unit_id = req.port_unit_id;
    s.desk = std::string(core::Trim(req.desk));
    s.direction = req.direction;
    s.conveyance = req.conveyance;
    s.opened_at_us = core::ToMicros(clock_.Now());
    GUOMEN_ASSIGN_OR_RETURN(s.id, tx.InsertDeskSession(s));
    return audit_.Append(tx, &who, meta, {"desk.open", "desk_session", std::to_string(s.id), "ok"});
  }));
  return s;
}

Status InspectionService::CloseDesk(const Principal& who, const RequestMeta& meta,
                                    int64_t session_id) {
  return store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto s, tx.GetDeskSession(session_id));
    if (!s || s->user_id != who.user_id || !who.CanSeeUnit(s->unit_id)) {
      return core::Fail(ErrorCode::kNotFound, "no desk session " + std::to_string(session_id) + " of yours");
    }
    GUOMEN_RETURN_IF_ERROR(tx.CloseDeskSession(session_id, core::ToMicros(clock_.Now())));
    return audit_.Append(tx, &who, meta, {"desk.close", "desk_session", std::to_string(session_id), "ok"});
  });
}

namespace {

// The stay a rule permits: the most specific of (nationality, conveyance),
// (nationality, *), (*, conveyance), (*, *).
std::optional<int64_t> PermittedDays(const std::vector<store::StayRule>& rules,
                                     const std::string& nationality, const std::string& conveyance) {
  const store::StayRule* best = nullptr;
  int best_rank = -1;
  for (const auto& r : rules) {
    bool nat = r.nationality == nationality;
    bool conv = r.conveyance == conveyance;
    if ((!nat && r.nationality != "*") || (!conv && r.conveyance != "*")) continue;
    int rank = (nat ? 2 : 0) + (conv ? 1 : 0);
    if (rank > best_rank) {
      best_rank = rank;
      best = &r;
    }
  }
  if (!best || best->days <= 0) return std::nullopt;
  return best->days;
}

json HealthJson(const std::optional<HealthDeclaration>& h) {
  json j = {{"symptoms", json::array()}, {"contact_with_case", false}};
  if (!h) return j;
  for (const auto& s : h->symptoms) j["symptoms"].push_back(core::AsciiLower(core::Trim(s)));
  if (h->temperature) j["temperature"] = *h->temperature;
  j["contact_with_case"] = h->contact_with_case;
  return j;
}

}  // namespace

Result<InspectionView> InspectionService::Inspect(const Principal& who, const RequestMeta& meta,
                                                  const InspectRequest& req) {
  const auto started = std::chrono::steady_clock::now();
  const int64_t now_us = core::ToMicros(clock_.Now());
  const auto today = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(clock_.Now())};

  // 1. The document, checked at once.
  DeskDocument doc;
  std::optional<documents::MrzDocument> mrz;
  if (!core::Trim(req.mrz).empty()) {
    documents::MrzOptions options;
    options.today = today;
    options.expiring_within_days = 90;
    auto parsed = documents::ParseMrz(req.mrz, options);
    if (!parsed) {
      core::Error e = std::move(parsed).error();
      if (e.field.empty()) e.field = "mrz";
      return core::Fail(std::move(e));
    }
    mrz = std::move(parsed).value();
    doc = FromMrz(*mrz);
  } else if (req.manual) {
    GUOMEN_ASSIGN_OR_RETURN(doc, FromManual(*req.manual, today));
  } else {
    return Invalid("mrz", "read the document's MRZ, or type its fields (manual)");
  }
  if (doc.number.empty()) return Invalid("mrz", "the document number could not be read");
  if (doc.expired) {
    doc.problems_en.push_back("the document expired " + std::to_string(-*doc.days_to_expiry) + " day(s) ago");
    doc.problems_zh.push_back("证件已过期 " + std::to_string(-*doc.days_to_expiry) + " 天");
  }
  if (req.carrier.size() > 40) return Invalid("carrier", "the carrier is at most 40 characters");
  if (req.visa_stay_days && (*req.visa_stay_days < 0 || *req.visa_stay_days > 3650)) {
    return Invalid("visa_stay_days", "the visa's permitted stay is 0 to 3650 days");
  }
  if (req.planned_stay_days && (*req.planned_stay_days < 0 || *req.planned_stay_days > 3650)) {
    return Invalid("planned_stay_days", "the planned stay is 0 to 3650 days");
  }

  // Two transactions: the reads (and the traveller's record), then the
  // inspection; the rules are assessed between them, outside any transaction
  // (the rule service may have to load its rule set).
  InspectionView view;
  std::optional<store::DeskSession> session;
  std::string facts_json;
  std::optional<int64_t> overstay_days;
  std::optional<int64_t> permitted;
  bool needs_visa_check = false;
  std::vector<DeskHit> hits;
  std::vector<store::InspectionHit> stored_hits;
  std::vector<DeskHit> live_hits;
  std::optional<store::ManifestPersonMatch> on_manifest;  // pre-screened on an advance list
  std::string port_code;
  store::TravellerHistory history;
  std::vector<store::ChecklistItem> checklist;
  // 3. Screening against every active list. It reads no table, so it runs
  // before the transaction: on SQLite the transactions of concurrent
  // inspections run one after another (group commit), screening beside them.
  if (screen_) {
    screening::ScreeningQuery q;
    q.name = doc.given_names.empty() ? doc.surname : doc.surname + " " + doc.given_names;
    if (doc.birth_date.size() >= 4) {
      if (auto bd = screening::ParseBirthDate(doc.birth_date)) q.birth_date = *bd;
    }
    q.nationality = doc.nationality;
    q.document_number = doc.number;
    q.gender = doc.sex == "X" ? "" : doc.sex;
    GUOMEN_ASSIGN_OR_RETURN(hits, screen_(q));
  }
  std::vector<std::string> explanations;
  explanations.reserve(hits.size());
  for (const auto& h : hits) explanations.push_back(Dump(ExplanationJson(h.hit)));

  // The reads, in one read-only transaction that waits for no writer; a new
  // traveller is recorded with the inspection (6.). What it leaves outside is
  // assigned, or cleared first.
  GUOMEN_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    view.possible_same_persons.clear();
    view.previous_crossings.clear();
    history = {};
    stored_hits.clear();
    live_hits.clear();
    on_manifest.reset();
    overstay_days.reset();
    permitted.reset();
    needs_visa_check = false;
    GUOMEN_ASSIGN_OR_RETURN(session, tx.GetDeskSession(req.session_id));
    if (!session || session->user_id != who.user_id || !who.CanSeeUnit(session->unit_id)) {
      return core::Fail(ErrorCode::kNotFound, "no desk session " + std::to_string(req.session_id) + " of yours",
                        "session_id");
    }
    if (session->closed_at_us) {
      return core::Fail(ErrorCode::kFailedPrecondition, "the desk session is closed; open a new one",
                        "session_id");
    }
    GUOMEN_ASSIGN_OR_RETURN(auto port, tx.GetUnit(session->unit_id));
    port_code = port ? port->code : "";

    // 2. The traveller: found by the document, or new (id 0 until recorded).
    GUOMEN_ASSIGN_OR_RETURN(auto found, tx.FindTravellerByDocument(doc.number, doc.issuing_state));
    if (found) {
      view.traveller = *found;
    } else {
      store::Traveller t;
      t.unit_id = session->unit_id;
      t.surname = doc.surname;
      t.given_names = doc.given_names;
      t.nationality = doc.nationality;
      t.birth_date = doc.birth_date;
      t.sex = doc.sex;
      t.document_type = doc.type;
      t.document_number = doc.number;
      t.issuing_state = doc.issuing_state;
      t.created_at_us = now_us;
      view.traveller = t;
    }
    GUOMEN_ASSIGN_OR_RETURN(auto same, tx.FindTravellersByNameAndBirth(doc.surname, doc.given_names,
                                                                       doc.birth_date, 11));
    for (auto& s : same) {
      if (s.id != view.traveller.id) view.possible_same_persons.push_back(std::move(s));
    }
    if (found) {  // a new traveller has no crossings yet
      GUOMEN_ASSIGN_OR_RETURN(view.previous_crossings,
                              tx.ListCrossingsOfTraveller(view.traveller.id, kMaxPreviousCrossings));
      GUOMEN_ASSIGN_OR_RETURN(history, tx.GetTravellerHistory(view.traveller.id));
    }

    // Entry/exit matching: an exit after the matched entry's permitted stay.
    if (found && session->direction == "exit") {
      GUOMEN_ASSIGN_OR_RETURN(auto last, tx.LastAdmittedCrossing(view.traveller.id));
      if (last && last->direction == "entry" && last->permitted_stay_days) {
        int64_t until = last->time_us + *last->permitted_stay_days * kMicrosPerDay;
        if (now_us > until) overstay_days = (now_us - until + kMicrosPerDay - 1) / kMicrosPerDay;
      }
    }
    if (session->direction == "entry" && doc.nationality != kHomeNationality) {
      if (req.visa_stay_days) {
        permitted = *req.visa_stay_days;
      } else {
        GUOMEN_ASSIGN_OR_RETURN(auto rules, tx.ListStayRules());
        permitted = PermittedDays(rules, doc.nationality, session->conveyance);
        needs_visa_check = !permitted;
      }
    }

    // 3. A hit cleared before for this document and this (unchanged) entry
    // does not stop the traveller again.
    for (size_t i = 0; i < hits.size(); ++i) {
      const DeskHit& h = hits[i];
      store::InspectionHit s;
      s.list_id = h.list_id;
      s.list_code = h.list_code;
      s.list_name = h.list_name;
      s.list_kind = h.list_kind;
      s.action = h.action;
      s.entry_id = h.hit.entry_id;
      s.entry_hash = h.entry_hash;
      s.matched_name = h.hit.matched_name;
      s.score = h.hit.score;
      s.explanation_json = explanations[i];
      GUOMEN_ASSIGN_OR_RETURN(auto cleared, tx.FindHitClearance(doc.number, doc.issuing_state, h.list_id,
                                                                 h.hit.entry_id, h.entry_hash));
      if (cleared) {
        s.status = "cleared_before";
        s.reason = cleared->reason;
        s.adjudicated_by = cleared->cleared_by;
        s.adjudicated_at_us = cleared->cleared_at_us;
      } else {
        live_hits.push_back(h);
      }
      stored_hits.push_back(std::move(s));
    }

    // Closing the loop with advance information (issue 7): the document on a
    // manifest for this port arriving within 24 h either side of now.
    if (session->direction == "entry" && !doc.number.empty()) {
      constexpr int64_t kManifestWindowUs = int64_t{24} * 3600 * 1000000;
      GUOMEN_ASSIGN_OR_RETURN(auto listed, tx.FindManifestPersonsByDocument(
                                               session->unit_id, doc.number, doc.issuing_state,
                                               now_us - kManifestWindowUs, now_us + kManifestWindowUs));
      for (auto& m : listed) {  // the arrival nearest to now
        if (!on_manifest || std::llabs(m.scheduled_arrival_us.value_or(now_us) - now_us) <
                                std::llabs(on_manifest->scheduled_arrival_us.value_or(now_us) - now_us)) {
          on_manifest = std::move(m);
        }
      }
    }
    GUOMEN_ASSIGN_OR_RETURN(checklist, tx.ListChecklist(session->unit_id, session->direction));
    return Status::Ok();
  }));

  // 4. The facts the rules read (built outside the transaction).
  json facts;
  facts["now"] = Rfc3339(now_us);
  json document = {{"type", doc.type},
                   {"issuing_state", doc.issuing_state},
                   {"mrz_valid", doc.mrz_valid},
                   {"reported_lost_stolen", false}};
  if (auto e = ParseIsoDate(doc.expiry_date)) {
    document["expiry"] = Rfc3339(core::ToMicros(std::chrono::sys_days(*e)));
  }
  json traveller = {{"nationality", doc.nationality}};
  if (doc.age) traveller["age"] = *doc.age;
  json journey = {{"direction", session->direction},
                  {"port", port_code},
                  {"conveyance", session->conveyance},
                  {"carrier", req.carrier},
                  {"embarkation_port", core::AsciiUpper(core::Trim(req.embarkation_port))},
                  {"embarkation_country", core::AsciiUpper(core::Trim(req.embarkation_country))},
                  {"transit_ports", json::array()},
                  {"visits", json::array()}};
  if (req.planned_stay_days) journey["planned_stay"] = std::to_string(int64_t{*req.planned_stay_days} * 86400) + "s";
  json best = json::object();
  json hit_facts = json::array();
  for (const auto& h : live_hits) {
    AddScreeningFact(h.list_kind, h.hit.score, h.action, h.hit.entry_id, best, hit_facts, document);
  }
  json hist = {{"crossings", history.crossings},
               {"refusals", history.refusals},
               {"overstays", history.overstays + (overstay_days ? 1 : 0)},
               {"secondary_referrals", history.referrals}};
  if (history.last_refusal_us) hist["last_refusal"] = Rfc3339(*history.last_refusal_us);
  facts["document"] = document;
  facts["traveller"] = traveller;
  facts["journey"] = journey;
  facts["health"] = HealthJson(req.health);
  facts["screening"] = {{"best_score", best}, {"hits", hit_facts}};
  facts["history"] = hist;
  json manifest = {{"present", false}};
  if (on_manifest) {
    manifest = {{"present", true},
                {"role", on_manifest->person.role == "crew" ? "crew" : "passenger"}};
  }
  facts["manifest"] = manifest;
  facts_json = Dump(facts);

  // 5. The risk level and why.
  DeskRisk risk;
  if (assess_) {
    GUOMEN_ASSIGN_OR_RETURN(risk, assess_(session->unit_id, facts_json, live_hits, now_us));
  }

  if (overstay_days) {
    risk.reasons_en.push_back("exit after an overstay: " + std::to_string(*overstay_days) +
                              " day(s) past the permitted stay of the matched entry");
    risk.reasons_zh.push_back("逾期停留后出境：超出所匹配入境的停留期限 " +
                              std::to_string(*overstay_days) + " 天");
    if (risk.level == "green") risk.level = "yellow";
  }
  if (on_manifest) {
    const std::string& conveyance = on_manifest->transport_id;
    risk.reasons_en.push_back("on the advance list of " + conveyance + ", pre-screened " +
                              on_manifest->person.risk_level + " (manifest " +
                              std::to_string(on_manifest->manifest_id) + ")");
    risk.reasons_zh.push_back("在 " + conveyance + " 的预报名单上，预筛结果：" +
                              RiskLevelZh(on_manifest->person.risk_level) + "（舱单 " +
                              std::to_string(on_manifest->manifest_id) + "）");
  }
  for (const auto& h : stored_hits) {
    if (h.status == "cleared_before") {
      risk.reasons_en.push_back("hit on " + h.list_name + " (" + h.matched_name +
                                ") was cleared before for this document: not the same person");
      risk.reasons_zh.push_back("名单“" + h.list_name + "”（" + h.matched_name +
                                "）的比中此前已对本证件认定为非同一人");
    }
  }
  // The required questions: the port's checklist, the document's problems,
  // the fired rules, an overstay, a missing visa.
  std::vector<DeskQuestion> questions;
  std::set<std::string> keys;
  auto ask = [&](DeskQuestion q) {
    if (keys.insert(q.key).second) questions.push_back(std::move(q));
  };
  for (const auto& item : checklist) ask({item.key, item.text_zh, item.text_en, "checklist"});
  if (!doc.mrz_valid || doc.expired) {
    ask({"document_problem", "证件检查未通过：人工核验证件并记录结果",
         "the document checks failed: verify the document by hand and record what you found",
         "document"});
  }
  if (needs_visa_check) {
    ask({"visa_check", "核验签证及其停留期限", "check the visa and its permitted stay", "document"});
  }
  if (overstay_days) {
    ask({"overstay_reason", "询问逾期停留的原因", "ask why the permitted stay was exceeded", "overstay"});
  }
  for (auto& q : risk.questions) ask(q);

  json reasons = json::array();
  for (size_t i = 0; i < risk.reasons_en.size(); ++i) {
    reasons.push_back({{"en", risk.reasons_en[i]},
                       {"zh", i < risk.reasons_zh.size() ? risk.reasons_zh[i] : risk.reasons_en[i]}});
  }
  json qs = json::array();
  for (const auto& q : questions) {
    qs.push_back({{"key", q.key}, {"text_zh", q.text_zh}, {"text_en", q.text_en}, {"source", q.source}});
  }
  json risk_json = {{"level", risk.level},
                    {"points", risk.points},
                    {"reasons", reasons},
                    {"fired", json::parse(risk.fired_json, nullptr, false)},
                    {"questions", qs},
                    {"actions", risk.actions}};
  if (risk_json["fired"].is_discarded()) risk_json["fired"] = json::array();

  store::Inspection& in = view.inspection;
  in.session_id = session->id;
  in.unit_id = session->unit_id;
  in.officer_id = who.user_id;
  in.traveller_id = view.traveller.id;
  in.direction = session->direction;
  in.conveyance = session->conveyance;
  in.desk = session->desk;
  in.carrier = std::string(core::Trim(req.carrier));
  in.document_type = doc.type;
  in.document_number = doc.number;
  in.issuing_state = doc.issuing_state;
  in.nationality = doc.nationality;
  in.document_json = Dump(DocumentJson(doc));
  in.risk_level = risk.level;
  in.risk_json = Dump(risk_json);
  in.facts_json = facts_json;
  in.state = "open";
  in.started_at_us = now_us;
  in.permitted_stay_days = permitted;
  in.overstay_days = overstay_days;
  const auto check_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
  json durations = {{"check_ms", check_ms}};
  if (req.read_ms) durations["read_ms"] = *req.read_ms;
  in.durations_json = Dump(durations);

  // 6. The inspection and its hits, in one transaction; on PostgreSQL run
  // again when it loses a deadlock or serialization conflict, so it only
  // writes ids into what it is given.
  const bool new_traveller = view.traveller.id == 0;
  GUOMEN_RETURN_IF_ERROR(store_.TransactRetrying([&](store::Tx& tx) -> Status {
    if (new_traveller) {
      // Recorded now, unless another desk recorded the document meanwhile.
      GUOMEN_ASSIGN_OR_RETURN(auto found,
                              tx.FindTravellerByDocument(doc.number, doc.issuing_state));
      if (found) {
        view.traveller = *found;
        std::erase_if(view.possible_same_persons,
                      [&](const store::Traveller& t) { return t.id == found->id; });
      } else {
        view.traveller.id = 0;
        GUOMEN_ASSIGN_OR_RETURN(view.traveller.id, tx.InsertTraveller(view.traveller));
      }
      in.traveller_id = view.traveller.id;
    }
    GUOMEN_ASSIGN_OR_RETURN(in.id, tx.InsertInspection(in));
    // The facts as the rules saw them, for backtesting later rules.
    store::FactSnapshot snapshot{0, in.unit_id, now_us, "crossing", in.id, facts_json};
    GUOMEN_ASSIGN_OR_RETURN(auto snapshot_id, tx.InsertFactSnapshot(snapshot));
    (void)snapshot_id;
    for (auto& h : stored_hits) {
      h.inspection_id = in.id;
      GUOMEN_ASSIGN_OR_RETURN(h.id, tx.InsertInspectionHit(h));
    }

    // Every record read is in the trail: the traveller and its history, and
    // the possible same persons shown.
    GUOMEN_RETURN_IF_ERROR(audit_.Append(tx, &who, meta,
                                         {"inspection.create", "traveller",
                                          std::to_string(view.traveller.id), "ok"}));
    if (!view.possible_same_persons.empty()) {
      std::vector<std::string> ids;
      for (const auto& p : view.possible_same_persons) ids.push_back(std::to_string(p.id));
      GUOMEN_RETURN_IF_ERROR(audit_.Append(tx, &who, meta,
                                           {"traveller.same_person_candidates", "traveller",
                                            core::Join(ids, ","), "ok"}));
    }
    return Status::Ok();
  }));
  view.hits = std::move(stored_hits);
  view.questions = std::move(questions);
  view.mrz = std::move(mrz);
  return view;
}

namespace {

// Loads the view of an inspection inside `tx`.
Result<InspectionView> LoadView(store::Tx& tx, const store::Inspection& in) {
  InspectionView v;
  v.inspection = in;
  GUOMEN_ASSIGN_OR_RETURN(auto t, tx.GetTraveller(in.traveller_id));
  if (t) v.traveller = *t;
  GUOMEN_ASSIGN_OR_RETURN(v.hits, tx.ListInspectionHits(in.id));
  GUOMEN_ASSIGN_OR_RETURN(v.previous_crossings,
                          tx.ListCrossingsOfTraveller(in.traveller_id, kMaxPreviousCrossings));
  v.questions = QuestionsFromJson(in.risk_json);
  GUOMEN_ASSIGN_OR_RETURN(auto cases, tx.ListSecondaryCases({in.unit_id}, {}, kMaxQueue));
  for (auto& c : cases) {
    if (c.inspection_id == in.id) v.secondary = c;
  }
  return v;
}

Result<store::Inspection> LoadVisible(store::Tx& tx, const Principal& who, int64_t id) {
  GUOMEN_ASSIGN_OR_RETURN(auto in, tx.GetInspection(id));
  if (!in || !who.CanSeeUnit(in->unit_id)) {
    return core::Fail(ErrorCode::kNotFound, "no inspection " + std::to_string(id));
  }
  return *in;
}

}  // namespace

Result<InspectionView> InspectionService::Get(const Principal& who, const RequestMeta& meta,
                                              int64_t inspection_id) {
  InspectionView v;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto in, LoadVisible(tx, who, inspection_id));
    GUOMEN_ASSIGN_OR_RETURN(v, LoadView(tx, in));
    return audit_.Append(tx, &who, meta, {"inspection.read", "traveller", std::to_string(in.traveller_id), "ok"});
  }));
  return v;
}

Result<store::InspectionHit> InspectionService::Adjudicate(const Principal& who, const RequestMeta& meta,
                                                           int64_t inspection_id, int64_t hit_id,
                                                           bool same_person, const std::string& reason) {
  GUOMEN_RETURN_IF_ERROR(RequireText(reason, "reason", 4, 1000));
  store::InspectionHit out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto in, LoadVisible(tx, who, inspection_id));
    if (in.state == "completed") {
      return core::Fail(ErrorCode::kFailedPrecondition, "the inspection is completed", "", "inspection_completed");
    }
    GUOMEN_ASSIGN_OR_RETURN(auto hits, tx.ListInspectionHits(in.id));
    auto it = std::find_if(hits.begin(), hits.end(), [&](const auto& h) { return h.id == hit_id; });
    if (it == hits.end()) return core::Fail(ErrorCode::kNotFound, "no hit " + std::to_string(hit_id) + " in this inspection");
    const int64_t now_us = core::ToMicros(clock_.Now());
    it->status = same_person ? "same_person" : "not_same_person";
    it->reason = std::string(core::Trim(reason));
    it->adjudicated_by = who.user_id;
    it->adjudicated_at_us = now_us;
    GUOMEN_RETURN_IF_ERROR(tx.UpdateInspectionHit(*it));
    if (!same_person) {
      GUOMEN_ASSIGN_OR_RETURN(auto existing, tx.FindHitClearance(in.document_number, in.issuing_state,
                                                                 it->list_id, it->entry_id, it->entry_hash));
      if (!existing) {
        store::HitClearance c;
        c.document_number = in.document_number;
        c.issuing_state = in.issuing_state;
        c.list_id = it->list_id;
        c.entry_id = it->entry_id;
        c.entry_hash = it->entry_hash;
        c.reason = it->reason;
        c.cleared_by = who.user_id;
        c.cleared_at_us = now_us;
        c.inspection_id = in.id;
        GUOMEN_ASSIGN_OR_RETURN(c.id, tx.InsertHitClearance(c));
      }
    }
    out = *it;
    return audit_.Append(tx, &who, meta,
                         {same_person ? "hit.same_person" : "hit.not_same_person", "inspection_hit",
                          std::to_string(hit_id), "ok"});
  }));
  return out;
}

namespace {

// What must hold before `decision` is recorded; the first thing missing.
Status CheckDecisionReady(const store::Inspection& in, const std::vector<store::InspectionHit>& hits,
                          const std::vector<DeskQuestion>& questions,
                          const std::map<std::string, std::string>& answers) {
  int open = 0;
  for (const auto& h : hits) open += h.status == "open" ? 1 : 0;
  if (open > 0) {
    return core::Fail(ErrorCode::kFailedPrecondition,
                      std::to_string(open) + " hit(s) are not adjudicated: decide for each whether it is the same person",
                      "hits", "unadjudicated_hits");
  }
  std::vector<std::string> missing;
  for (const auto& q : questions) {
    auto it = answers.find(q.key);
    if (it == answers.end() || core::Trim(it->second).empty()) missing.push_back(q.key);
  }
  if (!missing.empty()) {
    return core::Fail(ErrorCode::kFailedPrecondition,
                      "required question(s) not answered: " + core::Join(missing, ", "), "answers",
                      "unanswered_questions");
  }
  (void)in;
  return Status::Ok();
}

Status CheckRefusalCode(store::Tx& tx, const std::string& code, const char* field) {
  GUOMEN_ASSIGN_OR_RETURN(auto reasons, tx.ListRefusalReasons());
  for (const auto& r : reasons) {
    if (r.code == code && r.active) return Status::Ok();
  }
  return Invalid(field, "a refusal needs a legal reason code from the refusal reasons table");
}

Status CheckHandOver(const std::vector<store::InspectionHit>& hits) {
  for (const auto& h : hits) {
    if (h.status == "same_person" && h.action == "arrest") return Status::Ok();
  }
  return core::Fail(ErrorCode::kFailedPrecondition,
                    "a hand-over needs a hit confirmed as the same person on a list that asks to arrest",
                    "decision", "no_confirmed_arrest_hit");
}

store::Alert HandOverAlert(const store::Inspection& in, const store::Traveller& t,
                           const std::vector<store::InspectionHit>& hits, int64_t now_us) {
  store::Alert a;
  a.unit_id = in.unit_id;
  a.time_us = now_us;
  a.kind = "hand_over";
  a.severity = "critical";
  a.inspection_id = in.id;
  std::string list;
  for (const auto& h : hits) {
    if (h.status == "same_person" && h.action == "arrest") {
      list = h.list_name;
      break;
    }
  }
  // The alert names the inspection, not the person: its readers open the
  // inspection (audited) to see who.
  a.summary_en = "hand-over at desk " + in.desk + " (" + in.direction + "): confirmed hit on " + list +
                 ", inspection " + std::to_string(in.id);
  a.summary_zh = std::string("移交：") + in.desk + " 号台（" + DirectionZh(in.direction) + "）名单“" + list +
                 "”比中已确认，查验编号 " + std::to_string(in.id);
  (void)t;
  return a;
}

store::Crossing CrossingOf(const store::Inspection& in, const std::string& decision, bool referred,
                           const std::string& refusal_code, int64_t now_us, const std::string& durations) {
  store::Crossing c;
  c.time_us = now_us;
  c.traveller_id = in.traveller_id;
  c.inspection_id = in.id;
  c.unit_id = in.unit_id;
  c.desk = in.desk;
  c.direction = in.direction;
  c.conveyance = in.conveyance;
  c.carrier = in.carrier;
  c.document_number = in.document_number;
  c.issuing_state = in.issuing_state;
  c.nationality = in.nationality;
  c.officer_id = in.officer_id;
  c.decision = decision;
  c.refusal_code = refusal_code;
  c.risk_level = in.risk_level;
  json risk = json::parse(in.risk_json, nullptr, false);
  c.reasons_json = risk.is_object() && risk.contains("reasons") ? Dump(risk["reasons"]) : "[]";
  c.referred = referred;
  if (decision == "admit" && in.direction == "entry") c.permitted_stay_days = in.permitted_stay_days;
  if (decision == "admit" && in.direction == "exit") c.overstay_days = in.overstay_days;
  c.started_at_us = in.started_at_us;
  c.durations_json = durations;
  return c;
}

}  // namespace

Result<InspectionView> InspectionService::Decide(const Principal& who, const RequestMeta& meta,
                                                 int64_t inspection_id, const DecisionRequest& req) {
  if (!IsOneOf(req.decision, {"admit", "refer", "refuse", "hand_over"})) {
    return Invalid("decision", "the decision is admit, refer, refuse or hand_over");
  }
  if (req.note.size() > 2000) return Invalid("note", "the note is at most 2000 characters");
  for (const auto& [k, v] : req.answers) {
    if (k.size() > 100 || v.size() > 2000) return Invalid("answers", "an answer is at most 2000 characters");
  }
  InspectionView v;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto in, LoadVisible(tx, who, inspection_id));
    if (in.state != "open") {
      return core::Fail(ErrorCode::kFailedPrecondition, "the inspection was decided already (" + in.decision + ")",
                        "", "already_decided");
    }
    GUOMEN_ASSIGN_OR_RETURN(auto hits, tx.ListInspectionHits(in.id));
    auto questions = QuestionsFromJson(in.risk_json);
    GUOMEN_RETURN_IF_ERROR(CheckDecisionReady(in, hits, questions, req.answers));
    if (req.decision == "refuse") GUOMEN_RETURN_IF_ERROR(CheckRefusalCode(tx, req.refusal_code, "refusal_code"));
    if (req.decision == "hand_over") GUOMEN_RETURN_IF_ERROR(CheckHandOver(hits));
    if (req.decision == "admit" &&
        std::any_of(hits.begin(), hits.end(), [&](const auto& h) { return HitBlocksAdmission(h, in.direction); }) &&
        core::Trim(req.note).size() < 4) {
      return Invalid("note",
                     "admitting a traveller confirmed on a list that asks to arrest or deny this crossing needs a note "
                     "saying why");
    }
    GUOMEN_ASSIGN_OR_RETURN(auto traveller, tx.GetTraveller(in.traveller_id));
    const int64_t now_us = core::ToMicros(clock_.Now());
    json answers = json::object();
    for (const auto& [k, val] : req.answers) answers[k] = val;
    json durations = json::parse(in.durations_json, nullptr, false);
    if (!durations.is_object()) durations = json::object();
    durations["decide_ms"] = (now_us - in.started_at_us) / 1000;
    in.decision = req.decision;
    in.refusal_code = req.decision == "refuse" ? req.refusal_code : "";
    in.answers_json = Dump(answers);
    in.note = std::string(core::Trim(req.note));
    in.decided_at_us = now_us;
    in.durations_json = Dump(durations);
    if (req.decision == "refer") {
      in.state = "referred";
      store::SecondaryCase c;
      c.inspection_id = in.id;
      c.unit_id = in.unit_id;
      c.referred_at_us = now_us;
      c.referred_by = who.user_id;
      json risk = json::parse(in.risk_json, nullptr, false);
      json reasons = risk.is_object() && risk.contains("reasons") ? risk["reasons"] : json::array();
      if (!in.note.empty()) reasons.push_back({{"en", "officer's note: " + in.note}, {"zh", "查验员备注：" + in.note}});
      c.reasons_json = Dump(reasons);
      GUOMEN_ASSIGN_OR_RETURN(c.id, tx.InsertSecondaryCase(c));
    } else {
      in.state = "completed";
      GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertCrossing(CrossingOf(in, req.decision, false, in.refusal_code,
                                                                    now_us, in.durations_json)));
      (void)id;
      if (req.decision == "hand_over") {
        GUOMEN_ASSIGN_OR_RETURN(auto aid, tx.InsertAlert(HandOverAlert(in, traveller.value_or(store::Traveller{}), hits, now_us)));
        (void)aid;
      }
    }
    GUOMEN_RETURN_IF_ERROR(tx.UpdateInspection(in));
    GUOMEN_ASSIGN_OR_RETURN(v, LoadView(tx, in));
    return audit_.Append(tx, &who, meta, {"inspection.decide." + req.decision, "inspection", std::to_string(in.id), "ok"});
  }));
  return v;
}

Result<std::vector<SecondaryItem>> InspectionService::SecondaryQueue(const Principal& who,
                                                                     const RequestMeta& meta,
                                                                     std::optional<int64_t> port_unit_id) {
  store::UnitScope scope = who.scope;
  if (port_unit_id) {
    if (!who.CanSeeUnit(*port_unit_id)) return core::Fail(ErrorCode::kNotFound, "no port " + std::to_string(*port_unit_id));
    scope = {*port_unit_id};
  }
  std::vector<SecondaryItem> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto cases, tx.ListSecondaryCases(scope, {"queued", "in_progress"}, kMaxQueue));
    const int64_t now_us = core::ToMicros(clock_.Now());
    std::vector<std::string> ids;
    for (auto& c : cases) {
      GUOMEN_ASSIGN_OR_RETURN(auto in, tx.GetInspection(c.inspection_id));
      if (!in) continue;
      GUOMEN_ASSIGN_OR_RETURN(auto t, tx.GetTraveller(in->traveller_id));
      SecondaryItem item;
      item.traveller_name = t ? FullName(*t) : "";
      item.waiting_seconds = (now_us - c.referred_at_us) / 1000000;
      item.inspection = std::move(*in);
      ids.push_back(std::to_string(item.inspection.traveller_id));
      item.secondary = std::move(c);
      out.push_back(std::move(item));
    }
    if (ids.empty()) return Status::Ok();
    return audit_.Append(tx, &who, meta, {"secondary.queue", "traveller", core::Join(ids, ","), "ok"});
  }));
  return out;
}

Result<InspectionView> InspectionService::TakeSecondary(const Principal& who, const RequestMeta& meta,
                                                        int64_t case_id) {
  InspectionView v;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto c, tx.GetSecondaryCase(case_id));
    if (!c || !who.CanSeeUnit(c->unit_id)) return core::Fail(ErrorCode::kNotFound, "no secondary case " + std::to_string(case_id));
    if (c->state == "completed") {
      return core::Fail(ErrorCode::kFailedPrecondition, "the case is completed", "", "case_completed");
    }
    if (c->state == "in_progress" && c->officer_id != who.user_id) {
      return core::Fail(ErrorCode::kConflict, "another officer has taken this case", "", "case_taken");
    }
    if (c->state == "queued") {
      c->state = "in_progress";
      c->officer_id = who.user_id;
      c->taken_at_us = core::ToMicros(clock_.Now());
      GUOMEN_RETURN_IF_ERROR(tx.UpdateSecondaryCase(*c));
    }
    GUOMEN_ASSIGN_OR_RETURN(auto in, tx.GetInspection(c->inspection_id));
    if (!in) return core::Fail(ErrorCode::kInternal, "the case's inspection is missing");
    GUOMEN_ASSIGN_OR_RETURN(v, LoadView(tx, *in));
    return audit_.Append(tx, &who, meta, {"secondary.take", "traveller", std::to_string(in->traveller_id), "ok"});
  }));
  return v;
}

Result<InspectionView> InspectionService::CompleteSecondary(const Principal& who, const RequestMeta& meta,
                                                            int64_t case_id,
                                                            const CompleteSecondaryRequest& req) {
  if (!IsOneOf(req.outcome, {"admit", "refuse", "hand_over"})) {
    return Invalid("outcome", "the outcome is admit, refuse or hand_over");
  }
  GUOMEN_RETURN_IF_ERROR(RequireText(req.notes, "notes", 4, 10000));
  if (req.findings.size() > 10000) return Invalid("findings", "the findings are at most 10000 characters");
  if (req.checks.size() > 50) return Invalid("checks", "at most 50 checks");
  InspectionView v;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto c, tx.GetSecondaryCase(case_id));
    if (!c || !who.CanSeeUnit(c->unit_id)) return core::Fail(ErrorCode::kNotFound, "no secondary case " + std::to_string(case_id));
    if (c->state != "in_progress" || c->officer_id != who.user_id) {
      return core::Fail(ErrorCode::kFailedPrecondition, "take the case before completing it", "", "case_not_taken");
    }
    GUOMEN_ASSIGN_OR_RETURN(auto in_opt, tx.GetInspection(c->inspection_id));
    if (!in_opt) return core::Fail(ErrorCode::kInternal, "the case's inspection is missing");
    store::Inspection in = *in_opt;
    GUOMEN_ASSIGN_OR_RETURN(auto hits, tx.ListInspectionHits(in.id));
    int open = 0;
    for (const auto& h : hits) open += h.status == "open" ? 1 : 0;
    if (open > 0) {
      return core::Fail(ErrorCode::kFailedPrecondition, std::to_string(open) + " hit(s) are not adjudicated", "hits",
                        "unadjudicated_hits");
    }
    if (req.outcome == "refuse") GUOMEN_RETURN_IF_ERROR(CheckRefusalCode(tx, req.refusal_code, "refusal_code"));
    if (req.outcome == "hand_over") GUOMEN_RETURN_IF_ERROR(CheckHandOver(hits));
    const int64_t now_us = core::ToMicros(clock_.Now());
    c->state = "completed";
    c->notes = req.notes;
    json checks = req.checks;
    c->checks_json = Dump(checks);
    c->findings = req.findings;
    c->outcome = req.outcome;
    c->refusal_code = req.outcome == "refuse" ? req.refusal_code : "";
    c->completed_at_us = now_us;
    GUOMEN_RETURN_IF_ERROR(tx.UpdateSecondaryCase(*c));
    json durations = json::parse(in.durations_json, nullptr, false);
    if (!durations.is_object()) durations = json::object();
    if (c->taken_at_us) durations["secondary_wait_s"] = (*c->taken_at_us - c->referred_at_us) / 1000000;
    durations["secondary_s"] = (now_us - c->taken_at_us.value_or(c->referred_at_us)) / 1000000;
    in.durations_json = Dump(durations);
    in.state = "completed";
    GUOMEN_RETURN_IF_ERROR(tx.UpdateInspection(in));
    GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertCrossing(CrossingOf(in, req.outcome, true, c->refusal_code, now_us,
                                                                  in.durations_json)));
    (void)id;
    if (req.outcome == "hand_over") {
      GUOMEN_ASSIGN_OR_RETURN(auto aid, tx.InsertAlert(HandOverAlert(in, store::Traveller{}, hits, now_us)));
      (void)aid;
    }
    GUOMEN_ASSIGN_OR_RETURN(v, LoadView(tx, in));
    return audit_.Append(tx, &who, meta, {"secondary.complete." + req.outcome, "inspection", std::to_string(in.id), "ok"});
  }));
  return v;
}

Result<TravellerRecord> InspectionService::TravellerHistory(const Principal& who, const RequestMeta& meta,
                                                            int64_t traveller_id) {
  GUOMEN_RETURN_IF_ERROR(RequirePurpose(meta, "lookup"));
  TravellerRecord out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto t, tx.GetTraveller(traveller_id));
    if (!t) return core::Fail(ErrorCode::kNotFound, "no traveller " + std::to_string(traveller_id));
    GUOMEN_ASSIGN_OR_RETURN(auto crossings, tx.ListCrossingsOfTraveller(traveller_id, 500));
    // Visible: recorded in the caller's units, or crossed at one of them.
    bool visible = who.CanSeeUnit(t->unit_id);
    for (const auto& c : crossings) visible = visible || who.CanSeeUnit(c.unit_id);
    if (!visible) return core::Fail(ErrorCode::kNotFound, "no traveller " + std::to_string(traveller_id));
    out.traveller = *t;
    std::set<int64_t> inspections;
    for (auto& c : crossings) {
      inspections.insert(c.inspection_id);
      out.crossings.push_back(std::move(c));
    }
    for (int64_t id : inspections) {
      GUOMEN_ASSIGN_OR_RETURN(auto hits, tx.ListInspectionHits(id));
      for (auto& h : hits) out.hits.push_back(std::move(h));
    }
    return audit_.Append(tx, &who, meta, {"traveller.history", "traveller", std::to_string(traveller_id), "ok"});
  }));
  return out;
}

Result<OverstayReport> InspectionService::Overstays(const Principal& who, const RequestMeta& meta) {
  OverstayReport out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    const int64_t now_us = core::ToMicros(clock_.Now());
    GUOMEN_ASSIGN_OR_RETURN(auto entries, tx.ListOverstayingEntries(who.scope, kHomeNationality, now_us, kMaxOverstays));
    std::vector<std::string> ids;
    for (auto& e : entries) {
      OverstayItem item;
      GUOMEN_ASSIGN_OR_RETURN(auto t, tx.GetTraveller(e.traveller_id));
      if (t) item.traveller = *t;
      item.permitted_until_us = e.time_us + e.permitted_stay_days.value_or(0) * kMicrosPerDay;
      item.days_over = (now_us - item.permitted_until_us + kMicrosPerDay - 1) / kMicrosPerDay;
      out.by_nationality[e.nationality] += 1;
      out.by_port[e.unit_id] += 1;
      ids.push_back(std::to_string(e.traveller_id));
      item.entry = std::move(e);
      out.current.push_back(std::move(item));
    }
    GUOMEN_ASSIGN_OR_RETURN(out.exits_after_overstay,
                            tx.ListExitsAfterOverstay(who.scope, now_us - 365 * kMicrosPerDay, kMaxOverstays));
    for (const auto& c : out.exits_after_overstay) ids.push_back(std::to_string(c.traveller_id));
    if (ids.empty()) return Status::Ok();
    return audit_.Append(tx, &who, meta, {"overstay.list", "traveller", core::Join(ids, ","), "ok"});
  }));
  return out;
}

Result<PortOverview> InspectionService::Overview(const Principal& who, int64_t port_unit_id, int64_t from_us,
                                                 int64_t to_us) {
  if (!who.CanSeeUnit(port_unit_id)) return core::Fail(ErrorCode::kNotFound, "no port " + std::to_string(port_unit_id));
  if (to_us <= from_us || to_us - from_us > 31 * kMicrosPerDay) {
    return Invalid("to", "the period is up to 31 days and ends after it starts");
  }
  PortOverview out;
  out.unit_id = port_unit_id;
  out.from_us = from_us;
  out.to_us = to_us;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto crossings, tx.ListCrossings({port_unit_id}, from_us, to_us, 200000));
    std::map<std::pair<std::string, int64_t>, PortOverviewRow> rows;
    std::map<std::pair<std::string, int64_t>, double> processing;
    double total_processing = 0;
    int64_t refs = 0, refusals = 0;
    for (const auto& c : crossings) {
      int64_t hour = c.time_us - (c.time_us % (int64_t{3600} * 1000000));
      auto& r = rows[{c.desk, hour}];
      r.desk = c.desk;
      r.hour_start_us = hour;
      r.crossings += 1;
      r.referrals += c.referred ? 1 : 0;
      r.refusals += c.decision == "refuse" ? 1 : 0;
      // Processing at the desk: the inspection's decide_ms when recorded.
      json d = json::parse(c.durations_json, nullptr, false);
      double seconds = d.is_object() && d.contains("decide_ms") ? d["decide_ms"].get<double>() / 1000.0
                                                                : (c.time_us - c.started_at_us) / 1e6;
      processing[{c.desk, hour}] += seconds;
      total_processing += seconds;
      refs += c.referred ? 1 : 0;
      refusals += c.decision == "refuse" ? 1 : 0;
    }
    for (auto& [k, r] : rows) {
      r.mean_processing_seconds = processing[k] / static_cast<double>(r.crossings);
      out.rows.push_back(r);
    }
    out.crossings = static_cast<int64_t>(crossings.size());
    if (out.crossings > 0) {
      out.referral_rate = static_cast<double>(refs) / static_cast<double>(out.crossings);
      out.refusal_rate = static_cast<double>(refusals) / static_cast<double>(out.crossings);
      out.mean_processing_seconds = total_processing / static_cast<double>(out.crossings);
    }
    GUOMEN_ASSIGN_OR_RETURN(auto cases, tx.ListSecondaryCases({port_unit_id}, {}, 100000));
    double wait = 0;
    int64_t taken = 0;
    for (const auto& c : cases) {
      if (c.state == "queued") out.secondary_waiting_now += 1;
      if (c.taken_at_us && c.referred_at_us >= from_us && c.referred_at_us < to_us) {
        wait += static_cast<double>(*c.taken_at_us - c.referred_at_us) / 1e6;
        taken += 1;
      }
    }
    if (taken > 0) out.mean_secondary_wait_seconds = wait / static_cast<double>(taken);
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<store::RefusalReason>> InspectionService::RefusalReasons() {
  std::vector<store::RefusalReason> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListRefusalReasons());
    return Status::Ok();
  }));
  return out;
}

Status InspectionService::PutRefusalReason(const Principal& who, const RequestMeta& meta,
                                           const store::RefusalReason& reason) {
  if (!IsCode(reason.code, 1, 3) && !(reason.code.size() <= 10 && !reason.code.empty() &&
                                       std::all_of(reason.code.begin(), reason.code.end(), [](char c) {
                                         return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                                       }))) {
    return Invalid("code", "the code is 1 to 10 capital letters, digits or hyphens");
  }
  GUOMEN_RETURN_IF_ERROR(RequireText(reason.text_zh, "text_zh", 1, 500));
  GUOMEN_RETURN_IF_ERROR(RequireText(reason.text_en, "text_en", 1, 500));
  return store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_RETURN_IF_ERROR(tx.PutRefusalReason(reason));
    return audit_.Append(tx, &who, meta, {"refusal_reason.put", "refusal_reason", reason.code, "ok"});
  });
}

Result<std::vector<store::ChecklistItem>> InspectionService::Checklist() {
  std::vector<store::ChecklistItem> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListAllChecklistItems());
    return Status::Ok();
  }));
  return out;
}

Result<store::ChecklistItem> InspectionService::AddChecklistItem(const Principal& who, const RequestMeta& meta,
                                                                 store::ChecklistItem item) {
  GUOMEN_RETURN_IF_ERROR(RequireText(item.key, "key", 2, 60));
  for (char c : item.key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return Invalid("key", "the key is lower-case letters, digits and underscores");
    }
  }
  if (!IsOneOf(item.direction, {"entry", "exit", "both"})) return Invalid("direction", "the direction is entry, exit or both");
  GUOMEN_RETURN_IF_ERROR(RequireText(item.text_zh, "text_zh", 1, 500));
  GUOMEN_RETURN_IF_ERROR(RequireText(item.text_en, "text_en", 1, 500));
  if (item.unit_id && !who.CanSeeUnit(*item.unit_id)) return core::Fail(ErrorCode::kNotFound, "no unit " + std::to_string(*item.unit_id), "unit_id");
  item.active = true;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(item.id, tx.InsertChecklistItem(item));
    return audit_.Append(tx, &who, meta, {"checklist.add", "checklist_item", std::to_string(item.id), "ok"});
  }));
  return item;
}

Status InspectionService::SetChecklistItemActive(const Principal& who, const RequestMeta& meta, int64_t id,
                                                 bool active) {
  return store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto items, tx.ListAllChecklistItems());
    auto it = std::find_if(items.begin(), items.end(), [&](const auto& i) { return i.id == id; });
    if (it == items.end() || (it->unit_id && !who.CanSeeUnit(*it->unit_id))) {
      return core::Fail(ErrorCode::kNotFound, "no checklist item " + std::to_string(id));
    }
    GUOMEN_RETURN_IF_ERROR(tx.SetChecklistItemActive(id, active));
    return audit_.Append(tx, &who, meta,
                         {active ? "checklist.activate" : "checklist.deactivate", "checklist_item", std::to_string(id), "ok"});
  });
}

Result<std::vector<store::StayRule>> InspectionService::StayRules() {
  std::vector<store::StayRule> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListStayRules());
    return Status::Ok();
  }));
  return out;
}

Status InspectionService::PutStayRule(const Principal& who, const RequestMeta& meta, const store::StayRule& rule) {
  if (rule.nationality != "*" && !IsCode(rule.nationality, 1, 3)) {
    return Invalid("nationality", "the nationality is an ICAO 9303 code or *");
  }
  if (!IsOneOf(rule.conveyance, {"*", "air", "sea", "land", "rail"})) {
    return Invalid("conveyance", "the conveyance is air, sea, land, rail or *");
  }
  if (rule.days < 0 || rule.days > 3650) return Invalid("days", "the permitted stay is 0 to 3650 days");
  if (rule.note.size() > 500) return Invalid("note", "the note is at most 500 characters");
  return store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_RETURN_IF_ERROR(tx.PutStayRule(rule));
    return audit_.Append(tx, &who, meta,
                         {"stay_rule.put", "stay_rule", rule.nationality + "/" + rule.conveyance, "ok"});
  });
}

Result<std::vector<store::Alert>> InspectionService::Alerts(const Principal& who,
                                                            const std::optional<std::string>& state) {
  if (state && !IsOneOf(*state, {"new", "acknowledged"})) return Invalid("state", "the state is new or acknowledged");
  std::vector<store::Alert> out;
  GUOMEN_RETURN_IF_ERROR(store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(out, tx.ListAlerts(who.scope, state, 200));
    return Status::Ok();
  }));
  return out;
}

Status InspectionService::AcknowledgeAlert(const Principal& who, const RequestMeta& meta, int64_t alert_id) {
  return store_.Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto a, tx.GetAlert(alert_id));
    if (!a || !who.CanSeeUnit(a->unit_id)) return core::Fail(ErrorCode::kNotFound, "no alert " + std::to_string(alert_id));
    GUOMEN_RETURN_IF_ERROR(tx.AcknowledgeAlert(alert_id, who.user_id, core::ToMicros(clock_.Now())));
    return audit_.Append(tx, &who, meta, {"alert.acknowledge", "alert", std::to_string(alert_id), "ok"});
  });
}

}  // namespace guomen::app

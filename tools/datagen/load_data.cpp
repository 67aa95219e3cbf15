#include "datagen/load_data.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <random>

#include "datagen/demo_data.hpp"
#include "datagen/mrz_builder.hpp"

namespace guomen::datagen {

using core::Status;

namespace {

// Syllables that combine into invented names (2-3 for a family name, 1-2 for
// given names): ~500,000 family names, so a large list looks like a real one
// where family names repeat but whole names rarely do.
constexpr std::array<const char*, 80> kSyllables = {
    "AN",  "BA",  "BEN", "BO",  "CA",  "CHEN", "DA",  "DE",  "DO",  "EL",  "FA",  "FEN",
    "GA",  "GO",  "HA",  "HAN", "HO",  "IN",   "JA",  "JIN", "KA",  "KE",  "KIM", "KO",
    "LA",  "LE",  "LIN", "LO",  "MA",  "ME",   "MIN", "MO",  "NA",  "NE",  "NI",  "NO",
    "OL",  "ON",  "PA",  "PE",  "PO",  "RA",   "RE",  "RI",  "RO",  "SA",  "SE",  "SHI",
    "SO",  "SU",  "TA",  "TE",  "TI",  "TO",   "TU",  "VA",  "VE",  "VI",  "WA",  "WEN",
    "XI",  "YA",  "YE",  "YO",  "YU",  "ZA",   "ZE",  "ZHI", "ZO",  "ZU",  "AR",  "ES",
    "IL",  "OR",  "US",  "KAR", "MAR", "SAN",  "TAN", "VAN"};

constexpr std::array<const char*, 16> kNationalities = {
    "MMR", "LAO", "VNM", "THA", "KHM", "RUS", "KAZ", "MNG",
    "IND", "PAK", "NPL", "KOR", "JPN", "DEU", "GBR", "USA"};

struct Person {
  std::string family, given, nationality, sex;
  int year = 0, month = 0, day = 0;
  std::string document;
};

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  size_t Below(size_t n) { return static_cast<size_t>(rng_() % n); }

  std::string Word(int min_parts, int max_parts) {
    int parts = min_parts + static_cast<int>(Below(static_cast<size_t>(max_parts - min_parts + 1)));
    std::string w;
    for (int i = 0; i < parts; ++i) w += kSyllables[Below(kSyllables.size())];
    return w;
  }

  Person Next() {
    Person p;
    p.family = Word(2, 3);
    p.given = Word(1, 2);
    if (Below(3) == 0) p.given += " " + Word(1, 2);
    p.nationality = kNationalities[Below(kNationalities.size())];
    p.sex = Below(2) ? "F" : "M";
    p.year = 1950 + static_cast<int>(Below(56));
    p.month = 1 + static_cast<int>(Below(12));
    p.day = 1 + static_cast<int>(Below(28));
    p.document = std::string(1, static_cast<char>('A' + Below(26))) +
                 std::to_string(10000000 + Below(90000000));
    return p;
  }

 private:
  std::mt19937_64 rng_;
};

std::string Two(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", v % 100);
  return b;
}

std::string IsoDate(const Person& p) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", p.year, p.month, p.day);
  return b;
}

std::string Mrz(const Person& p, Generator& g) {
  Td3Fields f;
  f.issuing_state = p.nationality;
  f.nationality = p.nationality;
  f.surname = p.family;
  f.given_names = p.given;
  f.document_number = p.document;
  f.birth_date = Two(p.year) + Two(p.month) + Two(p.day);
  f.sex = p.sex;
  // Mostly years of validity left; one in 40 expires within a month or so.
  int year = 2027 + static_cast<int>(g.Below(9));
  f.expiry_date = g.Below(40) == 0 ? "261215" : Two(year) + Two(1 + static_cast<int>(g.Below(12))) + "15";
  return BuildTd3(f);
}

Status CreateList(app::App& app, const LoadDataOptions& o, Generator& g,
                  std::vector<Person>& listed_sample, LoadData& out) {
  app::NewWatchlist nl{kLoadList, "合成大名单（负载测试） Synthetic large list (load test)",
                       "guomen datagen", "custom", "notify", 0.85};
  GUOMEN_ASSIGN_OR_RETURN(auto list, app.screening().CreateListAsSystem(nl));
  std::string csv =
      "id,name,given,family,aliases,weak_aliases,birth_dates,places_of_birth,nationalities,gender,"
      "documents,action,reason,valid_until,source_ref\n";
  csv.reserve(static_cast<size_t>(o.list_names) * 110);
  const size_t sample_every =
      std::max<size_t>(1, static_cast<size_t>(o.list_names) / 2000);
  for (int i = 0; i < o.list_names; ++i) {
    Person p = g.Next();
    if (static_cast<size_t>(i) % sample_every == 0) listed_sample.push_back(p);
    char id[16];
    std::snprintf(id, sizeof id, "L-%07d", i + 1);
    csv += std::string(id) + "," + p.family + " " + p.given + "," + p.given + "," + p.family +
           ",,," + IsoDate(p) + ",," + p.nationality + "," + p.sex + ",passport:" + p.document +
           ":" + p.nationality + ",notify,Synthetic load-test entry,,LOAD-" + id + "\n";
  }
  const auto start = std::chrono::steady_clock::now();
  GUOMEN_ASSIGN_OR_RETURN(auto imported,
                          app.screening().ImportAsSystem(list.id, {"csv", std::move(csv), "", "", "", false},
                                                         "datagen-load"));
  out.list_import_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out.list_entries = static_cast<int>(imported.version.entry_count);
  return Status::Ok();
}

Status CreateRules(app::App& app, const LoadDataOptions& o, int existing, LoadData& out,
                   const app::Principal& analyst, const app::Principal& supervisor) {
  const app::RequestMeta meta{"datagen-load", ""};
  out.active_rules = existing;
  for (int i = 0; out.active_rules < o.active_rules; ++i) {
    app::RuleDraft d;
    char code[24];
    std::snprintf(code, sizeof code, "LOAD-%03d", i + 1);
    d.code = code;
    d.name = std::string("负载测试规则 / Load-test rule ") + code;
    d.description = "Synthetic rule of the inspection load benchmark.";
    d.expression = LoadRuleExpression(i);
    d.points = 1 + i % 10;
    GUOMEN_ASSIGN_OR_RETURN(auto created, app.rules().Create(analyst, meta, d));
    GUOMEN_ASSIGN_OR_RETURN(auto submitted, app.rules().Submit(analyst, meta, created.rule.id));
    GUOMEN_ASSIGN_OR_RETURN(auto approved, app.rules().Approve(supervisor, meta, created.rule.id));
    (void)submitted;
    (void)approved;
    ++out.active_rules;
  }
  return Status::Ok();
}

}  // namespace

std::vector<LoadListPerson> LoadListSample(const LoadDataOptions& o, int count) {
  std::vector<LoadListPerson> out;
  if (count <= 0 || o.list_names <= 0) return out;
  // The same generator, seeded as CreateLoadData seeds it, draws the entries in list order.
  Generator g(o.seed ^ 0x10adULL);
  const int every = std::max(1, o.list_names / count);
  for (int i = 0; i < o.list_names && static_cast<int>(out.size()) < count; ++i) {
    Person p = g.Next();
    if (i % every != 0) continue;
    out.push_back({p.family, p.given, p.nationality, p.sex, IsoDate(p), p.document});
  }
  return out;
}

std::string LoadRuleExpression(int i) {
  const int k = i / 12;
  const std::string n = std::to_string(k);
  switch (i % 12) {
    case 0:
      return "document.expiry - now < duration(\"" + std::to_string((k % 50 + 1) * 24) +
             "h\") && journey.direction == \"entry\"";
    case 1:
      return "journey.embarkation_port in [\"XQA" + n + "\", \"XQB" + n +
             "\"] && journey.direction == \"entry\"";
    case 2:
      return "journey.embarkation_country in ref.alert_countries && health.temperature >= 37." +
             std::to_string(k % 9);
    case 3:
      return "history.overstays >= " + std::to_string(1 + k % 4) + " && journey.direction == \"entry\"";
    case 4:
      return "screening.hits.exists(h, h.score >= 0." + std::to_string(60 + k % 30) +
             " && h.action == \"monitor\")";
    case 5:
      return "\"cough\" in health.symptoms && journey.visits.exists(v, has(v.country) && v.country == "
             "\"XQ" + n + "\" && has(v.departed) && now - v.departed < duration(\"" +
             std::to_string((k % 20 + 1) * 24) + "h\"))";
    case 6:
      return "journey.carrier.startsWith(\"XQ" + n + "\")";
    case 7:
      return "!document.mrz_valid && history.crossings < " + std::to_string(k % 5 + 1);
    case 8:
      return "history.secondary_referrals > " + std::to_string(k % 5 + 2) +
             " && journey.conveyance == \"land\"";
    case 9:
      return "journey.planned_stay > duration(\"" + std::to_string((k % 90 + 30) * 24) +
             "h\") && history.crossings == 0";
    case 10:
      return "document.type.startsWith(\"PD\") && journey.port == \"XQ" + n + "\"";
    default:
      return "journey.carrier.matches(\"^XQ[0-9]{" + std::to_string(k % 3 + 2) +
             "}$\") && health.contact_with_case";
  }
}

core::Result<LoadData> CreateLoadData(app::App& app, const LoadDataOptions& o) {
  LoadData out;
  GUOMEN_ASSIGN_OR_RETURN(auto demo, CreateDemoData(app, o.seed, 100));
  std::optional<store::User> officer, analyst, supervisor, admin;
  std::vector<store::Unit> units;
  GUOMEN_RETURN_IF_ERROR(app.store().Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(officer, tx.FindUserByName("officer"));
    GUOMEN_ASSIGN_OR_RETURN(analyst, tx.FindUserByName("analyst"));
    GUOMEN_ASSIGN_OR_RETURN(supervisor, tx.FindUserByName("supervisor"));
    GUOMEN_ASSIGN_OR_RETURN(admin, tx.FindUserByName("admin"));
    return Status::Ok();
  }));
  if (!officer || !analyst || !supervisor || !admin) {
    return core::Fail(core::ErrorCode::kInternal, "the demo users are missing");
  }
  out.port_unit_id = officer->unit_id;

  Generator g(o.seed ^ 0x10adULL);
  std::vector<Person> listed;
  GUOMEN_RETURN_IF_ERROR(CreateList(app, o, g, listed, out));

  GUOMEN_ASSIGN_OR_RETURN(auto analyst_p, PrincipalOf(app, *analyst));
  GUOMEN_ASSIGN_OR_RETURN(auto supervisor_p, PrincipalOf(app, *supervisor));
  GUOMEN_RETURN_IF_ERROR(CreateRules(app, o, demo.rules, out, analyst_p, supervisor_p));

  GUOMEN_ASSIGN_OR_RETURN(auto admin_p, PrincipalOf(app, *admin));
  for (int i = 0; i < o.tokens; ++i) {
    GUOMEN_ASSIGN_OR_RETURN(auto t, app.auth().CreateApiToken(admin_p, {"datagen-load", ""},
                                                               officer->id,
                                                               "load-" + std::to_string(i + 1),
                                                               {"officer"}, 30));
    out.tokens.push_back(t.token);
  }

  Generator tg(o.seed ^ 0x7a7eULL);
  const auto listed_every = static_cast<int>(1.0 / std::max(o.listed_share, 1e-6));
  for (int i = 0; i < o.travellers; ++i) {
    if (!listed.empty() && listed_every > 0 && i % listed_every == 0) {
      out.mrzs.push_back(Mrz(listed[tg.Below(listed.size())], tg));
    } else {
      out.mrzs.push_back(Mrz(tg.Next(), tg));
    }
  }
  return out;
}

}  // namespace guomen::datagen

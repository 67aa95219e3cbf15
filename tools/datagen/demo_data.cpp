#include "datagen/demo_data.hpp"

#include <array>
#include <cstdio>
#include <map>

#include "app/unit_scope.hpp"

namespace guomen::datagen {

using core::Status;

namespace {

struct UnitSpec {
  const char* code;
  const char* parent;  // nullptr for the root
  const char* name;
  const char* name_en;
  const char* kind;
};

// A border province on the south-western frontier, as the border police
// organise it: general station, prefecture detachments, ports and stations.
constexpr std::array<UnitSpec, 19> kUnits = {{
    {"NIA", nullptr, "国家移民管理局", "National Immigration Administration", "ministry"},
    {"YN", "NIA", "云南出入境边防检查总站", "Yunnan Border Inspection General Station", "province"},
    {"YN-DH", "YN", "德宏边境管理支队", "Dehong Border Management Detachment", "prefecture"},
    {"YN-XSBN", "YN", "西双版纳边境管理支队", "Xishuangbanna Border Management Detachment",
     "prefecture"},
    {"YN-HH", "YN", "红河边境管理支队", "Honghe Border Management Detachment", "prefecture"},
    {"YN-KM", "YN", "昆明边防检查站", "Kunming Border Inspection Station", "prefecture"},
    {"YN-DH-RL", "YN-DH", "瑞丽市边境管理大队", "Ruili Border Management Brigade", "county"},
    {"YN-DH-RL-PORT", "YN-DH-RL", "瑞丽口岸", "Ruili Port (land)", "port"},
    {"YN-DH-RL-JG", "YN-DH-RL", "姐告边境派出所", "Jiegao Border Police Station", "station"},
    {"YN-DH-WD-PORT", "YN-DH", "畹町口岸", "Wanding Port (land)", "port"},
    {"YN-XSBN-MH", "YN-XSBN", "勐腊县边境管理大队", "Mengla Border Management Brigade", "county"},
    {"YN-XSBN-MH-PORT", "YN-XSBN-MH", "磨憨口岸", "Mohan Port (land and rail)", "port"},
    {"YN-XSBN-MH-RAIL", "YN-XSBN-MH", "磨憨铁路口岸", "Mohan Railway Port", "port"},
    {"YN-XSBN-JH-AIR", "YN-XSBN", "西双版纳嘎洒国际机场口岸", "Xishuangbanna Gasa Airport Port",
     "port"},
    {"YN-XSBN-GL", "YN-XSBN", "关累港口岸", "Guanlei River Port", "port"},
    {"YN-HH-HK-PORT", "YN-HH", "河口口岸", "Hekou Port (land and rail)", "port"},
    {"YN-HH-HK-ST", "YN-HH", "河口边境派出所", "Hekou Border Police Station", "station"},
    {"YN-KM-AIR", "YN-KM", "昆明长水国际机场口岸", "Kunming Changshui International Airport Port",
     "port"},
    {"YN-KM-AIR-T2", "YN-KM-AIR", "长水机场第二勤务科", "Changshui Airport Second Duty Section",
     "station"},
}};

struct NameBank {
  const char* nationality;
  std::vector<const char*> surnames;
  std::vector<const char*> given;
  const char* doc_prefix;
};

// Name parts common in each country (not any person's full name).
const std::vector<NameBank>& Banks() {
  static const std::vector<NameBank> banks = {
      {"CHN", {"WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "ZHAO", "HUANG", "ZHOU", "WU"},
       {"WEI", "FANG", "NA", "MIN", "JING", "LEI", "JUN", "YAN", "HAO", "XIN", "YU HANG"}, "E"},
      {"MMR", {"AUNG", "KYAW", "HTUN", "MAUNG", "WIN", "MYINT", "THEIN", "SOE"},
       {"ZAW", "MIN", "HLAING", "NAING", "THU", "OO", "LWIN", "KO"}, "MA"},
      {"LAO", {"PHOMMAVONG", "VONGSA", "KEOMANY", "SOUVANNA", "INTHAVONG", "CHANTHAVONG"},
       {"SOMPHONE", "KHAMLA", "BOUNMY", "VIENGSAMAY", "NOY", "SENG"}, "P"},
      {"VNM", {"NGUYEN", "TRAN", "LE", "PHAM", "HOANG", "VU", "DANG", "BUI"},
       {"VAN AN", "THI HOA", "MINH", "DUC", "THANH", "THI LAN", "QUANG"}, "C"},
      {"THA", {"SAETANG", "SRISAI", "WONGSAWAT", "CHAIYAPORN", "BOONMA", "SUKSAWAT"},
       {"SOMCHAI", "SOMSAK", "MALEE", "NATTAPONG", "SUDA", "KANYA"}, "AA"},
      {"KOR", {"KIM", "LEE", "PARK", "CHOI", "JUNG", "KANG"},
       {"MINJUN", "SEOYEON", "JIHOON", "HAEUN", "DONGHYUN"}, "M"},
      {"RUS", {"IVANOV", "SMIRNOV", "KUZNETSOV", "POPOVA", "SOKOLOVA", "PETROV"},
       {"ALEKSANDR", "DMITRII", "ANNA", "ELENA", "SERGEI", "OLGA"}, "7"},
      {"DEU", {"MUELLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER", "BECKER"},
       {"LUKAS", "ANNA", "JONAS", "LEONIE", "FELIX", "MARIE"}, "C"},
      {"GBR", {"SMITH", "JONES", "TAYLOR", "BROWN", "WILLIAMS", "DAVIES"},
       {"OLIVER", "AMELIA", "HARRY", "ISLA", "JACK", "EMILY"}, "5"},
      {"USA", {"JOHNSON", "GARCIA", "MILLER", "DAVIS", "RODRIGUEZ", "WILSON"},
       {"JAMES", "MARY", "ROBERT", "PATRICIA", "MICHAEL", "JENNIFER"}, "5"},
  };
  return banks;
}

// splitmix64: small, fast, the same on every platform and library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }

 private:
  uint64_t s_;
};

constexpr const char* kCsvHeader =
    "id,name,given,family,aliases,weak_aliases,birth_dates,places_of_birth,nationalities,gender,"
    "documents,action,reason,valid_until,source_ref\n";

// A synthetic national wanted list. W-0001 is the ICAO 9303 specimen person
// (Part 4 Appendix A: ERIKSSON ANNA MARIA, UTO, born 1974-08-12, L898902C3);
// the others are invented from common name parts.
constexpr const char* kWantedRows =
    "W-0001,ERIKSSON Anna Maria,Anna Maria,ERIKSSON,,,1974-08-12,,UTO,F,passport:L898902C3:UTO,"
    "arrest,Wanted: fraud (synthetic demo case; ICAO 9303 specimen person),,DEMO-W-0001\n"
    "W-0002,LIU Jun,Jun,LIU,刘军,,1979-04-02,Kunming,CHN,M,passport:E90817263:CHN,arrest,"
    "Wanted: smuggling of migrants (synthetic),,DEMO-W-0002\n"
    "W-0003,Aung Kyaw HTUN,Aung Kyaw,HTUN,,Ko Htun,1985,,MMR,M,,arrest,"
    "Wanted: organiser of illegal crossings (synthetic),,DEMO-W-0003\n"
    "W-0004,Somphone KEOMANY,Somphone,KEOMANY,,,1990-12-01,,LAO,M,,arrest,"
    "Wanted: drug trafficking (synthetic),,DEMO-W-0004\n"
    "W-0005,Elena SOKOLOVA,Elena,SOKOLOVA,Елена Соколова,,1982-06-30,,RUS,F,"
    "passport:7100223344:RUS,arrest,Wanted: document forgery (synthetic),,DEMO-W-0005\n";

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Status CreateDemoWatchlists(app::App& app, Rng& rng, const std::vector<store::Traveller>& recorded,
                            DemoSummary& summary) {
  auto& svc = app.screening();
  auto create_and_import = [&](app::NewWatchlist nl, app::ImportRequest req) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(auto list, svc.CreateListAsSystem(nl));
    GUOMEN_ASSIGN_OR_RETURN(auto out, svc.ImportAsSystem(list.id, req, "demo"));
    ++summary.watchlists;
    summary.watchlist_entries += static_cast<int>(out.version.entry_count);
    summary.screening_results += static_cast<int>(out.rescreen.new_results);
    return Status::Ok();
  };

  app::ImportRequest wanted{"csv", std::string(kCsvHeader) + kWantedRows, "", "", "", false};
  GUOMEN_RETURN_IF_ERROR(create_and_import(
      {kDemoWantedList, "全国在逃人员名单（演示） National wanted persons (demo)",
       "国家移民管理局（演示） NIA (demo)", "wanted", "arrest", 0.85},
      wanted));

  // Twenty invented persons barred from entry; the first three carry the
  // name, birth date and nationality of demo travellers (with other
  // document numbers) so that re-screening has something to find.
  std::string ban = kCsvHeader;
  for (int i = 0; i < 20; ++i) {
    std::string family, given, nationality, birth, sex;
    if (static_cast<size_t>(i) < recorded.size()) {
      const auto& t = recorded[static_cast<size_t>(i)];
      family = t.surname;
      given = t.given_names;
      nationality = t.nationality;
      birth = t.birth_date;
      sex = t.sex;
    } else {
      const auto& bank = Banks()[rng.Below(Banks().size())];
      family = bank.surnames[rng.Below(bank.surnames.size())];
      given = bank.given[rng.Below(bank.given.size())];
      nationality = bank.nationality;
      char date[16];
      std::snprintf(date, sizeof date, "%04u-%02u-%02u",
                    1955u + static_cast<unsigned>(rng.Below(50)),
                    1u + static_cast<unsigned>(rng.Below(12)),
                    1u + static_cast<unsigned>(rng.Below(28)));
      birth = date;
      sex = rng.Below(2) ? "F" : "M";
    }
    char id[16];
    std::snprintf(id, sizeof id, "B-%04d", i + 1);
    std::string doc = "passport:X" + std::to_string(1000000 + rng.Below(9000000)) + ":" + nationality;
    ban += std::string(id) + "," + CsvField(family + " " + given) + "," + CsvField(given) + "," +
           CsvField(family) + ",,," + birth + ",," + nationality + "," + sex + "," + doc +
           ",deny_entry,Entry ban: overstay and illegal work (synthetic),2030-12-31,DEMO-" + id +
           "\n";
  }
  GUOMEN_RETURN_IF_ERROR(create_and_import(
      {kDemoEntryBanList, "禁止入境人员名单（演示） Entry ban (demo)",
       "国家移民管理局（演示） NIA (demo)", "entry_ban", "deny_entry", 0.85},
      {"csv", ban, "", "", "", false}));

  GUOMEN_RETURN_IF_ERROR(create_and_import(
      {kDemoUnList, "联合国安理会综合制裁名单（节选） UN Security Council Consolidated List (extract)",
       "UN Security Council", "sanctions", "deny_entry", 0.85},
      {"un", std::string(DemoUnListXml()), "", "", "", false}));
  return Status::Ok();
}

}  // namespace

core::Result<app::Principal> PrincipalOf(app::App& app, const store::User& u) {
  app::Principal p;
  p.user_id = u.id;
  p.username = u.username;
  p.display_name = u.display_name;
  p.unit_id = u.unit_id;
  p.roles = u.roles;
  std::vector<store::Unit> units;
  GUOMEN_RETURN_IF_ERROR(app.store().Transact([&](store::Tx& tx) -> Status {
    GUOMEN_ASSIGN_OR_RETURN(units, tx.ListUnits());
    return Status::Ok();
  }));
  p.scope = app::SubtreeOf(units, u.unit_id);
  return p;
}

const std::vector<DemoUser>& DemoUsers() {
  static const std::vector<DemoUser> users = {
      {"officer", "officer", "YN-DH-RL-PORT"},
      {"secondary", "secondary_officer", "YN-DH-RL-PORT"},
      {"analyst", "analyst", "YN"},
      {"investigator", "investigator", "YN-DH"},
      {"command", "command", "YN-DH"},
      {"supervisor", "supervisor", "YN"},
      {"auditor", "auditor", "NIA"},
      {"admin", "admin", "NIA"},
  };
  return users;
}

namespace {

core::Status CreateDemoRules(app::App& app, const std::map<std::string, store::User>& users,
                             const std::map<std::string, int64_t>& ids, uint64_t seed_rng_state,
                             DemoSummary& summary) {
  GUOMEN_ASSIGN_OR_RETURN(auto analyst, PrincipalOf(app, users.at("analyst")));
  GUOMEN_ASSIGN_OR_RETURN(auto supervisor, PrincipalOf(app, users.at("supervisor")));
  const app::RequestMeta meta{"demo-data", ""};
  // Fictitious codes: XX* are not real countries or ports.
  GUOMEN_ASSIGN_OR_RETURN(auto countries,
                          app.rules().PutReferenceSet(analyst, meta, "alert_countries",
                                                      "countries under a health alert (demo)",
                                                      {"XXA", "XXB", "XXC"}));
  GUOMEN_ASSIGN_OR_RETURN(auto ports,
                          app.rules().PutReferenceSet(analyst, meta, "alert_ports",
                                                      "ports under a health alert (demo)",
                                                      {"XXPOR", "XXHAB", "XXLAV"}));
  (void)countries;
  (void)ports;
  std::vector<app::RuleDraft> drafts;
  {
    app::RuleDraft d;
    d.code = "DOC-EXPIRY-30D";
    d.name = "证件30天内到期 / Document expires within 30 days";
    d.description = "The travel document expires within 30 days of the crossing (or has expired).";
    d.expression = "document.expiry - now < duration(\"720h\")";
    d.level = "medium";
    d.questions = {{"purpose_of_travel", "请问您此次出行的目的是什么？",
                    "What is the purpose of your journey?"}};
    drafts.push_back(d);
  }
  {
    app::RuleDraft d;
    d.code = "FEVER-ALERT-PORT-14D";
    d.name = "发热且14天内到过预警口岸 / Fever after an alert port within 14 days";
    d.description =
        "Declared fever, and this leg began at a port on ref.alert_ports or the traveller left "
        "such a port in the last 14 days.";
    d.expression =
        "\"fever\" in health.symptoms && (journey.embarkation_port in ref.alert_ports || "
        "journey.visits.exists(v, has(v.port) && v.port in ref.alert_ports && has(v.departed) && "
        "now - v.departed < duration(\"336h\")))";
    d.level = "high";
    d.refer_secondary = true;
    d.notify_health = true;
    d.questions = {{"symptom_onset", "发热症状从何时开始？", "When did the fever start?"},
                   {"ports_visited", "过去14天您到过哪些口岸？",
                    "Which ports have you been to in the last 14 days?"}};
    drafts.push_back(d);
  }
  {
    app::RuleDraft d;
    d.code = "PREV-REFUSAL-1Y";
    d.name = "一年内曾被拒绝入境 / Refused entry in the last year";
    d.description = "A previous refusal of entry within the last 365 days.";
    d.expression = "history.refusals > 0 && now - history.last_refusal < duration(\"8760h\")";
    d.level = "medium";
    d.questions = {{"previous_refusal", "请说明上次被拒绝入境的原因。",
                    "Please explain why you were refused entry last time."}};
    drafts.push_back(d);
  }
  for (auto& d : drafts) {
    d.unit_scope = {ids.at("YN")};
    GUOMEN_ASSIGN_OR_RETURN(auto created, app.rules().Create(analyst, meta, d));
    GUOMEN_ASSIGN_OR_RETURN(auto submitted, app.rules().Submit(analyst, meta, created.rule.id));
    GUOMEN_ASSIGN_OR_RETURN(auto approved, app.rules().Approve(supervisor, meta, created.rule.id));
    (void)submitted;
    (void)approved;
    ++summary.rules;
  }

  // Fact snapshots of the last 30 days at the ports, so that a backtest has
  // something to run over. Synthetic: no person behind them.
  std::vector<int64_t> ports_ids;
  for (const auto& spec : kUnits) {
    if (std::string(spec.kind) == "port") ports_ids.push_back(ids.at(spec.code));
  }
  Rng rng(seed_rng_state ^ 0x5eedULL);
  const int64_t now = core::ToMicros(app.clock().Now());
  const int64_t day = 86400LL * 1000000;
  return app.store().Transact([&](store::Tx& tx) -> Status {
    for (int i = 0; i < 600; ++i) {
      store::FactSnapshot s;
      s.unit_id = ports_ids[rng.Below(ports_ids.size())];
      s.time_us = now - static_cast<int64_t>(rng.Below(30 * 24)) * (day / 24) -
                  static_cast<int64_t>(rng.Below(3600)) * 1000000;
      s.subject_kind = rng.Below(4) == 0 ? "manifest_person" : "crossing";
      s.subject_id = 100000 + i;
      int64_t expiry_days = static_cast<int64_t>(rng.Below(1500)) - 10;
      std::string expiry =
          core::FormatIso8601(core::FromMicros(s.time_us + expiry_days * day)).substr(0, 10) +
          "T00:00:00Z";
      bool fever = rng.Below(25) == 0;
      const char* embark = rng.Below(8) == 0 ? "XXPOR" : "CNKMG";
      int refusals = rng.Below(30) == 0 ? 1 : 0;
      std::string last_refusal =
          core::FormatIso8601(core::FromMicros(s.time_us - static_cast<int64_t>(rng.Below(700)) * day));
      s.facts_json = std::string("{\"document\":{\"type\":\"P\",\"expiry\":\"") + expiry +
                     "\",\"mrz_valid\":true},\"journey\":{\"direction\":\"entry\","
                     "\"embarkation_port\":\"" + embark + "\"},\"health\":{\"symptoms\":" +
                     (fever ? "[\"fever\"]" : "[]") + "},\"history\":{\"refusals\":" +
                     std::to_string(refusals) +
                     (refusals ? ",\"last_refusal\":\"" + last_refusal + "\"" : std::string()) + "}}";
      GUOMEN_ASSIGN_OR_RETURN(auto id, tx.InsertFactSnapshot(s));
      (void)id;
    }
    return Status::Ok();
  });
}

}  // namespace

// Advance information for the arrivals board: three conveyances arriving
// today (UTC) with synthetic lists. The flight's PAXLST carries the ICAO 9303
// specimen person (red on the demo wanted list) and the train's list LIU Jun
// (W-0002), so the board shows high-risk counts.
core::Status CreateDemoManifests(app::App& app, const std::map<std::string, store::User>& users,
                                 const std::map<std::string, int64_t>& ids, DemoSummary& summary) {
  GUOMEN_ASSIGN_OR_RETURN(auto analyst, PrincipalOf(app, users.at("analyst")));
  const auto day = std::chrono::floor<std::chrono::days>(app.clock().Now());
  const std::chrono::year_month_day ymd(day);
  char yymmdd[16];
  std::snprintf(yymmdd, sizeof yymmdd, "%02d%02u%02u", static_cast<int>(ymd.year()) % 100,
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  char iso[16];
  std::snprintf(iso, sizeof iso, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  const std::string d = yymmdd;
  std::string body =
      "BGM+745'TDT+20+MU5032+++MU'LOC+125+BKK'DTM+189:" + d + "0830:201'LOC+87+KMG'DTM+232:" + d +
      "1145:201'"
      "NAD+FL+++ERIKSSON:ANNA MARIA'ATT+2++F'DTM+329:740812'LOC+178+BKK'LOC+179+KMG'NAT+2+UTO'"
      "DOC+P:110:111+L898902C3'DTM+36:300415'LOC+91+UTO'"
      "NAD+FL+++SRISUK:MALEE'ATT+2++F'DTM+329:880302'LOC+178+BKK'LOC+179+KMG'NAT+2+THA'"
      "DOC+P:110:111+AA1234567'DTM+36:310302'LOC+91+THA'"
      "NAD+FL+++CHEN:JING'ATT+2++F'DTM+329:910615'LOC+178+BKK'LOC+179+KMG'NAT+2+CHN'"
      "DOC+P:110:111+E55510001'DTM+36:320615'LOC+91+CHN'"
      "NAD+FL+++MUELLER:THOMAS'ATT+2++M'DTM+329:770120'LOC+178+BKK'LOC+179+KMG'NAT+2+DEU'"
      "DOC+P:110:111+C01X00T47'DTM+36:300120'LOC+91+DEU'"
      "CNT+42:4'";
  int segments = 2;
  for (char c : body) segments += c == '\'' ? 1 : 0;
  std::string paxlst = "UNA:+.? 'UNB+UNOA:4+MUAPIS+GUOMEN+" + d + ":0600+DEMO" + d +
                       "'UNH+1+PAXLST:D:05B:UN:IATA'" + body + "UNT+" + std::to_string(segments) +
                       "+1'UNZ+1+DEMO" + d + "'";
  struct Demo {
    std::string port, format, text;
  };
  const std::vector<Demo> lists = {
      {"YN-KM-AIR", "edifact", paxlst},
      {"YN-XSBN-MH-RAIL", "json",
       std::string(R"({"transport_id":"D887","carrier":"LCR","conveyance":"rail","list_type":"passenger",)") +
           R"("departure":{"location":"LAVTE","datetime":")" + iso + R"(T07:20:00Z"},)" +
           R"("arrival":{"location":"CNMOH","datetime":")" + iso + R"(T13:05:00Z"},"persons":[)" +
           R"({"surname":"LIU","given_names":"JUN","birth_date":"1979-04-02","sex":"M","nationality":"CHN",)" +
           R"("documents":[{"type":"P","number":"E90817263","issuing_state":"CHN"}]},)" +
           R"({"surname":"PHOMMAVONG","given_names":"KHAMLA","birth_date":"1993-09-09","sex":"F","nationality":"LAO",)" +
           R"("documents":[{"type":"P","number":"P0456789","issuing_state":"LAO"}]}]})"},
      {"YN-DH-RL-PORT", "json",
       std::string(R"({"transport_id":"MDY-RL-07","carrier":"Shwe Li Bus","conveyance":"land",)") +
           R"("arrival":{"location":"CNRLI","datetime":")" + iso + R"(T16:30:00Z"},"persons":[)" +
           R"({"surname":"AUNG","given_names":"MYINT","birth_date":"1982-07-14","sex":"M","nationality":"MMR",)" +
           R"("documents":[{"type":"P","number":"MC0123456","issuing_state":"MMR"}]},)" +
           R"({"surname":"ZAW","given_names":"NANDAR","birth_date":"1996-01-30","sex":"F","nationality":"MMR",)" +
           R"("documents":[{"type":"P","number":"MD0654321","issuing_state":"MMR"}]}]})"},
  };
  for (const auto& l : lists) {
    app::ManifestIntakeRequest req;
    req.format = l.format;
    req.body = l.text;
    req.port_unit_id = ids.at(l.port);
    GUOMEN_ASSIGN_OR_RETURN(auto r, app.manifests().Intake(&analyst, app::RequestMeta{"datagen", "demo data"}, req));
    summary.manifests += static_cast<int>(r.manifests.size());
  }
  return Status::Ok();
}

core::Result<DemoSummary> CreateDemoData(app::App& app, uint64_t seed, int travellers) {
  DemoSummary summary;
  std::map<std::string, int64_t> ids;
  for (const auto& spec : kUnits) {
    store::Unit u;
    if (spec.parent) u.parent_id = ids.at(spec.parent);
    u.code = spec.code;
    u.name = spec.name;
    u.name_en = spec.name_en;
    u.kind = spec.kind;
    GUOMEN_ASSIGN_OR_RETURN(auto created, app.admin().CreateUnitAsSystem(u));
    ids[spec.code] = created.id;
    ++summary.units;
  }
  static const std::map<std::string, std::string> display = {
      {"officer", "李警官 (Officer Li)"},       {"secondary", "王警官 (Officer Wang)"},
      {"analyst", "张分析员 (Analyst Zhang)"},   {"investigator", "赵侦查员 (Investigator Zhao)"},
      {"command", "陈指挥员 (Commander Chen)"},  {"supervisor", "刘督察 (Supervisor Liu)"},
      {"auditor", "孙审计员 (Auditor Sun)"},     {"admin", "周管理员 (Administrator Zhou)"},
  };
  std::map<std::string, store::User> users;
  for (const auto& du : DemoUsers()) {
    app::NewUserRequest req{du.username, display.at(du.username), kDemoPassword,
                            ids.at(du.unit_code), {du.role}};
    GUOMEN_ASSIGN_OR_RETURN(auto created, app.admin().CreateUserAsSystem(req));
    users[du.username] = created.user;
    ++summary.users;
  }

  // Travellers recorded at the ports, spread over the units that record them.
  std::vector<int64_t> ports;
  for (const auto& spec : kUnits) {
    if (std::string(spec.kind) == "port") ports.push_back(ids.at(spec.code));
  }
  Rng rng(seed);
  std::vector<store::Traveller> recorded;
  GUOMEN_RETURN_IF_ERROR(app.store().Transact([&](store::Tx& tx) -> Status {
    recorded.clear();
    for (int i = 0; i < travellers; ++i) {
      const auto& bank = Banks()[rng.Below(Banks().size())];
      store::Traveller t;
      // Half at the demo officer's port, so that its desk has people to find.
      t.unit_id = rng.Below(2) ? ids.at("YN-DH-RL-PORT") : ports[rng.Below(ports.size())];
      t.surname = bank.surnames[rng.Below(bank.surnames.size())];
      t.given_names = bank.given[rng.Below(bank.given.size())];
      t.nationality = bank.nationality;
      t.issuing_state = bank.nationality;
      char date[32];
      std::snprintf(date, sizeof date, "%04u-%02u-%02u", 1950u + static_cast<unsigned>(rng.Below(56)),
                    1u + static_cast<unsigned>(rng.Below(12)), 1u + static_cast<unsigned>(rng.Below(28)));
      t.birth_date = date;
      t.sex = rng.Below(2) ? "F" : "M";
      t.document_type = "P";
      std::string digits = std::to_string(rng.Below(10000000));
      t.document_number = bank.doc_prefix + std::string(7 - digits.size(), '0') + digits;
      GUOMEN_ASSIGN_OR_RETURN(auto id, app.travellers().Record(tx, t));
      (void)id;
      if (recorded.size() < 3) recorded.push_back(t);
      ++summary.travellers;
    }
    return Status::Ok();
  }));
  GUOMEN_RETURN_IF_ERROR(CreateDemoRules(app, users, ids, seed, summary));
  GUOMEN_RETURN_IF_ERROR(CreateDemoWatchlists(app, rng, recorded, summary));
  GUOMEN_RETURN_IF_ERROR(CreateDemoManifests(app, users, ids, summary));
  return summary;
}

}  // namespace guomen::datagen

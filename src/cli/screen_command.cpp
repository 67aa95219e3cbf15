#include "cli/screen_command.hpp"

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/screening_service.hpp"
#include "core/strings.hpp"
#include "screening/ftm_importer.hpp"
#include "screening/guomen_csv_importer.hpp"
#include "screening/ofac_importer.hpp"
#include "screening/screening_index.hpp"
#include "screening/un_importer.hpp"

namespace guomen::cli {
namespace {

namespace fs = std::filesystem;
namespace sc = screening;
using json = nlohmann::ordered_json;  // "query" before "hits", as documented

struct ScreenArgs {
  std::string list;
  std::string format;
  double threshold = 0.85;
  bool threshold_set = false;
  size_t top = 10;
  bool json = false;
  std::vector<std::string> queries;
};

bool ReadFile(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

std::string FormatOf(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return "ofac";
  std::string ext = core::AsciiLower(path.extension().string());
  if (ext == ".xml") return "un";
  if (ext == ".json" || ext == ".jsonl") return "ftm";
  return "csv";
}

// Reads and imports the list; on failure prints why and returns false.
bool LoadList(const ScreenArgs& args, sc::Watchlist& list, sc::ImportResult& imported) {
  fs::path path(args.list);
  std::string format = args.format.empty() ? FormatOf(path) : args.format;
  core::Result<sc::ImportResult> r = core::Fail(core::ErrorCode::kInternal, "not read");
  if (format == "ofac") {
    fs::path dir = fs::is_directory(path) ? path : path.parent_path();
    std::string sdn, alt, comments;
    if (!ReadFile(dir / "sdn.csv", sdn)) {
      std::cerr << "guomen screen: cannot read " << (dir / "sdn.csv").string() << "\n";
      return false;
    }
    (void)ReadFile(dir / "alt.csv", alt);
    (void)ReadFile(dir / "sdn_comments.csv", comments);
    r = sc::ImportOfac({sdn, alt, comments});
    list.id = "ofac-sdn";
    list.name = "OFAC SDN";
    list.authority = "US Treasury OFAC";
    list.kind = sc::ListKind::kSanctions;
  } else {
    std::string content;
    if (!ReadFile(path, content)) {
      std::cerr << "guomen screen: cannot read " << args.list << "\n";
      return false;
    }
    if (format == "un") {
      r = sc::ImportUnConsolidated(content);
    } else if (format == "ftm") {
      r = sc::ImportFtm(content);
    } else if (format == "csv") {
      r = sc::ImportGuomenCsv(content);
    } else {
      std::cerr << "guomen screen: --list-format is one of ofac, ftm, un, csv\n";
      return false;
    }
    list.id = path.stem().string();
    list.name = list.id;
  }
  if (!r) {
    std::cerr << "guomen screen: " << args.list << ": " << r.error().message << "\n";
    return false;
  }
  imported = std::move(r).value();
  list.version = imported.version;
  list.threshold = args.threshold;
  return true;
}

// A query line: a JSON object or a plain name. Errors: a message.
core::Result<sc::ScreeningQuery> ParseQuery(const std::string& line) {
  sc::ScreeningQuery q;
  std::string_view t = core::Trim(line);
  if (t.empty() || t.front() != '{') {
    q.name = std::string(t);
    return q;
  }
  json j = json::parse(t, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "not a JSON object");
  }
  auto str = [&](const char* k) -> std::string {
    return j.contains(k) && j.at(k).is_string() ? j.at(k).get<std::string>() : "";
  };
  q.name = str("name");
  q.nationality = str("nationality");
  q.document_number = str("document_number");
  q.gender = str("gender");
  std::string dob = str("birth_date");
  if (!dob.empty()) {
    auto d = sc::ParseBirthDate(dob);
    if (!d) return core::Fail(core::ErrorCode::kInvalidArgument, "birth_date: " + d.error().message);
    q.birth_date = *d;
  }
  if (q.name.empty() && q.document_number.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "a query needs a name or a document_number");
  }
  return q;
}

json HitJson(const sc::ScreeningHit& h) {
  json factors = json::array();
  for (const auto& e : h.explanation) {
    factors.push_back({{"factor", sc::FactorName(e.factor)},
                       {"query_value", e.query_value},
                       {"entry_value", e.entry_value},
                       {"rule", e.rule},
                       {"effect", e.effect},
                       {"text", e.text_en}});
  }
  return {{"list", h.list_id},
          {"entry_id", h.entry_id},
          {"matched_name", h.matched_name},
          {"name_quality", sc::NameQualityName(h.name_quality)},
          {"score", std::round(h.score * 1000) / 1000},
          {"action", sc::ListActionName(h.action)},
          {"explanation", factors}};
}

int RunScreen(const ScreenArgs& args) {
  sc::Watchlist list;
  sc::ImportResult imported;
  if (!LoadList(args, list, imported)) return 2;
  sc::ScreeningIndex index;
  auto put = index.PutList(list, std::move(imported.entries));
  if (!put) {
    std::cerr << "guomen screen: " << put.error().message << "\n";
    return 2;
  }
  std::vector<std::string> lines = args.queries;
  if (lines.empty() || (lines.size() == 1 && lines[0] == "-")) {
    lines.clear();
    std::string line;
    while (std::getline(std::cin, line)) lines.push_back(line);
  }
  sc::ScreeningOptions options;
  options.top = args.top;
  if (args.threshold_set) options.threshold = args.threshold;
  int exit_code = 0;
  int n = 0;
  for (const auto& line : lines) {
    if (core::Trim(line).empty()) continue;
    ++n;
    auto q = ParseQuery(line);
    if (!q) {
      std::cerr << "guomen screen: query " << n << ": " << q.error().message << "\n";
      exit_code = 2;
      continue;
    }
    auto hits = index.Screen(*q, options);
    if (args.json) {
      json list_json = json::array();
      for (const auto& h : hits) list_json.push_back(HitJson(h));
      json out = {{"query", q->name}, {"hits", list_json}};
      if (!q->document_number.empty()) out["document_number"] = q->document_number;
      std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
      continue;
    }
    std::cout << "query " << n << ": " << q->name << " - " << hits.size()
              << (hits.size() == 1 ? " hit\n" : " hits\n");
    for (const auto& h : hits) {
      char score[16];
      std::snprintf(score, sizeof score, "%.3f", h.score);
      std::cout << "  " << score << "  " << h.list_id << " " << h.entry_id << "  " << h.matched_name
                << "  (" << sc::ListActionName(h.action) << ")\n";
      auto text = app::ExplainHit(h, "en");
      for (size_t i = 1; i < text.size(); ++i) std::cout << "         - " << text[i] << "\n";
    }
  }
  std::cout.flush();
  return exit_code;
}

}  // namespace

void AddScreenCommand(CLI::App& app) {
  auto args = std::make_shared<ScreenArgs>();
  CLI::App* cmd = app.add_subcommand(
      "screen", "Screen names against a watchlist file (no database): OFAC, FtM, UN or guomen CSV");
  cmd->add_option("--list", args->list, "list file, or the folder of OFAC's sdn.csv/alt.csv")
      ->required();
  cmd->add_option("--list-format", args->format, "ofac, ftm, un or csv (default: from PATH)")
      ->check(CLI::IsMember({"ofac", "ftm", "un", "csv"}));
  auto* t = cmd->add_option("--threshold", args->threshold, "minimum score of a hit (default 0.85)")
                ->check(CLI::Range(0.01, 1.0));
  cmd->add_option("--top", args->top, "at most this many hits per query")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_flag("--json", args->json, "one JSON object per query, one per line");
  cmd->add_option("queries", args->queries,
                  "names or JSON objects; none or - reads them from stdin, one per line");
  cmd->callback([args, t] {
    args->threshold_set = t->count() > 0;
    throw CLI::RuntimeError(RunScreen(*args));
  });
}

}  // namespace guomen::cli

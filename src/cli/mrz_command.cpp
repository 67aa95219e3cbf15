#include "cli/mrz_command.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "documents/mrz_parser.hpp"
#include "http/mrz_json.hpp"

namespace guomen::cli {
namespace {

namespace chrono = std::chrono;

struct MrzArgs {
  std::string input = "-";
  bool json = false;
  std::string today;  // YYYY-MM-DD; empty means the system clock's UTC date
  int expiring_days = 90;
};

// Splits the input into MRZ blocks at blank (whitespace-only) lines. Each
// block remembers the input line it starts on, for error messages.
struct Block {
  int first_line = 0;
  std::string text;
};

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\v' && c != '\f') return false;
  }
  return true;
}

std::vector<Block> SplitBlocks(const std::string& input) {
  std::vector<Block> blocks;
  bool open = false;
  int line_no = 0;
  size_t start = 0;
  while (start < input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string::npos) end = input.size();
    const std::string_view line(input.data() + start, end - start);
    ++line_no;
    if (IsBlank(line)) {
      open = false;
    } else {
      if (!open) blocks.push_back(Block{line_no, {}});
      open = true;
      blocks.back().text.append(line);
      blocks.back().text.push_back('\n');
    }
    start = end + 1;
  }
  return blocks;
}

std::string Label(std::string_view s) { return s.empty() ? "-" : std::string(s); }

void PrintIssues(std::ostream& out, const char* kind,
                 const std::vector<documents::MrzIssue>& issues) {
  for (const auto& i : issues) {
    out << "  " << kind << " ";
    if (i.line > 0) {
      out << "line " << i.line;
      if (i.column > 0) out << " col " << i.column;
      out << " ";
    }
    if (i.field != documents::MrzField::kMrz) out << documents::MrzFieldName(i.field) << " ";
    out << i.code << ": " << i.message << "\n";
  }
}

void PrintTable(std::ostream& out, int index, const documents::MrzDocument& d) {
  auto row = [&out](const char* name, std::string_view value) {
    out << "  " << name << std::string(17 - std::char_traits<char>::length(name), ' ')
        << Label(value) << "\n";
  };
  auto date = [](const documents::MrzDate& value) {
    const std::string iso = value.Iso();
    return (iso.empty() ? std::string("unknown") : iso) + " (" + value.raw + ")";
  };
  out << "MRZ " << index << ": " << documents::MrzFormatName(d.format) << " "
      << (d.valid ? "valid" : "INVALID") << "\n";
  row("document code", d.document_code);
  row("issuing state", d.issuing_state);
  row("surname", d.surname + (d.name_truncated ? " (may be truncated)" : ""));
  row("given names", d.given_names);
  row("document number", d.document_number);
  row("nationality", d.nationality);
  row("date of birth", date(d.birth_date));
  row("sex", std::string(1, d.sex));
  row("date of expiry", date(d.expiry_date));
  std::string optional;
  for (size_t i = 0; i < d.optional_data.size(); ++i) {
    optional += (i > 0 ? " | " : "") + Label(d.optional_data[i]);
  }
  row("optional data", optional);
  std::string checks;
  for (const auto& c : d.check_digits) {
    if (!checks.empty()) checks += ", ";
    checks += std::string(documents::MrzFieldName(c.field)) + " " + (c.ok ? "ok" : "BAD");
  }
  row("check digits", checks);
  std::string facts;
  if (d.checks.expired) facts += "expired ";
  if (d.checks.expiring) facts += "expiring ";
  if (d.checks.under_18) facts += "under-18 ";
  if (d.checks.age) facts += "age " + std::to_string(*d.checks.age);
  row("checks", facts);
  PrintIssues(out, "error  ", d.errors);
  PrintIssues(out, "warning", d.warnings);
  PrintIssues(out, "note   ", d.normalizations);
}

// Runs the command; returns the process exit code.
int RunMrz(const MrzArgs& args) {
  documents::MrzOptions options;
  options.expiring_within_days = args.expiring_days;
  if (args.today.empty()) {
    options.today = chrono::year_month_day{
        chrono::floor<chrono::days>(core::SystemClock::Instance().Now())};
  } else {
    const auto parsed = core::ParseIso8601(args.today);
    if (!parsed || args.today.size() != 10) {
      std::cerr << "guomen mrz: --today must be YYYY-MM-DD, got '" << args.today << "'\n";
      return 2;
    }
    options.today = chrono::year_month_day{chrono::floor<chrono::days>(*parsed)};
  }

  std::string input;
  if (args.input == "-") {
    input.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(args.input, std::ios::binary);
    if (!file) {
      std::cerr << "guomen mrz: cannot read " << args.input << "\n";
      return 2;
    }
    input.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }

  const std::vector<Block> blocks = SplitBlocks(input);
  if (blocks.empty()) {
    std::cerr << "guomen mrz: no MRZ in the input\n";
    return 2;
  }
  bool any_invalid = false;
  bool any_unusable = false;
  int index = 0;
  for (const Block& block : blocks) {
    ++index;
    const auto result = documents::ParseMrz(block.text, options);
    if (!result) {
      any_unusable = true;
      const core::Error& e = result.error();
      std::cerr << "guomen mrz: MRZ " << index << " (input line " << block.first_line
                << "): " << e.message << "\n";
      if (args.json) {
        nlohmann::json j = {{"valid", false},
                            {"error",
                             {{"code", std::string(e.Reason())},
                              {"message", e.message},
                              {"input_line", block.first_line}}}};
        std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      }
      continue;
    }
    any_invalid = any_invalid || !result->valid;
    if (args.json) {
      std::cout << http::MrzToJson(*result).dump(-1, ' ', false,
                                                 nlohmann::json::error_handler_t::replace)
                << "\n";
    } else {
      if (index > 1) std::cout << "\n";
      PrintTable(std::cout, index, *result);
    }
  }
  std::cout.flush();
  return any_unusable ? 2 : any_invalid ? 1 : 0;
}

}  // namespace

void AddMrzCommand(CLI::App& app) {
  auto args = std::make_shared<MrzArgs>();
  CLI::App* cmd = app.add_subcommand(
      "mrz", "Read and check ICAO 9303 machine readable zones (blocks separated by a blank line)");
  cmd->add_option("input", args->input, "file to read, or - for stdin")->capture_default_str();
  cmd->add_flag("--json", args->json, "one JSON object per MRZ, one per line");
  cmd->add_option("--today", args->today,
                  "date the checks are relative to, YYYY-MM-DD (default: today, UTC)");
  cmd->add_option("--expiring-days", args->expiring_days,
                  "warn when the document expires within this many days")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->callback([args] {
    // CLI::RuntimeError is how a CLI11 callback hands back an exit code;
    // App::exit returns it without printing anything.
    throw CLI::RuntimeError(RunMrz(*args));
  });
}

}  // namespace guomen::cli

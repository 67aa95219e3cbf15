#include "cli/paxlst_command.hpp"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "edifact/paxlst_parser.hpp"
#include "http/paxlst_json.hpp"

namespace guomen::cli {
namespace {

struct PaxlstArgs {
  std::string input = "-";
  bool json = false;
};

std::string Or(const std::string& s, const char* fallback = "-") { return s.empty() ? fallback : s; }

std::string Date(const std::optional<edifact::EdifactDateTime>& d) {
  return d ? d->Iso() : std::string("-");
}

void PrintIssue(std::ostream& out, const edifact::EdifactIssue& i) {
  out << "  " << edifact::SeverityName(i.severity) << " ";
  if (i.segment > 0) {
    out << "segment " << i.segment << " " << i.tag;
    if (i.element > 0) out << " element " << i.element;
    if (i.component > 0) out << "." << i.component;
    out << " ";
  }
  out << i.code << ": " << i.message << "\n";
}

void PrintText(std::ostream& out, const edifact::PaxlstInterchange& ic) {
  out << "interchange " << Or(ic.reference) << " from " << Or(ic.sender) << " to "
      << Or(ic.recipient) << " (" << Or(ic.syntax_identifier) << "): "
      << edifact::VerdictName(ic.verdict) << "\n";
  for (const auto& i : ic.issues) PrintIssue(out, i);
  for (const auto& m : ic.messages) {
    out << "\nmessage " << Or(m.reference) << " " << Or(m.message_type) << " " << Or(m.version)
        << ": " << edifact::VerdictName(m.verdict) << ", " << edifact::ListTypeName(m.list_type)
        << " list" << (m.change ? " (change)" : "") << ", " << m.persons.size()
        << " person(s)\n";
    for (const auto& i : m.issues) PrintIssue(out, i);
    for (const auto& l : m.legs) {
      out << "  leg " << Or(l.transport_id) << " " << Or(l.departure.location) << " "
          << Date(l.departure.datetime) << " -> " << Or(l.arrival.location) << " "
          << Date(l.arrival.datetime) << "\n";
    }
    for (const auto& p : m.persons) {
      out << "  " << Or(p.role) << " " << Or(p.surname) << ", " << Or(p.given_names) << "  "
          << Date(p.birth_date) << " " << Or(p.sex) << " " << Or(p.nationality) << "  "
          << Or(p.embarkation) << "->" << Or(p.debarkation);
      for (const auto& d : p.documents) {
        out << "  " << Or(d.type) << " " << Or(d.number) << " " << Or(d.issuing_state) << " "
            << Date(d.expiry_date);
      }
      out << "\n";
    }
  }
}

int RunPaxlst(const PaxlstArgs& args) {
  std::string input;
  if (args.input == "-") {
    input.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(args.input, std::ios::binary);
    if (!file) {
      std::cerr << "guomen paxlst: cannot read " << args.input << "\n";
      return 2;
    }
    input.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  const auto result = edifact::ParsePaxlst(input);
  if (!result) {
    std::cerr << "guomen paxlst: " << result.error().message << "\n";
    if (args.json) {
      std::cout << http::PaxlstErrorToJson(result.error())
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                << "\n";
    }
    return 2;
  }
  if (args.json) {
    std::cout << http::PaxlstToJson(*result).dump(-1, ' ', false,
                                                  nlohmann::json::error_handler_t::replace)
              << "\n";
  } else {
    PrintText(std::cout, *result);
  }
  std::cout.flush();
  switch (result->verdict) {
    case edifact::Verdict::kValid:
    case edifact::Verdict::kValidWithWarnings:
      return 0;
    case edifact::Verdict::kInvalid:
      return 1;
    case edifact::Verdict::kUnsupported:
      return 2;
  }
  return 2;
}

}  // namespace

void AddPaxlstCommand(CLI::App& app) {
  auto args = std::make_shared<PaxlstArgs>();
  CLI::App* cmd = app.add_subcommand(
      "paxlst", "Read and check a UN/EDIFACT PAXLST interchange (passenger and crew lists)");
  cmd->add_option("input", args->input, "file to read, or - for stdin")->capture_default_str();
  cmd->add_flag("--json", args->json, "print the interchange as one JSON line");
  cmd->callback([args] { throw CLI::RuntimeError(RunPaxlst(*args)); });
}

}  // namespace guomen::cli

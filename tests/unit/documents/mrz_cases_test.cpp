// Runs every case in tests/data/mrz/*.txt through ParseMrz. The format is
// described in tests/data/mrz/README.md; adding a case needs no C++.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "documents/mrz_parser.hpp"

namespace guomen::documents {
namespace {

namespace fs = std::filesystem;

struct MrzCase {
  std::string name;      // file stem + "_" + case name, a valid test name
  std::string location;  // file:line of the case header
  std::string mrz;
  MrzOptions options;
  std::vector<std::pair<std::string, std::string>> expect;  // key, value in order
};

// Shown by GoogleTest when a case fails, instead of the struct's bytes.
void PrintTo(const MrzCase& c, std::ostream* os) { *os << c.location; }

std::string SourceDir() {
  if (const char* env = std::getenv("GUOMEN_SOURCE_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
#ifdef GUOMEN_SOURCE_DIR
  return GUOMEN_SOURCE_DIR;
#else
  return ".";
#endif
}

// C-style escapes for inputs an editor would not keep: \n \r \t \s (space) \\.
std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out.push_back(s[i]);
      continue;
    }
    const char c = s[++i];
    out.push_back(c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c == 's' ? ' ' : c);
  }
  return out;
}

std::chrono::year_month_day ParseDay(const std::string& iso) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (std::sscanf(iso.c_str(), "%d-%u-%u", &y, &m, &d) != 3) {
    ADD_FAILURE() << "bad date " << iso;
  }
  return std::chrono::year_month_day{std::chrono::year(y), std::chrono::month(m),
                                     std::chrono::day(d)};
}

std::vector<MrzCase> LoadCases() {
  std::vector<MrzCase> cases;
  const fs::path dir = fs::path(SourceDir()) / "tests" / "data" / "mrz";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    int line_no = 0;
    enum { kNone, kMrz, kExpect } section = kNone;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.rfind("=== ", 0) == 0) {
        MrzCase c;
        c.name = file.stem().string() + "_" + line.substr(4);
        c.location = file.filename().string() + ":" + std::to_string(line_no);
        c.options.today = ParseDay("2025-06-01");
        cases.push_back(std::move(c));
        section = kNone;
        continue;
      }
      if (cases.empty()) continue;
      MrzCase& c = cases.back();
      if (section == kMrz) {
        if (line == "expect") {
          section = kExpect;
        } else {
          c.mrz += line + "\n";
        }
        continue;
      }
      if (line.empty() || line[0] == '#') continue;
      const size_t space = line.find(' ');
      const std::string key = line.substr(0, space);
      const std::string value = space == std::string::npos ? "" : line.substr(space + 1);
      if (section == kExpect) {
        c.expect.emplace_back(key, value);
      } else if (key == "today") {
        c.options.today = ParseDay(value);
      } else if (key == "expiring_days") {
        c.options.expiring_within_days = std::stoi(value);
      } else if (key == "mrz") {
        section = kMrz;
      } else if (key == "mrz_escaped") {
        c.mrz = Unescape(value);
      } else if (key == "expect") {
        section = kExpect;
      } else {
        ADD_FAILURE() << file << ":" << line_no << ": unknown key " << key;
      }
    }
  }
  return cases;
}

std::string Issue(const MrzIssue& i) {
  return std::to_string(i.line) + " " + std::to_string(i.column) + " " +
         std::string(MrzFieldName(i.field)) + " " + i.code;
}

std::string Bool(bool b) { return b ? "true" : "false"; }

// The scalar fields of a document by the keys the case files use.
std::map<std::string, std::string> Fields(const MrzDocument& d) {
  std::map<std::string, std::string> f;
  f["valid"] = Bool(d.valid);
  f["format"] = std::string(MrzFormatName(d.format));
  f["document_code"] = d.document_code;
  f["issuing_state"] = d.issuing_state;
  f["surname"] = d.surname;
  f["given_names"] = d.given_names;
  f["name_truncated"] = Bool(d.name_truncated);
  f["document_number"] = d.document_number;
  f["nationality"] = d.nationality;
  f["birth_date"] = d.birth_date.raw;
  f["birth_date_iso"] = d.birth_date.Iso();
  f["sex"] = std::string(1, d.sex);
  f["expiry_date"] = d.expiry_date.raw;
  f["expiry_date_iso"] = d.expiry_date.Iso();
  std::string optional;
  for (size_t i = 0; i < d.optional_data.size(); ++i) {
    optional += (i ? "|" : "") + d.optional_data[i];
  }
  f["optional_data"] = optional;
  f["expired"] = Bool(d.checks.expired);
  f["expiring"] = Bool(d.checks.expiring);
  f["under_18"] = Bool(d.checks.under_18);
  f["age"] = d.checks.age ? std::to_string(*d.checks.age) : "";
  f["days_to_expiry"] = d.checks.days_to_expiry ? std::to_string(*d.checks.days_to_expiry) : "";
  f["text"] = d.text;
  return f;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += "\n    " + s;
  return out.empty() ? " (none)" : out;
}

class MrzCaseTest : public testing::TestWithParam<MrzCase> {};

TEST_P(MrzCaseTest, MatchesExpectation) {
  const MrzCase& c = GetParam();
  SCOPED_TRACE(c.location);
  const auto result = ParseMrz(c.mrz, c.options);

  std::vector<std::string> want_errors, want_warnings, want_notes, want_checks;
  std::string want_unusable;
  bool checks_listed = false;
  for (const auto& [key, value] : c.expect) {
    if (key == "error") want_errors.push_back(value);
    if (key == "warning") want_warnings.push_back(value);
    if (key == "note") want_notes.push_back(value);
    if (key == "check") want_checks.push_back(value), checks_listed = true;
    if (key == "unusable") want_unusable = value;
  }
  if (!want_unusable.empty()) {
    ASSERT_FALSE(result.has_value()) << "expected unusable input";
    EXPECT_NE(result.error().message.find(want_unusable), std::string::npos)
        << "message: " << result.error().message;
    EXPECT_EQ(result.error().field, "mrz");
    return;
  }
  ASSERT_TRUE(result.has_value()) << result.error().message;
  const MrzDocument& d = *result;

  const auto fields = Fields(d);
  for (const auto& [key, value] : c.expect) {
    if (key == "error" || key == "warning" || key == "note" || key == "check") continue;
    const auto it = fields.find(key);
    if (it == fields.end()) {
      ADD_FAILURE() << "unknown expectation key " << key;
      continue;
    }
    EXPECT_EQ(it->second, value) << "field " << key;
  }

  std::vector<std::string> errors, warnings, notes, checks;
  for (const auto& i : d.errors) errors.push_back(Issue(i));
  for (const auto& i : d.warnings) warnings.push_back(Issue(i));
  for (const auto& i : d.normalizations) {
    notes.push_back(i.code + (i.line ? " " + std::to_string(i.line) : ""));
  }
  for (const auto& k : d.check_digits) {
    checks.push_back(std::string(MrzFieldName(k.field)) + " " + k.expected + " " + k.found + " " +
                     (k.ok ? "ok" : "bad"));
  }
  EXPECT_EQ(errors, want_errors) << "errors:" << Join(errors) << "\n  expected:" << Join(want_errors);
  EXPECT_EQ(warnings, want_warnings)
      << "warnings:" << Join(warnings) << "\n  expected:" << Join(want_warnings);
  EXPECT_EQ(notes, want_notes) << "notes:" << Join(notes) << "\n  expected:" << Join(want_notes);
  if (checks_listed) {
    EXPECT_EQ(checks, want_checks) << "checks:" << Join(checks) << "\n  expected:" << Join(want_checks);
  }
  // Invariants that hold for every document.
  EXPECT_EQ(d.valid, d.errors.empty());
  EXPECT_EQ(d.text.size(), static_cast<size_t>(d.line_count * (d.line_length + 1) - 1));
}

std::string CaseName(const testing::TestParamInfo<MrzCase>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Data, MrzCaseTest, testing::ValuesIn(LoadCases()), CaseName);

TEST(MrzCaseFilesTest, AreFound) { EXPECT_GE(LoadCases().size(), 50u); }

}  // namespace
}  // namespace guomen::documents

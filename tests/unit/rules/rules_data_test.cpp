// Runs the rule-language cases in tests/data/rules/*.txt.
//
// A file holds cases separated by blank lines; '#' starts a comment line.
// Each case has one `expr:` line (continued by lines starting with "| ") and
// any of:
//   schema: border          compile against BorderFactSchema with the rights
//                           guard on (default: a dynamic schema, guard off)
//   let: NAME = CEL         bind a dynamic variable (dyn) to a CEL value
//   fact: PATH = CEL        set a border fact
//   value: CEL              expected result (same kind and CEL-equal)
//   error: TEXT             evaluation fails with a message containing TEXT
//   compile_error: L:C TEXT compilation fails at line L column C with TEXT
//   guard_error: TEXT       compilation is refused by the rights guard, TEXT in the message
//   reads: PATH, PATH       the facts the evaluation read (explain), exactly
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "rules/border_schema.hpp"
#include "rules/program.hpp"

namespace guomen::rules {
namespace {

struct Case {
  std::string file;
  int line = 0;
  std::string expr;
  bool border = false;
  std::vector<std::pair<std::string, std::string>> lets;
  std::vector<std::pair<std::string, std::string>> facts;
  std::string value, error, compile_error, guard_error, reads;
  bool has_reads = false;
  std::string where() const { return file + ":" + std::to_string(line) + ": " + expr; }
};

std::filesystem::path DataDir() {
  const char* env = std::getenv("GUOMEN_SOURCE_DIR");
  return std::filesystem::path(env ? env : GUOMEN_SOURCE_DIR) / "tests" / "data" / "rules";
}

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<Case> LoadCases(const std::filesystem::path& path) {
  std::vector<Case> cases;
  std::ifstream in(path);
  std::string line;
  int n = 0;
  Case cur;
  bool open = false;
  auto flush = [&] {
    if (open) cases.push_back(cur);
    cur = Case();
    open = false;
  };
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Trim(line).empty()) {
      flush();
      continue;
    }
    if (line[0] == '#') continue;
    if (line.rfind("| ", 0) == 0 && open) {
      cur.expr += "\n" + line.substr(2);
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string::npos) {
      ADD_FAILURE() << path << ":" << n << ": expected 'key: value'";
      continue;
    }
    std::string key = line.substr(0, colon);
    std::string val = line.substr(colon + 1);
    if (!val.empty() && val[0] == ' ') val.erase(0, 1);
    if (key == "expr") {
      flush();
      open = true;
      cur.file = path.filename().string();
      cur.line = n;
      cur.expr = val;
    } else if (!open) {
      ADD_FAILURE() << path << ":" << n << ": '" << key << "' before expr:";
    } else if (key == "schema") {
      cur.border = Trim(val) == "border";
    } else if (key == "let" || key == "fact") {
      size_t eq = val.find('=');
      auto& dst = key == "let" ? cur.lets : cur.facts;
      dst.emplace_back(Trim(val.substr(0, eq)), Trim(val.substr(eq + 1)));
    } else if (key == "value") {
      cur.value = val;
    } else if (key == "error") {
      cur.error = val;
    } else if (key == "compile_error") {
      cur.compile_error = val;
    } else if (key == "guard_error") {
      cur.guard_error = val;
    } else if (key == "reads") {
      cur.reads = val;
      cur.has_reads = true;
    } else {
      ADD_FAILURE() << path << ":" << n << ": unknown key '" << key << "'";
    }
  }
  flush();
  return cases;
}

// Evaluates a CEL literal expression (values in the data files).
Value Literal(const std::string& text, const std::string& where) {
  Schema empty;
  auto p = Program::Compile(text, empty, CompileOptions{false, false});
  if (!p.ok()) {
    ADD_FAILURE() << where << ": bad value '" << text << "': " << p.error().message;
    return Value::Error("bad literal");
  }
  Activation none(empty);
  return p->Evaluate(none).value;
}

bool SameValue(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  if (a.kind() == ValueKind::kDouble && std::isnan(a.double_value())) {
    return std::isnan(b.double_value());
  }
  if (a.kind() == ValueKind::kList) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!SameValue(a.list_items()[i], b.list_items()[i])) return false;
    }
    return true;
  }
  return a.Equals(b);
}

void RunCase(const Case& c) {
  SCOPED_TRACE(c.where());
  Schema schema;
  if (c.border) {
    auto s = BorderFactSchema({"alert_countries", "alert_ports"});
    ASSERT_TRUE(s.ok()) << s.error().message;
    schema = std::move(s).value();
  } else {
    for (const auto& [name, text] : c.lets) {
      ASSERT_TRUE(schema.DeclareFact(name, Type::Dyn(), FactCategory::kContext, "").ok()) << name;
    }
  }
  CompileOptions options{c.border, c.border};
  auto program = Program::Compile(c.expr, schema, options);
  if (!c.compile_error.empty() || !c.guard_error.empty()) {
    ASSERT_FALSE(program.ok()) << "compiled, but expected an error";
    const core::Error& e = program.error();
    if (!c.guard_error.empty()) {
      EXPECT_EQ(e.Reason(), "rights_guard") << e.message;
      EXPECT_NE(e.message.find(c.guard_error), std::string::npos) << e.message;
      return;
    }
    int line = 0, col = 0;
    std::istringstream pos(c.compile_error);
    char sep = 0;
    pos >> line >> sep >> col;
    std::string want;
    std::getline(pos, want);
    want = Trim(want);
    EXPECT_EQ(e.field, "line " + std::to_string(line) + " column " + std::to_string(col))
        << e.message;
    EXPECT_NE(e.message.find(want), std::string::npos) << "message: " << e.message;
    return;
  }
  ASSERT_TRUE(program.ok()) << program.error().field << ": " << program.error().message;
  Activation act(schema);
  for (const auto& [name, text] : c.lets) {
    ASSERT_TRUE(act.Set(name, Literal(text, c.where())).ok()) << name;
  }
  for (const auto& [path, text] : c.facts) {
    auto st = act.Set(path, Literal(text, c.where()));
    ASSERT_TRUE(st.ok()) << path << ": " << st.error().message;
  }
  Evaluation e = program->Evaluate(act, Explain::kYes);
  if (!c.error.empty()) {
    ASSERT_TRUE(e.is_error()) << "got " << e.value.DebugString();
    EXPECT_NE(e.value.error_message().find(c.error), std::string::npos)
        << e.value.error_message();
  } else if (!c.value.empty()) {
    ASSERT_FALSE(e.is_error()) << e.value.error_message();
    Value want = Literal(c.value, c.where());
    EXPECT_TRUE(SameValue(e.value, want))
        << "got " << e.value.DebugString() << ", want " << want.DebugString();
  } else {
    ADD_FAILURE() << "case has no expectation";
  }
  if (c.has_reads) {
    std::string got;
    for (const auto& r : e.facts_read) got += (got.empty() ? "" : ", ") + r.path;
    EXPECT_EQ(got, Trim(c.reads));
  }
  // The same program must give the same answer without explanation.
  Evaluation quiet = program->Evaluate(act);
  EXPECT_EQ(quiet.value.DebugString(), e.value.DebugString());
  EXPECT_TRUE(quiet.facts_read.empty());
}

class RulesDataTest : public ::testing::TestWithParam<std::string> {};

TEST_P(RulesDataTest, Cases) {
  auto cases = LoadCases(DataDir() / GetParam());
  ASSERT_FALSE(cases.empty());
  for (const Case& c : cases) RunCase(c);
}

std::vector<std::string> DataFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(DataDir())) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

INSTANTIATE_TEST_SUITE_P(Files, RulesDataTest, ::testing::ValuesIn(DataFiles()),
                         [](const auto& file) {
                           std::string name = file.param.substr(0, file.param.size() - 4);
                           for (char& ch : name) {
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace guomen::rules

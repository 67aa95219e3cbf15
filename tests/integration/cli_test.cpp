// The guomen command line as an operator uses it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "server_process.hpp"

namespace guomen::testing {
namespace {

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    location_ = NewStoreLocation(dir_);
    store_ = StoreArgs(location_, dir_.path() + "/audit.key");
  }
  CommandResult Run(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.end(), store_.begin(), store_.end());
    return RunGuomen(args, input);
  }
  void Sql(const std::string& sql) { ExecRawSql(location_, sql); }
  TempDir dir_;
  std::string location_;
  std::vector<std::string> store_;
};

TEST_F(CliTest, VersionAndHelp) {
  auto v = RunGuomen({"version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("guomen "), std::string::npos);
  for (std::vector<std::string> cmd : std::vector<std::vector<std::string>>{
           {"--help"}, {"serve", "--help"}, {"init", "--help"}, {"user", "add", "--help"},
           {"unit", "list", "--help"}, {"audit", "verify", "--help"}}) {
    auto h = RunGuomen(cmd);
    EXPECT_EQ(h.exit_code, 0) << cmd[0];
    EXPECT_NE(h.out.find("--"), std::string::npos) << cmd[0];
  }
}

TEST_F(CliTest, InitDemoThenUsersAndUnits) {
  auto init = Run({"init", "--demo"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_NE(init.out.find("8 users"), std::string::npos);
  auto again = Run({"init", "--demo"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("already holds units"), std::string::npos) << again.err;
  auto add_unit = Run({"unit", "add", "--code", "YN-PE-MJ", "--name", "孟连口岸", "--name-en",
                       "Menglian Port", "--kind", "port", "--parent", "YN"});
  EXPECT_EQ(add_unit.exit_code, 0) << add_unit.err;
  auto units = Run({"unit", "list"});
  EXPECT_NE(units.out.find("    YN-PE-MJ\tport"), std::string::npos) << units.out;
  auto add_user = Run({"user", "add", "--username", "mao.li", "--display-name", "毛丽", "--unit",
                       "YN-PE-MJ", "--role", "officer", "--role", "secondary_officer"},
                      "amber-river-crossing-5\n");
  EXPECT_EQ(add_user.exit_code, 0) << add_user.err;
  auto weak = Run({"user", "add", "--username", "weak.one", "--display-name", "W", "--unit", "YN",
                   "--role", "officer"},
                  "password123\n");
  EXPECT_NE(weak.exit_code, 0);
  EXPECT_NE(weak.err.find("password"), std::string::npos);
  auto list = Run({"user", "list"});
  EXPECT_NE(list.out.find("mao.li\tMenglian Port\tofficer,secondary_officer"), std::string::npos)
      << list.out;
  EXPECT_EQ(Run({"user", "disable", "mao.li"}).exit_code, 0);
  EXPECT_NE(Run({"user", "list"}).out.find("secondary_officer\tdisabled"), std::string::npos);
  auto missing = Run({"user", "unlock", "nobody"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("no user nobody"), std::string::npos);
}

TEST_F(CliTest, ErrorsGoToStderrWithANonZeroExitCode) {
  auto r = RunGuomen({"user", "list", "--db", dir_.path() + "/nothing.db"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(r.out.empty());
  EXPECT_NE(r.err.find("guomen init"), std::string::npos) << r.err;
  auto bad = RunGuomen({"frobnicate"});
  EXPECT_NE(bad.exit_code, 0);
  auto bad_listen = Run({"serve", "--listen", "nowhere"});
  EXPECT_NE(bad_listen.exit_code, 0);
  EXPECT_NE(bad_listen.err.find("HOST:PORT"), std::string::npos);
}

TEST_F(CliTest, AuditVerifyNamesTheFirstTamperedEvent) {
  ASSERT_EQ(Run({"init", "--demo"}).exit_code, 0);
  auto ok = Run({"audit", "verify"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("intact"), std::string::npos);
  Sql("UPDATE audit_events SET result = 'ok' WHERE id = 5");
  Sql("UPDATE audit_events SET username = 'someone else' WHERE id = 9");
  auto bad = Run({"audit", "verify"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("event 9"), std::string::npos) << bad.err;
}

TEST_F(CliTest, ACheckpointCatchesATruncatedTail) {
  ASSERT_EQ(Run({"init", "--demo"}).exit_code, 0);
  std::string cp = dir_.path() + "/head.checkpoint";
  ASSERT_EQ(Run({"audit", "checkpoint", "--out", cp}).exit_code, 0);
  EXPECT_EQ(Run({"audit", "verify", "--checkpoint", cp}).exit_code, 0);
  Sql("DELETE FROM audit_events WHERE id > 20; UPDATE audit_lanes SET last_id = 20, last_hash = "
      "(SELECT hash FROM audit_events WHERE id = 20) WHERE lane = 0");
  EXPECT_EQ(Run({"audit", "verify"}).exit_code, 0);  // looks whole without the checkpoint
  auto r = Run({"audit", "verify", "--checkpoint", cp});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
}

TEST_F(CliTest, RefusesADatabaseNewerThanTheBinary) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  Sql("INSERT INTO schema_migrations (version, description, applied_at) VALUES (99, 'future', 0)");
  auto r = Run({"unit", "list"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("newer guomen"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace guomen::testing

namespace guomen::testing {
namespace {

TEST(RulesCliTest, EvalPrintsTheValueAndItsType) {
  auto r = RunGuomen({"rules", "eval", "1 + 2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "{\"type\":\"int\",\"value\":3}\n");
  auto d = RunGuomen({"rules", "eval", "duration(\"1h\") + duration(\"30m\")"});
  EXPECT_EQ(d.out, "{\"type\":\"duration\",\"value\":\"5400s\"}\n");
  auto t = RunGuomen({"rules", "eval", "timestamp(\"2026-01-01T00:00:00Z\") + duration(\"36h\")"});
  EXPECT_EQ(t.out, "{\"type\":\"timestamp\",\"value\":\"2026-01-02T12:00:00Z\"}\n");
}

TEST(RulesCliTest, EvalBindsJsonFactsAsVariables) {
  TempDir dir;
  std::string facts = dir.path() + "/facts.json";
  {
    std::ofstream out(facts);
    out << R"({"refusals": 2, "visited": ["MMR", "LAO"], "temperature": 38.2})";
  }
  auto r = RunGuomen({"rules", "eval", "refusals > 1 && 'LAO' in visited && temperature > 37.5",
                      "--facts", facts});
  EXPECT_EQ(r.out, "{\"type\":\"bool\",\"value\":true}\n") << r.err;
}

TEST(RulesCliTest, EvalErrorsGoToStderrWithExitCode1) {
  auto div = RunGuomen({"rules", "eval", "1 / 0"});
  EXPECT_EQ(div.exit_code, 1);
  EXPECT_TRUE(div.out.empty());
  EXPECT_NE(div.err.find("division"), std::string::npos) << div.err;
  auto syntax = RunGuomen({"rules", "eval", "1 +"});
  EXPECT_EQ(syntax.exit_code, 1);
  EXPECT_NE(syntax.err.find("line 1 column"), std::string::npos) << syntax.err;
}

TEST(RulesCliTest, CheckReportsEachProblemWithItsPosition) {
  TempDir dir;
  std::string file = dir.path() + "/rules.json";
  {
    std::ofstream out(file);
    out << R"({"reference_sets": {"alert_countries": ["XXA"]},
               "rules": [
                 {"name": "ok", "expression": "history.refusals > 0"},
                 {"name": "typo", "expression": "history.refusals > 'x'"},
                 {"name": "protected", "expression": "traveller.religion == 'x'"}
               ]})";
  }
  auto r = RunGuomen({"rules", "check", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out.find("rule 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rule 2 (typo): line 1 column"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rule 3 (protected): line 1 column"), std::string::npos) << r.out;
}

// tests/data/rules_files/border_rules.yaml: each problem is reported at its
// line and column in the YAML file (a literal block, a plain and a quoted
// scalar map exactly; a folded one is reported at its start).
TEST(RulesCliTest, CheckReadsYamlAndPointsIntoTheFile) {
  const char* env = std::getenv("GUOMEN_SOURCE_DIR");
  const std::string root = env != nullptr && *env != '\0' ? env : GUOMEN_SOURCE_DIR;
  const std::string file = root + "/tests/data/rules_files/border_rules.yaml";
  auto r = RunGuomen({"rules", "check", file});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out.find("rule 1"), std::string::npos) << r.out;
  // Line 2 of a literal block, column 23 of the expression: file line 18, column 6 + 23.
  EXPECT_NE(r.out.find("border_rules.yaml:18:29: rule 2 (refusal compared with text): line 2 column 23: "
                       "no matching overload for '>' applied to (int, string)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("border_rules.yaml:21:39: rule 3 (nationality alone): line 1 column 23: the rule "
                       "decides on demographics only"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("border_rules.yaml:24:26: rule 4 (quoted typo): line 1 column 9: 'history' has no "
                       "fact 'refusal'"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("border_rules.yaml:27:17: rule 5 (folded): line 1 column 40:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("4 problem(s) in 5 rules"), std::string::npos) << r.out;

  // From stdin the format is told by the content.
  std::ifstream in(file);
  std::string yaml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto piped = RunGuomen({"rules", "check", "-"}, yaml);
  EXPECT_EQ(piped.exit_code, 1);
  EXPECT_NE(piped.out.find("-:18:29: rule 2"), std::string::npos) << piped.out;
}

TEST(RulesCliTest, CheckYamlSyntaxErrorAndCleanFile) {
  TempDir dir;
  std::string bad = dir.path() + "/bad.yml";
  std::string good = dir.path() + "/good.yml";
  {
    std::ofstream(bad) << "rules:\n  - name: a\n    expression: [1, 2\n";
    std::ofstream(good) << "reference_sets:\n  alert_ports: [XXPOR]\nrules:\n"
                           "  - name: port\n    expression: journey.embarkation_port in ref.alert_ports\n";
  }
  auto b = RunGuomen({"rules", "check", bad});
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find("line 4 column 1: not valid YAML"), std::string::npos) << b.err;
  auto g = RunGuomen({"rules", "check", good});
  EXPECT_EQ(g.exit_code, 0) << g.out;
  EXPECT_NE(g.out.find("1 rules, no problems"), std::string::npos) << g.out;
}

}  // namespace
}  // namespace guomen::testing

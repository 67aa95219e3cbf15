// RuleIndex: which rules a traveller's facts can make true, without
// evaluating them. What the rule service relies on: evaluating only the
// candidates finds every rule that is true.
#include "rules/rule_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "rules/border_schema.hpp"

namespace guomen::rules {
namespace {

Schema Border() { return BorderFactSchema({"alert_countries"}).value(); }

std::vector<Program> CompileAll(const Schema& schema, const std::vector<std::string>& sources) {
  std::vector<Program> out;
  for (const std::string& s : sources) {
    auto p = Program::Compile(s, schema);
    EXPECT_TRUE(p.ok()) << s << ": " << (p.ok() ? "" : p.error().message);
    if (p.ok()) out.push_back(*p);
  }
  return out;
}

std::vector<const Program*> Pointers(const std::vector<Program>& programs) {
  std::vector<const Program*> out;
  for (const Program& p : programs) out.push_back(&p);
  return out;
}

TEST(RuleIndexTest, GuardsAreTheFactTestsAtTheTopOfTheAndChain) {
  Schema schema = Border();
  auto p = Program::Compile(
      "journey.direction == \"entry\" && (\"XQA\" == journey.embarkation_port && "
      "journey.conveyance in [\"air\", \"sea\", \"air\"]) && !document.mrz_valid && "
      "health.contact_with_case && history.crossings == 0 && "
      "(journey.carrier == \"X\" || history.overstays > 1) && traveller.age < 18",
      schema);
  ASSERT_TRUE(p.ok()) << p.error().message;
  std::vector<Program::Guard> guards = p->Guards();
  std::vector<std::string> seen;
  for (const Program::Guard& g : guards) {
    std::string text = schema.facts()[static_cast<size_t>(g.slot)].path + ":";
    for (const Value& v : g.values) text += " " + v.DebugString();
    seen.push_back(text);
  }
  // The || and the < are not guards; the repeated "air" is listed once.
  EXPECT_EQ(seen, (std::vector<std::string>{
                      "journey.direction: \"entry\"",
                      "journey.embarkation_port: \"XQA\"",
                      "journey.conveyance: \"air\" \"sea\"",
                      "document.mrz_valid: false",
                      "health.contact_with_case: true",
                      "history.crossings: 0",
                  }));
  auto either = Program::Compile("journey.direction == \"entry\" || history.overstays > 1", schema);
  ASSERT_TRUE(either.ok());
  EXPECT_TRUE(either->Guards().empty());
}

TEST(RuleIndexTest, LeavesOutOnlyRulesThatAreNotTrue) {
  Schema schema = Border();
  const std::vector<std::string> sources = {
      "journey.direction == \"entry\"",
      "journey.embarkation_port in [\"XQA1\", \"XQB1\"] && journey.direction == \"entry\"",
      "history.secondary_referrals > 2 && journey.conveyance == \"land\"",
      "journey.planned_stay > duration(\"720h\") && history.crossings == 0",
      "!document.mrz_valid && history.crossings < 3",
      "document.mrz_valid",
      "\"cough\" in health.symptoms && journey.direction == \"exit\"",
      "journey.conveyance == \"air\" || history.crossings == 0",
      "traveller.age < 18 && history.crossings > 2",
      "journey.carrier.startsWith(\"XQ\") && \"land\" == journey.conveyance",
      "journey.direction != \"exit\" && journey.conveyance in [\"air\", \"land\"]",
      "journey.embarkation_port in ref.alert_countries",
  };
  std::vector<Program> programs = CompileAll(schema, sources);
  ASSERT_EQ(programs.size(), sources.size());
  RuleIndex index(Pointers(programs));
  EXPECT_EQ(index.size(), sources.size());
  EXPECT_EQ(index.guarded(), 9u);

  // Every combination of these facts, each also absent.
  const std::vector<std::string> directions = {"", "entry", "exit"};
  const std::vector<std::string> conveyances = {"", "air", "land"};
  const std::vector<std::string> ports = {"", "XQA1", "AAA"};
  const std::vector<int> crossings = {-1, 0, 5};
  const std::vector<int> mrz = {-1, 0, 1};
  const std::vector<int> ages = {-1, 12, 40};
  size_t pairs = 0, true_pairs = 0, left_out = 0;
  std::vector<uint32_t> candidates;
  for (const auto& direction : directions) {
    for (const auto& conveyance : conveyances) {
      for (const auto& port : ports) {
        for (int crossing : crossings) {
          for (int valid : mrz) {
            for (int age : ages) {
              std::vector<std::pair<std::string, Value>> set = {
                  {"ref.alert_countries", Value::List({Value::String("AAA")})},
                  {"history.secondary_referrals", Value::Int(3)},
                  {"journey.carrier", Value::String("XQ12")},
                  {"health.symptoms", Value::List({Value::String("cough")})}};
              if (!direction.empty())
                set.emplace_back("journey.direction", Value::String(direction));
              if (!conveyance.empty())
                set.emplace_back("journey.conveyance", Value::String(conveyance));
              if (!port.empty()) set.emplace_back("journey.embarkation_port", Value::String(port));
              if (crossing >= 0) set.emplace_back("history.crossings", Value::Int(crossing));
              if (valid >= 0) set.emplace_back("document.mrz_valid", Value::Bool(valid == 1));
              if (age >= 0) set.emplace_back("traveller.age", Value::Int(age));
              Activation facts(schema);
              for (const auto& [path, value] : set)
                ASSERT_TRUE(facts.Set(path, value).ok()) << path;
              index.Candidates(facts, candidates);
              ASSERT_TRUE(std::is_sorted(candidates.begin(), candidates.end()));
              for (size_t r = 0; r < programs.size(); ++r) {
                ++pairs;
                const bool candidate = std::binary_search(candidates.begin(), candidates.end(),
                                                          static_cast<uint32_t>(r));
                const bool is_true = programs[r].Evaluate(facts).is_true();
                if (is_true) ++true_pairs;
                if (!candidate) ++left_out;
                EXPECT_TRUE(candidate || !is_true)
                    << sources[r] << " is true but was left out (direction " << direction
                    << ", conveyance " << conveyance << ", port " << port << ", crossings "
                    << crossing << ", mrz " << valid << ", age " << age << ")";
              }
            }
          }
        }
      }
    }
  }
  // The rules are true often enough to check, and the index leaves out a
  // good share of the evaluations.
  EXPECT_GT(true_pairs, pairs / 5) << true_pairs << " of " << pairs;
  EXPECT_GT(left_out, pairs / 3) << left_out << " of " << pairs;
}

TEST(RuleIndexTest, ChoosesTheRulesForOneTraveller) {
  Schema schema = Border();
  std::vector<Program> programs =
      CompileAll(schema, {"journey.embarkation_port in [\"XQA1\", \"XQB1\"]",
                          "journey.conveyance == \"land\"", "history.overstays >= 1",
                          "journey.embarkation_port == \"XQB1\" && !document.mrz_valid"});
  RuleIndex index(Pointers(programs));
  Activation facts(schema);
  ASSERT_TRUE(facts.Set("journey.embarkation_port", Value::String("XQB1")).ok());
  ASSERT_TRUE(facts.Set("journey.conveyance", Value::String("air")).ok());
  std::vector<uint32_t> candidates;
  index.Candidates(facts, candidates);
  // The port meets rules 0 and 3's first guard, but document.mrz_valid is
  // absent; rule 2 has no guard.
  EXPECT_EQ(candidates, (std::vector<uint32_t>{0, 2}));
  ASSERT_TRUE(facts.Set("document.mrz_valid", Value::Bool(false)).ok());
  index.Candidates(facts, candidates);
  EXPECT_EQ(candidates, (std::vector<uint32_t>{0, 2, 3}));
  ASSERT_TRUE(facts.Set("journey.conveyance", Value::String("land")).ok());
  index.Candidates(facts, candidates);
  EXPECT_EQ(candidates, (std::vector<uint32_t>{0, 1, 2, 3}));
}

}  // namespace
}  // namespace guomen::rules

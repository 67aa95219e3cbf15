// Program and Activation: the API the rule life-cycle calls.
#include "rules/program.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "rules/border_schema.hpp"
#include "rules/time_format.hpp"

namespace guomen::rules {
namespace {

Schema Border() { return BorderFactSchema({"alert_countries", "alert_ports"}).value(); }

TEST(ProgramTest, CompilesOnceAndEvaluatesFromManyThreads) {
  Schema schema = Border();
  auto program = Program::Compile(
      "journey.visits.exists(v, v.country in ref.alert_countries) && \"fever\" in health.symptoms",
      schema);
  ASSERT_TRUE(program.ok()) << program.error().message;
  Activation yes(schema), no(schema);
  for (Activation* a : {&yes, &no}) {
    ASSERT_TRUE(a->Set("ref.alert_countries", Value::List({Value::String("XXA")})).ok());
    ASSERT_TRUE(a->Set("journey.visits",
                       Value::List({Value::Map({{Value::String("country"), Value::String("XXA")}})}))
                    .ok());
  }
  ASSERT_TRUE(yes.Set("health.symptoms", Value::List({Value::String("fever")})).ok());
  ASSERT_TRUE(no.Set("health.symptoms", Value::List({})).ok());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, copy = *program] {
      for (int i = 0; i < 2000; ++i) {
        if (!copy.Evaluate(yes).is_true()) ++wrong;
        if (!copy.Evaluate(no, Explain::kYes).is_false()) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

// A field selection remembers where it last found the field; travellers
// whose records list their fields in other orders, evaluated in turn and
// from several threads, must still get their own answers.
TEST(ProgramTest, FieldPositionsRememberedAcrossTravellersAndThreads) {
  Schema schema = Border();
  auto program = Program::Compile(
      "journey.visits.exists(v, v.country == \"XXA\" && v.port == \"XXP1\")", schema);
  ASSERT_TRUE(program.ok()) << program.error().message;
  auto s = [](const char* x) { return Value::String(x); };
  Activation a(schema), b(schema), c(schema);
  ASSERT_TRUE(a.Set("journey.visits",
                    Value::List({Value::Map({{s("country"), s("XXA")}, {s("port"), s("XXP1")}})}))
                  .ok());
  ASSERT_TRUE(b.Set("journey.visits",
                    Value::List({Value::Map({{s("port"), s("XXP1")}, {s("country"), s("XXB")}})}))
                  .ok());
  ASSERT_TRUE(c.Set("journey.visits",
                    Value::List({Value::Map({{s("source"), s("declaration")},
                                             {s("port"), s("XXP1")},
                                             {s("country"), s("XXA")}})}))
                  .ok());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (!program->Evaluate(a).is_true()) ++wrong;
        if (!program->Evaluate(b).is_false()) ++wrong;
        if (!program->Evaluate(c, Explain::kYes).is_true()) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(ProgramTest, ExplainsFactsReadWithValues) {
  Schema schema = Border();
  auto program = Program::Compile("history.refusals > 0 && health.temperature > 37.5", schema);
  ASSERT_TRUE(program.ok());
  Activation facts(schema);
  ASSERT_TRUE(facts.Set("history.refusals", Value::Int(2)).ok());
  Evaluation e = program->Evaluate(facts, Explain::kYes);
  EXPECT_TRUE(e.is_error());
  EXPECT_EQ(e.value.error_message(), "fact 'health.temperature' is not present");
  ASSERT_EQ(e.facts_read.size(), 2u);
  EXPECT_EQ(e.facts_read[0].path, "health.temperature");
  EXPECT_FALSE(e.facts_read[0].present);
  EXPECT_EQ(e.facts_read[1].path, "history.refusals");
  EXPECT_TRUE(e.facts_read[1].present);
  EXPECT_EQ(e.facts_read[1].value.int_value(), 2);
  EXPECT_EQ(program->referenced_facts(),
            (std::vector<std::string>{"health.temperature", "history.refusals"}));
}

TEST(ProgramTest, ARuleWhoseTypeIsKnownOnlyAtRunTimeMustStillBeACondition) {
  // Found by fuzz/rules_fuzz: a list of mixed elements is dyn, so the checker
  // lets `[1, m][1]` through, and it evaluated to a map.
  Schema schema = Border();
  auto program = Program::Compile("[1, screening.best_score][1]", schema);
  ASSERT_TRUE(program.ok());
  Activation facts(schema);
  ASSERT_TRUE(facts.Set("screening.best_score",
                        Value::Map({{Value::String("wanted"), Value::Double(0.4)}}))
                  .ok());
  for (Explain explain : {Explain::kNo, Explain::kYes}) {
    Evaluation e = program->Evaluate(facts, explain);
    ASSERT_TRUE(e.is_error());
    EXPECT_EQ(e.value.error_message(),
              "a rule must be a condition (bool), but it evaluated to a map");
  }
  auto condition = Program::Compile("[1, history.refusals > 0][1]", schema);
  ASSERT_TRUE(condition.ok());
  ASSERT_TRUE(facts.Set("history.refusals", Value::Int(1)).ok());
  EXPECT_TRUE(condition->Evaluate(facts).is_true());
  // An expression outside rules (require_bool off) keeps its value.
  auto expression = Program::Compile("[1, screening.best_score][1]", schema, {true, false});
  ASSERT_TRUE(expression.ok());
  EXPECT_EQ(expression->Evaluate(facts).value.kind(), ValueKind::kMap);
}

TEST(ProgramTest, RejectsFactsOfAnotherSchema) {
  Schema schema = Border();
  Schema other = Border();
  auto program = Program::Compile("history.refusals > 0", schema);
  ASSERT_TRUE(program.ok());
  Activation facts(other);
  EXPECT_TRUE(program->Evaluate(facts).is_error());
  Schema copy = schema;  // copies share the identity
  Activation same(copy);
  ASSERT_TRUE(same.Set("history.refusals", Value::Int(1)).ok());
  EXPECT_TRUE(program->Evaluate(same).is_true());
}

TEST(ProgramTest, DiagnoseListsEveryProblemInOrder) {
  Schema schema = Border();
  auto diags = Program::Diagnose("history.refusals > \"x\" &&\n nosuch && document.expiry > 1",
                                 schema);
  ASSERT_EQ(diags.size(), 3u);
  EXPECT_EQ(diags[0].line, 1);
  EXPECT_EQ(diags[1].line, 2);
  EXPECT_EQ(diags[1].column, 2);
  EXPECT_EQ(diags[2].kind, DiagnosticKind::kType);
  EXPECT_EQ(diags[0].ToString().rfind("line 1 column 18: ", 0), 0u) << diags[0].ToString();
  auto program = Program::Compile("history.refusals > \"x\" &&\n nosuch", schema);
  ASSERT_FALSE(program.ok());
  EXPECT_EQ(program.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(program.error().Reason(), "type_error");
  EXPECT_NE(program.error().message.find("(and 1 more problem)"), std::string::npos);
}

TEST(ProgramTest, SyntaxErrorHasReasonAndPosition) {
  Schema schema = Border();
  auto program = Program::Compile("history.refusals >", schema);
  ASSERT_FALSE(program.ok());
  EXPECT_EQ(program.error().Reason(), "syntax_error");
  EXPECT_EQ(program.error().field, "line 1 column 19");
}

TEST(ProgramTest, RejectsDeepNestingWithoutCrashing) {
  Schema schema;
  std::string deep(5000, '(');
  EXPECT_FALSE(Program::Compile(deep + "1" + std::string(5000, ')'), schema, {false, false}).ok());
  std::string chain = "true";
  for (int i = 0; i < 3000; ++i) chain += " && true";
  auto p = Program::Compile(chain, schema, {false, false});
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("nested too deeply"), std::string::npos);
}

TEST(ActivationTest, ChecksValuesAgainstTheSchema) {
  Schema schema = Border();
  Activation facts(schema);
  auto st = facts.Set("history.refusals", Value::String("two"));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "history.refusals is string, want int");
  st = facts.Set("traveller.religion", Value::String("x"));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, core::ErrorCode::kNotFound);
  st = facts.Set("journey.visits",
                 Value::List({Value::Map({{Value::String("country"), Value::Int(1)}})}));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "journey.visits[0].country is int, want string");
  st = facts.Set("journey.visits",
                 Value::List({Value::Map({{Value::String("ethnicity"), Value::String("x")}})}));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("does not declare"), std::string::npos);
  facts.SetSlot(schema.FindFact("history.refusals")->slot, Value::Int(1));
  EXPECT_NE(facts.Get(schema.FindFact("history.refusals")->slot), nullptr);
  facts.Clear();
  EXPECT_EQ(facts.Get(schema.FindFact("history.refusals")->slot), nullptr);
}

TEST(SchemaTest, RejectsBadDeclarations) {
  Schema s;
  EXPECT_TRUE(s.DeclareFact("a.b", Type::Int(), FactCategory::kHistory, "").ok());
  EXPECT_FALSE(s.DeclareFact("a.b", Type::Int(), FactCategory::kHistory, "").ok());
  EXPECT_FALSE(s.DeclareFact("a", Type::Int(), FactCategory::kHistory, "").ok());
  EXPECT_FALSE(s.DeclareFact("a.b.c", Type::Int(), FactCategory::kHistory, "").ok());
  EXPECT_FALSE(s.DeclareFact("x.in", Type::Int(), FactCategory::kHistory, "").ok());
  EXPECT_FALSE(s.DeclareFact("x.1y", Type::Int(), FactCategory::kHistory, "").ok());
  EXPECT_FALSE(s.DeclareFact("x.y", Type::Object("Nope"), FactCategory::kHistory, "").ok());
}

TEST(TimeFormatTest, RoundTripsTimestampsAndDurations) {
  for (const char* ts : {"2026-03-01T08:30:00Z", "0001-01-01T00:00:00Z",
                         "9999-12-31T23:59:59.999999999Z", "1969-12-31T23:59:59.500Z", "2026-01-01T00:00:00.000001Z"}) {
    Value v = ParseTimestamp(ts);
    ASSERT_FALSE(v.is_error()) << ts;
    EXPECT_EQ(FormatTimestamp(v.seconds(), v.nanos()), ts);
  }
  for (const char* d : {"0s", "1.5s", "-1.5s", "3600s", "-0.000000001s", "315576000000s"}) {
    Value v = ParseDuration(d);
    ASSERT_FALSE(v.is_error()) << d;
    EXPECT_EQ(FormatDuration(v.seconds(), v.nanos()), d);
  }
  EXPECT_TRUE(ParseDuration("315576000001s").is_error());
  EXPECT_TRUE(ParseTimestamp("2026-02-30T00:00:00Z").is_error());
  EXPECT_TRUE(ParseTimestamp("2026-03-01T00:00:00").is_error());
}

}  // namespace
}  // namespace guomen::rules

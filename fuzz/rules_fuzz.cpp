// libFuzzer target for the rules engine: compile arbitrary text as a rule
// (against the border schema with the rights guard, and as a sandbox
// expression), and evaluate whatever compiles against a traveller's facts.
//
// Besides the sanitizers it checks the contracts callers rely on: a failed
// compile has a position and a reason, Diagnose agrees with Compile, a rule
// that compiles evaluates to a bool or an error, and evaluating twice gives
// the same answer with and without explanation.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rules/border_schema.hpp"
#include "rules/program.hpp"
#include "rules/time_format.hpp"

namespace {

using namespace guomen::rules;

void Require(bool condition) {
  if (!condition) std::abort();
}

struct World {
  Schema border = BorderFactSchema({"alert_countries", "alert_ports"}).value();
  Activation facts{border};
  Schema sandbox;
  Activation sandbox_facts{sandbox};

  World() {
    auto str = [](const char* s) { return Value::String(s); };
    Require(facts.Set("now", Value::Timestamp(1772323200)).ok());
    Require(facts.Set("document.type", str("P")).ok());
    Require(facts.Set("document.expiry", Value::Timestamp(1780000000)).ok());
    Require(facts.Set("document.mrz_valid", Value::Bool(true)).ok());
    Require(facts.Set("traveller.age", Value::Int(34)).ok());
    Require(facts.Set("traveller.nationality", str("XXA")).ok());
    Require(facts.Set("journey.visits",
                      Value::List({Value::Map({{str("country"), str("XXB")},
                                               {str("departed"), Value::Timestamp(1772000000)}}),
                                   Value::Map({{str("country"), str("XXC")}})}))
                .ok());
    Require(facts.Set("health.symptoms", Value::List({str("fever")})).ok());
    Require(facts.Set("screening.best_score", Value::Map({{str("wanted"), Value::Double(0.4)}})).ok());
    Require(facts.Set("history.refusals", Value::Int(1)).ok());
    Require(facts.Set("ref.alert_countries", Value::List({str("XXB"), str("XXD")})).ok());
    Require(sandbox.DeclareFact("x", Type::Dyn(), FactCategory::kContext, "").ok());
    Require(sandbox.DeclareFact("m", Type::Dyn(), FactCategory::kContext, "").ok());
    sandbox_facts = Activation(sandbox);
    sandbox_facts.SetSlot(0, Value::Int(7));
    sandbox_facts.SetSlot(1, Value::Map({{str("a"), Value::List({Value::Int(1), str("b")})}}));
  }
};

void Run(std::string_view text, const Schema& schema, const Activation& facts,
         const CompileOptions& options) {
  auto program = Program::Compile(text, schema, options);
  auto diags = Program::Diagnose(text, schema, options);
  Require(program.ok() == diags.empty());
  if (!program.ok()) {
    Require(program.error().field.rfind("line ", 0) == 0);
    Require(!program.error().message.empty());
    for (const Diagnostic& d : diags) Require(d.line >= 1 && d.column >= 1 && !d.message.empty());
    return;
  }
  Evaluation quiet = program->Evaluate(facts);
  Evaluation explained = program->Evaluate(facts, Explain::kYes);
  Require(quiet.value.DebugString() == explained.value.DebugString());
  if (options.require_bool) {
    Require(quiet.is_error() || quiet.value.kind() == ValueKind::kBool);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World world;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Run(text, world.border, world.facts, CompileOptions{});
  Run(text, world.sandbox, world.sandbox_facts, CompileOptions{false, false});
  // The literal parsers on their own.
  Value t = ParseTimestamp(text);
  if (!t.is_error()) Require(!ParseTimestamp(FormatTimestamp(t.seconds(), t.nanos())).is_error());
  Value d = ParseDuration(text);
  if (!d.is_error()) {
    Value back = ParseDuration(FormatDuration(d.seconds(), d.nanos()));
    Require(back.Equals(d));
  }
  return 0;
}

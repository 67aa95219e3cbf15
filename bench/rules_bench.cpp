// Benchmarks for the rules engine (issue 5 targets: evaluate 500 active rules
// against one traveller's facts in <= 50 us on one core; compile 500 rules in
// <= 100 ms).
//
// The 500 rules are 12 typical shapes (travel history with dates, document
// expiry, health declaration, screening hits, booking facts, regular
// expressions, reference-set membership) with varying constants; the facts
// are one realistic traveller with reference sets of 50 countries and 200
// ports. Build Release with -DGUOMEN_BENCH=ON and run
//   build/bench/rules_bench --benchmark_min_time=1
// bench/rules_peer.mjs runs the same rules and facts on a JavaScript CEL
// implementation for comparison.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "rules/border_schema.hpp"
#include "rules/program.hpp"

namespace {

using namespace guomen::rules;

std::vector<std::string> Rules(int n) {
  static const char* kShapes[] = {
      "journey.visits.exists(v, v.country in ref.alert_countries && now - v.departed < "
      "duration(\"%dh\")) && \"fever\" in health.symptoms",
      "document.expiry - now < duration(\"%dh\") && history.refusals > %d",
      "health.temperature >= 37.%d || health.contact_with_case",
      "screening.hits.exists(h, h.action == \"refer\" && h.score >= 0.%d)",
      "manifest.booking_lead < duration(\"%dh\") && manifest.paid_cash && manifest.one_way",
      "traveller.age < %d && !manifest.accompanied && journey.conveyance == \"air\"",
      "journey.embarkation_port in ref.alert_ports && history.secondary_referrals > %d",
      "!document.mrz_valid && document.type.startsWith(\"P\") && history.crossings < %d",
      "journey.transit_ports.exists(p, p in ref.alert_ports) && journey.planned_stay > "
      "duration(\"%dh\")",
      "screening.best_score[\"wanted\"] >= 0.%d && journey.direction == \"entry\"",
      "journey.carrier.matches(\"^XY[0-9]{%d}$\") && manifest.checked_bags == 0",
      "has(health.temperature) && health.temperature > 38.0 && size(journey.visits) > %d",
  };
  constexpr int kShapeCount = sizeof(kShapes) / sizeof(kShapes[0]);
  std::vector<std::string> rules;
  for (int i = 0; i < n; ++i) {
    char buf[512];
    int k = 1 + i / kShapeCount % 9;
    std::snprintf(buf, sizeof buf, kShapes[i % kShapeCount], k, k);
    rules.push_back(buf);
  }
  return rules;
}

Schema& BorderSchema() {
  static Schema schema = BorderFactSchema({"alert_countries", "alert_ports"}).value();
  return schema;
}

Activation Traveller() {
  Schema& schema = BorderSchema();
  Activation a(schema);
  auto str = [](const std::string& s) { return Value::String(s); };
  auto set = [&](const char* path, Value v) {
    if (!a.Set(path, std::move(v)).ok()) std::abort();
  };
  const int64_t now = 1772323200;  // 2026-03-01T00:00:00Z
  set("now", Value::Timestamp(now));
  set("document.type", str("P"));
  set("document.issuing_state", str("XXA"));
  set("document.expiry", Value::Timestamp(now + 40 * 86400));
  set("document.mrz_valid", Value::Bool(true));
  set("traveller.age", Value::Int(34));
  set("traveller.nationality", str("XXA"));
  set("journey.direction", str("entry"));
  set("journey.port", str("CNSZX"));
  set("journey.conveyance", str("air"));
  set("journey.carrier", str("XY123"));
  set("journey.embarkation_port", str("XXP17"));
  set("journey.transit_ports", Value::List({str("XXP90"), str("XXQ01")}));
  std::vector<Value> visits;
  for (int i = 0; i < 5; ++i) {
    visits.push_back(Value::Map({{str("country"), str("XXC" + std::to_string(i))},
                                 {str("port"), str("XXP" + std::to_string(i))},
                                 {str("arrived"), Value::Timestamp(now - (i + 2) * 7 * 86400)},
                                 {str("departed"), Value::Timestamp(now - (i + 1) * 7 * 86400)},
                                 {str("source"), str("declaration")}}));
  }
  set("journey.visits", Value::List(std::move(visits)));
  set("journey.planned_stay", Value::Duration(14 * 86400));
  set("health.symptoms", Value::List({str("cough")}));
  set("health.temperature", Value::Double(36.9));
  set("health.contact_with_case", Value::Bool(false));
  set("screening.best_score", Value::Map({{str("wanted"), Value::Double(0.31)},
                                          {str("alert"), Value::Double(0.55)}}));
  set("screening.hits",
      Value::List({Value::Map({{str("list_kind"), str("alert")},
                               {str("score"), Value::Double(0.55)},
                               {str("action"), str("monitor")},
                               {str("entry_id"), str("A-1")}})}));
  set("history.crossings", Value::Int(12));
  set("history.refusals", Value::Int(0));
  set("history.overstays", Value::Int(0));
  set("history.secondary_referrals", Value::Int(1));
  set("manifest.present", Value::Bool(true));
  set("manifest.role", str("passenger"));
  set("manifest.booking_lead", Value::Duration(20 * 86400));
  set("manifest.paid_cash", Value::Bool(false));
  set("manifest.one_way", Value::Bool(false));
  set("manifest.checked_bags", Value::Int(1));
  set("manifest.accompanied", Value::Bool(true));
  std::vector<Value> countries, ports;
  for (int i = 0; i < 50; ++i) countries.push_back(str("XXC" + std::to_string(i * 3)));
  for (int i = 0; i < 200; ++i) ports.push_back(str("XXP" + std::to_string(i * 5)));
  set("ref.alert_countries", Value::List(std::move(countries)));
  set("ref.alert_ports", Value::List(std::move(ports)));
  return a;
}

std::vector<Program> CompileAll(const std::vector<std::string>& rules) {
  std::vector<Program> programs;
  programs.reserve(rules.size());
  for (const auto& r : rules) {
    auto p = Program::Compile(r, BorderSchema());
    if (!p.ok()) {
      std::fprintf(stderr, "%s: %s\n", r.c_str(), p.error().message.c_str());
      std::abort();
    }
    programs.push_back(std::move(p).value());
  }
  return programs;
}

void BM_Compile500Rules(benchmark::State& state) {
  auto rules = Rules(500);
  for (auto _ : state) {
    auto programs = CompileAll(rules);
    benchmark::DoNotOptimize(programs.data());
  }
  state.SetItemsProcessed(state.iterations() * 500);
}
BENCHMARK(BM_Compile500Rules)->Unit(benchmark::kMillisecond);

void BM_Evaluate500Rules(benchmark::State& state) {
  auto programs = CompileAll(Rules(500));
  Activation facts = Traveller();
  Explain explain = state.range(0) != 0 ? Explain::kYes : Explain::kNo;
  int fired = 0, errors = 0;
  for (auto _ : state) {
    fired = errors = 0;
    for (const Program& p : programs) {
      Evaluation e = p.Evaluate(facts, explain);
      fired += e.is_true();
      errors += e.is_error();
    }
    benchmark::DoNotOptimize(fired);
  }
  state.counters["fired"] = fired;
  state.counters["errors"] = errors;
  state.SetItemsProcessed(state.iterations() * 500);
}
BENCHMARK(BM_Evaluate500Rules)->Arg(0)->Arg(1)->ArgNames({"explain"})->Unit(benchmark::kMicrosecond);

void BM_EvaluateOneRuleByShape(benchmark::State& state) {
  auto rules = Rules(12);
  auto programs = CompileAll({rules[static_cast<size_t>(state.range(0))]});
  Activation facts = Traveller();
  for (auto _ : state) {
    Evaluation e = programs[0].Evaluate(facts);
    benchmark::DoNotOptimize(e.value.kind());
  }
  state.SetLabel(rules[static_cast<size_t>(state.range(0))].substr(0, 60));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateOneRuleByShape)->DenseRange(0, 11);

}  // namespace

BENCHMARK_MAIN();

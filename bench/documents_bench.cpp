// Parse + validate throughput of the documents engine, per MRZ layout.
//
// The inputs are synthetic documents of real states with correct check digits
// (a clean document is the common case at a desk), 1024 different ones per
// layout so that branch predictors cannot learn one input. The target from
// issue 3: >= 2 million TD3 MRZs per second on one core. After the table the
// bench prints that figure on one line, "mrz TD3: N parses/s on one core",
// the best run's CPU-time rate (use --benchmark_repetitions=N for several).
//
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DGUOMEN_BENCH=ON
//   cmake --build build-bench --target documents_bench
//   taskset -c 1 build-bench/bench/documents_bench --benchmark_repetitions=3
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "documents/check_digit.hpp"
#include "documents/mrz_parser.hpp"

namespace {

using namespace guomen::documents;

constexpr const char* kStates[] = {"GBR", "CHN", "DEU", "FRA", "USA", "IND", "BRA", "D<<"};
constexpr const char* kSurnames[] = {"ZHANG",    "MUELLER", "SMITH",      "DUBOIS",
                                     "OLIVEIRA", "SINGH",   "NGUYEN<VAN", "DE<LA<CRUZ"};
constexpr const char* kGiven[] = {"WEI",  "ANNA<MARIA", "JOHN", "MARIE<CLAIRE",
                                  "JOAO", "ARJUN",      "MINH", "JOSE<LUIS"};

// A small deterministic generator (xorshift), so every run parses the same set.
struct Rng {
  uint64_t s = 0x9E3779B97F4A7C15ULL;
  uint32_t Next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return static_cast<uint32_t>(s >> 16);
  }
  template <size_t N>
  const char* Pick(const char* const (&items)[N]) {
    return items[Next() % N];
  }
};

std::string Pad(std::string s, size_t n) {
  s.resize(n, '<');
  return s;
}
std::string WithCheck(const std::string& s) { return s + ComputeCheckDigit(s); }

std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.Next() % 10));
  return s;
}
std::string Date(Rng& rng, int year_from, int years) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d%02d%02d",
                (year_from + static_cast<int>(rng.Next() % years)) % 100,
                1 + static_cast<int>(rng.Next() % 12), 1 + static_cast<int>(rng.Next() % 28));
  return buf;
}
std::string Number(Rng& rng) {
  return std::string(1, static_cast<char>('A' + rng.Next() % 26)) + Digits(rng, 8);
}
std::string Name(Rng& rng) { return std::string(rng.Pick(kSurnames)) + "<<" + rng.Pick(kGiven); }

std::string MakeMrz(MrzFormat format, Rng& rng) {
  const std::string state = rng.Pick(kStates);
  const std::string nationality = rng.Pick(kStates);
  const std::string number = WithCheck(Number(rng));
  const std::string birth = WithCheck(Date(rng, 1950, 50));
  const std::string expiry = WithCheck(Date(rng, 2026, 10));
  const char sex = rng.Next() % 2 ? 'M' : 'F';
  switch (format) {
    case MrzFormat::kTd3: {
      const std::string personal = WithCheck(Pad(Digits(rng, 10), 14));
      const std::string line2 = number + nationality + birth + sex + expiry + personal;
      const std::string composite =
          line2.substr(0, 10) + line2.substr(13, 7) + line2.substr(21, 22);
      return Pad("P<" + state + Name(rng), 44) + "\n" + line2 + ComputeCheckDigit(composite);
    }
    case MrzFormat::kTd2: {
      const std::string line2 = number + nationality + birth + sex + expiry + Pad("", 7);
      const std::string composite =
          line2.substr(0, 10) + line2.substr(13, 7) + line2.substr(21, 14);
      return Pad("I<" + state + Name(rng), 36) + "\n" + line2 + ComputeCheckDigit(composite);
    }
    case MrzFormat::kTd1: {
      const std::string line1 = Pad("ID" + state + number, 30);
      const std::string line2 = birth + sex + expiry + nationality + Pad("", 11);
      const std::string composite =
          line1.substr(5, 25) + line2.substr(0, 7) + line2.substr(8, 7) + line2.substr(18, 11);
      return line1 + "\n" + line2 + ComputeCheckDigit(composite) + "\n" + Pad(Name(rng), 30);
    }
    case MrzFormat::kMrvA:
      return Pad("V<" + state + Name(rng), 44) + "\n" +
             Pad(number + nationality + birth + sex + expiry, 44);
    case MrzFormat::kMrvB:
      return Pad("V<" + state + Name(rng), 36) + "\n" +
             Pad(number + nationality + birth + sex + expiry, 36);
  }
  return {};
}

// One parse, and the destruction of its result: the unit that is timed. Not
// inlined so that `valgrind --tool=callgrind --toggle-collect='*ParseOne*'`
// counts exactly the instructions of the engine per document (see
// docs/documents.md, "Performance"), independent of the machine's load.
[[gnu::noinline]] void ParseOne(std::string_view input, const MrzOptions& options) {
  auto result = ParseMrz(input, options);
  benchmark::DoNotOptimize(result);
}

void BM_ParseMrz(benchmark::State& state, MrzFormat format) {
  Rng rng;
  std::vector<std::string> inputs;
  for (int i = 0; i < 1024; ++i) inputs.push_back(MakeMrz(format, rng));
  MrzOptions options;
  options.today = std::chrono::year_month_day{std::chrono::year(2025), std::chrono::month(6),
                                              std::chrono::day(1)};
  // Every input must parse clean, or the benchmark measures error paths.
  for (const auto& input : inputs) {
    const auto r = ParseMrz(input, options);
    if (!r || !r->valid || !r->warnings.empty() || r->format != format) {
      state.SkipWithError(("input does not parse clean: " + input).c_str());
      return;
    }
  }
  size_t i = 0;
  for (auto _ : state) ParseOne(inputs[i++ & 1023], options);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

BENCHMARK_CAPTURE(BM_ParseMrz, TD3, MrzFormat::kTd3);
BENCHMARK_CAPTURE(BM_ParseMrz, TD1, MrzFormat::kTd1);
BENCHMARK_CAPTURE(BM_ParseMrz, TD2, MrzFormat::kTd2);
BENCHMARK_CAPTURE(BM_ParseMrz, MRVA, MrzFormat::kMrvA);
BENCHMARK_CAPTURE(BM_ParseMrz, MRVB, MrzFormat::kMrvB);

// The engine's normalisation path: lower case, CRLF, one line.
void BM_ParseMrzNormalised(benchmark::State& state) {
  Rng rng;
  std::vector<std::string> inputs;
  for (int i = 0; i < 1024; ++i) {
    std::string s = MakeMrz(MrzFormat::kTd3, rng);
    for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    inputs.push_back(s.replace(44, 1, "\r\n") + "\r\n");
  }
  MrzOptions options;
  options.today = std::chrono::year_month_day{std::chrono::year(2025), std::chrono::month(6),
                                              std::chrono::day(1)};
  size_t i = 0;
  for (auto _ : state) ParseOne(inputs[i++ & 1023], options);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseMrzNormalised);

// The console table as usual; besides, the best TD3 rate of the runs.
class Td3RateReporter : public benchmark::ConsoleReporter {
 public:
  // Colours only on a terminal, as BENCHMARK_MAIN's reporter does.
  Td3RateReporter() : ConsoleReporter(isatty(STDOUT_FILENO) != 0 ? OO_ColorTabular : OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration || run.error_occurred ||
          run.benchmark_name() != "BM_ParseMrz/TD3" || run.cpu_accumulated_time <= 0) {
        continue;
      }
      ++td3_runs_;
      const auto parses = static_cast<double>(run.iterations);
      best_cpu_rate_ = std::max(best_cpu_rate_, parses / run.cpu_accumulated_time);
      best_wall_rate_ = std::max(best_wall_rate_, parses / run.real_accumulated_time);
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void PrintSummary() const {
    if (td3_runs_ == 0) return;
    std::printf(
        "mrz TD3: %.0f parses/s on one core (CPU time, best of %d run%s; wall clock %.0f/s; "
        "target >= 2000000)\n",
        best_cpu_rate_, td3_runs_, td3_runs_ == 1 ? "" : "s", best_wall_rate_);
  }

 private:
  int td3_runs_ = 0;
  double best_cpu_rate_ = 0;
  double best_wall_rate_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  Td3RateReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintSummary();
  benchmark::Shutdown();
  return 0;
}

// Parse throughput of the edifact engine: a whole PAXLST interchange (UNA to
// UNZ) through ParsePaxlst, reported as persons per second.
//
// The input is a synthetic D05B passenger list laid out the way airlines send
// it (one segment per line, every person with ATT, DTM, LOC, NAT, RFF and a
// DOC group), with names, dates and documents varied by a fixed generator.
// Issue 7's budget for parse + screen + rules is 50 ms p99 for 500 persons;
// parsing is a small part of it.
//
//   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DGUOMEN_BENCH=ON
//   cmake --build build-bench --target edifact_bench && build-bench/bench/edifact_bench
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "edifact/paxlst_parser.hpp"

namespace {

using namespace guomen::edifact;

constexpr const char* kSurnames[] = {"ZHANG", "MUELLER", "SMITH", "DUBOIS", "O?'BRIEN",
                                     "NGUYEN", "DE LA CRUZ", "SINGH"};
constexpr const char* kGiven[] = {"WEI", "ANNA:MARIA", "JOHN", "MARIE CLAIRE", "SEAN",
                                  "MINH", "JOSE:LUIS", "ARJUN"};
constexpr const char* kStates[] = {"CHN", "DEU", "USA", "FRA", "IRL", "VNM", "PHL", "IND"};

struct Rng {
  uint64_t s = 0x9E3779B97F4A7C15ULL;
  uint32_t Next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return static_cast<uint32_t>(s >> 16);
  }
};

std::string MakeInterchange(int persons) {
  Rng rng;
  std::string body =
      "BGM+745'\r\nNAD+MS+++OPS CENTRE'\r\nCOM+1 555 0100:TE'\r\nTDT+20+ZZ881+++ZZ'\r\n"
      "LOC+125+BKK'\r\nDTM+189:2603011010:201'\r\nLOC+87+PEK'\r\nDTM+232:2603011600:201'\r\n";
  int segments = 10;  // UNH, the 8 above, UNT
  char buf[256];
  for (int i = 0; i < persons; ++i) {
    const char* state = kStates[rng.Next() % 8];
    std::snprintf(buf, sizeof buf,
                  "NAD+FL+++%s:%s'\r\nATT+2++%c'\r\nDTM+329:%02u%02u%02u'\r\nLOC+178+BKK'\r\n"
                  "LOC+179+PEK'\r\nNAT+2+%s'\r\nRFF+AVF:%06X'\r\nDOC+P:110:111+E%08u'\r\n"
                  "DTM+36:%02u%02u%02u'\r\nLOC+91+%s'\r\n",
                  kSurnames[rng.Next() % 8], kGiven[rng.Next() % 8], rng.Next() % 2 ? 'M' : 'F',
                  40 + rng.Next() % 60, 1 + rng.Next() % 12, 1 + rng.Next() % 28, state,
                  rng.Next() & 0xFFFFFF, rng.Next() % 100000000, 27 + rng.Next() % 10,
                  1 + rng.Next() % 12, 1 + rng.Next() % 28, state);
    body += buf;
    segments += 10;
  }
  body += "CNT+42:" + std::to_string(persons) + "'\r\n";
  ++segments;
  return "UNA:+.? '\r\nUNB+UNOA:4+ZZAIRLINE:ZZ+GUOMEN:ZZ+260301:0800+IC1'\r\n"
         "UNH+M1+PAXLST:D:05B:UN:IATA'\r\n" +
         body + "UNT+" + std::to_string(segments) + "+M1'\r\nUNZ+1+IC1'\r\n";
}

void BM_ParsePaxlst(benchmark::State& state) {
  const int persons = static_cast<int>(state.range(0));
  const std::string input = MakeInterchange(persons);
  {
    const auto check = ParsePaxlst(input);
    if (!check || check->verdict != Verdict::kValid || check->PersonCount() != size_t(persons)) {
      state.SkipWithError("the benchmark input does not parse as a valid PAXLST");
      return;
    }
  }
  for (auto _ : state) {
    auto result = ParsePaxlst(input);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * persons);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(input.size()));
  state.counters["persons"] = persons;
}
BENCHMARK(BM_ParsePaxlst)->Arg(50)->Arg(500)->Arg(5000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

// Screening alone against the load benchmarks' 1,000,000-name synthetic list
// (tools/datagen/load_data: the list `make bench-inspection` and `make
// bench-manifest` import), built in memory from the same generator, so that
// the search can be measured and profiled without the database:
//   BM_LoadDesk     the desk's travellers (syllable names like the list's,
//                   1 in 100 a listed person with a document and date of birth);
//   BM_LoadManifest the persons of the synthetic PAXLSTs (common names of
//                   eight regions, 3 in 100 listed persons).
// BM_LoadManifest also runs on two threads at once (real time): the per-item
// CPU time against one thread's shows what the two cores cost each other.
// Counters: hits per query, and the share of listed persons found (must be 1).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/manifest_service.hpp"
#include "datagen/load_data.hpp"
#include "datagen/paxlst_builder.hpp"
#include "edifact/paxlst_parser.hpp"
#include "names/country_resolver.hpp"
#include "screening/birth_date.hpp"
#include "screening/screening_index.hpp"

namespace {

using namespace guomen;
using screening::ScreeningQuery;

struct Fixture {
  screening::ScreeningIndex index;
  std::vector<ScreeningQuery> desk, manifest;
  std::vector<bool> desk_listed, manifest_listed;
  double build_seconds = 0;
};

ScreeningQuery QueryOf(const std::string& family, const std::string& given,
                       const std::string& birth_date, const std::string& nationality,
                       const std::string& sex, const std::string& document) {
  ScreeningQuery q;
  q.name = given.empty() ? family : family + " " + given;
  if (auto bd = screening::ParseBirthDate(birth_date)) q.birth_date = *bd;
  q.nationality = nationality;
  q.document_number = document;
  q.gender = sex;
  return q;
}

Fixture& Shared() {
  static Fixture* f = [] {
    auto* fx = new Fixture();  // NOLINT: lives for the process
    datagen::LoadDataOptions lo;
    const auto all = datagen::LoadListSample(lo, lo.list_names);
    std::vector<screening::WatchlistEntry> entries(all.size());
    for (size_t i = 0; i < all.size(); ++i) {
      const auto& p = all[i];
      auto& e = entries[i];
      e.id = "L-" + std::to_string(i + 1);
      e.names.push_back(
          {p.family + " " + p.given, p.given, p.family, screening::NameQuality::kPrimary});
      if (auto bd = screening::ParseBirthDate(p.birth_date)) e.birth_dates.push_back(*bd);
      const std::string country = names::ResolveCountry(p.nationality);  // as the CSV importer
      e.nationalities.push_back(country);
      e.gender = p.sex;
      e.documents.push_back({"passport", p.document, country});
    }
    const auto start = std::chrono::steady_clock::now();
    screening::Watchlist l;
    l.id = datagen::kLoadList;
    l.threshold = 0.85;
    (void)fx->index.PutList(l, std::move(entries));
    fx->build_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    // The desk: other persons of the same generator (another seed), every 100th listed.
    datagen::LoadDataOptions other = lo;
    other.seed = 99;
    other.list_names = 20000;
    const auto strangers = datagen::LoadListSample(other, 20000);
    const auto listed = datagen::LoadListSample(lo, 2000);
    for (size_t i = 0; i < strangers.size(); ++i) {
      const bool on_list = i % 100 == 0;
      const auto& p = on_list ? listed[(i / 100) % listed.size()] : strangers[i];
      fx->desk.push_back(
          QueryOf(p.family, p.given, p.birth_date, p.nationality, p.sex, p.document));
      fx->desk_listed.push_back(on_list);
    }

    // The manifests: 16 synthetic PAXLSTs of 500 persons, 3 % listed.
    std::vector<datagen::PaxlstTraveller> sample;
    for (const auto& p : listed) {
      sample.push_back({p.family, p.given, p.sex, p.nationality, p.birth_date, p.document});
    }
    for (int m = 0; m < 16; ++m) {
      datagen::SyntheticPaxlstOptions po;
      po.seed = static_cast<uint64_t>(m + 1);
      auto built = datagen::BuildSyntheticPaxlst(po, sample);
      auto ic = edifact::ParsePaxlst(built.text);
      if (!ic) continue;
      for (const auto& p : app::ManifestPersonsOf(ic->messages.at(0), false)) {
        fx->manifest.push_back(QueryOf(p.surname, p.given_names, p.birth_date, p.nationality, p.sex,
                                       p.document_number));
        bool on_list = false;
        for (const auto& s : sample) on_list = on_list || s.document_number == p.document_number;
        fx->manifest_listed.push_back(on_list);
      }
    }
    return fx;
  }();
  return *f;
}

void Run(benchmark::State& state, const std::vector<ScreeningQuery>& queries,
         const std::vector<bool>& listed) {
  Fixture& f = Shared();
  size_t i = 0, hits = 0, listed_seen = 0, listed_found = 0;
  for (auto _ : state) {
    const size_t k = i++ % queries.size();
    auto found = f.index.Screen(queries[k]);
    hits += found.size();
    if (listed[k]) {
      ++listed_seen;
      listed_found += found.empty() ? 0 : 1;
    }
    benchmark::DoNotOptimize(found);
  }
  state.counters["build_s"] = f.build_seconds;
  state.counters["hits_per_query"] =
      static_cast<double>(hits) / static_cast<double>(std::max<size_t>(1, i));
  state.counters["listed_found"] =
      listed_seen == 0 ? 1.0 : static_cast<double>(listed_found) / static_cast<double>(listed_seen);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_LoadDesk(benchmark::State& state) { Run(state, Shared().desk, Shared().desk_listed); }
BENCHMARK(BM_LoadDesk)->Unit(benchmark::kMicrosecond)->MinTime(3);

void BM_LoadManifest(benchmark::State& state) {
  Run(state, Shared().manifest, Shared().manifest_listed);
}
BENCHMARK(BM_LoadManifest)->Unit(benchmark::kMicrosecond)->MinTime(3);
BENCHMARK(BM_LoadManifest)->Unit(benchmark::kMicrosecond)->MinTime(3)->Threads(2)->UseRealTime();

// GUOMEN_DUMP_HITS=PATH: writes every query's hits (entry, score) to PATH
// and stops, so that a change to the search can be checked to find the same.
void DumpHits(const char* path) {
  Fixture& f = Shared();
  FILE* out = std::fopen(path, "w");
  if (out == nullptr) return;
  for (const auto* queries : {&f.desk, &f.manifest}) {
    for (const auto& q : *queries) {
      std::fprintf(out, "%s:", q.document_number.c_str());
      for (const auto& h : f.index.Screen(q))
        std::fprintf(out, " %s=%.4f", h.entry_id.c_str(), h.score);
      std::fprintf(out, "\n");
    }
  }
  std::fclose(out);
}

// GUOMEN_QUERY_TIMES=1: screens every desk query once, in order (the match
// cache cold, as a server after its start), and prints the distribution of
// single-query times and the slowest queries' names: at the desk, one slow
// query holds a screening slot while others wait for it.
void QueryTimes() {
  Fixture& f = Shared();
  std::vector<std::pair<double, size_t>> times;
  for (size_t i = 0; i < f.desk.size(); ++i) {
    const auto start = std::chrono::steady_clock::now();
    auto found = f.index.Screen(f.desk[i]);
    benchmark::DoNotOptimize(found);
    times.emplace_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count(),
        i);
  }
  std::vector<std::pair<double, size_t>> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  const auto at = [&](double q) {
    return sorted[std::min(sorted.size() - 1,
                           static_cast<size_t>(q * static_cast<double>(sorted.size())))]
        .first;
  };
  double sum = 0;
  for (const auto& t : sorted) sum += t.first;
  std::printf(
      "desk queries: %zu, mean %.0f us, p50 %.0f, p90 %.0f, p99 %.0f, p99.9 %.0f, max %.0f us\n",
      sorted.size(), sum / static_cast<double>(sorted.size()), at(0.5), at(0.9), at(0.99),
      at(0.999), sorted.back().first);
  for (size_t k = 0; k < 10 && k < sorted.size(); ++k) {
    const auto& [us, i] = sorted[sorted.size() - 1 - k];
    std::printf("  %8.0f us  %s\n", us, f.desk[i].name.c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (const char* dump = std::getenv("GUOMEN_DUMP_HITS")) {
    DumpHits(dump);
    return 0;
  }
  if (std::getenv("GUOMEN_QUERY_TIMES") != nullptr) {
    QueryTimes();
    return 0;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

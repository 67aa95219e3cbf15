// Issue 7's manifest benchmark (make bench-manifest, bench/manifest_bench.sh):
// parse + map + screen + evaluate rules for a 500-person PAXLST against a
// 1,000,000-name watchlist and 300 active rules, through the product's own
// functions: edifact::ParsePaxlst, app::ManifestPersonsOf and
// ManifestService::AssessPersons (what ManifestService::Screen runs between
// reading the persons and writing their results).
//
// The database (demo data + the inspection load benchmark's synthetic list
// and rules, tools/datagen/load_data) is created once at --db when missing;
// then the App is opened, which builds the screening index (timed apart),
// and the manifests are measured:
//   1. latency: one manifest at a time, --runs manifests, p50/p99 wall time
//      and CPU time per manifest;
//   2. throughput: --clients manifests at a time for --seconds;
//   3. with --intake N: N whole intakes (ManifestService::Intake: parse,
//      store the manifest and its persons, screen, write the results, on
//      the SQLite store with synchronous=FULL), p50/p99.
// Ends with "manifest bench: N manifests/s, p99 X ms (P persons, L names)".
//
//   manifest_bench --db PATH [--names N] [--rules R] [--persons P] [--listed SHARE]
//                  [--runs N] [--seconds S] [--clients C] [--threads T] [--intake N]
//                  [--setup-only 1]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/app.hpp"
#include "datagen/load_data.hpp"
#include "datagen/paxlst_builder.hpp"
#include "edifact/paxlst_parser.hpp"
#include "screening/birth_date.hpp"

namespace {

using namespace guomen;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string db;
  int names = 1000000;
  int rules = 300;
  int persons = 500;
  double listed = 0.03;
  int distinct = 16;  // different manifests cycled through
  int runs = 200;
  double seconds = 20;
  int clients = 2;
  int threads = 0;  // AssessPersons threads per manifest; 0: the service's default
  int intake = 0;
  bool setup_only = false;  // create the database when missing, then stop
};

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(std::ceil(q * static_cast<double>(v.size())));
  return v[std::clamp<size_t>(i, 1, v.size()) - 1];
}

struct Outcome {
  size_t persons = 0;
  size_t with_hits = 0;
  size_t red = 0, yellow = 0;
};

// What the service does with one received PAXLST up to the write of the
// results: parse, map the persons, screen and assess them (no store).
core::Result<Outcome> ScreenOne(const app::ManifestService& svc, int64_t port_unit_id,
                                const std::string& port_code, const std::string& text,
                                int64_t now_us) {
  GUOMEN_ASSIGN_OR_RETURN(auto ic, edifact::ParsePaxlst(text));
  if (ic.verdict != edifact::Verdict::kValid) {
    return core::Fail(core::ErrorCode::kInternal, "the synthetic PAXLST is not valid");
  }
  Outcome out;
  for (const auto& m : ic.messages) {
    auto persons = app::ManifestPersonsOf(m, false);
    for (auto& p : persons) p.id = p.seq;
    // The manifest fields the screening reads, as Intake fills them.
    store::Manifest mf;
    mf.unit_id = port_unit_id;
    mf.conveyance = "air";
    mf.transport_id = m.transport_id;
    if (!m.legs.empty()) mf.departure_location = m.legs.front().departure.location;
    GUOMEN_ASSIGN_OR_RETURN(auto results, svc.AssessPersons(mf, port_code, persons, now_us));
    out.persons += results.size();
    for (const auto& r : results) {
      out.with_hits += r.hits_json != "[]" ? 1 : 0;
      out.red += r.level == "red" ? 1 : 0;
      out.yellow += r.level == "yellow" ? 1 : 0;
    }
  }
  return out;
}

int Fail(const std::string& what) {
  std::cerr << "manifest_bench: " << what << "\n";
  return 1;
}

int Run(const Options& o) {
  datagen::LoadDataOptions lo;
  lo.list_names = o.names;
  lo.active_rules = o.rules;
  lo.tokens = 0;
  lo.travellers = 0;
  app::AppConfig cfg;
  cfg.store_location = o.db;
  cfg.create_audit_key = true;
  if (!std::filesystem::exists(o.db)) {
    std::printf("creating the database (once): %d names, %d rules at %s ...\n", o.names, o.rules,
                o.db.c_str());
    std::fflush(stdout);
    const auto t0 = Clock::now();
    auto created = app::App::Open(cfg);
    if (!created) return Fail(created.error().message);
    auto data = datagen::CreateLoadData(**created, lo);
    if (!data) return Fail(data.error().message);
    std::printf("created: %d list entries (import %.1f s), %d active rules in %.1f s\n",
                data->list_entries, data->list_import_seconds, data->active_rules,
                Seconds(Clock::now() - t0));
  }

  if (o.setup_only) return 0;

  // Opening builds the screening index from the stored lists: not part of
  // the per-manifest figures.
  const auto t_open = Clock::now();
  const double cpu_open = CpuSeconds();
  auto opened = app::App::Open(cfg);
  if (!opened) return Fail(opened.error().message);
  app::App& a = **opened;
  const auto stats = a.screening().Stats();
  std::printf("index: %zu entries loaded in %.1f s wall, %.1f s CPU (App::Open)\n",
              static_cast<size_t>(stats.entries), Seconds(Clock::now() - t_open),
              CpuSeconds() - cpu_open);

  int64_t port = 0;
  std::string port_code;
  auto st = a.store().Transact([&](store::Tx& tx) -> core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto officer, tx.FindUserByName("officer"));
    if (!officer) return core::Fail(core::ErrorCode::kNotFound, "no demo officer");
    GUOMEN_ASSIGN_OR_RETURN(auto unit, tx.GetUnit(officer->unit_id));
    if (!unit) return core::Fail(core::ErrorCode::kNotFound, "no officer's unit");
    port = unit->id;
    port_code = unit->code;
    return core::Status::Ok();
  });
  if (!st.ok()) return Fail(st.error().message);

  app::ManifestService& svc = a.manifests();
  if (o.threads > 0) svc.set_screen_threads(o.threads);

  std::vector<datagen::PaxlstTraveller> listed;
  for (const auto& p : datagen::LoadListSample(lo, 2000)) {
    listed.push_back({p.family, p.given, p.sex, p.nationality, p.birth_date, p.document});
  }
  std::vector<std::string> manifests;
  int listed_total = 0;
  for (int i = 0; i < o.distinct; ++i) {
    datagen::SyntheticPaxlstOptions po;
    po.seed = static_cast<uint64_t>(i + 1);
    po.persons = o.persons;
    po.listed_share = o.listed;
    po.interchange_ref = "IC" + std::to_string(i + 1);
    auto m = datagen::BuildSyntheticPaxlst(po, listed);
    listed_total += m.listed;
    manifests.push_back(std::move(m.text));
  }
  const int64_t now_us = core::ToMicros(a.clock().Now());

  // Warm-up (compiles the rule set) and a check that the listed persons are found.
  Outcome first;
  for (int i = 0; i < 3; ++i) {
    auto r = ScreenOne(svc, port, port_code, manifests[static_cast<size_t>(i) % manifests.size()],
                       now_us);
    if (!r) return Fail(r.error().message);
    if (i == 0) first = *r;
  }
  std::printf(
      "manifests: %d distinct, %d persons each, %.1f listed per manifest on average; the first: "
      "%zu persons with hits, %zu red, %zu yellow; %d screening threads per manifest\n",
      o.distinct, o.persons, static_cast<double>(listed_total) / o.distinct, first.with_hits,
      first.red, first.yellow, svc.screen_threads());
  if (o.listed > 0 && o.names > 0 && first.with_hits == 0) {
    return Fail("no listed person was found: the list and the sample disagree");
  }

  // 0. Where the time goes, on one thread: parse + map; screening alone (the
  // query as AssessPerson builds it); the whole assessment. The rules, the
  // facts and the JSON of the results are the difference.
  {
    const int configured = svc.screen_threads();
    svc.set_screen_threads(1);
    double parse_s = 0, screen_s = 0, assess_s = 0;
    const int n = std::min(o.runs, 20);
    for (int i = 0; i < n; ++i) {
      const std::string& text = manifests[static_cast<size_t>(i) % manifests.size()];
      auto s0 = Clock::now();
      auto ic = edifact::ParsePaxlst(text);
      if (!ic) return Fail(ic.error().message);
      auto persons = app::ManifestPersonsOf(ic->messages.at(0), false);
      for (auto& p : persons) p.id = p.seq;
      parse_s += Seconds(Clock::now() - s0);
      s0 = Clock::now();
      for (const auto& p : persons) {
        auto hits = a.screening().ScreenForWorkflow(app::ScreeningQueryOf(p));
        if (!hits) return Fail(hits.error().message);
      }
      screen_s += Seconds(Clock::now() - s0);
      store::Manifest mf;
      mf.unit_id = port;
      mf.conveyance = "air";
      mf.transport_id = ic->messages[0].transport_id;
      s0 = Clock::now();
      auto r = svc.AssessPersons(mf, port_code, persons, now_us);
      if (!r) return Fail(r.error().message);
      assess_s += Seconds(Clock::now() - s0);
    }
    std::printf(
        "one thread, per manifest (%d manifests): parse + map %.1f ms, screening %.1f ms, "
        "screening + facts + rules + results %.1f ms (so %.1f ms beside screening)\n",
        n, parse_s / n * 1e3, screen_s / n * 1e3, assess_s / n * 1e3,
        (assess_s - screen_s) / n * 1e3);
    svc.set_screen_threads(configured);
  }

  // 1. Latency: one manifest at a time.
  std::vector<double> lat;
  lat.reserve(static_cast<size_t>(o.runs));
  double cpu0 = CpuSeconds();
  auto t0 = Clock::now();
  for (int i = 0; i < o.runs; ++i) {
    const auto s = Clock::now();
    auto r = ScreenOne(svc, port, port_code, manifests[static_cast<size_t>(i) % manifests.size()],
                       now_us);
    if (!r) return Fail(r.error().message);
    lat.push_back(Seconds(Clock::now() - s) * 1e3);
  }
  const double lat_wall = Seconds(Clock::now() - t0);
  const double lat_cpu = CpuSeconds() - cpu0;
  const double p50 = Percentile(lat, 0.50), p99 = Percentile(lat, 0.99);
  std::printf(
      "latency (1 manifest at a time, %d runs): p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
      "%.1f ms CPU per manifest (%.2f cores busy)\n",
      o.runs, p50, p99, *std::max_element(lat.begin(), lat.end()), lat_cpu / o.runs * 1e3,
      lat_cpu / lat_wall);

  // 2. Throughput: `clients` manifests at a time.
  std::atomic<int64_t> done{0};
  std::atomic<bool> failed{false};
  std::mutex mu;
  std::vector<double> tlat;
  cpu0 = CpuSeconds();
  t0 = Clock::now();
  const auto deadline =
      t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  std::vector<std::thread> clients;
  for (int c = 0; c < o.clients; ++c) {
    clients.emplace_back([&, c] {
      std::vector<double> mine;
      for (size_t i = static_cast<size_t>(c); Clock::now() < deadline && !failed; ++i) {
        const auto s = Clock::now();
        auto r = ScreenOne(svc, port, port_code, manifests[i % manifests.size()], now_us);
        if (!r) {
          failed = true;
          return;
        }
        mine.push_back(Seconds(Clock::now() - s) * 1e3);
        ++done;
      }
      std::lock_guard<std::mutex> lock(mu);
      tlat.insert(tlat.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : clients) t.join();
  if (failed) return Fail("a manifest failed during the throughput run");
  const double tp_wall = Seconds(Clock::now() - t0);
  const double tp_cpu = CpuSeconds() - cpu0;
  const double rate = static_cast<double>(done) / tp_wall;
  std::printf(
      "throughput (%d manifests at a time, %.0f s): %.1f manifests/s (%lld manifests), "
      "p50 %.1f ms, p99 %.1f ms; %.1f ms CPU per manifest (%.2f cores busy)\n",
      o.clients, tp_wall, rate, static_cast<long long>(done.load()), Percentile(tlat, 0.5),
      Percentile(tlat, 0.99), tp_cpu / static_cast<double>(std::max<int64_t>(done, 1)) * 1e3,
      tp_cpu / tp_wall);

  // 3. Whole intakes through the store (optional).
  if (o.intake > 0) {
    std::vector<std::string> texts;
    const uint64_t run_tag = static_cast<uint64_t>(now_us / 1000000);
    for (int i = 0; i < o.intake; ++i) {
      datagen::SyntheticPaxlstOptions po;
      po.seed = static_cast<uint64_t>(1000 + i);
      po.persons = o.persons;
      po.listed_share = o.listed;
      // A new flight and interchange each time: a first version, not a resend or a change.
      po.transport_id = "ZZ" + std::to_string(1000 + i);
      po.interchange_ref = "B" + std::to_string(run_tag % 100000000) + "-" + std::to_string(i);
      texts.push_back(datagen::BuildSyntheticPaxlst(po, listed).text);
    }
    std::vector<double> ilat;
    for (const auto& text : texts) {
      app::ManifestIntakeRequest req;
      req.format = "edifact";
      req.body = text;
      req.port_unit_id = port;
      req.source = "inbox";
      const auto s = Clock::now();
      auto r = svc.Intake(nullptr, {"manifest-bench", ""}, req);
      if (!r) return Fail(r.error().message);
      ilat.push_back(Seconds(Clock::now() - s) * 1e3);
    }
    std::printf(
        "intake (parse, store, screen, write results; SQLite, %d intakes): p50 %.1f ms, "
        "p99 %.1f ms\n",
        o.intake, Percentile(ilat, 0.5), Percentile(ilat, 0.99));
  }

  std::printf("manifest bench: %.0f manifests/s, p99 %.1f ms (%d persons, %zu names)\n", rate, p99,
              o.persons, static_cast<size_t>(stats.entries));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows in a log as it happens
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--db")
      o.db = v;
    else if (k == "--names")
      o.names = std::atoi(v.c_str());
    else if (k == "--rules")
      o.rules = std::atoi(v.c_str());
    else if (k == "--persons")
      o.persons = std::atoi(v.c_str());
    else if (k == "--listed")
      o.listed = std::atof(v.c_str());
    else if (k == "--distinct")
      o.distinct = std::max(1, std::atoi(v.c_str()));
    else if (k == "--runs")
      o.runs = std::max(1, std::atoi(v.c_str()));
    else if (k == "--seconds")
      o.seconds = std::atof(v.c_str());
    else if (k == "--clients")
      o.clients = std::max(1, std::atoi(v.c_str()));
    else if (k == "--threads")
      o.threads = std::atoi(v.c_str());
    else if (k == "--intake")
      o.intake = std::atoi(v.c_str());
    else if (k == "--setup-only")
      o.setup_only = v != "0";
    else {
      std::cerr << "manifest_bench: unknown option " << k << "\n";
      return 2;
    }
  }
  if (o.db.empty()) {
    std::cerr << "usage: manifest_bench --db PATH [--names N] [--rules R] [--persons P] "
                 "[--listed SHARE] [--runs N] [--seconds S] [--clients C] [--threads T] "
                 "[--intake N]\n";
    return 2;
  }
  return Run(o);
}

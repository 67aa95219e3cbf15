// Store benchmarks: bulk ingest with COPY, a traveller's crossing history
// among many stored crossings, and the store transaction an inspection
// makes (read the traveller, append the audit event), on PostgreSQL and on
// SQLite.
//
//   GUOMEN_BENCH_PG_URL=postgresql://...   a database the benchmark may fill
//                                          (it creates bench_* tables there)
//   GUOMEN_BENCH_CROSSINGS=10000000         crossings for the history query
//                                          (default 1,000,000)
//
// Both crossings benchmarks use the schema's own `crossings` table
// (partitioned by month, with its indexes and row-level security).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "store/postgres/pg_connection.hpp"
#include "store/store.hpp"

namespace {

using guomen::store::SqlValue;
using guomen::store::postgres::PgConnection;

std::string PgUrl() {
  const char* url = std::getenv("GUOMEN_BENCH_PG_URL");
  return url ? url : "";
}

int64_t Crossings() {
  const char* n = std::getenv("GUOMEN_BENCH_CROSSINGS");
  return n ? std::atoll(n) : 1'000'000;
}

constexpr int64_t kTravellers = 500'000;
constexpr int64_t kDayUs = 24LL * 3600 * 1'000'000;
constexpr int64_t kStartUs = 1'735'689'600'000'000;  // 2025-01-01T00:00:00Z, audit bench times
// Stored crossings span the two years before now (monthly partitions).
constexpr int64_t kSpanUs = 730 * kDayUs;
// Ingested rows get ids above this, so they never mix with the history's.
constexpr int64_t kIngestIdBase = 1'000'000'000'000;

int64_t NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// One row of the real `crossings` table (schema v5).
std::vector<SqlValue> CrossingRow(int64_t id, int64_t span_start_us, std::mt19937_64& rng) {
  const int64_t traveller = static_cast<int64_t>(rng() % kTravellers) + 1;
  const int64_t time = span_start_us + static_cast<int64_t>(rng() % static_cast<uint64_t>(kSpanUs));
  const bool refused = rng() % 200 == 0;
  return {id,
          time,
          traveller,
          id,  // inspection id
          static_cast<int64_t>(rng() % 40) + 1,
          "D" + std::to_string(rng() % 12 + 1),
          std::string(rng() % 2 ? "entry" : "exit"),
          std::string("land"),
          "BUS-" + std::to_string(rng() % 400),
          "E" + std::to_string(10'000'000 + traveller),
          std::string("MMR"),
          std::string("MMR"),
          static_cast<int64_t>(rng() % 300) + 1,
          std::string(refused ? "refuse" : "admit"),
          std::string(refused ? "R03" : ""),
          std::string(rng() % 20 ? "green" : "yellow"),
          std::string("[]"),
          int64_t{rng() % 30 == 0 ? 1 : 0},
          int64_t{30},
          SqlValue{},
          time - 40'000'000,
          std::string("{}")};
}

const std::vector<std::string> kCrossingCols = {
    "id",        "time",          "traveller_id", "inspection_id", "unit_id",
    "desk",      "direction",     "conveyance",   "carrier",       "document_number",
    "issuing_state", "nationality", "officer_id", "decision",      "refusal_code",
    "risk_level", "reasons_json", "referred",     "permitted_stay_days", "overstay_days",
    "started_at", "durations_json"};

// Monthly partitions of `crossings` over the span (the schema keeps only a
// few months ahead; a centre that has run for two years has them all).
std::string PartitionsSql(int64_t span_start_us) {
  const std::time_t t = static_cast<std::time_t>(span_start_us / 1'000'000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char first[16];
  std::snprintf(first, sizeof first, "%04d-%02d-01", tm.tm_year + 1900, tm.tm_mon + 1);
  return std::string("SELECT guomen_ensure_month_partitions('crossings', 'time', '") + first +
         "', 30)";
}

std::unique_ptr<PgConnection> Connect(benchmark::State& state) {
  if (PgUrl().empty()) {
    state.SkipWithError("set GUOMEN_BENCH_PG_URL to a PostgreSQL database");
    return nullptr;
  }
  // The schema (and its partition functions) first.
  auto store = guomen::store::OpenStore(PgUrl());
  if (!store) {
    state.SkipWithError(store.error().message.c_str());
    return nullptr;
  }
  auto conn = PgConnection::Open(PgUrl());
  if (!conn) {
    state.SkipWithError(conn.error().message.c_str());
    return nullptr;
  }
  return std::move(*conn);
}

// Rows per second through COPY into the real, partitioned, indexed crossings
// table, in batches of 10,000 rows per transaction (as an import would).
void BM_PgBulkIngestCrossings(benchmark::State& state) {
  auto conn = Connect(state);
  if (!conn) return;
  const int64_t span_start = NowUs() - kSpanUs;
  if (!conn->ExecScript(PartitionsSql(span_start)).ok()) {
    state.SkipWithError("cannot create the partitions");
    return;
  }
  std::mt19937_64 rng(42);
  int64_t next_id = kIngestIdBase;
  const int64_t batch = state.range(0);
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<std::vector<SqlValue>> rows;
    rows.reserve(static_cast<size_t>(batch));
    for (int64_t i = 0; i < batch; ++i) rows.push_back(CrossingRow(next_id++, span_start, rng));
    state.ResumeTiming();
    if (!conn->Begin().ok()) state.SkipWithError("begin");
    auto n = conn->CopyIn("crossings", kCrossingCols, rows);
    if (!n.ok()) {
      state.SkipWithError(n.error().message.c_str());
      break;
    }
    if (!conn->Commit().ok()) state.SkipWithError("commit");
  }
  state.SetItemsProcessed(state.iterations() * batch);
  (void)conn->ExecScript("DELETE FROM crossings WHERE id >= " + std::to_string(kIngestIdBase));
}
BENCHMARK(BM_PgBulkIngestCrossings)->Arg(10'000)->Unit(benchmark::kMillisecond)->UseRealTime();

// What the desk reads of a traveller's past among GUOMEN_BENCH_CROSSINGS
// stored crossings, through the Store as the inspection service does: the
// newest 50 crossings and the history counts (crossings, refusals,
// overstays, referrals, last refusal), in one transaction. Reports p50/p99.
void BM_PgTravellerHistory(benchmark::State& state) {
  auto conn = Connect(state);
  if (!conn) return;
  const int64_t total = Crossings();
  auto have = conn->Query("SELECT count(*) FROM crossings WHERE id <= ?", {total});
  if (!have.ok() || have->at(0).Int(0) != total) {
    const int64_t span_start = NowUs() - kSpanUs;
    if (!conn->ExecScript("TRUNCATE crossings; " + PartitionsSql(span_start)).ok()) {
      state.SkipWithError("cannot prepare crossings");
      return;
    }
    std::mt19937_64 rng(7);
    for (int64_t id = 1; id <= total;) {
      std::vector<std::vector<SqlValue>> rows;
      for (int i = 0; i < 50'000 && id <= total; ++i) rows.push_back(CrossingRow(id++, span_start, rng));
      if (!conn->CopyIn("crossings", kCrossingCols, rows).ok()) {
        state.SkipWithError("load failed");
        return;
      }
    }
    (void)conn->ExecScript("ANALYZE crossings");
  }
  auto store = guomen::store::OpenStore(PgUrl());
  if (!store) {
    state.SkipWithError(store.error().message.c_str());
    return;
  }
  std::mt19937_64 rng(99);
  std::vector<double> us;
  for (auto _ : state) {
    const int64_t traveller = static_cast<int64_t>(rng() % kTravellers) + 1;
    size_t n = 0;
    auto t0 = std::chrono::steady_clock::now();
    auto st = (*store)->Transact([&](guomen::store::Tx& tx) -> guomen::core::Status {
      GUOMEN_ASSIGN_OR_RETURN(auto list, tx.ListCrossingsOfTraveller(traveller, 50));
      GUOMEN_ASSIGN_OR_RETURN(auto history, tx.GetTravellerHistory(traveller));
      n = list.size() + static_cast<size_t>(history.crossings);
      return guomen::core::Status::Ok();
    });
    auto t1 = std::chrono::steady_clock::now();
    if (!st.ok()) {
      state.SkipWithError(st.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(n);
    us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  if (!us.empty()) {
    std::sort(us.begin(), us.end());
    state.counters["p50_us"] = us[us.size() / 2];
    state.counters["p99_us"] = us[std::min(us.size() - 1, us.size() * 99 / 100)];
    state.counters["crossings"] = static_cast<double>(total);
  }
}
BENCHMARK(BM_PgTravellerHistory)->Iterations(5000)->Unit(benchmark::kMicrosecond);

// The store work of one inspection: read the traveller, append the audit
// event (head FOR UPDATE on PostgreSQL), commit. Threads contend on the
// chain head as concurrent desks do.
std::unique_ptr<guomen::store::Store> g_store;
int64_t g_traveller = 0;

void InspectionSetup(const std::string& location) {
  auto store = guomen::store::OpenStore(location);
  if (!store) return;
  g_store = std::move(*store);
  (void)g_store->Transact([](guomen::store::Tx& tx) -> guomen::core::Status {
    GUOMEN_ASSIGN_OR_RETURN(auto unit, tx.FindUnitByCode("BENCH"));
    int64_t unit_id = unit ? unit->id : 0;
    if (!unit) {
      GUOMEN_ASSIGN_OR_RETURN(unit_id, tx.InsertUnit({0, std::nullopt, "BENCH", "b", "b", "port"}));
    }
    guomen::store::Traveller t;
    t.unit_id = unit_id;
    t.surname = "BENCH";
    t.given_names = "MARK";
    t.document_number = "B1";
    GUOMEN_ASSIGN_OR_RETURN(g_traveller, tx.InsertTraveller(t));
    return guomen::core::Status::Ok();
  });
}

void RunInspection(benchmark::State& state) {
  for (auto _ : state) {
    auto st = g_store->Transact([&](guomen::store::Tx& tx) -> guomen::core::Status {
      GUOMEN_ASSIGN_OR_RETURN(auto t, tx.GetTraveller(g_traveller));
      GUOMEN_ASSIGN_OR_RETURN(auto head, tx.ClaimAuditLane());
      guomen::store::AuditEvent e;
      e.id = head.next_id;
      e.lane = head.lane;
      e.time_us = kStartUs + e.id;
      e.username = "officer";
      e.action = "traveller.read";
      e.object_type = "traveller";
      e.object_id = std::to_string(t ? t->id : 0);
      e.result = "ok";
      e.prev_hash = head.last_hash;
      e.hash = std::string(64, 'a');
      return tx.AppendAuditEvent(e);
    });
    if (!st.ok()) {
      state.SkipWithError(st.error().message.c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void PgInspectionSetup(const benchmark::State&) {
  if (!PgUrl().empty()) InspectionSetup(PgUrl());
}
std::string SqliteBenchPath() {
  return "/tmp/guomen-store-bench-" + std::to_string(::getpid()) + ".db";
}
void SqliteInspectionSetup(const benchmark::State&) { InspectionSetup(SqliteBenchPath()); }
void InspectionTeardown(const benchmark::State&) { g_store.reset(); }
void SqliteInspectionTeardown(const benchmark::State& s) {
  InspectionTeardown(s);
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((SqliteBenchPath() + suffix).c_str());
}

void BM_PgInspectionTransaction(benchmark::State& state) {
  if (!g_store) {
    state.SkipWithError("set GUOMEN_BENCH_PG_URL to a PostgreSQL database");
    return;
  }
  RunInspection(state);
}
BENCHMARK(BM_PgInspectionTransaction)
    ->Setup(PgInspectionSetup)
    ->Teardown(InspectionTeardown)
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime();

void BM_SqliteInspectionTransaction(benchmark::State& state) {
  if (!g_store) {
    state.SkipWithError("cannot open the SQLite store");
    return;
  }
  RunInspection(state);
}
BENCHMARK(BM_SqliteInspectionTransaction)
    ->Setup(SqliteInspectionSetup)
    ->Teardown(SqliteInspectionTeardown)
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

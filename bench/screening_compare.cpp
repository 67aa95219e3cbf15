// guomen's screening against two baselines, in one run, on the same queries.
//
//   screening_compare [DATA_DIR] [POSTGRES_URL]
//
// DATA_DIR holds watchlists/ and name-benchmarks/ (default /work/shared/data,
// or $GUOMEN_DATA); POSTGRES_URL (or $GUOMEN_COMPARE_PG_URL) is a server where
// this may CREATE EXTENSION pg_trgm and create a table (`make
// compare-screening` starts a throwaway cluster). Without a URL the PostgreSQL
// column is skipped.
//
// Lists: OFAC SDN + UN consolidated (every name and alias). Queries, name only
// (pg_trgm has no dates of birth): the UN-listed persons of
// yente_positives_un_treated (typos, swaps, reordering; the target is the UN
// entry of the untreated name) and a seeded sample of 5,000 of the 100,000
// non-listed persons of yente_negatives_*. For each system: recall on the
// positives, false hits per 1,000 negatives, queries per second on one thread.
//   guomen      ScreeningIndex::Screen at the lists' threshold (0.85), persons
//   exhaustive  guomen's scorer (ScoreName, weak aliases x0.9) over every
//               person's name of both lists, no
//               index: the recall ceiling of the index (on the first 200
//               positives and 200 negatives: the scan is slow)
//   pg_trgm     a GIN trigram index over all the names (pg_trgm has no person
//               / entity cue), `name % query` with
//               pg_trgm.similarity_threshold ($GUOMEN_TRGM_THRESHOLD, 0.5),
//               through libpq, one prepared statement per query
#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "names/name_normalizer.hpp"
#include "screening/csv_reader.hpp"
#include "screening/hit_scorer.hpp"
#include "screening/ofac_importer.hpp"
#include "screening/screening_index.hpp"
#include "screening/un_importer.hpp"

using namespace guomen;
using namespace guomen::screening;
using Clock = std::chrono::steady_clock;

namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::vector<std::string>> Csv(const std::string& text) {
  CsvReader r(text);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> f;
  while (true) {
    auto more = r.Next(f);
    if (!more.ok() || !*more) break;
    rows.push_back(f);
  }
  return rows;
}

std::string TokenSetKey(std::string_view name) {
  std::vector<std::string> t;
  for (const auto& tok : names::NormalizeName(name).tokens) t.push_back(tok.text);
  std::sort(t.begin(), t.end());
  std::string k;
  for (const auto& s : t) k += s + " ";
  return k;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Query {
  std::string name;
  std::set<std::string> targets;  // "un-sc:<id>"; empty for a negative
};

struct Tally {
  int found = 0, positives = 0, false_hits = 0, negatives = 0;
  double seconds = 0;
  int timed = 0;
  void Add(const Query& q, const std::set<std::string>& hits) {
    if (q.targets.empty()) {
      ++negatives;
      false_hits += hits.empty() ? 0 : 1;
      return;
    }
    ++positives;
    bool ok = false;
    for (const auto& h : hits) ok = ok || q.targets.count(h) != 0;
    found += ok ? 1 : 0;
  }
  void Print(const char* label) const {
    std::printf("  %-12s recall %.4f (%d/%d)   false hits per 1,000 %6.2f (%d/%d)   %8.0f q/s\n",
                label, positives ? double(found) / positives : 0.0, found, positives,
                negatives ? 1000.0 * false_hits / negatives : 0.0, false_hits, negatives,
                timed / seconds);
  }
};

bool Exec(PGconn* c, const std::string& sql) {
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  if (!ok) std::fprintf(stderr, "postgres: %s: %s", sql.c_str(), PQerrorMessage(c));
  PQclear(r);
  return ok;
}

// COPY text format: backslash, tab and newline escaped.
std::string CopyField(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\t') out += "\\t";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out.push_back(c);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir =
      argc > 1 ? argv[1]
               : (std::getenv("GUOMEN_DATA") ? std::getenv("GUOMEN_DATA") : "/work/shared/data");
  const char* url_env = std::getenv("GUOMEN_COMPARE_PG_URL");
  const std::string pg_url = argc > 2 ? argv[2] : (url_env ? url_env : "");
  const double trgm_threshold =
      std::getenv("GUOMEN_TRGM_THRESHOLD") ? std::atof(std::getenv("GUOMEN_TRGM_THRESHOLD")) : 0.5;
  const std::string wl = dir + "/watchlists/";
  const std::string nb = dir + "/name-benchmarks/";

  auto ofac = ImportOfac({Read(wl + "ofac_sdn/sdn.csv"), Read(wl + "ofac_sdn/alt.csv"),
                          Read(wl + "ofac_sdn/sdn_comments.csv")});
  auto un = ImportUnConsolidated(Read(wl + "un/UN_consolidated.xml"));
  if (!ofac.ok() || !un.ok()) {
    std::fprintf(stderr, "import failed\n");
    return 1;
  }
  ScreeningIndex index;
  Watchlist sdn_list{"ofac-sdn", "OFAC SDN", "US Treasury OFAC", ListKind::kSanctions,
                     ListAction::kNotify, "2023-12-28", {}, 0.85};
  Watchlist un_list{"un-sc", "UN SC Consolidated", "UN Security Council", ListKind::kSanctions,
                    ListAction::kNotify, un->version, {}, 0.85};
  (void)index.PutList(sdn_list, ofac->entries);
  (void)index.PutList(un_list, un->entries);

  // Queries.
  std::map<std::string, std::set<std::string>> un_by_name;
  for (const auto& e : un->entries) {
    for (const auto& n : e.names) un_by_name[TokenSetKey(n.full)].insert("un-sc:" + e.id);
  }
  std::vector<Query> queries;
  auto untreated = Csv(Read(nb + "yente_positives_un_untreated.csv"));
  auto treated = Csv(Read(nb + "yente_positives_un_treated.csv"));
  for (size_t i = 1; i < treated.size() && i < untreated.size(); ++i) {
    auto t = un_by_name.find(TokenSetKey(untreated[i][0]));
    if (t != un_by_name.end()) queries.push_back({treated[i][0], t->second});
  }
  const size_t positives = queries.size();
  std::vector<std::string> negative_names;
  for (const char* file : {"yente_negatives_global.csv", "yente_negatives_us.csv"}) {
    auto rows = Csv(Read(nb + file));
    for (size_t i = 1; i < rows.size(); ++i) negative_names.push_back(rows[i][0]);
  }
  std::mt19937 rng(11);
  std::shuffle(negative_names.begin(), negative_names.end(), rng);
  negative_names.resize(std::min<size_t>(negative_names.size(), 5000));
  for (const auto& n : negative_names) queries.push_back({n, {}});

  // All names of both lists, for the scan and for PostgreSQL.
  struct ListedName {
    std::string key;  // list:entry
    std::string full;
    bool person = false;
    NameQuality quality = NameQuality::kPrimary;
    names::NormalizedName normalized;
    std::shared_ptr<const ListIndex> list;
  };
  std::vector<ListedName> all;
  for (const char* list_id : {"ofac-sdn", "un-sc"}) {
    auto li = index.GetList(list_id);
    for (const auto& e : li->entries()) {
      for (const auto& n : e.names)
        all.push_back({std::string(list_id) + ":" + e.id, n.full, e.type == EntryType::kPerson,
                       n.quality, names::NormalizeName(n.full), li});
    }
  }
  std::printf("screening_compare: SDN + UN, %zu names; %zu positive queries (UN treated), %zu "
              "negative queries (sample of yente negatives); name only, one thread each\n",
              all.size(), positives, negative_names.size());

  // guomen (and its figures on the exhaustive scan's sample, to compare with it).
  constexpr size_t kScanSample = 200;
  auto in_sample = [&](size_t i) {
    return i < kScanSample || (i >= positives && i < positives + kScanSample);
  };
  Tally g, gs;
  {
    auto start = Clock::now();
    for (size_t i = 0; i < queries.size(); ++i) {
      const Query& q = queries[i];
      ScreeningQuery sq;
      sq.name = q.name;
      std::set<std::string> hits;
      for (const auto& h : index.Screen(sq)) hits.insert(h.list_id + ":" + h.entry_id);
      g.Add(q, hits);
      if (in_sample(i)) gs.Add(q, hits);
    }
    g.seconds = Seconds(Clock::now() - start);
    g.timed = static_cast<int>(queries.size());
  }

  // Exhaustive scan with guomen's scorer.
  Tally x;
  {
    auto scan = [&](const Query& q) {
      const names::NormalizedName qn = names::NormalizeName(q.name);
      std::set<std::string> hits;
      for (const auto& n : all) {
        if (!n.person) continue;  // as ScreeningIndex::Screen by default: persons
        const TokenWeight weight = [&n](const names::NameToken& t) { return n.list->Weight(t); };
        const double s = CombineScore(ScoreName(qn, n.normalized, weight, false).score, n.quality, {});
        if (s >= 0.85) hits.insert(n.key);
      }
      return hits;
    };
    auto start = Clock::now();
    for (size_t i = 0; i < queries.size(); ++i) {
      if (!in_sample(i)) continue;
      x.Add(queries[i], scan(queries[i]));
      ++x.timed;
    }
    x.seconds = Seconds(Clock::now() - start);
  }

  // PostgreSQL pg_trgm.
  Tally p;
  bool pg_ran = false;
  if (!pg_url.empty()) {
    PGconn* c = PQconnectdb(pg_url.c_str());
    if (PQstatus(c) != CONNECTION_OK) {
      std::fprintf(stderr, "postgres: %s", PQerrorMessage(c));
    } else if (Exec(c, "CREATE EXTENSION IF NOT EXISTS pg_trgm") &&
               Exec(c, "DROP TABLE IF EXISTS guomen_compare_names") &&
               Exec(c, "CREATE TABLE guomen_compare_names (key text NOT NULL, name text NOT NULL)")) {
      auto load_start = Clock::now();
      PGresult* r = PQexec(c, "COPY guomen_compare_names (key, name) FROM STDIN");
      PQclear(r);
      std::string buf;
      for (const auto& n : all) buf += CopyField(n.key) + "\t" + CopyField(n.full) + "\n";
      PQputCopyData(c, buf.data(), static_cast<int>(buf.size()));
      PQputCopyEnd(c, nullptr);
      PQclear(PQgetResult(c));
      Exec(c, "CREATE INDEX guomen_compare_names_trgm ON guomen_compare_names USING gin (name "
              "gin_trgm_ops)");
      Exec(c, "ANALYZE guomen_compare_names");
      Exec(c, "SET pg_trgm.similarity_threshold = " + std::to_string(trgm_threshold));
      const double load_s = Seconds(Clock::now() - load_start);
      PQclear(PQprepare(c, "q", "SELECT key FROM guomen_compare_names WHERE name % $1", 1, nullptr));
      auto start = Clock::now();
      for (const auto& q : queries) {
        const char* v[1] = {q.name.c_str()};
        PGresult* res = PQexecPrepared(c, "q", 1, v, nullptr, nullptr, 0);
        std::set<std::string> hits;
        if (PQresultStatus(res) == PGRES_TUPLES_OK) {
          for (int row = 0; row < PQntuples(res); ++row) hits.insert(PQgetvalue(res, row, 0));
        }
        PQclear(res);
        p.Add(q, hits);
      }
      p.seconds = Seconds(Clock::now() - start);
      p.timed = static_cast<int>(queries.size());
      pg_ran = true;
      std::printf("pg_trgm: %zu names loaded and GIN-indexed in %.1f s; similarity threshold %.2f\n",
                  all.size(), load_s, trgm_threshold);
      Exec(c, "DROP TABLE guomen_compare_names");
    }
    PQfinish(c);
  }

  std::printf("\n");
  g.Print("guomen");
  if (pg_ran) p.Print("pg_trgm");
  else std::printf("  pg_trgm      not run (no POSTGRES_URL, or the server refused)\n");
  std::printf("on the exhaustive scan's sample (first %zu positives, %zu negatives):\n", kScanSample,
              kScanSample);
  gs.seconds = g.seconds;  // throughput: the full run's
  gs.timed = g.timed;
  gs.Print("guomen");
  x.Print("exhaustive");
  return 0;
}

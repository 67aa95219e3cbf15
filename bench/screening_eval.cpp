// Screening quality and speed on public labelled data, in one run.
//
//   screening_eval [DATA_DIR]     (default /work/shared/data, or $GUOMEN_DATA)
//
// DATA_DIR holds watchlists/ and name-benchmarks/ as described in their
// READMEs. Prints: recall of the UN-listed persons against the UN list,
// false hits per 1,000 non-listed persons against SDN + UN (Latin and
// non-Latin), pair precision/recall/F1 on the nomenklatura name bench,
// cross-script checks, recall per variant class on a labelled set generated
// from the SDN by tools/datagen/name_variants (seeded), and throughput /
// latency over SDN + UN.
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

#include <time.h>

#include "datagen/name_variants.hpp"
#include "names/name_normalizer.hpp"
#include "screening/csv_reader.hpp"
#include "screening/hit_scorer.hpp"
#include "screening/list_diff.hpp"
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
    if (!f.empty() && !f[0].empty() && f[0][0] == '#') continue;
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

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

ScreeningQuery FromYenteRow(const std::vector<std::string>& r) {
  ScreeningQuery q;
  q.name = r[0];
  if (r.size() > 5 && !r[5].empty()) {
    auto d = ParseBirthDate(r[5]);
    if (d.ok()) q.birth_date = *d;
  }
  if (r.size() > 7) q.nationality = r[7];
  if (r.size() > 4) q.gender = r[4] == "male" ? "M" : r[4] == "female" ? "F" : "";
  return q;
}

double benchmark_sink = 0;  // keeps the timed scan from being optimised away

// GUOMEN_EVAL_ONLY=un,ceiling,diffs,negatives,pairs,cross,own,latency runs only those
// sections (default: all), for quick measurements while tuning.
bool Want(const char* section) {
  const char* only = std::getenv("GUOMEN_EVAL_ONLY");
  if (only == nullptr || *only == 0) return true;
  const std::string list = std::string(",") + only + ",";
  return list.find(std::string(",") + section + ",") != std::string::npos;
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

int main(int argc, char** argv) {
  std::string dir =
      argc > 1 ? argv[1]
               : (std::getenv("GUOMEN_DATA") ? std::getenv("GUOMEN_DATA") : "/work/shared/data");
  const std::string wl = dir + "/watchlists/";
  const std::string nb = dir + "/name-benchmarks/";
  const double threshold =
      std::getenv("GUOMEN_THRESHOLD") ? std::atof(std::getenv("GUOMEN_THRESHOLD")) : 0.85;

  // Lists.
  const std::string sdn = Read(wl + "ofac_sdn/sdn.csv"), alt = Read(wl + "ofac_sdn/alt.csv"),
                    comments = Read(wl + "ofac_sdn/sdn_comments.csv"),
                    un_xml = Read(wl + "un/UN_consolidated.xml");
  auto t0 = Clock::now();
  auto ofac = ImportOfac({sdn, alt, comments});
  auto un = ImportUnConsolidated(un_xml);
  if (!ofac.ok() || !un.ok()) {
    std::fprintf(stderr, "import failed: %s\n",
                 (!ofac.ok() ? ofac.error() : un.error()).message.c_str());
    return 1;
  }
  auto t1 = Clock::now();
  ScreeningIndex index;
  Watchlist sdn_list{
      "ofac-sdn",   "OFAC SDN", "US Treasury OFAC", ListKind::kSanctions, ListAction::kNotify,
      "2023-12-28", {},         threshold};
  Watchlist un_list{"un-sc",
                    "UN SC Consolidated",
                    "UN Security Council",
                    ListKind::kSanctions,
                    ListAction::kNotify,
                    un->version,
                    {},
                    threshold};
  const std::vector<WatchlistEntry> un_entries = un->entries;
  (void)index.PutList(sdn_list, ofac->entries);
  (void)index.PutList(un_list, un->entries);
  auto t2 = Clock::now();
  const IndexStats st = index.Stats();
  std::printf("lists: SDN %zu entries, UN %zu entries; %zu names, %zu distinct tokens, %zu keys\n",
              ofac->entries.size(), un->entries.size(), st.names, st.vocabulary, st.keys);
  std::printf("import %.0f ms, index build %.0f ms; threshold %.2f\n\n", Ms(t1 - t0), Ms(t2 - t1),
              threshold);

  // 0. Re-import diffs between SDN versions (primary files only).
  if (Want("diffs")) {
    auto base = ImportOfac({sdn, "", ""});
    auto again = ImportOfac({sdn, "", ""});
    std::printf("re-import of the same sdn.csv: diff empty = %s\n",
                DiffEntries(base->entries, again->entries).empty() ? "yes" : "NO");
    for (const char* v : {"2024-01-11", "2024-05-03"}) {
      auto next = ImportOfac({Read(wl + "ofac_sdn/versions/sdn_" + v + ".csv"), "", ""});
      if (!next.ok()) {
        std::printf("version %s: %s\n", v, next.error().message.c_str());
        continue;
      }
      const ListDiff d = DiffEntries(base->entries, next->entries);
      std::printf("sdn 2023-12-28 -> %s: %zu added, %zu changed, %zu removed\n", v, d.added.size(),
                  d.changed.size(), d.removed.size());
    }
    std::printf("\n");
  }

  // 1. UN positives.
  std::map<std::string, std::set<std::string>> un_by_name;
  for (const auto& e : un_entries) {
    for (const auto& n : e.names) un_by_name[TokenSetKey(n.full)].insert(e.id);
  }
  ScreeningOptions un_only;
  un_only.lists = {"un-sc"};
  auto untreated = Csv(Read(nb + "yente_positives_un_untreated.csv"));
  for (const char* variant : {"untreated", "treated"}) {
    if (!Want("un")) break;
    auto rows = Csv(Read(nb + "yente_positives_un_" + variant + ".csv"));
    int found = 0, missed = 0, not_listed = 0;
    std::vector<std::string> misses;
    for (size_t i = 1; i < rows.size() && i < untreated.size(); ++i) {
      auto targets = un_by_name.find(TokenSetKey(untreated[i][0]));
      if (targets == un_by_name.end()) {
        ++not_listed;
        continue;
      }
      auto hits = index.Screen(FromYenteRow(rows[i]), un_only);
      bool ok = false;
      for (const auto& h : hits) ok = ok || targets->second.count(h.entry_id) != 0;
      if (ok) {
        ++found;
      } else {
        ++missed;
        if (misses.size() < 40) misses.push_back(rows[i][0] + "  <-  " + untreated[i][0]);
      }
    }
    std::printf(
        "UN positives (%s): recall %.4f (%d of %d); %d rows whose name is not in this list version "
        "(delisted or renamed, not counted)\n",
        variant, double(found) / (found + missed), found, found + missed, not_listed);
    for (const auto& m : misses) std::printf("    missed: %s\n", m.c_str());
  }

  // 1b. The recall ceiling: an exhaustive scan of every UN name with the same
  // scorer, on the treated queries (what the index could at best find).
  if (Want("ceiling")) {
    auto un_index = index.GetList("un-sc");
    std::vector<std::pair<const WatchlistEntry*, names::NormalizedName>> all_names;
    for (const auto& e : un_index->entries()) {
      if (e.type != EntryType::kPerson) continue;
      for (const auto& n : e.names) all_names.emplace_back(&e, names::NormalizeName(n.full));
    }
    const TokenWeight weight = [&un_index](const names::NameToken& t) {
      return un_index->Weight(t);
    };
    auto rows = Csv(Read(nb + "yente_positives_un_treated.csv"));
    int found = 0, total = 0;
    auto start = Clock::now();
    for (size_t i = 1; i < rows.size() && i < untreated.size(); ++i) {
      auto targets = un_by_name.find(TokenSetKey(untreated[i][0]));
      if (targets == un_by_name.end()) continue;
      ++total;
      const PreparedQuery q = PrepareQuery(FromYenteRow(rows[i]));
      bool ok = false;
      for (const auto& [e, n] : all_names) {
        if (targets->second.count(e->id) == 0) continue;
        const double s = CombineScore(ScoreName(q.names[0], n, weight, false).score,
                                      NameQuality::kPrimary, ScoreFacts(q, *e, false));
        ok = ok || s >= threshold;
      }
      found += ok ? 1 : 0;
    }
    // Timing of the full scan (every name, not only the targets), on 100 queries.
    auto scan_start = Clock::now();
    for (size_t i = 1; i <= 100 && i < rows.size(); ++i) {
      const PreparedQuery q = PrepareQuery(FromYenteRow(rows[i]));
      for (const auto& [e, n] : all_names) {
        benchmark_sink += ScoreName(q.names[0], n, weight, false).score;
      }
    }
    const double scan_ms = Ms(Clock::now() - scan_start) / 100;
    (void)start;
    std::printf(
        "UN positives (treated), exhaustive scan with the same scorer (recall ceiling): recall "
        "%.4f (%d of %d); %.2f ms per query over %zu UN names\n",
        double(found) / total, found, total, scan_ms, all_names.size());
  }

  // 2. Negatives against SDN + UN.
  std::vector<ScreeningQuery> negatives;
  for (const char* file : {"yente_negatives_global.csv", "yente_negatives_us.csv"}) {
    auto rows = Csv(Read(nb + file));
    for (size_t i = 1; i < rows.size(); ++i) negatives.push_back(FromYenteRow(rows[i]));
  }
  if (Want("negatives")) {
    const double cpu_start = CpuSeconds();
    auto start = Clock::now();
    auto results = index.ScreenBatch(negatives, {}, 2);
    auto secs = std::chrono::duration<double>(Clock::now() - start).count();
    const double cpu_secs = CpuSeconds() - cpu_start;
    size_t latin = 0, latin_hit = 0, other = 0, other_hit = 0;
    std::vector<std::string> examples;
    for (size_t i = 0; i < negatives.size(); ++i) {
      const bool ascii = names::NormalizeName(negatives[i].name).script == names::Script::kLatin;
      (ascii ? latin : other)++;
      if (!results[i].empty()) {
        (ascii ? latin_hit : other_hit)++;
        if (examples.size() < 10) {
          examples.push_back(negatives[i].name + " -> " + results[i][0].matched_name + " (" +
                             std::to_string(results[i][0].score) + ")");
        }
      }
    }
    std::printf(
        "\nnegatives vs SDN+UN: %zu queries, false hits per 1,000: Latin %.2f (%zu/%zu), non-Latin "
        "%.2f (%zu/%zu), all %.2f\n",
        negatives.size(), 1000.0 * latin_hit / latin, latin_hit, latin, 1000.0 * other_hit / other,
        other_hit, other, 1000.0 * (latin_hit + other_hit) / negatives.size());
    for (const auto& e : examples) std::printf("    e.g. %s\n", e.c_str());
    std::printf(
        "batch throughput (2 threads, full person queries): %.0f queries/s wall; %.0f queries per "
        "CPU-second (x2 = what 2 idle cores would do)\n",
        negatives.size() / secs, negatives.size() / cpu_secs);
  }

  // 3. Pair bench.
  if (Want("pairs")) {
    auto rows = Csv(Read(nb + "nomenklatura_name_bench_cases.csv"));
    struct Pair {
      bool truth, person, non_ascii;
      double score;
    };
    std::vector<Pair> pairs;
    const TokenWeight unit = [](const names::NameToken&) { return 1.0; };
    for (size_t i = 1; i < rows.size(); ++i) {
      const auto& r = rows[i];
      if (r.size() < 5) continue;
      const double s =
          ScoreName(names::NormalizeName(r[2]), names::NormalizeName(r[3]), unit).score;
      pairs.push_back({r[4] == "true", r[1] == "Person", !IsAscii(r[2]) || !IsAscii(r[3]), s});
      // GUOMEN_EVAL_VERBOSE=1: every pair on the wrong side of the threshold.
      if (std::getenv("GUOMEN_EVAL_VERBOSE") != nullptr && (s >= threshold) != (r[4] == "true")) {
        std::printf("    pair %s %.3f [%s] %s ~ %s\n", r[4] == "true" ? "FN" : "FP", s, r[1].c_str(),
                    r[2].c_str(), r[3].c_str());
      }
    }
    auto report = [&](const char* label, auto filter, double t) {
      int tp = 0, fp = 0, fn = 0, n = 0;
      for (const auto& p : pairs) {
        if (!filter(p)) continue;
        ++n;
        const bool pred = p.score >= t;
        if (pred && p.truth) ++tp;
        if (pred && !p.truth) ++fp;
        if (!pred && p.truth) ++fn;
      }
      const double prec = tp + fp ? double(tp) / (tp + fp) : 0,
                   rec = tp + fn ? double(tp) / (tp + fn) : 0;
      std::printf("  %-10s n=%3d  P %.3f  R %.3f  F1 %.3f\n", label, n, prec, rec,
                  prec + rec ? 2 * prec * rec / (prec + rec) : 0);
    };
    std::printf("\nnomenklatura name pairs at %.2f (name score alone):\n", threshold);
    report(
        "overall", [](const Pair&) { return true; }, threshold);
    report(
        "Person", [](const Pair& p) { return p.person; }, threshold);
    report(
        "non-ASCII", [](const Pair& p) { return p.non_ascii; }, threshold);
    for (double t : {0.75, 0.8, 0.85, 0.9}) {
      std::printf(" at %.2f:", t);
      report(
          "overall", [](const Pair&) { return true; }, t);
    }
  }

  // 4. Cross-script.
  if (Want("cross")) {
    std::ifstream in(nb + "rigour_putin_names.txt");
    std::string line;
    int total = 0, found = 0;
    ScreeningOptions sdn_only;
    sdn_only.lists = {"ofac-sdn"};
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      ++total;
      ScreeningQuery q;
      q.name = line;
      bool ok = false;
      for (const auto& h : index.Screen(q, sdn_only)) ok = ok || h.entry_id == "35096";
      if (ok)
        ++found;
      else
        std::printf("    putin missed: %s\n", line.c_str());
    }
    std::printf("\ncross-script: rigour Putin names finding SDN 35096: %d of %d\n", found, total);
    auto pairs = Csv(Read(nb + "watchman_cross_script_pairs.csv"));
    int pf = 0, pn = 0;
    const TokenWeight unit = [](const names::NameToken&) { return 1.0; };
    for (const auto& r : pairs) {
      if (r.size() < 2 || r[0] == "Query") continue;
      ++pn;
      const double s =
          ScoreName(names::NormalizeName(r[0]), names::NormalizeName(r[1]), unit).score;
      if (s >= threshold)
        ++pf;
      else
        std::printf("    pair missed: %s ~ %s (%.2f)\n", r[0].c_str(), r[1].c_str(), s);
    }
    std::printf("cross-script: watchman pairs matching: %d of %d\n", pf, pn);
    int on = 0, of = 0;
    for (const auto& e : un_entries) {
      for (const auto& n : e.names) {
        if (e.type != EntryType::kPerson || n.quality != NameQuality::kStrongAlias ||
            names::NormalizeName(n.full).script == names::Script::kLatin) {
          continue;
        }
        ScreeningQuery q;
        q.name = n.full;
        ++on;
        bool ok = false;
        for (const auto& h : index.Screen(q, un_only)) ok = ok || h.entry_id == e.id;
        if (ok)
          ++of;
        else if (on - of <= 5)
          std::printf("    UN original script missed: %s (%s)\n", n.full.c_str(),
                      e.names[0].full.c_str());
      }
    }
    std::printf(
        "cross-script: UN persons' original-script (non-Latin) names finding their entry: %d of "
        "%d\n",
        of, on);
  }

  // 5. Own labelled variants of SDN individuals (tools/datagen/name_variants,
  // seeded): each class in turn, on a person the class applies to.
  if (Want("own")) {
    std::mt19937 rng(4);
    std::vector<const WatchlistEntry*> persons;
    for (const auto& e : ofac->entries) {
      if (e.type == EntryType::kPerson && names::NormalizeName(e.names[0].full).tokens.size() >= 2)
        persons.push_back(&e);
    }
    auto tokens_of = [](const std::string& s) {
      std::vector<std::string> t;
      for (const auto& x : names::NormalizeName(s).tokens) t.push_back(x.text);
      return t;
    };
    std::map<std::string, std::pair<int, int>> per_class;
    std::map<std::string, std::vector<std::string>> class_misses;
    ScreeningOptions sdn_only;
    sdn_only.lists = {"ofac-sdn"};
    constexpr int kPerClass = 400;
    auto check = [&](const std::string& cls, const std::string& query, const WatchlistEntry& e) {
      ScreeningQuery q;
      q.name = query;
      bool ok = false;
      for (const auto& h : index.Screen(q, sdn_only)) ok = ok || h.entry_id == e.id;
      auto& c = per_class[cls];
      c.second++;
      if (ok) {
        c.first++;
      } else if (class_misses[cls].size() < 3 || std::getenv("GUOMEN_EVAL_VERBOSE") != nullptr) {
        class_misses[cls].push_back(query + "  <-  " + e.names[0].full);
      }
    };
    for (const auto cls : datagen::kAllNameVariantClasses) {
      int made = 0;
      for (int attempt = 0; made < kPerClass && attempt < 200 * kPerClass; ++attempt) {
        const WatchlistEntry& e = *persons[rng() % persons.size()];
        auto v = datagen::MakeNameVariant(cls, tokens_of(e.names[0].full), rng);
        if (!v) continue;
        ++made;
        check(std::string(datagen::NameVariantClassName(cls)), *v, e);
      }
    }
    for (int made = 0; made < kPerClass;) {  // a strong alias of the entry, as written
      const WatchlistEntry& e = *persons[rng() % persons.size()];
      std::vector<std::string> aliases;
      for (const auto& n : e.names)
        if (n.quality == NameQuality::kStrongAlias) aliases.push_back(n.full);
      if (aliases.empty()) continue;
      ++made;
      check("alias", aliases[rng() % aliases.size()], e);
    }
    std::printf("\nown labelled variants of SDN individuals (tools/datagen, name only, seeded):\n");
    for (const auto& [cls, c] : per_class) {
      std::printf("  %-17s recall %.3f (%d/%d)\n", cls.c_str(), double(c.first) / c.second,
                  c.first, c.second);
      for (const auto& m : class_misses[cls]) std::printf("      e.g. missed: %s\n", m.c_str());
    }
  }

  // 6. Latency (single thread).
  if (Want("latency")) {
    std::vector<double> lat;
    const size_t n = std::min<size_t>(negatives.size(), 20000);
    for (size_t i = 0; i < n; ++i) {
      auto s = Clock::now();
      auto h = index.Screen(negatives[i]);
      lat.push_back(Ms(Clock::now() - s));
    }
    std::sort(lat.begin(), lat.end());
    double sum = 0;
    for (double v : lat) sum += v;
    std::printf(
        "\nsingle query over SDN+UN (%zu queries): mean %.3f ms, p50 %.3f ms, p99 %.3f ms, max "
        "%.3f ms; %.0f queries/s on one thread\n",
        n, sum / n, lat[n / 2], lat[n * 99 / 100], lat.back(), 1000.0 * n / sum);
  }
  return benchmark_sink > 0 ? 0 : 0;
}

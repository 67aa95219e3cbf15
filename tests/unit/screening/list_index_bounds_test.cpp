// The index's pruning (rarest passes first, passes that stop adding names,
// facts scored only when the name can reach the threshold) must find what
// scoring every entry of the list finds. A dense list of invented names made
// of a few syllables, like the load benchmarks' list, where common parts
// reach many names and split and joined forms of a part are list tokens.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "names/name_normalizer.hpp"
#include "screening/hit_scorer.hpp"
#include "screening/list_index.hpp"

namespace guomen::screening {
namespace {

constexpr std::array<const char*, 24> kSyllables = {
    "AN", "BA", "CHEN", "DA", "GO",  "HA", "HO", "JIN", "KA",  "LIN", "MA",  "MIN",
    "NA", "PE", "RA",   "SA", "SHI", "TA", "TU", "VA",  "WEN", "YA",  "ZHI", "TAN"};

struct Invented {
  std::string family, given;
  std::string birth_date;
};

class Names {
 public:
  explicit Names(uint64_t seed) : rng_(seed) {}
  size_t Below(size_t n) { return static_cast<size_t>(rng_() % n); }
  std::string Word(int min_parts, int max_parts) {
    const int parts =
        min_parts + static_cast<int>(Below(static_cast<size_t>(max_parts - min_parts + 1)));
    std::string w;
    for (int i = 0; i < parts; ++i) w += kSyllables[Below(kSyllables.size())];
    return w;
  }
  Invented Next() {
    Invented p;
    p.family = Word(2, 3);
    p.given = Word(1, 2);
    if (Below(3) == 0) p.given += " " + Word(1, 2);
    p.birth_date = std::to_string(1950 + Below(50)) + "-0" + std::to_string(1 + Below(9)) + "-1" +
                   std::to_string(Below(10));
    return p;
  }

 private:
  std::mt19937_64 rng_;
};

ScreeningQuery Named(std::string name) {
  ScreeningQuery q;
  q.name = std::move(name);
  return q;
}

// Entry ids with their scores, as the index reports them and as scoring
// every entry in full reports them.
using Found = std::map<std::string, double>;

Found ScoreEveryEntry(const ListIndex& index, const PreparedQuery& q, double threshold) {
  Found out;
  const auto weight = [&index](const names::NameToken& t) { return index.Weight(t); };
  for (const WatchlistEntry& e : index.entries()) {
    double best = -1;
    const FactsScore facts = ScoreFacts(q, e, false);
    for (const EntryName& n : e.names) {
      const names::NormalizedName en = names::NormalizeName(n.full);
      for (const names::NormalizedName& qn : q.names) {
        const double name = ScoreName(qn, en, weight, false).score;
        if (name <= 0 && !facts.document_match) continue;
        best = std::max(best, CombineScore(name, n.quality, facts));
      }
    }
    if (best >= threshold) out[e.id] = best;
  }
  return out;
}

// `count` entries E0, E1 ... of invented two-part names with a date of
// birth; the persons drawn go to `listed`.
std::vector<WatchlistEntry> InventedEntries(Names& names, int count,
                                            std::vector<Invented>& listed) {
  std::vector<WatchlistEntry> entries;
  for (int i = 0; i < count; ++i) {
    Invented p = names.Next();
    WatchlistEntry e;
    e.id = "E" + std::to_string(i);
    e.names.push_back({p.family + " " + p.given, p.given, p.family, NameQuality::kPrimary});
    e.birth_dates.push_back(*ParseBirthDate(p.birth_date));
    entries.push_back(std::move(e));
    listed.push_back(std::move(p));
  }
  return entries;
}

TEST(ListIndexBoundsTest, FindsWhatScoringEveryEntryFinds) {
  Names list_names(5);
  std::vector<Invented> listed;
  std::vector<WatchlistEntry> entries = InventedEntries(list_names, 3000, listed);
  Watchlist list;
  list.id = "dense";
  const auto index = ListIndex::Build(list, std::move(entries));

  // Strangers from the same syllables, and listed persons written as
  // travellers write them: a typo, family and given joined, the family name
  // split, the parts reordered (with the date of birth).
  struct Case {
    ScreeningQuery query;
    std::string listed_id;  // "" for a stranger
  };
  Names others(11);
  std::vector<Case> cases;
  for (int i = 0; i < 60; ++i) {
    const Invented p = others.Next();
    cases.push_back({Named(p.family + " " + p.given), ""});
  }
  for (int i = 0; i < 20; ++i) {
    const size_t at = static_cast<size_t>(i) * 149;
    const Invented& p = listed[at];
    const std::string id = "E" + std::to_string(at);
    std::string typo = p.family;
    typo[typo.size() / 2] = 'X';
    cases.push_back({Named(typo + " " + p.given), id});
    cases.push_back({Named(p.family + p.given.substr(0, p.given.find(' '))), id});
    cases.push_back({Named(p.family.substr(0, 2) + " " + p.family.substr(2) + " " + p.given), id});
    ScreeningQuery reordered = Named(p.given + " " + p.family);
    reordered.birth_date = *ParseBirthDate(p.birth_date);
    cases.push_back({reordered, id});
  }
  ScreeningOptions options;
  options.max_candidates = 100000;  // only the bounds prune
  options.top = 100000;
  size_t expected_hits = 0, found_hits = 0, listed_expected = 0, listed_found = 0;
  for (const Case& c : cases) {
    const PreparedQuery q = PrepareQuery(c.query);
    Found by_index;
    for (const ScreeningHit& h : index->Search(q, options)) by_index[h.entry_id] = h.score;
    const Found expected = ScoreEveryEntry(*index, q, list.threshold);
    // What the index reports is right: a hit of the full scan, with its score.
    for (const auto& [id, score] : by_index) {
      auto it = expected.find(id);
      ASSERT_NE(it, expected.end()) << c.query.name << ": " << id << " is no hit";
      EXPECT_NEAR(it->second, score, 1e-9) << c.query.name << ": " << id;
    }
    expected_hits += expected.size();
    found_hits += by_index.size();
    if (!c.listed_id.empty() && expected.count(c.listed_id) != 0) {
      ++listed_expected;
      listed_found += by_index.count(c.listed_id);
    }
  }
  // The listed persons' forms are found, every one the full scan finds.
  EXPECT_GE(listed_expected, 60u);
  EXPECT_EQ(listed_found, listed_expected);
  // Of all the full scan's hits (near names of strangers included) the index
  // may miss only those whose other parts match by rules its keys do not
  // reach (an edit two letters apart, a typo in a name the list splits).
  EXPECT_GE(static_cast<double>(found_hits), 0.97 * static_cast<double>(expected_hits))
      << found_hits << " of " << expected_hits;
  std::printf("index hits %zu of the full scan's %zu\n", found_hits, expected_hits);
}

// Every pruning of the evidence passes (passes that stop adding names, the
// top-max_candidates bound, passes that add only the names the candidate
// bound lets in) must leave the same names to score as a search where every
// pass adds every name it reaches. The list adds one-part names (mononyms,
// common in Indonesia and Myanmar) made like given names, so that one pass
// alone may make a candidate of them and not of the two-part names.
TEST(ListIndexBoundsTest, PruningChoosesTheCandidatesOfAnUnprunedSearch) {
  Names list_names(7);
  std::vector<Invented> listed;
  std::vector<WatchlistEntry> entries = InventedEntries(list_names, 3000, listed);
  for (int i = 0; i < 300; ++i) {
    WatchlistEntry e;
    e.id = "M" + std::to_string(i);
    const std::string mononym = list_names.Word(1, 2);
    e.names.push_back({mononym, mononym, "", NameQuality::kPrimary});
    entries.push_back(std::move(e));
  }
  Watchlist list;
  list.id = "dense";
  const auto index = ListIndex::Build(list, std::move(entries));

  // Strangers of one, two and three parts, with a typo or not, and listed
  // names as travellers write them.
  Names others(17);
  std::vector<std::string> queries;
  for (int i = 0; i < 40; ++i) {
    const Invented p = others.Next();
    std::string typo = p.given;
    typo[typo.size() - 1] = typo[typo.size() - 1] == 'A' ? 'E' : 'A';
    queries.push_back(p.family + " " + p.given);
    queries.push_back(others.Word(1, 1) + " " + typo);
    queries.push_back(typo + " " + others.Word(1, 1) + " " + others.Word(1, 1));
    queries.push_back(others.Word(1, 2));
  }
  for (int i = 0; i < 20; ++i) {
    const Invented& p = listed[static_cast<size_t>(i) * 149];
    std::string typo = p.family;
    typo[typo.size() / 2] = 'X';
    queries.push_back(typo + " " + p.given);
    queries.push_back(p.given + " " + p.family);
    queries.push_back(p.family.substr(0, 2) + " " + p.family.substr(2) + " " + p.given);
  }
  size_t compared = 0, chosen = 0;
  for (const double threshold : {0.85, 0.75, 0.95}) {
    for (const size_t max_candidates : {size_t{64}, size_t{8}, size_t{100000}}) {
      ScreeningOptions options;
      options.threshold = threshold;
      options.max_candidates = max_candidates;
      for (const std::string& name : queries) {
        const PreparedQuery q = PrepareQuery(Named(name));
        const std::vector<uint32_t> pruned = index->CandidateNames(q, options, true);
        const std::vector<uint32_t> unpruned = index->CandidateNames(q, options, false);
        ASSERT_EQ(pruned, unpruned) << name << " at " << threshold << ", " << max_candidates;
        ++compared;
        chosen += pruned.size();
      }
    }
  }
  // The candidates are many: the comparison says something.
  EXPECT_GE(chosen, 10 * compared);
  std::printf("%zu searches, %zu candidates\n", compared, chosen);
}

// A traveller writes joined what the list splits ("fatima" ~ "fati ma"),
// and the search reaches such names through the two halves. A half that
// many names hold without the other ("fati") makes candidates of none of
// them: they cannot match the joined token, and in a large list they took
// the places of names that can.
TEST(ListIndexBoundsTest, ASplitTokensHalfAloneMakesNoCandidate) {
  Names list_names(3);
  std::vector<Invented> listed;
  // Large enough for FATI, held by 301 names, to weigh what one part of a
  // name needs to make a candidate of a one-part name.
  std::vector<WatchlistEntry> entries = InventedEntries(list_names, 20000, listed);
  const auto add = [&entries](const std::string& id, const std::string& name) {
    WatchlistEntry e;
    e.id = id;
    e.names.push_back({name, "", "", NameQuality::kPrimary});
    entries.push_back(std::move(e));
  };
  const auto split = static_cast<uint32_t>(entries.size());
  add("SPLIT", "FATI MA");
  const auto first_fati = static_cast<uint32_t>(entries.size());
  for (int i = 0; i < 300; ++i) add("F" + std::to_string(i), "FATI");
  const auto first_ma = static_cast<uint32_t>(entries.size());
  for (int i = 0; i < 400; ++i) add("M" + std::to_string(i), "MA");
  Watchlist list;
  list.id = "halves";
  const auto index = ListIndex::Build(list, std::move(entries));

  const PreparedQuery q = PrepareQuery(Named("FATIMA"));
  for (const bool prune : {false, true}) {
    const std::vector<uint32_t> names = index->CandidateNames(q, ScreeningOptions{}, prune);
    EXPECT_TRUE(std::binary_search(names.begin(), names.end(), split));
    const auto fati = std::lower_bound(names.begin(), names.end(), first_fati);
    EXPECT_TRUE(fati == names.end() || *fati >= first_ma)
        << "a name holding only the half FATI is a candidate (prune " << prune << ")";
  }
  const std::vector<ScreeningHit> hits = index->Search(q, ScreeningOptions{});
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits.front().entry_id, "SPLIT");
}

}  // namespace
}  // namespace guomen::screening

// ScoreNameBound lets the index drop a candidate before aligning its name:
// it must never be below ScoreName. Checked on every pair of query and
// listed names among the sample lists' names (OFAC, UN, EU, national: many
// scripts' romanisations, particles, patronymics, organisations) and forms
// travellers write them in (parts joined, split, dropped, misspelled,
// reordered, with a title).
#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "names/name_alignment.hpp"
#include "names/name_normalizer.hpp"
#include "names/token_comparer.hpp"
#include "screening/hit_scorer.hpp"
#include "test_data.hpp"

namespace guomen::screening {
namespace {

std::vector<std::string> ListedNames() {
  std::vector<std::string> out;
  for (const char* id : {"ofac", "un", "ftm", "national"}) {
    const auto list = testing::SampleIndex().GetList(id);
    if (!list) continue;
    for (const WatchlistEntry& e : list->entries()) {
      for (const EntryName& n : e.names) out.push_back(n.full);
    }
  }
  return out;
}

// Forms of a name as a traveller's document or a clerk may write it.
std::vector<std::string> FormsOf(const std::string& name) {
  std::vector<std::string> parts;
  size_t at = 0;
  while (at < name.size()) {
    const size_t space = name.find(' ', at);
    const size_t end = space == std::string::npos ? name.size() : space;
    if (end > at) parts.push_back(name.substr(at, end - at));
    at = end + 1;
  }
  std::vector<std::string> out = {name};
  if (parts.size() < 2) return out;
  const auto join = [](const std::vector<std::string>& p) {
    std::string s;
    for (const auto& x : p) s += (s.empty() ? "" : " ") + x;
    return s;
  };
  std::vector<std::string> p = parts;
  p[0] += p[1];  // the first two parts joined
  p.erase(p.begin() + 1);
  out.push_back(join(p));
  p = parts;
  if (p[0].size() >= 6) {  // the first part split
    p.insert(p.begin() + 1, p[0].substr(3));
    p[0].resize(3);
    out.push_back(join(p));
  }
  p = parts;
  p.pop_back();  // a part left out
  out.push_back(join(p));
  p = parts;
  std::swap(p.front(), p.back());  // reordered, with a typo
  if (p[0].size() > 3) p[0][p[0].size() / 2] = 'x';
  out.push_back(join(p));
  out.push_back("President " + parts.back());                     // a title of office and one part
  out.push_back(parts[0] + " " + parts[0] + " " + parts.back());  // a part written twice
  return out;
}

TEST(ScoreBoundTest, IsNeverBelowTheNameScore) {
  std::vector<std::string> listed = ListedNames();
  ASSERT_GT(listed.size(), 200u);
  listed.push_back("Salman bin Muhammad");
  listed.push_back("Abdulrahman al Baghdadi");
  listed.push_back("Deutsche Bank AG");
  std::vector<names::NormalizedName> entries;
  for (size_t i = 0; i < listed.size(); i += 2) entries.push_back(names::NormalizeName(listed[i]));
  std::vector<names::NormalizedName> queries;
  for (size_t i = 0; i < listed.size(); i += 9) {
    for (const std::string& form : FormsOf(listed[i]))
      queries.push_back(names::NormalizeName(form));
  }
  queries.push_back(names::NormalizeName("Muhammad bin Salman"));
  queries.push_back(names::NormalizeName("Abdul Rahman Albaghdadi"));
  queries.push_back(names::NormalizeName("Deutsche Bank GmbH"));
  // Rarity weights as a list gives them, made up per part.
  const auto weight = [](const std::string& text) {
    return 0.15 + 0.85 * static_cast<double>(std::hash<std::string>{}(text) % 101) / 100.0;
  };
  std::unordered_map<std::string, uint32_t> ids;
  size_t pairs = 0, ruled_out = 0, scored_low = 0;
  for (const names::NormalizedName& q : queries) {
    if (q.empty()) continue;
    std::vector<double> qw;
    std::vector<names::LetterSignature> qletters;
    for (const auto& t : q.tokens) {
      qw.push_back(weight(t.text));
      qletters.push_back(names::SignatureOf(t.text));
    }
    for (const names::NormalizedName& e : entries) {
      if (e.empty()) continue;
      std::vector<double> ew;
      std::vector<BoundToken> bound_tokens;
      for (const auto& t : e.tokens) {
        ew.push_back(weight(t.text));
        const uint32_t id =
            ids.try_emplace(t.text, static_cast<uint32_t>(ids.size())).first->second;
        bound_tokens.push_back({ew.back(), t.kind, id, names::SignatureOf(t.text)});
      }
      std::vector<double> pair_scores;
      for (const auto& qt : q.tokens) {
        for (const auto& et : e.tokens) {
          const names::TokenMatch m = names::MatchTokens(qt, et);
          pair_scores.push_back(
              m.rule != names::MatchRule::kNone && m.score >= names::kMinPairScore ? m.score : 0.0);
        }
      }
      const double bound = ScoreNameBound(q, qw, qletters, bound_tokens, pair_scores);
      const double score = ScoreName(q, e, qw, ew, false).score;
      ++pairs;
      EXPECT_GE(bound, score) << "'" << q.original << "' ~ '" << e.original << "'";
      if (score < 0.5) ++scored_low;
      if (score < 0.5 && bound < 0.7) ++ruled_out;
    }
  }
  // And it is a bound worth having: most pairs far from a hit (85 % when
  // written) stay under 0.7.
  EXPECT_GT(ruled_out, scored_low * 3 / 4) << ruled_out << " of " << scored_low;
  EXPECT_GT(pairs, 20000u);
  std::printf("%zu pairs; of the %zu scored under 0.5, %zu bounded under 0.7\n", pairs, scored_low,
              ruled_out);
}

}  // namespace
}  // namespace guomen::screening

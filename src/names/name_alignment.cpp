#include "names/name_alignment.hpp"

#include <algorithm>

namespace guomen::names {
namespace {

// A possible pairing: one or two tokens of each side (inline: AlignNames
// runs for every scored candidate name, so no allocation per token pair).
struct Candidate {
  int a[2] = {0, 0};
  int b[2] = {0, 0};
  int na = 1;
  int nb = 1;
  TokenMatch match;
};

// `pairs`' neighbours joined ("abdul" + "rahman"), into `out` (whose
// strings keep their capacity from call to call).
void JoinNeighbours(const std::vector<NameToken>& pairs, std::vector<NameToken>& out) {
  out.resize(pairs.size() - 1);
  for (size_t j = 0; j + 1 < pairs.size(); ++j) {
    NameToken& t = out[j];
    t.text.assign(pairs[j].text).append(pairs[j + 1].text);
    t.kind = TokenKind::kName;
    t.key.assign(pairs[j].key).append(pairs[j + 1].key);
    t.derived = false;
    t.variant_set = 0;
    t.skeleton = 0;
  }
}

// Joined tokens match only when the joined form is (nearly) the same string.
void AddConcatenations(const std::vector<NameToken>& single, const std::vector<NameToken>& pairs,
                       bool single_is_a, double min_score, std::vector<Candidate>& out) {
  if (pairs.size() < 2) return;
  thread_local std::vector<NameToken> joined;
  bool made = false;  // built when a token is long enough to need them
  for (size_t i = 0; i < single.size(); ++i) {
    if (single[i].text.size() < 4) continue;
    if (!made) {
      JoinNeighbours(pairs, joined);
      made = true;
    }
    for (size_t j = 0; j + 1 < pairs.size(); ++j) {
      TokenMatch m = CompareSpellings(single[i], joined[j]);
      if (m.rule != MatchRule::kExact && m.rule != MatchRule::kEditDistance) continue;
      m.score *= 0.98;
      if (m.score < min_score) continue;
      m.rule = MatchRule::kConcatenation;
      Candidate c;
      const int one = static_cast<int>(i);
      const int first = static_cast<int>(j);
      if (single_is_a) {
        c.a[0] = one;
        c.b[0] = first;
        c.b[1] = first + 1;
        c.nb = 2;
      } else {
        c.a[0] = first;
        c.a[1] = first + 1;
        c.na = 2;
        c.b[0] = one;
      }
      c.match = m;
      out.push_back(c);
    }
  }
}

}  // namespace

Alignment AlignNames(const NormalizedName& a, const NormalizedName& b, double min_score) {
  thread_local std::vector<Candidate> candidates;
  thread_local std::vector<char> used_a;
  thread_local std::vector<char> used_b;
  candidates.clear();
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    for (size_t j = 0; j < b.tokens.size(); ++j) {
      const TokenMatch m = MatchTokens(a.tokens[i], b.tokens[j]);
      if (m.rule == MatchRule::kNone || m.score < min_score) continue;
      Candidate c;
      c.a[0] = static_cast<int>(i);
      c.b[0] = static_cast<int>(j);
      c.match = m;
      candidates.push_back(c);
    }
  }
  AddConcatenations(a.tokens, b.tokens, true, min_score, candidates);
  AddConcatenations(b.tokens, a.tokens, false, min_score, candidates);
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& x, const Candidate& y) {
                     if (x.match.score != y.match.score) return x.match.score > y.match.score;
                     return x.na + x.nb > y.na + y.nb;  // prefer covering more tokens
                   });
  used_a.assign(a.tokens.size(), 0);
  used_b.assign(b.tokens.size(), 0);
  Alignment out;
  out.pairs.reserve(std::min(a.tokens.size(), b.tokens.size()));
  for (const Candidate& c : candidates) {
    bool free = true;
    for (int k = 0; k < c.na; ++k) free = free && !used_a[static_cast<size_t>(c.a[k])];
    for (int k = 0; k < c.nb; ++k) free = free && !used_b[static_cast<size_t>(c.b[k])];
    if (!free) continue;
    for (int k = 0; k < c.na; ++k) used_a[static_cast<size_t>(c.a[k])] = 1;
    for (int k = 0; k < c.nb; ++k) used_b[static_cast<size_t>(c.b[k])] = 1;
    out.pairs.push_back(AlignedPair{TokenIndexes(c.a, c.na), TokenIndexes(c.b, c.nb), c.match});
  }
  for (size_t i = 0; i < used_a.size(); ++i) {
    if (!used_a[i]) out.unmatched_a.push_back(static_cast<int>(i));
  }
  for (size_t j = 0; j < used_b.size(); ++j) {
    if (!used_b[j]) out.unmatched_b.push_back(static_cast<int>(j));
  }
  return out;
}

}  // namespace guomen::names

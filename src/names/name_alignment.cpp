#include "names/name_alignment.hpp"

#include <algorithm>

namespace guomen::names {
namespace {

struct Candidate {
  std::vector<int> a;
  std::vector<int> b;
  TokenMatch match;
};

NameToken Joined(const NameToken& first, const NameToken& second) {
  NameToken t;
  t.text = first.text + second.text;
  t.kind = TokenKind::kName;
  t.key = first.key + second.key;
  return t;
}

// Joined tokens match only when the joined form is (nearly) the same string.
void AddConcatenations(const std::vector<NameToken>& single, const std::vector<NameToken>& pairs,
                       bool single_is_a, double min_score, std::vector<Candidate>& out) {
  if (pairs.size() < 2) return;
  for (size_t i = 0; i < single.size(); ++i) {
    if (single[i].text.size() < 4) continue;
    for (size_t j = 0; j + 1 < pairs.size(); ++j) {
      const NameToken joined = Joined(pairs[j], pairs[j + 1]);
      TokenMatch m = CompareTokens(single[i], joined);
      if (m.rule != MatchRule::kExact && m.rule != MatchRule::kEditDistance) continue;
      m.score *= 0.98;
      if (m.score < min_score) continue;
      m.rule = MatchRule::kConcatenation;
      Candidate c;
      std::vector<int> one{static_cast<int>(i)};
      std::vector<int> two{static_cast<int>(j), static_cast<int>(j + 1)};
      c.a = single_is_a ? one : two;
      c.b = single_is_a ? two : one;
      c.match = m;
      out.push_back(std::move(c));
    }
  }
}

}  // namespace

Alignment AlignNames(const NormalizedName& a, const NormalizedName& b, double min_score) {
  std::vector<Candidate> candidates;
  for (size_t i = 0; i < a.tokens.size(); ++i) {
    for (size_t j = 0; j < b.tokens.size(); ++j) {
      const TokenMatch m = CompareTokens(a.tokens[i], b.tokens[j]);
      if (m.rule == MatchRule::kNone || m.score < min_score) continue;
      candidates.push_back({{static_cast<int>(i)}, {static_cast<int>(j)}, m});
    }
  }
  AddConcatenations(a.tokens, b.tokens, true, min_score, candidates);
  AddConcatenations(b.tokens, a.tokens, false, min_score, candidates);
  std::stable_sort(
      candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
        if (x.match.score != y.match.score) return x.match.score > y.match.score;
        return x.a.size() + x.b.size() > y.a.size() + y.b.size();  // prefer covering more tokens
      });
  std::vector<char> used_a(a.tokens.size(), 0);
  std::vector<char> used_b(b.tokens.size(), 0);
  Alignment out;
  for (Candidate& c : candidates) {
    bool free = true;
    for (int i : c.a) free = free && !used_a[static_cast<size_t>(i)];
    for (int j : c.b) free = free && !used_b[static_cast<size_t>(j)];
    if (!free) continue;
    for (int i : c.a) used_a[static_cast<size_t>(i)] = 1;
    for (int j : c.b) used_b[static_cast<size_t>(j)] = 1;
    out.pairs.push_back(AlignedPair{std::move(c.a), std::move(c.b), c.match});
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

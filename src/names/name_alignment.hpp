// Order-free alignment of the tokens of two names.
//
// AlignNames pairs tokens of `a` with tokens of `b` one to one, best pairs
// first (greedy on CompareTokens' score, exact before variant before edits),
// and also tries one token against two adjacent tokens of the other side
// joined ("sanfeng" ~ "san feng", "albaghdadi" ~ "al baghdadi"). Pairs under
// `min_score` are not made. Tokens left over are reported as unmatched: the
// caller decides what a missing middle name or an extra title costs.
// Pure and thread-safe.
#pragma once

#include <vector>

#include "names/normalized_name.hpp"
#include "names/token_comparer.hpp"

namespace guomen::names {

struct AlignedPair {
  std::vector<int> a_tokens;  // indexes into a.tokens (one, or two for a concatenation)
  std::vector<int> b_tokens;  // indexes into b.tokens
  TokenMatch match;
};

struct Alignment {
  std::vector<AlignedPair> pairs;
  std::vector<int> unmatched_a;
  std::vector<int> unmatched_b;
};

Alignment AlignNames(const NormalizedName& a, const NormalizedName& b, double min_score = 0.75);

}  // namespace guomen::names

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

#include <cstddef>
#include <vector>

#include "names/normalized_name.hpp"
#include "names/token_comparer.hpp"

namespace guomen::names {

// One or two token indexes, held inline: an alignment is made for every
// candidate the index scores, so its pairs allocate nothing of their own.
class TokenIndexes {
 public:
  TokenIndexes() = default;
  TokenIndexes(const int* first, int count) {
    for (int k = 0; k < count; ++k) push_back(first[k]);
  }
  void push_back(int index) { v_[n_++] = index; }  // at most two
  const int* begin() const { return v_; }
  const int* end() const { return v_ + n_; }
  size_t size() const { return n_; }
  int operator[](size_t k) const { return v_[k]; }

 private:
  int v_[2] = {0, 0};
  size_t n_ = 0;
};

struct AlignedPair {
  TokenIndexes a_tokens;  // indexes into a.tokens (one, or two for a concatenation)
  TokenIndexes b_tokens;  // indexes into b.tokens
  TokenMatch match;
};

struct Alignment {
  std::vector<AlignedPair> pairs;
  std::vector<int> unmatched_a;
  std::vector<int> unmatched_b;
};

// The least score of a pair AlignNames makes unless told otherwise.
inline constexpr double kMinPairScore = 0.75;

Alignment AlignNames(const NormalizedName& a, const NormalizedName& b,
                     double min_score = kMinPairScore);

}  // namespace guomen::names

// Compares two name tokens and says by which rule they match.
//
// Rules, strongest first (score in [0,1]):
//   kExact        identical                                        1.00
//   kVariant      in one romanisation group (ZHANG/CHEUNG)         0.93
//   kEditDistance few edits for the length (0 up to 3 letters, 1 up
//                 to 5, 2 up to 8, 3 beyond) or Jaro-Winkler >=0.92 mean of edit
//                                                                 similarity and JW, <= 0.95
//   kPhonetic     equal PhoneticKey of >= 2 symbols, and JW >= 0.8  0.85
//                 or one side written without short vowels (Arabic,
//                 Hebrew renderings: "bwtyn" ~ "putin")            0.90
//   kInitial      a single letter and a token starting with it     0.75
//   kNone         no rule: the score is a similarity below 0.75
// Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "names/normalized_name.hpp"

namespace guomen::names {

enum class MatchRule {
  kNone,
  kExact,
  kVariant,
  kEditDistance,
  kPhonetic,
  kInitial,
  kConcatenation,  // one token against two joined ("sanfeng" ~ "san feng")
};

// Stable lower-case name: "exact", "variant", "edit_distance", ...
std::string_view MatchRuleName(MatchRule rule);

struct TokenMatch {
  double score = 0;
  MatchRule rule = MatchRule::kNone;
};

// A token of `text` with its key and the lookups CompareTokens needs done.
NameToken MakeNameToken(std::string text, TokenKind kind);

TokenMatch CompareTokens(const NameToken& a, const NameToken& b);
// CompareTokens for callers that use matches only (rule != kNone): a pair
// that letter counts show no rule can match comes back as {0, kNone} at once.
TokenMatch MatchTokens(const NameToken& a, const NameToken& b);
// CompareTokens when only the kExact and kEditDistance outcomes matter (the
// others come back as kNone, score 0): cheaper for pairs that are not near.
TokenMatch CompareSpellings(const NameToken& a, const NameToken& b);
// Convenience for two plain lower-case tokens (computes the keys).
TokenMatch CompareTokens(std::string_view a, std::string_view b);

}  // namespace guomen::names

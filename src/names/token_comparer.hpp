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

#include <cstdint>
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
// What a token's letters say about its spelling, in 16 bytes: its length,
// its first four bytes, and how often each letter occurs (32 buckets, a-z
// apart, counted up to 3). Built once per token of a large vocabulary, so
// that ruling a pair out needs neither token's text.
struct LetterSignature {
  uint64_t counts = 0;  // bucket k: bits 2k and 2k+1, 3 = three or more
  char prefix[4] = {};
  uint32_t length = 0;
};
LetterSignature SignatureOf(std::string_view text);
// The signature of first's text followed by second's (a joined form).
LetterSignature JoinedSignature(const LetterSignature& first, const LetterSignature& second);

// False when MatchTokens(a, b) cannot match by spelling: by edit distance,
// Jaro-Winkler, or another language's spelling of a name or a patronymic
// (the letter counts rule them out as they rule out pairs in MatchTokens).
// Then two tokens of 2 letters or more match only by equal text, a shared
// romanisation group, an equal phonetic key of 2 symbols or more or an equal
// spelling skeleton: a caller that knows the pair shares none of these
// knows MatchTokens returns kNone.
bool MaySpellAlike(const LetterSignature& a, const LetterSignature& b);

// Whether a token has few vowels, as renderings from Arabic or Hebrew
// script do: two tokens with equal phonetic keys that differ in this match
// by the phonetic rule whatever their spellings.
bool VowelPoor(std::string_view token);

// At least CompareSpellings(a, b).score when that is kExact or
// kEditDistance (0 when the letters show it cannot be either).
double SpellingScoreBound(const LetterSignature& a, const LetterSignature& b);

// False when MatchTokens(a, b) scores under `least` (at least 0.75), or
// kNone, for two tokens of which the caller knows they share no
// romanisation group and no spelling skeleton: judged from their letters
// and what else the caller knows: whether their phonetic keys may be equal
// (`same_key`; false: they differ or are shorter than 2 symbols), whether
// VowelPoor differs between them, and whether the first may split as a
// patronymic (SplitPatronymic). Tighter than MaySpellAlike: such a pair
// scores by spelling (SpellingScoreBound), by equal keys (Jaro-Winkler of
// 0.8 or more, or one side vowel-poor) or as patronymics.
bool MayMatchUnrelated(const LetterSignature& a, const LetterSignature& b, double least,
                       bool same_key, bool vowel_poor_differs, bool patronymic);

// Convenience for two plain lower-case tokens (computes the keys).
TokenMatch CompareTokens(std::string_view a, std::string_view b);

}  // namespace guomen::names

#include "names/token_comparer.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "names/name_normalizer.hpp"
#include "names/phonetic_key.hpp"
#include "names/romanization_variants.hpp"
#include "names/similarity.hpp"
#include "names/spelling_variants.hpp"

namespace guomen::names {
namespace {

int AllowedEdits(size_t length) {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  if (length <= 8) return 2;
  return 3;
}

constexpr double kSpellingScore = 0.92;

uint64_t SkeletonHash(std::string_view token) {
  if (token.size() < 2) return 0;
  const std::string skeleton = SpellingSkeleton(token);
  if (skeleton.empty()) return 0;
  return std::hash<std::string>{}(skeleton) | 1;
}

bool SameSpellingOf(const NameToken& a, const NameToken& b) {
  // Equal hashes are confirmed (they are rare: true spelling variants, mostly).
  if (a.derived && b.derived && (a.skeleton == 0 || a.skeleton != b.skeleton)) return false;
  return SameSpelling(a.text, b.text);
}

bool SpellingVariant(const NameToken& a, const NameToken& b) {
  if (SameSpellingOf(a, b)) return true;
  const auto px = SplitPatronymic(a.text);
  if (!px) return false;
  const auto py = SplitPatronymic(b.text);
  if (!py || px->female != py->female) return false;
  if (px->father == py->father) return true;
  const TokenMatch fathers = CompareTokens(px->father, py->father);
  return fathers.rule != MatchRule::kNone && fathers.rule != MatchRule::kInitial &&
         fathers.score >= 0.85;
}

bool Variants(const NameToken& a, const NameToken& b) {
  const RomanizationVariants& variants = RomanizationVariants::Default();
  if (a.derived && b.derived) return variants.SetsShare(a.variant_set, b.variant_set);
  return variants.AreVariants(a.text, b.text);
}

// Upper bounds, from letter counts alone, on the Jaro-Winkler similarity of
// two strings and lower bounds on their edit distance: enough to rule most
// pairs of unrelated name parts out without the dynamic programmes.
struct Bounds {
  double jw_max = 1;
  int edits_min = 0;
};

size_t Bucket(char c) { return static_cast<unsigned char>(c) & 31; }

// The bounds for two strings of lengths la and lb with at most `shared`
// letters in common and a common prefix of `prefix` (up to 4) letters.
Bounds BoundsFrom(size_t la, size_t lb, int shared, size_t prefix) {
  Bounds b;
  // Each insertion or deletion changes the letter counts' difference by one
  // and a substitution by two: at least max(|x|, |y|) - shared edits.
  b.edits_min = static_cast<int>(std::max(la, lb)) - shared;
  // Jaro <= (m/|x| + m/|y| + 1) / 3 with m <= shared; Winkler's prefix bonus on top.
  const double jaro =
      shared == 0
          ? 0.0
          : (shared / static_cast<double>(la) + shared / static_cast<double>(lb) + 1.0) / 3.0;
  b.jw_max = jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
  return b;
}

Bounds BoundsOf(std::string_view x, std::string_view y) {
  // Letters counted in 32 buckets (a-z apart): merging letters only raises
  // the shared count, so the bounds stay bounds.
  std::array<uint8_t, 32> count{};
  for (char c : x) ++count[Bucket(c)];
  int shared = 0;
  for (char c : y) {
    uint8_t& n = count[Bucket(c)];
    if (n > 0) {
      --n;
      ++shared;
    }
  }
  size_t prefix = 0;
  while (prefix < 4 && prefix < x.size() && prefix < y.size() && x[prefix] == y[prefix]) ++prefix;
  return BoundsFrom(x.size(), y.size(), shared, prefix);
}

enum class Mode {
  kFull,           // CompareTokens
  kMatchesOnly,    // MatchTokens: a kNone score may be 0
  kSpellingsOnly,  // CompareSpellings: only kExact and kEditDistance outcomes
};

TokenMatch Compare(const NameToken& a, const NameToken& b, Mode mode) {
  const bool spellings_only = mode == Mode::kSpellingsOnly;
  const std::string_view x = a.text;
  const std::string_view y = b.text;
  if (x == y) return {1.0, MatchRule::kExact};
  if (x.empty() || y.empty()) return {0.0, MatchRule::kNone};
  if (x.size() == 1 || y.size() == 1) {
    if (x[0] == y[0] && !spellings_only) return {0.75, MatchRule::kInitial};
    return {0.0, MatchRule::kNone};
  }
  if (!spellings_only && Variants(a, b)) return {0.93, MatchRule::kVariant};
  // Equal spelling skeletons (khadzhi ~ haji, akhmed ~ ahmed: a Cyrillic
  // rendering of a name from another script) whatever the letter counts;
  // for tokens made by MakeNameToken this is a compare of two hashes.
  const bool same_skeleton =
      !spellings_only && a.derived && b.derived && a.skeleton != 0 && a.skeleton == b.skeleton;
  if (mode != Mode::kFull && !same_skeleton) {
    // The rules below need a near spelling (few edits, or JW >= 0.92), JW >=
    // 0.7 (spelling variants, patronymics), or equal phonetic keys.
    const Bounds bounds = BoundsOf(x, y);
    const bool may_be_near =
        bounds.edits_min <= AllowedEdits(std::min(x.size(), y.size())) || bounds.jw_max >= 0.92;
    if (!may_be_near &&
        (spellings_only || (bounds.jw_max < 0.7 && (a.key.size() < 2 || a.key != b.key)))) {
      return {0.0, MatchRule::kNone};
    }
  }
  const double jw = JaroWinkler(x, y);
  const int edits = DamerauLevenshtein(x, y);
  const size_t longest = std::max(x.size(), y.size());
  const double es = 1.0 - static_cast<double>(edits) / static_cast<double>(longest);
  const bool near =
      edits <= AllowedEdits(std::min(x.size(), y.size())) || (jw >= 0.92 && longest >= 6);
  const double near_score = std::min(0.95, 0.5 * (es + jw));
  if (spellings_only && (!near || Variants(a, b))) return {0.0, MatchRule::kNone};
  if (near && near_score >= kSpellingScore) return {near_score, MatchRule::kEditDistance};
  // Other languages' spellings (Vlagyimir, Poetin, Wladimirowitsch) and
  // patronymics of variant names; only for pairs alike enough to be worth it.
  if ((jw >= 0.7 || same_skeleton) && SpellingVariant(a, b)) {
    return spellings_only ? TokenMatch{} : TokenMatch{kSpellingScore, MatchRule::kVariant};
  }
  if (near) {
    // A rendering without short vowels a few edits away (Thai, Arabic: smchay ~
    // somchai) scores as the phonetic rule below would when the consonants agree.
    if (near_score < 0.9 && a.key.size() >= 2 && a.key == b.key && VowelPoor(x) != VowelPoor(y))
      return spellings_only ? TokenMatch{} : TokenMatch{0.9, MatchRule::kPhonetic};
    return {near_score, MatchRule::kEditDistance};
  }
  if (a.key.size() >= 2 && a.key == b.key) {
    // Renderings from Arabic or Hebrew script lack short vowels: the consonants
    // agreeing is all the evidence there can be.
    if (VowelPoor(x) != VowelPoor(y)) return {0.9, MatchRule::kPhonetic};
    if (jw >= 0.8) return {0.85, MatchRule::kPhonetic};
  }
  return {std::min(0.7, std::min(jw, es)), MatchRule::kNone};
}

}  // namespace

bool VowelPoor(std::string_view s) {
  if (s.size() < 3) return false;
  size_t vowels = 0;
  for (char c : s) {
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') ++vowels;
  }
  return vowels * 5 < s.size();
}

std::string_view MatchRuleName(MatchRule rule) {
  switch (rule) {
    case MatchRule::kNone:
      return "none";
    case MatchRule::kExact:
      return "exact";
    case MatchRule::kVariant:
      return "variant";
    case MatchRule::kEditDistance:
      return "edit_distance";
    case MatchRule::kPhonetic:
      return "phonetic";
    case MatchRule::kInitial:
      return "initial";
    case MatchRule::kConcatenation:
      return "concatenation";
  }
  return "none";
}

LetterSignature SignatureOf(std::string_view text) {
  LetterSignature sig;
  uint8_t count[32] = {};
  for (char c : text) {
    uint8_t& n = count[Bucket(c)];
    if (n < 3) ++n;
  }
  for (size_t k = 0; k < 32; ++k) sig.counts |= uint64_t{count[k]} << (2 * k);
  for (size_t k = 0; k < 4 && k < text.size(); ++k) sig.prefix[k] = text[k];
  sig.length = static_cast<uint32_t>(text.size());
  return sig;
}

// The counts are 32 fields of 2 bits: lo marks each field's low bit.
constexpr uint64_t kLowBits = 0x5555555555555555ULL;

// The bits set in x, without the popcnt instruction: the baseline x86-64
// target lacks it, and std::popcount then calls libgcc's __popcountdi2
// (the list index asks for two per token pair it rules out).
constexpr int PopCount(uint64_t x) {
  x -= (x >> 1) & kLowBits;
  x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
  return static_cast<int>((x * 0x0101010101010101ULL) >> 56);
}
static_assert(PopCount(0) == 0 && PopCount(0xF0F0) == 8 && PopCount(~uint64_t{0}) == 64);

LetterSignature JoinedSignature(const LetterSignature& first, const LetterSignature& second) {
  LetterSignature sig;
  // Field by field, first + second, 3 at most: a two-bit adder.
  const uint64_t a0 = first.counts & kLowBits;
  const uint64_t a1 = (first.counts >> 1) & kLowBits;
  const uint64_t b0 = second.counts & kLowBits;
  const uint64_t b1 = (second.counts >> 1) & kLowBits;
  const uint64_t carry0 = a0 & b0;
  const uint64_t x1 = a1 ^ b1;
  const uint64_t over = (a1 & b1) | (carry0 & x1);
  sig.counts = (a0 ^ b0) | ((x1 ^ carry0) << 1) | over | (over << 1);
  size_t at = 0;
  for (size_t k = 0; k < first.length && at < 4; ++k) sig.prefix[at++] = first.prefix[k];
  for (size_t k = 0; k < second.length && at < 4; ++k) sig.prefix[at++] = second.prefix[k];
  sig.length = first.length + second.length;
  return sig;
}

namespace {

// BoundsOf from two signatures: no tighter than BoundsOf of the texts (a
// bucket counted 3 on both sides may share up to the shorter length).
Bounds SignatureBounds(const LetterSignature& a, const LetterSignature& b) {
  const size_t la = a.length;
  const size_t lb = b.length;
  // Field by field min(a, b): a < b where a's high bit is under b's, or
  // the high bits are equal and a's low bit is under b's.
  const uint64_t a0 = a.counts & kLowBits;
  const uint64_t a1 = (a.counts >> 1) & kLowBits;
  const uint64_t b0 = b.counts & kLowBits;
  const uint64_t b1 = (b.counts >> 1) & kLowBits;
  const uint64_t less = ((~a1 & b1) | (~(a1 ^ b1) & ~a0 & b0)) & kLowBits;
  const uint64_t take_a = less | (less << 1);
  const uint64_t least = (a.counts & take_a) | (b.counts & ~take_a);
  int shared = PopCount(least & kLowBits) + 2 * PopCount(least & ~kLowBits);
  // 3 on both sides is 3 or more in common.
  if ((a0 & a1 & b0 & b1) != 0) shared = static_cast<int>(std::min(la, lb));
  shared = std::min(shared, static_cast<int>(std::min(la, lb)));
  size_t prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a.prefix[prefix] == b.prefix[prefix]) ++prefix;
  return BoundsFrom(la, lb, shared, prefix);
}

}  // namespace

bool MaySpellAlike(const LetterSignature& a, const LetterSignature& b) {
  if (a.length < 2 || b.length < 2) return true;  // initials: MatchTokens decides
  // Compare's test in kMatchesOnly mode: not near (few edits, or JW >=
  // 0.92) and JW under 0.7 is kNone unless the skeletons or the phonetic
  // keys are equal.
  const Bounds bounds = SignatureBounds(a, b);
  return bounds.edits_min <= AllowedEdits(std::min(a.length, b.length)) || bounds.jw_max >= 0.7;
}

namespace {

// SpellingScoreBound, with the pair's SignatureBounds when the caller has
// them (else computed only if the lengths do not decide).
double SpellingScoreOf(const LetterSignature& a, const LetterSignature& b, const Bounds* known) {
  if (a.length == 0 || b.length == 0) return 0.0;
  const size_t shortest = std::min(a.length, b.length);
  const size_t longest = std::max(a.length, b.length);
  // Compare's kSpellingsOnly test by the lengths alone first: few edits
  // need lengths that few apart, Jaro-Winkler >= 0.92 a Jaro of at least
  // 0.8666 (the prefix adds at most 0.4 of the rest), which needs the
  // shorter at least 0.6 of the longer.
  if (longest - shortest > static_cast<size_t>(AllowedEdits(shortest)) &&
      5 * shortest < 3 * longest)
    return 0.0;
  const Bounds bounds = known != nullptr ? *known : SignatureBounds(a, b);
  if (bounds.edits_min == 0 && a.length == b.length) return 1.0;  // may be the same text
  if (shortest == 1) return 0.0;
  // Then by the letters, and the score: the mean of the edit similarity and
  // Jaro-Winkler, at most 0.95.
  if (bounds.edits_min > AllowedEdits(shortest) && bounds.jw_max < 0.92) return 0.0;
  const double es = 1.0 - static_cast<double>(bounds.edits_min) / static_cast<double>(longest);
  return std::min(0.95, 0.5 * (es + std::min(1.0, bounds.jw_max)));
}

}  // namespace

double SpellingScoreBound(const LetterSignature& a, const LetterSignature& b) {
  return SpellingScoreOf(a, b, nullptr);
}

bool MayMatchUnrelated(const LetterSignature& a, const LetterSignature& b, double least,
                       bool same_key, bool vowel_poor_differs, bool patronymic) {
  if (a.length < 2 || b.length < 2) return true;  // initials: MatchTokens decides
  // Equal keys, one side vowel-poor: the phonetic rule (0.9), or a near
  // spelling raised to it.
  if (same_key && vowel_poor_differs) return true;
  // Patronymics of alike fathers match from Jaro-Winkler 0.7 (Compare).
  if (patronymic) return MaySpellAlike(a, b);
  // Float sums may round the scores a little above the bounds: a margin.
  constexpr double kMargin = 1e-9;
  // By spelling: few edits or Jaro-Winkler >= 0.92, scored as their mean.
  if (!same_key) return SpellingScoreOf(a, b, nullptr) >= least - kMargin;
  // Or, with equal keys, Jaro-Winkler >= 0.8: the phonetic rule's 0.85.
  const Bounds bounds = SignatureBounds(a, b);
  return SpellingScoreOf(a, b, &bounds) >= least - kMargin ||
         (least <= 0.85 && bounds.jw_max >= 0.8 - kMargin);
}

TokenMatch CompareTokens(const NameToken& a, const NameToken& b) {
  return Compare(a, b, Mode::kFull);
}

TokenMatch MatchTokens(const NameToken& a, const NameToken& b) {
  return Compare(a, b, Mode::kMatchesOnly);
}

TokenMatch CompareSpellings(const NameToken& a, const NameToken& b) {
  return Compare(a, b, Mode::kSpellingsOnly);
}

NameToken MakeNameToken(std::string text, TokenKind kind) {
  NameToken t;
  t.key = PhoneticKey(text);
  t.kind = kind;
  t.variant_set = RomanizationVariants::Default().SetOf(text);
  t.skeleton = SkeletonHash(text);
  t.derived = true;
  t.text = std::move(text);
  return t;
}

TokenMatch CompareTokens(std::string_view a, std::string_view b) {
  return CompareTokens(MakeNameToken(std::string(a), ClassifyToken(a)),
                       MakeNameToken(std::string(b), ClassifyToken(b)));
}

}  // namespace guomen::names

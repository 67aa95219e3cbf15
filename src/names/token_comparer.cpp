#include "names/token_comparer.hpp"

#include <algorithm>

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

// Abjad renderings (Arabic, Hebrew through ICU) carry few vowels.
bool VowelPoor(std::string_view s) {
  if (s.size() < 3) return false;
  size_t vowels = 0;
  for (char c : s) {
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') ++vowels;
  }
  return vowels * 5 < s.size();
}

constexpr double kSpellingScore = 0.92;

bool SpellingVariant(std::string_view x, std::string_view y) {
  if (SameSpelling(x, y)) return true;
  const auto px = SplitPatronymic(x);
  if (!px) return false;
  const auto py = SplitPatronymic(y);
  if (!py || px->female != py->female) return false;
  if (px->father == py->father) return true;
  const TokenMatch fathers = CompareTokens(px->father, py->father);
  return fathers.rule != MatchRule::kNone && fathers.rule != MatchRule::kInitial &&
         fathers.score >= 0.85;
}

}  // namespace

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

TokenMatch CompareTokens(const NameToken& a, const NameToken& b) {
  const std::string_view x = a.text;
  const std::string_view y = b.text;
  if (x == y) return {1.0, MatchRule::kExact};
  if (x.empty() || y.empty()) return {0.0, MatchRule::kNone};
  if (x.size() == 1 || y.size() == 1) {
    if (x[0] == y[0]) return {0.75, MatchRule::kInitial};
    return {0.0, MatchRule::kNone};
  }
  if (RomanizationVariants::Default().AreVariants(x, y)) return {0.93, MatchRule::kVariant};
  const double jw = JaroWinkler(x, y);
  const int edits = DamerauLevenshtein(x, y);
  const size_t longest = std::max(x.size(), y.size());
  const double es = 1.0 - static_cast<double>(edits) / static_cast<double>(longest);
  const bool near =
      edits <= AllowedEdits(std::min(x.size(), y.size())) || (jw >= 0.92 && longest >= 6);
  const double near_score = std::min(0.95, 0.5 * (es + jw));
  if (near && near_score >= kSpellingScore) return {near_score, MatchRule::kEditDistance};
  // Other languages' spellings (Vlagyimir, Poetin, Wladimirowitsch) and
  // patronymics of variant names; only for pairs alike enough to be worth it.
  if (jw >= 0.7 && SpellingVariant(x, y)) return {kSpellingScore, MatchRule::kVariant};
  if (near) {
    // A rendering without short vowels a few edits away (Thai, Arabic: smchay ~
    // somchai) scores as the phonetic rule below would when the consonants agree.
    if (near_score < 0.9 && a.key.size() >= 2 && a.key == b.key && VowelPoor(x) != VowelPoor(y))
      return {0.9, MatchRule::kPhonetic};
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

TokenMatch CompareTokens(std::string_view a, std::string_view b) {
  return CompareTokens(NameToken{std::string(a), ClassifyToken(a), PhoneticKey(a)},
                       NameToken{std::string(b), ClassifyToken(b), PhoneticKey(b)});
}

}  // namespace guomen::names

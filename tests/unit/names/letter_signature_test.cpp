// The letter signatures let the list index rule a token pair out without
// reading either token (names/token_comparer.hpp). They must never rule out
// a pair the comparer matches: checked on every pair of a few hundred name
// parts and their misspellings (a letter dropped, doubled, changed, two
// neighbours swapped, two edits), with patronymics and romanisation variants.
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "names/name_alignment.hpp"
#include "names/phonetic_key.hpp"
#include "names/romanization_variants.hpp"
#include "names/spelling_variants.hpp"
#include "names/token_comparer.hpp"

namespace guomen::names {
namespace {

std::vector<std::string> Tokens() {
  std::vector<std::string> base = {"muhammad",
                                   "mohammed",
                                   "mohamad",
                                   "ahmed",
                                   "akhmed",
                                   "abdulrahman",
                                   "abdul",
                                   "rahman",
                                   "vladimir",
                                   "wladimir",
                                   "vladimirovich",
                                   "wladimirowitsch",
                                   "ivanovna",
                                   "ivanova",
                                   "sergeyevich",
                                   "sergeevich",
                                   "putin",
                                   "poetin",
                                   "putyin",
                                   "zhang",
                                   "cheung",
                                   "chang",
                                   "wei",
                                   "wang",
                                   "nguyen",
                                   "van",
                                   "an",
                                   "li",
                                   "lee",
                                   "yevtyukhova",
                                   "evtiukhova",
                                   "habib",
                                   "habeeb",
                                   "khadzhi",
                                   "haji",
                                   "somchai",
                                   "smchay",
                                   "bwtyn",
                                   "kim",
                                   "jong",
                                   "un",
                                   "al",
                                   "bin",
                                   "laden",
                                   "usama",
                                   "osama",
                                   "ben",
                                   "karmolin",
                                   "lemoba",
                                   "shimaru",
                                   "tanvan",
                                   "anna",
                                   "hannah",
                                   "o",
                                   "x",
                                   "schwarzenegger",
                                   "aaaaab",
                                   "mississippi",
                                   "yu"};
  std::mt19937_64 rng(7);
  const auto below = [&rng](size_t n) { return static_cast<size_t>(rng() % n); };
  std::vector<std::string> out = base;
  for (const std::string& t : base) {
    if (t.size() < 3) continue;
    for (int k = 0; k < 4; ++k) {
      std::string m = t;
      const int edits = 1 + static_cast<int>(below(2));
      for (int e = 0; e < edits && m.size() >= 2; ++e) {
        const size_t at = below(m.size() - 1);
        switch (below(4)) {
          case 0:
            m.erase(at, 1);
            break;
          case 1:
            m.insert(at, 1, m[at]);
            break;
          case 2:
            m[at] = static_cast<char>('a' + below(26));
            break;
          default:
            std::swap(m[at], m[at + 1]);
        }
      }
      out.push_back(m);
    }
  }
  return out;
}

// The relations the list index keys a token by: a pair sharing none is one
// its keys do not reach.
bool SharesPhoneticKey(const std::string& a, const std::string& b) {
  const std::string ka = PhoneticKey(a);
  return ka.size() >= 2 && ka == PhoneticKey(b);
}

bool SharesGroupOrSkeleton(const std::string& a, const std::string& b) {
  if (RomanizationVariants::Default().AreVariants(a, b)) return true;
  if (a.size() >= 2 && b.size() >= 2) {
    const std::string sa = SpellingSkeleton(a);
    if (!sa.empty() && sa == SpellingSkeleton(b)) return true;
  }
  return false;
}

bool SharesKey(const std::string& a, const std::string& b) {
  return a == b || SharesPhoneticKey(a, b) || SharesGroupOrSkeleton(a, b);
}

std::vector<NameToken> NameTokensOf(const std::vector<std::string>& texts) {
  std::vector<NameToken> tokens;
  for (const std::string& t : texts) tokens.push_back(MakeNameToken(t, TokenKind::kName));
  return tokens;
}

std::vector<LetterSignature> SignaturesOf(const std::vector<std::string>& texts) {
  std::vector<LetterSignature> sigs;
  for (const std::string& t : texts) sigs.push_back(SignatureOf(t));
  return sigs;
}

TEST(LetterSignatureTest, RulesOutOnlyPairsTheComparerDoesNotMatch) {
  const std::vector<std::string> texts = Tokens();
  const std::vector<NameToken> tokens = NameTokensOf(texts);
  const std::vector<LetterSignature> sigs = SignaturesOf(texts);
  size_t pairs = 0, ruled_out = 0, spelled = 0, by_vowels = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    for (size_t j = 0; j < tokens.size(); ++j) {
      ++pairs;
      const TokenMatch match = MatchTokens(tokens[i], tokens[j]);
      if (!MaySpellAlike(sigs[i], sigs[j])) {
        ++ruled_out;
        if (match.rule != MatchRule::kNone) {
          EXPECT_TRUE(SharesKey(texts[i], texts[j]))
              << texts[i] << " ~ " << texts[j] << " ruled out, matched by "
              << MatchRuleName(match.rule);
          // What ListIndex::InfoOf relies on to skip a token reached by no
          // romanisation or skeleton key: then the match is by equal
          // phonetic keys, one of the two having few vowels.
          if (!SharesGroupOrSkeleton(texts[i], texts[j])) {
            EXPECT_TRUE(SharesPhoneticKey(texts[i], texts[j]) &&
                        VowelPoor(texts[i]) != VowelPoor(texts[j]))
                << texts[i] << " ~ " << texts[j] << " ruled out, matched by "
                << MatchRuleName(match.rule);
            ++by_vowels;
          }
        }
      }
      const TokenMatch spelling = CompareSpellings(tokens[i], tokens[j]);
      if (spelling.rule == MatchRule::kExact || spelling.rule == MatchRule::kEditDistance) {
        ++spelled;
        EXPECT_GE(SpellingScoreBound(sigs[i], sigs[j]), spelling.score)
            << texts[i] << " ~ " << texts[j];
      }
    }
  }
  // It rules out most pairs of unrelated parts, and the pairs alike by
  // spelling are there to be checked.
  EXPECT_GT(ruled_out, pairs / 2) << ruled_out << " of " << pairs;
  EXPECT_GT(spelled, 500u);
  std::printf("%zu pairs, %zu ruled out, %zu of them matched by the vowels\n", pairs, ruled_out,
              by_vowels);
}

// What ListIndex::InfoOf relies on to skip, unread, a vocabulary token that
// no romanisation or skeleton key reached: MayMatchUnrelated false means
// MatchTokens scores the pair under the least score InfoOf keeps.
TEST(LetterSignatureTest, RulesOutUnrelatedPairsOnlyWhenTheComparerScoresThemLow) {
  const std::vector<std::string> texts = Tokens();
  const std::vector<NameToken> tokens = NameTokensOf(texts);
  const std::vector<LetterSignature> sigs = SignaturesOf(texts);
  size_t unrelated = 0, ruled_out = 0, same_key_ruled_out = 0, beyond_letters = 0, kept = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const bool patronymic = SplitPatronymic(texts[i]).has_value();
    for (size_t j = 0; j < tokens.size(); ++j) {
      if (SharesGroupOrSkeleton(texts[i], texts[j])) continue;
      ++unrelated;
      const bool same_key = SharesPhoneticKey(texts[i], texts[j]);
      const bool vowels_differ = VowelPoor(texts[i]) != VowelPoor(texts[j]);
      const TokenMatch match = MatchTokens(tokens[i], tokens[j]);
      const bool matches = match.rule != MatchRule::kNone && match.score >= kMinPairScore;
      if (MayMatchUnrelated(sigs[i], sigs[j], kMinPairScore, same_key, vowels_differ, patronymic)) {
        kept += matches ? 1 : 0;
        continue;
      }
      ++ruled_out;
      EXPECT_FALSE(matches) << texts[i] << " ~ " << texts[j] << " ruled out, matched by "
                            << MatchRuleName(match.rule) << " at " << match.score;
      if (same_key) ++same_key_ruled_out;
      if (MaySpellAlike(sigs[i], sigs[j])) ++beyond_letters;
    }
  }
  // The pairs that match are there to be checked; pairs with equal keys are
  // ruled out too, and pairs MaySpellAlike lets through.
  EXPECT_GT(kept, 300u);
  EXPECT_GT(same_key_ruled_out, 100u);
  EXPECT_GT(beyond_letters, 1000u);
  std::printf("%zu unrelated pairs, %zu ruled out (%zu with equal keys, %zu by the scores)\n",
              unrelated, ruled_out, same_key_ruled_out, beyond_letters);
}

TEST(LetterSignatureTest, AJoinedSignatureIsTheSignatureOfTheJoinedText) {
  const std::vector<std::string> texts = Tokens();
  for (size_t i = 0; i < texts.size(); i += 3) {
    for (size_t j = 0; j < texts.size(); j += 5) {
      const LetterSignature joined = JoinedSignature(SignatureOf(texts[i]), SignatureOf(texts[j]));
      const LetterSignature whole = SignatureOf(texts[i] + texts[j]);
      EXPECT_EQ(joined.counts, whole.counts) << texts[i] << "+" << texts[j];
      EXPECT_EQ(joined.length, whole.length);
      EXPECT_EQ(std::string(joined.prefix, 4), std::string(whole.prefix, 4));
    }
  }
}

TEST(LetterSignatureTest, SaysWhyAPairIsRuledOut) {
  // Far apart in letters: neither near nor alike.
  EXPECT_FALSE(MaySpellAlike(SignatureOf("karmolin"), SignatureOf("nguyen")));
  // One edit, and a transposition: may be alike.
  EXPECT_TRUE(MaySpellAlike(SignatureOf("vladimir"), SignatureOf("vladimer")));
  EXPECT_TRUE(MaySpellAlike(SignatureOf("ahmed"), SignatureOf("ahemd")));
  // Initials are left to the comparer.
  EXPECT_TRUE(MaySpellAlike(SignatureOf("v"), SignatureOf("vladimir")));
  EXPECT_EQ(SpellingScoreBound(SignatureOf("abdul"), SignatureOf("zhang")), 0.0);
  EXPECT_EQ(SpellingScoreBound(SignatureOf("abdulrahman"), SignatureOf("abdulrahman")), 1.0);
}

}  // namespace
}  // namespace guomen::names

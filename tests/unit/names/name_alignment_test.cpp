#include "names/name_alignment.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "names/name_normalizer.hpp"

namespace guomen::names {
namespace {

TEST(TokenComparerTest, RulesInOrder) {
  EXPECT_EQ(CompareTokens("putin", "putin").rule, MatchRule::kExact);
  EXPECT_EQ(CompareTokens("cheung", "zhang").rule, MatchRule::kVariant);
  EXPECT_EQ(CompareTokens("wu", "hu").rule, MatchRule::kVariant);  // 胡 in Cantonese
  // The same spelling skeleton, letter counts far apart (Jaro-Winkler 0.6).
  EXPECT_EQ(CompareTokens("khadzhi", "haji").rule, MatchRule::kVariant);
  EXPECT_EQ(MatchTokens(MakeNameToken("khadzhi", TokenKind::kName),
                        MakeNameToken("haji", TokenKind::kName)).rule,
            MatchRule::kVariant);
  EXPECT_EQ(CompareTokens("scholze", "scholz").rule, MatchRule::kEditDistance);
  EXPECT_EQ(CompareTokens("attiqullah", "attiiqullah").rule, MatchRule::kEditDistance);
  EXPECT_EQ(CompareTokens("bwtyn", "putin").rule, MatchRule::kPhonetic);
  EXPECT_EQ(CompareTokens("v", "vladimir").rule, MatchRule::kInitial);
  EXPECT_EQ(CompareTokens("putin", "lenin").rule, MatchRule::kNone);
  EXPECT_EQ(CompareTokens("li", "lu").rule, MatchRule::kNone);  // short: no edits allowed
  EXPECT_LT(CompareTokens("mohamed", "mahmoud").score, 0.75);
  EXPECT_EQ(MatchRuleName(MatchRule::kEditDistance), "edit_distance");
}

TEST(NameAlignmentTest, OrderFreeWithMissingMiddleName) {
  const Alignment a =
      AlignNames(NormalizeName("PUTIN, Vladimir"), NormalizeName("Vladimir Vladimirovich Putin"));
  EXPECT_EQ(a.pairs.size(), 2u);
  EXPECT_TRUE(a.unmatched_a.empty());
  ASSERT_EQ(a.unmatched_b.size(), 1u);
  EXPECT_EQ(a.unmatched_b[0], 1);
}

TEST(NameAlignmentTest, JoinedAndSplitTokens) {
  const Alignment a = AlignNames(NormalizeName("Zhang Sanfeng"), NormalizeName("张三丰"));
  ASSERT_EQ(a.pairs.size(), 2u);
  EXPECT_TRUE(a.unmatched_a.empty());
  EXPECT_TRUE(a.unmatched_b.empty());
  bool concatenation = false;
  for (const auto& p : a.pairs) concatenation |= p.match.rule == MatchRule::kConcatenation;
  EXPECT_TRUE(concatenation);
}

TEST(NameAlignmentTest, EachTokenUsedOnce) {
  const Alignment a = AlignNames(NormalizeName("Ali Ali"), NormalizeName("Ali Hassan"));
  EXPECT_EQ(a.pairs.size(), 1u);
  EXPECT_EQ(a.unmatched_a.size(), 1u);
  EXPECT_EQ(a.unmatched_b.size(), 1u);
}

// ---------------------------------------------------------------- shortcuts
// MatchTokens and CompareSpellings skip work CompareTokens does; they must
// agree with it on every outcome their callers use.

std::vector<NameToken> ShortcutTokens() {
  const std::vector<std::string> bases = {"vladimir",
                                          "volodymyr",
                                          "vlagyimir",
                                          "wladimir",
                                          "putin",
                                          "poetin",
                                          "putyin",
                                          "bwtyn",
                                          "zhang",
                                          "cheung",
                                          "chang",
                                          "teo",
                                          "muhammad",
                                          "mohammed",
                                          "mohamad",
                                          "abdulrahman",
                                          "abdul",
                                          "rahman",
                                          "alexander",
                                          "aleksandr",
                                          "vladimirovich",
                                          "volodymyrovych",
                                          "vladimirovna",
                                          "yevtyukhova",
                                          "evtiukhova",
                                          "tschaikowsky",
                                          "chaikovsky",
                                          "somchai",
                                          "smchay",
                                          "li",
                                          "lee",
                                          "yi",
                                          "al",
                                          "bin",
                                          "ng",
                                          "huang",
                                          "wong",
                                          "sergej",
                                          "sergei",
                                          "nikolaj",
                                          "nikolai",
                                          "x",
                                          "ab",
                                          "abc",
                                          "qasim",
                                          "kasim",
                                          "khalid",
                                          "halid"};
  std::vector<std::string> texts = bases;
  for (const std::string& b : bases) {
    if (b.size() < 4) continue;
    std::string typo = b;
    typo[b.size() / 2] = typo[b.size() / 2] == 'e' ? 'a' : 'e';
    texts.push_back(typo);
    texts.push_back(b.substr(1));
    std::string swapped = b;
    std::swap(swapped[1], swapped[2]);
    texts.push_back(swapped);
    texts.push_back(b + b.substr(0, 3));
  }
  std::vector<NameToken> out;
  for (const std::string& t : texts) out.push_back(MakeNameToken(t, ClassifyToken(t)));
  return out;
}

TEST(TokenShortcutsTest, MatchTokensAgreesWithCompareTokensOnEveryMatch) {
  const std::vector<NameToken> tokens = ShortcutTokens();
  int matches = 0;
  for (const NameToken& a : tokens) {
    for (const NameToken& b : tokens) {
      const TokenMatch full = CompareTokens(a, b);
      const TokenMatch quick = MatchTokens(a, b);
      if (full.rule == MatchRule::kNone) {
        EXPECT_EQ(quick.rule, MatchRule::kNone) << a.text << " ~ " << b.text;
        continue;
      }
      ++matches;
      EXPECT_EQ(quick.rule, full.rule) << a.text << " ~ " << b.text;
      EXPECT_DOUBLE_EQ(quick.score, full.score) << a.text << " ~ " << b.text;
    }
  }
  EXPECT_GT(matches, 500);  // the set holds many related pairs, not only strangers
}

TEST(TokenShortcutsTest, CompareSpellingsKeepsOnlyExactAndEditDistanceOutcomes) {
  const std::vector<NameToken> tokens = ShortcutTokens();
  for (const NameToken& a : tokens) {
    for (const NameToken& b : tokens) {
      const TokenMatch full = CompareTokens(a, b);
      const TokenMatch spelling = CompareSpellings(a, b);
      if (full.rule == MatchRule::kExact || full.rule == MatchRule::kEditDistance) {
        EXPECT_EQ(spelling.rule, full.rule) << a.text << " ~ " << b.text;
        EXPECT_DOUBLE_EQ(spelling.score, full.score) << a.text << " ~ " << b.text;
      } else {
        EXPECT_EQ(spelling.rule, MatchRule::kNone) << a.text << " ~ " << b.text;
      }
    }
  }
}

TEST(TokenShortcutsTest, TokensWithoutTheirLookupsCompareTheSame) {
  // A token built by hand (derived == false) is looked up on the spot.
  const std::vector<NameToken> tokens = ShortcutTokens();
  for (const NameToken& a : tokens) {
    NameToken bare{a.text, a.kind, a.key};
    EXPECT_FALSE(bare.derived);
    for (const NameToken& b : tokens) {
      const TokenMatch derived = CompareTokens(a, b);
      const TokenMatch looked_up = CompareTokens(bare, b);
      EXPECT_EQ(derived.rule, looked_up.rule) << a.text << " ~ " << b.text;
      EXPECT_DOUBLE_EQ(derived.score, looked_up.score) << a.text << " ~ " << b.text;
    }
  }
  EXPECT_EQ(CompareTokens("vladimir", "vlagyimir").rule, MatchRule::kVariant);
  EXPECT_EQ(CompareTokens("zhang", "cheung").rule, MatchRule::kVariant);
}

}  // namespace
}  // namespace guomen::names

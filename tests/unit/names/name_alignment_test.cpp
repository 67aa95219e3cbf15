#include "names/name_alignment.hpp"

#include <gtest/gtest.h>

#include "names/name_normalizer.hpp"

namespace guomen::names {
namespace {

TEST(TokenComparerTest, RulesInOrder) {
  EXPECT_EQ(CompareTokens("putin", "putin").rule, MatchRule::kExact);
  EXPECT_EQ(CompareTokens("cheung", "zhang").rule, MatchRule::kVariant);
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

}  // namespace
}  // namespace guomen::names

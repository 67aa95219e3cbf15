#include "names/similarity.hpp"

#include <gtest/gtest.h>

namespace guomen::names {
namespace {

TEST(SimilarityTest, JaroWinklerKnownValues) {
  // Winkler (1990) and the usual textbook pairs.
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.9611, 1e-4);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.84, 1e-4);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.8133, 1e-4);
  EXPECT_NEAR(Jaro("martha", "marhta"), 0.9444, 1e-4);
  EXPECT_DOUBLE_EQ(JaroWinkler("", ""), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", ""), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "xyz"), 0.0);
}

TEST(SimilarityTest, DamerauLevenshteinKnownValues) {
  EXPECT_EQ(DamerauLevenshtein("kitten", "sitting"), 3);
  EXPECT_EQ(DamerauLevenshtein("ca", "ac"), 1);
  EXPECT_EQ(DamerauLevenshtein("", "abc"), 3);
  EXPECT_EQ(DamerauLevenshtein("abc", "abc"), 0);
  EXPECT_EQ(DamerauLevenshtein("attiqullah", "attiiqullah"), 1);
  EXPECT_EQ(DamerauLevenshtein("ca", "abc"), 3);  // optimal string alignment, not true Damerau
  EXPECT_NEAR(EditSimilarity("scholz", "scholze"), 1.0 - 1.0 / 7.0, 1e-9);
}

TEST(SimilarityTest, TokenSetIsOrderFreeAndCountsMissingTokens) {
  EXPECT_DOUBLE_EQ(TokenSetSimilarity({"putin", "vladimir"}, {"vladimir", "putin"}), 1.0);
  EXPECT_NEAR(TokenSetSimilarity({"vladimir", "putin"}, {"vladimir", "vladimirovich", "putin"}),
              2.0 / 3.0, 1e-9);
  EXPECT_DOUBLE_EQ(TokenSetSimilarity({}, {}), 1.0);
}

}  // namespace
}  // namespace guomen::names

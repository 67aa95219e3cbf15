#include "names/similarity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

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

// The bit-parallel Jaro and Damerau-Levenshtein (strings up to 64 letters)
// against the textbook dynamic programmes, on random strings over small
// alphabets (many repeats and transpositions) and on lengths around 64.
namespace {

int ReferenceOsa(std::string_view a, std::string_view b) {
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

double ReferenceJaro(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  std::vector<char> am(a.size(), 0), bm(b.size(), 0);
  int m = 0;
  for (int i = 0; i < la; ++i) {
    for (int j = std::max(0, i - window); j <= std::min(lb - 1, i + window); ++j) {
      if (bm[j] || a[i] != b[j]) continue;
      am[i] = bm[j] = 1;
      ++m;
      break;
    }
  }
  if (m == 0) return 0.0;
  int t = 0, k = 0;
  for (int i = 0; i < la; ++i) {
    if (!am[i]) continue;
    while (!bm[k]) ++k;
    if (a[i] != b[k]) ++t;
    ++k;
  }
  return (double(m) / la + double(m) / lb + (m - t / 2.0) / m) / 3.0;
}

}  // namespace

TEST(SimilarityTest, BitParallelJaroAndEditDistanceAgreeWithTheDynamicProgrammes) {
  std::mt19937 rng(11);
  int checked = 0;
  for (int round = 0; round < 20000; ++round) {
    const int alphabet = 2 + static_cast<int>(rng() % 6);
    const size_t max_len = round % 10 == 0 ? 70 : 12;
    auto make = [&] {
      std::string s(rng() % (max_len + 1), 'a');
      for (char& c : s) c = static_cast<char>('a' + rng() % alphabet);
      if (!s.empty() && rng() % 8 == 0) s[0] = static_cast<char>(0xC3);  // a UTF-8 lead byte
      return s;
    };
    const std::string a = make(), b = make();
    ASSERT_EQ(guomen::names::DamerauLevenshtein(a, b), ReferenceOsa(a, b)) << a << " / " << b;
    ASSERT_DOUBLE_EQ(guomen::names::Jaro(a, b), ReferenceJaro(a, b)) << a << " / " << b;
    ++checked;
  }
  EXPECT_EQ(checked, 20000);
  EXPECT_EQ(guomen::names::DamerauLevenshtein("ca", "abc"), 3);  // OSA, not unrestricted DL
  EXPECT_EQ(guomen::names::DamerauLevenshtein(std::string(64, 'a'), std::string(64, 'b')), 64);
}

#include "names/spelling_variants.hpp"

#include <gtest/gtest.h>

#include "names/name_alignment.hpp"
#include "names/name_normalizer.hpp"
#include "names/token_comparer.hpp"

namespace guomen::names {
namespace {

TEST(SpellingVariantsTest, LanguagesSpellTheSameNameAlike) {
  EXPECT_TRUE(SameSpelling("vlagyimir", "vladimir"));             // Hungarian gy
  EXPECT_TRUE(SameSpelling("putyin", "putin"));                   // Hungarian ty
  EXPECT_TRUE(SameSpelling("poetin", "putin"));                   // Dutch oe
  EXPECT_TRUE(SameSpelling("wladimirowitsj", "vladimirovich"));   // Dutch w, tsj
  EXPECT_TRUE(SameSpelling("wladimirowitsch", "vladimirovich"));  // German tsch
  EXPECT_TRUE(SameSpelling("wladimirowicz", "vladimirovich"));    // Polish cz
  EXPECT_TRUE(SameSpelling("vlagyimirovics", "vladimirovich"));   // Hungarian cs
  EXPECT_TRUE(SameSpelling("evtiukhova", "yevtyukhova"));         // ICAO 9303 vs BGN/PCGN
  EXPECT_TRUE(SameSpelling("yelena", "elena"));
  EXPECT_TRUE(SameSpelling("sergej", "sergei"));       // j after a vowel is a glide
  EXPECT_TRUE(SameSpelling("bhladimir", "vladimir"));  // Bengali, Hindi: bh for v
  // Cyrillic renderings of names from other scripts (ICAO: х kh, дж dzh, в v).
  EXPECT_TRUE(SameSpelling("khadzhi", "haji"));
  EXPECT_TRUE(SameSpelling("kvang", "kwang"));
  EXPECT_TRUE(SameSpelling("kho", "ho"));  // two letters are enough
  EXPECT_TRUE(SameSpelling("iu", "yu"));   // ю, ICAO and BGN/PCGN: one letter left
  // English spellings of Arabic long vowels (ي ee/i, و oo/u).
  EXPECT_TRUE(SameSpelling("habeeb", "habib"));
  EXPECT_TRUE(SameSpelling("mahmood", "mahmud"));
  EXPECT_TRUE(SameSpelling("lee", "li"));
}

TEST(SpellingVariantsTest, DifferentNamesStayDifferent) {
  EXPECT_FALSE(SameSpelling("putin", "lenin"));
  EXPECT_FALSE(SameSpelling("ivanov", "ivanova"));
  EXPECT_FALSE(SameSpelling("vladimir", "vladislav"));
  EXPECT_FALSE(SameSpelling("li", "lo"));
  EXPECT_FALSE(SameSpelling("ali", "ala"));
}

TEST(SpellingVariantsTest, PatronymicsSplitIntoTheFathersName) {
  ASSERT_TRUE(SplitPatronymic("volodymyrovych").has_value());
  EXPECT_EQ(SplitPatronymic("volodymyrovych")->father, "volodymyr");
  EXPECT_EQ(SplitPatronymic("uladzimiravich")->father, "uladzimir");
  EXPECT_EQ(SplitPatronymic("wladimirowitsj")->father, "wladimir");
  ASSERT_TRUE(SplitPatronymic("aleksandrovna").has_value());
  EXPECT_TRUE(SplitPatronymic("aleksandrovna")->female);
  EXPECT_FALSE(SplitPatronymic("putin").has_value());
  EXPECT_FALSE(SplitPatronymic("ovich").has_value());  // no name before the ending
}

TEST(SpellingVariantsTest, TokenComparerCallsThemVariants) {
  EXPECT_EQ(CompareTokens("vlagyimir", "vladimir").rule, MatchRule::kVariant);
  EXPECT_EQ(CompareTokens("poetin", "putin").rule, MatchRule::kVariant);
  // Patronymics of names in one variant group (VOLODYMYR ~ VLADIMIR).
  EXPECT_EQ(CompareTokens("volodymyrovych", "vladimirovich").rule, MatchRule::kVariant);
  EXPECT_GE(CompareTokens("volodymyrovych", "vladimirovich").score, 0.9);
  // Another father: another patronymic.
  EXPECT_EQ(CompareTokens("ivanovich", "viktorovich").rule, MatchRule::kNone);
  EXPECT_EQ(CompareTokens("putin", "lenin").rule, MatchRule::kNone);
}

double NameSimilarity(std::string_view a, std::string_view b) {
  const Alignment al = AlignNames(NormalizeName(a), NormalizeName(b));
  double sum = 0;
  for (const auto& p : al.pairs) sum += p.match.score;
  const size_t n = NormalizeName(b).tokens.size();
  return al.unmatched_b.empty() && al.unmatched_a.empty() ? sum / static_cast<double>(n) : 0;
}

TEST(SpellingVariantsTest, WholeNamesAcrossLanguagesAndScripts) {
  EXPECT_GE(NameSimilarity("Vlagyimir Putyin", "Vladimir Putin"), 0.9);
  EXPECT_GE(NameSimilarity("Wladimir Wladimirowitsj Poetin", "Vladimir Vladimirovich Putin"), 0.9);
  EXPECT_GE(NameSimilarity("Уладзімір Уладзіміравіч Пуцін", "Vladimir Vladimirovich Putin"), 0.85);
  EXPECT_GE(NameSimilarity("Βλαντίμιρ Πούτιν", "Vladimir Putin"), 0.85);
  EXPECT_GE(NameSimilarity("евтюхова елена", "Yevtyukhova Yelena"), 0.9);
  EXPECT_EQ(NameSimilarity("Vlagyimir Putyin", "Viktor Orban"), 0);
}

}  // namespace
}  // namespace guomen::names

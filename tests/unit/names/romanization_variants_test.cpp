#include "names/romanization_variants.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "names/embedded_tables.hpp"

namespace guomen::names {
namespace {

TEST(RomanizationVariantsTest, TablesAreCompiledIn) {
  for (const char* table :
       {"chinese_romanization", "korean_romanization", "arabic_romanization", "given_name_variants",
        "honorifics", "particles", "khmer_latin", "lao_latin", "myanmar_latin",
        "burmese_romanization"}) {
    EXPECT_GT(EmbeddedTable(table).size(), 10u) << table;
  }
  EXPECT_TRUE(EmbeddedTable("no_such_table").empty());
  EXPECT_GT(RomanizationVariants::Default().group_count(), 200u);
}

TEST(RomanizationVariantsTest, ChineseRegionalRomanizations) {
  const auto& v = RomanizationVariants::Default();
  EXPECT_TRUE(v.AreVariants("zhang", "cheung"));
  EXPECT_TRUE(v.AreVariants("zhang", "teo"));
  EXPECT_TRUE(v.AreVariants("chen", "tan"));
  EXPECT_TRUE(v.AreVariants("huang", "wong"));
  EXPECT_TRUE(v.AreVariants("huang", "ng"));
  EXPECT_FALSE(v.AreVariants("zhang", "zhang"));
  EXPECT_FALSE(v.AreVariants("zhang", "wang"));
}

TEST(RomanizationVariantsTest, ArabicKoreanAndSlavicGroups) {
  const auto& v = RomanizationVariants::Default();
  EXPECT_TRUE(v.AreVariants("mohammed", "muhammad"));
  EXPECT_TRUE(v.AreVariants("mohamad", "mhmd"));  // Arabic script through ICU
  EXPECT_TRUE(v.AreVariants("gim", "kim"));
  EXPECT_TRUE(v.AreVariants("bak", "park"));
  EXPECT_TRUE(v.AreVariants("alexander", "oleksandr"));
  // Burmese syllables as ReadMyanmar writes them and as passports do.
  EXPECT_TRUE(v.AreVariants("su", "suu"));
  EXPECT_TRUE(v.AreVariants("we", "wai"));
  EXPECT_TRUE(v.AreVariants("phyo", "pyo"));
  EXPECT_TRUE(v.AreVariants("tha", "thar"));
  EXPECT_FALSE(v.AreVariants("than", "thant"));  // သန်း and သန့် are different syllables
  EXPECT_TRUE(v.AreVariants("volodymyr", "vladimir"));
}

TEST(RomanizationVariantsTest, ASpellingInSeveralGroups) {
  const RomanizationVariants v({"# test", "zhang chang", "chang", "chang cheung", ""});
  EXPECT_EQ(v.group_count(), 2u);
  EXPECT_EQ(v.Groups("chang").size(), 2u);
  EXPECT_TRUE(v.AreVariants("zhang", "chang"));
  EXPECT_FALSE(v.AreVariants("zhang", "cheung"));
}

TEST(RomanizationVariantsTest, SetsShareAgreesWithAreVariants) {
  const auto& v = RomanizationVariants::Default();
  const std::vector<std::string_view> tokens = {
      "zhang", "cheung", "chang", "teo",  "chen",    "tan",      "huang",     "wong",
      "ng",    "wang",   "lee",   "li",   "yi",      "rhee",     "muhammad",  "mohammed",
      "ali",   "aly",    "putin", "park", "pak",     "bak",      "alexander", "aleksandr",
      "zzzz",  "",       "jiang", "kong", "mohamad", "abdullah", "abdallah",  "hussein"};
  int shared = 0;
  for (std::string_view a : tokens) {
    for (std::string_view b : tokens) {
      const bool by_sets = a != b && v.SetsShare(v.SetOf(a), v.SetOf(b));
      EXPECT_EQ(by_sets, v.AreVariants(a, b)) << a << " ~ " << b;
      shared += by_sets ? 1 : 0;
    }
  }
  EXPECT_GT(shared, 20);
  EXPECT_EQ(v.SetOf("zzzz"), 0u);
  EXPECT_FALSE(v.SetsShare(0, 0));
}

}  // namespace
}  // namespace guomen::names

#include "names/readings.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "names/name_alignment.hpp"
#include "names/name_normalizer.hpp"

namespace guomen::names {
namespace {

std::vector<std::string> ReadingsOf(std::string_view raw) {
  std::vector<std::string> out;
  for (const NormalizedName& r : NormalizeName(raw).readings) out.push_back(r.latin);
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  for (const auto& x : v) {
    if (x == s) return true;
  }
  return false;
}

// Every ordinary part of both names is paired, none below `min` (what a
// person checks: each part of one name has its counterpart in the other).
bool AllPaired(const NormalizedName& a, const NormalizedName& b, double min) {
  const Alignment al = AlignNames(a, b);
  if (!al.unmatched_a.empty() || !al.unmatched_b.empty()) return false;
  for (const auto& p : al.pairs) {
    if (p.match.score < min) return false;
  }
  return true;
}

bool SomeReadingPairs(std::string_view raw, std::string_view latin) {
  const NormalizedName n = NormalizeName(raw);
  const NormalizedName l = NormalizeName(latin);
  for (const NormalizedName& r : n.readings) {
    if (AllPaired(r, l, 0.75)) return true;
  }
  return false;
}

TEST(ReadingsTest, LatinNamesHaveNone) {
  EXPECT_TRUE(NormalizeName("Vladimir Putin").readings.empty());
  EXPECT_TRUE(NormalizeName("Kim Jong Un").readings.empty());
}

TEST(ReadingsTest, HanReadAsKoreanFromTheUnihanTable) {
  EXPECT_EQ(HanToHangul("金正恩"), "김정은");  // 金: 김 is its reading in names (금 otherwise)
  EXPECT_EQ(HanToHangul("李明博"), "이명박");  // initial-sound rule: 리 -> 이 at the start
  const NormalizedName kim = NormalizeName("金正恩");
  EXPECT_EQ(kim.latin, "jin zheng en");  // ICU's Mandarin reading stays the first one
  ASSERT_EQ(kim.readings.size(), 1u);
  EXPECT_EQ(kim.readings[0].latin, "gim jeongeun");
  EXPECT_EQ(kim.readings[0].original, "金正恩");
  EXPECT_EQ(kim.readings[0].script, Script::kHan);
  EXPECT_TRUE(SomeReadingPairs("金正恩", "Kim Jong Un"));
  // A Chinese name written given name first (瑜 李) is not read as Korean.
  EXPECT_TRUE(NormalizeName("瑜 李").readings.empty());
  // Nor one that does not start with a Korean family name.
  EXPECT_TRUE(NormalizeName("习近平").readings.empty());
}

TEST(ReadingsTest, KoreanNamesInHangulAsPassportsWriteThem) {
  EXPECT_TRUE(Has(ReadingsOf("박지성"), "bak ji seong"));
  EXPECT_TRUE(Has(ReadingsOf("이민호"), "yi min ho"));
  EXPECT_TRUE(SomeReadingPairs("박지성", "Park Ji Sung"));
  EXPECT_TRUE(SomeReadingPairs("이민호", "Lee Min Ho"));
  EXPECT_FALSE(SomeReadingPairs("박지성", "Lee Min Ho"));
}

TEST(ReadingsTest, ForeignNamesInHangulWithoutTheInsertedVowels) {
  const auto r = ReadingsOf("블라디미르 블라디미로비치 푸틴");
  EXPECT_TRUE(Has(r, "bladimir bladimirobich putin")) << ::testing::PrintToString(r);
  EXPECT_TRUE(SomeReadingPairs("블라디미르 푸틴", "Vladimir Putin"));
  // A Korean name has no foreign reading (no open ㅡ syllable).
  EXPECT_EQ(ReadingsOf("김정은").size(), 1u);
}

TEST(ReadingsTest, ForeignNamesInKatakana) {
  const auto r = ReadingsOf("ウラジーミル・プーチン");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0], "vradimir putin");  // ru and the long marks out, chi = ti, ji = di
  EXPECT_TRUE(SomeReadingPairs("ウラジーミル・プーチン", "Vladimir Putin"));
}

TEST(ReadingsTest, ForeignNamesWrittenInChinese) {
  // The interpunct joins the words of a foreign name; conventional renderings
  // (弗拉基米尔, 普京) before the characters' own sounds.
  EXPECT_EQ(NormalizeName("弗拉基米尔·普京").latin, "fu la ji mi er pu jing");  // Pinyin first
  EXPECT_EQ(ReadingsOf("弗拉基米尔·普京"), std::vector<std::string>{"vladimir putin"});
  EXPECT_TRUE(SomeReadingPairs("弗拉基米尔·普京", "Vladimir Putin"));
  // Character by character, with a common ending (罗夫 -rov, 维奇 -vich).
  EXPECT_TRUE(Has(ReadingsOf("谢尔盖·拉夫罗夫"), "sergai lavrov"));
  EXPECT_TRUE(SomeReadingPairs("谢尔盖·拉夫罗夫", "Sergey Lavrov"));
  EXPECT_TRUE(SomeReadingPairs("德米特里·梅德韦杰夫", "Dmitry Medvedev"));
  EXPECT_TRUE(Has(ReadingsOf("阿卜杜勒"), "abdul"));  // 卜 and 勒: consonants alone
  // Traditional characters (Taiwan, Hong Kong), and Taiwan's 普丁 for Putin.
  EXPECT_EQ(ReadingsOf("弗拉基米爾·普丁"), std::vector<std::string>{"vladimir putin"});
  EXPECT_TRUE(SomeReadingPairs("謝爾蓋·拉夫羅夫", "Sergey Lavrov"));
  EXPECT_TRUE(SomeReadingPairs("叶夫根尼·普里戈任", "Yevgeny Prigozhin"));  // 任 zhin
  // Without an interpunct: a conventional rendering, or three or more
  // characters with one that renders a consonant alone (夫 v).
  EXPECT_EQ(ReadingsOf("普京"), std::vector<std::string>{"putin"});
  EXPECT_TRUE(Has(ReadingsOf("拉夫罗夫"), "lavrov"));
  // Chinese names are not read so: a character with no foreign sound (李, 习),
  // or no sign of a foreign name (马德华: 德 is common in Chinese names).
  EXPECT_EQ(ReadingsOf("李克强").size(), 1u);  // the Korean reading (李 is a Korean surname) only
  EXPECT_TRUE(ReadingsOf("习近平").empty());
  EXPECT_TRUE(ReadingsOf("马德华").empty());
  EXPECT_FALSE(SomeReadingPairs("弗拉基米尔·普京", "Sergey Lavrov"));
}

TEST(ReadingsTest, ForeignNamesWrittenInBurmese) {
  // Words apart, each word's syllables one name part; ဗ v; ဗလာ a cluster;
  // a final ယာ after i an r.
  EXPECT_EQ(NormalizeName("ဗလာဒီမီယာ ပူတင်").latin, "ba la di mi ya pu tin");
  EXPECT_EQ(ReadingsOf("ဗလာဒီမီယာ ပူတင်"), std::vector<std::string>{"vladimir putin"});
  EXPECT_TRUE(SomeReadingPairs("ဗလာဒီမီယာ ပူတင်", "Vladimir Putin"));
  // One word (a Burmese name written as it usually is) has no such reading.
  EXPECT_TRUE(ReadingsOf("အောင်ဆန်းစုကြည်").empty());
  // A letter no table reads (U+1022, Shan A) stays in the reading, which then
  // is Myanmar script again: it gets no reading of its own (the fuzzer found
  // the endless recursion).
  const NormalizedName odd = NormalizeName("\xE1\x80\xA2\xE1\x80\xA2 \xE1\x80\xA2");
  ASSERT_EQ(odd.readings.size(), 1u);
  EXPECT_TRUE(odd.readings[0].readings.empty());
}

TEST(ReadingsTest, ArabicUrduAndHebrew) {
  EXPECT_TRUE(Has(ReadingsOf("محمد علي"), "mhmd ali"));
  EXPECT_TRUE(Has(ReadingsOf("عبد الله"), "abdallah"));  // عبد joined, الله = allah
  const auto putin = ReadingsOf("فلاديمير فلاديميروفيتش بوتين");
  EXPECT_TRUE(Has(putin, "fladimir fladimirufich butin")) << ::testing::PrintToString(putin);
  EXPECT_TRUE(Has(putin, "vladimir vladimiruvich putin"));         // ف v, ب p: a foreign name
  EXPECT_TRUE(Has(ReadingsOf("ولادیمیر پوٹن"), "vladimir putn"));  // Urdu ی and ٹ
  EXPECT_TRUE(SomeReadingPairs("محمد علي", "Mohamed Ali"));
  EXPECT_TRUE(SomeReadingPairs("فلاديمير بوتين", "Vladimir Putin"));
  EXPECT_FALSE(SomeReadingPairs("محمد علي", "Vladimir Putin"));
  EXPECT_TRUE(Has(ReadingsOf("דוד"), "dvd"));
  EXPECT_TRUE(SomeReadingPairs("דוד", "David"));
}

TEST(ReadingsTest, JapaneseReadingOfHanCheckedAgainstALatinName) {
  const NormalizedName yamada = NormalizeName("山田太郎");
  auto as = [&](std::string_view latin) { return JapaneseReadingAs(yamada, NormalizeName(latin)); };
  const auto r = as("Yamada Taro");  // yama + da (rendaku) / ta + rou (long vowel o)
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->latin, "yamada taro");
  EXPECT_EQ(r->original, "山田太郎");
  EXPECT_TRUE(as("Taro Yamada").has_value());   // given name first
  EXPECT_TRUE(as("YAMADA Tarou").has_value());  // long vowel written ou
  EXPECT_FALSE(as("Tanaka Hanako").has_value());
  EXPECT_FALSE(as("Yamada Jiro").has_value());
  EXPECT_TRUE(JapaneseReadingAs(NormalizeName("田中花子"), NormalizeName("Tanaka Hanako")));
  EXPECT_FALSE(JapaneseReadingAs(NormalizeName("Yamada Taro"), NormalizeName("Yamada Taro")));
}

}  // namespace
}  // namespace guomen::names

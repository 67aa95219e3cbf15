#include "names/transliterator.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "names/script.hpp"

namespace guomen::names {
namespace {

std::string Latin(std::string_view s) { return Transliterator::Instance().ToLatin(s); }

TEST(TransliteratorTest, ScriptsOfAsiaEuropeAndTheMiddleEast) {
  ASSERT_TRUE(Transliterator::Instance().Available());
  EXPECT_EQ(Latin("张三丰"), "zhang san feng");  // Han-Latin/Names
  EXPECT_EQ(Latin("Владимир Путин"), "vladimir putin");
  EXPECT_EQ(Latin("Πούτιν"), "poutin");
  EXPECT_EQ(Latin("بوتين"), "bwtyn");
  EXPECT_EQ(Latin("김정은"), "gim jeong-eun");  // surname apart; ICU marks the syllable break
  EXPECT_EQ(Latin("ปูติน"), "pu tin");
  EXPECT_EQ(Latin("이민호"), "i minho");
  EXPECT_EQ(Latin("Zhang 张三"), "zhang zhang san");  // mixed Latin and Han
  EXPECT_EQ(Latin("Şekim Öcalan"), "sekim ocalan");
  EXPECT_EQ(Latin("Łódź Straße"), "lodz strasse");
}

TEST(TransliteratorTest, KhmerAndLaoThroughOwnTables) {
  EXPECT_EQ(Latin("ពូទីន"), "putin");
  EXPECT_EQ(Latin("ປູຕິນ"), "putin");
  EXPECT_EQ(Latin("ເລ"), "le");  // prepositive vowel moved behind its consonant
}

TEST(TransliteratorTest, AsciiFastPathLowerCases) {
  EXPECT_EQ(Latin("O'Brien-SMITH"), "o'brien-smith");
}

TEST(TransliteratorTest, InvalidUtf8IsDroppedNotFatal) {
  EXPECT_EQ(Latin(std::string("ab\xff\xfe"
                              "c")),
            "abc");
}

TEST(TransliteratorTest, ConcurrentUseGivesTheSameResult) {
  std::vector<std::thread> threads;
  std::vector<std::string> out(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&out, t] {
      for (int i = 0; i < 50; ++i) out[static_cast<size_t>(t)] = Latin("Путин Владимир");
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& s : out) EXPECT_EQ(s, "putin vladimir");
}

TEST(ScriptTest, DetectsTheMainScript) {
  EXPECT_EQ(DetectScript("Vladimir Putin"), Script::kLatin);
  EXPECT_EQ(DetectScript("Путин, В. В."), Script::kCyrillic);
  EXPECT_EQ(DetectScript("弗拉基米尔·普京"), Script::kHan);
  EXPECT_EQ(DetectScript("ウラジーミル・プーチン"), Script::kKana);
  EXPECT_EQ(DetectScript("山田たろう"), Script::kKana);
  EXPECT_EQ(DetectScript("فلاديمير بوتين"), Script::kArabic);
  EXPECT_EQ(DetectScript("123 --"), Script::kUnknown);
  EXPECT_EQ(ScriptName(Script::kKhmer), "khmer");
}

}  // namespace
}  // namespace guomen::names

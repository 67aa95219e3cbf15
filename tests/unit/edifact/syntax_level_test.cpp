#include "edifact/syntax_level.hpp"

#include <gtest/gtest.h>

namespace guomen::edifact {
namespace {

TEST(SyntaxLevelTest, ParsesIdentifiers) {
  EXPECT_EQ(ParseSyntaxLevel("UNOA"), SyntaxLevel::kUnoa);
  EXPECT_EQ(ParseSyntaxLevel("UNOB"), SyntaxLevel::kUnob);
  EXPECT_EQ(ParseSyntaxLevel("UNOC"), SyntaxLevel::kUnoc);
  EXPECT_EQ(ParseSyntaxLevel("UNOE"), SyntaxLevel::kUnoe);
  EXPECT_EQ(ParseSyntaxLevel("UNOW"), SyntaxLevel::kUtf8);
  EXPECT_EQ(ParseSyntaxLevel("UNOX"), SyntaxLevel::kUnknown);
}

TEST(SyntaxLevelTest, LevelAAllowsOnlyUpperCaseDigitsAndItsPunctuation) {
  for (char c : std::string_view("AZ09 .,-()/='+:?!\"%&*;<>")) {
    EXPECT_TRUE(IsAllowedByte(SyntaxLevel::kUnoa, static_cast<unsigned char>(c))) << c;
  }
  for (char c : std::string_view("az@#_$\t")) {
    EXPECT_FALSE(IsAllowedByte(SyntaxLevel::kUnoa, static_cast<unsigned char>(c))) << c;
  }
  EXPECT_FALSE(IsAllowedByte(SyntaxLevel::kUnoa, 0xC9));
}

TEST(SyntaxLevelTest, LevelBAddsLowerCaseButNoEightBitBytes) {
  EXPECT_TRUE(IsAllowedByte(SyntaxLevel::kUnob, 'a'));
  EXPECT_TRUE(IsAllowedByte(SyntaxLevel::kUnob, '@'));
  EXPECT_FALSE(IsAllowedByte(SyntaxLevel::kUnob, 0xE9));
}

TEST(SyntaxLevelTest, Iso8859LevelsRejectC1Controls) {
  EXPECT_TRUE(IsAllowedByte(SyntaxLevel::kUnoc, 0xE9));
  EXPECT_FALSE(IsAllowedByte(SyntaxLevel::kUnoc, 0x85));
  EXPECT_FALSE(IsAllowedByte(SyntaxLevel::kUnoe, 0x9F));
}

TEST(SyntaxLevelTest, DecodesLatin1AndCyrillicToUtf8) {
  EXPECT_EQ(ToUtf8(SyntaxLevel::kUnoc, "M\xDCLLER"), "M\xC3\x9CLLER");  // MÜLLER
  // ISO 8859-5: 0xB8 0xD2 0xD0 0xDD = Ива н
  EXPECT_EQ(ToUtf8(SyntaxLevel::kUnoe, "\xB8\xD2\xD0\xDD"),
            "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD");  // Иван
  EXPECT_EQ(ToUtf8(SyntaxLevel::kUnoe, "\xF0"), "\xE2\x84\x96");  // №
}

TEST(SyntaxLevelTest, KeepsValidUtf8AtAsciiLevelsAndRepairsTheRest) {
  EXPECT_EQ(ToUtf8(SyntaxLevel::kUnoa, "\xC3\x89"), "\xC3\x89");
  EXPECT_EQ(ToUtf8(SyntaxLevel::kUnoa, "\xC9"), "\xC3\x89");
  EXPECT_TRUE(IsValidUtf8(ToUtf8(SyntaxLevel::kUtf8, "\xFF\xFE")));
}

TEST(SyntaxLevelTest, RejectsOverlongAndSurrogateUtf8) {
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));
}

}  // namespace
}  // namespace guomen::edifact

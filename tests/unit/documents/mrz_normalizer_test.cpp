#include "documents/mrz_normalizer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace guomen::documents {
namespace {

constexpr const char* kTd3 =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

TEST(MrzNormalizerTest, CleanInputHasNoNotes) {
  const auto mrz = NormalizeMrz(kTd3);
  ASSERT_TRUE(mrz.ok()) << mrz.error().message;
  EXPECT_EQ(mrz->format, MrzFormat::kTd3);
  EXPECT_EQ(mrz->line_count, 2);
  EXPECT_EQ(mrz->Line(1), "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
  EXPECT_TRUE(mrz->notes.empty());
}

// Exact reader output takes a fast path; these pin that it agrees with the
// general path at its edges.
TEST(MrzNormalizerTest, FinalLineEndOfExactInputIsNotANote) {
  for (const std::string end : {"\n", "\r\n"}) {
    const auto mrz = NormalizeMrz(std::string(kTd3) + end);
    ASSERT_TRUE(mrz.ok()) << mrz.error().message;
    EXPECT_EQ(mrz->format, MrzFormat::kTd3);
    EXPECT_EQ(mrz->Line(0), "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
    EXPECT_EQ(mrz->Line(1), "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    EXPECT_TRUE(mrz->notes.empty());
  }
}

TEST(MrzNormalizerTest, ExactGeometryWithQuirksIsStillNoted) {
  std::string lower = kTd3;
  lower[1] = 'p';
  const auto a = NormalizeMrz(lower);
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->notes.size(), 1U);
  EXPECT_EQ(a->notes[0].code, "lower_case");

  std::string crlf = kTd3;
  crlf.replace(44, 1, "\r\n");
  const auto b = NormalizeMrz(crlf + "\n");
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->notes.size(), 1U);
  EXPECT_EQ(b->notes[0].code, "carriage_return");
}

TEST(MrzNormalizerTest, ExactGeometryKeepsCharactersOutsideTheAlphabet) {
  std::string text = kTd3;
  text[50] = '#';
  text[2] = '\xC3';
  const auto mrz = NormalizeMrz(text);
  ASSERT_TRUE(mrz.ok());
  EXPECT_TRUE(mrz->notes.empty());
  EXPECT_EQ(mrz->Line(1)[5], '#');
  EXPECT_EQ(mrz->Line(0)[2], '\xC3');
}

TEST(MrzNormalizerTest, RejectsOversizedInput) {
  const auto mrz = NormalizeMrz(std::string(kMaxMrzInputBytes + 1, '<'));
  ASSERT_FALSE(mrz.ok());
  EXPECT_EQ(mrz.error().code, core::ErrorCode::kTooLarge);
}

TEST(MrzNormalizerTest, UnusableInputNamesTheLine) {
  const auto mrz = NormalizeMrz("P<UTOERIKSSON<<ANNA\nL898902C36UTO");
  ASSERT_FALSE(mrz.ok());
  EXPECT_EQ(mrz.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(mrz.error().field, "mrz");
  EXPECT_EQ(mrz.error().reason, "mrz_layout");
  EXPECT_NE(mrz.error().message.find("line 2"), std::string::npos) << mrz.error().message;
}

TEST(MrzNormalizerTest, VisaGeometryFollowsFirstCharacter) {
  const auto mrz =
      NormalizeMrz("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<");
  ASSERT_TRUE(mrz.ok());
  EXPECT_EQ(mrz->format, MrzFormat::kMrvB);
}

}  // namespace
}  // namespace guomen::documents

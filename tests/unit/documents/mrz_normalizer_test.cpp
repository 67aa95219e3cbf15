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
  const auto mrz = NormalizeMrz(
      "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<");
  ASSERT_TRUE(mrz.ok());
  EXPECT_EQ(mrz->format, MrzFormat::kMrvB);
}

}  // namespace
}  // namespace guomen::documents

#include "documents/check_digit.hpp"

#include <gtest/gtest.h>

namespace guomen::documents {
namespace {

// Worked examples from ICAO Doc 9303-3 §4.9 and the Doc 9303 specimens.
TEST(CheckDigitTest, MatchesStandardExamples) {
  EXPECT_EQ(ComputeCheckDigit("520727"), '3');
  EXPECT_EQ(ComputeCheckDigit("L898902C3"), '6');
  EXPECT_EQ(ComputeCheckDigit("740812"), '2');
  EXPECT_EQ(ComputeCheckDigit("120415"), '9');
  EXPECT_EQ(ComputeCheckDigit("ZE184226B<<<<<"), '1');
  EXPECT_EQ(ComputeCheckDigit("D23145890"), '7');
}

TEST(CheckDigitTest, FillersAndEmptyCountAsZero) {
  EXPECT_EQ(ComputeCheckDigit(""), '0');
  EXPECT_EQ(ComputeCheckDigit("<<<<<<<<<<<<<<"), '0');
  EXPECT_EQ(ComputeCheckDigit("AB<12"), ComputeCheckDigit("AB012"));
}

TEST(CheckDigitTest, InvalidCharactersCountAsZero) {
  EXPECT_EQ(ComputeCheckDigit("AB*12"), ComputeCheckDigit("AB<12"));
  EXPECT_EQ(ComputeCheckDigit(std::string_view("\xff\x80", 2)), '0');
}

TEST(CheckDigitTest, PartsEqualConcatenation) {
  EXPECT_EQ(ComputeCheckDigit({"L898902C36", "7408122", "1204159ZE184226B<<<<<1"}), '0');
  EXPECT_EQ(ComputeCheckDigit({"AB", "C", "", "DEF"}), ComputeCheckDigit("ABCDEF"));
}

}  // namespace
}  // namespace guomen::documents

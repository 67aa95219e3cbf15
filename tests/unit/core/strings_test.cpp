#include "core/strings.hpp"

#include <gtest/gtest.h>

namespace guomen::core {
namespace {

TEST(StringsTest, SplitsJoinsAndTrims) {
  EXPECT_EQ(Split("a,b,,c", ','), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(Join({"a", "b"}, ", "), "a, b");
  EXPECT_EQ(Trim("  x y \r\n"), "x y");
  EXPECT_EQ(AsciiUpper("Abc-1"), "ABC-1");
}

TEST(StringsTest, HexRoundTrips) {
  std::string out;
  ASSERT_TRUE(HexDecode(HexEncode(std::string("\x00\xff\x10", 3)), out));
  EXPECT_EQ(out, std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(HexDecode("abc", out));
  EXPECT_FALSE(HexDecode("zz", out));
}

}  // namespace
}  // namespace guomen::core

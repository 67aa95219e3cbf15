#include "core/clock.hpp"

#include <gtest/gtest.h>

namespace guomen::core {
namespace {

TEST(ClockTest, FormatsAndParsesIso8601) {
  auto t = ParseIso8601("2026-11-23T10:05:07Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatIso8601(*t), "2026-11-23T10:05:07Z");
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2026-11-23T18:05:07+08:00")), "2026-11-23T10:05:07Z");
  EXPECT_EQ(FormatIso8601(*ParseIso8601("2026-02-01")), "2026-02-01T00:00:00Z");
  EXPECT_EQ(ToMicros(*ParseIso8601("1970-01-01T00:00:01.5Z")), 1500000);
}

TEST(ClockTest, RejectsMalformedTimes) {
  EXPECT_FALSE(ParseIso8601("2026-13-01").has_value());
  EXPECT_FALSE(ParseIso8601("2026-02-30").has_value());
  EXPECT_FALSE(ParseIso8601("yesterday").has_value());
  EXPECT_FALSE(ParseIso8601("2026-11-23T25:00").has_value());
  EXPECT_FALSE(ParseIso8601("2026-11-23T10:00Zjunk").has_value());
}

TEST(ClockTest, ManualClockMovesOnlyWhenTold) {
  ManualClock c(*ParseIso8601("2026-01-01T00:00:00Z"));
  auto a = c.Now();
  EXPECT_EQ(c.Now(), a);
  c.Advance(std::chrono::minutes(16));
  EXPECT_EQ(c.Now() - a, std::chrono::minutes(16));
}

}  // namespace
}  // namespace guomen::core

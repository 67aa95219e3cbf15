#include "edifact/edifact_date.hpp"

#include <gtest/gtest.h>

namespace guomen::edifact {
namespace {

namespace chrono = std::chrono;

std::string Iso(std::string_view value, std::string_view format, CenturyRule rule,
                std::optional<chrono::year_month_day> ref = std::nullopt) {
  const auto d = ParseEdifactDateTime(value, format, rule, ref);
  return d ? d->Iso() : "none";
}

constexpr chrono::year_month_day k2014{chrono::year(2014), chrono::February, chrono::day(11)};

TEST(EdifactDateTest, ReadsTheFormatsPaxlstUses) {
  EXPECT_EQ(Iso("0702191540", "201", CenturyRule::kNear, k2014), "2007-02-19T15:40");
  EXPECT_EQ(Iso("20041230", "102", CenturyRule::kNear), "2004-12-30");
  EXPECT_EQ(Iso("200412301905", "203", CenturyRule::kNear), "2004-12-30T19:05");
  EXPECT_EQ(Iso("720907", "", CenturyRule::kPast, k2014), "1972-09-07");
}

TEST(EdifactDateTest, InfersTheFormatFromTheLength) {
  EXPECT_EQ(Iso("1306212200", "", CenturyRule::kNear, k2014), "2013-06-21T22:00");
  EXPECT_EQ(Iso("19350919", "", CenturyRule::kPast, k2014), "1935-09-19");
}

TEST(EdifactDateTest, BirthDatesAreNeverAfterTheReference) {
  EXPECT_EQ(Iso("130414", "", CenturyRule::kPast, k2014), "2013-04-14");
  EXPECT_EQ(Iso("140212", "", CenturyRule::kPast, k2014), "1914-02-12");
  EXPECT_EQ(Iso("140211", "", CenturyRule::kPast, k2014), "2014-02-11");
}

TEST(EdifactDateTest, ExpiryDatesStayWithinFiftyYearsOfTheReference) {
  EXPECT_EQ(Iso("610218", "", CenturyRule::kNear, k2014), "2061-02-18");
  EXPECT_EQ(Iso("650218", "", CenturyRule::kNear, k2014), "1965-02-18");
  EXPECT_EQ(Iso("180221", "", CenturyRule::kNear), "2018-02-21");
  EXPECT_EQ(Iso("850221", "", CenturyRule::kNear), "1985-02-21");
}

TEST(EdifactDateTest, RejectsImpossibleDatesAndTimes) {
  EXPECT_EQ(Iso("230229", "101", CenturyRule::kNear), "none");
  EXPECT_EQ(Iso("241301", "101", CenturyRule::kNear), "none");
  EXPECT_EQ(Iso("2402291261", "201", CenturyRule::kNear), "none");
  EXPECT_EQ(Iso("24022", "", CenturyRule::kNear), "none");
  EXPECT_EQ(Iso("24A229", "", CenturyRule::kNear), "none");
  EXPECT_EQ(Iso("240229", "999", CenturyRule::kNear), "none");
  EXPECT_EQ(Iso("240229", "101", CenturyRule::kNear), "2024-02-29");
}

}  // namespace
}  // namespace guomen::edifact

#include "documents/mrz_date.hpp"

#include <gtest/gtest.h>

namespace guomen::documents {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr year_month_day kToday{year(2025), month(6), day(1)};

TEST(MrzDateTest, BirthDatesAreNeverInTheFuture) {
  EXPECT_EQ(ParseMrzDate("740812", MrzDateKind::kBirth, kToday).Iso(), "1974-08-12");
  EXPECT_EQ(ParseMrzDate("250601", MrzDateKind::kBirth, kToday).Iso(), "2025-06-01");
  EXPECT_EQ(ParseMrzDate("250602", MrzDateKind::kBirth, kToday).Iso(), "1925-06-02");
  EXPECT_EQ(ParseMrzDate("2507<<", MrzDateKind::kBirth, kToday).Iso(), "1925-07");
  EXPECT_EQ(ParseMrzDate("2506<<", MrzDateKind::kBirth, kToday).Iso(), "2025-06");
  EXPECT_EQ(ParseMrzDate("25<<<<", MrzDateKind::kBirth, kToday).Iso(), "2025");
  EXPECT_EQ(ParseMrzDate("000101", MrzDateKind::kBirth, kToday).Iso(), "2000-01-01");
}

TEST(MrzDateTest, ExpiryDatesFallInAWindowAroundToday) {
  EXPECT_EQ(ParseMrzDate("740101", MrzDateKind::kExpiry, kToday).Iso(), "2074-01-01");
  EXPECT_EQ(ParseMrzDate("751231", MrzDateKind::kExpiry, kToday).Iso(), "1975-12-31");
  EXPECT_EQ(ParseMrzDate("120415", MrzDateKind::kExpiry, kToday).Iso(), "2012-04-15");
  constexpr year_month_day kLate{year(2099), month(1), day(1)};
  EXPECT_EQ(ParseMrzDate("100101", MrzDateKind::kExpiry, kLate).Iso(), "2110-01-01");
  EXPECT_EQ(ParseMrzDate("500101", MrzDateKind::kExpiry, kLate).Iso(), "2050-01-01");
}

TEST(MrzDateTest, UnknownPartsArePartialNotInvalid) {
  const MrzDate d = ParseMrzDate("74<<12", MrzDateKind::kBirth, kToday);
  EXPECT_EQ(d.state, MrzDate::State::kPartial);
  EXPECT_EQ(d.Iso(), "1974");  // a day without its month is not ISO 8601
  EXPECT_EQ(d.day, 12u);
  EXPECT_EQ(ParseMrzDate("<<<<<<", MrzDateKind::kBirth, kToday).Iso(), "");
}

TEST(MrzDateTest, RejectsImpossibleDates) {
  for (const char* raw : {"741312", "740001", "740230", "010229", "7408<1", "74 812", "7408",
                          "74081212", "74-8-1", "74<<32"}) {
    EXPECT_EQ(ParseMrzDate(raw, MrzDateKind::kBirth, kToday).state, MrzDate::State::kInvalid)
        << raw;
    EXPECT_EQ(ParseMrzDate(raw, MrzDateKind::kBirth, kToday).Iso(), "") << raw;
  }
  EXPECT_TRUE(ParseMrzDate("000229", MrzDateKind::kBirth, kToday).complete());
  EXPECT_EQ(ParseMrzDate("<<0229", MrzDateKind::kBirth, kToday).state, MrzDate::State::kPartial);
}

}  // namespace
}  // namespace guomen::documents

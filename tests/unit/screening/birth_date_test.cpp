#include "screening/birth_date.hpp"

#include <gtest/gtest.h>

namespace guomen::screening {
namespace {

BirthDate D(std::string_view s) {
  auto d = ParseBirthDate(s);
  EXPECT_TRUE(d.ok()) << s;
  return d.ok() ? *d : BirthDate{};
}

TEST(BirthDateTest, ReadsTheSpellingsListsUse) {
  EXPECT_EQ(D("1962-11-23").ToString(), "1962-11-23");
  EXPECT_EQ(D("23 Nov 1962").ToString(), "1962-11-23");
  EXPECT_EQ(D("23/11/1962").ToString(), "1962-11-23");
  EXPECT_EQ(D("Nov 1962").ToString(), "1962-11");
  EXPECT_EQ(D("1962-11").ToString(), "1962-11");
  EXPECT_EQ(D("1965").ToString(), "1965");
  EXPECT_EQ(D("1960 to 1962").ToString(), "1960..1962");
  EXPECT_EQ(D("1969..1971").ToString(), "1969..1971");
  EXPECT_EQ(D("circa 1958").ToString(), "~1958");
  EXPECT_EQ(D("~1984").ToString(), "~1984");
}

TEST(BirthDateTest, RejectsWhatItCannotRead) {
  for (std::string_view bad :
       {"", "abc", "1962-13-01", "32 Jan 1960", "1962 to 1950", "Smarch 1962", "0001"}) {
    auto d = ParseBirthDate(bad);
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_NE(d.error().message.find("date of birth"), std::string::npos);
  }
}

TEST(BirthDateTest, Agreement) {
  EXPECT_EQ(CompareBirthDates(D("1962-11-23"), D("23 Nov 1962")), DateAgreement::kExact);
  EXPECT_EQ(CompareBirthDates(D("1962-11-03"), D("1962-03-11")), DateAgreement::kTransposed);
  EXPECT_EQ(CompareBirthDates(D("1962-11-03"), D("Nov 1962")), DateAgreement::kSameYearMonth);
  EXPECT_EQ(CompareBirthDates(D("1962-11-03"), D("1962")), DateAgreement::kSameYear);
  EXPECT_EQ(CompareBirthDates(D("1963-01-01"), D("1962")), DateAgreement::kYearOffByOne);
  EXPECT_EQ(CompareBirthDates(D("1961-05-05"), D("1960 to 1962")), DateAgreement::kSameYear);
  EXPECT_EQ(CompareBirthDates(D("1970"), D("1960 to 1962")), DateAgreement::kConflict);
  EXPECT_EQ(CompareBirthDates(D("1960"), D("circa 1958")), DateAgreement::kYearOffByOne);
  EXPECT_EQ(CompareBirthDates(D("1990-01-01"), D("1952-10-07")), DateAgreement::kConflict);
  EXPECT_EQ(CompareBirthDates(BirthDate{}, D("1952")), DateAgreement::kUnknown);
  // One field mistyped: the same year and day, another month; not when both differ.
  EXPECT_EQ(CompareBirthDates(D("1937-05-28"), D("1937-04-28")), DateAgreement::kMonthOff);
  EXPECT_EQ(DateAgreementName(DateAgreement::kMonthOff), "month_off");
  EXPECT_EQ(CompareBirthDates(D("1965-04-03"), D("1965-10-05")), DateAgreement::kConflict);
  EXPECT_EQ(CompareBirthDates(D("1937-05-28"), D("1938-05-28")), DateAgreement::kYearOffByOne);
}

}  // namespace
}  // namespace guomen::screening

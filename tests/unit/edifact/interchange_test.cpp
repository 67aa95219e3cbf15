#include "edifact/interchange.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace guomen::edifact {
namespace {

Interchange Read(std::string_view in) {
  auto t = Tokenize(in);
  EXPECT_TRUE(t.ok());
  return ReadEnvelopes(*t);
}

std::vector<std::string> Codes(const std::vector<EdifactIssue>& issues) {
  std::vector<std::string> out;
  for (const auto& i : issues) out.push_back(i.code + "@" + std::to_string(i.segment) + i.tag);
  return out;
}

TEST(InterchangeTest, CorrectCountsGiveNoIssues) {
  const auto ic = Read(
      "UNB+UNOA:4+A+B+200101:1200+REF'UNG+PAXLST+A+B+200101:1200+G1+UN+D:05B'"
      "UNH+M1+PAXLST:D:05B:UN:IATA'BGM+745'UNT+3+M1'UNE+1+G1'UNZ+1+REF'");
  EXPECT_TRUE(ic.issues.empty()) << testing::PrintToString(Codes(ic.issues));
  ASSERT_EQ(ic.messages.size(), 1u);
  EXPECT_TRUE(ic.messages[0].issues.empty());
  EXPECT_EQ(ic.messages[0].release, "05B");
  EXPECT_EQ(ic.header.reference, "REF");
  EXPECT_EQ(ic.groups.at(0).reference, "G1");
}

TEST(InterchangeTest, WrongCountsAndReferencesAreErrorsOnTheirTrailer) {
  const auto ic = Read(
      "UNB+UNOA:4+A+B+200101:1200+REF'UNH+M1+PAXLST:D:05B:UN'BGM+745'UNT+9+M2'UNZ+2+REF'");
  ASSERT_EQ(ic.messages.size(), 1u);
  EXPECT_EQ(Codes(ic.messages[0].issues),
            (std::vector<std::string>{"control_count@4UNT", "reference_mismatch@4UNT"}));
  EXPECT_EQ(Codes(ic.issues), (std::vector<std::string>{"control_count@5UNZ"}));
  EXPECT_EQ(ic.messages[0].issues[0].element, 1);
}

TEST(InterchangeTest, UnzCountsGroupsWhenThereAreGroups) {
  const auto ic = Read(
      "UNB+UNOA:4+A+B+200101:1200+R'UNG+PAXLST+A+B+1:1+G+UN+D:05B'UNH+1+PAXLST:D:05B:UN'"
      "UNT+2+1'UNH+2+PAXLST:D:05B:UN'UNT+2+2'UNE+2+G'UNZ+1+R'");
  EXPECT_TRUE(ic.issues.empty()) << testing::PrintToString(Codes(ic.issues));
  EXPECT_EQ(ic.messages.size(), 2u);
}

TEST(InterchangeTest, MissingTrailersAreErrorsButMessagesAreKept) {
  const auto ic = Read("UNB+UNOA:4+A+B+200101:1200+R'UNH+1+PAXLST:D:05B:UN'BGM+745'"
                       "UNH+2+PAXLST:D:05B:UN'BGM+745'");
  ASSERT_EQ(ic.messages.size(), 2u);
  EXPECT_EQ(Codes(ic.messages[0].issues), (std::vector<std::string>{"missing_segment@4UNH"}));
  EXPECT_EQ(ic.messages[0].last, 3u);
  EXPECT_EQ(Codes(ic.messages[1].issues), (std::vector<std::string>{"missing_segment@5BGM"}));
  EXPECT_EQ(Codes(ic.issues), (std::vector<std::string>{"missing_segment@5BGM"}));
}

TEST(InterchangeTest, BareMessageIsAWarning) {
  const auto ic = Read("UNH+1+PAXLST:D:02B:UN'BGM+745'UNT+3+1'");
  EXPECT_FALSE(ic.has_header);
  EXPECT_EQ(Codes(ic.issues), (std::vector<std::string>{"missing_unb@1UNH"}));
  EXPECT_TRUE(ic.messages.at(0).issues.empty());
}

TEST(InterchangeTest, SegmentOutsideAMessageIsReported) {
  const auto ic = Read("UNB+UNOA:4+A+B+200101:1200+R'BGM+745'UNZ+0+R'");
  EXPECT_EQ(Codes(ic.issues), (std::vector<std::string>{"outside_message@2BGM"}));
}

TEST(InterchangeTest, NonNumericCountIsAnError) {
  const auto ic = Read("UNB+UNOA:4+A+B+200101:1200+R'UNH+1+PAXLST:D:05B:UN'UNT+X+1'UNZ+1+R'");
  EXPECT_EQ(Codes(ic.messages[0].issues), (std::vector<std::string>{"control_count@3UNT"}));
}

}  // namespace
}  // namespace guomen::edifact

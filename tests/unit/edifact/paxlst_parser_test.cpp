#include "edifact/paxlst_parser.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace guomen::edifact {
namespace {

PaxlstInterchange Parse(const std::string& in) {
  auto r = ParsePaxlst(in);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r).value() : PaxlstInterchange{};
}

bool Has(const std::vector<EdifactIssue>& issues, std::string_view code, Severity sev) {
  return std::any_of(issues.begin(), issues.end(), [&](const EdifactIssue& i) {
    return i.code == code && i.severity == sev;
  });
}

const char kHeader[] = "UNA:+.? 'UNB+UNOA:4+AIR1+DHS+070218:1545+IC1'";

std::string Message(const std::string& ref, const std::string& persons, int count_delta = 0) {
  // UNH BGM TDT LOC DTM LOC DTM + persons + CNT UNT
  std::string body = "BGM+745'TDT+20+AA123+++AA'LOC+125+ATL'DTM+189:0702191540:201'"
                     "LOC+87+JFK'DTM+232:0702191740:201'" +
                     persons + "CNT+42:1'";
  int segments = 2;  // UNH and UNT
  for (char c : body) segments += c == '\'' ? 1 : 0;
  return "UNH+" + ref + "+PAXLST:D:05B:UN:IATA'" + body + "UNT+" +
         std::to_string(segments + count_delta) + "+" + ref + "'";
}

const char kClark[] =
    "NAD+FL+++CLARK:MICHAEL:J'ATT+2++M'DTM+329:720907'LOC+178+ATL'LOC+179+JFK'NAT+2+USA'"
    "RFF+AVF:TYR123'DOC+P:110:111+123456789'DTM+36:180221'LOC+91+USA'";

TEST(PaxlstParserTest, ReadsAValidMessage) {
  const auto ic = Parse(kHeader + Message("M1", kClark) + "UNZ+1+IC1'");
  EXPECT_EQ(ic.verdict, Verdict::kValid) << testing::PrintToString(ic.AllIssues().size());
  ASSERT_EQ(ic.messages.size(), 1u);
  const PaxlstMessage& m = ic.messages[0];
  EXPECT_EQ(m.list_type, ListType::kPassenger);
  EXPECT_EQ(m.version, "D05B");
  EXPECT_EQ(m.transport_id, "AA123");
  EXPECT_EQ(m.carrier, "AA");
  ASSERT_EQ(m.legs.size(), 1u);
  EXPECT_EQ(m.legs[0].departure.location, "ATL");
  EXPECT_EQ(m.legs[0].departure.datetime->Iso(), "2007-02-19T15:40");
  ASSERT_EQ(m.persons.size(), 1u);
  const Person& p = m.persons[0];
  EXPECT_EQ(p.surname, "CLARK");
  EXPECT_EQ(p.given_names, "MICHAEL J");
  EXPECT_EQ(p.birth_date->Iso(), "1972-09-07");
  EXPECT_EQ(p.sex, "M");
  EXPECT_EQ(p.nationality, "USA");
  EXPECT_EQ(p.embarkation, "ATL");
  EXPECT_EQ(p.debarkation, "JFK");
  ASSERT_EQ(p.documents.size(), 1u);
  EXPECT_EQ(p.documents[0].type, "P");
  EXPECT_EQ(p.documents[0].number, "123456789");
  EXPECT_EQ(p.documents[0].issuing_state, "USA");
  EXPECT_EQ(p.documents[0].expiry_date->Iso(), "2018-02-21");
  EXPECT_EQ(p.references.at(0), (Reference{"AVF", "TYR123"}));
}

// RFF+AVF is the booking (PNR) reference; DTM+171 in the person's group the
// date of the booking.
TEST(PaxlstParserTest, ReadsTheBookingReferenceAndDate) {
  const auto ic = Parse(std::string(kHeader) +
                        Message("1",
                                "NAD+FL+++CLARK:MICHAEL'DTM+329:720907'NAT+2+USA'"
                                "RFF+AVF:TYR123'DTM+171:20070210'RFF+ABO:X1'"
                                "DOC+P:110:111+123456789'DTM+36:180221'"
                                "NAD+FL+++CLARK:ANN'RFF+ABO:X2'") +
                        "UNZ+1+IC1'");
  ASSERT_EQ(ic.messages.size(), 1u);
  ASSERT_EQ(ic.messages[0].persons.size(), 2u);
  const Person& p = ic.messages[0].persons[0];
  EXPECT_EQ(p.booking_reference, "TYR123");
  ASSERT_TRUE(p.booking_date.has_value());
  EXPECT_EQ(p.booking_date->Iso(), "2007-02-10");
  EXPECT_EQ(p.references.size(), 2u);
  EXPECT_EQ(p.birth_date->Iso(), "1972-09-07");
  EXPECT_EQ(ic.messages[0].persons[1].booking_reference, "");
  EXPECT_FALSE(ic.messages[0].persons[1].booking_date.has_value());
}

TEST(PaxlstParserTest, OneBadMessageDoesNotHideTheGoodOnes) {
  const auto ic = Parse(kHeader + Message("M1", kClark) + Message("M2", kClark, +5) +
                        Message("M3", kClark) + "UNZ+3+IC1'");
  ASSERT_EQ(ic.messages.size(), 3u);
  EXPECT_EQ(ic.messages[0].verdict, Verdict::kValid);
  EXPECT_EQ(ic.messages[1].verdict, Verdict::kInvalid);
  EXPECT_EQ(ic.messages[2].verdict, Verdict::kValid);
  EXPECT_EQ(ic.messages[1].persons.size(), 1u);  // still shown to the analyst
  EXPECT_EQ(ic.verdict, Verdict::kInvalid);
  EXPECT_TRUE(Has(ic.messages[1].issues, "control_count", Severity::kError));
  EXPECT_EQ(ic.PersonCount(), 3u);
}

TEST(PaxlstParserTest, OlderReleasesAndOtherMessagesAreUnsupported) {
  const auto ic = Parse(std::string(kHeader) + "UNH+1+PAXLST:001:000:NZ'CTA+IC'UNT+3+1'UNZ+1+IC1'");
  EXPECT_EQ(ic.verdict, Verdict::kUnsupported);
  ASSERT_EQ(ic.messages.size(), 1u);
  EXPECT_EQ(ic.messages[0].verdict, Verdict::kUnsupported);
  const auto old = Parse(std::string(kHeader) + "UNH+1+PAXLST:D:02A:UN'BGM+745'UNT+3+1'UNZ+1+IC1'");
  EXPECT_EQ(old.verdict, Verdict::kUnsupported);
  const auto d12b = Parse(kHeader + Message("M1", kClark) + "UNZ+1+IC1'");
  EXPECT_EQ(d12b.verdict, Verdict::kValid);
}

TEST(PaxlstParserTest, UnsupportedMessageBesideAGoodOneKeepsTheGoodOne) {
  const auto ic = Parse(kHeader + Message("M1", kClark) +
                        "UNH+2+CUSRES:D:05B:UN'BGM+962'UNT+3+2'UNZ+2+IC1'");
  EXPECT_EQ(ic.verdict, Verdict::kValid);
  EXPECT_EQ(ic.messages.at(1).verdict, Verdict::kUnsupported);
}

TEST(PaxlstParserTest, MissingBgmAndTdtMakeTheMessageInvalid) {
  const auto ic = Parse(std::string(kHeader) +
                        "UNH+1+PAXLST:D:05B:UN'NAD+FL+++DOE:JOHN'UNT+3+1'UNZ+1+IC1'");
  ASSERT_EQ(ic.messages.size(), 1u);
  EXPECT_EQ(ic.messages[0].verdict, Verdict::kInvalid);
  EXPECT_TRUE(Has(ic.messages[0].issues, "missing_segment", Severity::kError));
  EXPECT_EQ(ic.messages[0].persons.size(), 1u);
}

TEST(PaxlstParserTest, CrewAndInTransitRoles) {
  const auto ic = Parse(kHeader +
                        Message("M1",
                                "NAD+FM+++A:B'NAD+DDT+++C:D'NAD+DDU+++E:F'NAD+ZZ+++G:H'") +
                        "UNZ+1+IC1'");
  const auto& persons = ic.messages.at(0).persons;
  ASSERT_EQ(persons.size(), 4u);
  EXPECT_EQ(persons[0].category, ListType::kCrew);
  EXPECT_FALSE(persons[0].in_transit);
  EXPECT_EQ(persons[1].category, ListType::kPassenger);
  EXPECT_TRUE(persons[1].in_transit);
  EXPECT_EQ(persons[2].category, ListType::kCrew);
  EXPECT_TRUE(persons[2].in_transit);
  EXPECT_EQ(persons[3].category, ListType::kUnknown);
  EXPECT_TRUE(Has(ic.messages[0].issues, "unknown_code", Severity::kWarning));
}

TEST(PaxlstParserTest, CrewListAndChangeFromBgm) {
  std::string msg = Message("M1", kClark);
  msg.replace(msg.find("BGM+745'"), 8, "BGM+250+CC'");
  const auto ic = Parse(kHeader + msg + "UNZ+1+IC1'");
  EXPECT_EQ(ic.messages.at(0).list_type, ListType::kCrew);
  EXPECT_TRUE(ic.messages.at(0).change);
}

TEST(PaxlstParserTest, PersonWithoutSurnameIsAnErrorButKept) {
  const auto ic = Parse(kHeader + Message("M1", "NAD+FL+++:JOHN'") + "UNZ+1+IC1'");
  EXPECT_EQ(ic.messages.at(0).verdict, Verdict::kInvalid);
  EXPECT_EQ(ic.messages.at(0).persons.size(), 1u);
  const auto& issues = ic.messages[0].issues;
  auto it = std::find_if(issues.begin(), issues.end(),
                         [](const EdifactIssue& i) { return i.code == "missing_element"; });
  ASSERT_NE(it, issues.end());
  EXPECT_EQ(it->tag, "NAD");
  EXPECT_EQ(it->element, 4);
}

TEST(PaxlstParserTest, MorePersonsThanTheControlTotalIsAWarning) {
  const auto ic = Parse(kHeader + Message("M1", std::string(kClark) + kClark) + "UNZ+1+IC1'");
  EXPECT_EQ(ic.messages.at(0).verdict, Verdict::kValidWithWarnings);
  EXPECT_TRUE(Has(ic.messages[0].issues, "control_total", Severity::kWarning));
}

TEST(PaxlstParserTest, InvalidDateIsAWarningAndLeavesTheFieldEmpty) {
  const auto ic = Parse(kHeader + Message("M1", "NAD+FL+++DOE:JOHN'DTM+329:721399'") +
                        "UNZ+1+IC1'");
  EXPECT_FALSE(ic.messages.at(0).persons.at(0).birth_date.has_value());
  EXPECT_TRUE(Has(ic.messages[0].issues, "invalid_date", Severity::kWarning));
}

TEST(PaxlstParserTest, ProgressiveLegsWithRoutingLocations) {
  std::string msg = Message("M1", kClark);
  msg.replace(msg.find("LOC+125"), 7, "LOC+92");
  msg.replace(msg.find("LOC+87"), 6, "LOC+92");
  const auto ic = Parse(kHeader + msg + "UNZ+1+IC1'");
  const Leg& leg = ic.messages.at(0).legs.at(0);
  EXPECT_EQ(leg.departure.location, "ATL");
  EXPECT_EQ(leg.arrival.location, "JFK");
  EXPECT_EQ(leg.arrival.datetime->Iso(), "2007-02-19T17:40");
}

TEST(PaxlstParserTest, NotEdifactIsAnError) {
  const auto r = ParsePaxlst("NAME,SURNAME\nA,B\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "not_edifact");
}

TEST(PaxlstParserTest, BirthCenturyComesFromThePreparationDate) {
  const auto ic = Parse("UNB+UNOA:4+A+B+140211:1800+R'" +
                        Message("M1", "NAD+FL+++DOE:JOHN'DTM+329:130414'NAD+FL+++DOE:JANE'"
                                      "DTM+329:150101'") +
                        "UNZ+1+R'");
  EXPECT_EQ(ic.messages.at(0).persons.at(0).birth_date->Iso(), "2013-04-14");
  EXPECT_EQ(ic.messages.at(0).persons.at(1).birth_date->Iso(), "1915-01-01");
}

}  // namespace
}  // namespace guomen::edifact

#include "edifact/fal_csv_parser.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace guomen::edifact {
namespace {

bool Has(const PaxlstMessage& m, std::string_view code, int line) {
  return std::any_of(m.issues.begin(), m.issues.end(), [&](const EdifactIssue& i) {
    return i.code == code && i.segment == line;
  });
}

TEST(FalCsvParserTest, ReadsACrewListForm5) {
  const auto r = ParseFalCsv(
      "\xEF\xBB\xBF" "No.,Family name,Given names,Rank or rating,Nationality,Date of birth,"
      "Place of birth,Nature of identity document,Number of identity document,Issuing State,"
      "Expiry date\r\n"
      "1,SANTOS,\"JOSE, JR\",MASTER,PHL,1970-05-01,MANILA,P,P1234567A,PHL,2030-01-31\r\n"
      "2,M\xC3\x9CLLER,\"ANNA \"\"ANNI\"\"\",COOK,DEU,1985-12-24,BREMEN,P,C01X00T47,DEU,2029-06-30\r\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->list_type, ListType::kCrew);
  EXPECT_EQ(r->document_code, "FAL5");
  EXPECT_EQ(r->verdict, Verdict::kValid);  // the unknown "No." column is an info
  ASSERT_EQ(r->persons.size(), 2u);
  const Person& p = r->persons[0];
  EXPECT_EQ(p.role, "FM");
  EXPECT_EQ(p.segment, 2);
  EXPECT_EQ(p.surname, "SANTOS");
  EXPECT_EQ(p.given_names, "JOSE, JR");
  EXPECT_EQ(p.birth_date->Iso(), "1970-05-01");
  EXPECT_EQ(p.birth_place, "MANILA");
  ASSERT_EQ(p.documents.size(), 1u);
  EXPECT_EQ(p.documents[0].number, "P1234567A");
  EXPECT_EQ(p.documents[0].expiry_date->Iso(), "2030-01-31");
  EXPECT_EQ(r->persons[1].surname, "M\xC3\x9CLLER");
  EXPECT_EQ(r->persons[1].given_names, "ANNA \"ANNI\"");
}

TEST(FalCsvParserTest, ReadsAPassengerListForm6WithTransit) {
  const auto r = ParseFalCsv(
      "surname,given_names,nationality,birth_date,sex,document_type,document_number,"
      "issuing_state,port_of_embarkation,port_of_disembarkation,transit\n"
      "LEE,MEI,SGP,1992-03-15,F,P,K1234567,SGP,SGSIN,CNSHA,no\n"
      "TAN,WEI,SGP,1988-08-08,M,P,K7654321,SGP,SGSIN,JPYOK,yes\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->list_type, ListType::kPassenger);
  EXPECT_EQ(r->verdict, Verdict::kValid);
  EXPECT_FALSE(r->persons.at(0).in_transit);
  EXPECT_TRUE(r->persons.at(1).in_transit);
  EXPECT_EQ(r->persons[1].debarkation, "JPYOK");
}

TEST(FalCsvParserTest, BadRowsAreReportedByLineAndKept) {
  const auto r = ParseFalCsv("family_name,given_names,date_of_birth,gender\n"
                             ",ANON,1990-01-01,M\n"
                             "DOE,JOHN,01/02/1990,Q\n"
                             "ROE,JANE\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->verdict, Verdict::kInvalid);
  EXPECT_EQ(r->persons.size(), 3u);
  EXPECT_TRUE(Has(*r, "missing_element", 2));
  EXPECT_TRUE(Has(*r, "invalid_date", 3));
  EXPECT_TRUE(Has(*r, "unknown_code", 3));
  EXPECT_TRUE(Has(*r, "column_count", 4));
}

TEST(FalCsvParserTest, RefusesWhatIsNotAList) {
  EXPECT_EQ(ParseFalCsv("").error().reason, "bad_csv");
  EXPECT_EQ(ParseFalCsv("a,b,c\n1,2,3\n").error().reason, "bad_csv");
  EXPECT_EQ(ParseFalCsv("family_name\n\"open\n").error().reason, "bad_csv");
  FalCsvOptions small;
  small.max_rows = 1;
  EXPECT_EQ(ParseFalCsv("family_name\nA\nB\n", small).error().code, core::ErrorCode::kTooLarge);
}

TEST(FalCsvParserTest, Latin1FieldsAreRepairedWithAWarning) {
  const auto r = ParseFalCsv("family_name\nM\xDCLLER\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->persons.at(0).surname, "M\xC3\x9CLLER");
  EXPECT_TRUE(Has(*r, "encoding", 2));
}

// A ship's declaration: the ports of call first, then the crew list with
// each person's Maritime Declaration of Health answers.
TEST(FalCsvParserTest, ReadsPortsOfCallAndHealthAnswersOfAShip) {
  const auto r = ParseFalCsv(
      "port_of_call,country,arrival_date,departure_date\r\n"
      "SGSIN,SGP,2026-11-10,2026-11-11\r\n"
      "VNSGN,,2026-11-15,2026-11-16\r\n"
      "\r\n"
      "family_name,given_names,rank_or_rating,nationality,health_fever,health_cough,"
      "health_contact_with_case,temperature,booking_reference,booking_date\r\n"
      "SANTOS,JOSE,MASTER,PHL,no,no,no,36.6,,\r\n"
      "REYES,ANA,COOK,PHL,yes,Y,no,38.4,BK77,2026-11-01\r\n"
      "CRUZ,LEO,AB,PHL,maybe,,,hot,,\r\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->list_type, ListType::kCrew);
  ASSERT_EQ(r->ports_of_call.size(), 2u);
  EXPECT_EQ(r->ports_of_call[0].port, "SGSIN");
  EXPECT_EQ(r->ports_of_call[0].country, "SGP");
  EXPECT_EQ(r->ports_of_call[0].arrived->Iso(), "2026-11-10");
  EXPECT_EQ(r->ports_of_call[0].departed->Iso(), "2026-11-11");
  EXPECT_EQ(r->ports_of_call[1].port, "VNSGN");
  EXPECT_EQ(r->ports_of_call[1].country, "");
  ASSERT_EQ(r->persons.size(), 3u);
  const Person& santos = r->persons[0];
  EXPECT_EQ(santos.segment, 6);  // line numbers count the ports of call
  EXPECT_TRUE(santos.health.YesAnswers().empty());
  EXPECT_EQ(santos.health.ContactWithCase(), std::optional<bool>(false));
  EXPECT_DOUBLE_EQ(*santos.health.temperature, 36.6);
  const Person& reyes = r->persons[1];
  EXPECT_EQ(reyes.health.Symptoms(), (std::vector<std::string>{"fever", "cough"}));
  EXPECT_DOUBLE_EQ(*reyes.health.temperature, 38.4);
  EXPECT_EQ(reyes.booking_reference, "BK77");
  EXPECT_EQ(reyes.booking_date->Iso(), "2026-11-01");
  // An answer that is not yes/no, or a temperature that is not a number, is
  // reported on its line and column and left out.
  EXPECT_TRUE(r->persons[2].health.Empty());
  EXPECT_TRUE(Has(*r, "unknown_code", 8));
  EXPECT_TRUE(Has(*r, "invalid_number", 8));
  EXPECT_EQ(r->verdict, Verdict::kValidWithWarnings);
}

TEST(FalCsvParserTest, APortOfCallWithoutPortOrCountryIsAnError) {
  const auto r = ParseFalCsv(
      "port_of_call,arrival_date\n"
      ",2026-11-10\n"
      "\n"
      "family_name\n"
      "SANTOS\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->ports_of_call.empty());
  EXPECT_TRUE(Has(*r, "missing_element", 2));
  EXPECT_EQ(r->verdict, Verdict::kInvalid);
  ASSERT_EQ(r->persons.size(), 1u);
  EXPECT_EQ(r->persons[0].segment, 5);
}

}  // namespace
}  // namespace guomen::edifact

// The CONTRL acknowledgement for carriers, on real published PAXLST samples.
#include "edifact/contrl.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "edifact/paxlst_parser.hpp"

namespace guomen::edifact {
namespace {

std::string ReadData(const std::string& name) {
  const char* env = std::getenv("GUOMEN_SOURCE_DIR");
  std::string dir = env != nullptr && *env != '\0' ? env : GUOMEN_SOURCE_DIR;
  std::ifstream in(std::filesystem::path(dir) / "tests/data/paxlst" / name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

PaxlstInterchange Parse(const std::string& name) {
  auto r = ParsePaxlst(ReadData(name));
  EXPECT_TRUE(r.ok()) << name;
  return r.ok() ? std::move(r).value() : PaxlstInterchange{};
}

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(ContrlTest, RejectsAMessageWithAWrongSegmentCountNamingTheSegmentAndCode29) {
  auto ic = Parse("gtas_test1_crew_bad_counts.edi");
  ASSERT_EQ(ic.verdict, Verdict::kInvalid);
  std::string contrl = MakeContrl(ic, {"GUOMEN", "C1", "261123", "1200"});
  EXPECT_TRUE(Contains(contrl, "UNB+UNOA:4+GUOMEN+APIS*C3K+261123:1200+C1'")) << contrl;
  EXPECT_TRUE(Contains(contrl, "UCI+1403010600+APIS*C3K+USCSAPIS+4'")) << contrl;
  EXPECT_TRUE(Contains(contrl, "UCM+1402010600+PAXLST:D:02B:IATA+4'")) << contrl;
  // The UNT's count (element 1) does not match: error 29 on that segment.
  int unt = 0;
  for (const auto& i : ic.AllIssues()) {
    if (i.tag == "UNT" && i.code == "control_count") unt = i.segment;
  }
  ASSERT_GT(unt, 0);
  EXPECT_TRUE(Contains(contrl, "UCS+" + std::to_string(unt) + "'\nUCD+29+1'")) << contrl;
}

TEST(ContrlTest, AcknowledgesAValidInterchange) {
  auto ic = Parse("wco_ig_ex51_single_sector_passenger_d15b.edi");
  ASSERT_NE(ic.verdict, Verdict::kInvalid);
  EXPECT_EQ(ContrlAction(ic), "7");
  std::string contrl = MakeContrl(ic);
  EXPECT_FALSE(Contains(contrl, "UCS+")) << contrl;
  EXPECT_TRUE(Contains(contrl, "+7'\n")) << contrl;
}

TEST(ContrlTest, OneBadMessageOfThreeIsReceivedWithThatMessageRejected) {
  auto ic = Parse("guomen_one_bad_message_of_three_d12b.edi");
  int invalid = 0;
  for (const auto& m : ic.messages) invalid += m.verdict == Verdict::kInvalid ? 1 : 0;
  ASSERT_EQ(invalid, 1);
  bool envelope_error = false;
  for (const auto& i : ic.issues) envelope_error |= i.severity == Severity::kError;
  EXPECT_EQ(ContrlAction(ic), envelope_error ? "4" : "8");
  std::string contrl = MakeContrl(ic);
  size_t rejected = 0, accepted = 0;
  for (size_t p = contrl.find("UCM+"); p != std::string::npos; p = contrl.find("UCM+", p + 1)) {
    size_t end = contrl.find('\'', p);
    (contrl[end - 1] == '4' ? rejected : accepted)++;
  }
  EXPECT_EQ(rejected, 1u);
  EXPECT_EQ(accepted, 2u);
}

TEST(ContrlTest, TheGeneratedInterchangeHasCorrectControlCounts) {
  // Our own CONTRL read back by our tokenizer: no control-count finding.
  auto ic = Parse("gtas_test1_crew_bad_counts.edi");
  auto back = ParsePaxlst(MakeContrl(ic));
  ASSERT_TRUE(back.ok());
  for (const auto& i : back->AllIssues()) {
    EXPECT_NE(i.code, "control_count") << i.tag << " " << i.message;
    EXPECT_NE(i.code, "syntax_level") << i.tag << " " << i.message;
  }
  ASSERT_EQ(back->messages.size(), 1u);
  EXPECT_EQ(back->messages[0].message_type, "CONTRL");
}

TEST(ContrlTest, MapsTheEnginesCodesToIso9735SyntaxErrors) {
  EXPECT_EQ(SyntaxErrorCode("control_count"), "29");
  EXPECT_EQ(SyntaxErrorCode("missing_segment"), "13");
  EXPECT_EQ(SyntaxErrorCode("syntax_level"), "21");
  EXPECT_EQ(SyntaxErrorCode("something_new"), "18");
}

}  // namespace
}  // namespace guomen::edifact

#include "edifact/tokenizer.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace guomen::edifact {
namespace {

TokenizedInterchange Tok(std::string_view in) {
  auto r = Tokenize(in);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? std::move(r).value() : TokenizedInterchange{};
}

bool HasIssue(const TokenizedInterchange& t, std::string_view code) {
  return std::any_of(t.issues.begin(), t.issues.end(),
                     [&](const EdifactIssue& i) { return i.code == code; });
}

TEST(TokenizerTest, HonoursUnaServiceCharacters) {
  const auto t = Tok("UNA:*.? #UNB*UNOA:4*S*R*210827:0031*1#UNH*1*PAXLST:D:05B:UN#");
  ASSERT_EQ(t.segments.size(), 2u);
  EXPECT_TRUE(t.has_una);
  EXPECT_EQ(t.service_chars.element, '*');
  EXPECT_EQ(t.service_chars.terminator, '#');
  EXPECT_EQ(t.segments[1].Value(2, 3), "05B");
  EXPECT_EQ(t.segments[0].number, 1);
  EXPECT_EQ(t.segments[1].number, 2);
}

TEST(TokenizerTest, ReleaseCharacterMakesServiceCharactersData) {
  const auto t = Tok("UNB+UNOA:4+A+B+1:1+1'NAD+FL+++O?'LEARY:A?+B?:C??D'");
  ASSERT_EQ(t.segments.size(), 2u);
  EXPECT_EQ(t.segments[1].Value(4, 1), "O'LEARY");
  EXPECT_EQ(t.segments[1].Value(4, 2), "A+B:C?D");
}

TEST(TokenizerTest, ReleaseCharacterBeforeOrdinaryDataIsKept) {
  const auto t = Tok("UNB+UNOA:4+A+B+1:1+1'FTX+WHAT?X'");
  EXPECT_EQ(t.segments[1].Value(1), "WHAT?X");
}

TEST(TokenizerTest, SkipsTelexHeaderAndTrailingText) {
  const auto t = Tok("QP FESR43f VIEGPXH\r\n.FEAGEWS 270031\r\nUNB+UNOA:4+A+B+1:1+1'UNZ+0+1'\r\n"
                     "Email secured by UN Antivirus");
  ASSERT_EQ(t.segments.size(), 2u);
  EXPECT_TRUE(HasIssue(t, "telex_header"));
  EXPECT_TRUE(HasIssue(t, "trailing_text"));
}

TEST(TokenizerTest, JoinsWrappedLinesAndReportsThemOnce) {
  const auto t = Tok("UNB+UNOA:4+A+B+1:1+1'U\r\nNH+1+PAXLST:D:05B:UN'BGM+7\r\n45'");
  ASSERT_EQ(t.segments.size(), 3u);
  EXPECT_EQ(t.segments[1].tag, "UNH");
  EXPECT_EQ(t.segments[2].Value(1), "745");
  EXPECT_EQ(std::count_if(t.issues.begin(), t.issues.end(),
                          [](const EdifactIssue& i) { return i.code == "wrapped_lines"; }),
            1);
}

TEST(TokenizerTest, LowerCaseInUnoaIsAnErrorNamingSegmentAndElement) {
  const auto t = Tok("UNB+UNOA:4+A+B+1:1+1'NAD+FL+++Smith:JOHN'");
  auto it = std::find_if(t.issues.begin(), t.issues.end(),
                         [](const EdifactIssue& i) { return i.code == "syntax_level"; });
  ASSERT_NE(it, t.issues.end());
  EXPECT_EQ(it->severity, Severity::kError);
  EXPECT_EQ(it->segment, 2);
  EXPECT_EQ(it->tag, "NAD");
  EXPECT_EQ(it->element, 4);
  EXPECT_EQ(it->component, 1);
}

TEST(TokenizerTest, UnobAllowsLowerCase) {
  const auto t = Tok("UNB+UNOB:4+A+B+1:1+1'NAD+FL+++Smith:John'");
  EXPECT_FALSE(HasIssue(t, "syntax_level"));
}

TEST(TokenizerTest, UnocIsDecodedFromLatin1) {
  const auto t = Tok("UNB+UNOC:4+A+B+1:1+1'NAD+FL+++M\xDCLLER'");
  EXPECT_EQ(t.segments[1].Value(4), "M\xC3\x9CLLER");
  EXPECT_TRUE(t.issues.empty());
}

TEST(TokenizerTest, UnocThatIsReallyUtf8IsReadAsUtf8WithAWarning) {
  const auto t = Tok("UNB+UNOC:4+A+B+1:1+1'NAD+FL+++M\xC3\x9CLLER'");
  EXPECT_EQ(t.segments[1].Value(4), "M\xC3\x9CLLER");
  EXPECT_TRUE(HasIssue(t, "utf8_data"));
}

TEST(TokenizerTest, UnoeIsDecodedFromIso8859_5) {
  const auto t = Tok("UNB+UNOE:4+A+B+1:1+1'NAD+FL+++\xB8\xD2\xD0\xDD'");
  EXPECT_EQ(t.segments[1].Value(4), "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD");
}

TEST(TokenizerTest, RepetitionSeparatorKeepsTheFirstRepetition) {
  const auto t = Tok("UNA:+.?*'UNB+UNOA:4+A+B+1:1+1'ATT+2++M*F'");
  EXPECT_EQ(t.segments[1].Value(3), "M");
  EXPECT_TRUE(HasIssue(t, "repeated_element"));
}

TEST(TokenizerTest, WithoutUnaAsteriskIsData) {
  const auto t = Tok("UNB+UNOA:4+APIS*ABE+B+1:1+1'");
  EXPECT_EQ(t.segments[0].Value(2), "APIS*ABE");
}

TEST(TokenizerTest, TrimsAPaddedTag) {
  const auto t = Tok("UNB+UNOA:4+A+B+1:1+1'UNG +PAXLST'");
  EXPECT_EQ(t.segments[1].tag, "UNG");
  EXPECT_TRUE(HasIssue(t, "padded_tag"));
}

TEST(TokenizerTest, ReportsAMalformedTag) {
  const auto t = Tok("UNB+UNOA:4+A+B+1:1+1'XY+1'");
  EXPECT_TRUE(HasIssue(t, "malformed_tag"));
}

// Found by edifact_fuzz: raw bytes of a malformed tag reached the issues and
// the JSON as invalid UTF-8.
TEST(TokenizerTest, MalformedTagIsEchoedAsShortPrintableAscii) {
  const auto t = Tok("UNB+UNOA:4+A+B+1:1+1'\xFF\xFF\xFF" "BGM+745'" + std::string(100, 'Q') + "'");
  ASSERT_EQ(t.segments.size(), 3u);
  EXPECT_EQ(t.segments[1].tag, "???BGM");
  EXPECT_EQ(t.segments[2].tag, "QQQQQQQQ...");
  for (const auto& i : t.issues) EXPECT_TRUE(IsValidUtf8(i.tag) && IsValidUtf8(i.message));
}

TEST(TokenizerTest, RefusesInputWithoutAnInterchange) {
  const auto r = Tokenize("hello world");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "not_edifact");
  EXPECT_FALSE(Tokenize("").ok());
}

TEST(TokenizerTest, RefusesAMalformedUna) {
  const auto r = Tokenize("UNA::.? 'UNB");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().reason, "bad_una");
}

TEST(TokenizerTest, RefusesOversizedInput) {
  TokenizerOptions options;
  options.max_input_bytes = 10;
  const auto r = Tokenize("UNB+UNOA:4+A+B+1:1+1'", options);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kTooLarge);
}

TEST(TokenizerTest, ReleaseAtEndOfInputDoesNotCrash) {
  const auto t = Tok("UNB+UNOA:4+A+B+1:1+1'NAD+?");
  EXPECT_TRUE(HasIssue(t, "missing_terminator"));
}

}  // namespace
}  // namespace guomen::edifact

#include "names/name_normalizer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace guomen::names {
namespace {

std::vector<std::string> Texts(const NormalizedName& n) {
  std::vector<std::string> out;
  for (const auto& t : n.tokens) out.push_back(t.text);
  return out;
}

TEST(NameNormalizerTest, PunctuationSpacingAndCase) {
  EXPECT_EQ(Texts(NormalizeName("PUTIN, Vladimir Vladimirovich")),
            (std::vector<std::string>{"putin", "vladimir", "vladimirovich"}));
  EXPECT_EQ(Texts(NormalizeName("  O'Brien-Smith,  Seán ")),
            (std::vector<std::string>{"obrien", "smith", "sean"}));
  EXPECT_EQ(Texts(NormalizeName("Vladimir V. Putin")),
            (std::vector<std::string>{"vladimir", "v", "putin"}));
  EXPECT_EQ(NormalizeName("Ｊｏｈｎ　ＳＭＩＴＨ").latin, "john smith");  // NFKC full-width
  EXPECT_TRUE(NormalizeName(" ,.- ").empty());
}

TEST(NameNormalizerTest, MarksInitialsParticlesAndHonorifics) {
  const NormalizedName n = NormalizeName("Haji Abd al-Rahman bin Laden V.");
  ASSERT_EQ(n.tokens.size(), 7u);
  EXPECT_EQ(n.tokens[0].kind, TokenKind::kHonorific);
  EXPECT_EQ(n.tokens[1].kind, TokenKind::kName);      // abd
  EXPECT_EQ(n.tokens[2].kind, TokenKind::kParticle);  // al
  EXPECT_EQ(n.tokens[4].kind, TokenKind::kParticle);  // bin
  EXPECT_EQ(n.tokens[6].kind, TokenKind::kInitial);
}

// Legal forms of organisations, however written, become one low-weight token.
TEST(NameNormalizerTest, LegalFormsBecomeOneParticle) {
  auto form = [](std::string_view raw) {
    const NormalizedName n = NormalizeName(raw);
    std::string out;
    for (const auto& t : n.tokens) {
      out += (out.empty() ? "" : " ") + t.text;
      if (t.kind == TokenKind::kParticle) out += "*";
    }
    return out;
  };
  EXPECT_EQ(form("Siemens Aktiengesellschaft"), "siemens ag*");
  EXPECT_EQ(form("Siemens AG"), "siemens ag*");
  EXPECT_EQ(form("OAO Gazprom"), "jsc* gazprom");
  EXPECT_EQ(form("Open Joint Stock Company Gazprom"), "jsc* gazprom");
  EXPECT_EQ(form("Volkswagen Gesellschaft mit beschränkter Haftung"), "volkswagen gmbh*");
  EXPECT_EQ(form("Volkswagen Bank G.m.b.H."), "volkswagen bank gmbh*");
  EXPECT_EQ(form("FABERLIC EUROPE Sp. z o.o."), "faberlic europe spzoo*");
  EXPECT_EQ(form("The Walt Disney Company"), "the* walt disney co*");
  EXPECT_EQ(form("Limited Liability Company Iskusstvo Krasoty"), "llc* iskusstvo krasoty");
  // Single letters that spell no form stay initials; person names are untouched.
  EXPECT_EQ(form("J. R. Smith"), "j r smith");
  EXPECT_EQ(form("Ao Wei"), "ao wei");
}

TEST(NameNormalizerTest, OtherScriptsBecomeLatinTokens) {
  const NormalizedName n = NormalizeName("Путин, Владимир");
  EXPECT_EQ(n.script, Script::kCyrillic);
  EXPECT_EQ(n.latin, "putin vladimir");
  EXPECT_EQ(n.original, "Путин, Владимир");
  EXPECT_EQ(NormalizeName("弗拉基米尔·普京").latin, "fu la ji mi er pu jing");
}

}  // namespace
}  // namespace guomen::names

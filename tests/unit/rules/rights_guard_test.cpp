// The rights guard: every protected attribute is refused, and so are rules
// that decide on demographics alone (DESIGN.md principle 2, docs/rules.md).
#include "rules/rights_guard.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "rules/border_schema.hpp"
#include "rules/program.hpp"

namespace guomen::rules {
namespace {

Schema Border() {
  auto s = BorderFactSchema({"alert_countries", "alert_ports"});
  EXPECT_TRUE(s.ok());
  return std::move(s).value();
}

struct Protected {
  const char* field;
  const char* attribute;
};

// One or more spellings per attribute of Regulation (EU) 2018/1240 Art. 33(5)
// and DESIGN.md principle 2.
constexpr Protected kProtected[] = {
    {"race", "race or ethnic origin"},
    {"ethnic_origin", "race or ethnic origin"},
    {"ethnicity", "race or ethnic origin"},
    {"skin_colour", "colour"},
    {"religion", "religion or belief"},
    {"religiousAffiliation", "religion or belief"},
    {"philosophical_beliefs", "religion or belief"},
    {"political_opinion", "political or other opinion"},
    {"politicalParty", "political or other opinion"},
    {"trade_union", "trade-union membership"},
    {"union_membership", "trade-union membership"},
    {"sex", "sex"},
    {"gender", "sex"},
    {"sexual_orientation", "sex life or sexual orientation"},
    {"sex_life", "sex"},
    {"genetic_data", "genetic data"},
    {"dna_profile", "genetic data"},
    {"language", "language"},
    {"mother_tongue", "language"},
    {"national_minority", "membership of a national minority"},
    {"place_of_birth", "social origin or birth"},
    {"social_origin", "social origin or birth"},
    {"property", "property"},
    {"disability", "health beyond the declared symptoms"},
    {"medical_history", "health beyond the declared symptoms"},
    {"pregnancy", "health beyond the declared symptoms"},
};

TEST(RightsGuardTest, RejectsEveryProtectedAttributeAsAFact) {
  Schema schema = Border();
  for (const auto& p : kProtected) {
    for (const char* object : {"traveller", "document", "health", "manifest"}) {
      std::string rule =
          std::string(object) + "." + p.field + " == \"x\" && history.refusals > 0";
      auto program = Program::Compile(rule, schema);
      ASSERT_FALSE(program.ok()) << rule;
      EXPECT_EQ(program.error().code, core::ErrorCode::kValidation) << rule;
      EXPECT_EQ(program.error().Reason(), "rights_guard") << rule;
      EXPECT_NE(program.error().message.find(p.attribute), std::string::npos)
          << rule << ": " << program.error().message;
      EXPECT_NE(program.error().message.find("protected attribute"), std::string::npos);
      EXPECT_NE(program.error().message.find("2018/1240"), std::string::npos);
    }
  }
}

TEST(RightsGuardTest, RejectsProtectedAttributesAsTopLevelNamesRecordFieldsAndKeys) {
  Schema schema = Border();
  for (const auto& p : kProtected) {
    std::string field = p.field;
    for (const std::string& rule : {
             field + " == \"x\" && history.refusals > 0",
             "journey.visits.exists(v, v." + field + " == \"x\")",
             "screening.hits.exists(h, h[\"" + field + "\"] == \"x\")",
             "has(traveller." + field + ") && history.refusals > 0",
         }) {
      auto program = Program::Compile(rule, schema);
      ASSERT_FALSE(program.ok()) << rule;
      EXPECT_EQ(program.error().Reason(), "rights_guard") << rule << ": " << program.error().message;
    }
  }
}

TEST(RightsGuardTest, SchemaHoldsNoProtectedAttribute) {
  Schema schema = Border();
  for (const FactDecl& f : schema.facts()) {
    EXPECT_EQ(RightsGuard::ProtectedAttribute(f.path), "") << f.path;
  }
  for (const ObjectDecl& o : schema.objects()) {
    for (const auto& f : o.fields) EXPECT_EQ(RightsGuard::ProtectedAttribute(f.name), "") << f.name;
  }
}

TEST(RightsGuardTest, RefusesReferenceSetNamedAfterProtectedAttribute) {
  auto s = BorderFactSchema({"alert_ports", "religious_minority_countries"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().Reason(), "rights_guard");
}

TEST(RightsGuardTest, DoesNotFlagInnocentWords) {
  for (const char* name : {"trace", "embarkation_port", "party_size", "european_union",
                           "overstays", "contact_with_case", "symptoms", "birthday_party",
                           "issuing_state", "raceway"}) {
    EXPECT_EQ(RightsGuard::ProtectedAttribute(name), "") << name;
  }
}

TEST(RightsGuardTest, RejectsDemographicsOnlyRules) {
  Schema schema = Border();
  for (const char* rule : {
           "traveller.nationality == \"XXA\"",
           "traveller.age >= 18 && traveller.age <= 30",
           "traveller.declared_residence in ref.alert_countries",
           "document.issuing_state == \"XXA\"",
           "traveller.nationality in ref.alert_countries && now.getDayOfWeek() == 5",
           "traveller.age < 25 || history.refusals > 0",
           "traveller.age < 25 && (history.refusals > 0 || traveller.age > 0)",
           "traveller.age < 25 && !(history.refusals > 0 && false)",
           "traveller.nationality == \"XXA\" ? true : health.contact_with_case",
           "true",
           "1 < 2",
       }) {
    auto program = Program::Compile(rule, schema);
    ASSERT_FALSE(program.ok()) << rule;
    EXPECT_EQ(program.error().Reason(), "rights_guard") << rule << ": " << program.error().message;
  }
}

TEST(RightsGuardTest, AcceptsTargetedRules) {
  Schema schema = Border();
  for (const char* rule : {
           "history.refusals > 0",
           "traveller.age < 16 && !manifest.accompanied",
           "traveller.nationality in ref.alert_countries && journey.visits.exists(v, v.country "
           "in ref.alert_countries)",
           "document.expiry - now < duration(\"720h\") && history.refusals > 0",
           "\"fever\" in health.symptoms && journey.embarkation_port in ref.alert_ports",
           "traveller.age > 60 ? health.temperature > 38.0 : health.temperature > 37.3",
       }) {
    auto program = Program::Compile(rule, schema);
    EXPECT_TRUE(program.ok()) << rule << ": " << program.error().message;
  }
}

TEST(RightsGuardTest, EverySchemaExampleIsAnAcceptedRule) {
  Schema schema = Border();
  for (const FactDecl& f : schema.facts()) {
    auto program = Program::Compile(f.example, schema);
    EXPECT_TRUE(program.ok()) << f.path << ": " << f.example << ": " << program.error().message;
  }
}

TEST(RightsGuardTest, PointsAtTheDemographicPart) {
  Schema schema = Border();
  auto program = Program::Compile("history.refusals > 0 ||\n  traveller.age > 70", schema);
  ASSERT_FALSE(program.ok());
  EXPECT_EQ(program.error().field, "line 2 column 17");
}

TEST(RightsGuardTest, DocsListEveryFactAndThePolicySources) {
  std::ifstream in(std::string(GUOMEN_SOURCE_DIR) + "/docs/rules.md");
  ASSERT_TRUE(in) << "docs/rules.md missing";
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  Schema schema = Border();
  for (const FactDecl& f : schema.facts()) {
    if (f.category == FactCategory::kReference) continue;
    EXPECT_NE(doc.find("`" + f.path + "`"), std::string::npos) << f.path << " undocumented";
  }
  EXPECT_NE(doc.find("2018/1240"), std::string::npos);
  EXPECT_NE(doc.find("Article 33"), std::string::npos);
}

}  // namespace
}  // namespace guomen::rules

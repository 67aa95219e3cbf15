// `guomen screen` as an operator runs it: real list extracts from
// tests/data/screening (OFAC SDN as its folder of CSV files, the UN XML,
// guomen's national CSV), no database.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "server_process.hpp"

namespace guomen::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Data(const std::string& name) { return SourceDir() + "/tests/data/screening/" + name; }

std::vector<json> JsonLines(const std::string& out) {
  std::vector<json> lines;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) lines.push_back(json::parse(line));
  }
  return lines;
}

class ScreenCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // OFAC publishes sdn.csv, alt.csv and sdn_comments.csv side by side.
    ofac_ = dir_.path() + "/ofac";
    fs::create_directories(ofac_);
    fs::copy_file(Data("ofac_sdn_sample.csv"), ofac_ + "/sdn.csv");
    fs::copy_file(Data("ofac_alt_sample.csv"), ofac_ + "/alt.csv");
    fs::copy_file(Data("ofac_comments_sample.csv"), ofac_ + "/sdn_comments.csv");
  }
  TempDir dir_;
  std::string ofac_;
};

TEST_F(ScreenCliTest, FindsAnSdnPersonInTheOfacFolderAsJson) {
  auto r = RunGuomen({"screen", "--list", ofac_, "--json", "Gilberto Jose RODRIGUEZ OREJUELA",
                      "Maria Example Nobody"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["query"], "Gilberto Jose RODRIGUEZ OREJUELA");
  ASSERT_FALSE(lines[0]["hits"].empty());
  const json& top = lines[0]["hits"][0];
  EXPECT_EQ(top["list"], "ofac-sdn");
  EXPECT_EQ(top["entry_id"], "4107");  // the SDN entity number
  EXPECT_GE(top["score"].get<double>(), 0.85);
  EXPECT_FALSE(top["explanation"].empty());
  EXPECT_TRUE(lines[1]["hits"].empty());
}

TEST_F(ScreenCliTest, ReadsJsonLineQueriesFromStdinAndUsesTheFacts) {
  auto r = RunGuomen({"screen", "--list", ofac_, "--list-format", "ofac", "--json", "--top", "1",
                      "-"},
                     R"({"name":"Gilberto RODRIGUEZ OREJUELA","birth_date":"1939-01-31"})"
                     "\n\nABBAS Abu\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = JsonLines(r.out);
  ASSERT_EQ(lines.size(), 2u);
  ASSERT_EQ(lines[0]["hits"].size(), 1u);
  bool dob = false;
  for (const auto& e : lines[0]["hits"][0]["explanation"]) dob = dob || e["factor"] == "birth_date";
  EXPECT_TRUE(dob) << lines[0].dump();
  ASSERT_FALSE(lines[1]["hits"].empty());
  EXPECT_EQ(lines[1]["hits"][0]["entry_id"], "2674");
}

TEST_F(ScreenCliTest, UnXmlAndNationalCsvAcrossScripts) {
  auto un = RunGuomen({"screen", "--list", Data("un_sample.xml"), "--json", "Eric Badege"});
  ASSERT_EQ(un.exit_code, 0) << un.err;
  auto lines = JsonLines(un.out);
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_FALSE(lines[0]["hits"].empty());
  EXPECT_EQ(lines[0]["hits"][0]["entry_id"], "6907993");  // the UN DATAID

  // A Chinese name in Han script finds the romanised national entry.
  auto cn = RunGuomen({"screen", "--list", Data("national_sample.csv"), "张伟"});
  ASSERT_EQ(cn.exit_code, 0) << cn.err;
  EXPECT_NE(cn.out.find("N-0001"), std::string::npos) << cn.out;
  EXPECT_NE(cn.out.find("1 hit"), std::string::npos) << cn.out;
}

TEST_F(ScreenCliTest, AHigherThresholdDropsWeakHits) {
  const std::string typo = "Gilberto RODRIGUES OREJUELA";  // S for Z
  auto loose = RunGuomen({"screen", "--list", ofac_, "--json", "--threshold", "0.5", typo});
  auto strict = RunGuomen({"screen", "--list", ofac_, "--json", "--threshold", "0.99", typo});
  ASSERT_EQ(loose.exit_code, 0);
  ASSERT_EQ(strict.exit_code, 0);
  EXPECT_GT(JsonLines(loose.out)[0]["hits"].size(), JsonLines(strict.out)[0]["hits"].size());
}

TEST_F(ScreenCliTest, BadInputIsReportedWithExitCode2) {
  auto missing = RunGuomen({"screen", "--list", dir_.path() + "/nothing.csv", "x"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("cannot read"), std::string::npos) << missing.err;

  auto bad_list = RunGuomen({"screen", "--list", Data("un_sample.xml"), "--list-format", "csv", "x"});
  EXPECT_EQ(bad_list.exit_code, 2);
  EXPECT_FALSE(bad_list.err.empty());

  // A bad query line is named; the good ones are still screened.
  auto bad_query = RunGuomen({"screen", "--list", ofac_, "--json", "-"},
                             "{\"name\": \n ABBAS Abu\n");
  EXPECT_EQ(bad_query.exit_code, 2);
  EXPECT_NE(bad_query.err.find("query 1"), std::string::npos) << bad_query.err;
  EXPECT_EQ(JsonLines(bad_query.out).size(), 1u);
}

}  // namespace
}  // namespace guomen::testing

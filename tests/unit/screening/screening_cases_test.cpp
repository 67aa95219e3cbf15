// Runs every line of tests/data/screening/cases.tsv against the sample lists.
// The format is described at the top of that file; a new case needs no C++.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "test_data.hpp"

namespace guomen::screening {
namespace {

struct Case {
  int line = 0;
  std::string expect, list, entry;
  ScreeningQuery query;
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << "cases.tsv:" << c.line << " " << c.query.name;
}

std::vector<Case> LoadCases() {
  std::vector<Case> cases;
  std::istringstream in(testing::ReadData("cases.tsv"));
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = core::Split(line, '\t');
    if (f.size() != 8) {
      ADD_FAILURE() << "cases.tsv:" << n << ": expected 8 TAB-separated columns, found "
                    << f.size();
      continue;
    }
    for (auto& v : f) {
      if (v == "-") v.clear();
    }
    Case c;
    c.line = n;
    c.expect = f[0];
    c.list = f[1];
    c.entry = f[2];
    c.query.name = f[3];
    if (!f[4].empty()) {
      auto d = ParseBirthDate(f[4]);
      EXPECT_TRUE(d.ok()) << "cases.tsv:" << n;
      if (d.ok()) c.query.birth_date = *d;
    }
    c.query.nationality = f[5];
    c.query.document_number = f[6];
    c.query.gender = f[7];
    cases.push_back(std::move(c));
  }
  return cases;
}

class ScreeningCasesTest : public ::testing::TestWithParam<Case> {};

TEST_P(ScreeningCasesTest, Case) {
  const Case& c = GetParam();
  const auto hits = testing::SampleIndex().Screen(c.query);
  std::ostringstream got;
  for (const auto& h : hits)
    got << h.list_id << "/" << h.entry_id << " " << h.matched_name << " " << h.score << "; ";
  bool found = false;
  for (const auto& h : hits) found = found || (h.list_id == c.list && h.entry_id == c.entry);
  if (c.expect == "top") {
    ASSERT_FALSE(hits.empty()) << "no hits";
    EXPECT_EQ(hits[0].list_id + "/" + hits[0].entry_id, c.list + "/" + c.entry) << got.str();
  } else if (c.expect == "hit") {
    EXPECT_TRUE(found) << got.str();
  } else if (c.expect == "none") {
    if (c.entry.empty()) {
      EXPECT_TRUE(hits.empty()) << got.str();
    } else {
      EXPECT_FALSE(found) << got.str();
    }
  } else {
    ADD_FAILURE() << "unknown expectation " << c.expect;
  }
  for (const auto& h : hits) {
    ASSERT_FALSE(h.explanation.empty());
    for (const auto& e : h.explanation) {
      EXPECT_FALSE(e.text_en.empty());
      EXPECT_FALSE(e.text_zh.empty());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ScreeningCasesTest, ::testing::ValuesIn(LoadCases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           return "line" + std::to_string(param_info.param.line);
                         });

}  // namespace
}  // namespace guomen::screening

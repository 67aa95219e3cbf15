// Runs every tests/data/paxlst/*.edi through ParsePaxlst and compares the
// JSON (http/paxlst_json.hpp, as `guomen paxlst --json` prints it) with the
// .json beside it. Adding a case needs no C++: drop in an .edi, run the test
// with GUOMEN_UPDATE_GOLDEN=1 to write its .json, and review that file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "edifact/paxlst_parser.hpp"
#include "http/paxlst_json.hpp"

namespace guomen::edifact {
namespace {

namespace fs = std::filesystem;

std::string SourceDir() {
  if (const char* env = std::getenv("GUOMEN_SOURCE_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  return GUOMEN_SOURCE_DIR;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<fs::path> Cases() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(SourceDir()) / "tests/data/paxlst")) {
    if (entry.path().extension() == ".edi") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

nlohmann::json Render(const std::string& input) {
  const auto result = ParsePaxlst(input);
  return result ? http::PaxlstToJson(*result) : http::PaxlstErrorToJson(result.error());
}

class PaxlstGoldenTest : public testing::TestWithParam<fs::path> {};

TEST_P(PaxlstGoldenTest, MatchesExpectedJson) {
  const fs::path edi = GetParam();
  fs::path expected_path = edi;
  expected_path.replace_extension(".json");
  const nlohmann::json actual = Render(ReadFile(edi));
  const char* update = std::getenv("GUOMEN_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(expected_path, std::ios::binary) << actual.dump(1) << "\n";
    GTEST_SKIP() << "wrote " << expected_path;
  }
  ASSERT_TRUE(fs::exists(expected_path))
      << expected_path << " is missing; run with GUOMEN_UPDATE_GOLDEN=1 and review it";
  const nlohmann::json expected = nlohmann::json::parse(ReadFile(expected_path));
  EXPECT_EQ(actual, expected) << "diff (RFC 6902, expected -> actual): "
                              << nlohmann::json::diff(expected, actual).dump(1);
}

INSTANTIATE_TEST_SUITE_P(Files, PaxlstGoldenTest, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<fs::path>& param_info) {
                           std::string name = param_info.param.stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace guomen::edifact

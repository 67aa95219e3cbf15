#include "test_data.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "screening/ftm_importer.hpp"
#include "screening/guomen_csv_importer.hpp"
#include "screening/ofac_importer.hpp"
#include "screening/un_importer.hpp"

namespace guomen::screening::testing {

std::string DataPath(const std::string& file) {
  std::string root;
  if (const char* env = std::getenv("GUOMEN_SOURCE_DIR"); env != nullptr && *env != '\0') {
    root = env;
  } else {
    root = GUOMEN_SOURCE_DIR;
  }
  return root + "/tests/data/screening/" + file;
}

std::string ReadData(const std::string& file) {
  std::ifstream in(DataPath(file), std::ios::binary);
  EXPECT_TRUE(in.good()) << DataPath(file);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

Watchlist List(std::string id, ListKind kind, ListAction action) {
  Watchlist l;
  l.id = std::move(id);
  l.name = l.id;
  l.kind = kind;
  l.action = action;
  return l;
}

}  // namespace

const ScreeningIndex& SampleIndex() {
  static const ScreeningIndex* index = [] {
    auto* i = new ScreeningIndex();  // NOLINT: lives for the test binary
    const std::string sdn = ReadData("ofac_sdn_sample.csv");
    const std::string alt = ReadData("ofac_alt_sample.csv");
    const std::string comments = ReadData("ofac_comments_sample.csv");
    auto ofac = ImportOfac({sdn, alt, comments});
    auto un = ImportUnConsolidated(ReadData("un_sample.xml"));
    auto ftm = ImportFtm(ReadData("eu_fsf_sample.ftm.jsonl"));
    auto national = ImportGuomenCsv(ReadData("national_sample.csv"));
    EXPECT_TRUE(ofac.ok() && un.ok() && ftm.ok() && national.ok());
    EXPECT_TRUE(
        i->PutList(List("ofac", ListKind::kSanctions, ListAction::kNotify), ofac->entries).ok());
    EXPECT_TRUE(
        i->PutList(List("un", ListKind::kSanctions, ListAction::kDenyEntry), un->entries).ok());
    EXPECT_TRUE(
        i->PutList(List("ftm", ListKind::kSanctions, ListAction::kNotify), ftm->entries).ok());
    EXPECT_TRUE(
        i->PutList(List("national", ListKind::kEntryBan, ListAction::kDenyEntry), national->entries)
            .ok());
    return i;
  }();
  return *index;
}

}  // namespace guomen::screening::testing

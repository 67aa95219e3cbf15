#include "screening/list_diff.hpp"

#include <gtest/gtest.h>

#include "screening/ofac_importer.hpp"
#include "test_data.hpp"

namespace guomen::screening {
namespace {

WatchlistEntry E(std::string id, std::string name) {
  WatchlistEntry e;
  e.id = std::move(id);
  e.names.push_back({std::move(name), "", "", NameQuality::kPrimary});
  return e;
}

TEST(ListDiffTest, AddedChangedRemoved) {
  const std::vector<WatchlistEntry> before{E("1", "A"), E("2", "B"), E("10", "C")};
  std::vector<WatchlistEntry> after{E("2", "B"), E("10", "C2"), E("9", "D")};
  const ListDiff d = DiffEntries(before, after);
  EXPECT_EQ(d.added, std::vector<std::string>{"9"});
  EXPECT_EQ(d.changed, std::vector<std::string>{"10"});
  EXPECT_EQ(d.removed, std::vector<std::string>{"1"});
}

TEST(ListDiffTest, ReimportOfTheSameFileIsEmpty) {
  const std::string sdn = testing::ReadData("ofac_sdn_sample.csv");
  auto a = ImportOfac({sdn, "", ""});
  auto b = ImportOfac({sdn, "", ""});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(DiffEntries(a->entries, b->entries).empty());
}

TEST(ListDiffTest, AFactChangedInRemarksIsAChange) {
  std::string sdn = testing::ReadData("ofac_sdn_sample.csv");
  auto a = ImportOfac({sdn, "", ""});
  const size_t at = sdn.find("DOB 07 Oct 1952");
  ASSERT_NE(at, std::string::npos);
  sdn.replace(at, 15, "DOB 08 Oct 1952");
  auto b = ImportOfac({sdn, "", ""});
  ASSERT_TRUE(a.ok() && b.ok());
  const ListDiff d = DiffEntries(a->entries, b->entries);
  EXPECT_EQ(d.changed, std::vector<std::string>{"35096"});
  EXPECT_TRUE(d.added.empty());
  EXPECT_TRUE(d.removed.empty());
}

}  // namespace
}  // namespace guomen::screening

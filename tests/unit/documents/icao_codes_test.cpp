#include "documents/icao_codes.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace guomen::documents {
namespace {

TEST(IcaoCodesTest, KnowsStatesAndSpecials) {
  for (const char* code : {"GBR", "CHN", "USA", "DEU", "FRA", "HKG", "MAC", "TWN", "PSE", "D",
                           "D<<", "D<", "GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA", "UNK", "XXA",
                           "XXB", "XXC", "XXX", "EUE", "RKS", "XOM", "XPO", "XCC", "XES", "XIM"}) {
    EXPECT_TRUE(IsIcaoCode(code)) << code;
  }
}

TEST(IcaoCodesTest, RejectsSpecimenAndMalformedCodes) {
  for (const char* code : {"UTO", "ZZZ", "", "<<<", "<D<", "DE", "gbr", "GB1", "GBRX",
                           "A*B"}) {
    EXPECT_FALSE(IsIcaoCode(code)) << code;
  }
}

TEST(IcaoCodesTest, ListHasIsoPlusSpecialsWithoutDuplicates) {
  std::set<std::string_view> unique(IcaoCodes().begin(), IcaoCodes().end());
  EXPECT_EQ(unique.size(), IcaoCodes().size());
  EXPECT_GE(IcaoCodes().size(), 249u + 20u);
  for (std::string_view code : IcaoCodes()) {
    EXPECT_EQ(code.size(), 3u) << code;
    EXPECT_TRUE(IsIcaoCode(code)) << code;
  }
}

}  // namespace
}  // namespace guomen::documents

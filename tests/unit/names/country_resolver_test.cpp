#include "names/country_resolver.hpp"

#include <gtest/gtest.h>

namespace guomen::names {
namespace {

TEST(CountryResolverTest, NamesAndCodes) {
  EXPECT_EQ(ResolveCountry("Afghanistan"), "AF");
  EXPECT_EQ(ResolveCountry("af"), "AF");
  EXPECT_EQ(ResolveCountry("AFG"), "AF");
  EXPECT_EQ(ResolveCountry("Russian Federation"), "RU");
  EXPECT_EQ(ResolveCountry("Russia"), "RU");
  EXPECT_EQ(ResolveCountry("Iran (Islamic Republic of)"), "IR");
  EXPECT_EQ(ResolveCountry("United Arab Emirates"), "AE");
  EXPECT_EQ(ResolveCountry("Democratic People's Republic of Korea"), "KP");
  EXPECT_EQ(ResolveCountry("Germany"), "DE");
  EXPECT_EQ(ResolveCountry("Atlantis"), "");
  EXPECT_EQ(ResolveCountry(""), "");
}

}  // namespace
}  // namespace guomen::names

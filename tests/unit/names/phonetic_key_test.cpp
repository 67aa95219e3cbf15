#include "names/phonetic_key.hpp"

#include <gtest/gtest.h>

namespace guomen::names {
namespace {

TEST(PhoneticKeyTest, SoundexKnownValues) {
  // The National Archives' examples.
  EXPECT_EQ(Soundex("robert"), "R163");
  EXPECT_EQ(Soundex("rupert"), "R163");
  EXPECT_EQ(Soundex("rubin"), "R150");
  EXPECT_EQ(Soundex("ashcraft"), "A261");
  EXPECT_EQ(Soundex("tymczak"), "T522");
  EXPECT_EQ(Soundex("pfister"), "P236");
  EXPECT_EQ(Soundex(""), "");
}

TEST(PhoneticKeyTest, SpellingsAcrossScriptsMeet) {
  EXPECT_EQ(PhoneticKey("vladimir"), "FLTMR");
  EXPECT_EQ(PhoneticKey("wladimir"), "FLTMR");
  EXPECT_EQ(PhoneticKey("fladymyr"), "FLTMR");  // Arabic script through ICU
  EXPECT_EQ(PhoneticKey("putin"), PhoneticKey("bwtyn"));
  EXPECT_EQ(PhoneticKey("khaled"), PhoneticKey("khalid"));
  EXPECT_EQ(PhoneticKey("tchaikovsky"), PhoneticKey("chaikovski"));
  EXPECT_EQ(PhoneticKey("schmidt"), PhoneticKey("shmit"));
  EXPECT_EQ(PhoneticKey("alexander"), "ALKSNTR");
}

TEST(PhoneticKeyTest, DifferentConsonantsDiffer) {
  EXPECT_NE(PhoneticKey("putin"), PhoneticKey("lenin"));
  EXPECT_NE(PhoneticKey("ivanov"), PhoneticKey("ivanova") + "X");
  EXPECT_NE(PhoneticKey("smith"), PhoneticKey("smart"));
}

}  // namespace
}  // namespace guomen::names

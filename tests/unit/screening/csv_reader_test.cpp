#include "screening/csv_reader.hpp"

#include <gtest/gtest.h>

namespace guomen::screening {
namespace {

std::vector<std::vector<std::string>> All(std::string_view text) {
  CsvReader r(text);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> f;
  while (true) {
    auto more = r.Next(f);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    rows.push_back(f);
  }
  return rows;
}

TEST(CsvReaderTest, QuotesCrLfAndOfacCtrlZ) {
  const auto rows = All("1,\"A, B\",-0- \r\n2,\"say \"\"hi\"\"\",x\r\n\x1A\r\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"1", "A, B", "-0- "}));
  EXPECT_EQ(rows[1][1], "say \"hi\"");
}

TEST(CsvReaderTest, QuotedNewlineAndLineNumbers) {
  CsvReader r("a,b\n\n\"multi\nline\",c\nd,e\n");
  std::vector<std::string> f;
  ASSERT_TRUE(*r.Next(f));
  EXPECT_EQ(r.line(), 1);
  ASSERT_TRUE(*r.Next(f));
  EXPECT_EQ(r.line(), 3);
  EXPECT_EQ(f[0], "multi\nline");
  ASSERT_TRUE(*r.Next(f));
  EXPECT_EQ(r.line(), 5);
  EXPECT_FALSE(*r.Next(f));
}

TEST(CsvReaderTest, ErrorsNameTheLine) {
  CsvReader open("ok\n\"never closed\n");
  std::vector<std::string> f;
  ASSERT_TRUE(*open.Next(f));
  auto r = open.Next(f);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "line 2");
  CsvReader stray("a,b\"c\n");
  auto s = stray.Next(f);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("line 1"), std::string::npos);
}

}  // namespace
}  // namespace guomen::screening

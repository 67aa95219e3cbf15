#include "rules/value.hpp"

#include <gtest/gtest.h>

namespace guomen::rules {
namespace {

TEST(ValueTest, RendersAsCelSource) {
  EXPECT_EQ(Value::Int(-3).DebugString(), "-3");
  EXPECT_EQ(Value::Uint(3).DebugString(), "3u");
  EXPECT_EQ(Value::Double(2).DebugString(), "2.0");
  EXPECT_EQ(Value::String("a\"b\n").DebugString(), "\"a\\\"b\\n\"");
  EXPECT_EQ(Value::Timestamp(0).DebugString(), "timestamp(\"1970-01-01T00:00:00Z\")");
  EXPECT_EQ(Value::Duration(-2, 500000000).DebugString(), "duration(\"-1.5s\")");
  EXPECT_EQ(Value::List({Value::Int(1), Value::Null()}).DebugString(), "[1, null]");
  EXPECT_EQ(Value::Map({{Value::String("k"), Value::Bool(true)}}).DebugString(), "{\"k\": true}");
}

TEST(ValueTest, MapRejectsDuplicateAndUnsupportedKeys) {
  EXPECT_TRUE(Value::Map({{Value::Int(1), Value::Null()}, {Value::Uint(1), Value::Null()}}).is_error());
  EXPECT_TRUE(Value::Map({{Value::Double(1), Value::Null()}}).is_error());
}

TEST(ValueTest, LargeStringListsUseTheIndex) {
  std::vector<Value> items;
  for (int i = 0; i < 100; ++i) items.push_back(Value::String("P" + std::to_string(i)));
  Value list = Value::List(std::move(items));
  EXPECT_TRUE(list.Contains(Value::String("P42")));
  EXPECT_FALSE(list.Contains(Value::String("P100")));
  EXPECT_FALSE(list.Contains(Value::Int(42)));
}

TEST(ValueTest, NumericEqualityAcrossKinds) {
  EXPECT_TRUE(Value::Int(1).Equals(Value::Uint(1)));
  EXPECT_TRUE(Value::Int(1).Equals(Value::Double(1.0)));
  EXPECT_FALSE(Value::Int(-1).Equals(Value::Uint(UINT64_MAX)));
  EXPECT_FALSE(Value::String("1").Equals(Value::Int(1)));
  EXPECT_FALSE(Value::Error("x").Equals(Value::Error("x")));
}

TEST(ValueTest, PermanentErrorReadsAndCopiesLikeAnError) {
  Value copy;
  {
    const Value e = Value::PermanentError("fact 'traveller.age' is not present");
    EXPECT_TRUE(e.is_error());
    copy = e;
  }
  EXPECT_TRUE(copy.is_error());
  EXPECT_EQ(copy.error_message(), "fact 'traveller.age' is not present");
  EXPECT_EQ(copy.DebugString(), Value::Error("fact 'traveller.age' is not present").DebugString());
  EXPECT_FALSE(copy.Equals(copy));
  // One message is kept once, however many programs ask for it.
  const Value again = Value::PermanentError("fact 'traveller.age' is not present");
  EXPECT_EQ(again.error_message().data(), copy.error_message().data());
  Value moved = std::move(copy);
  EXPECT_EQ(moved.error_message(), "fact 'traveller.age' is not present");
}

}  // namespace
}  // namespace guomen::rules

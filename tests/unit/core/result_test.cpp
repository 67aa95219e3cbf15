#include "core/result.hpp"

#include <gtest/gtest.h>

namespace guomen::core {
namespace {

Result<int> Half(int x) {
  if (x % 2) return Fail(ErrorCode::kValidation, "odd", "x");
  return x / 2;
}

Result<int> Quarter(int x) {
  GUOMEN_ASSIGN_OR_RETURN(int h, Half(x));
  GUOMEN_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckEven(int x) {
  GUOMEN_RETURN_IF_ERROR(Half(x));
  return Status::Ok();
}

TEST(ResultTest, PropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kValidation);
  EXPECT_EQ(r.error().field, "x");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_FALSE(CheckEven(3).ok());
}

TEST(ResultTest, EveryCodeMapsToOneHttpStatusAndExitCode) {
  EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorCode::kThrottled), 429);
  EXPECT_EQ(HttpStatus(ErrorCode::kValidation), 422);
  EXPECT_EQ(ErrorCodeName(ErrorCode::kTooLarge), "too_large");
  EXPECT_NE(ExitCode(ErrorCode::kInternal), 0);
}

TEST(ResultTest, ReasonDefaultsToTheCodeName) {
  Error e = MakeError(ErrorCode::kUnauthenticated, "no");
  EXPECT_EQ(e.Reason(), "unauthenticated");
  e.reason = "invalid_credentials";
  EXPECT_EQ(e.Reason(), "invalid_credentials");
}

}  // namespace
}  // namespace guomen::core

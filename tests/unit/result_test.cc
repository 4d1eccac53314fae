#include "common/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace bb {
namespace {

Result<int> ParsePositive(int value) {
  if (value <= 0) return Error::InvalidField("value", "must be positive");
  return value;
}

Result<int> Doubled(int value) {
  BB_ASSIGN_OR_RETURN(int parsed, ParsePositive(value));
  return parsed * 2;
}

Status CheckBoth(int a, int b) {
  BB_RETURN_IF_ERROR(ParsePositive(a));
  BB_RETURN_IF_ERROR(ParsePositive(b));
  return Ok();
}

TEST(Result, HoldsAValue) {
  Result<int> result = 42;
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(result.value(), 42);
  EXPECT_EQ(*result, 42);
}

TEST(Result, HoldsAnError) {
  Result<int> result = Error::NotFound("no such thing");
  ASSERT_FALSE(result.ok());
  EXPECT_FALSE(static_cast<bool>(result));
  EXPECT_EQ(result.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(result.error().message(), "no such thing");
  EXPECT_TRUE(result.error().fields().empty());
}

TEST(Result, ArrowReachesMembers) {
  Result<std::string> result = std::string("hello");
  EXPECT_EQ(result->size(), 5u);
}

TEST(Result, CarriesMoveOnlyValues) {
  Result<std::unique_ptr<int>> result = std::make_unique<int>(7);
  ASSERT_TRUE(result.ok());
  std::unique_ptr<int> taken = std::move(result).value();
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(*taken, 7);
}

TEST(Result, MovesTheErrorOut) {
  Result<int> result = Error::Conflict("taken");
  Error error = std::move(result).error();
  EXPECT_EQ(error.code(), ErrorCode::kConflict);
  EXPECT_EQ(error.message(), "taken");
}

TEST(Status, DefaultIsOk) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_TRUE(Ok().ok());
}

TEST(Status, HoldsAnError) {
  Status status = Error::Internal("boom");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInternal);
  EXPECT_EQ(status.error().message(), "boom");
}

TEST(Error, InvalidNamesEveryField) {
  Error error = Error::Invalid({{"name", "is required"}, {"tags[2]", "is too long"}});
  EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(error.fields().size(), 2u);
  EXPECT_EQ(error.fields()[0], (FieldError{"name", "is required"}));
  EXPECT_EQ(error.fields()[1], (FieldError{"tags[2]", "is too long"}));
}

TEST(Error, InvalidFieldNamesOneField) {
  Error error = Error::InvalidField("email", "must be an email address");
  EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(error.fields().size(), 1u);
  EXPECT_EQ(error.fields()[0].field, "email");
  EXPECT_EQ(error.fields()[0].message, "must be an email address");
}

TEST(Error, RetryAfterDefaultsToZeroAndCanBeSet) {
  Error plain(ErrorCode::kUnavailable, "busy");
  EXPECT_EQ(plain.retry_after_seconds(), 0);
  Error limited = Error(ErrorCode::kTooManyRequests, "slow down").WithRetryAfter(17);
  EXPECT_EQ(limited.code(), ErrorCode::kTooManyRequests);
  EXPECT_EQ(limited.message(), "slow down");
  EXPECT_EQ(limited.retry_after_seconds(), 17);
}

TEST(Macros, AssignOrReturnPassesValuesThrough) {
  Result<int> result = Doubled(21);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(*result, 42);
}

TEST(Macros, AssignOrReturnPropagatesErrors) {
  Result<int> result = Doubled(-1);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(result.error().fields().size(), 1u);
  EXPECT_EQ(result.error().fields()[0].field, "value");
}

TEST(Macros, ReturnIfErrorStopsAtTheFirstError) {
  EXPECT_TRUE(CheckBoth(1, 2).ok());
  Status first = CheckBoth(0, 2);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code(), ErrorCode::kInvalidArgument);
  Status second = CheckBoth(1, -5);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().fields()[0].message, "must be positive");
}

}  // namespace
}  // namespace bb

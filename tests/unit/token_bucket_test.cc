#include "domain/token_bucket.h"

#include <gtest/gtest.h>

#include <chrono>

namespace bb::domain {
namespace {

using namespace std::chrono_literals;

const Timestamp kT0 = FromMicros(1'767'225'600'000'000);

TEST(TokenBucket, SpendsTheBurstThenSaysHowLongToWait) {
  BucketPolicy policy = BucketPolicy::PerMinute(6, 2);  // a token every 10 s, two at once
  TokenBucket bucket = FullBucket(policy, kT0);
  EXPECT_EQ(SpendToken(bucket, policy, kT0), 0);
  EXPECT_EQ(SpendToken(bucket, policy, kT0), 0);
  EXPECT_EQ(SpendToken(bucket, policy, kT0), 10);
  EXPECT_EQ(SpendToken(bucket, policy, kT0 + 4s), 6) << "refilled 0.4 token, 6 s to go";
  EXPECT_EQ(SpendToken(bucket, policy, kT0 + 10s), 0);
  EXPECT_NEAR(bucket.tokens, 0.0, 1e-9);
}

TEST(TokenBucket, NeverHoldsMoreThanTheBurst) {
  BucketPolicy policy = BucketPolicy::PerMinute(60, 3);
  TokenBucket bucket{0, kT0};
  EXPECT_EQ(SpendToken(bucket, policy, kT0 + 24h), 0);
  EXPECT_DOUBLE_EQ(bucket.tokens, 2.0);
}

TEST(TokenBucket, AClockGoingBackwardsRefillsNothing) {
  BucketPolicy policy = BucketPolicy::PerMinute(60, 1);
  TokenBucket bucket = FullBucket(policy, kT0 + 1h);
  EXPECT_EQ(SpendToken(bucket, policy, kT0 + 1h), 0);
  EXPECT_EQ(SpendToken(bucket, policy, kT0), 1);
  EXPECT_EQ(ToMicros(bucket.updated), ToMicros(kT0 + 1h));
}

TEST(TokenBucket, IsFullAgainOnceTheMissingTokensAreRegained) {
  BucketPolicy policy = BucketPolicy::PerMinute(6, 3);
  TokenBucket bucket{0.5, kT0};
  EXPECT_EQ(ToMicros(FullAgainAt(bucket, policy)), ToMicros(kT0 + 25s));
  EXPECT_EQ(ToMicros(FullAgainAt(FullBucket(policy, kT0), policy)), ToMicros(kT0));
}

TEST(TokenBucket, ARateOfZeroLimitsNothing) {
  BucketPolicy policy = BucketPolicy::PerMinute(0, 1);
  TokenBucket bucket{0, kT0};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(SpendToken(bucket, policy, kT0), 0);
}

}  // namespace
}  // namespace bb::domain

#include "service/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace bb::service {
namespace {

using namespace std::chrono_literals;

class RateLimiterTest : public ::testing::Test {
 protected:
  ManualClock clock_{FromMicros(1'767'225'600'000'000)};
};

TEST_F(RateLimiterTest, AllowsABurstThenRefuses) {
  RateLimiter limiter(clock_, 60, 3);
  EXPECT_EQ(limiter.Acquire("k"), 0);
  EXPECT_EQ(limiter.Acquire("k"), 0);
  EXPECT_EQ(limiter.Acquire("k"), 0);
  EXPECT_EQ(limiter.Acquire("k"), 1);
  EXPECT_EQ(limiter.Acquire("k"), 1);
}

TEST_F(RateLimiterTest, RefillsAtTheConfiguredRate) {
  RateLimiter limiter(clock_, 60, 2);  // one token per second
  EXPECT_EQ(limiter.Acquire("k"), 0);
  EXPECT_EQ(limiter.Acquire("k"), 0);
  EXPECT_GT(limiter.Acquire("k"), 0);
  clock_.Advance(500ms);
  EXPECT_GT(limiter.Acquire("k"), 0);
  clock_.Advance(500ms);
  EXPECT_EQ(limiter.Acquire("k"), 0);
  EXPECT_GT(limiter.Acquire("k"), 0);
  clock_.Advance(2s);
  EXPECT_EQ(limiter.Acquire("k"), 0);
  EXPECT_EQ(limiter.Acquire("k"), 0);
  EXPECT_GT(limiter.Acquire("k"), 0);
}

TEST_F(RateLimiterTest, ReportsWholeSecondsUntilTheNextToken) {
  RateLimiter limiter(clock_, 30, 1);  // one token every two seconds
  EXPECT_EQ(limiter.Acquire("k"), 0);
  EXPECT_EQ(limiter.Acquire("k"), 2);
  clock_.Advance(1s);
  EXPECT_EQ(limiter.Acquire("k"), 1);
  clock_.Advance(500ms);
  EXPECT_EQ(limiter.Acquire("k"), 1);  // half a second left rounds up
  clock_.Advance(500ms);
  EXPECT_EQ(limiter.Acquire("k"), 0);
}

TEST_F(RateLimiterTest, ReportsLongWaitsForSlowRates) {
  RateLimiter limiter(clock_, 1, 1);  // one token per minute
  EXPECT_EQ(limiter.Acquire("k"), 0);
  EXPECT_EQ(limiter.Acquire("k"), 60);
  clock_.Advance(45s);
  EXPECT_EQ(limiter.Acquire("k"), 15);
}

TEST_F(RateLimiterTest, NeverStoresMoreThanTheBurst) {
  RateLimiter limiter(clock_, 60, 3);
  clock_.Advance(24h);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.Acquire("k"), 0);
  EXPECT_GT(limiter.Acquire("k"), 0);
}

TEST_F(RateLimiterTest, IsDisabledWhenPerMinuteIsZero) {
  RateLimiter limiter(clock_, 0, 1);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limiter.Acquire("k"), 0);
}

TEST_F(RateLimiterTest, KeepsKeysIndependent) {
  RateLimiter limiter(clock_, 60, 2);
  EXPECT_EQ(limiter.Acquire("login:alice@example.com"), 0);
  EXPECT_EQ(limiter.Acquire("login:alice@example.com"), 0);
  EXPECT_GT(limiter.Acquire("login:alice@example.com"), 0);
  EXPECT_EQ(limiter.Acquire("login:bob@example.com"), 0);
  EXPECT_EQ(limiter.Acquire("login:bob@example.com"), 0);
  EXPECT_GT(limiter.Acquire("login:bob@example.com"), 0);
  EXPECT_EQ(limiter.Acquire("ip:203.0.113.7"), 0);
}

TEST_F(RateLimiterTest, DoesNotRefillWhenTheClockGoesBackwards) {
  RateLimiter limiter(clock_, 60, 1);
  EXPECT_EQ(limiter.Acquire("k"), 0);
  clock_.Advance(-10s);
  EXPECT_GT(limiter.Acquire("k"), 0);
}

TEST_F(RateLimiterTest, GrantsExactlyTheBurstAcrossThreads) {
  RateLimiter limiter(clock_, 60, 100);
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (limiter.Acquire("shared") == 0) granted.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(granted.load(), 100);
}

}  // namespace
}  // namespace bb::service

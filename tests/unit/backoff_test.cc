#include "domain/backoff.h"

#include <gtest/gtest.h>

namespace bb::domain {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(Backoff, WebhookScheduleIsStandardWebhooksWithoutJitterAtTheMiddle) {
  Backoff backoff = WebhookBackoff();
  const std::vector<Duration> expected = {seconds(5), minutes(5), minutes(30), hours(2), hours(5),
                                          hours(10),  hours(14),  hours(20),   hours(24)};
  Duration total{};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    auto delay = backoff.DelayAfter(static_cast<int>(i) + 1, 0.5);
    ASSERT_TRUE(delay) << i;
    EXPECT_EQ(*delay, expected[i]) << i;
    total += *delay;
  }
  EXPECT_FALSE(backoff.DelayAfter(10, 0.5)) << "ten attempts in all";
  EXPECT_EQ(std::chrono::duration_cast<minutes>(total), minutes(75 * 60 + 35)) << "about three days";
}

TEST(Backoff, JitterStaysWithinItsFraction) {
  Backoff backoff = WebhookBackoff();
  EXPECT_EQ(*backoff.DelayAfter(2, 0.0), seconds(270));  // 5 min - 10%
  EXPECT_EQ(*backoff.DelayAfter(2, 1.0), seconds(330));  // 5 min + 10%
  for (double r : {0.1, 0.25, 0.75, 0.99}) {
    Duration delay = *backoff.DelayAfter(2, r);
    EXPECT_GE(delay, seconds(270));
    EXPECT_LE(delay, seconds(330));
  }
}

TEST(Backoff, ExponentialDoublesUpToItsCapAndNeverEnds) {
  Backoff backoff = Backoff::Exponential(minutes(1), 2, hours(1), 0);
  EXPECT_EQ(*backoff.DelayAfter(1, 0.3), minutes(1));
  EXPECT_EQ(*backoff.DelayAfter(2, 0.3), minutes(2));
  EXPECT_EQ(*backoff.DelayAfter(6, 0.3), minutes(32));
  EXPECT_EQ(*backoff.DelayAfter(7, 0.3), hours(1));
  EXPECT_EQ(*backoff.DelayAfter(5000, 0.3), hours(1)) << "no overflow however many failures";
}

TEST(Backoff, TreatsAttemptsBelowOneAsTheFirst) {
  Backoff backoff = WebhookBackoff();
  EXPECT_EQ(*backoff.DelayAfter(0, 0.5), seconds(5));
  EXPECT_EQ(*backoff.DelayAfter(-3, 0.5), seconds(5));
}

}  // namespace
}  // namespace bb::domain

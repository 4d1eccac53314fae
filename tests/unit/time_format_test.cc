#include "common/time_format.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace bb {
namespace {

using namespace std::chrono_literals;

Timestamp At(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0, std::int64_t us = 0) {
  using namespace std::chrono;
  return time_point_cast<Duration>(sys_days(year(y) / month(mo) / day(d))) + hours(h) + minutes(mi) + seconds(s) +
         microseconds(us);
}

TEST(FormatTimestamp, WritesUtcWithMicroseconds) {
  EXPECT_EQ(FormatTimestamp(At(2026, 3, 1, 12, 0, 0)), "2026-03-01T12:00:00.000000Z");
  EXPECT_EQ(FormatTimestamp(At(2026, 3, 1, 12, 34, 56, 123456)), "2026-03-01T12:34:56.123456Z");
  EXPECT_EQ(FormatTimestamp(At(1999, 12, 31, 23, 59, 59, 999999)), "1999-12-31T23:59:59.999999Z");
}

TEST(FormatTimestamp, WritesTheEpoch) { EXPECT_EQ(FormatTimestamp(FromMicros(0)), "1970-01-01T00:00:00.000000Z"); }

TEST(FormatTimestamp, WritesTimesBeforeTheEpoch) {
  EXPECT_EQ(FormatTimestamp(FromMicros(-1)), "1969-12-31T23:59:59.999999Z");
}

TEST(FormatTimestamp, WritesLeapDays) { EXPECT_EQ(FormatTimestamp(At(2024, 2, 29, 6)), "2024-02-29T06:00:00.000000Z"); }

TEST(ParseTimestamp, ReadsADateAsMidnightUtc) {
  auto parsed = ParseTimestamp("2026-03-01");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, At(2026, 3, 1));
}

TEST(ParseTimestamp, ReadsADateTimeInUtc) {
  EXPECT_EQ(ParseTimestamp("2026-03-01T12:34:56Z"), At(2026, 3, 1, 12, 34, 56));
  EXPECT_EQ(ParseTimestamp("2026-03-01t12:34:56z"), At(2026, 3, 1, 12, 34, 56));
  EXPECT_EQ(ParseTimestamp("2026-03-01 12:34:56Z"), At(2026, 3, 1, 12, 34, 56));
}

TEST(ParseTimestamp, ReadsFractions) {
  EXPECT_EQ(ParseTimestamp("2026-03-01T12:00:00.5Z"), At(2026, 3, 1, 12, 0, 0, 500000));
  EXPECT_EQ(ParseTimestamp("2026-03-01T12:00:00.123456Z"), At(2026, 3, 1, 12, 0, 0, 123456));
  // Digits beyond microseconds are dropped, not rounded.
  EXPECT_EQ(ParseTimestamp("2026-03-01T12:00:00.123456789Z"), At(2026, 3, 1, 12, 0, 0, 123456));
}

TEST(ParseTimestamp, AppliesOffsets) {
  EXPECT_EQ(ParseTimestamp("2026-03-01T12:00:00+02:00"), At(2026, 3, 1, 10));
  EXPECT_EQ(ParseTimestamp("2026-03-01T12:00:00-05:30"), At(2026, 3, 1, 17, 30));
  EXPECT_EQ(ParseTimestamp("2026-03-01T01:00:00+02:00"), At(2026, 2, 28, 23));
  EXPECT_EQ(ParseTimestamp("2026-03-01T12:00:00.250+00:00"), At(2026, 3, 1, 12, 0, 0, 250000));
}

TEST(ParseTimestamp, RoundTripsFormattedTimes) {
  for (Timestamp t : {At(2026, 3, 1, 12, 34, 56, 123456), FromMicros(0), At(2038, 1, 19, 3, 14, 8, 1), At(1900, 1, 1),
                      At(9999, 12, 31, 23, 59, 59, 999999)}) {
    auto parsed = ParseTimestamp(FormatTimestamp(t));
    ASSERT_TRUE(parsed.has_value()) << FormatTimestamp(t);
    EXPECT_EQ(*parsed, t);
  }
}

// An offset may carry an instant past the year 9999 (a request body refuses it: see json_body.cc).
TEST(WrittenWithFourDigits, TellsWhatFormatTimestampCanWriteBack) {
  ASSERT_TRUE(ParseTimestamp("9999-12-31T23:59:59-23:59"));
  EXPECT_FALSE(WrittenWithFourDigits(*ParseTimestamp("9999-12-31T23:59:59-23:59")));
  EXPECT_FALSE(WrittenWithFourDigits(*ParseTimestamp("0000-01-01T00:00:00+00:01")));
  EXPECT_TRUE(WrittenWithFourDigits(*ParseTimestamp("9999-12-31T23:59:59Z")));
  EXPECT_TRUE(WrittenWithFourDigits(*ParseTimestamp("0000-01-01T00:00:00Z")));
  EXPECT_TRUE(WrittenWithFourDigits(FromMicros(0)));
}

TEST(ParseTimestamp, RejectsMalformedText) {
  for (const char* text : {
           "",
           "2026",
           "2026-3-01",
           "2026/03/01",
           "26-03-01",
           "2026-13-01",
           "2026-00-10",
           "2026-02-30",
           "2025-02-29",
           "2026-03-01T",
           "2026-03-01X12:00:00Z",
           "2026-03-01T12:00:00",              // no zone
           "2026-03-01T12:00Z",                // no seconds
           "2026-03-01T24:00:00Z",             // hour out of range
           "2026-03-01T12:60:00Z",             // minute out of range
           "2026-03-01T12:00:60Z",             // seconds out of range
           "2026-03-01T12:00:00.Z",            // empty fraction
           "2026-03-01T12:00:00.1234567890Z",  // more than 9 fraction digits
           "2026-03-01T12:00:00+0200",
           "2026-03-01T12:00:00+02",
           "2026-03-01T12:00:00+24:00",
           "2026-03-01T12:00:00+02:60",
           "2026-03-01T12:00:00ZZ",
           "2026-03-01T12:00:00Z ",
           " 2026-03-01T12:00:00Z",
           "2026-03-01T1a:00:00Z",
           "2026-03-01 ",
       }) {
    EXPECT_FALSE(ParseTimestamp(text).has_value()) << '"' << text << '"';
  }
}

}  // namespace
}  // namespace bb

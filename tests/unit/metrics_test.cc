#include "common/metrics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace bb {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Counter, StartsAtZeroAndAdds) {
  Counter counter;
  EXPECT_EQ(counter.Value(), 0u);
  counter.Add();
  counter.Add(4);
  EXPECT_EQ(counter.Value(), 5u);
}

TEST(Counter, CountsEveryAddFromManyThreads) {
  Counter counter;
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) counter.Add();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter.Value(), 80000u);
}

TEST(Histogram, PutsEachValueInTheFirstBucketAtOrAboveIt) {
  Histogram histogram({1, 2, 5});
  histogram.Observe(0.5);  // <= 1
  histogram.Observe(1);    // <= 1 (bounds are inclusive: le)
  histogram.Observe(1.5);  // <= 2
  histogram.Observe(5);    // <= 5
  histogram.Observe(7);    // +Inf
  histogram.Observe(100);  // +Inf
  EXPECT_EQ(histogram.BucketCount(0), 2u);
  EXPECT_EQ(histogram.BucketCount(1), 1u);
  EXPECT_EQ(histogram.BucketCount(2), 1u);
  EXPECT_EQ(histogram.BucketCount(3), 2u);
  EXPECT_EQ(histogram.Count(), 6u);
  EXPECT_DOUBLE_EQ(histogram.Sum(), 0.5 + 1 + 1.5 + 5 + 7 + 100);
}

TEST(Histogram, SumsConcurrentObservations) {
  Histogram histogram({1});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5000; ++i) histogram.Observe(0.5);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(histogram.Count(), 20000u);
  EXPECT_EQ(histogram.BucketCount(0), 20000u);
  EXPECT_DOUBLE_EQ(histogram.Sum(), 10000.0);
}

TEST(LatencyBuckets, AreSortedAndSpan100MicrosecondsTo10Seconds) {
  auto buckets = LatencyBuckets();
  ASSERT_FALSE(buckets.empty());
  EXPECT_TRUE(std::is_sorted(buckets.begin(), buckets.end()));
  EXPECT_DOUBLE_EQ(buckets.front(), 0.0001);
  EXPECT_DOUBLE_EQ(buckets.back(), 10.0);
}

TEST(MetricsRegistry, ReturnsTheSameSeriesForTheSameNameAndLabels) {
  MetricsRegistry registry;
  Counter& a = registry.GetCounter("requests_total", "Requests", {{"method", "GET"}});
  Counter& b = registry.GetCounter("requests_total", "Requests", {{"method", "GET"}});
  Counter& c = registry.GetCounter("requests_total", "Requests", {{"method", "POST"}});
  EXPECT_EQ(&a, &b);
  EXPECT_NE(&a, &c);
}

TEST(MetricsRegistry, RendersCountersWithHelpTypeAndLabels) {
  MetricsRegistry registry;
  registry.GetCounter("requests_total", "Requests served", {{"method", "GET"}, {"status", "200"}}).Add(3);
  registry.GetCounter("requests_total", "ignored: help comes from the first registration", {{"method", "POST"}}).Add();
  registry.GetCounter("plain_total", "No labels").Add(2);
  std::string text = registry.Render();
  EXPECT_TRUE(Contains(text, "# HELP requests_total Requests served\n")) << text;
  EXPECT_TRUE(Contains(text, "# TYPE requests_total counter\n")) << text;
  EXPECT_TRUE(Contains(text, "requests_total{method=\"GET\",status=\"200\"} 3\n")) << text;
  EXPECT_TRUE(Contains(text, "requests_total{method=\"POST\"} 1\n")) << text;
  EXPECT_TRUE(Contains(text, "plain_total 2\n")) << text;
  EXPECT_FALSE(Contains(text, "ignored")) << text;
}

TEST(MetricsRegistry, EscapesLabelValues) {
  MetricsRegistry registry;
  registry.GetCounter("odd_total", "Odd labels", {{"path", "a\"b\\c\nd"}}).Add();
  EXPECT_TRUE(Contains(registry.Render(), "odd_total{path=\"a\\\"b\\\\c\\nd\"} 1\n")) << registry.Render();
}

TEST(MetricsRegistry, RendersGaugesByCallingThem) {
  MetricsRegistry registry;
  double level = 1.5;
  registry.AddGauge("queue_depth", "Jobs waiting", [&] { return level; }, {{"queue", "writes"}});
  EXPECT_TRUE(Contains(registry.Render(), "# TYPE queue_depth gauge\n"));
  EXPECT_TRUE(Contains(registry.Render(), "queue_depth{queue=\"writes\"} 1.5\n")) << registry.Render();
  level = 4;
  EXPECT_TRUE(Contains(registry.Render(), "queue_depth{queue=\"writes\"} 4\n")) << registry.Render();
}

TEST(MetricsRegistry, RendersHistogramsCumulatively) {
  MetricsRegistry registry;
  Histogram& histogram = registry.GetHistogram("latency_seconds", "Latency", {0.1, 1}, {{"route", "r"}});
  histogram.Observe(0.05);
  histogram.Observe(0.5);
  histogram.Observe(0.5);
  histogram.Observe(3);
  std::string text = registry.Render();
  EXPECT_TRUE(Contains(text, "# TYPE latency_seconds histogram\n")) << text;
  EXPECT_TRUE(Contains(text, "latency_seconds_bucket{route=\"r\",le=\"0.10000000000000001\"} 1\n") ||
              Contains(text, "latency_seconds_bucket{route=\"r\",le=\"0.1\"} 1\n"))
      << text;
  EXPECT_TRUE(Contains(text, "latency_seconds_bucket{route=\"r\",le=\"1\"} 3\n")) << text;
  EXPECT_TRUE(Contains(text, "latency_seconds_bucket{route=\"r\",le=\"+Inf\"} 4\n")) << text;
  EXPECT_TRUE(Contains(text, "latency_seconds_sum{route=\"r\"} 4.0499999999999998\n") ||
              Contains(text, "latency_seconds_sum{route=\"r\"} 4.05\n"))
      << text;
  EXPECT_TRUE(Contains(text, "latency_seconds_count{route=\"r\"} 4\n")) << text;
}

TEST(MetricsRegistry, RendersUnlabelledHistogramBucketsWithOnlyLe) {
  MetricsRegistry registry;
  registry.GetHistogram("size", "Sizes", {2}).Observe(1);
  std::string text = registry.Render();
  EXPECT_TRUE(Contains(text, "size_bucket{le=\"2\"} 1\n")) << text;
  EXPECT_TRUE(Contains(text, "size_bucket{le=\"+Inf\"} 1\n")) << text;
  EXPECT_TRUE(Contains(text, "size_count 1\n")) << text;
}

TEST(MetricsRegistry, WritesEachFamilyHeaderOnce) {
  MetricsRegistry registry;
  registry.GetCounter("hits_total", "Hits", {{"k", "a"}}).Add();
  registry.GetCounter("hits_total", "Hits", {{"k", "b"}}).Add();
  std::string text = registry.Render();
  auto first = text.find("# TYPE hits_total");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(text.find("# TYPE hits_total", first + 1), std::string::npos) << text;
}

}  // namespace
}  // namespace bb

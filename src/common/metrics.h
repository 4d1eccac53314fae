#pragma once
// A small Prometheus metrics registry: counters, gauges and histograms, rendered in the Prometheus
// text exposition format (version 0.0.4).
//
// Thread-safety: registering takes a mutex (do it at start-up or rarely); Counter::Add and
// Histogram::Observe are lock-free and may be called from any thread; Render may run concurrently
// with updates (it reads each value atomically, not the whole set as one snapshot).

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace bb {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Histogram {
 public:
  // `upper_bounds` must be sorted ascending; an implicit +Inf bucket follows them.
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);

  const std::vector<double>& UpperBounds() const { return bounds_; }
  // Non-cumulative count of bucket `i` (i == UpperBounds().size() is the +Inf bucket).
  std::uint64_t BucketCount(std::size_t i) const { return buckets_[i].load(std::memory_order_relaxed); }
  std::uint64_t Count() const { return count_.load(std::memory_order_relaxed); }
  double Sum() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_bits_{0};  // a double, stored as bits for an atomic add loop
};

// Bucket bounds in seconds suited to request and commit latencies (100 µs … 10 s).
std::vector<double> LatencyBuckets();

class MetricsRegistry {
 public:
  // Each returns the series for (name, labels), creating it on first use; the reference stays
  // valid for the registry's lifetime. `help` is taken from the first registration of `name`.
  Counter& GetCounter(const std::string& name, const std::string& help, const MetricLabels& labels = {});
  Histogram& GetHistogram(const std::string& name, const std::string& help, std::vector<double> upper_bounds,
                          const MetricLabels& labels = {});
  // A gauge read by calling `read` at render time.
  void AddGauge(const std::string& name, const std::string& help, std::function<double()> read,
                const MetricLabels& labels = {});

  std::string Render() const;

 private:
  struct Series {
    std::string labels;  // rendered: key="value",...
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Histogram> histogram;
    std::function<double()> gauge;
  };
  struct Family {
    std::string help;
    std::string type;
    std::vector<std::unique_ptr<Series>> series;
  };
  Series& FindOrAdd(const std::string& name, const std::string& help, const char* type, const MetricLabels& labels);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

}  // namespace bb

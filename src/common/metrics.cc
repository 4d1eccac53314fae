#include "common/metrics.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>

namespace bb {
namespace {

std::string EscapeLabelValue(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string RenderLabels(const MetricLabels& labels) {
  std::string out;
  for (const auto& [key, value] : labels) {
    if (!out.empty()) out += ',';
    out += key;
    out += "=\"";
    out += EscapeLabelValue(value);
    out += '"';
  }
  return out;
}

std::string FormatNumber(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

void AppendSample(std::string& out, const std::string& name, const std::string& labels, const std::string& extra_label,
                  const std::string& value) {
  out += name;
  if (!labels.empty() || !extra_label.empty()) {
    out += '{';
    out += labels;
    if (!labels.empty() && !extra_label.empty()) out += ',';
    out += extra_label;
    out += '}';
  }
  out += ' ';
  out += value;
  out += '\n';
}

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)), buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::Observe(double value) {
  auto it = std::lower_bound(bounds_.begin(), bounds_.end(), value);
  buckets_[static_cast<std::size_t>(it - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  std::uint64_t old_bits = sum_bits_.load(std::memory_order_relaxed);
  while (!sum_bits_.compare_exchange_weak(
      old_bits, std::bit_cast<std::uint64_t>(std::bit_cast<double>(old_bits) + value), std::memory_order_relaxed)) {
  }
}

double Histogram::Sum() const { return std::bit_cast<double>(sum_bits_.load(std::memory_order_relaxed)); }

std::vector<double> LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

MetricsRegistry::Series& MetricsRegistry::FindOrAdd(const std::string& name, const std::string& help, const char* type,
                                                    const MetricLabels& labels) {
  Family& family = families_[name];
  if (family.type.empty()) {
    family.help = help;
    family.type = type;
  }
  std::string rendered = RenderLabels(labels);
  for (auto& series : family.series) {
    if (series->labels == rendered) return *series;
  }
  family.series.push_back(std::make_unique<Series>());
  family.series.back()->labels = std::move(rendered);
  return *family.series.back();
}

Counter& MetricsRegistry::GetCounter(const std::string& name, const std::string& help, const MetricLabels& labels) {
  std::lock_guard lock(mutex_);
  Series& series = FindOrAdd(name, help, "counter", labels);
  if (!series.counter) series.counter = std::make_unique<Counter>();
  return *series.counter;
}

Histogram& MetricsRegistry::GetHistogram(const std::string& name, const std::string& help,
                                         std::vector<double> upper_bounds, const MetricLabels& labels) {
  std::lock_guard lock(mutex_);
  Series& series = FindOrAdd(name, help, "histogram", labels);
  if (!series.histogram) series.histogram = std::make_unique<Histogram>(std::move(upper_bounds));
  return *series.histogram;
}

void MetricsRegistry::AddGauge(const std::string& name, const std::string& help, std::function<double()> read,
                               const MetricLabels& labels) {
  std::lock_guard lock(mutex_);
  FindOrAdd(name, help, "gauge", labels).gauge = std::move(read);
}

std::string MetricsRegistry::Render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    out += "# HELP " + name + " " + family.help + "\n";
    out += "# TYPE " + name + " " + family.type + "\n";
    for (const auto& series : family.series) {
      if (series->counter) {
        AppendSample(out, name, series->labels, "", std::to_string(series->counter->Value()));
      } else if (series->gauge) {
        AppendSample(out, name, series->labels, "", FormatNumber(series->gauge()));
      } else if (series->histogram) {
        const Histogram& h = *series->histogram;
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i <= h.UpperBounds().size(); ++i) {
          cumulative += h.BucketCount(i);
          std::string le = i < h.UpperBounds().size() ? FormatNumber(h.UpperBounds()[i]) : "+Inf";
          AppendSample(out, name + "_bucket", series->labels, "le=\"" + le + "\"", std::to_string(cumulative));
        }
        AppendSample(out, name + "_sum", series->labels, "", FormatNumber(h.Sum()));
        AppendSample(out, name + "_count", series->labels, "", std::to_string(h.Count()));
      }
    }
  }
  return out;
}

}  // namespace bb

#pragma once
// What every backend's group-commit writer reports in /metrics: groups committed, groups that
// failed, writes per group and the time to run and commit one. The same names on every backend,
// registered once per registry (MetricsRegistry hands the same metric to a second caller).
//
// Thread-safety: as Counter and Histogram (updates from any thread).

#include <chrono>
#include <cstddef>

#include "common/metrics.h"

namespace bb::store::sql {

struct GroupCommitMetrics {
  explicit GroupCommitMetrics(MetricsRegistry& metrics)
      : batches(metrics.GetCounter("bluebird_store_commit_batches_total",
                                   "Transactions committed by the group-commit writer")),
        commit_failures(metrics.GetCounter("bluebird_store_commit_failures_total",
                                           "Group commits that failed and were rolled back")),
        batch_sizes(metrics.GetHistogram("bluebird_store_commit_batch_size", "Writes per group commit",
                                         {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024})),
        commit_seconds(metrics.GetHistogram("bluebird_store_commit_duration_seconds",
                                            "Time to run and commit one group", LatencyBuckets())) {}

  // Records one group of `size` writes, run since `started` (committed or not).
  void Record(std::size_t size, std::chrono::steady_clock::time_point started) {
    batches.Add();
    batch_sizes.Observe(static_cast<double>(size));
    commit_seconds.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }

  Counter& batches;
  Counter& commit_failures;
  Histogram& batch_sizes;
  Histogram& commit_seconds;
};

}  // namespace bb::store::sql

#pragma once
// The single SQLite writer: one thread, one connection, group commit.
//
// Callers hand it work and block (or get a callback) until the outcome is durable. The thread
// takes every job queued so far (up to max_batch), runs them in one transaction, commits once,
// and only then releases the callers. With synchronous=FULL the commit is on disk (WAL fsync)
// before any caller hears of it. When a job fails, the group is rolled back and run again with
// each job inside its own SAVEPOINT, so that the failing job is undone alone: a job's work may
// therefore run twice, and must have no effect outside the transaction but setting its results.
//
// Thread-safety: Submit may be called from any number of threads; Stop from one.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "common/metrics.h"
#include "store/sql/group_commit_metrics.h"
#include "store/sql/sql_tx.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace bb::store::sqlite {

class GroupCommitWriter {
 public:
  GroupCommitWriter(std::unique_ptr<Connection> connection, std::size_t max_batch, MetricsRegistry& metrics);
  ~GroupCommitWriter();
  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Runs `work` in the next group and returns its outcome once committed (or rolled back).
  // After Stop, returns kUnavailable without running `work`.
  Status Submit(const Store::WriteWork& work);
  // Runs `work` in the next group; `done` gets the outcome on the writer thread after the commit
  // (or, after Stop, at once on the calling thread with kUnavailable).
  void SubmitAsync(Store::WriteWork work, std::function<void(Status)> done);

  // Runs every job already queued, then stops the thread. Idempotent.
  void Stop();

 private:
  class Job;
  class WaitingJob;
  class CallbackJob;
  // False when stopping (the job was not queued).
  bool Enqueue(Job* job);
  void Run();
  void RunBatch(std::deque<Job*>& batch);
  // Run every job of `batch` in the open transaction; false when one failed (or, for RunCareful,
  // when the transaction itself was lost).
  bool RunOptimistic(std::deque<Job*>& batch, sql::SqlTx& tx);
  bool RunCareful(std::deque<Job*>& batch, sql::SqlTx& tx);

  std::unique_ptr<Connection> connection_;
  const std::size_t max_batch_;
  Counter& careful_groups_;
  sql::GroupCommitMetrics group_metrics_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;
  // The group being run, on the writer thread only. A member rather than a local of the thread, so
  // that its buffer is reachable from the writer while the thread waits (LeakSanitizer's checks
  // during a fuzzing run took a stack-only buffer of a just-started writer for a leak).
  std::deque<Job*> batch_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace bb::store::sqlite

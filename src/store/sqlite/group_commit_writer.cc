#include "store/sqlite/group_commit_writer.h"

#include <chrono>
#include <exception>

#include "store/sqlite/sqlite_tx.h"

namespace bb::store::sqlite {

// A submitted write; lives on the submitter's stack until it is done.
struct GroupCommitWriter::Job {
  const Store::WriteWork* work;
  Status outcome;
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;

  void Finish() {
    std::lock_guard lock(mutex);
    done = true;
    cv.notify_one();  // under the lock: the waiter may destroy the job as soon as it sees `done`
  }
  void Wait() {
    std::unique_lock lock(mutex);
    cv.wait(lock, [this] { return done; });
  }
};

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Connection> connection, std::size_t max_batch,
                                     MetricsRegistry& metrics)
    : connection_(std::move(connection)),
      max_batch_(max_batch),
      batches_(metrics.GetCounter("bluebird_store_commit_batches_total",
                                  "Transactions committed by the group-commit writer")),
      commit_failures_(
          metrics.GetCounter("bluebird_store_commit_failures_total", "Group commits that failed and were rolled back")),
      batch_sizes_(metrics.GetHistogram("bluebird_store_commit_batch_size", "Writes per group commit",
                                        {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024})),
      commit_seconds_(metrics.GetHistogram("bluebird_store_commit_duration_seconds", "Time to run and commit one group",
                                           LatencyBuckets())),
      thread_([this] { Run(); }) {}

GroupCommitWriter::~GroupCommitWriter() { Stop(); }

Status GroupCommitWriter::Submit(const Store::WriteWork& work) {
  Job job;
  job.work = &work;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return Error(ErrorCode::kUnavailable, "The database is closing.");
    queue_.push_back(&job);
  }
  wake_.notify_one();
  job.Wait();
  return std::move(job.outcome);
}

void GroupCommitWriter::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void GroupCommitWriter::Run() {
  std::deque<Job*> batch;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has run
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    RunBatch(batch);
    batch.clear();
  }
}

void GroupCommitWriter::RunBatch(std::deque<Job*>& batch) {
  auto started = std::chrono::steady_clock::now();
  Connection& db = *connection_;
  SqliteTx tx(db);
  Status begun = db.Exec("BEGIN IMMEDIATE");
  if (begun.ok()) {
    for (Job* job : batch) {
      Status saved = db.Exec("SAVEPOINT job");
      if (!saved.ok()) {
        job->outcome = std::move(saved);
        continue;
      }
      try {
        job->outcome = (*job->work)(tx);
      } catch (const std::exception& e) {
        job->outcome = Error::Internal(std::string("write failed: ") + e.what());
      }
      if (!job->outcome.ok()) (void)db.Exec("ROLLBACK TO job");
      (void)db.Exec("RELEASE job");
    }
    Status committed = db.Exec("COMMIT");
    if (!committed.ok()) {
      (void)db.Exec("ROLLBACK");
      commit_failures_.Add();
      for (Job* job : batch) {
        if (job->outcome.ok()) job->outcome = Error(ErrorCode::kUnavailable, "The write could not be committed.");
      }
    }
  } else {
    commit_failures_.Add();
    for (Job* job : batch) job->outcome = Error(ErrorCode::kUnavailable, "The database is busy; try again.");
  }
  batches_.Add();
  batch_sizes_.Observe(static_cast<double>(batch.size()));
  commit_seconds_.Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  for (Job* job : batch) job->Finish();
}

}  // namespace bb::store::sqlite

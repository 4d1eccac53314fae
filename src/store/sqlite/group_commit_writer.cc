#include "store/sqlite/group_commit_writer.h"

#include <chrono>
#include <exception>

#include "common/thread_name.h"
#include "store/sql/grouped_click_tx.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sqlite {

// A queued write. Finish hands the outcome over; the job must not be touched after it.
class GroupCommitWriter::Job {
 public:
  virtual ~Job() = default;
  virtual const Store::WriteWork& work() const = 0;
  virtual void Finish() = 0;
  Status outcome;
};

// A blocking caller's job; lives on the caller's stack until Finish wakes it.
class GroupCommitWriter::WaitingJob final : public Job {
 public:
  explicit WaitingJob(const Store::WriteWork& work) : work_(work) {}
  const Store::WriteWork& work() const override { return work_; }
  void Finish() override {
    std::lock_guard lock(mutex_);
    done_ = true;
    cv_.notify_one();  // under the lock: the waiter may destroy the job as soon as it sees `done_`
  }
  void Wait() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return done_; });
  }

 private:
  const Store::WriteWork& work_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool done_ = false;
};

// An asynchronous caller's job; owns its work and deletes itself when finished.
class GroupCommitWriter::CallbackJob final : public Job {
 public:
  CallbackJob(Store::WriteWork work, std::function<void(Status)> done)
      : work_(std::move(work)), done_(std::move(done)) {}
  const Store::WriteWork& work() const override { return work_; }
  void Finish() override {
    auto done = std::move(done_);
    Status result = std::move(outcome);
    delete this;
    done(std::move(result));
  }

 private:
  Store::WriteWork work_;
  std::function<void(Status)> done_;
};

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Connection> connection, std::size_t max_batch,
                                     MetricsRegistry& metrics)
    : connection_(std::move(connection)),
      max_batch_(max_batch),
      careful_groups_(metrics.GetCounter("bluebird_store_careful_groups_total",
                                         "Groups run again with a savepoint per write because one write failed")),
      group_metrics_(metrics),
      thread_([this] { Run(); }) {}

GroupCommitWriter::~GroupCommitWriter() { Stop(); }

bool GroupCommitWriter::Enqueue(Job* job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    queue_.push_back(job);
  }
  wake_.notify_one();
  return true;
}

Status GroupCommitWriter::Submit(const Store::WriteWork& work) {
  WaitingJob job(work);
  if (!Enqueue(&job)) return Error(ErrorCode::kUnavailable, "The database is closing.");
  job.Wait();
  return std::move(job.outcome);
}

void GroupCommitWriter::SubmitAsync(Store::WriteWork work, std::function<void(Status)> done) {
  auto* job = new CallbackJob(std::move(work), std::move(done));
  if (!Enqueue(job)) {
    job->outcome = Error(ErrorCode::kUnavailable, "The database is closing.");
    job->Finish();
  }
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
  SetCurrentThreadName("bb-writer");
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has run
      while (!queue_.empty() && batch_.size() < max_batch_) {
        batch_.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    RunBatch(batch_);
    batch_.clear();
  }
}

namespace {

// Runs a job's work in the open transaction; an exception is a failed write.
Status RunWork(const Store::WriteWork& work, sql::SqlTx& tx) {
  try {
    return work(tx);
  } catch (const std::exception& e) {
    return Error::Internal(std::string("write failed: ") + e.what());
  }
}

}  // namespace

bool GroupCommitWriter::RunOptimistic(std::deque<Job*>& batch, sql::SqlTx& tx) {
  for (Job* job : batch) {
    job->outcome = RunWork(job->work(), tx);
    if (!job->outcome.ok()) return false;
  }
  return true;
}

bool GroupCommitWriter::RunCareful(std::deque<Job*>& batch, sql::SqlTx& tx) {
  Connection& db = *connection_;
  for (Job* job : batch) {
    if (!db.Run("SAVEPOINT job").ok()) return false;
    job->outcome = RunWork(job->work(), tx);
    if (job->outcome.ok()) job->outcome = tx.FlushSearchIndex();
    if (!job->outcome.ok()) tx.DropSearchIndex();
    bool undone = job->outcome.ok() || db.Run("ROLLBACK TO job").ok();
    // After some errors (disk full, I/O error, out of memory) SQLite rolls back the whole
    // transaction by itself: then no job of this group may be reported as written.
    if (!undone || !db.Run("RELEASE job").ok() || !db.InTransaction()) return false;
  }
  return true;
}

void GroupCommitWriter::RunBatch(std::deque<Job*>& batch) {
  auto started = std::chrono::steady_clock::now();
  Connection& db = *connection_;
  // Optimistic first: every job straight into one transaction, no savepoints (a savepoint copies
  // each page it touches), the group's clicks added to the click summaries together. Writes rarely
  // fail; when one does, the group is rolled back and run again with a savepoint per job (and each
  // click's summary added with it) so that only the failing job is undone.
  bool group_ok = db.Run("BEGIN IMMEDIATE").ok();
  bool rolled_back = false;
  if (group_ok) {
    sql::GroupedClickTx grouped(db);
    bool jobs_ok = RunOptimistic(batch, grouped);
    bool flushed = jobs_ok && grouped.Flush().ok() && grouped.FlushSearchIndex().ok();
    grouped.Discard();
    if (!flushed) {
      if (db.InTransaction()) (void)db.Run("ROLLBACK");
      if (!jobs_ok && batch.size() == 1) {
        rolled_back = true;  // nothing else to keep: the failed job's own error stands
      } else {
        careful_groups_.Add();
        sql::SqlTx careful(db);
        group_ok = db.Run("BEGIN IMMEDIATE").ok() && RunCareful(batch, careful);
      }
    }
  }
  if (group_ok && !rolled_back) group_ok = db.Run("COMMIT").ok();
  if (!group_ok) {
    if (db.InTransaction()) (void)db.Run("ROLLBACK");
    group_metrics_.commit_failures.Add();
    for (Job* job : batch) {
      if (job->outcome.ok()) job->outcome = Error(ErrorCode::kUnavailable, "The write could not be committed.");
    }
  }
  group_metrics_.Record(batch.size(), started);
  for (Job* job : batch) job->Finish();
}

}  // namespace bb::store::sqlite

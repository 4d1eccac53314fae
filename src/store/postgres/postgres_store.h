#pragma once
// The shared backend: PostgreSQL, which several Bluebird instances may use at once. Every write
// runs in a SERIALIZABLE transaction and is run again (up to max_attempts, with a short random
// pause growing each time) when PostgreSQL reports a serialization failure or a deadlock, so a
// check-then-write (a duplicate check, a reward's cap, a stage move) is right whichever instance
// runs it; uniqueness keys settle what must never happen twice. Reads run in a REPEATABLE READ
// READ ONLY transaction (one snapshot). Asynchronous writes (the tracked link's clicks) are
// grouped by one writer thread per instance: one transaction and one commit per group, every
// caller told only after the commit. See docs/architecture.md, "PostgreSQL".

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "common/metrics.h"
#include "store/postgres/connection.h"
#include "store/postgres/connection_pool.h"
#include "store/sql/group_commit_metrics.h"
#include "store/sql/sql_tx.h"
#include "store/store.h"

namespace bb::store::postgres {

struct PostgresOptions {
  std::string url;              // postgres://user:password@host:port/database?sslmode=...
  std::size_t pool_size = 16;   // connections per instance (the async writer has its own)
  std::size_t max_batch = 512;  // most asynchronous writes committed together
  int max_attempts = 20;        // runs of one write before a serialization failure is returned
  int connect_timeout_s = 10;
  std::chrono::milliseconds acquire_timeout{5000};  // waiting for a free connection
};

class PostgresStore final : public Store {
 public:
  // Connects, applies pending migrations (under an advisory lock: several instances starting at
  // once migrate exactly once), starts the asynchronous writer. kUnavailable naming the problem
  // (never the password) when the server cannot be reached.
  static Result<std::unique_ptr<PostgresStore>> Open(const PostgresOptions& options, MetricsRegistry& metrics);
  ~PostgresStore() override;

  Status Write(const WriteWork& work) override;
  void WriteAsync(WriteWork work, std::function<void(Status)> done) override;
  Status Read(const ReadWork& work) override;
  void Close() override;

 private:
  struct AsyncJob {
    WriteWork work;
    std::function<void(Status)> done;
    Status outcome;
  };
  PostgresStore(PostgresOptions options, MetricsRegistry& metrics);
  void RunAsyncWriter();
  // Runs `batch` in one transaction (a savepoint per job when one of them fails), commits, and
  // sets each job's outcome.
  void RunAsyncBatch(std::deque<AsyncJob>& batch);
  // One try at running `batch` on `connection`: true when every job's outcome is final (committed,
  // or the one job's own failure); false when the group was not committed (then the jobs that
  // had not failed say so, unless the caller runs the group again). `commit_sent` tells whether
  // COMMIT was sent (after which a lost connection leaves the outcome unknown).
  bool TryAsyncBatch(Connection& connection, std::deque<AsyncJob>& batch, bool& commit_sent);
  // One pass over `batch` in a new transaction, left open: every job ran (with `careful`, each in a
  // savepoint, a failed one undone), or one failed (without `careful`), or the transaction is lost.
  enum class Pass { kAllRan, kJobFailed, kLost };
  Pass RunPass(Connection& connection, sql::SqlTx& tx, std::deque<AsyncJob>& batch, bool careful);
  // The optimistic pass, on a ClickCopyTx: every job, then the group's clicks in one COPY.
  Pass RunFastPass(Connection& connection, std::deque<AsyncJob>& batch);
  // A pooled connection with a transaction begun by `begin`; a connection found lost is replaced.
  // `retry` (optional) says whether a failure asks for the write to run again (a lock timeout).
  Result<ConnectionPool::Lease> Begin(std::string_view begin, bool* retry = nullptr);
  // Runs the click writer's key lookups on key_pool_'s connection, outside the group's transaction
  // (once more on a new connection when the first was found lost).
  Result<std::int64_t> RunOutsideForClickKeys(const sql::ClickKeyWork& work);
  // The pause before attempt `attempt` (2, 3, ...) of a write.
  std::chrono::microseconds RetryPause(int attempt);

  const PostgresOptions options_;
  // The click summaries' shard this instance adds to (store/sql/click_summary.h), drawn when it
  // opens: instances adding to one program's day update rows of their own, without conflicts.
  const std::int64_t summary_shard_;
  ConnectionPool pool_;
  ConnectionPool writer_pool_;  // the asynchronous writer's own connection
  ConnectionPool key_pool_;     // its connection for click keys (store/sql/click_keys.h)
  Counter& retries_;
  Counter& alone_;
  sql::GroupCommitMetrics group_metrics_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<AsyncJob> queue_;
  bool stopping_ = false;
  std::thread writer_;
};

// Applies every embedded migration not yet recorded in schema_migrations, up to and including
// version `up_to`, each in its own transaction, all under one advisory lock held for the whole
// run. Returns the schema version reached.
Result<int> ApplyMigrations(Connection& connection, int up_to = std::numeric_limits<int>::max());

// A fingerprint of the embedded migrations (their names and texts, hex): equal exactly when two
// builds would create the same schema. Lets a tool reuse a database migrated earlier (the tests
// clone one migrated template per cluster instead of migrating every test's database).
std::string SchemaFingerprint();

}  // namespace bb::store::postgres

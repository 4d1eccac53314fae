#include "store/postgres/postgres_store.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <random>
#include <span>
#include <vector>

#include "common/embedded_file.h"
#include "common/thread_name.h"
#include "store/postgres/click_copy_tx.h"
#include "store/sql/click_summary.h"
#include "store/sql/referral_summary.h"
#include "store/sql/sql_tx.h"

namespace bb::store::postgres::schema {
std::span<const bb::EmbeddedFile> Files();
}

namespace bb::store::postgres {
namespace {

// The advisory lock key that serialises migrations across instances ("bluebird" in ASCII, as a
// 64-bit number).
constexpr std::string_view kMigrationLock = "SELECT pg_advisory_lock(7084269383410983780)";
constexpr std::string_view kMigrationUnlock = "SELECT pg_advisory_unlock(7084269383410983780)";

// Writes run concurrently, each holding the write gate (a table without rows) in ROW SHARE mode.
// A write that has met a conflict runs alone: it locks the gate in EXCLUSIVE mode, which waits for
// every write in flight on every instance and holds new ones back; no serializable transaction runs
// beside it but the click writers' groups (below), so it conflicts only with a fold of the click
// summaries touching its own rows, and otherwise commits. LOCK TABLE takes no snapshot (the snapshot is
// taken by the first query after it, once the lock is granted), and both locks end with their
// transaction, whatever happens to the connection. Waiting to run alone is bounded: a lock
// timeout is a conflict like any other (the write runs again).
constexpr std::string_view kBeginWrite = "BEGIN ISOLATION LEVEL SERIALIZABLE; LOCK TABLE write_gate IN ROW SHARE MODE";
constexpr std::string_view kBeginWriteAlone =
    "BEGIN ISOLATION LEVEL SERIALIZABLE; SET LOCAL lock_timeout = '2s'; LOCK TABLE write_gate IN EXCLUSIVE MODE; "
    "SET LOCAL lock_timeout TO DEFAULT";
constexpr std::string_view kBeginSerializable = "BEGIN ISOLATION LEVEL SERIALIZABLE";
// Conflicts (not lost connections) a write may meet before it runs alone: one. Writes to different programs rarely
// conflict and run side by side; writes into one busy program conflict on the same index pages nearly always, and a
// second optimistic try mostly wastes its work (docs/performance.md, PostgreSQL).
constexpr int kAttemptsBeforeAlone = 1;
// The asynchronous writer's groups take no part in the gate, so that the clicks of the tracked link
// are never held up by a write running alone. They insert clicks and append to the click
// summaries, and now and then fold those (store/sql/click_summary.h): a fold can conflict with a
// rebuild of the same days or another instance's fold, and then one of them runs again.
constexpr std::string_view kBeginClicks = kBeginSerializable;
constexpr std::string_view kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

template <class Work, class Target>
Status RunWork(const Work& work, Target& tx, std::string_view what) {
  try {
    return work(tx);
  } catch (const std::exception& e) {
    return Error::Internal(std::string(what) + " failed: " + e.what());
  }
}

// Ends the open transaction (if any) without keeping anything.
void RollBack(Connection& connection) {
  if (connection.InTransaction()) (void)connection.Exec("ROLLBACK");
}

}  // namespace

std::string SchemaFingerprint() {
  // FNV-1a over each file's name and text, each followed by a separator byte.
  std::uint64_t hash = 14695981039346656037ULL;
  auto add = [&hash](std::string_view bytes) {
    for (unsigned char c : bytes) hash = (hash ^ c) * 1099511628211ULL;
    hash = (hash ^ 0xFFU) * 1099511628211ULL;
  };
  for (const auto& file : schema::Files()) {
    add(file.name);
    add(file.data);
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

Result<int> ApplyMigrations(Connection& db, int up_to) {
  BB_RETURN_IF_ERROR(db.Exec(kMigrationLock));
  auto unlock = [&db] { (void)db.Exec(kMigrationUnlock); };
  Status created = db.Exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at BIGINT NOT NULL)");
  if (!created.ok()) {
    unlock();
    return created.error();
  }
  std::vector<EmbeddedFile> files(schema::Files().begin(), schema::Files().end());
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  int version = 0;
  for (const auto& file : files) {
    int file_version = std::stoi(std::string(file.name.substr(0, 4)));
    if (file_version > up_to) break;
    auto applied_before = [&]() -> Result<bool> {
      BB_ASSIGN_OR_RETURN(Statement s, db.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?"));
      s.Bind(file_version);
      return s.Step();
    }();
    if (!applied_before.ok()) {
      unlock();
      return applied_before.error();
    }
    if (*applied_before) {
      version = file_version;
      continue;
    }
    Status applied = db.Exec("BEGIN");
    if (applied.ok()) applied = db.Exec(file.data);
    if (applied.ok()) {
      auto s = db.Prepare(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, "
          "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT))");
      if (!s.ok()) {
        applied = s.error();
      } else {
        s->Bind(file_version).Bind(file.name);
        applied = s->Run();
      }
    }
    if (applied.ok()) applied = db.Exec("COMMIT");
    if (!applied.ok()) {
      RollBack(db);
      unlock();
      return Error(ErrorCode::kInternal,
                   "migration " + std::string(file.name) + " failed: " + applied.error().message());
    }
    version = file_version;
  }
  // The summaries a migration asked to build from the rows already stored, under the same lock
  // (so by one instance, once).
  auto clicks = sql::ClickSummariesRequested(db);
  auto referrals = sql::ReferralSummariesRequested(db);
  Status built = !clicks.ok() ? Status(clicks.error()) : !referrals.ok() ? Status(referrals.error()) : Ok();
  bool requested = built.ok() && (*clicks || *referrals);
  if (requested) built = db.Exec("BEGIN");
  if (requested && built.ok()) built = sql::BuildRequestedClickSummaries(db);
  if (requested && built.ok()) built = sql::BuildRequestedReferralSummaries(db);
  if (requested && built.ok()) built = db.Exec("COMMIT");
  RollBack(db);
  unlock();
  if (!built.ok()) return Error(ErrorCode::kInternal, "building the summaries failed: " + built.error().message());
  return version;
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const PostgresOptions& options, MetricsRegistry& metrics) {
  auto store = std::unique_ptr<PostgresStore>(new PostgresStore(options, metrics));
  {
    BB_ASSIGN_OR_RETURN(auto connection, store->pool_.Acquire());
    BB_RETURN_IF_ERROR(ApplyMigrations(*connection));
  }
  // The click writer's two connections, opened now rather than on the first click (which would
  // otherwise wait for two connections to be made).
  {
    BB_ASSIGN_OR_RETURN(auto writer, store->writer_pool_.Acquire());
    BB_ASSIGN_OR_RETURN(auto keys, store->key_pool_.Acquire());
  }
  store->writer_ = std::thread([raw = store.get()] { raw->RunAsyncWriter(); });
  return store;
}

namespace {

// Shards enough that instances seldom draw the same one (which only costs a retried group).
std::int64_t DrawSummaryShard() {
  std::random_device device;
  return std::uniform_int_distribution<std::int64_t>(0, 4095)(device);
}

}  // namespace

PostgresStore::PostgresStore(PostgresOptions options, MetricsRegistry& metrics)
    : options_(std::move(options)),
      summary_shard_(DrawSummaryShard()),
      pool_(options_.url, options_.pool_size, options_.acquire_timeout, options_.connect_timeout_s),
      writer_pool_(options_.url, 1, options_.acquire_timeout, options_.connect_timeout_s),
      key_pool_(options_.url, 1, options_.acquire_timeout, options_.connect_timeout_s),
      retries_(metrics.GetCounter("bluebird_store_retries_total",
                                  "Writes run again (PostgreSQL): a serialization failure, a deadlock, a lock "
                                  "timeout, or a connection lost before COMMIT")),
      alone_(metrics.GetCounter("bluebird_store_writes_alone_total",
                                "Write attempts run alone (PostgreSQL: the write gate locked exclusively) after a "
                                "conflict")),
      group_metrics_(metrics) {}

PostgresStore::~PostgresStore() { Close(); }

std::chrono::microseconds PostgresStore::RetryPause(int attempt) {
  // Full jitter over a window that doubles per attempt, from 1 ms up to 64 ms: contenders spread
  // out instead of colliding again in step.
  thread_local std::minstd_rand random{std::random_device{}()};
  int window_us = 1000 << std::min(attempt - 2, 6);
  return std::chrono::microseconds(std::uniform_int_distribution<int>(0, window_us)(random));
}

Result<ConnectionPool::Lease> PostgresStore::Begin(std::string_view begin, bool* retry) {
  // An idle connection the server closed (a restart, a failover) is only found out when used:
  // nothing has run on it yet, so another one is taken, until the pool has been gone through.
  for (std::size_t tries = 0;; ++tries) {
    BB_ASSIGN_OR_RETURN(auto connection, pool_.Acquire());
    connection->ClearRetry();
    Status begun = connection->Exec(begin);
    if (begun.ok()) return connection;
    if (retry != nullptr) *retry = connection->MustRetry();
    RollBack(*connection);  // `begin` may have opened the transaction before a later statement failed
    if (!connection->Broken() || tries >= options_.pool_size) return begun.error();
  }
}

Status PostgresStore::Write(const WriteWork& work) {
  int conflicts = 0;  // serialization failures and deadlocks met (a lost connection is not one)
  for (int attempt = 1;; ++attempt) {
    if (attempt > 1) {
      retries_.Add();
      std::this_thread::sleep_for(RetryPause(attempt));
    }
    bool alone = conflicts >= kAttemptsBeforeAlone;
    bool timed_out = false;
    auto begun = Begin(alone ? kBeginWriteAlone : kBeginWrite, &timed_out);
    if (!begun.ok()) {
      // Waiting to run alone timed out: run again, like after a conflict.
      if (timed_out && attempt < options_.max_attempts) continue;
      if (timed_out) return Error(ErrorCode::kUnavailable, "The write kept conflicting with others; try again.");
      return std::move(begun).error();
    }
    if (alone) alone_.Add();
    auto& connection = *begun;
    sql::SqlTx tx(*connection, summary_shard_);
    Status outcome = RunWork(work, tx, "write");
    bool commit_sent = false;
    if (outcome.ok() && !connection->MustRetry()) {
      commit_sent = true;
      outcome = connection->Commit();
    }
    // Run again after a serialization failure, or after losing the connection before COMMIT was
    // sent (nothing can have been committed). A connection lost during COMMIT leaves the outcome
    // unknown: that is answered kUnavailable, never retried here.
    if (connection->MustRetry()) ++conflicts;
    bool retry = connection->MustRetry() || (!outcome.ok() && !commit_sent && connection->Broken());
    RollBack(*connection);
    if (outcome.ok() && !retry) return outcome;
    if (!retry || attempt >= options_.max_attempts) {
      if (retry) return Error(ErrorCode::kUnavailable, "The write kept conflicting with others; try again.");
      return outcome;
    }
  }
}

Status PostgresStore::Read(const ReadWork& work) {
  BB_ASSIGN_OR_RETURN(auto connection, Begin(kBeginRead));
  sql::SqlTx tx(*connection, summary_shard_);
  Status outcome = RunWork(work, tx, "read");
  Status ended = connection->Exec("COMMIT");
  RollBack(*connection);
  if (!ended.ok() && outcome.ok()) return ended;
  return outcome;
}

void PostgresStore::WriteAsync(WriteWork work, std::function<void(Status)> done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back(AsyncJob{std::move(work), std::move(done), Ok()});
      wake_.notify_one();
      return;
    }
  }
  done(Error(ErrorCode::kUnavailable, "The database is closing."));
}

void PostgresStore::RunAsyncWriter() {
  SetCurrentThreadName("bb-pg-writer");
  std::deque<AsyncJob> batch;
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has run
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    RunAsyncBatch(batch);
    for (auto& job : batch) {
      // Each callback is destroyed as soon as it has run: what it holds (an HTTP session owed the
      // answer) must not outlive the answer by the time the rest of the group takes, or a server
      // stopped meanwhile would see its session destroyed after it (regression: a use after free
      // ASan found in SqliteToPostgresCopyTest).
      auto done = std::move(job.done);
      done(std::move(job.outcome));
    }
    batch.clear();
  }
}

void PostgresStore::RunAsyncBatch(std::deque<AsyncJob>& batch) {
  auto started = std::chrono::steady_clock::now();
  bool finished = false;
  for (int attempt = 1; attempt <= options_.max_attempts && !finished; ++attempt) {
    if (attempt > 1) {
      retries_.Add();
      std::this_thread::sleep_for(RetryPause(attempt));
    }
    auto connection = writer_pool_.Acquire();
    if (!connection.ok()) {
      for (auto& job : batch) job.outcome = connection.error();
      break;
    }
    bool commit_sent = false;
    finished = TryAsyncBatch(**connection, batch, commit_sent);
    bool retry = (*connection)->MustRetry() || (!commit_sent && (*connection)->Broken());
    if (!finished && !retry) break;
  }
  if (!finished) {
    group_metrics_.commit_failures.Add();
    for (auto& job : batch) {
      if (job.outcome.ok()) job.outcome = Error(ErrorCode::kUnavailable, "The write could not be committed.");
    }
  }
  group_metrics_.Record(batch.size(), started);
}

PostgresStore::Pass PostgresStore::RunPass(Connection& connection, sql::SqlTx& tx, std::deque<AsyncJob>& batch,
                                           bool careful) {
  if (!connection.Exec(kBeginClicks).ok()) return Pass::kLost;
  for (auto& job : batch) {
    if (careful && !connection.Exec("SAVEPOINT job").ok()) return Pass::kLost;
    job.outcome = RunWork(job.work, tx, "write");
    if (connection.MustRetry()) return Pass::kLost;
    if (!job.outcome.ok()) {
      if (!careful) return Pass::kJobFailed;
      if (!connection.Exec("ROLLBACK TO SAVEPOINT job").ok()) return Pass::kLost;
    }
    if (careful && !connection.Exec("RELEASE SAVEPOINT job").ok()) return Pass::kLost;
  }
  return Pass::kAllRan;
}

Result<std::int64_t> PostgresStore::RunOutsideForClickKeys(const sql::ClickKeyWork& work) {
  for (int attempt = 0;; ++attempt) {
    BB_ASSIGN_OR_RETURN(auto lease, key_pool_.Acquire());
    auto result = work(*lease);
    if (result.ok() || attempt == 1 || !lease->Broken()) return result;
  }
}

PostgresStore::Pass PostgresStore::RunFastPass(Connection& connection, std::deque<AsyncJob>& batch) {
  ClickCopyTx tx(connection, summary_shard_);
  tx.MakeClickKeysOutside([this](const sql::ClickKeyWork& work) { return RunOutsideForClickKeys(work); });
  Pass pass = RunPass(connection, tx, batch, false);
  if (pass != Pass::kAllRan) return pass;
  Status flushed = tx.Flush();
  if (flushed.ok()) return Pass::kAllRan;
  if (connection.MustRetry() || connection.Broken()) return Pass::kLost;
  // A click the COPY refused: the careful pass inserts them one by one and finds which.
  return Pass::kJobFailed;
}

bool PostgresStore::TryAsyncBatch(Connection& connection, std::deque<AsyncJob>& batch, bool& commit_sent) {
  connection.ClearRetry();
  sql::SqlTx tx(connection, summary_shard_);
  tx.MakeClickKeysOutside([this](const sql::ClickKeyWork& work) { return RunOutsideForClickKeys(work); });
  // Optimistic first: every job straight into one transaction, the clicks in one COPY. When one
  // fails, the group is run again with a savepoint per job (and an INSERT per click), so that only
  // the failing job is undone.
  for (bool careful : {false, true}) {
    Pass pass = careful ? RunPass(connection, tx, batch, true) : RunFastPass(connection, batch);
    if (pass == Pass::kAllRan) {
      commit_sent = true;
      Status committed = connection.Commit();
      RollBack(connection);
      if (committed.ok()) return true;
      for (auto& job : batch) {
        if (job.outcome.ok()) job.outcome = committed;
      }
      return false;
    }
    RollBack(connection);
    if (pass == Pass::kLost) {
      for (auto& job : batch) {
        if (job.outcome.ok()) job.outcome = Error(ErrorCode::kUnavailable, "The write could not be committed.");
      }
      return false;
    }
    // The one job failed: its own error stands, nothing to commit. (A refused COPY leaves the job's
    // own outcome ok: then the careful pass finds the error.)
    if (batch.size() == 1 && !batch.front().outcome.ok()) return true;
  }
  return false;
}

void PostgresStore::Close() {
  std::thread writer;  // taken under the lock, so that two calls never join it twice
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    writer = std::move(writer_);
  }
  wake_.notify_one();
  if (writer.joinable()) writer.join();
  pool_.Close();
  writer_pool_.Close();
  key_pool_.Close();
}

}  // namespace bb::store::postgres

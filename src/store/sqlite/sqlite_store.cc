#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <exception>
#include <span>

#include "common/embedded_file.h"
#include "store/sql/click_summary.h"
#include "store/sql/referral_summary.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sqlite::schema {
std::span<const bb::EmbeddedFile> Files();
}

namespace bb::store::sqlite {

Result<int> ApplyMigrations(Connection& db, int up_to) {
  BB_RETURN_IF_ERROR(
      db.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
              "name TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
  std::vector<EmbeddedFile> files(schema::Files().begin(), schema::Files().end());
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  int version = 0;
  for (const auto& file : files) {
    int file_version = std::stoi(std::string(file.name.substr(0, 4)));
    if (file_version > up_to) break;
    {
      BB_ASSIGN_OR_RETURN(Statement s, db.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?"));
      s.Bind(file_version);
      BB_ASSIGN_OR_RETURN(bool applied, s.Step());
      if (applied) {
        version = file_version;
        continue;
      }
    }
    // SQLite's way to change a table: foreign keys off (a no-op inside a transaction, so before
    // it), the change, a foreign key check of the result, commit, foreign keys on again.
    BB_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = OFF"));
    BB_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
    Status applied = db.Exec(file.data);
    if (applied.ok()) {
      auto check = db.PrepareOnce("PRAGMA foreign_key_check");
      if (!check.ok()) {
        applied = check.error();
      } else if (auto row = check->Step(); !row.ok() || *row) {
        applied = row.ok() ? Error::Internal("a foreign key does not resolve in table " + check->Text(0)) : row.error();
      }
    }
    if (applied.ok()) {
      auto s = db.Prepare(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, "
          "CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER))");
      if (!s.ok()) {
        applied = s.error();
      } else {
        s->Bind(file_version).Bind(file.name);
        applied = s->Run();
      }
    }
    if (!applied.ok()) {
      (void)db.Exec("ROLLBACK");
      (void)db.Exec("PRAGMA foreign_keys = ON");
      return Error(ErrorCode::kInternal,
                   "migration " + std::string(file.name) + " failed: " + applied.error().message());
    }
    BB_RETURN_IF_ERROR(db.Exec("COMMIT"));
    BB_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = ON"));
    version = file_version;
  }
  // The summaries a migration asked to build from the rows already stored (checked first without
  // the write lock, which a rebuild beside a running server may hold).
  BB_ASSIGN_OR_RETURN(bool clicks_requested, sql::ClickSummariesRequested(db));
  BB_ASSIGN_OR_RETURN(bool referrals_requested, sql::ReferralSummariesRequested(db));
  if (!clicks_requested && !referrals_requested) return version;
  BB_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE"));
  Status built = sql::BuildRequestedClickSummaries(db);
  if (built.ok()) built = sql::BuildRequestedReferralSummaries(db);
  if (built.ok()) built = db.Exec("COMMIT");
  if (!built.ok()) {
    (void)db.Exec("ROLLBACK");
    return Error(ErrorCode::kInternal, "building the summaries failed: " + built.error().message());
  }
  return version;
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const SqliteOptions& options, MetricsRegistry& metrics) {
  BB_ASSIGN_OR_RETURN(auto connection, Connection::Open(options.path, true, options.busy_timeout_ms));
  BB_RETURN_IF_ERROR(connection->Exec("PRAGMA journal_mode = WAL"));
  BB_RETURN_IF_ERROR(
      connection->Exec(options.synchronous_full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"));
  // The writer's transactions look up referrals, rules and rewards before they write: without a
  // map and a large page cache every page they touch is a read system call (measured: the writer
  // spent half its time in pread under referral load).
  BB_RETURN_IF_ERROR(connection->Exec("PRAGMA mmap_size = 1073741824"));
  BB_RETURN_IF_ERROR(connection->Exec("PRAGMA cache_size = -65536"));
  // Every job and every store call runs in a SAVEPOINT, whose statement journal is a temporary
  // file by default: each page a statement first changes was written there too (measured: 33
  // pwrite calls per imported advocate, half the import's time). In memory, the journal costs a
  // copy of the page.
  BB_RETURN_IF_ERROR(connection->Exec("PRAGMA temp_store = MEMORY"));
  // The checkpoint runs inside the COMMIT that crosses the threshold, so its size trades writes per
  // second against the longest pause a caller sees; the default keeps the tracked link's p99 under
  // 10 ms (measured in docs/performance.md, "WAL checkpoints").
  BB_RETURN_IF_ERROR(connection->Exec("PRAGMA wal_autocheckpoint = " + std::to_string(options.checkpoint_pages)));
  BB_RETURN_IF_ERROR(ApplyMigrations(*connection));
  auto writer = std::make_unique<GroupCommitWriter>(std::move(connection), options.max_batch, metrics);
  return std::unique_ptr<SqliteStore>(new SqliteStore(options, std::move(writer)));
}

SqliteStore::SqliteStore(SqliteOptions options, std::unique_ptr<GroupCommitWriter> writer)
    : options_(std::move(options)), writer_(std::move(writer)) {}

SqliteStore::~SqliteStore() { Close(); }

Status SqliteStore::Write(const WriteWork& work) { return writer_->Submit(work); }

void SqliteStore::WriteAsync(WriteWork work, std::function<void(Status)> done) {
  writer_->SubmitAsync(std::move(work), std::move(done));
}

Result<std::unique_ptr<Connection>> SqliteStore::AcquireReader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      auto reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return reader;
    }
  }
  BB_ASSIGN_OR_RETURN(auto reader, Connection::Open(options_.path, false, options_.busy_timeout_ms));
  BB_RETURN_IF_ERROR(reader->Exec("PRAGMA query_only = ON"));
  // Read pages through a memory map: no read system call per page, and the OS page cache is shared.
  BB_RETURN_IF_ERROR(reader->Exec("PRAGMA mmap_size = 1073741824"));
  return reader;
}

void SqliteStore::ReleaseReader(std::unique_ptr<Connection> reader) {
  std::lock_guard lock(readers_mutex_);
  idle_readers_.push_back(std::move(reader));
}

Status SqliteStore::Read(const ReadWork& work) {
  BB_ASSIGN_OR_RETURN(auto reader, AcquireReader());
  BB_RETURN_IF_ERROR(reader->Run("BEGIN"));
  sql::SqlTx tx(*reader);
  Status outcome = Ok();
  try {
    outcome = work(tx);
  } catch (const std::exception& e) {
    outcome = Error::Internal(std::string("read failed: ") + e.what());
  }
  Status ended = reader->Run("COMMIT");
  if (!ended.ok()) return ended;  // the connection is in an unknown state: drop it
  ReleaseReader(std::move(reader));
  return outcome;
}

void SqliteStore::Close() {
  writer_->Stop();
  std::lock_guard lock(readers_mutex_);
  idle_readers_.clear();
}

}  // namespace bb::store::sqlite

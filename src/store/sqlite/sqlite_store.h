#pragma once
// The embedded backend: one SQLite database file in WAL mode. Writes go through one
// GroupCommitWriter; reads use a pool of reader connections, each read in its own snapshot
// transaction. One process per database file.

#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/metrics.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/group_commit_writer.h"
#include "store/store.h"

namespace bb::store::sqlite {

struct SqliteOptions {
  std::string path;              // database file; created if missing
  bool synchronous_full = true;  // FULL: a commit is on disk before it is acknowledged
  std::size_t max_batch = 512;   // most writes in one group commit
  int busy_timeout_ms = 5000;
  // The WAL is copied back into the database file, on the writer thread inside the commit that
  // crosses this many pages. Larger: more writes per second, longer pauses (docs/performance.md).
  std::int64_t checkpoint_pages = 2000;
};

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) the database, applies pending migrations, starts the writer.
  static Result<std::unique_ptr<SqliteStore>> Open(const SqliteOptions& options, MetricsRegistry& metrics);
  ~SqliteStore() override;

  Status Write(const WriteWork& work) override;
  void WriteAsync(WriteWork work, std::function<void(Status)> done) override;
  Status Read(const ReadWork& work) override;
  void Close() override;

 private:
  SqliteStore(SqliteOptions options, std::unique_ptr<GroupCommitWriter> writer);
  Result<std::unique_ptr<Connection>> AcquireReader();
  void ReleaseReader(std::unique_ptr<Connection> reader);

  SqliteOptions options_;
  std::unique_ptr<GroupCommitWriter> writer_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
};

// Applies every embedded migration not yet recorded in schema_migrations, up to and including
// version `up_to`, each in its own transaction, with foreign keys checked before each commit. Returns the schema
// version reached. (`up_to` lets the tests build a database as an older release left it.)
Result<int> ApplyMigrations(Connection& connection, int up_to = std::numeric_limits<int>::max());

}  // namespace bb::store::sqlite

#include "store/sqlite/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <span>

#include "common/embedded_file.h"
#include "store/sqlite/connection.h"

namespace bb::store::sqlite::schema {
std::span<const bb::EmbeddedFile> Files();
}

namespace bb::store::sqlite {
namespace {

// Flushes a file or directory to disk; false when it cannot.
bool Sync(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return false;
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced;
}

// Runs `sql` (one statement) on `db` and collects the first column of every row.
Result<std::vector<std::string>> Rows(Connection& db, const std::string& sql) {
  BB_ASSIGN_OR_RETURN(Statement s, db.PrepareOnce(sql));
  std::vector<std::string> rows;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    rows.push_back(s.Text(0));
  }
  return rows;
}

}  // namespace

int LatestSchemaVersion() {
  int latest = 0;
  for (const auto& file : schema::Files()) latest = std::max(latest, std::stoi(std::string(file.name.substr(0, 4))));
  return latest;
}

Status BackupDatabase(const std::string& from, const std::string& to) {
  namespace fs = std::filesystem;
  if (!fs::exists(from)) return Error::NotFound("no database at " + from);
  if (fs::exists(to)) return Error(ErrorCode::kConflict, to + " exists already; choose another file");
  // A partial file of this run's own, so that two backups to one name cannot write into each other.
  std::string partial = to + ".partial-" + std::to_string(::getpid());
  std::error_code ignored;
  fs::remove(partial, ignored);

  BB_ASSIGN_OR_RETURN(auto source, Connection::Open(from, false, 5000));
  BB_ASSIGN_OR_RETURN(auto target, Connection::Open(partial, true, 5000));
  BB_RETURN_IF_ERROR(target->Exec("PRAGMA synchronous = FULL"));
  sqlite3_backup* backup = sqlite3_backup_init(target->handle(), "main", source->handle(), "main");
  if (backup == nullptr) return target->LastError("backup");
  // One step copies every page inside one read transaction of the source: a single snapshot,
  // which writers in WAL mode do not wait for.
  int stepped = sqlite3_backup_step(backup, -1);
  int finished = sqlite3_backup_finish(backup);
  if (stepped != SQLITE_DONE || finished != SQLITE_OK) {
    Error failed = target->LastError("backup");
    target.reset();
    fs::remove(partial, ignored);
    return Error(ErrorCode::kUnavailable, failed.message());
  }
  target.reset();  // closes the copy: its last transaction is on disk (synchronous = FULL)
  source.reset();
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(partial + suffix, ignored);
  if (!Sync(partial, false)) return Error(ErrorCode::kUnavailable, "cannot flush " + partial + " to disk");
  // Never replacing an existing file: of two backups to one name, the second is refused. A rename
  // that refuses to replace, or on file systems without it, a hard link and then an unlink.
  int named = ::renameat2(AT_FDCWD, partial.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE);
  if (named != 0 && (errno == EINVAL || errno == ENOSYS)) {
    named = ::link(partial.c_str(), to.c_str());
    if (named == 0) fs::remove(partial, ignored);
  }
  if (named != 0) {
    int error = errno;
    fs::remove(partial, ignored);
    if (error == EEXIST) return Error(ErrorCode::kConflict, to + " exists already; choose another file");
    return Error(ErrorCode::kUnavailable, "cannot name the copy " + to + ": " + std::strerror(error));
  }
  fs::path directory = fs::absolute(to).parent_path();
  if (!Sync(directory.string(), true)) return Error(ErrorCode::kUnavailable, "cannot flush " + directory.string());
  return Ok();
}

Result<BackupFileCheck> CheckDatabaseFile(const std::string& path, int expected_version) {
  if (!std::filesystem::exists(path)) return Error::NotFound("no file at " + path);
  auto opened = Connection::Open(path, false, 5000);
  if (!opened.ok()) return Error(ErrorCode::kUnavailable, path + " is not a database: " + opened.error().message());
  Connection& db = **opened;
  BB_RETURN_IF_ERROR(db.Exec("PRAGMA query_only = ON"));
  BackupFileCheck check;
  auto integrity = Rows(db, "PRAGMA integrity_check");
  if (!integrity.ok()) {
    check.problems.push_back("the integrity check could not run: " + integrity.error().message());
    return check;
  }
  for (const auto& row : *integrity) {
    if (row != "ok") check.problems.push_back("integrity: " + row);
  }
  BB_ASSIGN_OR_RETURN(auto dangling, Rows(db, "PRAGMA foreign_key_check"));
  for (const auto& table : dangling) check.problems.push_back("a foreign key of table " + table + " does not resolve");
  auto version = Rows(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!version.ok() || version->empty()) {
    check.problems.push_back("no schema version: this is not a Bluebird database");
    return check;
  }
  check.schema_version = std::stoi(version->front());
  if (check.schema_version != expected_version) {
    check.problems.push_back("schema version " + std::to_string(check.schema_version) + ", this build expects " +
                             std::to_string(expected_version));
  }
  return check;
}

}  // namespace bb::store::sqlite

#include "app/backup_command.h"

#include <chrono>
#include <filesystem>
#include <iostream>

#include "common/metrics.h"
#include "service/ledger_verifier.h"
#include "store/sqlite/backup.h"
#include "store/sqlite/sqlite_store.h"

namespace bb::app {

int RunBackup(const Config& config, const std::string& to) {
  auto started = std::chrono::steady_clock::now();
  Status copied = store::sqlite::BackupDatabase(config.database, to);
  if (!copied.ok()) {
    std::cerr << "backup failed: " << copied.error().message() << "\n";
    return 1;
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "backed up " << config.database << " to " << to << " (" << std::filesystem::file_size(to) << " bytes, "
            << seconds << " s)\n";
  return 0;
}

int RunBackupVerify(const std::string& file) {
  auto check = store::sqlite::CheckDatabaseFile(file, store::sqlite::LatestSchemaVersion());
  if (!check.ok()) {
    std::cerr << check.error().message() << "\n";
    return check.error().code() == ErrorCode::kNotFound ? 2 : 1;
  }
  for (const auto& problem : check->problems) std::cout << "PROBLEM " << problem << "\n";
  if (!check->problems.empty()) {
    std::cout << check->problems.size() << " problems: do not restore this file\n";
    return 1;
  }
  std::cout << "integrity: ok; foreign keys: ok; schema version " << check->schema_version << "\n";
  MetricsRegistry metrics;
  store::sqlite::SqliteOptions options;
  options.path = file;
  auto store = store::sqlite::SqliteStore::Open(options, metrics);
  if (!store.ok()) {
    std::cerr << "cannot open " << file << ": " << store.error().message() << "\n";
    return 1;
  }
  auto report = service::LedgerVerifier(**store).Verify();
  (*store)->Close();
  if (!report.ok()) {
    std::cerr << "ledger verify failed: " << report.error().message() << "\n";
    return 1;
  }
  for (const auto& difference : report->differences) std::cout << "DIFFERENCE " << difference << "\n";
  std::cout << "ledger: " << report->programs << " programs, " << report->referrals << " referrals; "
            << report->rewards_found << " rewards found, " << report->rewards_expected << " expected\n";
  if (!report->ok()) {
    std::cout << report->differences.size() << " differences: do not restore this file\n";
    return 1;
  }
  std::cout << "backup verified: " << file << " can be restored\n";
  return 0;
}

}  // namespace bb::app

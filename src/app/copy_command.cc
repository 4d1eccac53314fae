#include "app/copy_command.h"

#include <chrono>
#include <iostream>
#include <optional>

#include "common/metrics.h"
#include "service/ledger_verifier.h"
#include "store/postgres/connection.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/transfer/sqlite_to_postgres.h"

namespace bb::app {
namespace {

// The ledger of one side, or nullopt after printing why it could not be checked or is not clean.
std::optional<service::LedgerReport> VerifiedLedger(store::Store& store, const std::string& side) {
  auto report = service::LedgerVerifier(store).Verify();
  store.Close();
  if (!report.ok()) {
    std::cerr << "ledger verify on the " << side << " failed: " << report.error().message() << "\n";
    return std::nullopt;
  }
  for (const auto& difference : report->differences) std::cout << "DIFFERENCE (" << side << ") " << difference << "\n";
  std::cout << "ledger (" << side << "): " << report->referrals << " referrals, " << report->rewards_found
            << " rewards found, " << report->rewards_expected << " expected" << (report->ok() ? ", no differences" : "")
            << "\n";
  if (!report->ok()) return std::nullopt;
  return std::move(report).value();
}

}  // namespace

int RunCopy(const std::string& from, const std::string& to) {
  if (!store::postgres::IsPostgresUrl(to)) {
    std::cerr << "copy --to takes a PostgreSQL URL (postgres://user:password@host:port/database)\n";
    return 2;
  }
  MetricsRegistry metrics;
  auto started = std::chrono::steady_clock::now();
  auto copied = store::transfer::CopySqliteToPostgres(from, to, metrics);
  if (!copied.ok()) {
    std::cerr << copied.error().message() << "\n";
    return copied.error().code() == ErrorCode::kNotFound ? 2 : 1;
  }
  std::int64_t rows = 0;
  for (const auto& table : copied->tables) {
    std::cout << table.table << ": " << table.destination_rows << " of " << table.source_rows << " rows\n";
    rows += table.destination_rows;
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "copied " << rows << " rows in " << copied->tables.size() << " tables to "
            << store::postgres::RedactUrl(to) << " (" << seconds << " s)\n";
  if (!copied->Complete()) return 1;

  store::sqlite::SqliteOptions source_options;
  source_options.path = from;
  auto source = store::sqlite::SqliteStore::Open(source_options, metrics);
  store::postgres::PostgresOptions destination_options;
  destination_options.url = to;
  destination_options.pool_size = 2;
  auto destination = store::postgres::PostgresStore::Open(destination_options, metrics);
  if (!source.ok() || !destination.ok()) {
    std::cerr << "cannot reopen for the ledger check: "
              << (source.ok() ? destination.error().message() : source.error().message()) << "\n";
    return 1;
  }
  auto before = VerifiedLedger(**source, "source");
  auto after = VerifiedLedger(**destination, "destination");
  if (!before || !after) return 1;
  if (before->referrals != after->referrals || before->rewards_found != after->rewards_found ||
      before->history_entries != after->history_entries) {
    std::cerr << "the ledgers differ between the source and the destination\n";
    return 1;
  }
  std::cout << "copy complete: every row arrived and the ledger verifies on both sides\n";
  return 0;
}

}  // namespace bb::app

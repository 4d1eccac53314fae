// The SQLite backend's WAL checkpoint threshold (SqliteOptions::checkpoint_pages): the write-ahead
// log is copied back into the database file and started over once it reaches that many pages, so
// its file stays near that size; with a threshold above what was written it keeps every page.

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <string>

#include "common/metrics.h"
#include "domain/ids.h"
#include "store/sqlite/sqlite_store.h"
#include "temp_dir.h"

namespace bb::store {
namespace {

constexpr int kCommits = 300;
constexpr std::uintmax_t kPage = 4096;

// Writes kCommits programs, one per commit, each with a description filling most of a page, into
// a fresh database checkpointed at `checkpoint_pages`; returns the WAL file's size in bytes.
std::uintmax_t WalBytesAfterWrites(std::int64_t checkpoint_pages) {
  testing::TempDir dir;
  MetricsRegistry metrics;
  sqlite::SqliteOptions options;
  options.path = dir.File("bluebird.db");
  options.checkpoint_pages = checkpoint_pages;
  auto store = sqlite::SqliteStore::Open(options, metrics);
  EXPECT_TRUE(store.ok()) << store.error().message();
  if (!store.ok()) return 0;
  Timestamp created = FromMicros(1'767'225'600'000'000);
  for (int i = 0; i < kCommits; ++i) {
    domain::Program program;
    std::array<std::uint8_t, 10> random{};
    random[9] = static_cast<std::uint8_t>(i);
    random[8] = static_cast<std::uint8_t>(i >> 8);
    program.id = domain::FormatId(domain::kProgramPrefix, created, random);
    program.name = "Program " + std::to_string(i);
    program.slug = "program-" + std::to_string(i);
    program.description = std::string(3000, 'd');
    program.landing_url = "https://example.com/";
    program.created_at = program.updated_at = created;
    Status written = (*store)->Write([&](Tx& tx) { return tx.InsertProgram(program); });
    EXPECT_TRUE(written.ok()) << written.error().message();
  }
  std::uintmax_t bytes = std::filesystem::file_size(options.path + "-wal");
  (*store)->Close();
  return bytes;
}

TEST(SqliteCheckpoint, TheWalStartsOverAtTheThreshold) {
  // At least one page per commit is written to the WAL (the program's own row).
  std::uintmax_t kept = WalBytesAfterWrites(1'000'000);
  EXPECT_GT(kept, kCommits * kPage);
  // With a 100-page threshold the file holds at most the threshold and one commit's pages more.
  std::uintmax_t bounded = WalBytesAfterWrites(100);
  EXPECT_LT(bounded, 120 * kPage);
}

}  // namespace
}  // namespace bb::store

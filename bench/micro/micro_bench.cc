// Micro-benchmarks of the tracked-link hot path: code normalisation, bot detection, the landing
// URL, and a durable click through the group-commit writer.
// Run: build/release/bench/micro/bluebird_micro_bench

#include <benchmark/benchmark.h>

#include <filesystem>

#include "common/metrics.h"
#include "domain/click.h"
#include "domain/referral_code.h"
#include "service/id_generator.h"
#include "store/sqlite/sqlite_store.h"

namespace {

void BM_NormalizeReferralCode(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(bb::domain::NormalizeReferralCode("k7m-3qx9"));
}
BENCHMARK(BM_NormalizeReferralCode);

void BM_IsBotUserAgent(benchmark::State& state) {
  const std::string agent =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";
  for (auto _ : state) benchmark::DoNotOptimize(bb::domain::IsBotUserAgent(agent));
}
BENCHMARK(BM_IsBotUserAgent);

void BM_LandingUrlWithCode(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        bb::domain::LandingUrlWithCode("https://www.example.com/landing?utm_source=ref&bb_ref=OLD#form", "K7M3QX9"));
  }
}
BENCHMARK(BM_LandingUrlWithCode);

// One click insert per write, from `threads` writers sharing group commits.
void BM_DurableClickInsert(benchmark::State& state) {
  static std::unique_ptr<bb::store::sqlite::SqliteStore> store;
  static bb::MetricsRegistry metrics;
  static bb::SystemClock clock;
  static bb::service::IdGenerator ids(clock);
  static std::string path;
  if (state.thread_index() == 0) {
    path = (std::filesystem::temp_directory_path() / ("bb_bench_" + std::to_string(::getpid()) + ".db")).string();
    store = std::move(*bb::store::sqlite::SqliteStore::Open({path}, metrics));
  }
  bb::domain::Click click;
  click.program_id = "prg_x";
  click.advocate_id = "adv_x";
  click.code = "K7M3QX9";
  click.channel = "email";
  click.visitor_id = "v";
  click.ip_hash = "h";
  for (auto _ : state) {
    click.id = ids.New("clk");
    click.occurred_at = clock.Now();
    auto status = store->Write([&](bb::store::Tx& tx) { return tx.InsertClick(click); });
    if (!status.ok()) state.SkipWithError(status.error().message().c_str());
  }
  if (state.thread_index() == 0) {
    store.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
}
BENCHMARK(BM_DurableClickInsert)->Threads(1)->Threads(16)->Threads(64)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

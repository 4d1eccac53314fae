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

// One click insert per durable write, from several threads sharing group commits.
struct ClickStore {
  bb::MetricsRegistry metrics;
  std::string path;
  std::unique_ptr<bb::store::sqlite::SqliteStore> store;
};
ClickStore* click_store = nullptr;

void OpenClickStore(const benchmark::State&) {
  click_store = new ClickStore;
  click_store->path =
      (std::filesystem::temp_directory_path() / ("bb_bench_" + std::to_string(::getpid()) + ".db")).string();
  click_store->store = std::move(*bb::store::sqlite::SqliteStore::Open({click_store->path}, click_store->metrics));
}

void CloseClickStore(const benchmark::State&) {
  click_store->store.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(click_store->path + suffix);
  delete click_store;
  click_store = nullptr;
}

void BM_DurableClickInsert(benchmark::State& state) {
  bb::SystemClock clock;
  bb::service::IdGenerator ids(clock);
  bb::domain::Click click;
  click.program_id = "prg_x";
  click.advocate_id = "adv_x";
  click.code = "K7M3QX9";
  click.channel = "email";
  click.ip_hash = "0123456789abcdef0123456789abcdef";
  for (auto _ : state) {
    click.occurred_at = clock.Now();
    click.visitor_id = ids.NewUlid();
    auto status = click_store->store->Write([&](bb::store::Tx& tx) { return tx.InsertClick(click); });
    if (!status.ok()) state.SkipWithError(status.error().message().c_str());
  }
}
BENCHMARK(BM_DurableClickInsert)
    ->Setup(OpenClickStore)
    ->Teardown(CloseClickStore)
    ->Threads(1)
    ->Threads(16)
    ->Threads(64)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

// The lifecycle's figures (domain/lifecycle_metrics.h) over a generated log: N people, each
// referred (two moves: submitted passes awareness), 30% then won, 20% lost, moves spread over a
// year, in the order the store reads them. Measures the computation alone, after the moves are read.
// Run: build/release/bench/micro/bluebird_micro_bench --benchmark_filter=Lifecycle

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <tuple>

#include "domain/lifecycle_metrics.h"

namespace {

std::vector<bb::domain::LifecycleMove> GeneratedLog(std::int64_t people) {
  std::vector<bb::domain::LifecycleMove> moves;
  moves.reserve(static_cast<std::size_t>(people) * 2);
  std::mt19937_64 rng(42);
  const bb::Timestamp start = bb::Timestamp{} + std::chrono::days(20'000);
  std::int64_t id = 0;
  auto move = [&](const std::string& who, const char* from, const char* to, std::vector<std::string> reached,
                  bb::Timestamp at) {
    bb::domain::LifecycleMove m;
    m.id = "lcm_" + std::to_string(++id);
    m.program_id = "prg_1";
    m.contact = who;
    m.from = from;
    m.to = to;
    m.reached = std::move(reached);
    m.at = at;
    moves.push_back(std::move(m));
  };
  for (std::int64_t i = 0; i < people; ++i) {
    std::string who = "person" + std::to_string(i) + "@example.com";
    bb::Timestamp at = start + std::chrono::minutes(rng() % (365 * 24 * 60));
    move(who, "", "consideration", {"awareness", "consideration"}, at);
    int outcome = static_cast<int>(rng() % 10);
    bb::Timestamp later = at + std::chrono::hours(1 + rng() % (90 * 24));
    if (outcome < 3) move(who, "consideration", "conversion", {"conversion"}, later);
    if (outcome >= 3 && outcome < 5) move(who, "consideration", "lost", {"lost"}, later);
  }
  // As the store reads them: by person, then time, then id.
  std::sort(moves.begin(), moves.end(), [](const auto& a, const auto& b) {
    return std::tie(a.contact, a.at, a.id) < std::tie(b.contact, b.at, b.id);
  });
  return moves;
}

void BM_LifecycleFigures(benchmark::State& state) {
  auto settings = bb::domain::DefaultLifecycleSettings("prg_1");
  auto log = GeneratedLog(state.range(0));
  const bb::Timestamp start = bb::Timestamp{} + std::chrono::days(20'000);
  bb::domain::LifecycleWindow window{start + std::chrono::days(90), start + std::chrono::days(180),
                                     start + std::chrono::days(500)};
  for (auto _ : state) {
    state.PauseTiming();
    auto copy = log;  // the computation takes the moves by value, as the service hands them over
    state.ResumeTiming();
    benchmark::DoNotOptimize(bb::domain::ComputeLifecycleFigures(settings, std::move(copy), window));
  }
  state.counters["moves"] = static_cast<double>(log.size());
}
BENCHMARK(BM_LifecycleFigures)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

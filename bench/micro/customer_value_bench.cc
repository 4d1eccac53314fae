// Customer value (domain/customer_value.h) over a generated program: N advocates, a third of them
// with inputs of their own, one referred customer won per advocate on average (spread over two
// years, some answered, a tenth reversed), rewards and entries summed per advocate. Measures the
// valuation alone, after the logs are read and grouped; and the accounts (domain/account_value.h)
// made from it: each advocate's company domain found from their email (a fifth on free email, the
// rest in companies of five people on average) and the advocates' figures summed per company.
// Run: build/release/bench/micro/bluebird_micro_bench --benchmark_filter=Value

#include <benchmark/benchmark.h>

#include <chrono>
#include <random>

#include "domain/account_value.h"
#include "domain/customer_value.h"

namespace {

struct Program {
  std::vector<bb::domain::AdvocateValueInput> advocates;
  std::vector<bb::domain::ReferredCustomerRecord> won;
};

const bb::Timestamp kStart = bb::Timestamp{} + std::chrono::days(20'000);
const bb::Timestamp kAsOf = kStart + std::chrono::days(730);

Program Generated(std::int64_t n) {
  Program p;
  std::mt19937_64 rng(42);
  p.advocates.reserve(static_cast<std::size_t>(n));
  p.won.reserve(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    bb::domain::AdvocateValueInput a;
    a.advocate_id = "adv_" + std::to_string(i);
    a.enrolled_at = kStart + std::chrono::hours(rng() % (700 * 24));
    if (rng() % 3 == 0) {
      a.inputs.emplace();
      a.inputs->revenue_per_year_minor = static_cast<std::int64_t>(rng() % 5'000'000);
    }
    a.rewards_minor = static_cast<std::int64_t>(rng() % 3) * 25'000;
    if (rng() % 10 == 0) a.influence_minor = 50'000;
    p.advocates.push_back(std::move(a));
  }
  for (std::int64_t i = 0; i < n; ++i) {
    bb::domain::ReferredCustomerRecord r;
    r.referral_id = "ref_" + std::to_string(i);
    r.advocate_id = "adv_" + std::to_string(rng() % static_cast<std::uint64_t>(n));
    r.won_at = kStart + std::chrono::hours(rng() % (730 * 24));
    r.deal_value_minor = static_cast<std::int64_t>(rng() % 10'000'000);
    r.reversed = rng() % 10 == 0;
    if (rng() % 3 == 0) r.would_have_joined_anyway = rng() % 2 == 0;
    p.won.push_back(std::move(r));
  }
  return p;
}

void BM_ValueEveryAdvocate(benchmark::State& state) {
  const Program p = Generated(state.range(0));
  bb::domain::ValueSettings settings;
  settings.acquisition_cost_minor = 150'000;
  settings.derive_retention = true;
  const auto view = state.range(1) == 0 ? bb::domain::ValueView::kRealized : bb::domain::ValueView::kProjected;
  for (auto _ : state) {
    auto report = bb::domain::ValueCustomers(settings, p.advocates, p.won, kAsOf, view);
    if (!report.ok()) state.SkipWithError("the valuation failed");
    benchmark::DoNotOptimize(report);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ValueEveryAdvocate)
    ->Args({100'000, 0})
    ->Args({1'000'000, 0})
    ->Args({1'000'000, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_ValueEveryAccount(benchmark::State& state) {
  const std::int64_t n = state.range(0);
  const Program p = Generated(n);
  bb::domain::ValueSettings settings;
  auto advocates = bb::domain::ValueCustomers(settings, p.advocates, p.won, kAsOf, bb::domain::ValueView::kRealized);
  if (!advocates.ok()) {
    state.SkipWithError("the valuation failed");
    return;
  }
  std::mt19937_64 rng(7);
  std::vector<std::string> emails;
  emails.reserve(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    const std::uint64_t company = rng() % static_cast<std::uint64_t>(n / 5 + 1);
    emails.push_back("a" + std::to_string(i) +
                     (rng() % 5 == 0 ? "@gmail.com" : "@co" + std::to_string(company) + ".example"));
  }
  const std::vector<std::string_view> views(emails.begin(), emails.end());
  for (auto _ : state) {
    const std::vector<std::string> domains = bb::domain::CompanyDomainsOf(views);
    auto report = bb::domain::ValueAccounts(settings, advocates->advocates, domains);
    if (!report.ok()) state.SkipWithError("the accounts failed");
    benchmark::DoNotOptimize(report);
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_ValueEveryAccount)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

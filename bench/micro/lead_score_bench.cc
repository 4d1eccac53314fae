// Lead scores (domain/lead_score.h) and their calibration (domain/score_calibration.h) over a
// generated program: N referrals, one person each, with three reported events apiece (clicks, a
// meeting, a demo) spread over a year and the derived referral_submitted, under the default model
// (step decay). Measures the computation alone, after the referrals and events are read: every
// referral scored as of one instant (what the ranking and the accounts do), and scored at its own
// submission then calibrated (what the calibration does).
// Run: build/release/bench/micro/bluebird_micro_bench --benchmark_filter=Score

#include <benchmark/benchmark.h>

#include <chrono>
#include <random>

#include "domain/lead_score.h"
#include "domain/score_calibration.h"

namespace {

using bb::Timestamp;
using bb::domain::EngagementEvent;
using bb::domain::Referral;

struct Program {
  std::vector<Referral> referrals;
  std::vector<std::vector<EngagementEvent>> events;  // each referral's person's, by time
  std::vector<bool> won;
};

Program Generated(std::int64_t n) {
  Program p;
  p.referrals.reserve(static_cast<std::size_t>(n));
  p.events.reserve(static_cast<std::size_t>(n));
  std::mt19937_64 rng(42);
  const Timestamp start = Timestamp{} + std::chrono::days(20'000);
  const char* titles[] = {"Head of Finance", "Analyst", "VP Sales", "Engineer", "Office Manager"};
  const char* types[] = {"email_clicked", "meeting_booked", "demo_attended", "pricing_page_viewed"};
  for (std::int64_t i = 0; i < n; ++i) {
    Referral r;
    r.id = "ref_" + std::to_string(1'000'000'000 + i);
    r.program_id = "prg_1";
    r.referee.email = "person" + std::to_string(i) + "@company" + std::to_string(i % 50'000) + ".example";
    r.referee.email_key = r.referee.email;
    r.referee.email_domain = "company" + std::to_string(i % 50'000) + ".example";
    r.referee.title = titles[rng() % 5];
    if (rng() % 2) r.referee.company = "Company";
    r.created_at = start + std::chrono::minutes(rng() % (365 * 24 * 60));
    std::vector<EngagementEvent> events;
    for (int e = 0; e < 3; ++e) {
      EngagementEvent ev;
      ev.type = types[rng() % 4];
      ev.occurred_at = r.created_at + std::chrono::hours(static_cast<long>(rng() % (60 * 24))) - std::chrono::days(30);
      events.push_back(ev);
    }
    EngagementEvent submitted;
    submitted.type = "referral_submitted";
    submitted.occurred_at = r.created_at;
    events.push_back(submitted);
    std::sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.occurred_at < b.occurred_at; });
    p.won.push_back(rng() % 10 < 3);
    p.referrals.push_back(std::move(r));
    p.events.push_back(std::move(events));
  }
  return p;
}

void BM_ScoreEveryReferralAsOf(benchmark::State& state) {
  const auto model = bb::domain::DefaultScoreModel("prg_1");
  const auto program = Generated(state.range(0));
  const Timestamp as_of = Timestamp{} + std::chrono::days(20'400);
  for (auto _ : state) {
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < program.referrals.size(); ++i) {
      sum += bb::domain::ScoreLead(model, program.referrals[i], program.events[i], as_of).total;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ScoreEveryReferralAsOf)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_CalibrateAtSubmission(benchmark::State& state) {
  const auto model = bb::domain::DefaultScoreModel("prg_1");
  const auto program = Generated(state.range(0));
  for (auto _ : state) {
    std::vector<bb::domain::CalibrationCase> cases;
    cases.reserve(program.referrals.size());
    for (std::size_t i = 0; i < program.referrals.size(); ++i) {
      const auto& r = program.referrals[i];
      auto score = bb::domain::ScoreLead(model, r, program.events[i], r.created_at);
      cases.push_back({r.id, score.total, std::move(score.grade), program.won[i]});
    }
    benchmark::DoNotOptimize(bb::domain::Calibrate(std::move(cases)));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_CalibrateAtSubmission)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

namespace {

// The MQL search's worst case (the independent review's): one person with N events, each matched
// by all 100 rules a model may have — 50 giving a point, 50 taking one — so the upper bound (the
// positive rules, undecayed) reaches the threshold at once but the engagement never does: every
// event is a candidate instant, and each is scored in full.
void BM_MqlSearchWorstCase(benchmark::State& state) {
  bb::domain::ScoreModel model;
  model.name = "Worst case";
  for (int g = 0; g < 2; ++g) {
    bb::domain::ScoreGroup group{"G" + std::to_string(g), bb::domain::ScoreDimension::kEngagement, 100, {}, {}};
    for (int r = 0; r < 50; ++r)
      group.event_rules.push_back({"x", "", "", g == 0 ? 1 : -1, true, std::nullopt, std::nullopt});
    model.groups.push_back(std::move(group));
  }
  model.decay = {bb::domain::DecayMode::kWindow, 1, 2500, 30, 30};
  model.mql_fit = -100;
  model.mql_engagement = 100;
  const Timestamp start = Timestamp{} + std::chrono::days(20'000);
  Referral lead;
  lead.id = "ref_1";
  lead.created_at = start;
  std::vector<EngagementEvent> events;
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    EngagementEvent e;
    e.type = "x";
    e.occurred_at = start + std::chrono::hours(36 * (i + 1));  // one every day and a half: never two in a window
    events.push_back(e);
  }
  const Timestamp as_of = events.back().occurred_at;
  for (auto _ : state) benchmark::DoNotOptimize(bb::domain::ScoreLead(model, lead, events, as_of).mql_at);
}
BENCHMARK(BM_MqlSearchWorstCase)->Arg(500)->Arg(2'000)->Unit(benchmark::kMillisecond);

}  // namespace

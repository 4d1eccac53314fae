#pragma once
// The lifecycle's figures (research/intelligence.md §2.3), each on a declared basis so that a
// cohort and a period are never mixed: how many people stand at each stage at an instant (stock);
// how many entries each stage had in a period (flow); and, of those who first entered a stage in a
// period (its cohort), how many went on to the next stage, how many were lost first, and how long
// they stayed — the Kaplan–Meier median, which counts the people still in the stage (a naive
// median of finished stays would leave them out and come out too short). Pure; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "domain/lifecycle.h"

namespace bb::domain {

// One stay in a stage: its length, and whether it ended (false: still there, censored).
struct StageStay {
  std::int64_t seconds = 0;
  bool ended = false;
};

// The Kaplan–Meier median of `stays`: the smallest length t at which the estimated share still in
// the stage, S(t) = Π over ended lengths t_i ≤ t of (1 − d_i / n_i), is at most one half (n_i: the
// stays at least t_i long; a stay censored at t_i is still at risk at t_i). nullopt when S never
// falls to one half (too many still in the stage to say) or there are no stays.
std::optional<std::int64_t> KaplanMeierMedian(std::vector<StageStay> stays);
// The plain median of the ended stays (the mean of the middle two for an even count, rounded down),
// which leaves out everyone still in the stage; nullopt when none ended.
std::optional<std::int64_t> MedianOfEndedStays(const std::vector<StageStay>& stays);

// [from, to) for the flow and the cohorts; everything is read as it stood at as_of (moves after it
// do not exist yet), and stays still open at as_of are censored there.
struct LifecycleWindow {
  Timestamp from{};
  Timestamp to{};
  Timestamp as_of{};
};

struct LifecycleStageFigures {
  std::string stage;
  std::string name;
  std::string next;              // the following stage (the first with a greater weight); "" for the last and lost
  std::int64_t count = 0;        // stock: people at this stage at as_of
  std::int64_t entries = 0;      // flow: moves that entered it in [from, to) (a person entering twice counts twice)
  std::int64_t cohort = 0;       // people whose first entry into it is in [from, to)
  std::int64_t converted = 0;    // of the cohort: reached `next` (or beyond) by as_of
  std::int64_t lost = 0;         // of the cohort: moved to lost without reaching `next`
  std::int64_t in_progress = 0;  // the rest; converted + lost + in_progress = cohort
  // Basis points of the cohort (nullopt for an empty cohort; conversion also for a stage without a
  // next one): each rounded half up, in_progress_bp the remainder, so the three make 10,000.
  std::optional<std::int64_t> conversion_bp;
  std::optional<std::int64_t> loss_bp;
  std::optional<std::int64_t> in_progress_bp;
  // The cohort's first stays in the stage: Kaplan–Meier median, and the plain median of the ended
  // ones (lost: none, it is where people end).
  std::optional<std::int64_t> median_seconds_in_stage;
  std::optional<std::int64_t> median_seconds_of_ended_stays;
  // Flow: entries into `next` over entries into this stage in the period (different people: it
  // is not a conversion rate and can pass 10,000); nullopt without entries or next.
  std::optional<std::int64_t> throughput_bp;
};

struct LifecycleFigures {
  std::vector<LifecycleStageFigures> stages;  // the program's, in order, then lost
  std::int64_t people = 0;                    // with at least one move by as_of
};

// The figures of `moves` (one program's, any order; those after as_of are left out) under
// `settings`. Moves into a stage the program no longer has count toward no stage's row.
LifecycleFigures ComputeLifecycleFigures(const LifecycleSettings& settings, std::vector<LifecycleMove> moves,
                                         const LifecycleWindow& window);

}  // namespace bb::domain

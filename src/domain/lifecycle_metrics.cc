#include "domain/lifecycle_metrics.h"

#include <algorithm>
#include <chrono>
#include <string_view>
#include <tuple>

namespace bb::domain {
namespace {

// Basis points of `part` in `whole` (> 0), rounded half up.
std::int64_t BasisPoints(std::int64_t part, std::int64_t whole) { return (part * 20'000 + whole) / (2 * whole); }

std::int64_t Seconds(Timestamp::duration d) { return std::chrono::duration_cast<std::chrono::seconds>(d).count(); }

bool InWindow(Timestamp at, const LifecycleWindow& window) { return at >= window.from && at < window.to; }

}  // namespace

std::optional<std::int64_t> KaplanMeierMedian(std::vector<StageStay> stays) {
  std::sort(stays.begin(), stays.end(), [](const StageStay& a, const StageStay& b) { return a.seconds < b.seconds; });
  long double survival = 1.0L;
  std::size_t at_risk = stays.size();
  for (std::size_t i = 0; i < stays.size();) {
    const std::int64_t t = stays[i].seconds;
    std::size_t ended = 0;
    std::size_t censored = 0;
    for (; i < stays.size() && stays[i].seconds == t; ++i) (stays[i].ended ? ended : censored)++;
    if (ended > 0) {
      survival *= static_cast<long double>(at_risk - ended) / static_cast<long double>(at_risk);
      // A product of fractions is inexact in binary; one half reached within 1e-12 is reached.
      if (survival <= 0.5L + 1e-12L) return t;
    }
    at_risk -= ended + censored;
  }
  return std::nullopt;
}

std::optional<std::int64_t> MedianOfEndedStays(const std::vector<StageStay>& stays) {
  std::vector<std::int64_t> ended;
  for (const auto& stay : stays) {
    if (stay.ended) ended.push_back(stay.seconds);
  }
  if (ended.empty()) return std::nullopt;
  std::sort(ended.begin(), ended.end());
  const std::size_t middle = ended.size() / 2;
  if (ended.size() % 2 == 1) return ended[middle];
  return ended[middle - 1] + (ended[middle] - ended[middle - 1]) / 2;
}

LifecycleFigures ComputeLifecycleFigures(const LifecycleSettings& settings, std::vector<LifecycleMove> moves,
                                         const LifecycleWindow& window) {
  std::erase_if(moves, [&](const LifecycleMove& m) { return m.at > window.as_of; });
  auto by_person = [](const LifecycleMove& a, const LifecycleMove& b) {
    return std::tie(a.contact, a.at, a.id) < std::tie(b.contact, b.at, b.id);
  };
  // The store reads them in this order already.
  if (!std::is_sorted(moves.begin(), moves.end(), by_person)) std::sort(moves.begin(), moves.end(), by_person);

  LifecycleFigures out;
  std::vector<std::string_view> keys;     // per row (a lifecycle has at most 21 stages: a scan beats a map)
  std::vector<std::int64_t> next_weight;  // per stage row; -1 without a next stage
  for (std::size_t i = 0; i < settings.stages.size(); ++i) {
    const auto& stage = settings.stages[i];
    LifecycleStageFigures row;
    row.stage = stage.key;
    row.name = stage.name;
    next_weight.push_back(-1);
    for (std::size_t j = i + 1; j < settings.stages.size(); ++j) {
      if (settings.stages[j].weight > stage.weight) {
        row.next = settings.stages[j].key;
        next_weight.back() = settings.stages[j].weight;
        break;
      }
    }
    out.stages.push_back(std::move(row));
  }
  const std::size_t lost_row = out.stages.size();
  out.stages.push_back({std::string(kLostStage), "Lost"});
  for (const auto& row : out.stages) keys.push_back(row.stage);
  constexpr std::size_t kNoRow = static_cast<std::size_t>(-1);
  auto row_of = [&](std::string_view key) {
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == key) return i;
    }
    return kNoRow;
  };

  std::vector<std::vector<StageStay>> stays(out.stages.size());
  std::vector<std::size_t> first_entry;
  for (std::size_t begin = 0; begin < moves.size();) {
    std::size_t end = begin;
    while (end < moves.size() && moves[end].contact == moves[begin].contact) ++end;
    ++out.people;
    if (std::size_t row = row_of(moves[end - 1].to); row != kNoRow) ++out.stages[row].count;

    first_entry.assign(out.stages.size(), kNoRow);  // per row: the move that first entered it
    for (std::size_t k = begin; k < end; ++k) {
      for (const auto& stage : moves[k].reached) {
        std::size_t row = row_of(stage);
        if (row == kNoRow) continue;
        if (InWindow(moves[k].at, window)) ++out.stages[row].entries;
        if (first_entry[row] == kNoRow) first_entry[row] = k;
      }
    }
    for (std::size_t row = 0; row < first_entry.size(); ++row) {
      const std::size_t k = first_entry[row];
      if (k == kNoRow) continue;
      const LifecycleMove& entering = moves[k];
      if (!InWindow(entering.at, window)) continue;
      LifecycleStageFigures& figures = out.stages[row];
      ++figures.cohort;
      if (row == lost_row) continue;
      // The stay: until the next move; a stage passed on the way to another is left at once.
      if (entering.to != figures.stage) {
        stays[row].push_back({0, true});
      } else if (k + 1 < end) {
        stays[row].push_back({Seconds(moves[k + 1].at - entering.at), true});
      } else {
        stays[row].push_back({Seconds(window.as_of - entering.at), false});
      }
      // The outcome: the next stage (or beyond) reached, else lost, else still in progress.
      bool converted = false;
      bool lost = false;
      for (std::size_t m = k; m < end && !converted && !lost; ++m) {
        for (const auto& stage : moves[m].reached) {
          std::size_t reached = row_of(stage);
          if (next_weight[row] >= 0 && reached < lost_row && settings.stages[reached].weight >= next_weight[row]) {
            converted = true;
          }
        }
        if (!converted && moves[m].to == kLostStage) lost = true;
      }
      ++(converted ? figures.converted : lost ? figures.lost : figures.in_progress);
    }
    begin = end;
  }

  for (std::size_t row = 0; row < out.stages.size(); ++row) {
    LifecycleStageFigures& figures = out.stages[row];
    if (row != lost_row && figures.cohort > 0) {
      std::int64_t conversion = figures.next.empty() ? 0 : BasisPoints(figures.converted, figures.cohort);
      if (!figures.next.empty()) figures.conversion_bp = conversion;
      // Two halves rounded up could pass 10,000 by one: the loss gives way.
      figures.loss_bp = std::min(BasisPoints(figures.lost, figures.cohort), 10'000 - conversion);
      figures.in_progress_bp = 10'000 - conversion - *figures.loss_bp;
    }
    if (row != lost_row) {
      figures.median_seconds_in_stage = KaplanMeierMedian(stays[row]);
      figures.median_seconds_of_ended_stays = MedianOfEndedStays(stays[row]);
    }
    if (!figures.next.empty() && figures.entries > 0) {
      figures.throughput_bp = BasisPoints(out.stages[row_of(figures.next)].entries, figures.entries);
    }
  }
  return out;
}

}  // namespace bb::domain

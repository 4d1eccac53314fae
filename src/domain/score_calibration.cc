#include "domain/score_calibration.h"

#include <algorithm>

#include "common/checked_math.h"

namespace bb::domain {
namespace {

// round(10000 × num / den) half up, for non-negative figures; null when den is 0.
std::optional<std::int64_t> Bp(Int128 num, Int128 den) {
  if (den <= 0) return std::nullopt;
  return static_cast<std::int64_t>((num * 20000 + den) / (2 * den));
}

}  // namespace

std::optional<std::int64_t> AucBasisPoints(const std::vector<CalibrationCase>& cases) {
  std::vector<std::pair<std::int64_t, bool>> sorted;
  sorted.reserve(cases.size());
  for (const auto& c : cases) sorted.emplace_back(c.score, c.won);
  std::sort(sorted.begin(), sorted.end());
  Int128 positives = 0;
  Int128 negatives = 0;
  for (const auto& [score, won] : sorted) (won ? positives : negatives) += 1;
  if (positives == 0 || negatives == 0) return std::nullopt;
  // Twice U: each won case earns 2 per not won case below it and 1 per tie.
  Int128 twice_u = 0;
  Int128 negatives_below = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    Int128 won_here = 0;
    Int128 lost_here = 0;
    for (; j < sorted.size() && sorted[j].first == sorted[i].first; ++j) (sorted[j].second ? won_here : lost_here) += 1;
    twice_u += won_here * (2 * negatives_below + lost_here);
    negatives_below += lost_here;
    i = j;
  }
  return Bp(twice_u, 2 * positives * negatives);
}

Calibration Calibrate(std::vector<CalibrationCase> cases) {
  std::sort(cases.begin(), cases.end(), [](const CalibrationCase& a, const CalibrationCase& b) {
    return a.score != b.score ? a.score > b.score : a.referral_id < b.referral_id;
  });
  Calibration out;
  out.count = static_cast<std::int64_t>(cases.size());
  for (const auto& c : cases) out.won += c.won ? 1 : 0;
  out.win_rate_bp = Bp(out.won, out.count);
  out.auc_bp = AucBasisPoints(cases);
  out.deciles.resize(10);
  for (int d = 0; d < 10; ++d) out.deciles[static_cast<std::size_t>(d)].decile = d + 1;
  const Int128 n = out.count;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto& row = out.deciles[static_cast<std::size_t>(10 * static_cast<Int128>(i) / n)];
    ++row.count;
    row.won += cases[i].won ? 1 : 0;
    row.max_score = row.max_score.value_or(cases[i].score);
    row.min_score = cases[i].score;
  }
  std::int64_t running_count = 0;
  std::int64_t running_won = 0;
  for (auto& row : out.deciles) {
    row.win_rate_bp = Bp(row.won, row.count);
    if (out.won > 0)
      row.lift_bp =
          row.count > 0 ? Bp(static_cast<Int128>(row.won) * n, static_cast<Int128>(row.count) * out.won) : std::nullopt;
    running_count += row.count;
    running_won += row.won;
    row.cumulative_capture_bp = Bp(running_won, out.won);
    if (out.won > 0 && running_count > 0) {
      row.cumulative_lift_bp = Bp(static_cast<Int128>(running_won) * n, static_cast<Int128>(running_count) * out.won);
    }
  }
  for (char letter : {'A', 'B', 'C'}) {
    for (char digit : {'1', '2', '3'}) {
      GradeRow row;
      row.grade = std::string{letter, digit};
      for (const auto& c : cases) {
        if (c.grade != row.grade) continue;
        ++row.count;
        row.won += c.won ? 1 : 0;
      }
      row.win_rate_bp = Bp(row.won, row.count);
      if (out.won > 0 && row.count > 0)
        row.lift_bp = Bp(static_cast<Int128>(row.won) * n, static_cast<Int128>(row.count) * out.won);
      out.grades.push_back(std::move(row));
    }
  }
  return out;
}

}  // namespace bb::domain

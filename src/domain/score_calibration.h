#pragma once
// Calibrating a lead-scoring model against outcomes (research/intelligence.md §1.3): each referral's
// score as it stood when it was submitted (its snapshot: nothing that happened after, the outcome
// included, can leak in) beside whether it was won. A lift table by decile, the win rate by grade,
// and the AUC (the chance that a won referral scored higher than one that was not: 0.5 is a coin).
// Pure; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bb::domain {

struct CalibrationCase {
  std::string referral_id;
  std::int64_t score = 0;  // the snapshot total, hundredths
  std::string grade;       // the snapshot grade, "A1".."C3"
  bool won = false;
};

// Basis points are rounded half up; each is null when its denominator is 0.
struct DecileRow {
  int decile = 0;  // 1 = the highest scores
  std::int64_t count = 0;
  std::int64_t won = 0;
  std::optional<std::int64_t> win_rate_bp;
  std::optional<std::int64_t> lift_bp;  // win rate over the overall win rate (10,000 = as good as average)
  std::optional<std::int64_t> cumulative_capture_bp;  // share of all wins in deciles 1..this
  std::optional<std::int64_t> cumulative_lift_bp;     // win rate of deciles 1..this over the overall
  std::optional<std::int64_t> min_score;              // hundredths; null for an empty decile
  std::optional<std::int64_t> max_score;
};

struct GradeRow {
  std::string grade;
  std::int64_t count = 0;
  std::int64_t won = 0;
  std::optional<std::int64_t> win_rate_bp;
  std::optional<std::int64_t> lift_bp;
};

struct Calibration {
  std::int64_t count = 0;
  std::int64_t won = 0;
  std::optional<std::int64_t> win_rate_bp;
  std::vector<DecileRow> deciles;      // always 10
  std::vector<GradeRow> grades;        // always A1, A2, A3, B1, .. C3
  std::optional<std::int64_t> auc_bp;  // null unless there are both won and not won cases
};

// Sorted by score, highest first, ties by referral id (ascending), the case at 0-based position i
// falls in decile floor(10 i / n) + 1 (equal counts, deterministic; with fewer than 10 cases some
// deciles are empty).
Calibration Calibrate(std::vector<CalibrationCase> cases);

// The AUC as Mann–Whitney: over every pair of a won and a not won case, 1 when the won one scored
// higher, 1/2 for a tie; in basis points rounded half up. Research vectors: scores 0.9, 0.8, 0.4
// (won) against 0.5, 0.3, 0.2 give 8/9 (8,889); won 5, 5 against 5, 1 give 3/4 (7,500).
std::optional<std::int64_t> AucBasisPoints(const std::vector<CalibrationCase>& cases);

}  // namespace bb::domain

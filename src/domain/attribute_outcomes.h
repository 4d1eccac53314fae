#pragma once
// Outcomes by attribute (research/intelligence.md §7): of a cohort of referrals, how many were won
// and lost and how fast, grouped by a value each referral has — its primary contact's DISC factor
// or seniority, how many buying influences its committee covers, its advocate's DISC factor.
// Pure; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"

namespace bb::domain {

// The group of referrals whose value is not known (no such attribute, or not a valid value).
inline constexpr std::string_view kUnknownValue = "unknown";

// One referral of the cohort as of the instant read.
struct OutcomeCase {
  std::string value;  // its group; kUnknownValue when it has none
  Timestamp submitted_at{};
  std::optional<Timestamp> won_at;  // the first time it reached won, by the instant read
  bool lost = false;                // lost at the instant read
};

struct OutcomeRow {
  std::string value;
  std::int64_t referrals = 0;
  std::int64_t won = 0;
  std::int64_t lost = 0;
  // won ÷ referrals (the open ones count: a cohort's win rate so far), half away from zero; none
  // without referrals.
  std::optional<std::int64_t> win_rate_bp;
  // The median of the won referrals' whole days from submission to the first win (the mean of the
  // middle two for an even count, rounded down); none without a won referral.
  std::optional<std::int64_t> median_days_to_won;
  friend bool operator==(const OutcomeRow&, const OutcomeRow&) = default;
};

struct OutcomeTable {
  std::vector<OutcomeRow> rows;
  OutcomeRow total;  // value "all"
};

// The cases tallied by value: a row for each of `known_values` in their order (empty ones too),
// then one for each other value seen, in text order, then kUnknownValue (always).
OutcomeTable TallyOutcomes(const std::vector<OutcomeCase>& cases, const std::vector<std::string>& known_values);

}  // namespace bb::domain

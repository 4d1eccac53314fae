#pragma once
// The ROI calculator (POST /api/v1/roi/estimate): what a referral program would bring in and cost
// over a horizon, from a handful of assumptions. Every assumption is given by the caller, or taken
// from the program's own history, or from a set of published figures, and says which.
//
// The model, over the horizon of `months`:
//   engaged   = customers × engaged rate
//   referrals = engaged × referrals per engaged customer a year × months ÷ 12
//   won       = referrals × won rate
//   revenue   = won × deal value;  margin = revenue × gross margin (when one is given)
//   reward    = won × reward per win + referrals × reward per referral
//   cost      = reward + program cost per month × months
//   ROI       = (revenue − cost) / cost, as the dashboard counts it; on margin too when one is given
//   payback   = the day the gains (margin, or revenue, less the rewards of wins) have paid back the
//               costs (the program's, and the rewards per referral): referrals and costs flow
//               steadily over the horizon H, each referral's gain a sales cycle c later; with gains
//               L and costs E over the horizon, at c·L/(L−E) when that is within H, else (the costs
//               have stopped) at c + H·E/L; never when L < E.
// Counts are exact thousandths and money exact minor units until each figure is rounded once,
// halves away from zero; sums and ratios are of the rounded figures, so the answer adds up as shown.
// Pure; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace bb::domain {

// The sets of published figures the calculator falls back on (the articles the product grew from).
enum class RoiPreset {
  kBankCase,     // a bank's program: 48% engaged, 1.7 referrals each, 80% won (Amplifinity)
  kB2bPurchase,  // 35% of B2B referrals purchase (Amplifinity), with the 2016 benchmark's engagement
  kBenchmark,    // the 2016 benchmark: 36% of enrolled customers refer, 0.87 a year, 13% won
};
std::string_view ToString(RoiPreset preset);
std::optional<RoiPreset> ParseRoiPreset(std::string_view text);

// What the caller gives; an absent field is taken from history, then from the preset.
struct RoiRequest {
  std::optional<std::int64_t> customers;                    // customers who could be asked to refer
  std::optional<std::int64_t> engaged_bp;                   // share of them who refer
  std::optional<std::int64_t> referrals_per_engaged_milli;  // referrals each makes a year, in 1/1000
  std::optional<std::int64_t> won_bp;                       // share of referrals that become customers
  std::optional<std::int64_t> deal_value_minor;             // revenue of a won referral
  std::optional<std::int64_t> gross_margin_bp;              // none: ROI on revenue only
  std::optional<std::int64_t> reward_per_won_minor;
  std::optional<std::int64_t> reward_per_referral_minor;
  std::optional<std::int64_t> program_cost_per_month_minor;
  std::optional<std::int64_t> months;                 // the horizon
  std::optional<std::int64_t> sales_cycle_days;       // from referral to won
  std::optional<std::int64_t> marketing_lead_won_bp;  // for the comparison with marketing leads
  RoiPreset preset = RoiPreset::kBankCase;
};

// A program's own figures the calculator may use, of a past year: the referrals submitted in it
// (the cohort basis) and what became of them, and the deals won in it.
struct RoiHistory {
  std::string period;                              // "2025-12-01 to 2026-11-30"
  std::int64_t referring_advocates = 0;            // advocates with a referral in the period
  std::int64_t referrals = 0;                      // submitted, rejected ones apart
  std::int64_t won = 0;                            // of those, won (and clear)
  std::int64_t lost = 0;                           // of those, lost
  std::int64_t reward_cost_minor = 0;              // every reward of those referrals not reversed
  std::int64_t priced_wins = 0;                    // deals won in the period with a value in the program's currency
  std::optional<std::int64_t> average_deal_minor;  // theirs, rounded; none without one
  // The average cost of the months with a program cost entered among the twelve whole months
  // before now (domain/program_month.h), and which months those were ("3 months entered, 2026-01
  // to 2026-11").
  std::optional<std::int64_t> program_cost_per_month_minor;
  std::string program_cost_months;
};
// How much history a figure needs before the calculator prefers it to a published one.
inline constexpr std::int64_t kMinHistoryReferrals = 30;
inline constexpr std::int64_t kMinHistoryReferringAdvocates = 10;
inline constexpr std::int64_t kMinHistoryDecided = 20;  // won + lost, for the won rate
inline constexpr std::int64_t kMinHistoryWins = 10;

struct RoiAssumption {
  std::string name;  // the request's field
  std::int64_t value = 0;
  std::string source;  // "given", "history: …", "published: …", "assumed: …"
  friend bool operator==(const RoiAssumption&, const RoiAssumption&) = default;
};

struct RoiAssumptions {
  std::int64_t customers = 0;
  std::int64_t engaged_bp = 0;
  std::int64_t referrals_per_engaged_milli = 0;
  std::int64_t won_bp = 0;
  std::int64_t deal_value_minor = 0;
  std::optional<std::int64_t> gross_margin_bp;
  std::int64_t reward_per_won_minor = 0;
  std::int64_t reward_per_referral_minor = 0;
  std::int64_t program_cost_per_month_minor = 0;
  std::int64_t months = 0;
  std::int64_t sales_cycle_days = 0;
  std::int64_t marketing_lead_won_bp = 0;
  std::vector<RoiAssumption> listed;  // every value above with its source, in the request's order
};

// The assumptions the estimate uses: the request's, else `history`'s where it has enough (see the
// kMinHistory constants), else the preset's. kInvalidArgument naming every field out of its range,
// and "customers" or "deal_value_minor" when neither the request nor the history gives one.
Result<RoiAssumptions> ChooseRoiAssumptions(const RoiRequest& request, const std::optional<RoiHistory>& history);

struct RoiEstimate {
  std::int64_t engaged_milli = 0;  // customers who refer, in thousandths
  std::int64_t referrals_milli = 0;
  std::int64_t won_milli = 0;
  std::int64_t revenue_minor = 0;
  std::optional<std::int64_t> margin_minor;  // with a gross margin
  std::int64_t reward_cost_minor = 0;        // rewards of wins + rewards of referrals
  std::int64_t program_cost_minor = 0;
  std::int64_t cost_minor = 0;                     // reward_cost_minor + program_cost_minor
  std::int64_t net_minor = 0;                      // (margin, or revenue) − cost
  std::optional<std::int64_t> roi_bp;              // (revenue − cost) / cost; none without a cost
  std::optional<std::int64_t> roi_on_margin_bp;    // (margin − cost) / cost; with a margin and a cost
  std::optional<std::int64_t> cost_per_won_minor;  // cost / won; none without a win
  std::optional<std::int64_t> payback_days;        // none when the gains never catch up with the costs
  // Marketing leads it would take to win as many customers, at marketing_lead_won_bp.
  std::int64_t marketing_leads_for_same_wins_milli = 0;
};

// The estimate for `assumptions` (as ChooseRoiAssumptions returns them). kOutOfRange naming a
// figure too large for 64 bits (only with inputs at the edges of their ranges).
Result<RoiEstimate> EstimateRoi(const RoiAssumptions& assumptions);

}  // namespace bb::domain

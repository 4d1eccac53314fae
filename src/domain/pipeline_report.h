#pragma once
// The pipeline report of one program (GET /api/v1/reports/pipeline): how long referrals take to
// close, how often a referral at each stage ends won, and the referral revenue to expect from the
// referrals open now, by the month they are expected to close. Pure types and computations over
// rows the store counts; no I/O.
//
// Definitions (docs/api.md "The pipeline report"):
// - time to close: from submission to the win, of the referrals won (and clear) in the range;
//   median and 90th percentile by the nearest-rank method (the value at rank ceil(p × n)).
// - win rate by stage, of the referrals submitted in the range: of those that reached the stage,
//   won ÷ (won + lost); rejected ones (not a sales outcome) and open ones (held ones included)
//   are not in it.
// - forecast: each open, clear referral submitted in the past year counts the share of the past
//   year's referrals that reached its stage and ended won (won ÷ (won + lost + rejected): a
//   rejection ends a referral too) times the average won deal of the past year, expected to close
//   a median time to close after its submission (in the current month when that is past). Older
//   open referrals are counted apart as stale, not forecast.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/referral_stage.h"

namespace bb::domain {

// A referral won in a range: its channel, when it was submitted and won, and its deal.
struct WonReferral {
  std::string channel;
  Timestamp submitted_at{};
  Timestamp won_at{};
  std::int64_t deal_value_minor = 0;  // 0 without a value
  bool in_program_currency = true;    // false: a deal recorded in another currency (not averaged)
  bool priced = true;                 // false: won without a deal value (not averaged)
};

// Referrals of a cohort alike in where they are now and what they reached.
struct StageOutcomeCount {
  ReferralStage stage = ReferralStage::kSubmitted;  // now
  bool clear = true;                                // not held or rejected by review
  bool reached_qualified = false;
  bool reached_opportunity = false;
  std::int64_t count = 0;
};

// Open, clear referrals submitted on one UTC day and at one stage now.
struct OpenReferralCount {
  ReferralStage stage = ReferralStage::kSubmitted;
  std::int64_t day = 0;  // days since 1970-01-01 (UTC) of submission
  std::int64_t count = 0;
};

struct CloseTime {
  std::string channel;  // "" for every channel
  std::int64_t won = 0;
  std::optional<std::int64_t> median_seconds;  // none without a win
  std::optional<std::int64_t> p90_seconds;
  friend bool operator==(const CloseTime&, const CloseTime&) = default;
};

// Over every channel first, then per channel by name.
std::vector<CloseTime> TimesToClose(const std::vector<WonReferral>& won);

// The average deal of the `won` referrals with a value in the program's currency, rounded; none
// without one.
std::optional<std::int64_t> AverageDeal(const std::vector<WonReferral>& won);

struct StageWinRate {
  ReferralStage stage = ReferralStage::kSubmitted;
  std::int64_t reached = 0;
  std::int64_t won = 0;
  std::int64_t lost = 0;
  std::int64_t rejected = 0;
  std::int64_t open = 0;                    // still open, or held by review
  std::optional<std::int64_t> win_rate_bp;  // won ÷ (won + lost); none when neither
  friend bool operator==(const StageWinRate&, const StageWinRate&) = default;
};

// Submitted, qualified and (when `uses_opportunity`) opportunity, in pipeline order.
std::vector<StageWinRate> WinRatesByStage(const std::vector<StageOutcomeCount>& counts, bool uses_opportunity);

struct ForecastMonth {
  std::string month;  // YYYY-MM
  std::int64_t open_referrals = 0;
  std::int64_t expected_won_milli = 0;  // thousandths of a referral
  std::int64_t expected_revenue_minor = 0;
  friend bool operator==(const ForecastMonth&, const ForecastMonth&) = default;
};

struct Forecast {
  std::vector<ForecastMonth> months;      // oldest first; only months with open referrals
  std::int64_t open_referrals = 0;        // forecast: open, clear, submitted in the past year
  std::int64_t stale_open_referrals = 0;  // open, clear, submitted before the past year: not forecast
  std::int64_t expected_won_milli = 0;
  std::int64_t expected_revenue_minor = 0;
  std::optional<std::int64_t> average_deal_minor;    // of the past year's wins; none without one
  std::optional<std::int64_t> median_close_seconds;  // of the past year's wins
  std::vector<StageWinRate> rates;                   // the past year's, by stage
};

// The forecast at `now` of `open` referrals from the past year's (since `history_from`) `rates`
// and `won` referrals. Without a past win in the program's currency with a value, no revenue is
// expected (the wins still are). Totals are the sums of the months' rounded figures. kOutOfRange
// naming a figure too large for 64 bits.
Result<Forecast> ForecastRevenue(const std::vector<OpenReferralCount>& open, const std::vector<StageWinRate>& rates,
                                 const std::vector<WonReferral>& won, Timestamp history_from, Timestamp now);

}  // namespace bb::domain

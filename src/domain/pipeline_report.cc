#include "domain/pipeline_report.h"

#include <algorithm>
#include <map>

#include "common/checked_math.h"
#include "domain/program_month.h"
#include "domain/reward_amount.h"

namespace bb::domain {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerDay = 86'400'000'000;
constexpr std::int64_t kMilli = 1'000;

// The value at rank ceil(numerator / denominator × n) of `sorted` (not empty).
std::int64_t NearestRank(const std::vector<std::int64_t>& sorted, std::int64_t numerator, std::int64_t denominator) {
  auto n = static_cast<std::int64_t>(sorted.size());
  std::int64_t rank = (numerator * n + denominator - 1) / denominator;
  return sorted[static_cast<std::size_t>(std::clamp<std::int64_t>(rank, 1, n) - 1)];
}

CloseTime CloseTimeOf(std::string channel, std::vector<std::int64_t> seconds) {
  CloseTime out;
  out.channel = std::move(channel);
  out.won = static_cast<std::int64_t>(seconds.size());
  if (seconds.empty()) return out;
  std::sort(seconds.begin(), seconds.end());
  out.median_seconds = NearestRank(seconds, 1, 2);
  out.p90_seconds = NearestRank(seconds, 9, 10);
  return out;
}

std::int64_t SecondsToClose(const WonReferral& won) {
  return std::max<std::int64_t>(0, (ToMicros(won.won_at) - ToMicros(won.submitted_at)) / kMicrosPerSecond);
}

}  // namespace

std::optional<std::int64_t> AverageDeal(const std::vector<WonReferral>& won) {
  Int128 total = 0;
  std::int64_t deals = 0;
  for (const auto& referral : won) {
    if (!referral.in_program_currency || !referral.priced) continue;
    total += referral.deal_value_minor;
    ++deals;
  }
  if (deals == 0) return std::nullopt;
  return static_cast<std::int64_t>(RoundedQuotient(total, deals));  // an average of int64 amounts fits
}

std::vector<CloseTime> TimesToClose(const std::vector<WonReferral>& won) {
  std::vector<std::int64_t> every;
  std::map<std::string, std::vector<std::int64_t>> by_channel;
  for (const auto& referral : won) {
    std::int64_t seconds = SecondsToClose(referral);
    every.push_back(seconds);
    by_channel[referral.channel].push_back(seconds);
  }
  std::vector<CloseTime> out{CloseTimeOf("", std::move(every))};
  for (auto& [channel, seconds] : by_channel) out.push_back(CloseTimeOf(channel, std::move(seconds)));
  return out;
}

std::vector<StageWinRate> WinRatesByStage(const std::vector<StageOutcomeCount>& counts, bool uses_opportunity) {
  std::vector<StageWinRate> out;
  for (ReferralStage stage : {ReferralStage::kSubmitted, ReferralStage::kQualified, ReferralStage::kOpportunity}) {
    if (stage == ReferralStage::kOpportunity && !uses_opportunity) continue;
    StageWinRate rate;
    rate.stage = stage;
    for (const auto& c : counts) {
      bool reached = stage == ReferralStage::kSubmitted ||
                     (stage == ReferralStage::kQualified && c.reached_qualified) ||
                     (stage == ReferralStage::kOpportunity && c.reached_opportunity);
      if (!reached) continue;
      rate.reached += c.count;
      if (c.stage == ReferralStage::kWon && c.clear) {
        rate.won += c.count;
      } else if (c.stage == ReferralStage::kLost) {
        rate.lost += c.count;
      } else if (c.stage == ReferralStage::kRejected) {
        rate.rejected += c.count;
      } else {
        rate.open += c.count;
      }
    }
    if (rate.won + rate.lost > 0) {
      rate.win_rate_bp =
          static_cast<std::int64_t>(RoundedQuotient(Int128{rate.won} * kBasisPointsPerUnit, rate.won + rate.lost));
    }
    out.push_back(rate);
  }
  return out;
}

Result<Forecast> ForecastRevenue(const std::vector<OpenReferralCount>& open, const std::vector<StageWinRate>& rates,
                                 const std::vector<WonReferral>& won, Timestamp history_from, Timestamp now) {
  Forecast out;
  out.rates = rates;
  std::vector<std::int64_t> seconds;
  for (const auto& referral : won) seconds.push_back(SecondsToClose(referral));
  std::int64_t close_micros = 0;
  if (!seconds.empty()) {
    out.median_close_seconds = CloseTimeOf("", seconds).median_seconds;
    close_micros = *out.median_close_seconds * kMicrosPerSecond;
  }
  out.average_deal_minor = AverageDeal(won);

  // Each month's expected wins and revenue: Σ over stages of count × won ÷ (won + lost + rejected)
  // (× the average deal, as answered), each stage's share kept in millionths, the sum rounded once.
  struct Month {
    std::int64_t open = 0;
    std::map<ReferralStage, std::int64_t> by_stage;
  };
  std::map<std::string, Month> months;
  std::string this_month = MonthOf(now);
  const std::int64_t first_day = ToMicros(history_from) / kMicrosPerDay;
  for (const auto& o : open) {
    if (o.day < first_day) {
      out.stale_open_referrals += o.count;
      continue;
    }
    Timestamp expected = FromMicros(o.day * kMicrosPerDay + close_micros);
    std::string month = expected <= now ? this_month : MonthOf(expected);
    months[month].open += o.count;
    months[month].by_stage[o.stage] += o.count;
  }
  constexpr Int128 kMillionths = 1'000'000;
  std::int64_t average = out.average_deal_minor.value_or(0);
  for (const auto& [name, month] : months) {
    ForecastMonth f;
    f.month = name;
    f.open_referrals = month.open;
    Int128 won_millionths = 0;
    Int128 revenue_millionths = 0;
    for (const auto& rate : rates) {
      auto it = month.by_stage.find(rate.stage);
      Int128 ended = Int128{rate.won} + rate.lost + rate.rejected;
      if (it == month.by_stage.end() || ended == 0) continue;
      // count × wins × average deal × 10^6 stays within 127 bits while count × wins ≤ 2^57 (an
      // average deal ≤ 10^15 < 2^50, 10^6 < 2^20); past that the figure is too large to show.
      Int128 wins = Int128{it->second} * rate.won;
      if (wins > (Int128{1} << 57)) return TooLargeFigure("forecast." + name + ".expected_revenue_minor");
      won_millionths += RoundedQuotient(wins * kMillionths, ended);
      revenue_millionths += RoundedQuotient(wins * average * kMillionths, ended);
    }
    BB_ASSIGN_OR_RETURN(f.expected_won_milli, Figure(RoundedQuotient(won_millionths, kMillionths / kMilli),
                                                     "forecast." + name + ".expected_won_milli"));
    BB_ASSIGN_OR_RETURN(f.expected_revenue_minor, Figure(RoundedQuotient(revenue_millionths, kMillionths),
                                                         "forecast." + name + ".expected_revenue_minor"));
    out.open_referrals += f.open_referrals;
    BB_ASSIGN_OR_RETURN(out.expected_won_milli,
                        Figure(Int128{out.expected_won_milli} + f.expected_won_milli, "forecast.expected_won_milli"));
    BB_ASSIGN_OR_RETURN(
        out.expected_revenue_minor,
        Figure(Int128{out.expected_revenue_minor} + f.expected_revenue_minor, "forecast.expected_revenue_minor"));
    out.months.push_back(std::move(f));
  }
  return out;
}

}  // namespace bb::domain

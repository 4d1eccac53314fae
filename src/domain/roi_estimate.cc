#include "domain/roi_estimate.h"

#include <algorithm>

#include "common/checked_math.h"
#include "domain/analytics.h"
#include "domain/reward_amount.h"

namespace bb::domain {
namespace {

constexpr std::int64_t kMilli = 1'000;
constexpr std::int64_t kMaxCustomers = 100'000'000;
constexpr std::int64_t kMaxReferralsPerEngagedMilli = 100'000;  // 100 referrals each
constexpr std::int64_t kMaxAmountMinor = 1'000'000'000'000;     // 10 billion units with cents
constexpr std::int64_t kMaxMonths = 60;
constexpr std::int64_t kMonthsPerYear = 12;
constexpr std::int64_t kMaxSalesCycleDays = 3'650;

// A figure and where it comes from.
struct Published {
  std::int64_t value;
  std::string source;
};

struct PresetFigures {
  Published engaged_bp;
  Published referrals_per_engaged_milli;
  Published won_bp;
};

constexpr std::string_view kBenchmarkEngaged =
    "published: 36% of enrolled customers referred in a year (Amplifinity, State of Business Customer Referral "
    "Programs, 2016 data)";
constexpr std::string_view kBenchmarkReferrals =
    "published: 0.87 referrals a year per referring customer (Amplifinity, 2016 data)";

PresetFigures FiguresOf(RoiPreset preset) {
  switch (preset) {
    case RoiPreset::kBankCase:
      return {{4'800, "published: a bank's program engaged almost half (48%) of its customers (Amplifinity)"},
              {1'700,
               "published: 1.7 referrals each at the same bank (Amplifinity; over the program's life so far, "
               "taken here as a year)"},
              {8'000,
               "published: over 80% of the bank's referrals became customers (Amplifinity); TSYS reported 80% for "
               "referral leads"}};
    case RoiPreset::kB2bPurchase:
      return {{3'600, std::string(kBenchmarkEngaged)},
              {870, std::string(kBenchmarkReferrals)},
              {3'500, "published: 35% of B2B referrals lead to a purchase (Amplifinity)"}};
    case RoiPreset::kBenchmark:
      return {{3'600, std::string(kBenchmarkEngaged)},
              {870, std::string(kBenchmarkReferrals)},
              {1'300, "published: 13% of customer referrals won, against 3.63% for other leads (Amplifinity, 2016)"}};
  }
  return FiguresOf(RoiPreset::kBankCase);
}

// `value` as the figure `name`; kOutOfRange naming it when it does not fit in 64 bits.
Result<std::int64_t> Fit(Int128 value, std::string_view name) {
  if (auto fits = FitInt64(value)) return *fits;
  return Error(ErrorCode::kOutOfRange, "The estimate is too large to show; use smaller figures.",
               {{std::string(name), "is more than 9223372036854775807 and cannot be shown"}});
}

// `numerator / denominator` rounded up; both positive.
Int128 CeilingQuotient(Int128 numerator, Int128 denominator) { return (numerator + denominator - 1) / denominator; }

class Chooser {
 public:
  Chooser(RoiAssumptions& out, std::vector<FieldError>& errors) : out_(out), errors_(errors) {}

  // Sets `target` from the first of `given`, `history`, `fallback` that has a value and lists it.
  // A given value outside [low, high] is an error naming `name` (history and published figures are
  // inside by construction); so is having none of the three.
  void Choose(std::string_view name, std::int64_t& target, std::optional<std::int64_t> given,
              std::optional<Published> history, std::optional<Published> fallback, std::int64_t low, std::int64_t high,
              std::string_view unit) {
    std::optional<Published> chosen;
    std::string source;
    if (given) {
      if (*given < low || *given > high) {
        errors_.push_back({std::string(name), "must be from " + std::to_string(low) + " to " + std::to_string(high) +
                                                  (unit.empty() ? "" : " " + std::string(unit))});
        return;
      }
      chosen = Published{*given, "given"};
    } else if (history) {
      chosen = history;
    } else if (fallback) {
      chosen = fallback;
    } else {
      errors_.push_back({std::string(name), "is required (the program has no history to take it from)"});
      return;
    }
    target = chosen->value;
    out_.listed.push_back({std::string(name), chosen->value, chosen->source});
  }

 private:
  RoiAssumptions& out_;
  std::vector<FieldError>& errors_;
};

// The ratio `part / whole` in `unit`ths, rounded; `whole` > 0.
std::int64_t Ratio(std::int64_t part, std::int64_t whole, std::int64_t unit) {
  return static_cast<std::int64_t>(RoundedQuotient(Int128{part} * unit, whole));
}

}  // namespace

std::string_view ToString(RoiPreset preset) {
  switch (preset) {
    case RoiPreset::kBankCase: return "bank_case";
    case RoiPreset::kB2bPurchase: return "b2b_purchase";
    case RoiPreset::kBenchmark: return "benchmark";
  }
  return "bank_case";
}

std::optional<RoiPreset> ParseRoiPreset(std::string_view text) {
  for (RoiPreset preset : {RoiPreset::kBankCase, RoiPreset::kB2bPurchase, RoiPreset::kBenchmark}) {
    if (ToString(preset) == text) return preset;
  }
  return std::nullopt;
}

Result<RoiAssumptions> ChooseRoiAssumptions(const RoiRequest& request, const std::optional<RoiHistory>& history) {
  RoiAssumptions out;
  std::vector<FieldError> errors;
  Chooser chooser(out, errors);
  PresetFigures preset = FiguresOf(request.preset);
  std::string from_history = history ? "history: referrals submitted " + history->period : "";
  std::optional<Published> referrals_per_engaged, won_rate, deal_value, reward_per_won, reward_per_referral,
      program_cost;
  if (history) {
    if (history->referrals >= kMinHistoryReferrals && history->referring_advocates >= kMinHistoryReferringAdvocates) {
      std::int64_t per_engaged = Ratio(history->referrals, history->referring_advocates, kMilli);
      referrals_per_engaged = Published{std::min(per_engaged, kMaxReferralsPerEngagedMilli),
                                        from_history + ", per advocate who referred (rejected ones apart)"};
    }
    if (history->won + history->lost >= kMinHistoryDecided) {
      won_rate = Published{Ratio(history->won, history->won + history->lost, kBasisPointsPerUnit),
                           from_history + ", won of those won or lost by now"};
    }
    if (history->priced_wins >= kMinHistoryWins && history->average_deal_minor) {
      deal_value =
          Published{std::min(*history->average_deal_minor, kMaxAmountMinor),
                    "history: the average deal won " + history->period + " with a value in the program's currency"};
    }
    // The history's reward per win holds every reward of the cohort: it stands for the whole
    // reward design, so only when the caller gives no part of it.
    if (history->won >= kMinHistoryWins && !request.reward_per_won_minor && !request.reward_per_referral_minor) {
      reward_per_won =
          Published{std::clamp<std::int64_t>(Ratio(history->reward_cost_minor, history->won, 1), 0, kMaxAmountMinor),
                    from_history + ", every reward of theirs per win"};
      reward_per_referral = Published{0, from_history + ", counted in the reward per win"};
    }
    if (history->program_cost_per_month_minor) {
      program_cost = Published{*history->program_cost_per_month_minor,
                               "history: the average program cost of " + history->program_cost_months};
    }
  }
  chooser.Choose("customers", out.customers, request.customers, std::nullopt, std::nullopt, 1, kMaxCustomers, "");
  chooser.Choose("engaged_bp", out.engaged_bp, request.engaged_bp, std::nullopt, preset.engaged_bp, 0,
                 kBasisPointsPerUnit, "basis points");
  chooser.Choose("referrals_per_engaged_milli", out.referrals_per_engaged_milli, request.referrals_per_engaged_milli,
                 referrals_per_engaged, preset.referrals_per_engaged_milli, 0, kMaxReferralsPerEngagedMilli,
                 "thousandths");
  chooser.Choose("won_bp", out.won_bp, request.won_bp, won_rate, preset.won_bp, 0, kBasisPointsPerUnit, "basis points");
  chooser.Choose("deal_value_minor", out.deal_value_minor, request.deal_value_minor, deal_value, std::nullopt, 0,
                 kMaxAmountMinor, "minor units");
  if (request.gross_margin_bp) {
    std::int64_t margin = 0;
    chooser.Choose("gross_margin_bp", margin, request.gross_margin_bp, std::nullopt, std::nullopt, 0,
                   kBasisPointsPerUnit, "basis points");
    out.gross_margin_bp = margin;
  }
  Published tenth_of_deal{Ratio(std::clamp<std::int64_t>(out.deal_value_minor, 0, kMaxAmountMinor), 10, 1),
                          "published: a reward of 10% of the average deal (Influitive's budget guide)"};
  chooser.Choose("reward_per_won_minor", out.reward_per_won_minor, request.reward_per_won_minor, reward_per_won,
                 tenth_of_deal, 0, kMaxAmountMinor, "minor units");
  chooser.Choose("reward_per_referral_minor", out.reward_per_referral_minor, request.reward_per_referral_minor,
                 reward_per_referral, Published{0, "assumed: no reward before a win"}, 0, kMaxAmountMinor,
                 "minor units");
  chooser.Choose("program_cost_per_month_minor", out.program_cost_per_month_minor, request.program_cost_per_month_minor,
                 program_cost, Published{0, "assumed: none (software, staff and services not counted)"}, 0,
                 kMaxMinorAmount, "minor units");
  chooser.Choose("months", out.months, request.months, std::nullopt, Published{12, "assumed: a year"}, 1, kMaxMonths,
                 "");
  chooser.Choose("sales_cycle_days", out.sales_cycle_days, request.sales_cycle_days, std::nullopt,
                 Published{90, "assumed: 90 days (no published figure; give your own)"}, 0, kMaxSalesCycleDays, "");
  chooser.Choose("marketing_lead_won_bp", out.marketing_lead_won_bp, request.marketing_lead_won_bp, std::nullopt,
                 Published{100, "published: 1% of marketing leads purchase (TSYS)"}, 1, kBasisPointsPerUnit,
                 "basis points");
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return out;
}

Result<RoiEstimate> EstimateRoi(const RoiAssumptions& a) {
  // Exact numerators over fixed denominators: engaged over 10^4, referrals over 10^7 × 12 (a year's
  // rate over `months`), won over 10^11 × 12.
  constexpr Int128 kEngagedDenominator = 10'000;
  constexpr Int128 kReferralsDenominator = kEngagedDenominator * kMilli * kMonthsPerYear;
  constexpr Int128 kWonDenominator = kReferralsDenominator * kBasisPointsPerUnit;
  Int128 engaged = Int128{a.customers} * a.engaged_bp;
  Int128 referrals = engaged * a.referrals_per_engaged_milli * a.months;
  Int128 won = referrals * a.won_bp;

  RoiEstimate out;
  auto figure = [](Int128 numerator, Int128 denominator, std::string_view name) {
    return Fit(RoundedQuotient(numerator, denominator), name);
  };
  BB_ASSIGN_OR_RETURN(out.engaged_milli, figure(engaged * kMilli, kEngagedDenominator, "engaged_milli"));
  BB_ASSIGN_OR_RETURN(out.referrals_milli, figure(referrals * kMilli, kReferralsDenominator, "referrals_milli"));
  BB_ASSIGN_OR_RETURN(out.won_milli, figure(won * kMilli, kWonDenominator, "won_milli"));
  BB_ASSIGN_OR_RETURN(out.revenue_minor, figure(won * a.deal_value_minor, kWonDenominator, "revenue_minor"));
  if (a.gross_margin_bp) {
    BB_ASSIGN_OR_RETURN(out.margin_minor, figure(won * a.deal_value_minor * *a.gross_margin_bp,
                                                 kWonDenominator * kBasisPointsPerUnit, "margin_minor"));
  }
  BB_ASSIGN_OR_RETURN(std::int64_t won_rewards,
                      figure(won * a.reward_per_won_minor, kWonDenominator, "reward_cost_minor"));
  BB_ASSIGN_OR_RETURN(std::int64_t referral_rewards,
                      figure(referrals * a.reward_per_referral_minor, kReferralsDenominator, "reward_cost_minor"));
  BB_ASSIGN_OR_RETURN(out.reward_cost_minor, Fit(Int128{won_rewards} + referral_rewards, "reward_cost_minor"));
  BB_ASSIGN_OR_RETURN(out.program_cost_minor,
                      Fit(Int128{a.program_cost_per_month_minor} * a.months, "program_cost_minor"));
  BB_ASSIGN_OR_RETURN(out.cost_minor, Fit(Int128{out.reward_cost_minor} + out.program_cost_minor, "cost_minor"));
  std::int64_t gain = out.margin_minor.value_or(out.revenue_minor);
  BB_ASSIGN_OR_RETURN(out.net_minor, Fit(Int128{gain} - out.cost_minor, "net_minor"));
  BB_ASSIGN_OR_RETURN(out.roi_bp, ReturnOnInvestmentBp(out.revenue_minor, out.cost_minor, "roi_bp"));
  if (out.margin_minor) {
    BB_ASSIGN_OR_RETURN(out.roi_on_margin_bp,
                        ReturnOnInvestmentBp(*out.margin_minor, out.cost_minor, "roi_on_margin_bp"));
  }
  if (won > 0) {
    BB_ASSIGN_OR_RETURN(out.cost_per_won_minor,
                        figure(Int128{out.cost_minor} * kWonDenominator, won, "cost_per_won_minor"));
  }
  // Payback (see the header): gains L over the horizon arrive a sales cycle c late; costs E flow
  // from the start to the end of the horizon H = months × 365.25 ÷ 12 days = months × 1461 ÷ 48.
  Int128 late = Int128{gain} - won_rewards;
  Int128 early = Int128{out.program_cost_minor} + referral_rewards;
  if (late > 0 && late >= early) {
    const Int128 cycle = a.sales_cycle_days;
    // Within the horizon: c·L/(L−E) ≤ H  ⟺  48·c·L ≤ months·1461·(L−E).
    if (late > early && 48 * cycle * late <= Int128{a.months} * 1461 * (late - early)) {
      BB_ASSIGN_OR_RETURN(out.payback_days, Fit(CeilingQuotient(cycle * late, late - early), "payback_days"));
    } else {
      // After the costs stopped: c + H·E/L = c + months·1461·E / (48·L).
      BB_ASSIGN_OR_RETURN(out.payback_days,
                          Fit(cycle + CeilingQuotient(Int128{a.months} * 1461 * early, 48 * late), "payback_days"));
    }
  }
  BB_ASSIGN_OR_RETURN(out.marketing_leads_for_same_wins_milli,
                      figure(won * kMilli * kBasisPointsPerUnit, kWonDenominator * a.marketing_lead_won_bp,
                             "marketing_leads_for_same_wins_milli"));
  return out;
}

}  // namespace bb::domain

#pragma once
// Customer value beyond CLV (research/intelligence.md §3; Kumar, Petersen & Leone, HBR 2007;
// Kumar et al., J. Service Research 2010): what each advocate of a program is worth as a customer
// (CLV), through the customers they referred (CRV), through their influence (CIV: references,
// reviews, case studies) and their knowledge (CKV: feedback, betas), and in all (CEV, the sum); and
// the quadrant that says where to invest (Champions, Affluents, Advocates, Misers). Pure; no I/O.
//
// Definitions (docs/api.md "Customer value"); money in minor units of the program's currency,
// rates in basis points, years of 365 days:
// - multiplier(r) = Σ_{t=1..T} r^{t−1} / (1+i)^{t−1} (the first year undiscounted), or for a
//   perpetuity (1+i) / (1+i−r);
// - CLV of the advocate = their yearly revenue × margin × multiplier(their retention) − the
//   marketing cost entered for them;
// - CLV of a referred customer = deal value × margin × multiplier(program retention) for a
//   recurring (yearly) deal value, deal value × margin for a one-off one; for one who churned
//   after the reversal window, deal value × margin × the years they stayed (at most the horizon);
// - CRV = Σ over the advocate's referrals that are won and clear by as_of and not reversed (a
//   churn judged within the reversal window): s × CLV + (1 − s) × acquisition cost, each rounded,
//   where s is 1 for a customer who answered they would not have joined otherwise, 0 for one who
//   would have, else the program's incremental share; less the rewards given for the advocate's
//   referrals and not reversed by as_of. The projected view adds the next years' referrals at the
//   advocate's pace of the last 365 days, each worth their mean value less their mean reward,
//   discounted (rounded once);
// - CIV and CKV = the sums of the value entries of each category by as_of;
// - CEV = CLV + CRV + CIV + CKV of the rounded figures (half away from zero), so that they add up.
// - Quadrants: high CLV when CLV is above the threshold (default: the median CLV of the advocates
//   with at least a day of tenure), high CRV likewise; Champions are high on both, Affluents on
//   CLV only, Advocates on CRV only, Misers on neither. Exactly at the median is low.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace bb::domain {

inline constexpr std::int64_t kMaxValueHorizonYears = 50;
// A perpetuity needs at least this discount rate (its multiplier is then at most 101).
inline constexpr std::int64_t kMinPerpetuityDiscountBp = 100;
inline constexpr std::size_t kMaxValueNoteLength = 1000;
inline constexpr std::size_t kMaxValueSourceLength = 200;

// A program's valuation settings, published as versions (0: the defaults, never published).
struct ValueSettings {
  std::string program_id;
  std::int64_t version = 0;
  Timestamp published_at{};
  std::string published_by;

  std::optional<std::int64_t> horizon_years = 5;    // 1..kMaxValueHorizonYears; nullopt: a perpetuity
  std::int64_t discount_rate_bp = 1'000;            // a year, 0..10,000
  std::int64_t retention_rate_bp = 8'000;           // a year, 0..10,000
  bool derive_retention = false;                    // use the program's retention of the last 365 days when it has wins
  std::int64_t gross_margin_bp = 10'000;            // margin on revenue and deal values, 0..10,000
  bool recurring = true;                            // a won deal's value is yearly revenue (else one-off)
  std::int64_t acquisition_cost_minor = 0;          // what a customer costs to win without a referral
  std::int64_t incremental_share_bp = 5'000;        // share of referred customers who came only through it
  std::int64_t revenue_per_year_minor = 0;          // an advocate's own revenue when none is entered for them
  std::optional<std::int64_t> clv_threshold_minor;  // nullopt: the median
  std::optional<std::int64_t> crv_threshold_minor;

  // The valuation rules only (not the version or who published it).
  bool SameRules(const ValueSettings& other) const;
};

// kInvalidArgument naming each field out of range ("horizon_years", "discount_rate_bp", ...).
Status CheckValueSettings(const ValueSettings& settings);

// An advocate's own figures as a customer, entered by staff or a CRM; the latest by as_of counts.
struct CustomerInputs {
  std::string id;
  std::string program_id;
  std::string advocate_id;
  std::int64_t revenue_per_year_minor = 0;        // 0..kMaxMinorAmount (0: not a customer)
  std::optional<std::int64_t> retention_rate_bp;  // nullopt: the program's
  std::int64_t marketing_cost_minor = 0;          // what marketing to them costs over the horizon
  Timestamp recorded_at{};
  std::string recorded_by;
  friend bool operator==(const CustomerInputs&, const CustomerInputs&) = default;
};

enum class ValueCategory { kInfluence, kKnowledge };
std::string_view ToString(ValueCategory category);
std::optional<ValueCategory> ParseValueCategory(std::string_view text);

// A value an advocate brought beyond purchases and referrals: a reference call, a review, a case
// study (influence); product feedback adopted, a beta (knowledge). Negative to correct one.
struct ValueEntry {
  std::string id;
  std::string program_id;
  std::string advocate_id;
  ValueCategory category = ValueCategory::kInfluence;
  std::int64_t amount_minor = 0;  // -kMaxMinorAmount..kMaxMinorAmount, not 0
  std::string note;
  std::string source_ref;  // where it is recorded (a CRM record, a review's address); may be ""
  Timestamp occurred_at{};
  Timestamp recorded_at{};
  std::string recorded_by;
  friend bool operator==(const ValueEntry&, const ValueEntry&) = default;
};

// A referred customer's answer to "would you have joined without the referral?"; the latest by
// as_of counts. nullopt: unknown (the program's incremental share applies).
struct IncrementalityAnswer {
  std::string id;
  std::string program_id;
  std::string referral_id;
  std::optional<bool> would_have_joined_anyway;
  Timestamp recorded_at{};
  std::string recorded_by;
  friend bool operator==(const IncrementalityAnswer&, const IncrementalityAnswer&) = default;
};

// A referral of the program won and clear by as_of, as the valuation reads it.
struct ReferredCustomerRecord {
  std::string referral_id;
  std::string advocate_id;
  Timestamp won_at{};
  std::optional<Timestamp> churned_at;           // recorded by as_of
  std::optional<std::int64_t> deal_value_minor;  // as of as_of, in the program's currency; nullopt: unpriced
  bool reversed = false;                         // its churn was judged within the reversal window when recorded
  std::optional<bool> would_have_joined_anyway;  // the latest answer by as_of
};

struct AdvocateValueInput {
  std::string advocate_id;
  Timestamp enrolled_at{};
  std::optional<CustomerInputs> inputs;  // the latest by as_of
  std::int64_t influence_minor = 0;      // the entries' sums by as_of
  std::int64_t knowledge_minor = 0;
  // The rewards in the program's currency given for the advocate's referrals (won or not, either
  // beneficiary) by as_of and not reversed by then: the marketing cost that prompted them.
  std::int64_t rewards_minor = 0;
};

enum class ValueView { kRealized, kProjected };
std::string_view ToString(ValueView view);
std::optional<ValueView> ParseValueView(std::string_view text);

enum class Quadrant { kChampion, kAffluent, kAdvocate, kMiser };
std::string_view ToString(Quadrant quadrant);  // "champion", "affluent", "advocate", "miser"
std::optional<Quadrant> ParseQuadrant(std::string_view text);

// One referred customer as valued: its CLV, its incremental share and what it adds to the CRV.
struct ReferredCustomerValue {
  std::string referral_id;
  std::optional<std::int64_t> clv_minor;  // nullopt: unpriced (its CLV counts as 0)
  std::int64_t incremental_share_bp = 0;
  std::optional<bool> would_have_joined_anyway;  // the answer that set the share; nullopt: none
  std::optional<Timestamp> churned_at;           // recorded by as_of
  std::int64_t value_minor = 0;                  // s × CLV + (1 − s) × acquisition cost, rounded; 0 when reversed
  bool reversed = false;                         // counts for nothing
};

struct CustomerValue {
  std::string advocate_id;
  bool own_inputs = false;  // CLV from the advocate's own inputs (else the program's revenue)
  std::int64_t tenure_days = 0;
  std::int64_t clv_minor = 0;
  std::int64_t crv_minor = 0;
  std::int64_t civ_minor = 0;
  std::int64_t ckv_minor = 0;
  std::int64_t cev_minor = 0;
  std::int64_t projected_referrals_minor = 0;  // in the CRV of the projected view; 0 in the realized
  std::int64_t referred_customers = 0;         // won, clear, not reversed
  std::int64_t incremental_customers_bp = 0;   // Σ s, in ten-thousandths of a customer
  std::int64_t unpriced_customers = 0;
  std::int64_t rewards_minor = 0;     // subtracted in the CRV
  std::int64_t recent_referrals = 0;  // counted ones won in the last 365 days (the projected pace)
  Quadrant quadrant = Quadrant::kMiser;
  std::vector<ReferredCustomerValue> customers;  // by won time, then referral id
};

struct QuadrantCounts {
  std::int64_t champions = 0;
  std::int64_t affluents = 0;
  std::int64_t advocates = 0;
  std::int64_t misers = 0;
};

struct ValueReport {
  std::int64_t retention_used_bp = 0;
  bool retention_derived = false;   // from the last 365 days' wins and churns
  std::int64_t retention_wins = 0;  // the wins and churns it was derived from
  std::int64_t retention_churns = 0;
  std::int64_t customer_multiplier_millionths = 0;  // multiplier(program retention), for the method
  // The split points: an integer figure is high exactly when it is above this (the median rounded
  // down, or the configured threshold); nullopt without advocates of a day's tenure.
  std::optional<std::int64_t> clv_split_minor;
  std::optional<std::int64_t> crv_split_minor;
  std::int64_t median_basis = 0;  // advocates with at least a day of tenure
  QuadrantCounts quadrants;
  std::vector<CustomerValue> advocates;  // in the order given
};

// One quadrant axis's split: `threshold` when set, else the median of `basis` (the figures of the
// customers with a day of tenure; for an even count, the mean of the middle two) rounded down, so
// that an integer figure is above the median exactly when it is above the split; nullopt for an
// empty basis without a threshold (then nobody is high).
std::optional<std::int64_t> QuadrantSplit(const std::optional<std::int64_t>& threshold,
                                          std::vector<std::int64_t> basis);
// The quadrant of a customer with these figures: high on an axis when above its split (exactly at
// it is low; no split: low).
Quadrant QuadrantOf(std::int64_t clv_minor, std::int64_t crv_minor, const std::optional<std::int64_t>& clv_split,
                    const std::optional<std::int64_t>& crv_split);
void CountQuadrant(QuadrantCounts& counts, Quadrant quadrant);

// The multiplier of a yearly margin under `settings`' horizon and discount, for `retention_bp`.
long double LifetimeMultiplier(const ValueSettings& settings, std::int64_t retention_bp);

// The program's retention of the 365 days up to as_of: 1 − churns ÷ wins in (as_of − 365 d, as_of],
// within 0..10,000 bp, rounded half up; nullopt without wins in that time.
struct DerivedRetention {
  std::int64_t retention_bp = 0;
  std::int64_t wins = 0;
  std::int64_t churns = 0;
};
std::optional<DerivedRetention> DeriveRetention(const std::vector<ReferredCustomerRecord>& won, Timestamp as_of);

// Values every advocate of `advocates` under `settings` as of `as_of`. `won` holds the program's
// won referrals by as_of (of any advocate; those of advocates not listed are ignored except for
// deriving retention). kOutOfRange naming the figure ("crv_minor") and, in its message, the advocate
// when it would not fit in 64 bits.
Result<ValueReport> ValueCustomers(const ValueSettings& settings, const std::vector<AdvocateValueInput>& advocates,
                                   const std::vector<ReferredCustomerRecord>& won, Timestamp as_of, ValueView view);

}  // namespace bb::domain

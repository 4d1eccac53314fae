#pragma once
// Lead-scoring models (research/intelligence.md §1.2). A referral is a lead: its score has two
// dimensions, fit (who the person is: rules on the referral's attributes, which never decay) and
// engagement (what the person did: rules on their events, whose points decay with age). Rules sit
// in groups, each group capped at its limit; each dimension and the total are clamped to the
// model's score limit. Bands grade a lead A–C by fit and 1–3 by engagement ("B1"); the MQL rule is
// a fit and an engagement threshold. Companies (accounts) roll their people's scores up.
//
// A program's model is versioned: every change publishes a new, immutable version, so a score, a
// calibration or a ranking can be recomputed under any version as of any date. Version 0 is the
// default model, used until the program publishes one. Pure validation; the arithmetic is in
// lead_score.h.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace bb::domain {

enum class ScoreDimension { kFit, kEngagement };
enum class FitOp { kEq, kNeq, kIn, kContains, kGte, kLte, kKnown, kUnknown };
enum class DecayMode { kNone, kWindow, kStep, kHalfLife };
enum class AccountRollup { kSum, kMax, kTopNSum, kAvg };

std::string_view ToString(ScoreDimension dimension);
std::optional<ScoreDimension> ParseScoreDimension(std::string_view text);
std::string_view ToString(FitOp op);
std::optional<FitOp> ParseFitOp(std::string_view text);
std::string_view ToString(DecayMode mode);
std::optional<DecayMode> ParseDecayMode(std::string_view text);
std::string_view ToString(AccountRollup rollup);
std::optional<AccountRollup> ParseAccountRollup(std::string_view text);

inline constexpr std::size_t kMaxScoreGroups = 20;
inline constexpr std::size_t kMaxRulesPerGroup = 50;
inline constexpr std::size_t kMaxRulesPerModel = 100;
inline constexpr std::size_t kMaxRuleValues = 50;
inline constexpr std::size_t kMaxScoreNameLength = 60;
inline constexpr std::size_t kMaxEventTypeLength = 64;
inline constexpr std::int64_t kMaxRulePoints = 1000;
inline constexpr std::int64_t kMaxScoreLimit = 1000;
inline constexpr std::int64_t kMaxScoreDays = 3650;

// A test on one attribute of the referral (see LeadAttributeNames in lead_score.h): eq, neq and
// contains compare without case (contains: any of `values` is part of the attribute); in: equal to
// one of `values`; gte and lte compare numbers; known and unknown take no value. An attribute with
// several values (the advocate's tags) passes when one of them does (neq and unknown: none does).
struct FitRule {
  std::string attribute;
  FitOp op = FitOp::kEq;
  std::vector<std::string> values;
  std::int64_t points = 0;  // -1000..1000; negative rules take points away
  friend bool operator==(const FitRule&, const FitRule&) = default;
};

// Points for each of a person's events of `event_type` (and of `product` / `channel` when they are
// set): the first one only unless `repeatable`; at most `max_per_day` of one UTC day (the first
// ones); the rule's decayed total capped at `max_points` when set (a floor at -max_points for a
// negative rule).
struct EventRule {
  std::string event_type;
  std::string product;
  std::string channel;
  std::int64_t points = 0;  // -1000..1000
  bool repeatable = true;
  std::optional<std::int64_t> max_per_day = 20;  // 1..1000; nullopt: no daily cap
  std::optional<std::int64_t> max_points;        // 1..1000
  friend bool operator==(const EventRule&, const EventRule&) = default;
};

// A fit group holds fit rules only, an engagement group event rules only. Its score is the sum of
// its rules clamped to [-limit, limit].
struct ScoreGroup {
  std::string name;
  ScoreDimension dimension = ScoreDimension::kFit;
  std::int64_t limit = 100;  // 1..1000
  std::vector<FitRule> fit_rules;
  std::vector<EventRule> event_rules;
  friend bool operator==(const ScoreGroup&, const ScoreGroup&) = default;
};

// How an event's points fade with its age in whole UTC days, a = floor((as_of - occurred_at) / 1 d):
// none: never; window: all of them while a < window_days, none after; step: less step_bp per
// started period, max(0, 1 - step_bp * floor(a / period_days) / 10000); half_life: 0.5^(a / H).
struct ScoreDecay {
  DecayMode mode = DecayMode::kStep;
  std::int64_t window_days = 30;     // 1..3650
  std::int64_t step_bp = 2500;       // 1..10000
  std::int64_t period_days = 30;     // 1..3650
  std::int64_t half_life_days = 30;  // 1..3650
  friend bool operator==(const ScoreDecay&, const ScoreDecay&) = default;
};

// Fit band A from fit_a, B from fit_b, else C; engagement band 1 from engagement_1, 2 from
// engagement_2, else 3 (points; fit_b <= fit_a, engagement_2 <= engagement_1).
struct ScoreBands {
  std::int64_t fit_a = 60;
  std::int64_t fit_b = 30;
  std::int64_t engagement_1 = 50;
  std::int64_t engagement_2 = 20;
  friend bool operator==(const ScoreBands&, const ScoreBands&) = default;
};

struct ScoreModel {
  std::string program_id;
  std::int64_t version = 0;  // 0: the default model, never published
  std::string name = "Lead score";
  std::int64_t score_limit = 100;  // 1..1000: each dimension and the total lie in [-limit, limit]
  std::vector<ScoreGroup> groups;
  ScoreDecay decay;
  ScoreBands bands;
  // A lead is an MQL from the first instant its fit and engagement both reach these (points); it
  // stays one (decay does not undo it).
  std::int64_t mql_fit = 30;
  std::int64_t mql_engagement = 20;
  // An account's score from its people's: sum, max, the sum of the top_n highest, or the mean
  // (rounded half away from zero to the hundredth); then capped at account_limit when set.
  AccountRollup rollup = AccountRollup::kSum;
  std::int64_t rollup_top_n = 3;              // 1..100
  std::optional<std::int64_t> account_limit;  // 1..1000000
  Timestamp published_at{};
  std::string published_by;  // a user or API key id; "" for the defaults
  friend bool operator==(const ScoreModel&, const ScoreModel&) = default;
};

// The model a program scores with until it publishes one: fit on the referral's company, business
// email and title; engagement on referrals and the events a CRM or a marketing tool reports, with
// 25% less per 30 days.
ScoreModel DefaultScoreModel(std::string program_id);

// Checks every field of `model` (its rules, limits, bands, decay and roll-up) and names each bad
// one ("groups[1].fit_rules[0].attribute"): kInvalidArgument. The version, program and publication
// fields are not checked.
Status CheckScoreModel(const ScoreModel& model);

// Whether `type` can name an event: 1-64 of a-z, 0-9, "_", ".", ":" and "-", starting with a letter.
bool IsEventType(std::string_view type);

}  // namespace bb::domain

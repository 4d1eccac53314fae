#include "domain/score_model.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "domain/lead_score.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

template <class Enum, std::size_t N>
std::optional<Enum> ParseName(const std::array<std::pair<Enum, std::string_view>, N>& names, std::string_view text) {
  for (const auto& [value, name] : names) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "";
}

constexpr std::array<std::pair<ScoreDimension, std::string_view>, 2> kDimensions{
    {{ScoreDimension::kFit, "fit"}, {ScoreDimension::kEngagement, "engagement"}}};
constexpr std::array<std::pair<FitOp, std::string_view>, 8> kOps{{{FitOp::kEq, "eq"},
                                                                  {FitOp::kNeq, "neq"},
                                                                  {FitOp::kIn, "in"},
                                                                  {FitOp::kContains, "contains"},
                                                                  {FitOp::kGte, "gte"},
                                                                  {FitOp::kLte, "lte"},
                                                                  {FitOp::kKnown, "known"},
                                                                  {FitOp::kUnknown, "unknown"}}};
constexpr std::array<std::pair<DecayMode, std::string_view>, 4> kDecayModes{{{DecayMode::kNone, "none"},
                                                                             {DecayMode::kWindow, "window"},
                                                                             {DecayMode::kStep, "step"},
                                                                             {DecayMode::kHalfLife, "half_life"}}};
constexpr std::array<std::pair<AccountRollup, std::string_view>, 4> kRollups{{{AccountRollup::kSum, "sum"},
                                                                              {AccountRollup::kMax, "max"},
                                                                              {AccountRollup::kTopNSum, "top_n_sum"},
                                                                              {AccountRollup::kAvg, "avg"}}};

// A finite decimal number ("250", "-1.5"); not "nan", "inf" or hexadecimal.
bool IsNumber(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  return error == std::errc{} && end == text.data() + text.size() && !text.empty() && std::isfinite(value);
}

// Appends an error for `field` unless `value` lies in [low, high].
void CheckRange(std::vector<FieldError>& errors, const std::string& field, std::int64_t value, std::int64_t low,
                std::int64_t high) {
  if (value < low || value > high) {
    errors.push_back({field, "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high)});
  }
}

void CheckFitRule(std::vector<FieldError>& errors, const std::string& at, const FitRule& rule) {
  if (!IsLeadAttribute(rule.attribute)) {
    errors.push_back({at + ".attribute", "must be one of " + JoinWithCommas(LeadAttributeNames()) +
                                             ", or advocate.attr. followed by an attribute's name"});
  }
  const std::size_t n = rule.values.size();
  const std::size_t errors_before = errors.size();
  switch (rule.op) {
    case FitOp::kKnown:
    case FitOp::kUnknown:
      if (n != 0) errors.push_back({at + ".values", "must be empty: known and unknown take no value"});
      break;
    case FitOp::kIn:
    case FitOp::kContains:
      if (n == 0 || n > kMaxRuleValues) {
        errors.push_back({at + ".values", "must have 1 to " + std::to_string(kMaxRuleValues) + " values"});
      }
      break;
    default:
      if (n != 1) errors.push_back({at + ".values", "must have exactly one value"});
      break;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::string field = at + ".values[" + std::to_string(i) + "]";
    if (std::string problem = CheckText(rule.values[i], 200); !problem.empty()) {
      errors.push_back({field, problem});
    } else if ((rule.op == FitOp::kGte || rule.op == FitOp::kLte) && errors.size() == errors_before &&
               !IsNumber(rule.values[i])) {
      errors.push_back({field, "must be a number: gte and lte compare numbers"});
    } else if (std::string never = CommitteeRuleValueProblem(rule.attribute, rule.op, rule.values[i]); !never.empty()) {
      errors.push_back({field, never});
    }
  }
  CheckRange(errors, at + ".points", rule.points, -kMaxRulePoints, kMaxRulePoints);
}

void CheckEventRule(std::vector<FieldError>& errors, const std::string& at, const EventRule& rule) {
  if (!IsEventType(rule.event_type)) {
    errors.push_back({at + ".event_type", "must be 1-64 of a-z, 0-9, _, ., : and -, starting with a letter"});
  }
  // Events' products and channels are trimmed when recorded: a filter with spaces around would
  // match none of them.
  for (const auto& [name, value] : {std::pair{".product", &rule.product}, std::pair{".channel", &rule.channel}}) {
    if (std::string problem = CheckText(*value, 100, true); !problem.empty()) {
      errors.push_back({at + name, problem});
    } else if (Trim(*value) != *value) {
      errors.push_back({at + name, "must not begin or end with spaces"});
    }
  }
  CheckRange(errors, at + ".points", rule.points, -kMaxRulePoints, kMaxRulePoints);
  if (rule.max_per_day) CheckRange(errors, at + ".max_per_day", *rule.max_per_day, 1, 1000);
  if (rule.max_points) CheckRange(errors, at + ".max_points", *rule.max_points, 1, kMaxRulePoints);
}

void CheckGroup(std::vector<FieldError>& errors, const std::string& at, const ScoreGroup& group) {
  if (std::string problem = CheckText(group.name, kMaxScoreNameLength); !problem.empty()) {
    errors.push_back({at + ".name", problem});
  }
  CheckRange(errors, at + ".limit", group.limit, 1, kMaxScoreLimit);
  const bool fit = group.dimension == ScoreDimension::kFit;
  if (fit && !group.event_rules.empty()) {
    errors.push_back({at + ".event_rules", "must be empty: a fit group scores who the person is (fit_rules)"});
  }
  if (!fit && !group.fit_rules.empty()) {
    errors.push_back({at + ".fit_rules", "must be empty: an engagement group scores events (event_rules)"});
  }
  const std::size_t rules = fit ? group.fit_rules.size() : group.event_rules.size();
  if (rules == 0 || rules > kMaxRulesPerGroup) {
    errors.push_back(
        {at + (fit ? ".fit_rules" : ".event_rules"), "must have 1 to " + std::to_string(kMaxRulesPerGroup) + " rules"});
  }
  for (std::size_t i = 0; i < group.fit_rules.size() && fit; ++i) {
    CheckFitRule(errors, at + ".fit_rules[" + std::to_string(i) + "]", group.fit_rules[i]);
  }
  for (std::size_t i = 0; i < group.event_rules.size() && !fit; ++i) {
    CheckEventRule(errors, at + ".event_rules[" + std::to_string(i) + "]", group.event_rules[i]);
  }
}

}  // namespace

std::string_view ToString(ScoreDimension dimension) { return NameOf(kDimensions, dimension); }
std::optional<ScoreDimension> ParseScoreDimension(std::string_view text) { return ParseName(kDimensions, text); }
std::string_view ToString(FitOp op) { return NameOf(kOps, op); }
std::optional<FitOp> ParseFitOp(std::string_view text) { return ParseName(kOps, text); }
std::string_view ToString(DecayMode mode) { return NameOf(kDecayModes, mode); }
std::optional<DecayMode> ParseDecayMode(std::string_view text) { return ParseName(kDecayModes, text); }
std::string_view ToString(AccountRollup rollup) { return NameOf(kRollups, rollup); }
std::optional<AccountRollup> ParseAccountRollup(std::string_view text) { return ParseName(kRollups, text); }

bool IsEventType(std::string_view type) {
  if (type.empty() || type.size() > kMaxEventTypeLength || type[0] < 'a' || type[0] > 'z') return false;
  for (char c : type) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

ScoreModel DefaultScoreModel(std::string program_id) {
  ScoreModel m;
  m.program_id = std::move(program_id);
  m.name = "Default";
  ScoreGroup company{"Who they are", ScoreDimension::kFit, 100, {}, {}};
  company.fit_rules = {
      {"referee.business_email", FitOp::kEq, {"true"}, 20},
      {"referee.company", FitOp::kKnown, {}, 10},
      {"referee.phone", FitOp::kKnown, {}, 5},
  };
  // A senior title or a manager's, not both: the group gives at most the senior title's 30.
  ScoreGroup seniority{"Seniority", ScoreDimension::kFit, 30, {}, {}};
  seniority.fit_rules = {
      {"referee.title", FitOp::kContains, {"chief", "vp", "vice president", "head", "director", "founder"}, 30},
      {"referee.title", FitOp::kContains, {"manager", "lead"}, 15},
  };
  ScoreGroup activity{"What they did", ScoreDimension::kEngagement, 100, {}, {}};
  activity.event_rules = {
      {"referral_submitted", "", "", 20, true, 20, std::nullopt},
      {"email_clicked", "", "", 5, true, 3, 25},
      {"pricing_page_viewed", "", "", 10, true, 1, 30},
      {"meeting_booked", "", "", 25, true, 20, std::nullopt},
      {"demo_attended", "", "", 30, true, 20, std::nullopt},
  };
  m.groups = {std::move(company), std::move(seniority), std::move(activity)};
  return m;
}

Status CheckScoreModel(const ScoreModel& model) {
  std::vector<FieldError> errors;
  if (std::string problem = CheckText(model.name, kMaxScoreNameLength); !problem.empty()) {
    errors.push_back({"name", problem});
  }
  CheckRange(errors, "score_limit", model.score_limit, 1, kMaxScoreLimit);
  if (model.groups.empty() || model.groups.size() > kMaxScoreGroups) {
    errors.push_back({"groups", "must have 1 to " + std::to_string(kMaxScoreGroups) + " groups"});
  }
  for (std::size_t i = 0; i < model.groups.size(); ++i) {
    CheckGroup(errors, "groups[" + std::to_string(i) + "]", model.groups[i]);
  }
  const auto& d = model.decay;
  CheckRange(errors, "decay.window_days", d.window_days, 1, kMaxScoreDays);
  CheckRange(errors, "decay.step_bp", d.step_bp, 1, 10000);
  CheckRange(errors, "decay.period_days", d.period_days, 1, kMaxScoreDays);
  CheckRange(errors, "decay.half_life_days", d.half_life_days, 1, kMaxScoreDays);
  // Thresholds a score cannot reach would make a grade or the MQL impossible: they stay within the
  // score limit.
  const std::int64_t top = std::clamp<std::int64_t>(model.score_limit, 1, kMaxScoreLimit);
  const auto& b = model.bands;
  CheckRange(errors, "bands.fit_a", b.fit_a, 0, top);
  CheckRange(errors, "bands.fit_b", b.fit_b, 0, top);
  if (b.fit_b > b.fit_a) errors.push_back({"bands.fit_b", "must be at most bands.fit_a"});
  CheckRange(errors, "bands.engagement_1", b.engagement_1, 0, top);
  CheckRange(errors, "bands.engagement_2", b.engagement_2, 0, top);
  if (b.engagement_2 > b.engagement_1) errors.push_back({"bands.engagement_2", "must be at most bands.engagement_1"});
  CheckRange(errors, "mql.fit", model.mql_fit, -top, top);
  CheckRange(errors, "mql.engagement", model.mql_engagement, -top, top);
  CheckRange(errors, "rollup.top_n", model.rollup_top_n, 1, 100);
  if (model.account_limit) CheckRange(errors, "rollup.account_limit", *model.account_limit, 1, 1'000'000);
  std::size_t rules = 0;
  for (const auto& group : model.groups) rules += group.fit_rules.size() + group.event_rules.size();
  if (rules > kMaxRulesPerModel) {
    errors.push_back({"groups", "must have at most " + std::to_string(kMaxRulesPerModel) + " rules in all"});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Ok();
}

}  // namespace bb::domain

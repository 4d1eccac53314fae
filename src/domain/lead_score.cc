#include "domain/lead_score.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <iterator>

#include "common/checked_math.h"
#include "domain/contact.h"
#include "domain/personality.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::string_view kAttrPrefix = "advocate.attr.";
constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

std::optional<double> NumberOf(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

char LowerChar(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return LowerChar(x) == LowerChar(y); });
}

bool ContainsIgnoringCase(std::string_view text, std::string_view part) {
  if (part.empty()) return true;
  auto found = std::search(text.begin(), text.end(), part.begin(), part.end(),
                           [](char x, char y) { return LowerChar(x) == LowerChar(y); });
  return found != text.end();
}

std::int64_t Clamp(Int128 value, std::int64_t limit) {
  const Int128 bound = static_cast<Int128>(limit) * 100;
  return static_cast<std::int64_t>(std::clamp<Int128>(value, -bound, bound));
}

std::int64_t AgeDays(Timestamp occurred_at, Timestamp as_of) {
  return (ToMicros(as_of) - ToMicros(occurred_at)) / kMicrosPerDay;
}

bool Matches(const EventRule& rule, const EngagementEvent& event) {
  return event.type == rule.event_type && (rule.product.empty() || EqualsIgnoringCase(rule.product, event.product)) &&
         (rule.channel.empty() || EqualsIgnoringCase(rule.channel, event.channel));
}

// When an event counts: from when Bluebird knew of it (an event reported late, dated earlier, does
// not change what was known before it was reported).
Timestamp KnownAt(const EngagementEvent& e) { return std::max(e.occurred_at, e.recorded_at); }

// The person's events one rule counts, by time.
using MatchedEvents = std::vector<const EngagementEvent*>;

MatchedEvents MatchedBy(const EventRule& rule, const std::vector<EngagementEvent>& events) {
  MatchedEvents out;
  for (const auto& event : events) {
    if (Matches(rule, event)) out.push_back(&event);
  }
  return out;
}

// One event rule's hundredths as of `as_of` over its matched events (sorted by time), with the
// events that counted and the latest of them; `decay` nullptr counts every event whole.
struct EventRuleTotal {
  std::int64_t hundredths = 0;
  std::int64_t events = 0;
  std::optional<Timestamp> last;
};

EventRuleTotal ScoreEventRule(const ScoreDecay* decay, const EventRule& rule, const MatchedEvents& events,
                              Timestamp as_of) {
  EventRuleTotal out;
  Int128 sum = 0;
  std::int64_t day = -1;
  std::int64_t counted_today = 0;
  for (const EngagementEvent* event : events) {
    if (event->occurred_at > as_of) break;
    if (KnownAt(*event) > as_of) continue;
    if (!rule.repeatable && out.events > 0) break;
    const std::int64_t event_day = ToMicros(event->occurred_at) / kMicrosPerDay;
    if (event_day != day) {
      day = event_day;
      counted_today = 0;
    }
    if (rule.max_per_day && counted_today >= *rule.max_per_day) continue;
    ++counted_today;
    ++out.events;
    out.last = event->occurred_at;
    sum += decay == nullptr ? static_cast<Int128>(rule.points) * 100
                            : DecayedHundredths(*decay, rule.points, AgeDays(event->occurred_at, as_of));
  }
  if (rule.max_points) {
    const Int128 cap = static_cast<Int128>(*rule.max_points) * 100;
    sum = rule.points >= 0 ? std::min(sum, cap) : std::max(sum, -cap);
  }
  out.hundredths = Clamp(sum, kMaxRulePoints * 1000);  // far beyond any limit; only keeps it in 64 bits
  return out;
}

// Each engagement rule of the model with the events it matches, in model order.
struct EngagementRules {
  struct Rule {
    std::size_t group = 0;
    std::size_t index = 0;
    const EventRule* rule = nullptr;
    MatchedEvents events;
  };
  std::vector<Rule> rules;

  EngagementRules(const ScoreModel& model, const std::vector<EngagementEvent>& events) {
    for (std::size_t g = 0; g < model.groups.size(); ++g) {
      const auto& group = model.groups[g];
      if (group.dimension != ScoreDimension::kEngagement) continue;
      for (std::size_t r = 0; r < group.event_rules.size(); ++r) {
        rules.push_back({g, r, &group.event_rules[r], MatchedBy(group.event_rules[r], events)});
      }
    }
  }

  // Engagement as of `at`, each group clamped to its limit and the sum to the score limit. With
  // `upper_bound`, negative rules count nothing and nothing decays: never below the engagement of
  // any instant up to `at`, and never lower at a later `at`.
  std::int64_t At(const ScoreModel& model, Timestamp at, bool upper_bound = false) const {
    Int128 engagement = 0;
    Int128 group_sum = 0;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const auto& r = rules[i];
      if (!(upper_bound && r.rule->points < 0)) {
        group_sum += ScoreEventRule(upper_bound ? nullptr : &model.decay, *r.rule, r.events, at).hundredths;
      }
      if (i + 1 == rules.size() || rules[i + 1].group != r.group) {
        engagement += Clamp(group_sum, model.groups[r.group].limit);
        group_sum = 0;
      }
    }
    return Clamp(engagement, model.score_limit);
  }
};

// The instants at which a negative event's points fade (its decayed value changes), after it and up
// to `until`: step boundaries until nothing is left, the end of the window, or each whole day of a
// half-life until the value rounds to nothing.
void AddFadeInstants(std::vector<Timestamp>& out, const ScoreDecay& decay, std::int64_t points, Timestamp occurred,
                     Timestamp until) {
  auto add = [&](std::int64_t days) {
    Timestamp at = occurred + std::chrono::days(days);
    if (at > until) return false;
    out.push_back(at);
    return true;
  };
  switch (decay.mode) {
    case DecayMode::kNone: return;
    case DecayMode::kWindow: add(decay.window_days); return;
    case DecayMode::kStep:
      for (std::int64_t k = 1; k * decay.step_bp <= 10000 + decay.step_bp; ++k) {
        if (!add(k * decay.period_days)) return;
      }
      return;
    case DecayMode::kHalfLife:
      for (std::int64_t n = 1; DecayedHundredths(decay, points, n - 1) != 0; ++n) {
        if (!add(n)) return;
      }
      return;
  }
}

struct Dimensions {
  std::int64_t fit = 0;
  std::int64_t engagement = 0;
  std::optional<Timestamp> last_engaged_at;
  std::vector<RuleContribution> contributions;
};

// Fit and engagement of `referral` as of `as_of`, with the rules that gave points.
// Without `committee_rules`, fit rules on committee attributes count nothing (the MQL rule's fit).
Dimensions Score(const ScoreModel& model, const Referral& referral, const BuyingCommittee* committee,
                 const std::vector<EngagementEvent>& events, Timestamp as_of, bool committee_rules = true) {
  Dimensions out;
  Int128 fit = 0;
  Int128 engagement = 0;
  for (std::size_t g = 0; g < model.groups.size(); ++g) {
    const auto& group = model.groups[g];
    Int128 sum = 0;
    if (group.dimension == ScoreDimension::kFit) {
      for (std::size_t r = 0; r < group.fit_rules.size(); ++r) {
        const auto& rule = group.fit_rules[r];
        if (!committee_rules && IsCommitteeAttribute(rule.attribute)) continue;
        if (!FitRuleHolds(rule, referral, committee)) continue;
        sum += static_cast<Int128>(rule.points) * 100;
        if (rule.points != 0) {
          out.contributions.push_back({g, r, ScoreDimension::kFit, rule.points * 100, 0});
        }
      }
      fit += Clamp(sum, group.limit);
    } else {
      for (std::size_t r = 0; r < group.event_rules.size(); ++r) {
        const auto& rule = group.event_rules[r];
        EventRuleTotal total = ScoreEventRule(&model.decay, rule, MatchedBy(rule, events), as_of);
        sum += total.hundredths;
        if (total.last && (!out.last_engaged_at || *total.last > *out.last_engaged_at)) {
          out.last_engaged_at = total.last;
        }
        if (total.events > 0) {
          out.contributions.push_back({g, r, ScoreDimension::kEngagement, total.hundredths, total.events});
        }
      }
      engagement += Clamp(sum, group.limit);
    }
  }
  out.fit = Clamp(fit, model.score_limit);
  out.engagement = Clamp(engagement, model.score_limit);
  return out;
}

// The first instant, from the submission to `as_of`, at which the engagement reaches the MQL
// threshold (the fit, which does not change, already does). Engagement rises only when an event
// becomes known or a negative event's points fade, so those instants are the only candidates; the
// upper bound (no decay, no negative rules) rises with time, so the candidates before it first
// reaches the threshold are skipped by a binary search, and a threshold it never reaches ends the
// search at once.
std::optional<Timestamp> MqlInstant(const ScoreModel& model, const Referral& referral,
                                    const std::vector<EngagementEvent>& events, Timestamp as_of) {
  const EngagementRules rules(model, events);
  const std::int64_t threshold = model.mql_engagement * 100;
  if (rules.At(model, as_of, true) < threshold) return std::nullopt;
  std::vector<Timestamp> candidates{referral.created_at};
  for (const auto& r : rules.rules) {
    for (const EngagementEvent* event : r.events) {
      const Timestamp known = KnownAt(*event);
      if (known > referral.created_at && known <= as_of) candidates.push_back(known);
      if (r.rule->points < 0) AddFadeInstants(candidates, model.decay, r.rule->points, event->occurred_at, as_of);
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  auto first = std::lower_bound(candidates.begin(), candidates.end(), referral.created_at);
  first = std::partition_point(first, candidates.end(),
                               [&](Timestamp at) { return rules.At(model, at, true) < threshold; });
  for (auto at = first; at != candidates.end(); ++at) {
    if (rules.At(model, *at) >= threshold) return *at;
  }
  return std::nullopt;
}

constexpr std::string_view kCommitteePrefix = "committee.";

// `value` as a view of a string that lives as long as the program: a whole number 0..25 (the most
// members a committee has), or a reserved attribute's value (domain/personality.h).
std::string_view CountText(std::int64_t value) {
  static const std::vector<std::string> texts = [] {
    std::vector<std::string> out;
    for (std::size_t i = 0; i <= kMaxCommitteeMembers; ++i) out.push_back(std::to_string(i));
    return out;
  }();
  return texts[static_cast<std::size_t>(std::clamp<std::int64_t>(value, 0, kMaxCommitteeMembers))];
}

std::optional<std::string_view> ReservedText(const Attributes& attributes, std::string_view key) {
  static const std::vector<std::string> disc = ReservedValues(kDiscPrimaryKey);
  static const std::vector<std::string> seniority = ReservedValues(kSeniorityKey);
  std::optional<std::string> value = ReservedValue(attributes, key);
  if (!value) return std::nullopt;
  const auto& known = key == kSeniorityKey ? seniority : disc;
  auto found = std::find(known.begin(), known.end(), *value);
  if (found == known.end()) return std::nullopt;
  return std::string_view(*found);
}

bool HasCommitteeRules(const ScoreModel& model) {
  for (const auto& group : model.groups) {
    for (const auto& rule : group.fit_rules) {
      if (IsCommitteeAttribute(rule.attribute)) return true;
    }
  }
  return false;
}

// The committee attributes of LeadAttributeNames (committee.*, referee.seniority, referee.disc_*)
// from `committee` (nullptr or version 0: the referee alone, with no role and no attribute).
std::vector<std::string_view> CommitteeValues(const BuyingCommittee* committee, std::string_view attribute) {
  static const std::vector<CommitteeMember> kRefereeAlone{CommitteeMember{.primary = true, .referee = true}};
  const std::vector<CommitteeMember>& members =
      committee != nullptr && committee->version > 0 ? committee->members : kRefereeAlone;
  std::vector<std::string_view> out;
  if (attribute == "committee.members") return {CountText(static_cast<std::int64_t>(members.size()))};
  if (attribute == "committee.influences") return {CountText(RolesCovered(members))};
  for (const auto& member : members) {
    if (attribute == "committee.roles") {
      for (BuyingRole role : member.roles) out.push_back(ToString(role));
    } else if (attribute == "committee.seniority") {
      if (auto value = ReservedText(member.attributes, kSeniorityKey)) out.push_back(*value);
    } else if (member.referee) {
      std::string_view key = attribute.substr(std::string_view("referee.").size());
      if (auto value = ReservedText(member.attributes, key)) out.push_back(*value);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

bool IsCommitteeAttribute(std::string_view attribute) {
  return attribute.starts_with(kCommitteePrefix) || attribute == "referee.seniority" ||
         attribute == "referee.disc_primary" || attribute == "referee.disc_secondary";
}

std::string CommitteeRuleValueProblem(std::string_view attribute, FitOp op, std::string_view value) {
  if (!IsCommitteeAttribute(attribute) || op == FitOp::kContains) return "";
  if (attribute == "committee.influences" || attribute == "committee.members") {
    const std::int64_t low = attribute == "committee.members" ? 1 : 0;
    const std::int64_t high =
        attribute == "committee.members" ? static_cast<std::int64_t>(kMaxCommitteeMembers) : kBuyingInfluences;
    std::int64_t number = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    const bool whole = error == std::errc{} && end == value.data() + value.size();
    if (!whole || number < low || number > high) {
      return "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high);
    }
    return "";
  }
  std::vector<std::string> allowed;
  if (attribute == "committee.roles") {
    for (int r = 0; r <= static_cast<int>(BuyingRole::kOther); ++r) {
      allowed.emplace_back(ToString(static_cast<BuyingRole>(r)));
    }
  } else if (attribute.ends_with("seniority")) {
    allowed = ReservedValues(kSeniorityKey);
  } else {
    allowed = ReservedValues(kDiscPrimaryKey);
  }
  if (std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) { return EqualsIgnoringCase(a, value); })) {
    return "";
  }
  return "must be one of " + JoinWithCommas(allowed);
}

const std::vector<std::string>& LeadAttributeNames() {
  static const std::vector<std::string> names{
      "referee.company",  "referee.title",        "referee.email_domain", "referee.business_email",
      "referee.phone",    "referee.seniority",    "referee.disc_primary", "referee.disc_secondary",
      "referral.product", "referral.channel",     "referral.source",      "advocate.tags",
      "committee.roles",  "committee.influences", "committee.members",    "committee.seniority"};
  return names;
}

bool IsLeadAttribute(std::string_view attribute) {
  if (attribute.starts_with(kAttrPrefix)) {
    const std::string_view name = attribute.substr(kAttrPrefix.size());
    return !name.empty() && name.size() <= 64;
  }
  const auto& names = LeadAttributeNames();
  return std::find(names.begin(), names.end(), attribute) != names.end();
}

std::vector<std::string_view> LeadAttributeValues(const Referral& referral, std::string_view attribute,
                                                  const BuyingCommittee* committee) {
  auto one = [](std::string_view value) {
    return value.empty() ? std::vector<std::string_view>{} : std::vector<std::string_view>{value};
  };
  if (IsCommitteeAttribute(attribute)) return CommitteeValues(committee, attribute);
  const auto& referee = referral.referee;
  if (attribute == "referee.company") return one(referee.company);
  if (attribute == "referee.title") return one(referee.title);
  if (attribute == "referee.email_domain") return one(referee.email_domain);
  if (attribute == "referee.business_email") {
    const bool business = !CompanyDomain(referee.email, referee.email_domain).empty();
    return {business ? "true" : "false"};
  }
  if (attribute == "referee.phone") return one(referee.phone);
  if (attribute == "referral.product") return one(referral.product);
  if (attribute == "referral.channel") return one(referral.channel);
  if (attribute == "referral.source") return {ToString(referral.source)};
  if (attribute == "advocate.tags") {
    const auto& tags = referral.advocate_profile.tags;
    return {tags.begin(), tags.end()};
  }
  if (attribute.starts_with(kAttrPrefix)) {
    const auto& attributes = referral.advocate_profile.attributes;
    auto found = attributes.find(std::string(attribute.substr(kAttrPrefix.size())));
    if (found != attributes.end()) return one(found->second.text);
  }
  return {};
}

bool FitRuleHolds(const FitRule& rule, const Referral& referral, const BuyingCommittee* committee) {
  const std::vector<std::string_view> values = LeadAttributeValues(referral, rule.attribute, committee);
  auto any = [&](auto&& test) { return std::any_of(values.begin(), values.end(), test); };
  auto equals_one_of = [&](std::string_view value) {
    return std::any_of(rule.values.begin(), rule.values.end(),
                       [&](const auto& v) { return EqualsIgnoringCase(v, value); });
  };
  auto compare = [&](std::string_view value, bool at_least) {
    auto have = NumberOf(value);
    auto bound = rule.values.empty() ? std::nullopt : NumberOf(rule.values[0]);
    return have && bound && (at_least ? *have >= *bound : *have <= *bound);
  };
  switch (rule.op) {
    case FitOp::kEq:
    case FitOp::kIn: return any(equals_one_of);
    case FitOp::kNeq: return !any(equals_one_of);
    case FitOp::kContains:
      return any([&](std::string_view value) {
        return std::any_of(rule.values.begin(), rule.values.end(),
                           [&](const auto& part) { return ContainsIgnoringCase(value, part); });
      });
    case FitOp::kGte: return any([&](std::string_view value) { return compare(value, true); });
    case FitOp::kLte: return any([&](std::string_view value) { return compare(value, false); });
    case FitOp::kKnown: return !values.empty();
    case FitOp::kUnknown: return values.empty();
  }
  return false;
}

std::int64_t DecayedHundredths(const ScoreDecay& decay, std::int64_t points, std::int64_t age_days) {
  const Int128 full = static_cast<Int128>(points) * 100;
  if (age_days < 0) age_days = 0;
  switch (decay.mode) {
    case DecayMode::kNone: return static_cast<std::int64_t>(full);
    case DecayMode::kWindow: return age_days < decay.window_days ? static_cast<std::int64_t>(full) : 0;
    case DecayMode::kStep: {
      const Int128 left_bp =
          std::max<Int128>(0, 10000 - static_cast<Int128>(decay.step_bp) * (age_days / decay.period_days));
      const Int128 scaled = full * left_bp;  // hundredths × 10,000
      const Int128 half = 5000;
      return static_cast<std::int64_t>(scaled >= 0 ? (scaled + half) / 10000 : -((-scaled + half) / 10000));
    }
    case DecayMode::kHalfLife: {
      const double factor = std::pow(0.5, static_cast<double>(age_days) / static_cast<double>(decay.half_life_days));
      return static_cast<std::int64_t>(std::round(static_cast<double>(points) * 100.0 * factor));
    }
  }
  return 0;
}

std::string GradeOf(const ScoreBands& bands, std::int64_t fit, std::int64_t engagement) {
  const char letter = fit >= bands.fit_a * 100 ? 'A' : fit >= bands.fit_b * 100 ? 'B' : 'C';
  const char digit = engagement >= bands.engagement_1 * 100 ? '1' : engagement >= bands.engagement_2 * 100 ? '2' : '3';
  return std::string{letter, digit};
}

std::int64_t ProductEngagement(const ScoreModel& model, const Referral& referral,
                               const std::vector<EngagementEvent>& events, std::string_view product, Timestamp as_of) {
  std::vector<EngagementEvent> of_product;
  std::copy_if(events.begin(), events.end(), std::back_inserter(of_product),
               [&](const EngagementEvent& e) { return !e.product.empty() && EqualsIgnoringCase(e.product, product); });
  return Score(model, referral, nullptr, of_product, as_of).engagement;
}

std::vector<std::string> EventProducts(const std::vector<EngagementEvent>& events, Timestamp as_of) {
  std::vector<std::string> out;
  for (const auto& e : events) {
    if (!e.product.empty() && KnownAt(e) <= as_of) out.push_back(LowerAscii(e.product));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

LeadScore ScoreLead(const ScoreModel& model, const Referral& referral, const std::vector<EngagementEvent>& events,
                    Timestamp as_of, const BuyingCommittee* committee) {
  Dimensions now = Score(model, referral, committee, events, as_of);
  LeadScore out;
  out.fit = now.fit;
  out.engagement = now.engagement;
  out.total = Clamp(static_cast<Int128>(now.fit) + now.engagement, model.score_limit);
  out.grade = GradeOf(model.bands, out.fit, out.engagement);
  out.fit_band = out.grade[0];
  out.engagement_band = out.grade[1] - '0';
  out.last_engaged_at = now.last_engaged_at;
  out.contributions = std::move(now.contributions);
  // The MQL rule's fit leaves the committee's rules out (what sales learns of the buying committee
  // comes after a lead qualifies, and a later version must not move or undo an MQL instant), so it
  // does not change with time: a lead whose fit misses the rule never meets it.
  std::int64_t mql_fit = out.fit;
  if (HasCommitteeRules(model)) mql_fit = Score(model, referral, nullptr, {}, as_of, false).fit;
  if (mql_fit >= model.mql_fit * 100 && referral.created_at <= as_of) {
    out.mql_at = MqlInstant(model, referral, events, as_of);
  }
  return out;
}

std::int64_t RollUp(AccountRollup rollup, std::int64_t top_n, std::vector<std::int64_t> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end(), std::greater<>());
  Int128 sum = 0;
  switch (rollup) {
    case AccountRollup::kMax: return values.front();
    case AccountRollup::kTopNSum:
      values.resize(std::min<std::size_t>(values.size(), static_cast<std::size_t>(std::max<std::int64_t>(top_n, 1))));
      [[fallthrough]];
    case AccountRollup::kSum:
      for (auto v : values) sum += v;
      return static_cast<std::int64_t>(sum);
    case AccountRollup::kAvg: {
      for (auto v : values) sum += v;
      const Int128 n = static_cast<Int128>(values.size());
      return static_cast<std::int64_t>(sum >= 0 ? (2 * sum + n) / (2 * n) : -((-2 * sum + n) / (2 * n)));
    }
  }
  return 0;
}

}  // namespace bb::domain

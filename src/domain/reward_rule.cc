#include "domain/reward_rule.h"

#include <algorithm>
#include <array>

#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::array<std::string_view, 2> kBeneficiaries = {"advocate", "referee"};
constexpr std::array<std::string_view, 5> kKinds = {"cash", "credit", "gift_card", "points", "custom"};

template <typename Enum, std::size_t N>
std::optional<Enum> ParseName(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Trims, lower-cases, sorts and de-duplicates `values`; an empty entry is an error at `field[i]`.
void NormalizeList(std::vector<std::string>& values, std::string_view field, std::vector<FieldError>& errors) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::string_view text = values[i];
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.empty()) errors.push_back({std::string(field) + "[" + std::to_string(i) + "]", "must not be empty"});
    values[i] = Lower(text);
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

bool Contains(const std::vector<std::string>& sorted, std::string_view value) {
  return std::binary_search(sorted.begin(), sorted.end(), value);
}

}  // namespace

std::string_view ToString(Beneficiary beneficiary) { return kBeneficiaries[static_cast<std::size_t>(beneficiary)]; }
std::optional<Beneficiary> ParseBeneficiary(std::string_view text) {
  return ParseName<Beneficiary>(kBeneficiaries, text);
}
std::string_view ToString(RewardKind kind) { return kKinds[static_cast<std::size_t>(kind)]; }
std::optional<RewardKind> ParseRewardKind(std::string_view text) { return ParseName<RewardKind>(kKinds, text); }

Status CheckRewardRule(RewardRule& rule) {
  std::vector<FieldError> errors;
  if (auto problem = CheckText(rule.name, kMaxRuleNameLength); !problem.empty()) errors.push_back({"name", problem});
  rule.name = std::string(Trim(rule.name));
  const RewardTrigger& trigger = rule.trigger;
  if (trigger.stage.has_value() == trigger.nth_won.has_value()) {
    errors.push_back({"trigger", "give exactly one of stage and nth_won"});
  }
  if (trigger.stage && (*trigger.stage == ReferralStage::kLost || *trigger.stage == ReferralStage::kRejected)) {
    errors.push_back({"trigger.stage", "rewards are earned on submitted, qualified, opportunity or won"});
  }
  if (trigger.nth_won && *trigger.nth_won < 1) errors.push_back({"trigger.nth_won", "must be 1 or more"});
  if (Status amount = CheckRewardAmount(rule.amount); !amount.ok()) {
    for (const auto& e : amount.error().fields()) errors.push_back(e);
  }
  if (rule.promotion) {
    if (Status promotion = CheckPromotion(*rule.promotion); !promotion.ok()) {
      for (const auto& e : promotion.error().fields()) errors.push_back(e);
    }
  }
  if (rule.cap) {
    if (!rule.cap->max_count && !rule.cap->max_minor) {
      errors.push_back({"cap", "give max_count, max_minor or both"});
    }
    if (rule.cap->max_count && (*rule.cap->max_count < 0 || *rule.cap->max_count > kMaxCapCount)) {
      errors.push_back({"cap.max_count", "must be between 0 and 1000000000"});
    }
    if (rule.cap->max_minor) {
      if (auto bad = CheckMinorAmount(*rule.cap->max_minor); !bad.empty()) errors.push_back({"cap.max_minor", bad});
    }
  }
  NormalizeList(rule.conditions.channels, "conditions.channels", errors);
  NormalizeList(rule.conditions.products, "conditions.products", errors);
  NormalizeList(rule.conditions.segment.tags, "conditions.segment.tags", errors);
  for (std::size_t i = 0; i < rule.conditions.segment.attributes.size(); ++i) {
    if (rule.conditions.segment.attributes[i].first.empty()) {
      errors.push_back({"conditions.segment.attributes[" + std::to_string(i) + "]", "needs an attribute name"});
    }
  }
  if (auto& committee = rule.conditions.committee) {
    std::sort(committee->roles.begin(), committee->roles.end());
    committee->roles.erase(std::unique(committee->roles.begin(), committee->roles.end()), committee->roles.end());
    if (committee->min_influences < 0 || committee->min_influences > kBuyingInfluences) {
      errors.push_back({"conditions.committee.min_influences",
                        "must be 0 to 4: how many of the four buying influences (economic, user, technical buyer, "
                        "coach) the committee must cover"});
    } else if (committee->roles.empty() && committee->min_influences == 0) {
      committee.reset();  // asks nothing
    } else if (rule.trigger.stage == ReferralStage::kSubmitted) {
      errors.push_back({"conditions.committee",
                        "a referral has no buying committee yet when it is submitted: use a rule on qualified, "
                        "opportunity or won"});
    }
  }
  if (!errors.empty()) return Error(ErrorCode::kInvalidArgument, "The reward rule is not valid.", std::move(errors));
  return Ok();
}

bool InSegment(const Segment& segment, const AdvocateProfile& advocate) {
  for (const auto& [key, value] : segment.attributes) {
    auto found = advocate.attributes.find(key);
    if (found == advocate.attributes.end() || found->second.text != value) return false;
  }
  return std::all_of(segment.tags.begin(), segment.tags.end(),
                     [&](const std::string& tag) { return Contains(advocate.tags, tag); });
}

bool CommitteeAllows(const CommitteeCondition& condition, const std::vector<CommitteeMember>& members) {
  auto held = [&](BuyingRole role) {
    return std::any_of(members.begin(), members.end(), [&](const CommitteeMember& m) {
      auto holds = [&](BuyingRole r) { return std::find(m.roles.begin(), m.roles.end(), r) != m.roles.end(); };
      if (role == BuyingRole::kCoach || role == BuyingRole::kChampion) {
        return holds(BuyingRole::kCoach) || holds(BuyingRole::kChampion);
      }
      return holds(role);
    });
  };
  if (!std::all_of(condition.roles.begin(), condition.roles.end(), held)) return false;
  return RolesCovered(members) >= condition.min_influences;
}

bool ConditionsAllow(const RewardConditions& conditions, const AdvocateProfile& advocate, std::string_view channel,
                     std::string_view product, const std::vector<CommitteeMember>& committee_members) {
  if (!conditions.channels.empty() && !Contains(conditions.channels, Lower(channel))) return false;
  if (!conditions.products.empty() && !Contains(conditions.products, Lower(product))) return false;
  if (conditions.committee && !CommitteeAllows(*conditions.committee, committee_members)) return false;
  return InSegment(conditions.segment, advocate);
}

bool AnyCommitteeCondition(const std::vector<RewardRule>& rules) {
  return std::any_of(rules.begin(), rules.end(),
                     [](const RewardRule& r) { return r.conditions.committee.has_value(); });
}

bool TriggerFires(const RewardTrigger& trigger, const std::vector<ReferralStage>& reached, std::int64_t won_count) {
  if (trigger.stage) return std::find(reached.begin(), reached.end(), *trigger.stage) != reached.end();
  if (trigger.nth_won) {
    bool won_now = std::find(reached.begin(), reached.end(), ReferralStage::kWon) != reached.end();
    return won_now && won_count == *trigger.nth_won;
  }
  return false;
}

std::string TriggerKey(const RewardTrigger& trigger) {
  if (trigger.stage) return "stage:" + std::string(ToString(*trigger.stage));
  return "nth_won:" + std::to_string(trigger.nth_won.value_or(0));
}

std::optional<std::string> CapRefusal(const RewardCap& cap, std::int64_t count_in_period, Int128 total_in_period,
                                      std::int64_t amount) {
  std::string period(ToString(cap.period));
  if (cap.max_count && Int128{count_in_period} + 1 > *cap.max_count) {
    return "the cap of " + std::to_string(*cap.max_count) + " rewards per " + period + " is reached";
  }
  if (cap.max_minor && total_in_period + amount > *cap.max_minor) {
    return "the cap of " + std::to_string(*cap.max_minor) + " (minor units) per " + period +
           " would be exceeded: " + ToDecimal(total_in_period) + " already given, " + std::to_string(amount) + " more";
  }
  return std::nullopt;
}

}  // namespace bb::domain

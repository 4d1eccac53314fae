#include "domain/buying_committee.h"

#include <algorithm>
#include <array>
#include <set>

#include "domain/contact.h"
#include "domain/personality.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::array<std::string_view, 10> kRoles = {
    "economic_buyer", "user_buyer", "technical_buyer",   "coach",     "champion",
    "decision_maker", "influencer", "executive_sponsor", "evaluator", "other"};
constexpr std::array<std::string_view, 4> kModes = {"growth", "trouble", "even_keel", "overconfident"};

template <typename Enum, std::size_t N>
std::optional<Enum> ParseName(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

// The influence a role counts as (coach and champion are one), or nullopt for the other roles.
std::optional<BuyingRole> InfluenceOf(BuyingRole role) {
  switch (role) {
    case BuyingRole::kEconomicBuyer:
    case BuyingRole::kUserBuyer:
    case BuyingRole::kTechnicalBuyer:
    case BuyingRole::kCoach: return role;
    case BuyingRole::kChampion: return BuyingRole::kCoach;
    default: return std::nullopt;
  }
}

std::set<BuyingRole> InfluencesHeld(const std::vector<CommitteeMember>& members) {
  std::set<BuyingRole> held;
  for (const auto& member : members) {
    for (auto role : member.roles) {
      if (auto influence = InfluenceOf(role)) held.insert(*influence);
    }
  }
  return held;
}

CommitteeMember RefereeMember(const Referee& referee) {
  CommitteeMember member;
  member.email = referee.email;
  member.email_key = referee.email_key;
  member.first_name = referee.first_name;
  member.last_name = referee.last_name;
  member.title = referee.title;
  member.referee = true;
  return member;
}

// The member from `input`, its errors appended under `field` ("members[1]").
CommitteeMember BuildMember(const CommitteeMemberInput& input, const std::string& field,
                            std::vector<FieldError>& errors) {
  CommitteeMember member;
  auto text = [&](const std::optional<std::string>& value, std::string_view name, std::size_t max_length, bool required,
                  std::string& out) {
    std::string path = field + "." + std::string(name);
    if (!value) {
      if (required) errors.push_back({path, "is required"});
      return;
    }
    std::string_view trimmed = Trim(*value);
    if (std::string problem = CheckText(trimmed, max_length, !required); !problem.empty()) {
      errors.push_back({path, problem});
      return;
    }
    out = std::string(trimmed);
  };
  if (!input.email) {
    errors.push_back({field + ".email", "is required"});
  } else if (std::string problem = CheckEmail(Trim(*input.email)); !problem.empty()) {
    errors.push_back({field + ".email", problem});
  } else {
    member.email = std::string(Trim(*input.email));
    member.email_key = EmailMatchKey(member.email);
  }
  text(input.first_name, "first_name", kMaxPersonNameLength, true, member.first_name);
  text(input.last_name, "last_name", kMaxPersonNameLength, false, member.last_name);
  text(input.title, "title", kMaxTitleLength, false, member.title);
  if (input.roles && input.roles->size() > kRoles.size()) {
    // Refused before each role is checked, however many there are.
    errors.push_back({field + ".roles", "must have at most " + std::to_string(kRoles.size()) + " roles"});
  } else if (input.roles) {
    for (std::size_t i = 0; i < input.roles->size(); ++i) {
      auto role = ParseBuyingRole((*input.roles)[i]);
      if (!role) {
        errors.push_back({field + ".roles[" + std::to_string(i) + "]",
                          "must be one of economic_buyer, user_buyer, technical_buyer, coach, champion, "
                          "decision_maker, influencer, executive_sponsor, evaluator, other"});
      } else if (std::find(member.roles.begin(), member.roles.end(), *role) == member.roles.end()) {
        member.roles.push_back(*role);
      }
    }
    std::sort(member.roles.begin(), member.roles.end());
  }
  member.primary = input.primary.value_or(false);
  if (input.response_mode) {
    member.response_mode = ParseResponseMode(*input.response_mode);
    if (!member.response_mode) {
      errors.push_back({field + ".response_mode", "must be growth, trouble, even_keel or overconfident"});
    }
  }
  if (input.attributes) {
    CheckAttributeChanges(*input.attributes, field + ".attributes", errors);
    for (const auto& [key, value] : *input.attributes) {
      if (value) member.attributes[key] = *value;
    }
    CheckReservedAttributes(*input.attributes, member.attributes, field + ".attributes.", errors);
  }
  return member;
}

}  // namespace

std::string_view ToString(BuyingRole role) { return kRoles[static_cast<std::size_t>(role)]; }
std::optional<BuyingRole> ParseBuyingRole(std::string_view text) { return ParseName<BuyingRole>(kRoles, text); }
std::string_view ToString(ResponseMode mode) { return kModes[static_cast<std::size_t>(mode)]; }
std::optional<ResponseMode> ParseResponseMode(std::string_view text) { return ParseName<ResponseMode>(kModes, text); }

Result<std::vector<CommitteeMember>> BuildCommitteeMembers(const std::vector<CommitteeMemberInput>& inputs,
                                                           const Referral& referral) {
  std::vector<FieldError> errors;
  if (inputs.size() > kMaxCommitteeMembers) {
    errors.push_back({"members", "must have at most " + std::to_string(kMaxCommitteeMembers) + " members"});
    return Error::Invalid(std::move(errors));
  }
  std::vector<CommitteeMember> members;
  std::set<std::string> keys;
  bool has_primary = false;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string field = "members[" + std::to_string(i) + "]";
    CommitteeMember member = BuildMember(inputs[i], field, errors);
    if (!member.email_key.empty() && !keys.insert(member.email_key).second) {
      errors.push_back({field + ".email", "names a person already in the committee"});
    }
    if (member.primary && has_primary) {
      errors.push_back({field + ".primary", "only one member may be the primary contact"});
    }
    has_primary = has_primary || member.primary;
    member.referee = !member.email_key.empty() && member.email_key == referral.referee.email_key;
    members.push_back(std::move(member));
  }
  if (!errors.empty()) return Error(ErrorCode::kInvalidArgument, "The buying committee is not valid.", errors);
  if (std::none_of(members.begin(), members.end(), [](const CommitteeMember& m) { return m.referee; })) {
    if (members.size() == kMaxCommitteeMembers) {
      return Error::Invalid({{"members", "must leave room for the referee, who is always a member"}});
    }
    members.insert(members.begin(), RefereeMember(referral.referee));
  }
  if (!has_primary) {
    for (auto& member : members) member.primary = member.referee;
  }
  return members;
}

BuyingCommittee DefaultCommittee(const Referral& referral) {
  BuyingCommittee committee;
  committee.program_id = referral.program_id;
  committee.referral_id = referral.id;
  CommitteeMember referee = RefereeMember(referral.referee);
  referee.primary = true;
  committee.members.push_back(std::move(referee));
  return committee;
}

std::int64_t RolesCovered(const std::vector<CommitteeMember>& members) {
  return static_cast<std::int64_t>(InfluencesHeld(members).size());
}

std::vector<std::string> RolesMissing(const std::vector<CommitteeMember>& members) {
  std::set<BuyingRole> held = InfluencesHeld(members);
  std::vector<std::string> missing;
  for (auto role :
       {BuyingRole::kEconomicBuyer, BuyingRole::kUserBuyer, BuyingRole::kTechnicalBuyer, BuyingRole::kCoach}) {
    if (!held.contains(role)) missing.emplace_back(ToString(role));
  }
  return missing;
}

bool SameMembers(std::vector<CommitteeMember> a, std::vector<CommitteeMember> b) {
  auto by_key = [](const CommitteeMember& x, const CommitteeMember& y) { return x.email_key < y.email_key; };
  std::sort(a.begin(), a.end(), by_key);
  std::sort(b.begin(), b.end(), by_key);
  return a == b;
}

const CommitteeMember* PrimaryMember(const std::vector<CommitteeMember>& members) {
  for (const auto& member : members) {
    if (member.primary) return &member;
  }
  return nullptr;
}

}  // namespace bb::domain

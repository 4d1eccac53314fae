#pragma once
// The buying committee of a referral: the people of the referred company who take part in the
// purchase, each with the buying roles they hold on this deal (research/intelligence.md §7; Miller
// Heiman's buying influences are per sales objective, not per person, so roles live here and not
// on the person), one of them the primary contact, and their personality attributes
// (domain/personality.h). The referee is always a member. Pure rules, no I/O.
//
// A committee is recorded as a whole, in versions (1, 2, ...), never changed once written; a
// referral without a recorded one has the referee alone, as the primary contact, with no role.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"
#include "domain/referral.h"

namespace bb::domain {

// The four buying influences of Strategic Selling (coach and champion are one influence), then the
// roles CRMs also name (Salesforce's OpportunityContactRole picklists).
enum class BuyingRole {
  kEconomicBuyer,
  kUserBuyer,
  kTechnicalBuyer,
  kCoach,
  kChampion,
  kDecisionMaker,
  kInfluencer,
  kExecutiveSponsor,
  kEvaluator,
  kOther
};
// How a member sees the purchase (Strategic Selling's response modes).
enum class ResponseMode { kGrowth, kTrouble, kEvenKeel, kOverconfident };

std::string_view ToString(BuyingRole role);
std::optional<BuyingRole> ParseBuyingRole(std::string_view text);
std::string_view ToString(ResponseMode mode);
std::optional<ResponseMode> ParseResponseMode(std::string_view text);

inline constexpr std::size_t kMaxCommitteeMembers = 25;
// The four buying influences a committee can cover.
inline constexpr std::int64_t kBuyingInfluences = 4;

struct CommitteeMember {
  std::string email;      // as given, trimmed
  std::string email_key;  // EmailMatchKey: how members (and the referee) are told apart
  std::string first_name;
  std::string last_name;
  std::string title;
  std::vector<BuyingRole> roles;  // in the order of BuyingRole, without repeats; at most 10 given
  bool primary = false;
  std::optional<ResponseMode> response_mode;
  Attributes attributes;  // the reserved keys of domain/personality.h are valid
  bool referee = false;   // the referral's referee
  friend bool operator==(const CommitteeMember&, const CommitteeMember&) = default;
};

struct BuyingCommittee {
  std::string id;
  std::string program_id;
  std::string referral_id;
  std::int64_t version = 0;  // 0: none recorded, the referee alone
  std::vector<CommitteeMember> members;
  Timestamp recorded_at{};
  std::string recorded_by;  // the user or API key
};

// A member as a client sent it; absent fields are nullopt.
struct CommitteeMemberInput {
  std::optional<std::string> email;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> title;
  std::optional<std::vector<std::string>> roles;
  std::optional<bool> primary;
  std::optional<std::string> response_mode;
  std::optional<std::map<std::string, std::optional<AttributeValue>>> attributes;
};

// The members of `referral`'s committee from `inputs`, in the order given. Each member needs an
// email (unique within the committee by EmailMatchKey) and a first name; names, title, roles,
// response mode and attributes are checked as the referee's and an advocate's are. At most one
// member is primary. The referee is marked; when no member is the referee, the referee is added
// first, with no role. When no member is primary, the referee is. Fails with kInvalidArgument
// naming each bad field ("members[1].roles[0]", "members[2].attributes.disc_primary", "members").
Result<std::vector<CommitteeMember>> BuildCommitteeMembers(const std::vector<CommitteeMemberInput>& inputs,
                                                           const Referral& referral);

// The committee of a referral with none recorded: the referee alone, primary, without role.
BuyingCommittee DefaultCommittee(const Referral& referral);

// How many of the four buying influences (economic, user and technical buyer, coach or champion)
// the members hold between them: 0..4.
std::int64_t RolesCovered(const std::vector<CommitteeMember>& members);
// The influences none of the members holds, in the order above ("economic_buyer", "user_buyer",
// "technical_buyer", "coach").
std::vector<std::string> RolesMissing(const std::vector<CommitteeMember>& members);

// Whether `a` and `b` are the same people with the same details, in whatever order.
bool SameMembers(std::vector<CommitteeMember> a, std::vector<CommitteeMember> b);

// The primary member (every committee built here has exactly one); nullptr when there is none.
const CommitteeMember* PrimaryMember(const std::vector<CommitteeMember>& members);

}  // namespace bb::domain

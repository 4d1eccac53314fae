#pragma once
// Reward rules: when a referral earns a reward, for whom, how much, and within which limits.
// Evaluated on every stage move; pure rules, no I/O.
//
// A rule fires on a stage being reached ({"stage": "won"}) or on the advocate's Nth won referral
// in the program ({"nth_won": 3}, for tiers). It applies only to referrals whose advocate is in
// its segment and whose channel and product are among its lists (empty lists allow any). A cap
// limits one advocate's rewards from the rule per calendar period, in count and/or money: a reward
// that would break it is not created, and the refusal says why.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/checked_math.h"
#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"
#include "domain/buying_committee.h"
#include "domain/referral_stage.h"
#include "domain/reward_amount.h"

namespace bb::domain {

enum class Beneficiary { kAdvocate, kReferee };
enum class RewardKind { kCash, kCredit, kGiftCard, kPoints, kCustom };

std::string_view ToString(Beneficiary beneficiary);
std::optional<Beneficiary> ParseBeneficiary(std::string_view text);
std::string_view ToString(RewardKind kind);
std::optional<RewardKind> ParseRewardKind(std::string_view text);

// Exactly one of the two is set.
struct RewardTrigger {
  std::optional<ReferralStage> stage;
  std::optional<std::int64_t> nth_won;
};

// Advocates whose attributes have all these values (compared as text) and who carry all these
// tags (lower-case). Empty: every advocate.
struct Segment {
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<std::string> tags;
};

// A condition on the referral's buying committee as recorded when the reward is earned (the
// latest version recorded by the move's instant; the referee alone, without role, when none was):
// its members hold every role of `roles` between them (coach and champion are one influence: either
// meets the other), and cover at least `min_influences` of the four buying influences. Only roles
// are conditions, not personality: erasing a person's personality must never change what the
// ledger should hold.
struct CommitteeCondition {
  std::vector<BuyingRole> roles;    // in BuyingRole order, without repeats
  std::int64_t min_influences = 0;  // 0..kBuyingInfluences
  friend bool operator==(const CommitteeCondition&, const CommitteeCondition&) = default;
};

struct RewardConditions {
  Segment segment;
  std::vector<std::string> channels;            // lower-case; empty: any channel
  std::vector<std::string> products;            // lower-case; empty: any product
  std::optional<CommitteeCondition> committee;  // nullopt: any committee
};

// At least one of the two limits is set.
struct RewardCap {
  CapPeriod period = CapPeriod::kMonth;
  std::optional<std::int64_t> max_count;
  std::optional<std::int64_t> max_minor;
};

inline constexpr std::size_t kMaxRuleNameLength = 200;
inline constexpr std::int64_t kMaxCapCount = 1'000'000'000;

struct RewardRule {
  std::string id;
  std::string program_id;
  std::string name;
  RewardTrigger trigger;
  Beneficiary beneficiary = Beneficiary::kAdvocate;
  RewardAmount amount;
  RewardKind kind = RewardKind::kCash;
  bool requires_approval = true;
  RewardConditions conditions;
  std::optional<RewardCap> cap;
  std::optional<Promotion> promotion;
  // Rules never change once created (so that the ledger can be recomputed); a rule is retired
  // instead, and a new one created.
  Timestamp created_at;
  std::optional<Timestamp> retired_at;

  // True when the rule applies to moves at `at`: created at or before, not retired by then.
  bool ActiveAt(Timestamp at) const { return created_at <= at && (!retired_at || at < *retired_at); }
};

// Checks a rule as a client defined it; lower-cases and sorts its channel, product and tag lists.
// Fails with kInvalidArgument naming each bad field ("trigger.stage", "cap.max_count", ...):
// a name; exactly one trigger, a stage that can earn (submitted, qualified, opportunity, won) or
// nth_won >= 1; a valid amount and promotion; a cap with at least one limit (max_count 0 ..=
// kMaxCapCount, max_minor 0 ..= kMaxMinorAmount); a committee condition's min_influences 0 ..=
// kBuyingInfluences, and none on a submitted trigger (a referral has no committee then); one that
// asks nothing, no roles and 0, becomes none; its roles are sorted.
Status CheckRewardRule(RewardRule& rule);

// True when an advocate with `profile` is in `segment`.
bool InSegment(const Segment& segment, const AdvocateProfile& profile);

// True when `members` (a referral's committee) meet `condition`.
bool CommitteeAllows(const CommitteeCondition& condition, const std::vector<CommitteeMember>& members);

// True when the rule's conditions allow a referral by an advocate with `profile` through
// `channel` for `product`, whose committee has `committee_members` when the reward is earned.
bool ConditionsAllow(const RewardConditions& conditions, const AdvocateProfile& profile, std::string_view channel,
                     std::string_view product, const std::vector<CommitteeMember>& committee_members);

// Whether any of `rules` has a committee condition (only then need callers read the committee).
bool AnyCommitteeCondition(const std::vector<RewardRule>& rules);

// True when a move that reached `reached` (see PlanStageMove) fires `trigger`; `won_count` is the
// advocate's number of won referrals in the program including this move's.
bool TriggerFires(const RewardTrigger& trigger, const std::vector<ReferralStage>& reached, std::int64_t won_count);

// The trigger's part of a reward's uniqueness key: "stage:won", "nth_won:3".
std::string TriggerKey(const RewardTrigger& trigger);

// Why a reward of `amount` would break `cap`, given the advocate's rewards from the same rule
// already in the period (how many, and their total), or nullopt when it fits.
std::optional<std::string> CapRefusal(const RewardCap& cap, std::int64_t count_in_period, Int128 total_in_period,
                                      std::int64_t amount);

}  // namespace bb::domain

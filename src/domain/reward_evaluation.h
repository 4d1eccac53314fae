#pragma once
// Which rewards a referral earns when it moves: the program's rules evaluated against a stage move
// (or against a review clearing a held referral). Pure rules: the caller supplies what the ledger
// already holds through LedgerLookups, and writes the outcome. The service runs this on every move;
// `bluebird ledger verify` runs it again over the recorded histories and must get the same ledger.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/buying_committee.h"
#include "domain/credit_split.h"
#include "domain/referral.h"
#include "domain/reward.h"
#include "domain/reward_rule.h"

namespace bb::domain {

struct EvaluationInput {
  const Referral* referral = nullptr;  // as it is after the move
  // The stages the move reached (see PlanStageMove); for a referral just cleared by review, every
  // stage its history reached so far.
  std::vector<ReferralStage> reached;
  // The advocate's won referrals in the program that are clear, this one included.
  std::int64_t won_count = 0;
  Timestamp at;
  std::string currency;
  // The credit recorded at the referral's win (domain/credit_split.h), or nullptr for none: the
  // advocate rules of the won stage then pay each credited advocate their share (a split), or
  // nothing (a join: the deal was credited at another referral's win).
  const ReferralCredit* credit = nullptr;
  // The referral's committee as recorded by `at` (its latest version then), or nullptr for none
  // (the referee alone): what committee conditions read. Needed only when a rule has one
  // (AnyCommitteeCondition).
  const BuyingCommittee* committee = nullptr;
};

// An advocate's rewards from one rule within a cap period: the grants (corrections restate a grant
// and do not count again), reversed ones included.
struct CapUsage {
  std::int64_t count = 0;
  Int128 total_minor = 0;  // exact whatever the number of rewards
};

// What the evaluation needs to know about the ledger. Either may fail (a storage error), which
// fails the evaluation.
struct LedgerLookups {
  // Whether the reward with this uniqueness key exists.
  std::function<Result<bool>(const RewardRule& rule, const Reward& candidate)> exists;
  // The rewards from `rule` of `advocate_id` (the advocate a reward would pay) created within
  // `period`.
  std::function<Result<CapUsage>(const RewardRule& rule, std::string_view advocate_id, const PeriodBounds& period)>
      usage;
};

// One rule's outcome: a reward to create (id, times and status left for the caller), or the
// reason it was withheld (a cap, a percentage with no deal value, or an amount above
// kMaxMinorAmount).
struct RewardOutcome {
  std::string rule_id;
  std::optional<Reward> reward;
  std::string withheld;  // set when `reward` is not
};

// The outcomes of the rules active at `input.at` whose trigger fires and whose conditions allow
// the referral, in rule order; a rule whose reward exists already gives no outcome. Nothing for a
// referral under review (held or duplicate). A rule that SharesCredit under a split gives one
// outcome per credited advocate, in the order of the shares: their part of the amount (SplitAmount;
// a part of 0 gives nothing, a share taken back nothing either), under SharedTriggerKey, each
// within that advocate's own cap.
Result<std::vector<RewardOutcome>> EvaluateRewards(const std::vector<RewardRule>& rules, const EvaluationInput& input,
                                                   const LedgerLookups& ledger);

// Whether a recorded credit divides `rule`'s rewards: an advocate rule firing on the won stage.
bool SharesCredit(const RewardRule& rule);

// The advocate whose share a `withheld` reason (RewardOutcome::withheld, kept as a reward_withheld
// history entry's note) is about, when it is a share of a split credit; "" otherwise.
std::string WithheldShareAdvocate(std::string_view withheld);

}  // namespace bb::domain

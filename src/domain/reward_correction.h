#pragma once
// A won deal's value corrected after the fact (CRMs change amounts after a deal closes): what the
// referral's percent-of-deal rewards become. Pure rules, no I/O; the service applies the plan in
// one transaction and `bluebird ledger verify` runs the same plan again over the history.
//
// Each grant of a percentage rule and the entries earlier corrections made for it form a chain.
// For every chain, the correction computes what the rule gives at the new value (the percentage,
// floor and ceiling, and the promotion as it applied when the referral's win counted, which is when
// its grants were made; caps are not applied again: they limit grants when they are made, and a
// correction restates a grant already made). Then:
// - the chain's entries not yet paid (pending or approved) are reversed;
// - if nothing of the chain was paid, a reissue carries the new amount;
// - otherwise an adjustment carries the difference between the new amount and what was paid
//   (negative when the advocate was paid too much).
// So what the advocate is owed for the chain equals what the rules give for the new value. A
// chain with an entry taken back (see TakenBack) is left alone, and says so: a correction never
// undoes a clawback. An adjustment reversed before it was paid (a raise declined, a debt forgiven)
// only stops counting: later corrections go on from what was paid.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/clock.h"
#include "domain/credit_split.h"
#include "domain/referral.h"
#include "domain/reward.h"
#include "domain/reward_rule.h"

namespace bb::domain {

// Whether `entry` was taken back: reversed by staff, churn or a rejection (not superseded by a
// correction), being the reward itself (a grant or reissue) or money already paid.
bool TakenBack(const Reward& entry);

struct CorrectionPlan {
  std::vector<std::string> reverse;   // ids of the entries to reverse (not yet paid)
  std::vector<Reward> create;         // reissues and adjustments to add (ids unset)
  std::vector<std::string> withheld;  // chains left as they are, and why (taken back, an amount out of range)
};

// `referral` carries the new deal value; `entries` are the referral's rewards as they stand (every
// entry of every chain, statuses as of now); `correction` is this correction's number (1 for the
// referral's first), made at `at`; `won_at` is when the referral's win counted (store::WinCount);
// `reason` is said on every entry reversed or created. Rules missing from `rules` (by id) leave
// their chains alone. With `credit` (the split recorded at the win, or nullptr), the chain of a
// credited advocate's share of a rule that SharesCredit targets that advocate's part of the new
// amount (SplitAmount), so that the shares restated add up to what the rule gives; a share taken
// back (its touch rejected) is left as it is.
CorrectionPlan PlanDealValueCorrection(const std::map<std::string, const RewardRule*>& rules, const Referral& referral,
                                       const std::vector<Reward>& entries, std::int64_t correction, Timestamp at,
                                       Timestamp won_at, const std::string& reason,
                                       const ReferralCredit* credit = nullptr);

// The ids of the entries of `member`'s chain (its grant, and the reissues and adjustments made for
// it) other than `member` that are not yet paid (pending or approved), among `entries` (the
// referral's). Taking one entry of a chain back takes these back with it: a reward is taken back
// whole, never leaving a reissue or adjustment owed on a grant that is gone.
std::vector<std::string> UnpaidRestOfChain(const std::vector<Reward>& entries, const Reward& member);

}  // namespace bb::domain

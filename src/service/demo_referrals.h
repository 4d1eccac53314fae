#pragma once
// The demo's referral business, added by `bluebird demo` inside its transaction: reward rules per
// program, and some of each advocate's clicks turned into referrals that moved along the pipeline
// in the weeks after, earning rewards from the rules the way stage moves do (RewardEngine) and moving
// the people referred through the program's lifecycle (LifecycleMover), so
// that `bluebird ledger verify` finds the demo's ledger right. The rules are order-independent
// (fixed or percentage amounts, no tiers or caps), because referrals are written one by one, not
// in time order.

#include <random>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"
#include "domain/click.h"
#include "domain/program.h"
#include "service/id_generator.h"
#include "service/lifecycle_mover.h"
#include "service/reward_engine.h"
#include "store/store.h"

namespace bb::service {

struct DemoReferrals {
  store::Tx& tx;
  IdGenerator& ids;
  ManualClock& past;  // the clock `ids` reads: set to each step's time before ids are made
  const RewardEngine& engine;
  const LifecycleMover& lifecycle;  // the referred people move through the program's lifecycle
  std::mt19937& rng;
  Timestamp now;
  int referrals = 0;  // made so far, also numbering the referees' addresses
  int won = 0;

  // The program's demo rules, created at `at`.
  Status AddRules(const domain::Program& program, Timestamp at);
  // Referrals from some of `clicks` (the advocate's, oldest first), each moved along the pipeline.
  Status AddReferrals(const domain::Program& program, const domain::Advocate& advocate,
                      const std::vector<domain::Click>& clicks);
  // Approves and pays, two weeks after they were earned, the rewards earned more than three weeks
  // before `now` (a monthly payout run), so the ledger shows rewards at every status.
  Status PayOldRewards();
  // The business's customers and new revenue for each whole month of `program` before `now`, as
  // staff would enter them: the referred customers' figures plus those of the other customers.
  Status AddCustomerTotals(const domain::Program& program);

 private:
  Status Move(const domain::Program& program, domain::Referral& referral, domain::ReferralStage to, Timestamp at);
  // The engagement events of `referral`'s person between the click at `clicked` and the submission.
  Status AddEngagement(const domain::Program& program, const domain::Referral& referral, Timestamp clicked, bool buys);
  // Some won customers leave months later, after the program's reversal window (no reward changes).
  Status MaybeChurn(const domain::Program& program, const domain::Referral& referral, Timestamp won_at);
};

}  // namespace bb::service

#pragma once
// Runs the program's reward rules inside a write transaction and writes what they give: each
// reward with its "created" ledger event, and a "reward_withheld" history entry on the referral
// for each reward a cap or a missing deal value stopped; and the points the stages earn
// (service/points_ledger.h). Used by every use case that moves a
// referral or clears its review. Thread-safe (no state of its own).

#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/referral.h"
#include "domain/reward_evaluation.h"
#include "service/credit_recorder.h"
#include "service/event_publisher.h"
#include "service/id_generator.h"
#include "service/points_ledger.h"
#include "store/store.h"

namespace bb::service {

// Who created rewards that stage moves gave (recorded as the actor of their first ledger event).
inline constexpr std::string_view kSystemActor = "system";

class RewardEngine {
 public:
  RewardEngine(const IdGenerator& ids, const EventPublisher& events)
      : ids_(ids), events_(events), points_(ids), credits_(ids) {}

  // Evaluates the rules of `referral`'s program for a move that reached `reached` at `at` (see
  // domain::EvaluateRewards) and writes the outcome in `tx`, with the points the stages earn. A reward whose uniqueness
  // key exists is skipped; one created concurrently by another process fails the insert (kConflict on "key") and is
  // skipped too. A move that makes the referral's win count records its credit first when the
  // program has a credit policy (service/credit_recorder.h), and the won-stage advocate rules pay
  // by it. Returns the rewards created. `currency` is the program's.
  Result<std::vector<domain::Reward>> Apply(store::Tx& tx, const domain::Referral& referral,
                                            const std::vector<domain::ReferralStage>& reached, Timestamp at,
                                            std::string_view currency) const;

  // The credit recorded at `referral`'s win as it stands now (CreditRecorder::Recorded).
  Result<std::optional<domain::ReferralCredit>> CreditOf(store::Queries& q, const domain::Referral& referral) const {
    return credits_.Recorded(q, referral);
  }

  // For deal value correction number `correction` of `referral` (carrying the corrected value),
  // written at `now`: the percentage rules that fired when the referral's win counted (`win`, which
  // reached `reached`) but have no grant — withheld then for want of a usable deal value, or by a
  // cap the old amount did not fit — evaluated again as of the win (rules active then, the win's
  // rank, promotions and cap periods of then) at the corrected value. What they give is granted
  // as of the win (dated `win.at`, so that caps and the dashboard count it there) and written now,
  // its first ledger event marked with the correction; what they still withhold is not said again.
  // Shared as the credit recorded at the win was, shares taken back since left out.
  // Returns the grants created.
  Result<std::vector<domain::Reward>> GrantAtCorrectedValue(store::Tx& tx, const domain::Referral& referral,
                                                            const store::WinCount& win,
                                                            const std::vector<domain::ReferralStage>& reached,
                                                            std::string_view currency, std::int64_t correction,
                                                            Timestamp now) const;

 private:
  // Evaluates `rules` for `input` and writes the outcome, written at `written_at` (see Apply);
  // withheld outcomes are said in the history when `say_withheld`.
  Result<std::vector<domain::Reward>> EvaluateAndWrite(store::Tx& tx, const std::vector<domain::RewardRule>& rules,
                                                       const domain::EvaluationInput& input, Timestamp written_at,
                                                       std::int64_t correction, bool say_withheld) const;

  const IdGenerator& ids_;
  const EventPublisher& events_;
  PointsLedger points_;
  CreditRecorder credits_;
};

// The stages `history` (a referral's events, oldest first) has reached so far, in pipeline order,
// without repeats: what a referral cleared by review is evaluated against.
std::vector<domain::ReferralStage> StagesReached(const std::vector<domain::ReferralEvent>& history);

}  // namespace bb::service

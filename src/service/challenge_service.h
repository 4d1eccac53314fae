#pragma once
// Challenges (domain/challenge.h) as staff and advocates use them: admins and managers keep each
// program's challenges (every staff role reads them); advocates see the open ones offered to them in
// the portal and claim the steps staff approve (a review, an event, a custom task); staff approve or
// reject claims, or record a step for an advocate at once. Steps done by events complete in the
// events' own transactions (service::PointsLedger::CompleteChallengeSteps); CreditShares completes
// share steps from the clicks people made on advocates' links. A completion and its points move in
// one transaction, each exactly once. Thread-safe (no state of its own).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/challenge.h"
#include "service/actor_names.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/paging.h"
#include "service/points_ledger.h"
#include "store/store.h"

namespace bb::service {

// A challenge with, for each step, how many completions count toward its limits (pending and
// approved).
struct ChallengeEntry {
  domain::Challenge challenge;
  std::vector<std::int64_t> taken;
};

// A step as the signed-in advocate sees it.
struct PortalStep {
  std::string words;         // domain::StepInWords
  bool claimed = false;      // the advocate claims it (staff approve); else it is done by itself
  std::int64_t done = 0;     // their completions approved
  std::int64_t pending = 0;  // waiting for staff
  std::string why_not;       // why they cannot do it (again) now; "" when they can
};

struct PortalChallenge {
  domain::Challenge challenge;
  std::vector<PortalStep> steps;
};

// What completions are shown with: the names of their advocates, deciders and challenges by id
// (for an advocate: the challenges' only), and their steps in the advocate's words by completion id.
struct CompletionLabels {
  ActorNames names;
  std::map<std::string, std::string, std::less<>> words;
};

struct PortalChallenges {
  std::vector<PortalChallenge> open;                // open and offered to them, oldest first
  std::vector<domain::ChallengeCompletion> recent;  // their latest completions, newest first
  CompletionLabels labels;
};

struct NamedCompletion {
  domain::ChallengeCompletion completion;
  CompletionLabels labels;
};

struct CompletionPage {
  PageOf<domain::ChallengeCompletion> completions;
  CompletionLabels labels;
};

enum class CompletionDecision { kApprove, kReject };

class ChallengeService {
 public:
  ChallengeService(store::Store& store, const Clock& clock, const IdGenerator& ids, const Idempotency& idempotency)
      : store_(store), clock_(clock), ids_(ids), idempotency_(idempotency), points_(ids) {}

  // The program's challenges (retired ones with `include_retired`), newest first. Every staff
  // role; kNotFound for a program that does not exist.
  Result<std::vector<ChallengeEntry>> List(const domain::Actor& actor, std::string_view program_id,
                                           bool include_retired);
  Result<ChallengeEntry> Get(const domain::Actor& actor, std::string_view id);
  // Admins and managers; kInvalidArgument naming each bad field; kConflict for an archived
  // program's, or for new steps once someone completed one. Audited challenge.created /
  // challenge.changed (a change that changes nothing writes nothing).
  Result<ChallengeEntry> Create(const domain::Actor& actor, std::string_view program_id,
                                const domain::ChallengeInput& input, const Idempotent<ChallengeEntry>& idempotent);
  Result<ChallengeEntry> Update(const domain::Actor& actor, std::string_view id, const domain::ChallengeInput& input);

  // The signed-in advocate's open challenges and their latest completions. kConflict when the
  // program's points are off.
  Result<PortalChallenges> Portal(const domain::Actor& actor);
  // The signed-in advocate claims step `step` of `challenge_id` (a review, an event, a custom
  // task): pending until staff decide. kNotFound for another program's challenge; kConflict when
  // points are off or it cannot be done now (domain::WhyNotCompletable); kInvalidArgument naming
  // "step", "url" or "text".
  // (The labels name the challenge and the step only.)
  Result<NamedCompletion> Claim(const domain::Actor& actor, std::string_view challenge_id, std::int64_t step,
                                const domain::ClaimInput& input, const Idempotent<NamedCompletion>& idempotent);
  // Admins and managers record that `advocate_id` did a claimed step: approved at once, its points
  // written. Same refusals as Claim (kNotFound also for an advocate of another program). Audited
  // challenge.step_recorded.
  Result<NamedCompletion> Record(const domain::Actor& actor, std::string_view challenge_id,
                                 std::string_view advocate_id, std::int64_t step, const domain::ClaimInput& input,
                                 const Idempotent<NamedCompletion>& idempotent);
  // Staff who may read rewards (sales reps: their own advocates'), or the signed-in advocate (their
  // own).
  Result<CompletionPage> ListCompletions(const domain::Actor& actor, store::CompletionQuery query, const Page& page);
  // Admins and managers approve a pending completion (its points are written, earned now; a claim
  // made while the challenge was open may be approved after it ended or was retired) or reject it
  // with `note` (required: kInvalidArgument naming "note"); kConflict when it is not pending, the
  // program is archived, or (approving) its points are off. Audited challenge.step_approved / challenge.step_rejected.
  Result<NamedCompletion> Decide(const domain::Actor& actor, std::string_view id, CompletionDecision decision,
                                 std::string_view note, const Idempotent<NamedCompletion>& idempotent);

  // Completes share steps from the clicks people (not bots, not the advocate themselves) made on
  // advocates' links since each open share challenge began, up to `batch` clicks per challenge,
  // reading only clicks older than kShareSettleTime (so a click still being written is not passed
  // by), up to kShareCatchUp after a challenge's end. Each challenge keeps where it got to; a step counts once per
  // advocate whoever runs this, one instance or several. Returns the clicks read.
  Result<int> CreditShares(int batch);

 private:
  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const Idempotency& idempotency_;
  PointsLedger points_;
};

// How old a click must be before the share sweep reads it.
inline constexpr auto kShareSettleTime = std::chrono::minutes(2);
// How long after a challenge's end the sweep still reads the clicks made before it (an instance
// that was down at the end catches up within this).
inline constexpr auto kShareCatchUp = std::chrono::days(7);

}  // namespace bb::service

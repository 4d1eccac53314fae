#pragma once
// Use cases for referrals: submission from every channel (the portal, a sales rep, the program's
// public landing-page form, the API) with the review checks; reading, listing and the review queue;
// stage moves with reward-rule evaluation; a manager's review decision; a customer's churn, which
// reverses recent rewards. Every method checks the actor's right to the referral's advocate.
// Thread-safe.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/referral.h"
#include "service/account_credit.h"
#include "service/actor_names.h"
#include "service/event_publisher.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/lifecycle_mover.h"
#include "service/points_ledger.h"
#include "service/program_service.h"
#include "service/reward_engine.h"
#include "store/store.h"

namespace bb::service {

// A referral as a client sent it; absent fields are nullopt.
struct ReferralInput {
  domain::RefereeInput referee;
  bool referee_present = false;  // whether the "referee" object was sent
  std::optional<std::string> product;
  std::optional<std::string> note;
  std::optional<std::string> channel;
  std::optional<std::string> code;         // attribution by referral code ...
  std::optional<std::string> advocate_id;  // ... or by advocate id (staff and API only)
};

// Where a submission came from, as the HTTP layer saw it.
struct SubmissionOrigin {
  std::string visitor_id;  // the bb_vid cookie; may be ""
  std::string ip_hash;     // keyed hash of the client address; may be ""
  std::string ref_cookie;  // the bb_ref cookie (landing form only); may be ""
};

struct StageMoveInput {
  std::optional<std::string> stage;
  std::optional<std::int64_t> deal_value_minor;  // only with stage "won"
  std::optional<std::string> external_id;
  std::optional<std::string> note;
};

struct ReferralFilter {
  std::string program_id;
  std::string advocate_id;
  std::optional<domain::ReferralStage> stage;
  std::optional<domain::ReviewStatus> review_status;
};

// A referral with its history (oldest first).
struct ReferralDetail {
  domain::Referral referral;
  std::vector<domain::ReferralEvent> history;
  ActorNames actor_names;  // who made each change, for staff (empty for an advocate)
  // For staff, when the referral is rejected: its rewards already paid and not reversed. Each needs
  // a clawback decision (reverse it once the money is recovered, or keep it and say why).
  std::vector<domain::Reward> clawback_needed;
  // What the request itself did to the ledger (a rejection, a deal value correction): entries
  // reversed and entries created; empty for a read.
  std::vector<domain::Reward> rewards_reversed;
  std::vector<domain::Reward> rewards_created;
};

// The outcome of a stage move: the referral as it now is, and the rewards the move created.
struct StageMoveResult {
  domain::Referral referral;
  std::vector<domain::Reward> rewards;
  bool changed = false;  // false when the referral already had the stage
  // A move to rejected: the rewards it reversed (not yet paid), and those already paid that need a
  // clawback decision.
  std::vector<domain::Reward> rewards_reversed;
  std::vector<domain::Reward> clawback_needed;
  // A win that counted: the program's other referrals of the same account it moved to won
  // (account-level credit, service/account_credit.h), oldest first.
  std::vector<std::string> account_won;
};

// A won deal's corrected value, as a client sent it.
struct DealValueCorrection {
  std::optional<std::int64_t> deal_value_minor;
  std::optional<std::string> reason;
};

inline constexpr std::size_t kMaxReviewNoteLength = 4000;
// How far back the advocate's own activity counts for the self-referral check.
inline constexpr auto kSelfReferralLookback = std::chrono::days(30);

// The checks a submission's own fields get (referee, product, note, channel, the form of code and
// advocate_id): kInvalidArgument naming each bad field, `errors` first. The referral returned has
// those fields set and nothing else.
Result<domain::Referral> DraftReferral(const ReferralInput& input, std::vector<FieldError> errors = {});

// The checks a stage move's fields get; kInvalidArgument naming each bad field.
Status CheckStageMove(const StageMoveInput& input);

// What the referee's email domain is, looked up before the write transaction (the lists are large
// and are loaded on first use).
struct RefereeDomain {
  bool disposable = false;
  std::string company;  // domain::CompanyDomain: "" for free email
};

class ReferralService {
 public:
  ReferralService(store::Store& store, const Clock& clock, const IdGenerator& ids, const Idempotency& idempotency,
                  const RewardEngine& rewards, const EventPublisher& events)
      : store_(store),
        clock_(clock),
        ids_(ids),
        idempotency_(idempotency),
        rewards_(rewards),
        events_(events),
        points_(ids),
        lifecycle_(ids),
        account_credit_(ids, events) {}

  // A referral submitted by staff, an API key or (portal) the advocate themselves: attributed by
  // `code` or `advocate_id` (exactly one; an advocate may give neither, and then it is their own).
  // Source: portal, sales_rep (staff users) or api (API keys); `origin` is kept only for an
  // advocate's own submission (as a sighting of the advocate). kInvalidArgument naming each bad
  // field; kNotFound for an advocate the actor may not see; kConflict when the program is not
  // active or the advocate is inactive.
  Result<domain::Referral> Submit(const domain::Actor& actor, const ReferralInput& input,
                                  const SubmissionOrigin& origin, const Idempotent<domain::Referral>& idempotent = {});

  // A referral from the public landing-page form of the program with this slug: attributed to the
  // last touch within the program's attribution window (a typed or carried `code` first, then the
  // bb_ref cookie, then the visitor's latest click), keeping the first touch. kInvalidArgument on
  // "code" when nothing attributes it or the code is of another program.
  Result<domain::Referral> SubmitFromLandingPage(std::string_view program_slug, const ReferralInput& input,
                                                 const SubmissionOrigin& origin,
                                                 const Idempotent<domain::Referral>& idempotent = {});

  Result<ReferralDetail> Get(const domain::Actor& actor, std::string_view id);
  // Staff: a program's (or one advocate's) referrals; an advocate: their own.
  Result<PageOf<domain::Referral>> List(const domain::Actor& actor, const ReferralFilter& filter, const Page& page);
  // Held and duplicate referrals still open (or won) that wait for a manager's decision, newest first.
  Result<PageOf<domain::Referral>> ReviewQueue(const domain::Actor& actor, std::string_view program_id,
                                               const Page& page);

  // Moves the referral to `input.stage` (see domain::PlanStageMove) and evaluates the reward rules.
  // The same stage again changes nothing, except won for a referral won only through its account
  // (domain::WonThroughAccountOnly): that is the win of its own deal, evaluated as any win. A win
  // that counts gives account-level credit when the program's policy says so (AccountCredit). kConflict leaving a
  // closed stage (except rejecting a referral under review). A move to rejected reverses the referral's rewards not yet
  // paid, with the note as the reason, and lists those already paid as needing a clawback decision. Rejecting is a
  // manager's decision (kPermissionDenied for a sales rep) when the referral is under review or when it would reverse
  // an approved reward.
  Result<StageMoveResult> MoveStage(const domain::Actor& actor, std::string_view id, const StageMoveInput& input,
                                    const Idempotent<StageMoveResult>& idempotent = {});

  // A manager clears a held or duplicate referral (it then earns what its stages reached), or
  // rejects it at any stage (it closes as rejected, also after the CRM moved it to won; its rewards
  // not yet paid are reversed, those paid are listed in clawback_needed). `note` is required.
  // kConflict when the referral is not under review, or (reject) is rejected already.
  Result<ReferralDetail> Clear(const domain::Actor& actor, std::string_view id, std::string_view note,
                               const Idempotent<ReferralDetail>& idempotent = {});
  Result<ReferralDetail> Reject(const domain::Actor& actor, std::string_view id, std::string_view note,
                                const Idempotent<ReferralDetail>& idempotent = {});

  // Corrects a won referral's deal value (admins and managers): percent-of-deal rewards not yet
  // paid are reversed and reissued at the new value, paid ones get an adjustment, so what the
  // advocate is owed equals what the rules give (domain::PlanDealValueCorrection); recorded in the
  // history and the audit trail with the reason. The same value again changes nothing.
  // kInvalidArgument naming deal_value_minor (0 ..= 10^15) or reason (required); kConflict when the
  // referral is not won, or was won only through its account (it has no deal of its own).
  Result<ReferralDetail> CorrectDealValue(const domain::Actor& actor, std::string_view id,
                                          const DealValueCorrection& input,
                                          const Idempotent<ReferralDetail>& idempotent = {});

  // Records that the referred customer churned. Within the program's reversal window after the
  // referral was won, every reward of the referral not yet reversed is reversed with the reason.
  // kConflict when the referral is not won or churn was recorded already.
  Result<ReferralDetail> RecordChurn(const domain::Actor& actor, std::string_view id, std::string_view note,
                                     const Idempotent<ReferralDetail>& idempotent = {});

 private:
  // Inside `tx`: checks the referral against the program's policy, writes it, its history and any
  // reward the submission earns.
  Status SubmitInTx(store::Tx& tx, const domain::Program& program, const domain::Advocate& advocate,
                    domain::Referral& referral, const RefereeDomain& referee_domain, const std::string& actor_id);
  Result<ReferralDetail> Decide(const domain::Actor& actor, std::string_view id, std::string_view note,
                                domain::ReferralEventKind decision, const Idempotent<ReferralDetail>& idempotent);
  // Inside `tx`, for a referral just rejected: reverses its rewards not yet paid (pending or
  // approved), and the shares of other referrals' wins its touch earned (split credit), with
  // `reason`, into `reversed`; the paid ones not reversed go into `clawback_needed`;
  // takes back every point it earned (service/points_ledger.h), spent or not.
  // kPermissionDenied when an approved reward would be reversed by an actor who may not manage
  // rewards (nothing is changed then: the caller's transaction fails).
  Status ReverseForRejection(store::Tx& tx, const domain::Actor& actor, const domain::Referral& referral,
                             const std::string& reason, Timestamp now, std::vector<domain::Reward>& reversed,
                             std::vector<domain::Reward>& clawback_needed) const;
  // The rewards a rejection of `referral` takes back: its own, and the shares of other referrals'
  // wins its touch earned (split credit) that no other referral of the same advocate backs. Read
  // after the referral's stage is rejected (in the same transaction, or later). With
  // `listed_here`, a share that a later rejection of another of the advocate's touches took back is
  // left out: it is that rejection's to list.
  Result<std::vector<domain::Reward>> RewardsOfRejection(store::Queries& q, const domain::Referral& referral,
                                                         bool listed_here) const;
  // The referral's history into `detail` (detail.referral already read), with the names of who made
  // each change when `actor` is staff (an advocate's view shows no actors), and for staff the
  // rewards of a rejected referral already paid, which need a clawback decision: its own and the
  // shares its touch earned, those `actor` may read.
  Status ReadHistory(store::Queries& q, const domain::Actor& actor, std::string_view id, ReferralDetail& detail) const;

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const Idempotency& idempotency_;
  const RewardEngine& rewards_;
  const EventPublisher& events_;
  PointsLedger points_;
  LifecycleMover lifecycle_;
  AccountCredit account_credit_;
};

}  // namespace bb::service

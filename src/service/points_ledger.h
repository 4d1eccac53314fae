#pragma once
// Writes the points ledger (domain/points.h) inside the transactions of the events that earn
// points: a referral reaching submitted, qualified or won (once it is clear of review), an
// advocate's NPS answer, a person following an advocate's link — and the challenge steps
// (domain/challenge.h) those events complete; and takes them back when the referral is rejected.
// Each entry's key makes the action count once, however often the event is seen — by one process
// or several. Thread-safe (no state of its own).

#include <optional>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/challenge.h"
#include "domain/points.h"
#include "domain/referral.h"
#include "service/id_generator.h"
#include "store/store.h"

namespace bb::service {

// The program's points settings: as stored, or the defaults when nobody changed them.
Result<domain::PointsSettings> PointsSettingsOf(store::Queries& q, std::string_view program_id);

// Something an advocate did that may complete challenge steps of `type`.
struct ChallengeEvent {
  std::string program_id;
  std::string advocate_id;
  // The advocate's tags now, for the challenges' audiences; read when needed if not given.
  std::optional<std::vector<std::string>> tags;
  domain::ChallengeStepType type = domain::ChallengeStepType::kSubmitReferral;
  std::string ref;          // what did it: a step counts it once (the referral, the answer, "share:<advocate>")
  std::string channel;      // share_link: the channel the link came through
  Timestamp at{};           // when it happened: the challenges open then count it, and its points count then
  Timestamp recorded_at{};  // when it is written (later than `at` for a click read by the share sweep)
};

class PointsLedger {
 public:
  explicit PointsLedger(const IdGenerator& ids) : ids_(ids) {}

  // The points `referral` earns for the stages in `reached` (submitted, qualified, won: each once
  // per referral), earned at `at`. Nothing for a referral under review or rejected, nor when the
  // program's points are off or an action earns 0. Returns the entries written; an action counted
  // already (its key taken, also by a concurrent transaction) is skipped.
  Result<std::vector<domain::PointsEntry>> GrantForStages(store::Tx& tx, const domain::Referral& referral,
                                                          const std::vector<domain::ReferralStage>& reached,
                                                          Timestamp at) const;

  // The points advocate `advocate_id` of `program_id` earns for NPS answer `response_id`, earned
  // at `at` (once per answer: changing it earns nothing more). None when off, 0, or counted. The
  // answer_survey challenge steps it completes are written too (not returned).
  Result<std::optional<domain::PointsEntry>> GrantForAnswer(store::Tx& tx, std::string_view program_id,
                                                            std::string_view advocate_id, std::string_view response_id,
                                                            Timestamp at) const;

  // Completes, approved at once, each step of `event.type` of the program's challenges open at
  // `event.at` and offered to the advocate, within the limits (a share step also by its channel),
  // and writes their points. Nothing while the program's points are off. A step that counted
  // `event.ref` already (also in a concurrent transaction) is skipped. Returns the completions.
  Result<std::vector<domain::ChallengeCompletion>> CompleteChallengeSteps(store::Tx& tx,
                                                                          const ChallengeEvent& event) const;

  // Writes the points of approved `completion` of `challenge`, earned at `earned_at` and recorded at
  // `recorded_at` (once: keyed "challenge:<completion id>"; none for a step worth 0). Returns the
  // entry when written.
  Result<std::optional<domain::PointsEntry>> AwardCompletion(store::Tx& tx,
                                                             const domain::ChallengeCompletion& completion,
                                                             const domain::Challenge& challenge, Timestamp earned_at,
                                                             Timestamp recorded_at) const;

  // Undoes every entry `ref` earned in `program_id` that is not undone yet: one reversal each,
  // counted when its entry was earned (so a board's period loses what it should never have had),
  // recorded at `now` by `actor_id` with `note`; the challenge steps `ref` completed are marked
  // reversed (they no longer count toward the limits). Returns the reversals written.
  Result<std::vector<domain::PointsEntry>> ReverseRef(store::Tx& tx, std::string_view program_id, std::string_view ref,
                                                      std::string_view actor_id, std::string_view note,
                                                      Timestamp now) const;

  // Writes `entry` with a fresh id; false when its key is taken (the action counted already).
  Result<bool> Insert(store::Tx& tx, domain::PointsEntry& entry) const;

 private:
  const IdGenerator& ids_;
};

}  // namespace bb::service

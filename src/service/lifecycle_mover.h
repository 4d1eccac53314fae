#pragma once
// Moves people through their program's lifecycle (domain/lifecycle.h) inside the transactions of
// the events that move them — a referral submitted, won, rejected or lost; an advocate enrolled —
// and for staff. Each event's move is keyed ("referral:<id>:won", "enrolled:<advocate>"), so an
// event seen twice, by one process or several, moves once. Automatic moves go forward only: one
// that would take a person back is not made (staff decide that). Thread-safe (no state of its own).

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "domain/advocate.h"
#include "domain/lifecycle.h"
#include "domain/referral.h"
#include "service/id_generator.h"
#include "store/store.h"

namespace bb::service {

// The program's lifecycle settings: as stored, or the defaults when nobody changed them.
Result<domain::LifecycleSettings> LifecycleSettingsOf(store::Queries& q, std::string_view program_id);

// A move asked for by staff or made by an event.
struct LifecycleMoveRequest {
  std::string program_id;
  std::string contact;  // the email match key
  std::string email;    // as written
  std::string to;
  bool allow_backward = false;
  domain::LifecycleSource source = domain::LifecycleSource::kAuto;
  std::string actor_id;
  std::string reason;
  std::string key;  // "" for a staff move (keyed by its id)
  Timestamp at{};
};

class LifecycleMover {
 public:
  explicit LifecycleMover(const IdGenerator& ids) : ids_(ids) {}

  // Plans and writes `request` under `settings`: the move written, or nullopt when the person
  // stands at `to` already or the move's key was used (the event moved them already). Errors as
  // domain::PlanLifecycleMove (kConflict going back without allow_backward).
  Result<std::optional<domain::LifecycleMove>> Move(store::Tx& tx, const domain::LifecycleSettings& settings,
                                                    const LifecycleMoveRequest& request) const;

  // Follows `referral`'s stages `reached` at `at`: submitted and won move the person referred to
  // the program's on_referral_submitted / on_referral_won stage; rejected or lost move them to
  // lost when the program says so, none of their referrals in the program is still open and they
  // have not reached the won stage. Moves that would go back are not made.
  Status FollowReferral(store::Tx& tx, const domain::Referral& referral,
                        const std::vector<domain::ReferralStage>& reached, Timestamp at) const;

  // Moves a newly enrolled advocate to the program's on_enrolled stage (forward only).
  Status FollowEnrolment(store::Tx& tx, const domain::Advocate& advocate) const;

 private:
  // An automatic move: made when it goes forward, skipped (Ok) when it would go back.
  Status MoveForward(store::Tx& tx, const domain::LifecycleSettings& settings, LifecycleMoveRequest request) const;

  const IdGenerator& ids_;
};

}  // namespace bb::service

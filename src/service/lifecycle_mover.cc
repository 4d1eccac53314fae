#include "service/lifecycle_mover.h"

#include <chrono>

#include "domain/contact.h"
#include "domain/ids.h"

namespace bb::service {
namespace {

bool IsOpen(domain::ReferralStage stage) {
  return stage == domain::ReferralStage::kSubmitted || stage == domain::ReferralStage::kQualified ||
         stage == domain::ReferralStage::kOpportunity;
}

// Whether the person `contact` ever reached `stage` or a stage of at least its weight (false when
// the program has no such stage).
Result<bool> EverReached(store::Queries& q, const domain::LifecycleSettings& settings, std::string_view program_id,
                         std::string_view contact, std::string_view stage) {
  const domain::LifecycleStage* target = domain::FindLifecycleStage(settings, stage);
  if (target == nullptr || stage == domain::kLostStage) return false;
  BB_ASSIGN_OR_RETURN(auto moves, q.ListLifecycleMovesOf(program_id, contact));
  for (const auto& move : moves) {
    for (const auto& key : move.reached) {
      const domain::LifecycleStage* reached = domain::FindLifecycleStage(settings, key);
      if (reached != nullptr && key != domain::kLostStage && reached->weight >= target->weight) return true;
    }
  }
  return false;
}

// How many of a person's other referrals are read to find an open one.
constexpr int kReferralsChecked = 200;

}  // namespace

Result<domain::LifecycleSettings> LifecycleSettingsOf(store::Queries& q, std::string_view program_id) {
  BB_ASSIGN_OR_RETURN(auto stored, q.FindLifecycleSettings(program_id));
  if (stored) return std::move(*stored);
  return domain::DefaultLifecycleSettings(std::string(program_id));
}

Result<std::optional<domain::LifecycleMove>> LifecycleMover::Move(store::Tx& tx,
                                                                  const domain::LifecycleSettings& settings,
                                                                  const LifecycleMoveRequest& request) const {
  BB_ASSIGN_OR_RETURN(auto current, tx.FindLifecycleContact(request.program_id, request.contact));
  const std::string from = current ? current->stage : "";
  BB_ASSIGN_OR_RETURN(auto plan, domain::PlanLifecycleMove(settings, from, request.to, request.allow_backward));
  if (!plan.changed) return std::optional<domain::LifecycleMove>();
  // A person's log only goes forward in time: a move dated at or before their last one (an
  // imported referral's history, two events in one instant) is recorded a microsecond after it, so
  // their stage is always the log's last move, every move starts where the one before it ended,
  // and the log's order never rests on ids.
  Timestamp at = request.at;
  if (current && at <= current->entered_at) at = current->entered_at + std::chrono::microseconds(1);
  domain::LifecycleMove move;
  move.id = ids_.New(domain::kLifecycleMovePrefix);
  move.program_id = request.program_id;
  move.contact = request.contact;
  move.email = request.email;
  move.from = from;
  move.to = request.to;
  move.reached = std::move(plan.reached);
  move.at = at;
  move.source = request.source;
  move.actor_id = request.actor_id;
  move.reason = request.reason;
  move.key = request.key.empty() ? "move:" + move.id : request.key;
  Status inserted = tx.InsertLifecycleMove(move);
  if (!inserted.ok() && inserted.error().code() == ErrorCode::kConflict) return std::optional<domain::LifecycleMove>();
  BB_RETURN_IF_ERROR(inserted);
  return std::optional<domain::LifecycleMove>(std::move(move));
}

Status LifecycleMover::MoveForward(store::Tx& tx, const domain::LifecycleSettings& settings,
                                   LifecycleMoveRequest request) const {
  if (request.to.empty()) return Ok();
  auto moved = Move(tx, settings, request);
  if (!moved.ok() && moved.error().code() == ErrorCode::kConflict) return Ok();  // it would go back
  return StatusOf(moved);
}

Status LifecycleMover::FollowReferral(store::Tx& tx, const domain::Referral& referral,
                                      const std::vector<domain::ReferralStage>& reached, Timestamp at) const {
  if (reached.empty() || referral.referee.email_key.empty()) return Ok();
  BB_ASSIGN_OR_RETURN(auto settings, LifecycleSettingsOf(tx, referral.program_id));
  LifecycleMoveRequest request;
  request.program_id = referral.program_id;
  request.contact = referral.referee.email_key;
  request.email = referral.referee.email;
  request.at = at;
  for (auto stage : reached) {
    request.reason = "referral " + referral.id + " " + std::string(domain::ToString(stage));
    request.key = "referral:" + referral.id + ":" + std::string(domain::ToString(stage));
    if (stage == domain::ReferralStage::kSubmitted) {
      request.to = settings.on_referral_submitted;
      BB_RETURN_IF_ERROR(MoveForward(tx, settings, request));
    } else if (stage == domain::ReferralStage::kWon) {
      request.to = settings.on_referral_won;
      BB_RETURN_IF_ERROR(MoveForward(tx, settings, request));
    } else if ((stage == domain::ReferralStage::kRejected || stage == domain::ReferralStage::kLost) &&
               settings.lose_on_referral_closed) {
      BB_ASSIGN_OR_RETURN(auto current, tx.FindLifecycleContact(referral.program_id, request.contact));
      if (!current || current->stage == domain::kLostStage) continue;
      BB_ASSIGN_OR_RETURN(bool customer,
                          EverReached(tx, settings, referral.program_id, request.contact, settings.on_referral_won));
      if (customer) continue;  // a customer stays one, even when staff moved them back since
      BB_ASSIGN_OR_RETURN(auto theirs, tx.ListReferralsByReferee(referral.program_id, request.contact, "", Timestamp{},
                                                                 kReferralsChecked));
      bool open = false;
      for (const auto& other : theirs) open = open || (other.id != referral.id && IsOpen(other.stage));
      if (open) continue;
      request.to = std::string(domain::kLostStage);
      BB_RETURN_IF_ERROR(MoveForward(tx, settings, request));
    }
  }
  return Ok();
}

Status LifecycleMover::FollowEnrolment(store::Tx& tx, const domain::Advocate& advocate) const {
  BB_ASSIGN_OR_RETURN(auto settings, LifecycleSettingsOf(tx, advocate.program_id));
  LifecycleMoveRequest request;
  request.program_id = advocate.program_id;
  request.contact = domain::EmailMatchKey(advocate.email);
  request.email = advocate.email;
  request.to = settings.on_enrolled;
  request.reason = "enrolled as advocate " + advocate.id;
  request.key = "enrolled:" + advocate.id;
  request.at = advocate.created_at;
  return MoveForward(tx, settings, request);
}

}  // namespace bb::service

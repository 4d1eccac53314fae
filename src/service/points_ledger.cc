#include "service/points_ledger.h"

#include <algorithm>
#include <set>

#include "domain/ids.h"
#include "domain/validation.h"
#include "service/reward_engine.h"

namespace bb::service {
namespace {

std::optional<domain::ChallengeStepType> StepTypeOfStage(domain::ReferralStage stage) {
  switch (stage) {
    case domain::ReferralStage::kSubmitted: return domain::ChallengeStepType::kSubmitReferral;
    case domain::ReferralStage::kQualified: return domain::ChallengeStepType::kReferralQualified;
    case domain::ReferralStage::kWon: return domain::ChallengeStepType::kReferralWon;
    default: return std::nullopt;
  }
}

std::optional<domain::PointsReason> ReasonOfStage(domain::ReferralStage stage) {
  switch (stage) {
    case domain::ReferralStage::kSubmitted: return domain::PointsReason::kReferralSubmitted;
    case domain::ReferralStage::kQualified: return domain::PointsReason::kReferralQualified;
    case domain::ReferralStage::kWon: return domain::PointsReason::kReferralWon;
    default: return std::nullopt;
  }
}

}  // namespace

Result<domain::PointsSettings> PointsSettingsOf(store::Queries& q, std::string_view program_id) {
  BB_ASSIGN_OR_RETURN(auto stored, q.FindPointsSettings(program_id));
  if (stored) return std::move(*stored);
  return domain::DefaultPointsSettings(std::string(program_id));
}

Result<bool> PointsLedger::Insert(store::Tx& tx, domain::PointsEntry& entry) const {
  entry.id = ids_.New(domain::kPointsEntryPrefix);
  Status inserted = tx.InsertPointsEntry(entry);
  if (!inserted.ok() && inserted.error().code() == ErrorCode::kConflict && !inserted.error().fields().empty() &&
      inserted.error().fields().front().field == "key") {
    return false;
  }
  BB_RETURN_IF_ERROR(inserted);
  return true;
}

Result<std::vector<domain::PointsEntry>> PointsLedger::GrantForStages(store::Tx& tx, const domain::Referral& referral,
                                                                      const std::vector<domain::ReferralStage>& reached,
                                                                      Timestamp at) const {
  std::vector<domain::PointsEntry> created;
  if (referral.review_status != domain::ReviewStatus::kClear || referral.stage == domain::ReferralStage::kRejected) {
    return created;
  }
  std::optional<domain::PointsSettings> settings;
  for (auto stage : reached) {
    auto reason = ReasonOfStage(stage);
    if (!reason) continue;
    if (!settings) {
      BB_ASSIGN_OR_RETURN(settings, PointsSettingsOf(tx, referral.program_id));
    }
    std::int64_t points = domain::PointsFor(*settings, *reason);
    if (points == 0) continue;
    domain::PointsEntry entry;
    entry.program_id = referral.program_id;
    entry.advocate_id = referral.advocate_id;
    entry.delta = points;
    entry.reason = *reason;
    entry.ref = referral.id;
    entry.key = "referral:" + referral.id + ":" + std::string(domain::ToString(stage));
    entry.earned_at = entry.recorded_at = at;
    entry.actor_id = std::string(kSystemActor);
    BB_ASSIGN_OR_RETURN(bool written, Insert(tx, entry));
    if (written) created.push_back(std::move(entry));
  }
  for (auto stage : reached) {
    auto type = StepTypeOfStage(stage);
    if (!type) continue;
    // The advocate's tags now, not the copy the referral keeps: a challenge is offered to who they are.
    ChallengeEvent event{referral.program_id, referral.advocate_id, std::nullopt, *type, referral.id, "", at, at};
    BB_RETURN_IF_ERROR(StatusOf(CompleteChallengeSteps(tx, event)));
  }
  return created;
}

Result<std::optional<domain::PointsEntry>> PointsLedger::GrantForAnswer(store::Tx& tx, std::string_view program_id,
                                                                        std::string_view advocate_id,
                                                                        std::string_view response_id,
                                                                        Timestamp at) const {
  ChallengeEvent event{std::string(program_id),
                       std::string(advocate_id),
                       std::nullopt,
                       domain::ChallengeStepType::kAnswerSurvey,
                       std::string(response_id),
                       "",
                       at,
                       at};
  BB_RETURN_IF_ERROR(StatusOf(CompleteChallengeSteps(tx, event)));
  BB_ASSIGN_OR_RETURN(auto settings, PointsSettingsOf(tx, program_id));
  std::int64_t points = domain::PointsFor(settings, domain::PointsReason::kNpsAnswered);
  if (points == 0) return std::optional<domain::PointsEntry>();
  domain::PointsEntry entry;
  entry.program_id = std::string(program_id);
  entry.advocate_id = std::string(advocate_id);
  entry.delta = points;
  entry.reason = domain::PointsReason::kNpsAnswered;
  entry.ref = std::string(response_id);
  entry.key = "nps:" + entry.ref;
  entry.earned_at = entry.recorded_at = at;
  entry.actor_id = std::string(kSystemActor);
  BB_ASSIGN_OR_RETURN(bool written, Insert(tx, entry));
  if (!written) return std::optional<domain::PointsEntry>();
  return std::optional<domain::PointsEntry>(std::move(entry));
}

Result<std::vector<domain::ChallengeCompletion>> PointsLedger::CompleteChallengeSteps(
    store::Tx& tx, const ChallengeEvent& event) const {
  std::vector<domain::ChallengeCompletion> done;
  // The open challenges first: most events meet none, and then read nothing more.
  BB_ASSIGN_OR_RETURN(auto challenges, tx.ListOpenChallenges(event.program_id, event.at));
  if (challenges.empty()) return done;
  BB_ASSIGN_OR_RETURN(auto settings, PointsSettingsOf(tx, event.program_id));
  if (!settings.enabled) return done;
  const std::vector<std::string> no_tags;
  std::optional<std::vector<std::string>> tags = event.tags;  // read only when a challenge asks
  for (const auto& challenge : challenges) {
    if (!challenge.tags.empty() && !tags) {
      BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(event.advocate_id));
      tags = advocate ? advocate->tags : std::vector<std::string>();
    }
    const std::vector<std::string>& audience = tags ? *tags : no_tags;
    if (!domain::OfferedTo(challenge, audience)) continue;
    for (std::size_t i = 0; i < challenge.steps.size(); ++i) {
      const domain::ChallengeStep& step = challenge.steps[i];
      if (step.type != event.type || (!step.channel.empty() && step.channel != event.channel)) continue;
      auto index = static_cast<std::int64_t>(i);
      domain::CompletionFacts facts;
      BB_ASSIGN_OR_RETURN(facts.mine, tx.CountLiveCompletions(challenge.id, index, event.advocate_id));
      if (challenge.total_limit) {
        BB_ASSIGN_OR_RETURN(facts.total, tx.CountLiveCompletions(challenge.id, index, ""));
      }
      if (!domain::WhyNotCompletable(challenge, audience, facts, event.at).empty()) continue;
      domain::ChallengeCompletion completion;
      completion.id = ids_.New(domain::kChallengeCompletionPrefix);
      completion.program_id = event.program_id;
      completion.challenge_id = challenge.id;
      completion.step = index;
      completion.advocate_id = event.advocate_id;
      completion.status = domain::CompletionStatus::kApproved;
      completion.ref = event.ref;
      completion.points = step.points;
      completion.created_at = event.at;
      completion.decided_at = event.at;
      completion.decided_by = std::string(kSystemActor);
      Status inserted = tx.InsertCompletion(completion);
      if (!inserted.ok() && inserted.error().code() == ErrorCode::kConflict) continue;  // counted already
      BB_RETURN_IF_ERROR(inserted);
      BB_RETURN_IF_ERROR(StatusOf(AwardCompletion(tx, completion, challenge, event.at, event.recorded_at)));
      done.push_back(std::move(completion));
    }
  }
  return done;
}

Result<std::optional<domain::PointsEntry>> PointsLedger::AwardCompletion(store::Tx& tx,
                                                                         const domain::ChallengeCompletion& completion,
                                                                         const domain::Challenge& challenge,
                                                                         Timestamp earned_at,
                                                                         Timestamp recorded_at) const {
  if (completion.points == 0) return std::optional<domain::PointsEntry>();
  const auto& step = challenge.steps.at(static_cast<std::size_t>(completion.step));
  domain::PointsEntry entry;
  entry.program_id = completion.program_id;
  entry.advocate_id = completion.advocate_id;
  entry.delta = completion.points;
  entry.reason = domain::PointsReason::kChallenge;
  // A step done by a referral carries its id, so that the referral's rejection takes it back.
  entry.ref = completion.ref.empty() ? completion.id : completion.ref;
  entry.note = domain::TruncateUtf8(challenge.name + " — " + domain::StepInWords(step), domain::kMaxPointsNote);
  entry.key = "challenge:" + completion.id;
  entry.earned_at = earned_at;
  entry.recorded_at = recorded_at;
  entry.actor_id = completion.decided_by;
  BB_ASSIGN_OR_RETURN(bool written, Insert(tx, entry));
  if (!written) return std::optional<domain::PointsEntry>();
  return std::optional<domain::PointsEntry>(std::move(entry));
}

Result<std::vector<domain::PointsEntry>> PointsLedger::ReverseRef(store::Tx& tx, std::string_view program_id,
                                                                  std::string_view ref, std::string_view actor_id,
                                                                  std::string_view note, Timestamp now) const {
  BB_ASSIGN_OR_RETURN(auto entries, tx.ListPointsEntriesOfRef(program_id, ref));
  std::set<std::string> undone;
  for (const auto& entry : entries) {
    if (entry.reason == domain::PointsReason::kReversal) undone.insert(entry.reverses);
  }
  std::vector<domain::PointsEntry> reversals;
  for (const auto& entry : entries) {
    if (entry.reason == domain::PointsReason::kReversal || entry.delta <= 0 || undone.contains(entry.id)) continue;
    domain::PointsEntry reversal;
    reversal.program_id = entry.program_id;
    reversal.advocate_id = entry.advocate_id;
    reversal.delta = -entry.delta;
    reversal.balance = entry.balance;
    reversal.reason = domain::PointsReason::kReversal;
    reversal.ref = entry.ref;
    reversal.reverses = entry.id;
    reversal.note = domain::TruncateUtf8(std::string(note), domain::kMaxPointsNote);
    reversal.key = "reversal:" + entry.id;
    reversal.earned_at = entry.earned_at;
    reversal.recorded_at = now;
    reversal.actor_id = std::string(actor_id);
    BB_ASSIGN_OR_RETURN(bool written, Insert(tx, reversal));
    if (written) reversals.push_back(std::move(reversal));
  }
  BB_RETURN_IF_ERROR(StatusOf(tx.ReverseCompletionsOfRef(program_id, ref, now)));
  return reversals;
}

}  // namespace bb::service

#include "service/points_ledger.h"

#include <algorithm>
#include <set>

#include "domain/ids.h"
#include "domain/validation.h"
#include "service/reward_engine.h"

namespace bb::service {
namespace {

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
  return created;
}

Result<std::optional<domain::PointsEntry>> PointsLedger::GrantForAnswer(store::Tx& tx, std::string_view program_id,
                                                                        std::string_view advocate_id,
                                                                        std::string_view response_id,
                                                                        Timestamp at) const {
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
  return reversals;
}

}  // namespace bb::service

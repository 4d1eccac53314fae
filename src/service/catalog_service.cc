#include "service/catalog_service.h"

#include <algorithm>
#include <set>

#include "domain/audit.h"
#include "domain/ids.h"
#include "domain/money_text.h"
#include "domain/points_balance.h"
#include "domain/redemption_reward.h"
#include "domain/validation.h"
#include "service/audit_trail.h"
#include "service/reader_scope.h"

namespace bb::service {
namespace {

using domain::Action;

constexpr std::string_view kNoItem = "No catalogue item with this id.";
constexpr std::string_view kNoRedemption = "No redemption with this id.";
constexpr std::string_view kPointsOff = "This program does not keep points.";

// An item's reward as the audit trail shows it ("gift_card USD 25.00"), or null.
domain::AuditValue RewardText(const std::optional<domain::CatalogReward>& reward) {
  if (!reward) return std::monostate{};
  return std::string(domain::ToString(reward->kind)) + " " +
         domain::FormatMoney(reward->amount_minor, reward->currency);
}

domain::AuditFields FieldsOf(const domain::CatalogItem& i) {
  auto optional = [](const std::optional<std::int64_t>& value) -> domain::AuditValue {
    if (value) return *value;
    return std::monostate{};
  };
  return {{"name", i.name},
          {"description", i.description},
          {"cost_points", i.cost_points},
          {"stock", optional(i.stock)},
          {"per_member_limit", optional(i.per_member_limit)},
          {"approval", std::string(domain::ToString(i.approval))},
          {"when_out", std::string(domain::ToString(i.when_out))},
          {"reward", RewardText(i.reward)},
          {"active", i.active}};
}

// The signed-in advocate and their program's points settings; kConflict when points are off.
Result<domain::Advocate> AdvocateWithPoints(store::Queries& q, const domain::Actor& actor) {
  if (!actor.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate redeems points.");
  BB_ASSIGN_OR_RETURN(auto me, q.FindAdvocate(actor.id));
  if (!me) return Error::NotFound("No advocate with this id.");
  BB_ASSIGN_OR_RETURN(auto settings, PointsSettingsOf(q, me->program_id));
  if (!settings.enabled) return Error::Conflict(std::string(kPointsOff));
  return std::move(*me);
}

// The advocate's redeemable points at `now`, replayed from their ledger.
Result<std::int64_t> RedeemableNow(store::Queries& q, const domain::Advocate& advocate, Timestamp now) {
  BB_ASSIGN_OR_RETURN(auto settings, PointsSettingsOf(q, advocate.program_id));
  BB_ASSIGN_OR_RETURN(auto entries, q.ListPointsEntries(advocate.id));
  // Every entry counts, also one another instance recorded with a clock ahead of ours: what is
  // spent must be seen, whatever the clocks say.
  for (const auto& entry : entries) now = std::max(now, entry.recorded_at);
  BB_ASSIGN_OR_RETURN(auto balances, domain::BalancesAsOf(entries, settings, now));
  return balances.redeemable;
}

// The program `program_id`; kConflict when it is archived (it changes no more), kNotFound when it
// does not exist.
Result<domain::Program> ProgramOpen(store::Queries& q, std::string_view program_id) {
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
  if (!program) return Error::NotFound("No program with this id.");
  if (program->status == domain::ProgramStatus::kArchived) {
    return Error::Conflict("The program is archived: its catalogue changes no more.");
  }
  return std::move(*program);
}

// What `advocate` may redeem `item` with, read in `q`.
Result<domain::RedeemFacts> FactsFor(store::Queries& q, const domain::Advocate& advocate,
                                     const domain::CatalogItem& item, Timestamp now) {
  domain::RedeemFacts facts;
  BB_ASSIGN_OR_RETURN(facts.redeemable, RedeemableNow(q, advocate, now));
  BB_ASSIGN_OR_RETURN(facts.already_taken, q.CountLiveRedemptions(item.id, advocate.id));
  BB_ASSIGN_OR_RETURN(facts.backorders, q.CountBackorders(item.id));
  facts.trusted = domain::TrustedForCatalog(advocate.source);
  return facts;
}

}  // namespace

Result<std::vector<CatalogEntry>> CatalogService::ListItems(const domain::Actor& actor, std::string_view program_id,
                                                            bool include_retired) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  std::vector<CatalogEntry> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return Error::NotFound("No program with this id.");
    BB_ASSIGN_OR_RETURN(auto items, q.ListCatalogItems(program_id, include_retired));
    out.clear();
    for (auto& item : items) {
      BB_ASSIGN_OR_RETURN(std::int64_t redeemed, q.CountLiveRedemptions(item.id, ""));
      out.push_back({std::move(item), redeemed});
    }
    return Ok();
  }));
  return out;
}

Result<CatalogEntry> CatalogService::CreateItem(const domain::Actor& actor, std::string_view program_id,
                                                const domain::CatalogItemInput& input,
                                                const Idempotent<CatalogEntry>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  CatalogEntry out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto program, ProgramOpen(tx, program_id));
    BB_ASSIGN_OR_RETURN(out.item, domain::BuildCatalogItem(input, ids_.New(domain::kCatalogItemPrefix),
                                                           std::string(program_id), program.currency, now));
    BB_RETURN_IF_ERROR(tx.InsertCatalogItem(out.item));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "catalog.item_created", out.item.id,
                                   domain::CreatedFields(FieldsOf(out.item))));
    return idempotency_.Record(tx, idempotent, out);
  }));
  return out;
}

Result<CatalogEntry> CatalogService::UpdateItem(const domain::Actor& actor, std::string_view id,
                                                const domain::CatalogItemInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  CatalogEntry out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto item, tx.FindCatalogItem(id));
    if (!item) return Error::NotFound(std::string(kNoItem));
    BB_ASSIGN_OR_RETURN(auto program, ProgramOpen(tx, item->program_id));
    domain::AuditFields before = FieldsOf(*item);
    BB_ASSIGN_OR_RETURN(bool changed, domain::ApplyCatalogItemChanges(*item, input, program.currency, now));
    if (changed) {
      BB_RETURN_IF_ERROR(tx.UpdateCatalogItem(*item));
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "catalog.item_changed", item->id,
                                     domain::DiffFields(before, FieldsOf(*item))));
    }
    BB_ASSIGN_OR_RETURN(out.redeemed, tx.CountLiveRedemptions(item->id, ""));
    out.item = std::move(*item);
    return Ok();
  }));
  return out;
}

Result<PortalCatalog> CatalogService::Catalog(const domain::Actor& actor) {
  PortalCatalog out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto me, AdvocateWithPoints(q, actor));
    BB_ASSIGN_OR_RETURN(out.redeemable, RedeemableNow(q, me, clock_.Now()));
    BB_ASSIGN_OR_RETURN(auto items, q.ListCatalogItems(me.program_id, false));
    BB_ASSIGN_OR_RETURN(auto words, q.ReadProgramLanguage(me.program_id));
    out.items.clear();
    for (auto& item : items) {
      domain::RedeemFacts facts{out.redeemable, 0, domain::TrustedForCatalog(me.source), 0};
      BB_ASSIGN_OR_RETURN(facts.already_taken, q.CountLiveRedemptions(item.id, me.id));
      BB_ASSIGN_OR_RETURN(facts.backorders, q.CountBackorders(item.id));
      std::string why = domain::WhyNotRedeemable(item, facts, words);
      bool in_stock = domain::InStockFor(item, facts.backorders);
      out.items.push_back({std::move(item), std::move(why), in_stock});
    }
    return Ok();
  }));
  return out;
}

Result<domain::Redemption> CatalogService::Redeem(const domain::Actor& actor, std::string_view item_id,
                                                  const Idempotent<domain::Redemption>& idempotent) {
  domain::Redemption out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto me, AdvocateWithPoints(tx, actor));
    BB_ASSIGN_OR_RETURN(auto item, tx.FindCatalogItem(item_id));
    if (!item || item->program_id != me.program_id) return Error::NotFound(std::string(kNoItem));
    BB_RETURN_IF_ERROR(StatusOf(ProgramOpen(tx, me.program_id)));
    BB_ASSIGN_OR_RETURN(auto facts, FactsFor(tx, me, *item, now));
    std::optional<std::int64_t> stock_before = item->stock;
    BB_ASSIGN_OR_RETURN(auto words, tx.ReadProgramLanguage(me.program_id));
    BB_ASSIGN_OR_RETURN(out, domain::Redeem(*item, me.id, facts, ids_.New(domain::kRedemptionPrefix), now, words));
    if (out.reward) out.reward_id = ids_.New(domain::kRewardPrefix);
    BB_RETURN_IF_ERROR(tx.InsertRedemption(out));
    BB_RETURN_IF_ERROR(RecordReward(tx, out, me.id, now));
    if (item->stock != stock_before) BB_RETURN_IF_ERROR(tx.UpdateCatalogItem(*item));
    domain::PointsEntry spent;
    spent.program_id = me.program_id;
    spent.advocate_id = me.id;
    spent.delta = -out.cost_points;
    spent.balance = domain::PointsBalance::kRedeemableOnly;
    spent.reason = domain::PointsReason::kRedemption;
    spent.ref = out.id;
    spent.note = out.item_name;
    spent.key = "redemption:" + out.id;
    spent.earned_at = spent.recorded_at = now;
    spent.actor_id = me.id;
    BB_ASSIGN_OR_RETURN(bool written, points_.Insert(tx, spent));
    if (!written) return Error::Internal("A new redemption's points were taken already.");
    return idempotency_.Record(tx, idempotent, out);
  }));
  return out;
}

Status CatalogService::Refund(store::Tx& tx, const domain::Redemption& redemption, const std::string& actor_id,
                              Timestamp now) const {
  BB_ASSIGN_OR_RETURN(auto entries, tx.ListPointsEntriesOfRef(redemption.program_id, redemption.id));
  std::string spent_id;
  for (const auto& entry : entries) {
    if (entry.reason == domain::PointsReason::kRedemption) spent_id = entry.id;
  }
  domain::PointsEntry back;
  back.program_id = redemption.program_id;
  back.advocate_id = redemption.advocate_id;
  back.delta = redemption.cost_points;
  back.balance = domain::PointsBalance::kRedeemableOnly;
  back.reason = domain::PointsReason::kRedemptionRefund;
  back.ref = redemption.id;
  back.reverses = spent_id;
  back.note = redemption.item_name;
  back.key = "redemption_refund:" + redemption.id;
  back.earned_at = back.recorded_at = now;
  back.actor_id = actor_id;
  return StatusOf(points_.Insert(tx, back));
}

Status CatalogService::RecordReward(store::Tx& tx, const domain::Redemption& redemption, const std::string& actor_id,
                                    Timestamp now) const {
  if (!redemption.reward) return Ok();
  domain::Reward reward = domain::RewardOfRedemption(redemption);
  BB_RETURN_IF_ERROR(tx.InsertReward(reward));
  BB_RETURN_IF_ERROR(
      tx.InsertRewardEvent({ids_.New(domain::kRewardEventPrefix), reward.id, reward.status, actor_id, "", now}));
  return events_.RewardCreated(tx, now, reward);
}

Status CatalogService::FollowInLedger(store::Tx& tx, const domain::Redemption& redemption, const std::string& actor_id,
                                      Timestamp now) const {
  if (redemption.reward_id.empty()) return Ok();
  BB_ASSIGN_OR_RETURN(auto reward, tx.FindReward(redemption.reward_id));
  if (!reward) return Error::Internal("The reward entry " + redemption.reward_id + " of a redemption is missing.");
  BB_ASSIGN_OR_RETURN(bool changed, domain::FollowRedemption(*reward, redemption, now));
  if (!changed) return Ok();
  std::string note = reward->status == domain::RewardStatus::kFulfilled  ? reward->payout_reference
                     : reward->status == domain::RewardStatus::kReversed ? reward->reversal_reason
                                                                         : "";
  BB_RETURN_IF_ERROR(tx.UpdateReward(*reward));
  BB_RETURN_IF_ERROR(
      tx.InsertRewardEvent({ids_.New(domain::kRewardEventPrefix), reward->id, reward->status, actor_id, note, now}));
  return events_.RewardStatusChanged(tx, now, *reward);
}

Result<domain::Redemption> CatalogService::Cancel(const domain::Actor& actor, std::string_view id,
                                                  const Idempotent<domain::Redemption>& idempotent) {
  if (!actor.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Only the advocate cancels their redemption.");
  domain::Redemption out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto redemption, tx.FindRedemption(id));
    if (!redemption || redemption->advocate_id != actor.id) return Error::NotFound(std::string(kNoRedemption));
    BB_ASSIGN_OR_RETURN(auto item, tx.FindCatalogItem(redemption->item_id));
    if (!item) return Error::NotFound(std::string(kNoItem));
    BB_RETURN_IF_ERROR(domain::CancelRedemption(*redemption, *item, actor.id, now));
    BB_RETURN_IF_ERROR(tx.UpdateRedemption(*redemption));
    BB_RETURN_IF_ERROR(tx.UpdateCatalogItem(*item));
    BB_RETURN_IF_ERROR(Refund(tx, *redemption, actor.id, now));
    BB_RETURN_IF_ERROR(FollowInLedger(tx, *redemption, actor.id, now));
    out = std::move(*redemption);
    return idempotency_.Record(tx, idempotent, out);
  }));
  return out;
}

Result<RedemptionPage> CatalogService::ListRedemptions(const domain::Actor& actor, store::RedemptionQuery query,
                                                       const Page& page) {
  BB_RETURN_IF_ERROR(ScopeToReader(actor, query.advocate_id, query.enrolled_by));
  BB_ASSIGN_OR_RETURN(query.before_id, CheckPage(page, domain::kRedemptionPrefix));
  query.limit = page.limit + 1;
  RedemptionPage out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramFilterExists(q, query.program_id));
    BB_ASSIGN_OR_RETURN(out.redemptions.items, q.ListRedemptions(query));
    if (actor.IsAdvocate()) return Ok();
    std::set<std::string> ids;
    for (const auto& r : out.redemptions.items) {
      ids.insert(r.advocate_id);
      ids.insert(r.decided_by);
    }
    BB_ASSIGN_OR_RETURN(out.names, NamesOfActors(q, ids));
    return Ok();
  }));
  FinishPage(out.redemptions, page);
  return out;
}

Result<NamedRedemption> CatalogService::Decide(const domain::Actor& actor, std::string_view id,
                                               RedemptionDecision decision, std::string_view text,
                                               const Idempotent<NamedRedemption>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  NamedRedemption out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(out.redemption, DecideIn(tx, actor, id, decision, text, clock_.Now()));
    BB_ASSIGN_OR_RETURN(out.names, NamesOfActors(tx, {out.redemption.advocate_id, out.redemption.decided_by}));
    return idempotency_.Record(tx, idempotent, out);
  }));
  return out;
}

Result<domain::Redemption> CatalogService::DecideIn(store::Tx& tx, const domain::Actor& actor, std::string_view id,
                                                    RedemptionDecision decision, std::string_view text,
                                                    Timestamp now) const {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  std::string words(domain::Trim(text));
  if (std::string problem =
          domain::CheckText(words, domain::kMaxRedemptionNote, decision != RedemptionDecision::kReject);
      !problem.empty()) {
    return Error::InvalidField(decision == RedemptionDecision::kReject ? "note" : "reference", problem);
  }
  BB_ASSIGN_OR_RETURN(auto redemption, tx.FindRedemption(id));
  if (!redemption) return Error::NotFound(std::string(kNoRedemption));
  BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(redemption->advocate_id));
  if (!advocate) return Error::NotFound(std::string(kNoRedemption));
  BB_RETURN_IF_ERROR(domain::AuthorizeAdvocateObject(actor, Action::kManageRewards, *advocate, kNoRedemption));
  BB_ASSIGN_OR_RETURN(auto item, tx.FindCatalogItem(redemption->item_id));
  if (!item) return Error::NotFound(std::string(kNoItem));
  domain::RedemptionStatus before = redemption->status;
  std::string_view kind;
  switch (decision) {
    case RedemptionDecision::kApprove:
      BB_RETURN_IF_ERROR(domain::ApproveRedemption(*redemption, *item, actor.id, now));
      kind = "redemption.approved";
      break;
    case RedemptionDecision::kFulfill:
      BB_RETURN_IF_ERROR(domain::FulfillRedemption(*redemption, words, actor.id, now));
      kind = "redemption.fulfilled";
      break;
    case RedemptionDecision::kReject:
      BB_RETURN_IF_ERROR(domain::RejectRedemption(*redemption, *item, words, actor.id, now));
      BB_RETURN_IF_ERROR(Refund(tx, *redemption, actor.id, now));
      kind = "redemption.rejected";
      break;
  }
  BB_RETURN_IF_ERROR(tx.UpdateRedemption(*redemption));
  BB_RETURN_IF_ERROR(tx.UpdateCatalogItem(*item));
  BB_RETURN_IF_ERROR(FollowInLedger(tx, *redemption, actor.id, now));
  BB_RETURN_IF_ERROR(RecordAudit(
      tx, ids_, actor, now, kind, redemption->id,
      {{"status", std::string(domain::ToString(before)), std::string(domain::ToString(redemption->status))}}, words));
  return std::move(*redemption);
}

}  // namespace bb::service

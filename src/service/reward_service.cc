#include "service/reward_service.h"

#include <algorithm>

#include "domain/ids.h"
#include "domain/money_text.h"
#include "domain/reward_correction.h"
#include "domain/reward_words.h"
#include "domain/validation.h"
#include "service/audit_trail.h"
#include "service/rating_offers.h"
#include "service/referral_ledger.h"

namespace bb::service {

using domain::Action;
using domain::Reward;
using domain::RewardRule;

namespace {

constexpr std::string_view kNoReward = "No reward with this id.";
constexpr std::string_view kNoRule = "No reward rule with this id.";
constexpr std::string_view kNoAdvocate = "No advocate with this id.";

// Ok when `actor` may act on `reward` (through its advocate).
Status AuthorizeReward(store::Queries& q, const domain::Actor& actor, Action action, const Reward& reward) {
  BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(reward.advocate_id));
  if (!advocate) return Error::NotFound(std::string(kNoReward));
  return domain::AuthorizeAdvocateObject(actor, action, *advocate, kNoReward);
}

// A redemption's entry moved through its redemption (CatalogService::DecideIn), read again as it
// now stands. The reject note's problems are named as the reward's field, "reason".
Result<Reward> DecideRedemptionOf(store::Tx& tx, const CatalogService& catalog, const domain::Actor& actor,
                                  const Reward& reward, RedemptionDecision decision, std::string_view text,
                                  Timestamp now) {
  auto decided = catalog.DecideIn(tx, actor, reward.redemption_id, decision, text, now);
  if (!decided.ok()) {
    std::vector<FieldError> fields = decided.error().fields();
    for (auto& f : fields) {
      if (f.field == "note") f.field = "reason";
    }
    return Error(decided.error().code(), decided.error().message(), std::move(fields));
  }
  BB_ASSIGN_OR_RETURN(auto moved, tx.FindReward(reward.id));
  if (!moved) return Error::Internal("The reward entry " + reward.id + " of a redemption is missing.");
  return std::move(*moved);
}

}  // namespace

Result<RewardRule> RewardService::CreateRule(const domain::Actor& actor, std::string_view program_id, RewardRule rule,
                                             const Idempotent<RewardRule>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  BB_RETURN_IF_ERROR(domain::CheckRewardRule(rule));
  rule.program_id = std::string(program_id);
  rule.retired_at.reset();
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(program_id));
    if (!program) return Error::NotFound("No program with this id.");
    if (program->status == domain::ProgramStatus::kArchived) {
      return Error::Conflict("The program is archived; it takes no new reward rules.");
    }
    // Dated inside the transaction, so that rules and stage moves are dated in the order they commit.
    rule.created_at = clock_.Now();
    rule.id = ids_.New(domain::kRewardRulePrefix);
    BB_RETURN_IF_ERROR(tx.InsertRewardRule(rule));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, rule.created_at, "reward_rule.created", rule.id,
                                   domain::CreatedFields(domain::FieldsOf(rule))));
    return idempotency_.Record(tx, idempotent, rule);
  }));
  return rule;
}

Result<std::vector<RewardRule>> RewardService::ListRules(const domain::Actor& actor, std::string_view program_id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  std::vector<RewardRule> rules;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return Error::NotFound("No program with this id.");
    BB_ASSIGN_OR_RETURN(rules, q.ListRewardRules(program_id));
    return Ok();
  }));
  return rules;
}

Result<RewardRule> RewardService::GetRule(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  std::optional<RewardRule> rule;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(rule, q.FindRewardRule(id));
    return Ok();
  }));
  if (!rule) return Error::NotFound(std::string(kNoRule));
  return std::move(*rule);
}

Result<RewardRule> RewardService::RetireRule(const domain::Actor& actor, std::string_view id,
                                             const Idempotent<RewardRule>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  RewardRule retired;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto rule, tx.FindRewardRule(id));
    if (!rule) return Error::NotFound(std::string(kNoRule));
    if (!rule->retired_at) {
      domain::AuditFields before = domain::FieldsOf(*rule);
      rule->retired_at = clock_.Now();
      BB_RETURN_IF_ERROR(tx.RetireRewardRule(id, *rule->retired_at));
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, *rule->retired_at, "reward_rule.retired", rule->id,
                                     domain::DiffFields(before, domain::FieldsOf(*rule))));
    }
    retired = std::move(*rule);
    return idempotency_.Record(tx, idempotent, retired);
  }));
  return retired;
}

Result<RewardDetail> RewardService::Get(const domain::Actor& actor, std::string_view id) {
  RewardDetail detail;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto reward, q.FindReward(id));
    if (!reward) return Error::NotFound(std::string(kNoReward));
    BB_RETURN_IF_ERROR(AuthorizeReward(q, actor, Action::kReadRewards, *reward));
    if (actor.IsAdvocate() && reward->beneficiary != domain::Beneficiary::kAdvocate) {
      return Error::NotFound(std::string(kNoReward));
    }
    detail.reward = std::move(*reward);
    BB_ASSIGN_OR_RETURN(detail.history, q.ListRewardEvents(id));
    if (actor.IsAdvocate()) return Ok();
    BB_ASSIGN_OR_RETURN(detail.actor_names, NamesOfActorsIn(q, detail.history));
    return Ok();
  }));
  return detail;
}

Result<PageOf<Reward>> RewardService::List(const domain::Actor& actor, const RewardFilter& filter, const Page& page) {
  if (!actor.IsAdvocate()) BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadRewards));
  BB_ASSIGN_OR_RETURN(std::string after, CheckPage(page, domain::kRewardPrefix));
  store::RewardQuery query;
  query.program_id = filter.program_id;
  query.advocate_id = actor.IsAdvocate() ? actor.id : filter.advocate_id;
  query.referral_id = filter.referral_id;
  // An advocate's own rewards; those for their referees are not theirs to see.
  query.beneficiary = actor.IsAdvocate() ? std::optional(domain::Beneficiary::kAdvocate) : filter.beneficiary;
  query.status = filter.status;
  query.entry = filter.entry;
  query.before_id = after;
  query.limit = page.limit + 1;
  if (actor.role == domain::Role::kSalesRep && !actor.IsAdvocate()) query.enrolled_by = actor.id;
  PageOf<Reward> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramFilterExists(q, query.program_id));
    BB_ASSIGN_OR_RETURN(out.items, q.ListRewards(query));
    return Ok();
  }));
  FinishPage(out, page);
  return out;
}

Result<PageOf<AdvocateReward>> RewardService::ListOwn(const domain::Actor& advocate, const RewardFilter& filter,
                                                      const Page& page) {
  if (!advocate.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate has own rewards.");
  BB_ASSIGN_OR_RETURN(auto rewards, List(advocate, filter, page));
  PageOf<AdvocateReward> out;
  out.next_cursor = std::move(rewards.next_cursor);
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    out.items.clear();
    BB_ASSIGN_OR_RETURN(auto me, q.FindAdvocate(advocate.id));
    BB_ASSIGN_OR_RETURN(auto words, q.ReadProgramLanguage(me ? me->program_id : ""));
    for (auto& reward : rewards.items) {
      std::string description;
      bool shared = false;
      if (reward.entry == domain::RewardEntry::kRedemption) {
        BB_ASSIGN_OR_RETURN(auto redemption, q.FindRedemption(reward.redemption_id));
        description = redemption ? domain::Say(words, "reward.redemption",
                                               {{"points", domain::FormatCount(redemption->cost_points)},
                                                {"item", redemption->item_name}})
                                 : reward.reason;
      } else {
        BB_ASSIGN_OR_RETURN(auto referral, q.FindReferral(reward.referral_id));
        description = referral ? domain::RewardInWords(reward, *referral, words) : "A reward";
        shared = referral && referral->advocate_id != reward.advocate_id;
      }
      out.items.push_back({std::move(reward), std::move(description), shared});
    }
    return Ok();
  }));
  return out;
}

Result<Reward> RewardService::Change(const domain::Actor& actor, std::string_view id, std::string_view kind,
                                     RedemptionDecision decision,
                                     const std::function<Result<bool>(Reward&, Timestamp)>& change,
                                     const std::string& note, const Idempotent<Reward>& idempotent,
                                     const AfterChange& after_change) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  Reward changed;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto reward, tx.FindReward(id));
    if (!reward) return Error::NotFound(std::string(kNoReward));
    BB_RETURN_IF_ERROR(AuthorizeReward(tx, actor, Action::kManageRewards, *reward));
    if (reward->entry == domain::RewardEntry::kRedemption) {
      Reward probe = *reward;  // what the change would do: refused, nothing, or a move
      BB_ASSIGN_OR_RETURN(bool moves, change(probe, now));
      if (moves) {
        BB_ASSIGN_OR_RETURN(*reward, DecideRedemptionOf(tx, catalog_, actor, *reward, decision, note, now));
      }
      changed = std::move(*reward);
      return idempotency_.Record(tx, idempotent, changed);
    }
    domain::AuditFields before = domain::FieldsOf(*reward);
    BB_ASSIGN_OR_RETURN(bool did_change, change(*reward, now));
    if (did_change) {
      BB_RETURN_IF_ERROR(tx.UpdateReward(*reward));
      BB_RETURN_IF_ERROR(tx.InsertRewardEvent(
          {ids_.New(domain::kRewardEventPrefix), reward->id, reward->status, actor.id, note, now}));
      BB_RETURN_IF_ERROR(events_.RewardStatusChanged(tx, now, *reward));
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, kind, reward->id,
                                     domain::DiffFields(before, domain::FieldsOf(*reward)), note));
    }
    if (after_change) BB_RETURN_IF_ERROR(after_change(tx, *reward, did_change, now));
    changed = std::move(*reward);
    return idempotency_.Record(tx, idempotent, changed);
  }));
  return changed;
}

Result<Reward> RewardService::Approve(const domain::Actor& actor, std::string_view id,
                                      const Idempotent<Reward>& idempotent) {
  return Change(actor, id, "reward.approved", RedemptionDecision::kApprove, domain::ApproveReward, "", idempotent);
}

Result<Reward> RewardService::Fulfill(const domain::Actor& actor, std::string_view id, std::string_view reference,
                                      const Idempotent<Reward>& idempotent) {
  // The advocate is asked in the portal how the payment went (rated: who paid it).
  auto ask = [&](store::Tx& tx, const Reward& paid, bool changed, Timestamp now) -> Status {
    if (!changed || paid.beneficiary != domain::Beneficiary::kAdvocate || paid.amount_minor <= 0) return Ok();
    return OfferToAdvocate(tx, ids_, actor, paid.program_id, paid.advocate_id, domain::Interaction::kRewardPaid,
                           paid.id, "rating.reward_paid",
                           {{"amount", domain::FormatMoney(paid.amount_minor, paid.currency)}}, now);
  };
  return Change(
      actor, id, "reward.fulfilled", RedemptionDecision::kFulfill,
      [&](Reward& reward, Timestamp now) { return domain::FulfillReward(reward, reference, now); },
      std::string(domain::Trim(reference)), idempotent, ask);
}

Result<Reward> RewardService::Reverse(const domain::Actor& actor, std::string_view id, std::string_view reason,
                                      const Idempotent<Reward>& idempotent) {
  std::string note(domain::Trim(reason));
  // A reward is taken back whole: the unpaid rest of its chain (a reissue or adjustment a
  // correction made for it) goes with it. An entry a correction replaced is taken back through
  // what replaced it; an adjustment declined before it was paid takes nothing else with it.
  auto take_back_rest = [&](store::Tx& tx, const Reward& reversed, bool changed, Timestamp now) -> Status {
    bool replaced = reversed.status == domain::RewardStatus::kReversed && reversed.superseded_by > 0;
    if (!(changed && domain::TakenBack(reversed)) && !replaced) return Ok();
    BB_ASSIGN_OR_RETURN(auto entries, AllRewardsOfReferral(tx, reversed.referral_id));
    std::string why =
        domain::TruncateUtf8("taken back with " + reversed.id + ": " + note, domain::kMaxReversalReasonLength);
    for (const std::string& rest_id : domain::UnpaidRestOfChain(entries, reversed)) {
      auto rest = std::find_if(entries.begin(), entries.end(), [&](const Reward& e) { return e.id == rest_id; });
      domain::AuditFields before = domain::FieldsOf(*rest);
      BB_RETURN_IF_ERROR(StatusOf(domain::ReverseReward(*rest, why, now)));
      BB_RETURN_IF_ERROR(tx.UpdateReward(*rest));
      BB_RETURN_IF_ERROR(
          tx.InsertRewardEvent({ids_.New(domain::kRewardEventPrefix), rest->id, rest->status, actor.id, why, now}));
      BB_RETURN_IF_ERROR(events_.RewardStatusChanged(tx, now, *rest));
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "reward.reversed", rest->id,
                                     domain::DiffFields(before, domain::FieldsOf(*rest)), why));
    }
    return Ok();
  };
  return Change(
      actor, id, "reward.reversed", RedemptionDecision::kReject,
      [&](Reward& reward, Timestamp now) { return domain::ReverseReward(reward, reason, now); }, note, idempotent,
      take_back_rest);
}

Result<BulkApproval> RewardService::ApproveMany(const domain::Actor& actor, const std::vector<std::string>& ids,
                                                const Idempotent<BulkApproval>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageRewards));
  if (ids.empty() || ids.size() > kMaxBulkApproval) {
    return Error::InvalidField("ids", "must list 1 to " + std::to_string(kMaxBulkApproval) + " reward ids");
  }
  BulkApproval result;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    result = BulkApproval{};
    Timestamp now = clock_.Now();
    for (const auto& id : ids) {
      BB_ASSIGN_OR_RETURN(auto reward, tx.FindReward(id));
      if (!reward || !AuthorizeReward(tx, actor, Action::kManageRewards, *reward).ok()) {
        result.skipped.emplace_back(id, std::string(kNoReward));
        continue;
      }
      auto changed = domain::ApproveReward(*reward, now);
      if (!changed.ok()) {
        result.skipped.emplace_back(id, changed.error().message());
        continue;
      }
      if (!*changed) {
        result.skipped.emplace_back(id, "The reward is approved already.");
        continue;
      }
      if (reward->entry == domain::RewardEntry::kRedemption) {  // approved by approving its redemption
        auto approved = DecideRedemptionOf(tx, catalog_, actor, *reward, RedemptionDecision::kApprove, "", now);
        if (!approved.ok()) {
          // A refusal is found before anything is written; a storage failure fails the whole approval.
          ErrorCode code = approved.error().code();
          if (code != ErrorCode::kConflict && code != ErrorCode::kInvalidArgument && code != ErrorCode::kNotFound) {
            return approved.error();
          }
          result.skipped.emplace_back(id, approved.error().message());
          continue;
        }
        result.approved.push_back(std::move(*approved));
        continue;
      }
      BB_RETURN_IF_ERROR(tx.UpdateReward(*reward));
      BB_RETURN_IF_ERROR(
          tx.InsertRewardEvent({ids_.New(domain::kRewardEventPrefix), reward->id, reward->status, actor.id, "", now}));
      BB_RETURN_IF_ERROR(events_.RewardStatusChanged(tx, now, *reward));
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "reward.approved", reward->id,
                                     {{"status", std::string("pending"), std::string("approved")}}));
      result.approved.push_back(std::move(*reward));
    }
    return idempotency_.Record(tx, idempotent, result);
  }));
  return result;
}

Result<std::vector<domain::RewardBalance>> RewardService::Balances(const domain::Actor& actor,
                                                                   std::string_view advocate_id) {
  std::vector<domain::RewardBalance> balances;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(advocate_id));
    if (!advocate) return Error::NotFound(std::string(kNoAdvocate));
    BB_RETURN_IF_ERROR(domain::AuthorizeAdvocateObject(actor, Action::kReadRewards, *advocate, kNoAdvocate));
    BB_ASSIGN_OR_RETURN(balances, q.GetRewardBalances(advocate_id));
    return Ok();
  }));
  return balances;
}

}  // namespace bb::service

#include "domain/catalog.h"

#include <algorithm>
#include <vector>

#include "domain/money_text.h"
#include "domain/reward.h"
#include "domain/reward_amount.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

void CheckInput(std::vector<FieldError>& errors, const CatalogItemInput& input) {
  if (input.name) {
    if (std::string problem = CheckText(Trim(*input.name), kMaxCatalogNameLength); !problem.empty()) {
      errors.push_back({"name", problem});
    }
  }
  if (input.description) {
    if (std::string problem =
            CheckText(Trim(*input.description), kMaxCatalogDescriptionLength, true, TextShape::kMultiLine);
        !problem.empty()) {
      errors.push_back({"description", problem});
    }
  }
  if (input.cost_points && (*input.cost_points < 1 || *input.cost_points > kMaxCatalogCost)) {
    errors.push_back({"cost_points", "must be a whole number of points from 1 to 1000000000"});
  }
  if (input.set_stock && input.stock && (*input.stock < 0 || *input.stock > kMaxCatalogStock)) {
    errors.push_back({"stock", "must be a whole number from 0 to 1000000000, or null for unlimited"});
  }
  if (input.set_per_member_limit && input.per_member_limit &&
      (*input.per_member_limit < 1 || *input.per_member_limit > kMaxPerMemberLimit)) {
    errors.push_back({"per_member_limit", "must be a whole number from 1 to 1000000, or null for no limit"});
  }
  if (input.approval && !ParseCatalogApproval(*input.approval)) {
    errors.push_back({"approval", "must be auto or manual"});
  }
  if (input.when_out && !ParseWhenOutOfStock(*input.when_out)) {
    errors.push_back({"when_out", "must be backorder or refuse"});
  }
  if (input.set_reward && input.reward) {
    const CatalogRewardInput& reward = *input.reward;
    auto kind = reward.kind ? ParseRewardKind(*reward.kind) : std::nullopt;
    if (!kind || *kind == RewardKind::kPoints) {
      errors.push_back({"reward.kind", "must be cash, credit, gift_card or custom"});
    }
    if (!reward.amount_minor) {
      errors.push_back({"reward.amount_minor", "is required: what the item pays, in the currency's minor unit"});
    } else if (*reward.amount_minor < 1 || *reward.amount_minor > kMaxMinorAmount) {
      errors.push_back({"reward.amount_minor", "must be a whole number from 1 to 1000000000000000"});
    }
  }
}

void Apply(CatalogItem& item, const CatalogItemInput& input, std::string_view currency) {
  if (input.name) item.name = std::string(Trim(*input.name));
  if (input.description) item.description = std::string(Trim(*input.description));
  if (input.cost_points) item.cost_points = *input.cost_points;
  if (input.set_stock) item.stock = input.stock;
  if (input.set_per_member_limit) item.per_member_limit = input.per_member_limit;
  if (input.approval) item.approval = *ParseCatalogApproval(*input.approval);
  if (input.when_out) item.when_out = *ParseWhenOutOfStock(*input.when_out);
  if (input.set_reward) {
    item.reward.reset();
    if (input.reward) {
      item.reward =
          CatalogReward{*ParseRewardKind(*input.reward->kind), *input.reward->amount_minor, std::string(currency)};
    }
  }
  if (input.active) item.active = *input.active;
}

Status Refused(RedemptionStatus status, std::string_view what) {
  return Error::Conflict("A redemption that is " + std::string(ToString(status)) + " cannot be " + std::string(what) +
                         ".");
}

// Gives back the one of the stock the redemption took, if it took one.
void ReturnStock(Redemption& redemption, CatalogItem& item) {
  if (redemption.from_stock && item.stock && *item.stock < kMaxCatalogStock) ++*item.stock;
  redemption.from_stock = false;
}

}  // namespace

std::string_view ToString(CatalogApproval approval) { return approval == CatalogApproval::kAuto ? "auto" : "manual"; }

std::optional<CatalogApproval> ParseCatalogApproval(std::string_view text) {
  if (text == "auto") return CatalogApproval::kAuto;
  if (text == "manual") return CatalogApproval::kManual;
  return std::nullopt;
}

std::string_view ToString(WhenOutOfStock when_out) {
  return when_out == WhenOutOfStock::kBackorder ? "backorder" : "refuse";
}

std::optional<WhenOutOfStock> ParseWhenOutOfStock(std::string_view text) {
  if (text == "backorder") return WhenOutOfStock::kBackorder;
  if (text == "refuse") return WhenOutOfStock::kRefuse;
  return std::nullopt;
}

std::string_view ToString(RedemptionStatus status) {
  switch (status) {
    case RedemptionStatus::kRequested: return "requested";
    case RedemptionStatus::kApproved: return "approved";
    case RedemptionStatus::kBackordered: return "backordered";
    case RedemptionStatus::kFulfilled: return "fulfilled";
    case RedemptionStatus::kRejected: return "rejected";
    case RedemptionStatus::kCancelled: return "cancelled";
  }
  return "requested";
}

std::optional<RedemptionStatus> ParseRedemptionStatus(std::string_view text) {
  for (auto status : {RedemptionStatus::kRequested, RedemptionStatus::kApproved, RedemptionStatus::kBackordered,
                      RedemptionStatus::kFulfilled, RedemptionStatus::kRejected, RedemptionStatus::kCancelled}) {
    if (ToString(status) == text) return status;
  }
  return std::nullopt;
}

Result<CatalogItem> BuildCatalogItem(const CatalogItemInput& input, std::string id, std::string program_id,
                                     std::string_view currency, Timestamp now) {
  std::vector<FieldError> errors;
  if (!input.name) errors.push_back({"name", "is required"});
  if (!input.cost_points) errors.push_back({"cost_points", "is required: the item's price in points"});
  CheckInput(errors, input);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  CatalogItem item;
  item.id = std::move(id);
  item.program_id = std::move(program_id);
  Apply(item, input, currency);
  item.created_at = item.updated_at = now;
  return item;
}

Result<bool> ApplyCatalogItemChanges(CatalogItem& item, const CatalogItemInput& input, std::string_view currency,
                                     Timestamp now) {
  std::vector<FieldError> errors;
  CheckInput(errors, input);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  CatalogItem before = item;
  Apply(item, input, currency);
  if (item == before) return false;
  item.updated_at = now;
  return true;
}

bool TrustedForCatalog(AdvocateSource source) { return source != AdvocateSource::kSelfSignup; }

bool InStockFor(const CatalogItem& item, std::int64_t backorders) { return !item.stock || *item.stock > backorders; }

namespace {

enum class Obstacle { kNone, kRetired, kLimit, kPoints, kOutOfStock };

Obstacle ObstacleTo(const CatalogItem& item, const RedeemFacts& facts) {
  if (!item.active) return Obstacle::kRetired;
  if (item.per_member_limit && facts.already_taken >= *item.per_member_limit) return Obstacle::kLimit;
  if (facts.redeemable < item.cost_points) return Obstacle::kPoints;
  if (!InStockFor(item, facts.backorders) && item.when_out == WhenOutOfStock::kRefuse) return Obstacle::kOutOfStock;
  return Obstacle::kNone;
}

}  // namespace

std::string WhyNotRedeemable(const CatalogItem& item, const RedeemFacts& facts, const ProgramLanguage& words) {
  switch (ObstacleTo(item, facts)) {
    case Obstacle::kNone: return "";
    case Obstacle::kRetired: return Say(words, "catalog.retired");
    case Obstacle::kLimit: return Say(words, "catalog.limit");
    case Obstacle::kPoints:
      return Say(words, "catalog.points",
                 {{"points", FormatCount(item.cost_points - std::max<std::int64_t>(facts.redeemable, 0))}});
    case Obstacle::kOutOfStock: return Say(words, "catalog.out_of_stock");
  }
  return "";
}

Result<Redemption> Redeem(CatalogItem& item, std::string_view advocate_id, const RedeemFacts& facts, std::string id,
                          Timestamp now, const ProgramLanguage& words) {
  switch (ObstacleTo(item, facts)) {
    case Obstacle::kNone: break;
    case Obstacle::kRetired: return Error::Conflict("This item is no longer offered.");
    case Obstacle::kOutOfStock: return Error::Conflict("This item is out of stock.");
    case Obstacle::kLimit:
    case Obstacle::kPoints: return Error::InvalidField("item_id", WhyNotRedeemable(item, facts, words));
  }
  Redemption r;
  r.id = std::move(id);
  r.program_id = item.program_id;
  r.advocate_id = std::string(advocate_id);
  r.item_id = item.id;
  r.item_name = item.name;
  r.cost_points = item.cost_points;
  r.reward = item.reward;
  r.created_at = r.updated_at = now;
  if (!InStockFor(item, facts.backorders)) {
    r.status = RedemptionStatus::kBackordered;
  } else {
    if (item.stock) {
      --*item.stock;
      r.from_stock = true;
      item.updated_at = now;
    }
    r.status = item.approval == CatalogApproval::kAuto && facts.trusted ? RedemptionStatus::kApproved
                                                                        : RedemptionStatus::kRequested;
  }
  return r;
}

Status ApproveRedemption(Redemption& redemption, CatalogItem& item, std::string actor_id, Timestamp now) {
  if (redemption.status == RedemptionStatus::kBackordered) {
    if (item.stock && *item.stock == 0) return Error::Conflict("The item is still out of stock; restock it first.");
    if (item.stock) {
      --*item.stock;
      redemption.from_stock = true;
      item.updated_at = now;
    }
  } else if (redemption.status != RedemptionStatus::kRequested) {
    return Refused(redemption.status, "approved");
  }
  redemption.status = RedemptionStatus::kApproved;
  redemption.updated_at = now;
  redemption.decided_by = std::move(actor_id);
  return Ok();
}

Status FulfillRedemption(Redemption& redemption, std::string reference, std::string actor_id, Timestamp now) {
  if (redemption.status != RedemptionStatus::kApproved) return Refused(redemption.status, "fulfilled");
  if (redemption.reward) {
    if (std::string problem = CheckText(reference, kMaxPayoutReferenceLength); !problem.empty()) {
      return Error::InvalidField("reference", "the payout's reference (the item pays a reward): " + problem);
    }
  }
  redemption.status = RedemptionStatus::kFulfilled;
  redemption.reference = std::move(reference);
  redemption.updated_at = now;
  redemption.decided_by = std::move(actor_id);
  return Ok();
}

Status RejectRedemption(Redemption& redemption, CatalogItem& item, std::string note, std::string actor_id,
                        Timestamp now) {
  if (redemption.status != RedemptionStatus::kRequested && redemption.status != RedemptionStatus::kBackordered &&
      redemption.status != RedemptionStatus::kApproved) {
    return Refused(redemption.status, "rejected");
  }
  ReturnStock(redemption, item);
  item.updated_at = now;
  redemption.status = RedemptionStatus::kRejected;
  redemption.note = std::move(note);
  redemption.updated_at = now;
  redemption.decided_by = std::move(actor_id);
  return Ok();
}

Status CancelRedemption(Redemption& redemption, CatalogItem& item, std::string actor_id, Timestamp now) {
  if (redemption.status != RedemptionStatus::kRequested && redemption.status != RedemptionStatus::kBackordered) {
    return Refused(redemption.status, "cancelled");
  }
  ReturnStock(redemption, item);
  item.updated_at = now;
  redemption.status = RedemptionStatus::kCancelled;
  redemption.updated_at = now;
  redemption.decided_by = std::move(actor_id);
  return Ok();
}

}  // namespace bb::domain

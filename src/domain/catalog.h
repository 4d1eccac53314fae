#pragma once
// The rewards catalogue (research/intelligence.md §5.2–5.3): items a program's advocates buy with
// redeemable points, each with a point cost, an optional stock and an optional limit per person;
// and the redemptions they make. Points are taken when an advocate redeems (so they cannot be spent
// twice) and given back when the redemption is rejected or cancelled. An item out of stock is
// backordered (points taken, sent when restocked) unless it refuses backorders. Trusted advocates
// (enrolled by staff, a sales rep, the API or an import) are approved at once for an item with
// automatic approval; those who signed up themselves wait for staff. An item may also pay a reward
// (cash, credit, a gift card or a custom kind, in the program's currency): its redemptions are then
// paid through the reward ledger (domain/redemption_reward.h). Pure; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"
#include "domain/program_language.h"
#include "domain/reward_rule.h"

namespace bb::domain {

enum class CatalogApproval { kAuto, kManual };
std::string_view ToString(CatalogApproval approval);  // "auto", "manual"
std::optional<CatalogApproval> ParseCatalogApproval(std::string_view text);

enum class WhenOutOfStock { kBackorder, kRefuse };
std::string_view ToString(WhenOutOfStock when_out);  // "backorder", "refuse"
std::optional<WhenOutOfStock> ParseWhenOutOfStock(std::string_view text);

enum class RedemptionStatus { kRequested, kApproved, kBackordered, kFulfilled, kRejected, kCancelled };
std::string_view ToString(RedemptionStatus status);
std::optional<RedemptionStatus> ParseRedemptionStatus(std::string_view text);

inline constexpr std::size_t kMaxCatalogNameLength = 80;
inline constexpr std::size_t kMaxCatalogDescriptionLength = 500;
inline constexpr std::int64_t kMaxCatalogCost = 1'000'000'000;
inline constexpr std::int64_t kMaxCatalogStock = 1'000'000'000;
inline constexpr std::int64_t kMaxPerMemberLimit = 1'000'000;
inline constexpr std::size_t kMaxRedemptionNote = 500;

// What redeeming an item pays into the reward ledger besides the thing itself: an amount of one of
// the reward kinds (not points: points do not buy points), in the program's currency.
struct CatalogReward {
  RewardKind kind = RewardKind::kGiftCard;
  std::int64_t amount_minor = 0;  // 1..kMaxMinorAmount
  std::string currency;           // the program's
  friend bool operator==(const CatalogReward&, const CatalogReward&) = default;
};

// A reward as a client sent it: both fields required (a reward is replaced whole).
struct CatalogRewardInput {
  std::optional<std::string> kind;
  std::optional<std::int64_t> amount_minor;
};

struct CatalogItem {
  std::string id;  // kCatalogItemPrefix
  std::string program_id;
  std::string name;
  std::string description;
  std::int64_t cost_points = 0;                  // 1..kMaxCatalogCost
  std::optional<std::int64_t> stock;             // none: unlimited
  std::optional<std::int64_t> per_member_limit;  // none: no limit
  CatalogApproval approval = CatalogApproval::kManual;
  WhenOutOfStock when_out = WhenOutOfStock::kBackorder;
  std::optional<CatalogReward> reward;  // none: the item pays nothing into the reward ledger
  bool active = true;
  Timestamp created_at{};
  Timestamp updated_at{};
  friend bool operator==(const CatalogItem&, const CatalogItem&) = default;
};

// Fields as a client sent them; absent ones keep their value (on creation: the defaults). A
// null stock or limit (set_stock / set_limit with no value) means unlimited.
struct CatalogItemInput {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::int64_t> cost_points;
  bool set_stock = false;
  std::optional<std::int64_t> stock;
  bool set_per_member_limit = false;
  std::optional<std::int64_t> per_member_limit;
  std::optional<std::string> approval;
  std::optional<std::string> when_out;
  bool set_reward = false;  // a null reward (set_reward with none) removes it
  std::optional<CatalogRewardInput> reward;
  std::optional<bool> active;
};

// A new item of `program_id` (whose currency is `currency`) from `input` (name and cost_points
// required). kInvalidArgument naming each bad field ("reward.kind", "reward.amount_minor" for a
// reward's).
Result<CatalogItem> BuildCatalogItem(const CatalogItemInput& input, std::string id, std::string program_id,
                                     std::string_view currency, Timestamp now);
// `input` applied to `item` (of a program whose currency is `currency`) at `now`; kInvalidArgument
// naming each bad field (nothing changed then). Returns whether anything changed.
Result<bool> ApplyCatalogItemChanges(CatalogItem& item, const CatalogItemInput& input, std::string_view currency,
                                     Timestamp now);

struct Redemption {
  std::string id;  // kRedemptionPrefix
  std::string program_id;
  std::string advocate_id;
  std::string item_id;
  std::string item_name;  // as it was when redeemed
  std::int64_t cost_points = 0;
  RedemptionStatus status = RedemptionStatus::kRequested;
  bool from_stock = false;  // took one of a limited stock (given back if rejected or cancelled)
  std::string reference;    // what staff sent (a voucher code, a tracking number)
  std::string note;         // why it was rejected or cancelled
  Timestamp created_at{};
  Timestamp updated_at{};
  std::string decided_by;               // the staff member (or advocate, for a cancel) who last changed it
  std::optional<CatalogReward> reward;  // what the item paid when redeemed; none: nothing
  std::string reward_id;                // its reward ledger entry ("" without a reward)
  friend bool operator==(const Redemption&, const Redemption&) = default;
};

// What an advocate asking for `item` may get, from the facts read in the same transaction.
struct RedeemFacts {
  std::int64_t redeemable = 0;     // the advocate's redeemable points now
  std::int64_t already_taken = 0;  // their redemptions of the item not rejected or cancelled
  bool trusted = false;            // see TrustedForCatalog
  std::int64_t backorders = 0;     // the item's redemptions waiting for stock: they come first
};

// Whether `item` has a unit for a new redemption: unlimited, or more left than the backorders
// waiting for it (a restocked or returned unit goes to those who waited).
bool InStockFor(const CatalogItem& item, std::int64_t backorders);

// Whether an advocate enrolled by `source` is approved at once for items with automatic approval.
bool TrustedForCatalog(AdvocateSource source);

// Why `item` cannot be redeemed by someone with `facts`, in the program's `words`, or "" when it
// can: retired; the limit reached; not enough points; out of stock when it refuses backorders.
std::string WhyNotRedeemable(const CatalogItem& item, const RedeemFacts& facts, const ProgramLanguage& words);

// The redemption of `item` by `advocate_id` with `facts`, at `now`, and the item's stock after it.
// kConflict when retired or out of stock refusing backorders; kInvalidArgument naming "item_id"
// when the limit is reached or the points are not enough (saying why in `words`). The caller takes
// the points.
Result<Redemption> Redeem(CatalogItem& item, std::string_view advocate_id, const RedeemFacts& facts, std::string id,
                          Timestamp now, const ProgramLanguage& words);

// Staff decisions and the advocate's cancel. Approve: requested or backordered → approved (a
// backordered one takes one of `item`'s stock, kConflict when there is none). Fulfill: approved →
// fulfilled with `reference` (for a redemption that pays a reward, the payout reference: 1 to
// kMaxPayoutReferenceLength characters, kInvalidArgument naming "reference" otherwise). Reject (staff) and Cancel (the
// advocate: requested or backordered only): → rejected / cancelled with `note`, one of the stock given back if it took
// one. kConflict for any other move. The caller gives the points back on reject and cancel.
Status ApproveRedemption(Redemption& redemption, CatalogItem& item, std::string actor_id, Timestamp now);
Status FulfillRedemption(Redemption& redemption, std::string reference, std::string actor_id, Timestamp now);
Status RejectRedemption(Redemption& redemption, CatalogItem& item, std::string note, std::string actor_id,
                        Timestamp now);
Status CancelRedemption(Redemption& redemption, CatalogItem& item, std::string actor_id, Timestamp now);

}  // namespace bb::domain

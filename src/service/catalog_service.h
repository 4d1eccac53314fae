#pragma once
// The rewards catalogue (domain/catalog.h) as staff and advocates use it: staff keep each
// program's items (admins and managers change them; every staff role reads them), advocates redeem
// their points for them in the portal, staff approve, fulfil or reject the redemptions. A
// redemption and its points move in one transaction: the points are taken with the redemption
// (points entry "redemption:<id>") and given back with its rejection or cancellation
// ("redemption_refund:<id>"), each exactly once. A redemption of an item that pays a reward writes
// its reward ledger entry in the same transaction, and every decision moves that entry with it
// (domain/redemption_reward.h); deciding that entry through the reward endpoints decides its
// redemption (RewardService calls DecideIn), so the two never disagree. Thread-safe (no state of
// its own).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/catalog.h"
#include "service/actor_names.h"
#include "service/event_publisher.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/paging.h"
#include "service/points_ledger.h"
#include "store/store.h"

namespace bb::service {

struct CatalogEntry {
  domain::CatalogItem item;
  std::int64_t redeemed = 0;  // redemptions not rejected or cancelled
};

// An item as the signed-in advocate sees it.
struct PortalCatalogItem {
  domain::CatalogItem item;
  std::string why_not;   // "" when they may redeem it
  bool in_stock = true;  // false: redeeming it now backorders it (or is refused)
};

struct PortalCatalog {
  std::int64_t redeemable = 0;
  std::vector<PortalCatalogItem> items;
};

struct RedemptionPage {
  PageOf<domain::Redemption> redemptions;
  ActorNames names;  // the advocates' and the deciders' names
};

enum class RedemptionDecision { kApprove, kFulfill, kReject };

// A redemption with the names of its advocate and of who decided.
struct NamedRedemption {
  domain::Redemption redemption;
  ActorNames names;
};

class CatalogService {
 public:
  CatalogService(store::Store& store, const Clock& clock, const IdGenerator& ids, const Idempotency& idempotency,
                 const EventPublisher& events)
      : store_(store), clock_(clock), ids_(ids), idempotency_(idempotency), events_(events), points_(ids) {}

  // The program's items (retired ones with `include_retired`), each with how many were redeemed.
  // Every staff role; kNotFound for a program that does not exist.
  Result<std::vector<CatalogEntry>> ListItems(const domain::Actor& actor, std::string_view program_id,
                                              bool include_retired);
  // Admins and managers; kInvalidArgument naming each bad field (a reward's in the program's
  // currency); kConflict for an archived program's; audited catalog.item_created / catalog.item_changed (a change that
  // changes nothing writes nothing).
  Result<CatalogEntry> CreateItem(const domain::Actor& actor, std::string_view program_id,
                                  const domain::CatalogItemInput& input, const Idempotent<CatalogEntry>& idempotent);
  Result<CatalogEntry> UpdateItem(const domain::Actor& actor, std::string_view id,
                                  const domain::CatalogItemInput& input);

  // The signed-in advocate's program's active items and whether they may redeem each. kConflict
  // when the program's points are off.
  Result<PortalCatalog> Catalog(const domain::Actor& actor);
  // The signed-in advocate redeems `item_id` (see domain::Redeem): kNotFound for an item of another
  // program, kConflict when points are off, the program is archived, the item is retired or out of
  // stock refusing
  // backorders, kInvalidArgument naming "item_id" when the limit is reached or the points do not
  // suffice.
  Result<domain::Redemption> Redeem(const domain::Actor& actor, std::string_view item_id,
                                    const Idempotent<domain::Redemption>& idempotent);
  // The signed-in advocate cancels their own requested or backordered redemption; its points come
  // back. kNotFound for another's, kConflict for any other status.
  Result<domain::Redemption> Cancel(const domain::Actor& actor, std::string_view id,
                                    const Idempotent<domain::Redemption>& idempotent);

  // Staff who may read rewards (sales reps: their own advocates'), or the signed-in advocate (their
  // own: the query's advocate is theirs).
  Result<RedemptionPage> ListRedemptions(const domain::Actor& actor, store::RedemptionQuery query, const Page& page);
  // Admins and managers approve, fulfil (with `text` as the reference) or reject (with `text` as
  // the note, required: kInvalidArgument naming "note") a redemption; rejecting gives the points
  // back. An item that pays a reward needs a reference to be fulfilled (the payout's, kInvalidArgument
  // naming "reference"). Audited as redemption.approved / .fulfilled / .rejected.
  Result<NamedRedemption> Decide(const domain::Actor& actor, std::string_view id, RedemptionDecision decision,
                                 std::string_view text, const Idempotent<NamedRedemption>& idempotent);
  // Decide's work inside `tx` at `now` (access, text, the decision, the points back, the ledger
  // entry following, the audit), without an idempotency record: for the reward endpoints acting on
  // a redemption's ledger entry.
  Result<domain::Redemption> DecideIn(store::Tx& tx, const domain::Actor& actor, std::string_view id,
                                      RedemptionDecision decision, std::string_view text, Timestamp now) const;

 private:
  // Gives the points of `redemption` back (once: keyed by the redemption), at `now`.
  Status Refund(store::Tx& tx, const domain::Redemption& redemption, const std::string& actor_id, Timestamp now) const;
  // Writes the reward ledger entry of a new `redemption` that pays a reward (nothing otherwise),
  // with its first status change and its "reward.created" event.
  Status RecordReward(store::Tx& tx, const domain::Redemption& redemption, const std::string& actor_id,
                      Timestamp now) const;
  // Moves the ledger entry of `redemption` (if it pays a reward) to the status its decision calls
  // for, as one status change by `actor_id` with its event. kInternal when the entry is missing.
  Status FollowInLedger(store::Tx& tx, const domain::Redemption& redemption, const std::string& actor_id,
                        Timestamp now) const;

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const Idempotency& idempotency_;
  const EventPublisher& events_;
  PointsLedger points_;
};

}  // namespace bb::service

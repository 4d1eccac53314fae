#pragma once
// Use cases for reward rules and the reward ledger: create, list, read and retire rules (rules
// never change: retire one and create its successor); list and read rewards; approve (one or in
// bulk), fulfill with a payout reference, reverse with a reason; an advocate's balances, always
// summed from the ledger. Every method checks the actor's right to the program or advocate.
// Thread-safe.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/reward.h"
#include "domain/reward_rule.h"
#include "service/actor_names.h"
#include "service/catalog_service.h"
#include "service/event_publisher.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/program_service.h"
#include "store/store.h"

namespace bb::service {

struct RewardFilter {
  std::string program_id;
  std::string advocate_id;
  std::string referral_id;
  std::optional<domain::Beneficiary> beneficiary;
  std::optional<domain::RewardStatus> status;
  std::optional<domain::RewardEntry> entry;
};

// A reward as its advocate is shown it: with what it was given for, in words.
struct AdvocateReward {
  domain::Reward reward;
  std::string description;
  // A share of split credit in another advocate's referral: the portal shows neither the referral
  // nor the ledger's reason (which carries that deal's value).
  bool shared = false;
};

// A reward with its status changes (oldest first).
struct RewardDetail {
  domain::Reward reward;
  std::vector<domain::RewardEvent> history;
  ActorNames actor_names;  // who made each change, for staff (empty for an advocate)
};

// What a bulk approval did: the rewards approved now, and those left as they were with why.
struct BulkApproval {
  std::vector<domain::Reward> approved;
  std::vector<std::pair<std::string, std::string>> skipped;  // reward id, reason
};

inline constexpr std::size_t kMaxBulkApproval = 500;

class RewardService {
 public:
  RewardService(store::Store& store, const Clock& clock, const IdGenerator& ids, const Idempotency& idempotency,
                const EventPublisher& events, const CatalogService& catalog)
      : store_(store), clock_(clock), ids_(ids), idempotency_(idempotency), events_(events), catalog_(catalog) {}

  // Checks `rule` (domain::CheckRewardRule) and adds it to the program; it applies to moves from
  // now on. kNotFound for an unknown program, kConflict for an archived one.
  Result<domain::RewardRule> CreateRule(const domain::Actor& actor, std::string_view program_id,
                                        domain::RewardRule rule, const Idempotent<domain::RewardRule>& idempotent = {});
  // The program's rules, retired ones included, oldest first.
  Result<std::vector<domain::RewardRule>> ListRules(const domain::Actor& actor, std::string_view program_id);
  Result<domain::RewardRule> GetRule(const domain::Actor& actor, std::string_view id);
  // Stops the rule from giving rewards from now on; retiring a retired rule changes nothing.
  Result<domain::RewardRule> RetireRule(const domain::Actor& actor, std::string_view id,
                                        const Idempotent<domain::RewardRule>& idempotent = {});

  Result<RewardDetail> Get(const domain::Actor& actor, std::string_view id);
  // Staff: rewards matching the filter; an advocate: their own (as beneficiary).
  Result<PageOf<domain::Reward>> List(const domain::Actor& actor, const RewardFilter& filter, const Page& page);
  // The signed-in advocate's own rewards (as List), each with what it was given for in their words
  // (domain::RewardInWords). kPermissionDenied for anyone but an advocate.
  Result<PageOf<AdvocateReward>> ListOwn(const domain::Actor& advocate, const RewardFilter& filter, const Page& page);

  // Status changes (see domain::ApproveReward, FulfillReward, ReverseReward); each change is kept
  // as a ledger event with the actor. Repeating a change that is already done changes nothing.
  // A catalogue redemption's entry is changed by deciding its redemption in the same transaction
  // (approve → approve, fulfil → fulfil with the reference, reverse → reject with the reason: the
  // points given back), which the entry then follows; what the redemption refuses is refused.
  Result<domain::Reward> Approve(const domain::Actor& actor, std::string_view id,
                                 const Idempotent<domain::Reward>& idempotent = {});
  Result<domain::Reward> Fulfill(const domain::Actor& actor, std::string_view id, std::string_view reference,
                                 const Idempotent<domain::Reward>& idempotent = {});
  // Reversing takes the reward back whole: the unpaid rest of its chain (see
  // domain::UnpaidRestOfChain) is reversed with it, and a later deal value correction leaves the
  // chain alone (domain::TakenBack). Reversing an entry a correction replaced takes back what
  // replaced it; reversing an adjustment not yet paid only declines that adjustment.
  Result<domain::Reward> Reverse(const domain::Actor& actor, std::string_view id, std::string_view reason,
                                 const Idempotent<domain::Reward>& idempotent = {});
  // Approves up to kMaxBulkApproval rewards in one transaction; ids that are unknown, not visible
  // or not pending are skipped with the reason. kInvalidArgument on "ids" for an empty or too long list.
  Result<BulkApproval> ApproveMany(const domain::Actor& actor, const std::vector<std::string>& ids,
                                   const Idempotent<BulkApproval>& idempotent = {});

  // The rewards the advocate is the beneficiary of, summed by currency and status (staff, or the
  // advocate themselves); rewards for their referees are not theirs.
  Result<std::vector<domain::RewardBalance>> Balances(const domain::Actor& actor, std::string_view advocate_id);

 private:
  using AfterChange = std::function<Status(store::Tx&, const domain::Reward&, bool changed, Timestamp)>;
  // Applies `change` to the reward in one transaction, recording a ledger event when it changed,
  // then `after_change` (if any; told whether the reward changed) in the same transaction. `kind`
  // names the change in the audit trail. A redemption's entry that `change` would move is moved by
  // `decision` on its redemption instead (`note` its reference or reason).
  Result<domain::Reward> Change(const domain::Actor& actor, std::string_view id, std::string_view kind,
                                RedemptionDecision decision,
                                const std::function<Result<bool>(domain::Reward&, Timestamp)>& change,
                                const std::string& note, const Idempotent<domain::Reward>& idempotent,
                                const AfterChange& after_change = nullptr);

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const Idempotency& idempotency_;
  const EventPublisher& events_;
  const CatalogService& catalog_;
};

}  // namespace bb::service

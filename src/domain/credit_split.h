#pragma once
// Split credit: when several advocates touched one won deal (the advocate whose link the visitor
// followed first, the advocate the referral is attributed to, advocates who referred other people
// of the same CRM deal or, when the program says so, of the same account within a window), the
// advocate rewards of the win are shared among them by the program's credit policy. Pure rules,
// no I/O. The shares of a win are recorded once (ReferralCredit), so that `bluebird ledger verify`
// replays the same split whatever the policy says later.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/buying_committee.h"

namespace bb::domain {

// none: the referral's advocate alone (as before split credit existed); equal: the same share for
// every advocate who touched the deal; first_weighted / last_weighted: the first (last) toucher
// gets the lead share and the others divide the rest equally; by_role: shares in proportion to the
// weight of the buying roles of the people each advocate brought.
enum class CreditSplit { kNone, kEqual, kFirstWeighted, kLastWeighted, kByRole };

std::string_view ToString(CreditSplit split);
std::optional<CreditSplit> ParseCreditSplit(std::string_view text);

inline constexpr std::int64_t kFullShareBp = 10'000;
inline constexpr std::int64_t kMaxRoleWeight = 100;
inline constexpr std::int64_t kMaxAccountWindowDays = 730;
// More advocates than this touching one deal: the earliest ones share it (a deal with more is
// almost certainly a data problem, and a reward split in hundreds of parts helps no one).
inline constexpr std::size_t kMaxCreditShares = 20;

struct CreditPolicy {
  CreditSplit split = CreditSplit::kNone;
  std::int64_t lead_share_bp = 5'000;  // first/last weighted: 5,000 ..= 10,000
  // by_role: each buying role's weight (0 ..= kMaxRoleWeight); roles not named weigh `unroled_weight`.
  std::map<BuyingRole, std::int64_t> role_weights;
  std::int64_t unroled_weight = 1;  // also the weight of a toucher who brought no one with a role
  // When > 0, the program's referrals to the same account (the referee's business email domain)
  // submitted within this many days before the win touched it too (1 ..= kMaxAccountWindowDays).
  std::int64_t account_window_days = 0;
  // Account-level credit: when a referral's win counts, the program's other open, clear referrals
  // of the same account (the same CRM deal, or the referee's business email domain within
  // `account_window_days` before the win) count as won too, each without a deal or a reward of its
  // own (domain/account_credit.h). Needs an account window.
  bool account_credit = false;
};

// The default weights of by_role: the economic buyer 4; the executive sponsor and the decision
// maker 3; the technical and user buyers 2; the others 1.
std::map<BuyingRole, std::int64_t> DefaultRoleWeights();

// Checks a policy as a client wrote it. Fails with kInvalidArgument naming each bad field:
// "lead_share_bp", "role_weights.<role>", "unroled_weight", "account_window_days", "account_credit"
// (on without an account window).
Status CheckCreditPolicy(const CreditPolicy& policy);

// One advocate's touch of a deal: when, through which referral ("" for the first-touch link of
// the won referral), and the weight of the roles of the people they brought (by_role).
struct CreditTouch {
  std::string advocate_id;
  std::string referral_id;
  Timestamp at;
  std::int64_t role_weight = 0;
};

// One advocate's part of a won deal, in basis points of the advocate rewards.
struct CreditShare {
  std::string advocate_id;
  std::string referral_id;  // the touch the share is for ("" for a first-touch link)
  std::int64_t share_bp = 0;
  Timestamp touched_at;
  // Not stored: every referral through which the advocate touched the deal has been rejected since
  // (MarkTakenBack), so the share is paid nothing more, not even at a corrected value.
  bool taken_back = false;
};

// A referral other than the won one that a split counted, and whose advocate's share it backs.
// `same_deal`: it was counted as a referral of the same CRM deal (not of the same account).
struct CountedTouch {
  std::string referral_id;
  std::string advocate_id;
  bool same_deal = false;
};

// The shares `policy` gives `touches`, which must hold the won referral's own advocate. One share
// per advocate (their earliest touch, with the highest role weight among their touches), in the
// order of the touches (earliest first; at one instant, a touch without a referral first, then by
// referral id and advocate id), at most kMaxCreditShares of them
// (the earliest; the won referral's advocate always among them). The shares add up to exactly
// kFullShareBp; what a division leaves goes one point each to the largest remainders, earliest
// first. Policy none: the whole share to `own_advocate_id`.
std::vector<CreditShare> SplitCredit(const CreditPolicy& policy, std::vector<CreditTouch> touches,
                                     std::string_view own_advocate_id);

// The weight of a person with `roles` under `policy` (their highest role's; unroled_weight for no
// role).
std::int64_t RoleWeight(const CreditPolicy& policy, const std::vector<BuyingRole>& roles);

// `amount_minor` (either sign) divided by `shares`: each share's part rounded toward zero, then one
// minor unit more to the largest remainders (earliest first) so that the parts add up exactly to
// `amount_minor`. Parts are in the order of `shares`.
std::vector<std::int64_t> SplitAmount(std::int64_t amount_minor, const std::vector<CreditShare>& shares);

// The split of one win, recorded when the win counted. A later win of a referral of the same CRM
// deal joins the first one's split: the deal pays once.
struct ReferralCredit {
  std::string id;
  std::string program_id;
  std::string referral_id;  // the won referral
  // "deal:<CRM id>" for a referral with a CRM deal, "referral:<id>" otherwise: one split per key.
  std::string deal_key;
  std::string joined;  // the credit this win joined (its deal was credited already); "" for a split
  CreditSplit split = CreditSplit::kNone;
  std::vector<CreditShare> shares;    // empty for a join
  std::vector<CountedTouch> touches;  // every referral counted besides the won one; empty for a join
  Timestamp at;
};

// Marks the shares of `credit` taken back: those of an advocate other than `own_advocate_id` (the
// won referral's) whose every counted touch is rejected by now (`rejected(referral_id)`). A share
// backed by no counted touch (a first-touch link) is never taken back this way.
void MarkTakenBack(ReferralCredit& credit, std::string_view own_advocate_id,
                   const std::function<bool(const std::string& referral_id)>& rejected);

// The share of `advocate_id` in `credit`, or nullptr.
const CreditShare* ShareOf(const ReferralCredit& credit, std::string_view advocate_id);

// The uniqueness key part of a share's reward: `trigger_key` for the won referral's own advocate,
// "<trigger_key>@<advocate id>" for any other credited advocate.
std::string SharedTriggerKey(std::string_view trigger_key, std::string_view advocate_id,
                             std::string_view own_advocate_id);

}  // namespace bb::domain

#pragma once
// The credit of a win under the program's credit policy (domain/credit_split.h): who touched the
// won deal, and the split recorded once for it. Used by the reward engine when a referral's win
// counts. Thread-safe (no state of its own).

#include <optional>

#include "common/result.h"
#include "domain/credit_split.h"
#include "domain/referral.h"
#include "service/id_generator.h"
#include "store/store.h"

namespace bb::service {

class CreditRecorder {
 public:
  explicit CreditRecorder(const IdGenerator& ids) : ids_(ids) {}

  // The credit of `referral`'s win, which counts at `at` (the move to won of a clear referral, or
  // the clearing of a won one), written in `tx`:
  // - the credit recorded for the referral already, if any (a win is credited once);
  // - a join, whatever the policy says now, when a split was recorded for the referral's CRM deal,
  //   or for a CRM deal that counted this referral as one of the deal's (CountedAsSameDeal; its
  //   deal id changed since): a deal pays once;
  // - nullopt when the program's policy is none (nothing is recorded);
  // - otherwise the split of the advocates who touched the deal, recorded now: the advocate of the
  //   first-touch link (while active), the referral's own, and those of the program's clear, not
  //   rejected, not yet won referrals of the same CRM deal and, with an account window, of the same
  //   business email domain submitted within it (a referral already won was paid at its own win; one
  //   another CRM deal's split counted belongs to that deal), with every referral it counted.
  // Fails only with the store's error; kConflict on "deal_key" when another process recorded the
  // deal's split concurrently (the transaction is retried by the store, or fails as a conflict).
  Result<std::optional<domain::ReferralCredit>> ForWin(store::Tx& tx, const domain::Referral& referral,
                                                       Timestamp at) const;

  // The credit recorded at `referral`'s win (nullopt when none was), with the shares whose every
  // counted touch is rejected by now marked taken back (domain::MarkTakenBack): what corrections and
  // late grants pay by. Fails only with the store's error.
  Result<std::optional<domain::ReferralCredit>> Recorded(store::Queries& q, const domain::Referral& referral) const;

 private:
  const IdGenerator& ids_;
};

// The referrals of `referral`'s account when it is won at `at` under `policy`: those of the same
// CRM deal (when it has a deal id) and, with an account window, those whose referee has the same
// company domain (domain::CompanyDomain: not free email) submitted within the window before `at`.
// Neither part is asked for when it does not apply (empty external_id / email_domain).
store::DealTouchQuery AccountQueryOf(const domain::Referral& referral, const domain::CreditPolicy& policy,
                                     Timestamp at);

// The deal key of `referral` (domain::ReferralCredit::deal_key).
std::string DealKeyOf(const domain::Referral& referral);

// Whether `split` is a CRM deal's split that counted `referral_id` as a referral of that deal: the
// referral then joins it when it wins, and no other split counts it.
bool CountedAsSameDeal(const domain::ReferralCredit& split, std::string_view referral_id);

}  // namespace bb::service

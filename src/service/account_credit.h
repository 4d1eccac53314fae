#pragma once
// Account-level credit (domain/account_credit.h) written when a referral's win counts. Used by the
// referral service where a win counts: the move to won of a clear referral, and the clearing of a
// won one. Thread-safe (no state of its own).

#include <vector>

#include "common/result.h"
#include "domain/referral.h"
#include "service/event_publisher.h"
#include "service/id_generator.h"
#include "service/lifecycle_mover.h"
#include "store/store.h"

namespace bb::service {

class AccountCredit {
 public:
  AccountCredit(const IdGenerator& ids, const EventPublisher& events) : ids_(ids), events_(events), lifecycle_(ids) {}

  // When `won`'s program gives account-level credit, moves each of the program's referrals of
  // `won`'s account that domain::CreditedByAccountWin admits (the same CRM deal; the same business
  // email domain, not a free-mail one, submitted within the account window before `at`; at most
  // 1,000 of each) to won, in `tx`: a history entry "account_won" naming `won` (no deal value, by
  // the system), the person's lifecycle follows, "referral.stage_changed" is published (the
  // advocate hears of the win as of any), and the audit trail records "referral.account_won". No
  // reward rule and no points are evaluated for them. Returns the referrals moved, as moved, oldest
  // first; nothing when the policy gives no account credit. Fails only with the store's error.
  Result<std::vector<domain::Referral>> CreditAccount(store::Tx& tx, const domain::Referral& won, Timestamp at) const;

 private:
  const IdGenerator& ids_;
  const EventPublisher& events_;
  LifecycleMover lifecycle_;
};

}  // namespace bb::service

#pragma once
// Split credit as staff use it (domain/credit_split.h): a program's credit policy, read by whoever
// may read programs and set by admins and managers (audited, program.credit_policy_changed; it
// applies to wins counted from then on, never to a split recorded already), and the credit
// recorded at a referral's win, read by whoever may read the referral. Thread-safe (no state of
// its own).

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/credit_split.h"
#include "service/id_generator.h"
#include "store/store.h"

namespace bb::service {

struct CreditPolicyView {
  std::string program_id;
  domain::CreditPolicy policy;          // split none with the defaults when never set
  std::optional<Timestamp> updated_at;  // nullopt: never set
  std::string updated_by;
};

struct CreditPolicyChange {
  CreditPolicyView view;
  bool changed = false;  // false: the policy was this already
};

class CreditService {
 public:
  CreditService(store::Store& store, const Clock& clock, const IdGenerator& ids)
      : store_(store), clock_(clock), ids_(ids) {}

  // kNotFound for a program that does not exist; kPermissionDenied for an actor who may not read
  // programs.
  Result<CreditPolicyView> GetPolicy(const domain::Actor& actor, std::string_view program_id);

  // Sets the program's policy (domain::CheckCreditPolicy names the fields refused); the same
  // policy again changes nothing. kNotFound for a program that does not exist, kConflict for an
  // archived one, kPermissionDenied for an actor who may not manage programs.
  Result<CreditPolicyChange> PutPolicy(const domain::Actor& actor, std::string_view program_id,
                                       const domain::CreditPolicy& policy);

  // The credit recorded at the referral's win; nullopt when none was (no win yet, or a win under
  // policy none). kNotFound for a referral that does not exist or the actor may not read.
  Result<std::optional<domain::ReferralCredit>> GetReferralCredit(const domain::Actor& actor,
                                                                  std::string_view referral_id);

 private:
  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
};

// The policy of a program that never set one: none, with the default weights.
domain::CreditPolicy DefaultCreditPolicy();

}  // namespace bb::service

#pragma once
// Who may read what belongs to advocates (their redemptions, their challenge steps, their
// referrals): a list narrowed to its reader, or one referral checked against it. Thread-safe.

#include <string>
#include <string_view>

#include "common/result.h"
#include "domain/access.h"
#include "domain/referral.h"
#include "store/store.h"

namespace bb::service {

// Narrows a list's filters to what `actor` may read: a signed-in advocate their own (`advocate_id`
// set to theirs); staff who may read rewards every advocate's, a sales rep their own advocates'
// (`enrolled_by` set to theirs). kPermissionDenied (or kUnauthenticated) for anyone else.
Status ScopeToReader(const domain::Actor& actor, std::string& advocate_id, std::string& enrolled_by);

// The referral `actor` may perform `action` on (sales reps: their own advocates'), read in `q`;
// kNotFound ("No referral with this id.") for one that does not exist or is not theirs.
Result<domain::Referral> ReferralFor(store::Queries& q, const domain::Actor& actor, domain::Action action,
                                     std::string_view referral_id);

}  // namespace bb::service

#pragma once
// Who may read what belongs to advocates (their redemptions, their challenge steps): a list narrowed
// to its reader. Pure; thread-safe.

#include <string>

#include "common/result.h"
#include "domain/access.h"

namespace bb::service {

// Narrows a list's filters to what `actor` may read: a signed-in advocate their own (`advocate_id`
// set to theirs); staff who may read rewards every advocate's, a sales rep their own advocates'
// (`enrolled_by` set to theirs). kPermissionDenied (or kUnauthenticated) for anyone else.
Status ScopeToReader(const domain::Actor& actor, std::string& advocate_id, std::string& enrolled_by);

}  // namespace bb::service

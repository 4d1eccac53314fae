#pragma once
// The audit trail: every staff action that changes something is recorded, in the same transaction
// as the change (so a change is recorded exactly when it is made), and admins read it page by page.
// Thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/audit.h"
#include "service/actor_names.h"
#include "service/id_generator.h"
#include "service/paging.h"
#include "store/store.h"

namespace bb::service {

// Inside a write transaction: records that `actor` did `kind` to `object_id` at `at`, with the
// fields it changed and the reason given (`note`). Only staff actions are recorded (users, API
// keys, the command line); for any other actor this does nothing. Fails only when storage does,
// which fails the transaction and so the change.
Status RecordAudit(store::Tx& tx, const IdGenerator& ids, const domain::Actor& actor, Timestamp at,
                   std::string_view kind, std::string_view object_id, std::vector<domain::AuditChange> changes,
                   std::string_view note = "");

struct AuditFilter {
  std::string actor;
  std::string object_id;
  std::string kind;
  std::optional<Timestamp> from;    // inclusive
  std::optional<Timestamp> before;  // exclusive
};

// A page of the trail with the names of its actors.
struct AuditPage {
  PageOf<domain::AuditEvent> events;
  ActorNames actor_names;
};

class AuditService {
 public:
  explicit AuditService(store::Store& store) : store_(store) {}

  // The events matching `filter`, newest first. Admins only (kPermissionDenied otherwise);
  // kInvalidArgument naming "to" when the range is empty.
  Result<AuditPage> List(const domain::Actor& actor, const AuditFilter& filter, const Page& page);

 private:
  store::Store& store_;
};

}  // namespace bb::service

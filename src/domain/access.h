#pragma once
// Who may do what. Staff users and API keys carry one role each; every use case asks these
// functions before it reads or writes an object. Pure rules, no I/O.

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"

namespace bb::domain {

struct Advocate;

enum class Role { kAdmin, kManager, kSalesRep, kViewer };

std::string_view ToString(Role role);
std::optional<Role> ParseRole(std::string_view text);

// The caller of a use case.
struct Actor {
  enum class Kind { kAnonymous, kUser, kApiKey, kSystem };
  Kind kind = Kind::kAnonymous;
  std::string id;  // user or API key id; empty when anonymous
  Role role = Role::kViewer;

  static Actor Anonymous() { return {}; }
  // The operator at the command line (bluebird user/apikey/demo): an administrator.
  static Actor System() { return {Kind::kSystem, "system", Role::kAdmin}; }
  bool IsStaff() const { return kind != Kind::kAnonymous; }
};

enum class Action {
  kReadPrograms,     // every staff role
  kManagePrograms,   // admin, manager
  kReadAdvocates,    // every staff role (sales reps: only their own advocates)
  kEnrollAdvocates,  // admin, manager, sales_rep
  kManageAdvocates,  // admin, manager (sales reps: only their own advocates)
  kManageAccess,     // admin: users and API keys
};

// Ok when `actor` may perform `action` at all; kUnauthenticated for an anonymous actor,
// kPermissionDenied for a role without the right.
Status Authorize(const Actor& actor, Action action);

// Ok when `actor` may read (or, with kManageAdvocates, change) this advocate. Sales reps see only
// advocates they enrolled; for anyone else they do not exist (kNotFound), so that ids of other
// reps' advocates cannot be probed.
Status AuthorizeAdvocate(const Actor& actor, Action action, const Advocate& advocate);

// Session lifetime: a session ends `idle` after its last use or `absolute` after sign-in,
// whichever comes first.
struct SessionPolicy {
  Duration idle;
  Duration absolute;
};
bool SessionIsLive(const SessionPolicy& policy, Timestamp created_at, Timestamp last_seen_at, Timestamp now);

// A password a person may choose: 12 to 256 characters. Empty when acceptable, else the reason.
std::string CheckPassword(std::string_view password);

}  // namespace bb::domain

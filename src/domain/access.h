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
  // kAdvocate: an advocate signed in to the portal; they act only on their own referrals and
  // rewards, never through staff actions (Authorize refuses them).
  enum class Kind { kAnonymous, kUser, kApiKey, kSystem, kAdvocate };
  Kind kind = Kind::kAnonymous;
  std::string id;  // user, API key or advocate id; empty when anonymous
  Role role = Role::kViewer;
  // The keyed hash of the client's address, for the audit trail; "" from the command line.
  std::string address_hash;

  static Actor Anonymous() { return {}; }
  // The operator at the command line (bluebird user/apikey/demo): an administrator.
  static Actor System() { return {Kind::kSystem, "system", Role::kAdmin, ""}; }
  static Actor ForAdvocate(std::string advocate_id) {
    return {Kind::kAdvocate, std::move(advocate_id), Role::kViewer, ""};
  }
  bool IsStaff() const { return kind == Kind::kUser || kind == Kind::kApiKey || kind == Kind::kSystem; }
  bool IsAdvocate() const { return kind == Kind::kAdvocate; }
};

enum class Action {
  kReadPrograms,        // every staff role
  kManagePrograms,      // admin, manager
  kReadAdvocates,       // every staff role (sales reps: only their own advocates)
  kEnrollAdvocates,     // admin, manager, sales_rep
  kManageAdvocates,     // admin, manager (sales reps: only their own advocates)
  kManageAccess,        // admin: users and API keys
  kSubmitReferrals,     // admin, manager, sales_rep (sales reps: for their own advocates)
  kReadReferrals,       // every staff role (sales reps: their own advocates' referrals)
  kMoveReferrals,       // admin, manager, sales_rep (sales reps: their own advocates' referrals)
  kReviewReferrals,     // admin, manager: clear or reject held referrals
  kReadRewards,         // every staff role (sales reps: their own advocates' rewards)
  kManageRewards,       // admin, manager: reward rules; approve, fulfill, reverse rewards
  kReadAnalytics,       // admin, manager, viewer: the dashboards (they name every program's advocates)
  kReadAudit,           // admin: the audit trail
  kManageIntegrations,  // admin: webhook endpoints, their deliveries and the outbox
  kImportData,          // admin, manager: CSV imports of advocates and referrals, and their reports
  kReadFollowups,       // every staff role (sales reps: the follow-up tasks they own)
  kHandleFollowups,     // admin, manager, sales_rep (sales reps: the follow-up tasks they own)
};

// Ok when `actor` may perform `action` at all; kUnauthenticated for an anonymous actor,
// kPermissionDenied for a role without the right.
Status Authorize(const Actor& actor, Action action);

// Ok when `actor` may read (or, with kManageAdvocates, change) this advocate. Sales reps see only
// advocates they enrolled; for anyone else they do not exist (kNotFound), so that ids of other
// reps' advocates cannot be probed.
Status AuthorizeAdvocate(const Actor& actor, Action action, const Advocate& advocate);

// Ok when `actor` may perform `action` on something belonging to `advocate` (a referral, a
// reward): as AuthorizeAdvocate, and an advocate signed in to the portal may read their own
// (actions kReadReferrals and kReadRewards) and nobody else's. Refusals of objects the actor may
// not see are kNotFound with `not_found` as the message.
Status AuthorizeAdvocateObject(const Actor& actor, Action action, const Advocate& advocate, std::string_view not_found);

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

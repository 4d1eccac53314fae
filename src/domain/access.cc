#include "domain/access.h"

#include "domain/advocate.h"
#include "domain/validation.h"

namespace bb::domain {

std::string_view ToString(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kManager: return "manager";
    case Role::kSalesRep: return "sales_rep";
    case Role::kViewer: return "viewer";
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view text) {
  if (text == "admin") return Role::kAdmin;
  if (text == "manager") return Role::kManager;
  if (text == "sales_rep") return Role::kSalesRep;
  if (text == "viewer") return Role::kViewer;
  return std::nullopt;
}

Status Authorize(const Actor& actor, Action action) {
  if (actor.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Advocates may not do this.");
  if (!actor.IsStaff()) return Error(ErrorCode::kUnauthenticated, "Sign in or send an API key.");
  bool allowed = false;
  switch (action) {
    case Action::kReadPrograms:
    case Action::kReadAdvocates:
    case Action::kReadReferrals:
    case Action::kReadRewards:
    case Action::kReadFollowups: allowed = true; break;
    case Action::kManagePrograms:
    case Action::kReviewReferrals:
    case Action::kManageRewards:
    case Action::kImportData: allowed = actor.role == Role::kAdmin || actor.role == Role::kManager; break;
    case Action::kEnrollAdvocates:
    case Action::kManageAdvocates:
    case Action::kSubmitReferrals:
    case Action::kMoveReferrals:
    case Action::kHandleFollowups: allowed = actor.role != Role::kViewer; break;
    case Action::kManageAccess:
    case Action::kReadAudit:
    case Action::kManageIntegrations: allowed = actor.role == Role::kAdmin; break;
    case Action::kReadAnalytics: allowed = actor.role != Role::kSalesRep; break;
  }
  if (!allowed) {
    return Error(ErrorCode::kPermissionDenied, "The role '" + std::string(ToString(actor.role)) + "' may not do this.");
  }
  return Ok();
}

Status AuthorizeAdvocate(const Actor& actor, Action action, const Advocate& advocate) {
  BB_RETURN_IF_ERROR(Authorize(actor, action));
  if (actor.role == Role::kSalesRep && advocate.enrolled_by != actor.id) {
    return Error::NotFound("No advocate with this id.");
  }
  return Ok();
}

Status AuthorizeAdvocateObject(const Actor& actor, Action action, const Advocate& advocate,
                               std::string_view not_found) {
  if (actor.IsAdvocate()) {
    bool reading = action == Action::kReadReferrals || action == Action::kReadRewards;
    if (!reading) return Error(ErrorCode::kPermissionDenied, "Advocates may not do this.");
    if (actor.id != advocate.id) return Error::NotFound(std::string(not_found));
    return Ok();
  }
  BB_RETURN_IF_ERROR(Authorize(actor, action));
  if (actor.role == Role::kSalesRep && advocate.enrolled_by != actor.id) return Error::NotFound(std::string(not_found));
  return Ok();
}

bool SessionIsLive(const SessionPolicy& policy, Timestamp created_at, Timestamp last_seen_at, Timestamp now) {
  return now < created_at + policy.absolute && now < last_seen_at + policy.idle;
}

std::string CheckPassword(std::string_view password) {
  std::size_t characters = CodePointCount(password);
  if (characters < 12) return "must be at least 12 characters";
  if (characters > 256 || password.size() > 1024) return "must be at most 256 characters";
  return {};
}

}  // namespace bb::domain

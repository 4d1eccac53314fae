#include "service/portal_service.h"

#include "crypto/crypto.h"

namespace bb::service {

namespace {

constexpr auto kTouchInterval = std::chrono::minutes(1);
constexpr std::size_t kMaxTokenLength = 128;
constexpr auto kJoinSessionWindow = std::chrono::minutes(1);

Error NotSignedIn() { return Error(ErrorCode::kUnauthenticated, "The portal session has ended; sign in again."); }
Error BadLink() {
  return Error(ErrorCode::kUnauthenticated, "This sign-in link is not valid any more; ask for a new one.");
}

}  // namespace

std::string PortalService::CsrfFor(std::string_view session_token) const {
  return crypto::HmacSha256Hex(server_secret_, std::string("portal-csrf:") + std::string(session_token));
}

Result<IssuedSignInLink> PortalService::IssueSignInLink(const domain::Actor& actor, std::string_view advocate_id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageAdvocates));
  IssuedSignInLink issued{crypto::RandomToken(32), std::string(advocate_id), {}};
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(advocate_id));
    if (!advocate) return Error::NotFound("No advocate with this id.");
    BB_RETURN_IF_ERROR(domain::AuthorizeAdvocate(actor, domain::Action::kManageAdvocates, *advocate));
    if (advocate->status != domain::AdvocateStatus::kActive) {
      return Error::Conflict("The advocate is inactive; inactive advocates cannot sign in.");
    }
    Timestamp now = clock_.Now();
    issued.expires_at = now + kSignInLinkLifetime;
    return tx.InsertSignInLink(
        {crypto::Sha256Hex(issued.token), advocate->id, actor.id, now, issued.expires_at, std::nullopt});
  }));
  return issued;
}

Result<PortalGrant> PortalService::SignIn(std::string_view token, std::string_view client_key) {
  int wait = sign_in_limiter_.Acquire("portal-sign-in:" + std::string(client_key));
  if (wait > 0) {
    return Error(ErrorCode::kTooManyRequests, "Too many sign-in attempts; wait and try again.").WithRetryAfter(wait);
  }
  if (token.empty() || token.size() > kMaxTokenLength) return BadLink();
  PortalGrant grant;
  grant.token = crypto::RandomToken(32);
  grant.csrf_token = CsrfFor(grant.token);
  std::string link_hash = crypto::Sha256Hex(token);
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto link, tx.FindSignInLink(link_hash));
    if (!link || link->used_at || now >= link->expires_at) return BadLink();
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(link->advocate_id));
    if (!advocate || advocate->status != domain::AdvocateStatus::kActive) return BadLink();
    BB_ASSIGN_OR_RETURN(bool used_now, tx.UseSignInLink(link_hash, now));
    if (!used_now) return BadLink();
    BB_RETURN_IF_ERROR(tx.InsertAdvocateSession({crypto::Sha256Hex(grant.token), advocate->id, now, now}));
    grant.advocate = std::move(*advocate);
    return Ok();
  }));
  return grant;
}

Result<PortalGrant> PortalService::StartSessionAfterJoin(const domain::Advocate& joined) {
  Timestamp now = clock_.Now();
  if (joined.source != domain::AdvocateSource::kSelfSignup || now - joined.created_at >= kJoinSessionWindow) {
    return Error(ErrorCode::kPermissionDenied, "Only an advocate who has just joined gets a session this way.");
  }
  PortalGrant grant;
  grant.token = crypto::RandomToken(32);
  grant.csrf_token = CsrfFor(grant.token);
  grant.advocate = joined;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    return tx.InsertAdvocateSession({crypto::Sha256Hex(grant.token), joined.id, now, now});
  }));
  return grant;
}

Result<SessionIdentity> PortalService::Authenticate(std::string_view session_token) {
  if (session_token.empty() || session_token.size() > kMaxTokenLength) return NotSignedIn();
  std::string hash = crypto::Sha256Hex(session_token);
  std::optional<domain::AdvocateSession> session;
  std::optional<domain::Advocate> advocate;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(session, q.FindAdvocateSession(hash));
    if (session) {
      BB_ASSIGN_OR_RETURN(advocate, q.FindAdvocate(session->advocate_id));
    }
    return Ok();
  }));
  Timestamp now = clock_.Now();
  if (!session || !advocate || advocate->status != domain::AdvocateStatus::kActive ||
      !domain::SessionIsLive(policy_, session->created_at, session->last_seen_at, now)) {
    return NotSignedIn();
  }
  if (now - session->last_seen_at >= kTouchInterval) {
    BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) { return tx.TouchAdvocateSession(hash, now); }));
  }
  return SessionIdentity{domain::Actor::ForAdvocate(advocate->id), CsrfFor(session_token)};
}

Status PortalService::SignOut(std::string_view session_token) {
  if (session_token.empty() || session_token.size() > kMaxTokenLength) return Ok();
  std::string hash = crypto::Sha256Hex(session_token);
  return store_.Write([&](store::Tx& tx) { return tx.DeleteAdvocateSession(hash); });
}

}  // namespace bb::service

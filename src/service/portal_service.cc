#include "service/portal_service.h"

#include "common/time_format.h"
#include "crypto/crypto.h"
#include "domain/email_message.h"
#include "domain/validation.h"
#include "service/audit_trail.h"

namespace bb::service {

namespace {

constexpr auto kTouchInterval = std::chrono::minutes(1);
constexpr std::size_t kMaxTokenLength = 128;
constexpr auto kJoinSessionWindow = std::chrono::minutes(1);

Error NotSignedIn() { return Error(ErrorCode::kUnauthenticated, "The portal session has ended; sign in again."); }
Error WrongPassword() { return Error(ErrorCode::kUnauthenticated, "The email or password is wrong for this program."); }
Error TooManyAttempts(int wait) {
  return Error(ErrorCode::kTooManyRequests, "Too many sign-in attempts; wait and try again.").WithRetryAfter(wait);
}
Error BadLink() {
  return Error(ErrorCode::kUnauthenticated, "This sign-in link is not valid any more; ask for a new one.");
}

}  // namespace

std::string PortalService::CsrfFor(std::string_view session_token) const {
  return crypto::HmacSha256Hex(server_secret_, std::string("portal-csrf:") + std::string(session_token));
}

Status PortalService::OpenSession(store::Tx& tx, PortalGrant& grant, domain::PortalSignIn method, Timestamp now) const {
  grant.token = crypto::RandomToken(32);
  grant.csrf_token = CsrfFor(grant.token);
  return tx.InsertAdvocateSession({crypto::Sha256Hex(grant.token), grant.advocate.id, now, now, method});
}

Status PortalService::RequestSignInLink(std::string_view program_slug, std::string_view email,
                                        std::string_view client_key) {
  std::string normalized = domain::NormalizeEmail(email);
  BB_ASSIGN_OR_RETURN(int wait, sign_in_limiter_.Acquire({"portal-link-client:" + std::string(client_key)}));
  if (wait > 0) return TooManyAttempts(wait);
  BB_ASSIGN_OR_RETURN(wait,
                      mail_limiter_.Acquire({"portal-link-email:" + std::string(program_slug) + "/" + normalized}));
  if (wait > 0) return TooManyAttempts(wait);
  std::string token = crypto::RandomToken(32);
  return store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgramBySlug(program_slug));
    if (!program) return Ok();
    BB_ASSIGN_OR_RETURN(auto person, tx.FindPersonByEmail(normalized));
    if (!person) return Ok();
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocateByPerson(program->id, person->id));
    if (!advocate || advocate->status != domain::AdvocateStatus::kActive) return Ok();
    Timestamp now = clock_.Now();
    BB_RETURN_IF_ERROR(tx.InsertSignInLink(
        {crypto::Sha256Hex(token), advocate->id, "advocate", now, now + kEmailedSignInLinkLifetime, std::nullopt}));
    BB_ASSIGN_OR_RETURN(std::optional<OutgoingEmail> message,
                        templates_.Compose(tx, *program, domain::EmailKind::kSignInLink, AdvocateMailbox(*advocate),
                                           {{"advocate.first_name", advocate->first_name},
                                            {"advocate.last_name", advocate->last_name},
                                            {"link", public_base_url_ + "/portal/sign-in?token=" + token}},
                                           &*advocate));
    if (!message) return Ok();  // never: a sign-in link cannot be turned off
    message->expires_at = now + kEmailedSignInLinkLifetime;
    return StatusOf(email_.Queue(tx, now, *message));
  });
}

Result<IssuedSignInLink> PortalService::IssueSignInLink(const domain::Actor& actor, std::string_view advocate_id,
                                                        std::chrono::hours lifetime) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageAdvocates));
  if (lifetime < std::chrono::hours(1) || lifetime > kLongestSignInLinkLifetime) {
    return Error::InvalidField("expires_in_hours", "must be between 1 and 720 (30 days)");
  }
  IssuedSignInLink issued{crypto::RandomToken(32), std::string(advocate_id), {}};
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(advocate_id));
    if (!advocate) return Error::NotFound("No advocate with this id.");
    BB_RETURN_IF_ERROR(domain::AuthorizeAdvocate(actor, domain::Action::kManageAdvocates, *advocate));
    if (advocate->status != domain::AdvocateStatus::kActive) {
      return Error::Conflict("The advocate is inactive; inactive advocates cannot sign in.");
    }
    Timestamp now = clock_.Now();
    issued.expires_at = now + lifetime;
    BB_RETURN_IF_ERROR(tx.InsertSignInLink(
        {crypto::Sha256Hex(issued.token), advocate->id, actor.id, now, issued.expires_at, std::nullopt}));
    return RecordAudit(tx, ids_, actor, now, "advocate.sign_in_link_issued", advocate->id,
                       {{"sign_in_link.expires_at", std::monostate{}, FormatTimestamp(issued.expires_at)}});
  }));
  return issued;
}

Result<PortalGrant> PortalService::SignIn(std::string_view token, std::string_view client_key) {
  BB_ASSIGN_OR_RETURN(int wait, sign_in_limiter_.Acquire({"portal-sign-in:" + std::string(client_key)}));
  if (wait > 0) return TooManyAttempts(wait);
  if (token.empty() || token.size() > kMaxTokenLength) return BadLink();
  PortalGrant grant;
  std::string link_hash = crypto::Sha256Hex(token);
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto link, tx.FindSignInLink(link_hash));
    if (!link || link->used_at || now >= link->expires_at) return BadLink();
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(link->advocate_id));
    if (!advocate || advocate->status != domain::AdvocateStatus::kActive) return BadLink();
    BB_ASSIGN_OR_RETURN(bool used_now, tx.UseSignInLink(link_hash, now));
    if (!used_now) return BadLink();
    grant.advocate = std::move(*advocate);
    BB_RETURN_IF_ERROR(OpenSession(tx, grant, domain::PortalSignIn::kLink, now));
    // The link proves the email: a password chosen by whoever joined with it, unproven, ends here
    // with every session but this one.
    BB_ASSIGN_OR_RETURN(auto password, tx.FindAdvocatePassword(grant.advocate.id));
    if (!password || password->email_proven) return Ok();
    BB_RETURN_IF_ERROR(tx.DeleteAdvocatePassword(grant.advocate.id));
    return StatusOf(tx.DeleteOtherAdvocateSessions(grant.advocate.id, crypto::Sha256Hex(grant.token)));
  }));
  return grant;
}

Result<PortalGrant> PortalService::SignInWithPassword(std::string_view program_slug, std::string_view email,
                                                      std::string_view password, std::string_view client_key) {
  std::string normalized = domain::NormalizeEmail(email);
  // Per address, and per program and email from that address: never per email alone, which would
  // let anyone lock an advocate out by failing on purpose.
  BB_ASSIGN_OR_RETURN(int wait, sign_in_limiter_.Acquire({"portal-password-client:" + std::string(client_key),
                                                          "portal-password-email:" + std::string(program_slug) + "/" +
                                                              normalized + "@" + std::string(client_key)}));
  if (wait > 0) return TooManyAttempts(wait);
  std::optional<domain::Advocate> advocate;
  std::optional<domain::AdvocatePassword> stored;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgramBySlug(program_slug));
    if (!program) return Ok();
    BB_ASSIGN_OR_RETURN(auto person, q.FindPersonByEmail(normalized));
    if (!person) return Ok();
    BB_ASSIGN_OR_RETURN(advocate, q.FindAdvocateByPerson(program->id, person->id));
    if (!advocate) return Ok();
    BB_ASSIGN_OR_RETURN(stored, q.FindAdvocatePassword(advocate->id));
    return Ok();
  }));
  if (!stored) {
    crypto::VerifyPasswordOfNobody(password);
    return WrongPassword();
  }
  if (!crypto::VerifyPassword(stored->hash, password) || advocate->status != domain::AdvocateStatus::kActive) {
    return WrongPassword();
  }
  PortalGrant grant;
  grant.advocate = std::move(*advocate);
  // The password was checked outside the write; a change that committed since then has ended the
  // other sessions already, so the session opens only if the password and advocate are as checked.
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto current, tx.FindAdvocatePassword(grant.advocate.id));
    BB_ASSIGN_OR_RETURN(auto still, tx.FindAdvocate(grant.advocate.id));
    if (!current || current->hash != stored->hash || !still || still->status != domain::AdvocateStatus::kActive) {
      return WrongPassword();
    }
    return OpenSession(tx, grant, domain::PortalSignIn::kPassword, clock_.Now());
  }));
  return grant;
}

Result<bool> PortalService::HasPassword(const domain::Actor& actor) {
  if (!actor.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate has a password here.");
  bool set = false;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto password, q.FindAdvocatePassword(actor.id));
    set = password.has_value();
    return Ok();
  }));
  return set;
}

Status PortalService::SetPassword(const domain::Actor& actor, std::string_view session_token,
                                  const std::optional<std::string>& current_password, std::string_view new_password) {
  if (!actor.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate has a password here.");
  // Every attempt costs an argon2id hash or two: limited before any work.
  BB_ASSIGN_OR_RETURN(int wait, sign_in_limiter_.Acquire({"portal-password-change:" + actor.id}));
  if (wait > 0) {
    return TooManyAttempts(wait);
  }
  if (std::string problem = domain::CheckPassword(new_password); !problem.empty()) {
    return Error::InvalidField("new_password", problem);
  }
  std::string session_hash = crypto::Sha256Hex(session_token);
  std::optional<domain::AdvocateSession> session;
  std::optional<domain::AdvocatePassword> stored;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(session, q.FindAdvocateSession(session_hash));
    BB_ASSIGN_OR_RETURN(stored, q.FindAdvocatePassword(actor.id));
    return Ok();
  }));
  if (!session || session->advocate_id != actor.id) return NotSignedIn();
  Timestamp now = clock_.Now();
  bool by_link = session->opened_by == domain::PortalSignIn::kLink;
  if (stored && !(by_link && now - session->created_at < kPasswordResetWindow)) {
    if (!current_password) {
      return Error::InvalidField("current_password", "is required to change the password");
    }
    if (!crypto::VerifyPassword(stored->hash, *current_password)) {
      return Error::InvalidField("current_password", "is not your current password");
    }
  }
  domain::AdvocatePassword password;
  auto hash = crypto::HashPassword(new_password);
  if (!hash) return Error(ErrorCode::kUnavailable, "Out of memory while hashing the password.");
  password.hash = std::move(*hash);
  // Proven by a link session; a password session keeps what its password had; a join proves nothing.
  password.email_proven =
      by_link || (session->opened_by == domain::PortalSignIn::kPassword && stored && stored->email_proven);
  password.updated_at = now;
  // Unused links could otherwise reset the new password within their lifetime (up to 30 days).
  return store_.Write([&](store::Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.PutAdvocatePassword(actor.id, password));
    BB_RETURN_IF_ERROR(StatusOf(tx.RetireSignInLinks(actor.id, now)));
    return StatusOf(tx.DeleteOtherAdvocateSessions(actor.id, session_hash));
  });
}

Result<PortalGrant> PortalService::StartSessionAfterJoin(const domain::Advocate& joined) {
  Timestamp now = clock_.Now();
  if (joined.source != domain::AdvocateSource::kSelfSignup || now - joined.created_at >= kJoinSessionWindow) {
    return Error(ErrorCode::kPermissionDenied, "Only an advocate who has just joined gets a session this way.");
  }
  PortalGrant grant;
  grant.advocate = joined;
  BB_RETURN_IF_ERROR(
      store_.Write([&](store::Tx& tx) { return OpenSession(tx, grant, domain::PortalSignIn::kJoin, now); }));
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

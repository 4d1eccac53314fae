#pragma once
// The advocate portal's sign-in: staff (or, later, an email) give an advocate a one-time link; the
// link's token, presented once within its lifetime, opens a portal session whose actor is the
// advocate (domain::Actor::ForAdvocate). An advocate may also set a password in the portal and
// sign in with the program, their email and that password (argon2id, one password per advocate,
// i.e. per program: joining another program, which needs no proof of the email, can never give
// access to this one). Tokens are 256-bit random values kept only as SHA-256 hashes; a session's
// CSRF token is an HMAC of its token under the server secret, as for staff. Sessions follow the
// same idle and absolute timeouts as staff sessions. Thread-safe.

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/advocate.h"
#include "service/auth_service.h"
#include "service/email_service.h"
#include "service/email_template_service.h"
#include "service/id_generator.h"
#include "service/shared_rate_limiter.h"
#include "store/store.h"

namespace bb::service {

inline constexpr auto kSignInLinkLifetime = std::chrono::hours(24);
// A link the advocate asked for by email: short, as it only bridges the inbox and the browser.
inline constexpr auto kEmailedSignInLinkLifetime = std::chrono::hours(1);
// The longest a sign-in link may be made to last (an invitation to the portal).
inline constexpr auto kLongestSignInLinkLifetime = std::chrono::hours(24 * 30);
// How long after signing in by a link the advocate may replace their password without giving the
// current one: the link is how a forgotten password is replaced.
inline constexpr auto kPasswordResetWindow = std::chrono::minutes(15);

struct IssuedSignInLink {
  std::string token;  // shown once; the portal's sign-in page takes it
  std::string advocate_id;
  Timestamp expires_at;
};

struct PortalGrant {
  std::string token;       // the portal session cookie's value; shown once
  std::string csrf_token;  // to send back in X-CSRF-Token on unsafe requests
  domain::Advocate advocate;
};

class PortalService {
 public:
  PortalService(store::Store& store, const Clock& clock, const IdGenerator& ids, std::string server_secret,
                domain::SessionPolicy policy, SharedRateLimiter& sign_in_limiter, SharedRateLimiter& mail_limiter,
                const EmailService& email, const EmailTemplateService& templates, std::string public_base_url)
      : store_(store),
        clock_(clock),
        ids_(ids),
        server_secret_(std::move(server_secret)),
        policy_(policy),
        sign_in_limiter_(sign_in_limiter),
        mail_limiter_(mail_limiter),
        email_(email),
        templates_(templates),
        public_base_url_(std::move(public_base_url)) {}

  // Emails a one-time sign-in link (valid kEmailedSignInLinkLifetime) to the advocate of the
  // program with this slug whose email this is, when there is one and they are active; otherwise
  // does nothing. The caller answers the same either way, so that nobody learns who is an advocate.
  // kTooManyRequests when `client_key` (the address hash) asked too often
  // (security.login_per_minute), or this program and email too often from any address (the mail
  // limiter: kEmailsPerAddressBurst, then one per kEmailsPerAddressInterval), so that nobody's
  // inbox can be flooded. The answer's time differs by the two inserts made for a known advocate,
  // within one transaction: far below what the network and the rate limiter's own write vary by.
  Status RequestSignInLink(std::string_view program_slug, std::string_view email, std::string_view client_key);

  // A one-time sign-in link for the advocate, valid for `lifetime` (kSignInLinkLifetime by
  // default; an invitation may last up to kLongestSignInLinkLifetime — longer or shorter than an
  // hour is kInvalidArgument naming "expires_in_hours"). Staff who may manage the advocate (sales
  // reps: their own); kConflict for an inactive advocate.
  Result<IssuedSignInLink> IssueSignInLink(const domain::Actor& actor, std::string_view advocate_id,
                                           std::chrono::hours lifetime = kSignInLinkLifetime);

  // Exchanges a link's token for a portal session (dropping an unproven password and the sessions
  // of whoever set it, see SetPassword). kUnauthenticated when the token is unknown, used, expired
  // or its advocate inactive (one message for all, so tokens cannot be probed); kTooManyRequests
  // when `client_key` tried too often.
  Result<PortalGrant> SignIn(std::string_view token, std::string_view client_key);

  // Signs in with the password the advocate set, in the program with this slug. kUnauthenticated
  // with one message whatever was wrong (program, email, no password set, password, inactive
  // advocate), after the same argon2id work in every case; kTooManyRequests when `client_key` (the
  // address hash) tried too often, or tried this email in this program too often (never per email
  // alone, so nobody can lock an advocate out).
  Result<PortalGrant> SignInWithPassword(std::string_view program_slug, std::string_view email,
                                         std::string_view password, std::string_view client_key);

  // Whether the signed-in advocate has set a password.
  Result<bool> HasPassword(const domain::Actor& actor);

  // Sets the signed-in advocate's password, ends their other portal sessions and retires their
  // unused sign-in links. When a password is set already, `current_password` must match it —
  // unless this session was opened by a sign-in link less than kPasswordResetWindow ago. A
  // password set in a session opened by joining is unproven (see domain::AdvocatePassword): the
  // next sign-in by a link drops it. kInvalidArgument naming "new_password" (not acceptable, see
  // domain::CheckPassword) or "current_password" (missing or wrong); kTooManyRequests after too
  // many attempts for this advocate.
  Status SetPassword(const domain::Actor& actor, std::string_view session_token,
                     const std::optional<std::string>& current_password, std::string_view new_password);

  // Opens a portal session for an advocate who has just joined through the public form, so the
  // person who joined lands in the portal signed in. Only for a self sign-up created less than a
  // minute ago (kPermissionDenied otherwise): it is not a way to sign in as an existing advocate.
  Result<PortalGrant> StartSessionAfterJoin(const domain::Advocate& joined);

  // The advocate actor of a live portal session; kUnauthenticated otherwise. Refreshes the idle
  // timer at most once a minute.
  Result<SessionIdentity> Authenticate(std::string_view session_token);

  // Ends the session (no-op for an unknown token).
  Status SignOut(std::string_view session_token);

 private:
  std::string CsrfFor(std::string_view session_token) const;
  // A new session for the advocate, opened by `method`, inserted in `tx`.
  Status OpenSession(store::Tx& tx, PortalGrant& grant, domain::PortalSignIn method, Timestamp now) const;

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const std::string server_secret_;
  const domain::SessionPolicy policy_;
  SharedRateLimiter& sign_in_limiter_;
  SharedRateLimiter& mail_limiter_;
  const EmailService& email_;
  const EmailTemplateService& templates_;
  const std::string public_base_url_;
};

}  // namespace bb::service

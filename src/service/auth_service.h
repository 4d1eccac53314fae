#pragma once
// Accounts and credentials: password sign-in with sessions, API keys, users. Sessions are random
// 256-bit tokens kept only as SHA-256 hashes; API keys are "<key id>.<secret>" with the secret
// kept only as a SHA-256 hash; passwords are argon2id. The CSRF token of a session is an HMAC of
// its token under the server secret, so it needs no storage. Thread-safe.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/account.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/shared_rate_limiter.h"
#include "store/store.h"

namespace bb::service {

struct SessionGrant {
  std::string token;       // the cookie value; shown once
  std::string csrf_token;  // to send back in X-CSRF-Token on unsafe requests
  domain::User user;
};

struct SessionIdentity {
  domain::Actor actor;
  std::string csrf_token;  // what X-CSRF-Token must equal for this session
};

struct UserInput {
  std::optional<std::string> email;
  std::optional<std::string> name;
  std::optional<std::string> role;
  std::optional<std::string> password;
};

// A change to a user as an admin sent it; absent fields stay as they are.
struct UserChanges {
  std::optional<std::string> name;
  std::optional<std::string> role;
  std::optional<bool> disabled;
};

// A password reset link's secret part, shown once to the admin who issued it.
struct IssuedPasswordReset {
  std::string user_id;
  std::string token;
  Timestamp expires_at;
};

inline constexpr auto kPasswordResetLifetime = std::chrono::hours(1);

struct CreatedApiKey {
  domain::ApiKey key;
  std::string secret;  // the whole key string "<id>.<secret>"; shown once, never stored
};

class AuthService {
 public:
  AuthService(store::Store& store, const Clock& clock, const IdGenerator& ids, const Idempotency& idempotency,
              std::string server_secret, domain::SessionPolicy policy, SharedRateLimiter& login_limiter);

  // Signs in with email and password. kUnauthenticated for a wrong pair (without saying which
  // half was wrong), kTooManyRequests when `client_key` (the client's address hash) tried too
  // often, or tried this email too often. Attempts are limited per address and per email and
  // address, never per email alone: failures from elsewhere cannot lock a user out.
  Result<SessionGrant> Login(std::string_view email, std::string_view password, std::string_view client_key);
  // Ends the session (no-op for an unknown token).
  Status Logout(std::string_view session_token);
  // The actor of a live session; kUnauthenticated when the token is unknown, expired or its user
  // disabled. Refreshes the session's idle timer at most once a minute.
  Result<SessionIdentity> AuthenticateSession(std::string_view session_token);
  // Ok when `presented` (the X-CSRF-Token header) is the session's CSRF token; else
  // kPermissionDenied naming the X-CSRF-Token header.
  static Status CheckCsrf(const SessionIdentity& identity, std::string_view presented);
  // The actor of an API key string; kUnauthenticated when malformed, unknown or revoked, or when
  // its maker lost the authority to make it: a key carries its creator's authority, so disabling
  // or demoting the user who made it, or revoking the key it was made with, stops it too (keys
  // made by the operator's command line belong to no user).
  Result<domain::Actor> AuthenticateApiKey(std::string_view key_string);

  Result<domain::User> CreateUser(const domain::Actor& actor, const UserInput& input,
                                  const Idempotent<domain::User>& idempotent = {});
  Result<domain::User> GetUser(const domain::Actor& actor, std::string_view id);
  // The user with this email (admins, and the command line).
  Result<domain::User> GetUserByEmail(const domain::Actor& actor, std::string_view email);
  Result<std::vector<domain::User>> ListUsers(const domain::Actor& actor);
  // Changes a user's name, role or disabled flag (admins). Changing the role or disabling ends
  // every session of the user at once (their next request is 401). kConflict when no active admin
  // would be left; kNotFound for an unknown user; kInvalidArgument naming each bad field.
  Result<domain::User> UpdateUser(const domain::Actor& actor, std::string_view id, const UserChanges& changes);
  // A one-time link token with which the user sets a new password, valid kPasswordResetLifetime
  // (admins). Retires the user's earlier unused links. kNotFound for an unknown user.
  Result<IssuedPasswordReset> IssuePasswordReset(const domain::Actor& actor, std::string_view id,
                                                 const Idempotent<IssuedPasswordReset>& idempotent = {});
  // Sets the password of the user whose reset link holds `token`, uses the link up and ends every
  // session of the user. kUnauthenticated (one answer) for an unknown, used or expired token;
  // kInvalidArgument naming "password"; kTooManyRequests when `client_key` tried too often.
  Status ResetPassword(std::string_view token, std::string_view password, std::string_view client_key);
  // The operator's reset (`bluebird user set-password`): sets the password of the user with this
  // email and ends every session of theirs. kNotFound for an unknown email; kInvalidArgument
  // naming "password".
  Status SetPassword(const domain::Actor& actor, std::string_view email, std::string_view password);

  Result<CreatedApiKey> CreateApiKey(const domain::Actor& actor, std::optional<std::string> name,
                                     std::optional<std::string> role, const Idempotent<CreatedApiKey>& idempotent = {});
  Result<std::vector<domain::ApiKey>> ListApiKeys(const domain::Actor& actor);
  Result<domain::ApiKey> RevokeApiKey(const domain::Actor& actor, std::string_view id,
                                      const Idempotent<domain::ApiKey>& idempotent = {});

  // Deletes sessions that can no longer be used (idle or absolute timeout passed); returns how many.
  Result<std::int64_t> PurgeStaleSessions();

  const domain::SessionPolicy& policy() const { return policy_; }

 private:
  std::string CsrfFor(std::string_view session_token) const;

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const Idempotency& idempotency_;
  const std::string server_secret_;
  const domain::SessionPolicy policy_;
  SharedRateLimiter& login_limiter_;
};

}  // namespace bb::service

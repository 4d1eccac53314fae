#include "service/auth_service.h"

#include <algorithm>
#include <chrono>

#include "common/time_format.h"

#include "crypto/crypto.h"
#include "domain/ids.h"
#include "domain/validation.h"
#include "service/audit_trail.h"

namespace bb::service {

using domain::Action;

namespace {

constexpr auto kTouchInterval = std::chrono::minutes(1);

// How many keys may stand between a key and the user who started the line (keys made with keys).
constexpr int kMaxKeyLineage = 16;

Error WrongCredentials() { return Error(ErrorCode::kUnauthenticated, "The email or password is wrong."); }
Error NoSession() { return Error(ErrorCode::kUnauthenticated, "The session has ended; sign in again."); }
Error BadApiKey() { return Error(ErrorCode::kUnauthenticated, "The API key is not valid."); }
Error BadResetLink() {
  return Error(ErrorCode::kUnauthenticated,
               "This password reset link is not valid any more; ask an admin for a new one.");
}
Error NoSuchUser() { return Error::NotFound("No user with this id."); }

Result<std::string> HashNewPassword(std::string_view password) {
  if (auto message = domain::CheckPassword(password); !message.empty()) return Error::InvalidField("password", message);
  auto hash = crypto::HashPassword(password);
  if (!hash) return Error(ErrorCode::kUnavailable, "Out of memory while hashing the password.");
  return std::move(*hash);
}

}  // namespace

AuthService::AuthService(store::Store& store, const Clock& clock, const IdGenerator& ids,
                         const Idempotency& idempotency, std::string server_secret, domain::SessionPolicy policy,
                         SharedRateLimiter& login_limiter)
    : store_(store),
      clock_(clock),
      ids_(ids),
      idempotency_(idempotency),
      server_secret_(std::move(server_secret)),
      policy_(policy),
      login_limiter_(login_limiter) {}

std::string AuthService::CsrfFor(std::string_view session_token) const {
  return crypto::HmacSha256Hex(server_secret_, std::string("csrf:") + std::string(session_token));
}

Result<SessionGrant> AuthService::Login(std::string_view email, std::string_view password,
                                        std::string_view client_key) {
  std::string normalized = domain::NormalizeEmail(email);
  // Per address, and per email from that address: never per email alone, which would let anyone
  // lock a user out by failing on purpose.
  BB_ASSIGN_OR_RETURN(int wait, login_limiter_.Acquire({"login-client:" + std::string(client_key),
                                                        "login-email:" + normalized + "@" + std::string(client_key)}));
  if (wait > 0) {
    return Error(ErrorCode::kTooManyRequests, "Too many sign-in attempts; wait and try again.").WithRetryAfter(wait);
  }
  std::optional<domain::User> user;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(user, q.FindUserByEmail(normalized));
    return Ok();
  }));
  if (!user || user->password_hash.empty()) {
    crypto::VerifyPasswordOfNobody(password);
    return WrongCredentials();
  }
  if (!crypto::VerifyPassword(user->password_hash, password) || user->disabled) return WrongCredentials();

  SessionGrant grant;
  grant.token = crypto::RandomToken(32);
  grant.csrf_token = CsrfFor(grant.token);
  Timestamp now = clock_.Now();
  domain::SessionRecord record{crypto::Sha256Hex(grant.token), user->id, now, now};
  // The password was checked outside the write; a reset or disable that committed since then has
  // ended every session already, so the session opens only if the user is still as checked.
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto current, tx.FindUser(user->id));
    if (!current || current->disabled || current->password_hash != user->password_hash) return WrongCredentials();
    return tx.InsertSession(record);
  }));
  grant.user = std::move(*user);
  grant.user.password_hash.clear();
  return grant;
}

Status AuthService::Logout(std::string_view session_token) {
  std::string hash = crypto::Sha256Hex(session_token);
  return store_.Write([&](store::Tx& tx) { return tx.DeleteSession(hash); });
}

Result<SessionIdentity> AuthService::AuthenticateSession(std::string_view session_token) {
  if (session_token.empty() || session_token.size() > 128) return NoSession();
  std::string hash = crypto::Sha256Hex(session_token);
  std::optional<domain::SessionRecord> session;
  std::optional<domain::User> user;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(session, q.FindSession(hash));
    if (session) {
      BB_ASSIGN_OR_RETURN(user, q.FindUser(session->user_id));
    }
    return Ok();
  }));
  Timestamp now = clock_.Now();
  if (!session || !user || user->disabled ||
      !domain::SessionIsLive(policy_, session->created_at, session->last_seen_at, now)) {
    return NoSession();
  }
  if (now - session->last_seen_at >= kTouchInterval) {
    BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) { return tx.TouchSession(hash, now); }));
  }
  return SessionIdentity{domain::Actor{domain::Actor::Kind::kUser, user->id, user->role}, CsrfFor(session_token)};
}

Status AuthService::CheckCsrf(const SessionIdentity& identity, std::string_view presented) {
  if (presented.empty() || !crypto::ConstantTimeEquals(identity.csrf_token, presented)) {
    return Error(ErrorCode::kPermissionDenied, "Send the session's CSRF token with every change.",
                 {{"X-CSRF-Token", "is missing or does not match the session"}});
  }
  return Ok();
}

Result<std::int64_t> AuthService::PurgeStaleSessions() {
  Timestamp now = clock_.Now();
  std::int64_t removed = 0;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(removed, tx.DeleteStaleSessions(now - policy_.idle, now - policy_.absolute));
    return Ok();
  }));
  return removed;
}

Result<domain::Actor> AuthService::AuthenticateApiKey(std::string_view key_string) {
  auto dot = key_string.find('.');
  if (dot == std::string_view::npos) return BadApiKey();
  std::string_view id = key_string.substr(0, dot);
  std::string_view secret = key_string.substr(dot + 1);
  if (!domain::IsWellFormedId(domain::kApiKeyPrefix, id) || secret.empty() || secret.size() > 128) return BadApiKey();
  std::optional<domain::ApiKey> key;
  bool authority_lost = false;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(key, q.FindApiKey(id));
    if (!key) return Ok();
    // Up the line of who made the key: every key on it unrevoked, and the user at its top (if
    // any; the command line is no user) still an active admin.
    std::string made_by = key->created_by;
    for (int depth = 0; !authority_lost; ++depth) {
      if (domain::IsWellFormedId(domain::kApiKeyPrefix, made_by)) {
        BB_ASSIGN_OR_RETURN(auto maker, q.FindApiKey(made_by));
        authority_lost = !maker || maker->revoked_at.has_value() || depth == kMaxKeyLineage;
        if (maker) made_by = maker->created_by;
      } else if (domain::IsWellFormedId(domain::kUserPrefix, made_by)) {
        BB_ASSIGN_OR_RETURN(auto user, q.FindUser(made_by));
        authority_lost = !user || user->disabled || user->role != domain::Role::kAdmin;
        break;
      } else {
        break;
      }
    }
    return Ok();
  }));
  if (!key || key->revoked_at || !crypto::ConstantTimeEquals(key->secret_hash, crypto::Sha256Hex(secret))) {
    return BadApiKey();
  }
  if (authority_lost) {
    return Error(ErrorCode::kUnauthenticated,
                 "This API key stopped working: the user who created it (or the key it was created with) was "
                 "disabled, is no longer an admin, or was revoked; ask an admin for a new key.");
  }
  return domain::Actor{domain::Actor::Kind::kApiKey, key->id, key->role};
}

Result<domain::User> AuthService::CreateUser(const domain::Actor& actor, const UserInput& input,
                                             const Idempotent<domain::User>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageAccess));
  std::vector<FieldError> errors;
  if (!input.email) {
    errors.push_back({"email", "is required"});
  } else if (auto message = domain::CheckEmail(domain::Trim(*input.email)); !message.empty()) {
    errors.push_back({"email", message});
  }
  if (input.name) {
    if (auto message = domain::CheckText(*input.name, 200, true); !message.empty()) errors.push_back({"name", message});
  }
  if (!input.role) {
    errors.push_back({"role", "is required"});
  } else if (!domain::ParseRole(*input.role)) {
    errors.push_back({"role", "must be one of admin, manager, sales_rep, viewer"});
  }
  if (!input.password) {
    errors.push_back({"password", "is required"});
  } else if (auto message = domain::CheckPassword(*input.password); !message.empty()) {
    errors.push_back({"password", message});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  auto hash = crypto::HashPassword(*input.password);
  if (!hash) return Error(ErrorCode::kUnavailable, "Out of memory while hashing the password.");
  domain::User user;
  user.id = ids_.New(domain::kUserPrefix);
  user.email = domain::NormalizeEmail(*input.email);
  user.name = input.name ? std::string(domain::Trim(*input.name)) : "";
  user.role = *domain::ParseRole(*input.role);
  user.password_hash = std::move(*hash);
  user.created_at = clock_.Now();
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    if (Status inserted = tx.InsertUser(user); !inserted.ok()) {
      if (inserted.error().code() != ErrorCode::kConflict) return inserted;
      return Error(ErrorCode::kConflict, "A user with this email exists already.",
                   {{"email", "is already the email of a user"}});
    }
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, user.created_at, "user.created", user.id,
                                   domain::CreatedFields(domain::FieldsOf(user))));
    domain::User shown = user;
    shown.password_hash.clear();
    return idempotency_.Record(tx, idempotent, shown);
  }));
  user.password_hash.clear();
  return user;
}

Result<domain::User> AuthService::GetUser(const domain::Actor& actor, std::string_view id) {
  if (actor.id != id) BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageAccess));
  std::optional<domain::User> user;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(user, q.FindUser(id));
    return Ok();
  }));
  if (!user) return Error::NotFound("No user with this id.");
  user->password_hash.clear();
  return std::move(*user);
}

Result<domain::User> AuthService::GetUserByEmail(const domain::Actor& actor, std::string_view email) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageAccess));
  std::optional<domain::User> user;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(user, q.FindUserByEmail(domain::NormalizeEmail(email)));
    return Ok();
  }));
  if (!user) return Error::NotFound("No user with this email.");
  user->password_hash.clear();
  return std::move(*user);
}

Result<domain::User> AuthService::UpdateUser(const domain::Actor& actor, std::string_view id,
                                             const UserChanges& changes) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageAccess));
  std::vector<FieldError> errors;
  if (changes.name) {
    if (auto message = domain::CheckText(*changes.name, 200, true); !message.empty()) {
      errors.push_back({"name", message});
    }
  }
  if (changes.role && !domain::ParseRole(*changes.role)) {
    errors.push_back({"role", "must be one of admin, manager, sales_rep, viewer"});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  domain::User updated;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto user, tx.FindUser(id));
    if (!user) return NoSuchUser();
    domain::AuditFields before = domain::FieldsOf(*user);
    bool was_active_admin = user->role == domain::Role::kAdmin && !user->disabled;
    if (changes.name) user->name = std::string(domain::Trim(*changes.name));
    if (changes.role) user->role = *domain::ParseRole(*changes.role);
    if (changes.disabled) user->disabled = *changes.disabled;
    bool is_active_admin = user->role == domain::Role::kAdmin && !user->disabled;
    if (was_active_admin && !is_active_admin) {
      // Checked in the write transaction, so two admins demoting each other at once cannot both
      // succeed (the writer runs one transaction at a time).
      BB_ASSIGN_OR_RETURN(std::int64_t admins, tx.CountActiveAdmins());
      if (admins <= 1) {
        return Error(ErrorCode::kConflict, "This is the last active admin; make another user admin first.",
                     {{changes.disabled && *changes.disabled ? "disabled" : "role", "would leave no active admin"}});
      }
    }
    auto changed = domain::DiffFields(before, domain::FieldsOf(*user));
    if (!changed.empty()) {
      BB_RETURN_IF_ERROR(tx.UpdateUser(*user));
      bool access_changed = std::any_of(changed.begin(), changed.end(), [](const domain::AuditChange& change) {
        return change.field == "role" || change.field == "disabled";
      });
      if (access_changed) BB_RETURN_IF_ERROR(StatusOf(tx.DeleteUserSessions(user->id)));
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, clock_.Now(), "user.updated", user->id, std::move(changed)));
    }
    updated = std::move(*user);
    return Ok();
  }));
  updated.password_hash.clear();
  return updated;
}

Result<IssuedPasswordReset> AuthService::IssuePasswordReset(const domain::Actor& actor, std::string_view id,
                                                            const Idempotent<IssuedPasswordReset>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageAccess));
  IssuedPasswordReset issued{std::string(id), crypto::RandomToken(32), {}};
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto user, tx.FindUser(id));
    if (!user) return NoSuchUser();
    Timestamp now = clock_.Now();
    issued.expires_at = now + kPasswordResetLifetime;
    BB_RETURN_IF_ERROR(StatusOf(tx.RetirePasswordResets(user->id, now)));
    BB_RETURN_IF_ERROR(
        tx.InsertPasswordReset({crypto::Sha256Hex(issued.token), user->id, actor.id, now, issued.expires_at, {}}));
    BB_RETURN_IF_ERROR(
        RecordAudit(tx, ids_, actor, now, "user.password_reset_issued", user->id,
                    {{"password_reset.expires_at", std::monostate{}, FormatTimestamp(issued.expires_at)}}));
    return idempotency_.Record(tx, idempotent, issued);
  }));
  return issued;
}

Status AuthService::ResetPassword(std::string_view token, std::string_view password, std::string_view client_key) {
  BB_ASSIGN_OR_RETURN(int wait, login_limiter_.Acquire({"password-reset-client:" + std::string(client_key)}));
  if (wait > 0) {
    return Error(ErrorCode::kTooManyRequests, "Too many attempts; wait and try again.").WithRetryAfter(wait);
  }
  if (token.empty() || token.size() > 128) return BadResetLink();
  std::string token_hash = crypto::Sha256Hex(token);
  // A cheap look first, so that a made-up token costs no password hashing.
  std::optional<domain::PasswordReset> reset;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(reset, q.FindPasswordReset(token_hash));
    return Ok();
  }));
  if (!reset || reset->used_at || clock_.Now() >= reset->expires_at) return BadResetLink();
  BB_ASSIGN_OR_RETURN(std::string hash, HashNewPassword(password));
  return store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto current, tx.FindPasswordReset(token_hash));
    if (!current || current->used_at || now >= current->expires_at) return BadResetLink();
    BB_ASSIGN_OR_RETURN(auto user, tx.FindUser(current->user_id));
    if (!user) return BadResetLink();
    BB_ASSIGN_OR_RETURN(bool used_now, tx.UsePasswordReset(token_hash, now));
    if (!used_now) return BadResetLink();
    user->password_hash = hash;
    BB_RETURN_IF_ERROR(tx.UpdateUser(*user));
    BB_RETURN_IF_ERROR(StatusOf(tx.DeleteUserSessions(user->id)));
    BB_RETURN_IF_ERROR(StatusOf(tx.RetirePasswordResets(user->id, now)));
    domain::Actor self{domain::Actor::Kind::kUser, user->id, user->role, std::string(client_key)};
    return RecordAudit(tx, ids_, self, now, "user.password_reset", user->id, {}, "with a reset link");
  });
}

Status AuthService::SetPassword(const domain::Actor& actor, std::string_view email, std::string_view password) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageAccess));
  BB_ASSIGN_OR_RETURN(std::string hash, HashNewPassword(password));
  return store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto user, tx.FindUserByEmail(domain::NormalizeEmail(email)));
    if (!user) return Error::NotFound("No user with this email.");
    Timestamp now = clock_.Now();
    user->password_hash = hash;
    BB_RETURN_IF_ERROR(tx.UpdateUser(*user));
    BB_RETURN_IF_ERROR(StatusOf(tx.DeleteUserSessions(user->id)));
    BB_RETURN_IF_ERROR(StatusOf(tx.RetirePasswordResets(user->id, now)));
    return RecordAudit(tx, ids_, actor, now, "user.password_set", user->id, {});
  });
}

Result<std::vector<domain::User>> AuthService::ListUsers(const domain::Actor& actor) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageAccess));
  std::vector<domain::User> users;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(users, q.ListUsers());
    return Ok();
  }));
  for (auto& user : users) user.password_hash.clear();
  return users;
}

Result<CreatedApiKey> AuthService::CreateApiKey(const domain::Actor& actor, std::optional<std::string> name,
                                                std::optional<std::string> role,
                                                const Idempotent<CreatedApiKey>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageAccess));
  std::vector<FieldError> errors;
  if (!name) {
    errors.push_back({"name", "is required"});
  } else if (auto message = domain::CheckText(*name, 200); !message.empty()) {
    errors.push_back({"name", message});
  }
  if (!role) {
    errors.push_back({"role", "is required"});
  } else if (!domain::ParseRole(*role)) {
    errors.push_back({"role", "must be one of admin, manager, sales_rep, viewer"});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  CreatedApiKey created;
  std::string secret = crypto::RandomToken(32);
  created.key.id = ids_.New(domain::kApiKeyPrefix);
  created.key.name = std::string(domain::Trim(*name));
  created.key.role = *domain::ParseRole(*role);
  created.key.secret_hash = crypto::Sha256Hex(secret);
  created.key.created_by = actor.id;
  created.key.created_at = clock_.Now();
  created.secret = created.key.id + "." + secret;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertApiKey(created.key));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, created.key.created_at, "api_key.created", created.key.id,
                                   domain::CreatedFields(domain::FieldsOf(created.key))));
    return idempotency_.Record(tx, idempotent, created);
  }));
  return created;
}

Result<std::vector<domain::ApiKey>> AuthService::ListApiKeys(const domain::Actor& actor) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageAccess));
  std::vector<domain::ApiKey> keys;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(keys, q.ListApiKeys());
    return Ok();
  }));
  return keys;
}

Result<domain::ApiKey> AuthService::RevokeApiKey(const domain::Actor& actor, std::string_view id,
                                                 const Idempotent<domain::ApiKey>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageAccess));
  domain::ApiKey revoked;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto key, tx.FindApiKey(id));
    if (!key) return Error::NotFound("No API key with this id.");
    if (!key->revoked_at) {
      domain::AuditFields before = domain::FieldsOf(*key);
      key->revoked_at = clock_.Now();
      BB_RETURN_IF_ERROR(tx.RevokeApiKey(id, *key->revoked_at));
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, *key->revoked_at, "api_key.revoked", key->id,
                                     domain::DiffFields(before, domain::FieldsOf(*key))));
    }
    revoked = std::move(*key);
    return idempotency_.Record(tx, idempotent, revoked);
  }));
  return revoked;
}

}  // namespace bb::service

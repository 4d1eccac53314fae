#pragma once
// Staff accounts and machine credentials. Secrets are never held here in clear: sessions and API
// keys are stored as hashes of their random tokens, passwords as argon2id PHC strings.

#include <optional>
#include <string>

#include "common/clock.h"
#include "domain/access.h"

namespace bb::domain {

struct User {
  std::string id;
  std::string email;  // normalised; unique
  std::string name;
  Role role = Role::kViewer;
  std::string password_hash;  // argon2id PHC string; empty when the user cannot sign in by password
  bool disabled = false;
  Timestamp created_at;
};

struct SessionRecord {
  std::string token_hash;  // SHA-256 of the cookie token
  std::string user_id;
  Timestamp created_at;
  Timestamp last_seen_at;
};

// A one-time link with which a staff user sets a new password (issued by an admin, valid an hour).
struct PasswordReset {
  std::string token_hash;  // SHA-256 of the token in the link
  std::string user_id;
  std::string created_by;  // the admin (user or API key) who issued it
  Timestamp created_at;
  Timestamp expires_at;
  std::optional<Timestamp> used_at;
};

// A one-time link that signs an advocate in to the portal (issued by staff; later sent by email).
struct SignInLink {
  std::string token_hash;  // SHA-256 of the token in the link
  std::string advocate_id;
  std::string created_by;  // the user or API key that issued it
  Timestamp created_at;
  Timestamp expires_at;
  std::optional<Timestamp> used_at;
};

// How a portal session was opened: a one-time sign-in link (which proves the advocate holds the
// link staff sent to their email), joining the program through its public form (which proves
// nothing), or the advocate's password.
enum class PortalSignIn { kLink, kJoin, kPassword };
std::string_view ToString(PortalSignIn method);
std::optional<PortalSignIn> ParsePortalSignIn(std::string_view text);

// An advocate's portal session (the cookie's token kept as a SHA-256 hash).
struct AdvocateSession {
  std::string token_hash;
  std::string advocate_id;
  Timestamp created_at;
  Timestamp last_seen_at;
  PortalSignIn opened_by = PortalSignIn::kPassword;  // the method with the fewest rights
};

// An advocate's portal password. `email_proven` says whether it was chosen by someone who had
// proven the advocate's email (in a session opened by a sign-in link, or by a proven password):
// a password chosen right after joining is not, and the first sign-in by a link drops it.
struct AdvocatePassword {
  std::string hash;  // argon2id PHC string
  bool email_proven = false;
  Timestamp updated_at;
};

struct ApiKey {
  std::string id;  // "key_…"; also the public half of the key string
  std::string name;
  Role role = Role::kViewer;
  std::string secret_hash;  // SHA-256 of the secret half
  std::string created_by;
  Timestamp created_at;
  std::optional<Timestamp> revoked_at;
};

// A POST answered once, kept so that a retry with the same Idempotency-Key replays it.
struct IdempotencyRecord {
  std::string scope;        // who sent it (user, API key or anonymous client)
  std::string key;          // the Idempotency-Key header
  std::string fingerprint;  // hash of method, path and body
  int status = 0;
  std::string body;
  std::string location;  // Location header, if any
  Timestamp created_at;
  Timestamp expires_at;
};

}  // namespace bb::domain

#pragma once
// Staff access: users, their sessions and password resets, and API keys.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/account.h"

namespace bb::store {

// Reads of this area (see store::Queries for the contract common to all reads).
class AccountReads {
 public:
  virtual ~AccountReads() = default;

  virtual Result<std::optional<domain::User>> FindUser(std::string_view id) = 0;
  virtual Result<std::optional<domain::User>> FindUserByEmail(std::string_view email) = 0;
  virtual Result<std::vector<domain::User>> ListUsers() = 0;
  // How many users are admins and not disabled.
  virtual Result<std::int64_t> CountActiveAdmins() = 0;
  virtual Result<std::optional<domain::PasswordReset>> FindPasswordReset(std::string_view token_hash) = 0;
  virtual Result<std::optional<domain::SessionRecord>> FindSession(std::string_view token_hash) = 0;
  virtual Result<std::optional<domain::ApiKey>> FindApiKey(std::string_view id) = 0;
  virtual Result<std::vector<domain::ApiKey>> ListApiKeys() = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class AccountWrites {
 public:
  virtual ~AccountWrites() = default;

  virtual Status InsertUser(const domain::User& user) = 0;
  // Rewrites the user's name, role, disabled flag and password hash (never the id, email or creation).
  virtual Status UpdateUser(const domain::User& user) = 0;
  // Ends every session of the user; returns how many.
  virtual Result<std::int64_t> DeleteUserSessions(std::string_view user_id) = 0;
  virtual Status InsertPasswordReset(const domain::PasswordReset& reset) = 0;
  // Marks the reset used at `at` unless it was used already; returns whether this call used it.
  virtual Result<bool> UsePasswordReset(std::string_view token_hash, Timestamp at) = 0;
  // Marks every unused reset of the user used at `at`; returns how many.
  virtual Result<std::int64_t> RetirePasswordResets(std::string_view user_id, Timestamp at) = 0;
  virtual Status InsertSession(const domain::SessionRecord& session) = 0;
  virtual Status TouchSession(std::string_view token_hash, Timestamp last_seen_at) = 0;
  virtual Status DeleteSession(std::string_view token_hash) = 0;
  // Removes sessions (staff and advocates') last used before `idle_before` or created before
  // `created_before`; returns how many.
  virtual Result<std::int64_t> DeleteStaleSessions(Timestamp idle_before, Timestamp created_before) = 0;
  virtual Status InsertApiKey(const domain::ApiKey& key) = 0;
  virtual Status RevokeApiKey(std::string_view id, Timestamp when) = 0;
};

}  // namespace bb::store

#pragma once
// Advocates' access to the portal: one-time sign-in links, portal sessions and passwords.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/account.h"

namespace bb::store {

// Reads of this area (see store::Queries for the contract common to all reads).
class PortalReads {
 public:
  virtual ~PortalReads() = default;

  virtual Result<std::optional<domain::SignInLink>> FindSignInLink(std::string_view token_hash) = 0;
  virtual Result<std::optional<domain::AdvocateSession>> FindAdvocateSession(std::string_view token_hash) = 0;
  // The advocate's portal password; nullopt when none is set.
  virtual Result<std::optional<domain::AdvocatePassword>> FindAdvocatePassword(std::string_view advocate_id) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class PortalWrites {
 public:
  virtual ~PortalWrites() = default;

  // Inserts a new, unused link (its used_at is not read).
  virtual Status InsertSignInLink(const domain::SignInLink& link) = 0;
  // Marks the link used at `at` unless it was used already; returns whether this call used it.
  virtual Result<bool> UseSignInLink(std::string_view token_hash, Timestamp at) = 0;
  virtual Status InsertAdvocateSession(const domain::AdvocateSession& session) = 0;
  virtual Status TouchAdvocateSession(std::string_view token_hash, Timestamp last_seen_at) = 0;
  virtual Status DeleteAdvocateSession(std::string_view token_hash) = 0;
  // Ends every portal session of the advocate but the one whose hash is `keep_token_hash`;
  // returns how many.
  virtual Result<std::int64_t> DeleteOtherAdvocateSessions(std::string_view advocate_id,
                                                           std::string_view keep_token_hash) = 0;
  // Sets (or replaces) the advocate's portal password.
  virtual Status PutAdvocatePassword(std::string_view advocate_id, const domain::AdvocatePassword& password) = 0;
  // Removes the advocate's portal password (no-op when none is set).
  virtual Status DeleteAdvocatePassword(std::string_view advocate_id) = 0;
  // Marks every unused sign-in link of the advocate used at `at`; returns how many.
  virtual Result<std::int64_t> RetireSignInLinks(std::string_view advocate_id, Timestamp at) = 0;
};

}  // namespace bb::store

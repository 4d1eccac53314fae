#pragma once
// What email needs stored beside the outbox: the suppression list (domain/suppression.h) and the
// programs' own email templates (domain/email_template.h), and the staff notifications users chose.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/account.h"
#include "domain/email_template.h"
#include "domain/suppression.h"

namespace bb::store {

// One program's figures for the daily digest.
struct DigestFigures {
  std::string program_id;
  std::int64_t submitted = 0;        // referrals submitted in the period
  std::int64_t won = 0;              // referrals moved to won in the period
  std::int64_t held = 0;             // referrals waiting for a review now (held or duplicate, not rejected)
  std::int64_t pending_rewards = 0;  // reward entries waiting for approval now
};

// Reads of this area (see store::Queries for the contract common to all reads).
class EmailReads {
 public:
  virtual ~EmailReads() = default;

  virtual Result<std::optional<domain::Suppression>> FindSuppression(std::string_view email) = 0;
  // Newest first; `before_id` is the last id of the previous page ("" for the first).
  virtual Result<std::vector<domain::Suppression>> ListSuppressions(std::string_view before_id, int limit) = 0;
  // The suppressions of those of `emails` that are suppressed.
  virtual Result<std::vector<domain::Suppression>> FindSuppressions(const std::vector<std::string>& emails) = 0;

  virtual Result<std::optional<domain::EmailTemplate>> FindEmailTemplate(std::string_view program_id,
                                                                         domain::EmailKind kind) = 0;
  // The program's own templates, in no particular order.
  virtual Result<std::vector<domain::EmailTemplate>> ListEmailTemplates(std::string_view program_id) = 0;

  // The staff notification topics the user chose, sorted.
  virtual Result<std::vector<std::string>> ListStaffNotifications(std::string_view user_id) = 0;
  // The users who chose `topic` and are not disabled, by id.
  virtual Result<std::vector<domain::User>> ListUsersNotifiedOf(std::string_view topic) = 0;
  // Every program with anything to tell for [from, until) or waiting now, by program id.
  virtual Result<std::vector<DigestFigures>> ListDigestFigures(Timestamp from, Timestamp until) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class EmailWrites {
 public:
  virtual ~EmailWrites() = default;

  // Adds the address, or replaces its entry, id included (the latest reason wins).
  virtual Status PutSuppression(const domain::Suppression& suppression) = 0;
  // Returns whether there was an entry.
  virtual Result<bool> DeleteSuppression(std::string_view email) = 0;

  // Adds the program's template for the kind, or replaces it.
  virtual Status PutEmailTemplate(const domain::EmailTemplate& email_template) = 0;
  // Returns whether there was one.
  virtual Result<bool> DeleteEmailTemplate(std::string_view program_id, domain::EmailKind kind) = 0;

  // Adds (`on`) or removes the user's choice of `topic`; doing what is done already is no error.
  virtual Status SetStaffNotification(std::string_view user_id, std::string_view topic, bool on) = 0;
};

}  // namespace bb::store

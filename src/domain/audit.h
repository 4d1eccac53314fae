#pragma once
// The audit trail: who (a user, an API key or the operator at the command line) changed what,
// when, from which address (its keyed hash), and each changed field before and after. Secrets
// (password and key hashes, tokens) never appear: FieldsOf leaves them out. Pure rules, no I/O.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "common/clock.h"
#include "domain/account.h"
#include "domain/advocate.h"
#include "domain/connector.h"
#include "domain/program.h"
#include "domain/program_month.h"
#include "domain/referral.h"
#include "domain/reward.h"
#include "domain/reward_rule.h"
#include "domain/webhook.h"

namespace bb::domain {

// A field's value: absent (null), a boolean, a whole number or a text.
using AuditValue = std::variant<std::monostate, bool, std::int64_t, std::string>;

struct AuditChange {
  std::string field;  // "name", "referral_policy.velocity_limit", "attributes.tier"
  AuditValue before;
  AuditValue after;
  friend bool operator==(const AuditChange&, const AuditChange&) = default;
};

// An object's audited fields in a fixed order.
using AuditFields = std::vector<std::pair<std::string, AuditValue>>;

struct AuditEvent {
  std::string id;  // "aud_…"
  Timestamp at;
  std::string actor;         // a user or API key id, or "system" (the command line)
  std::string address_hash;  // keyed hash of the client address; "" from the command line
  std::string kind;          // what was done: "program.updated", "reward.fulfilled" (see docs/api.md)
  std::string object_id;     // the object it was done to
  std::vector<AuditChange> changes;
  std::string note;  // a reason given with the change, in words; never a secret
};

inline constexpr std::size_t kMaxAuditKindLength = 64;

// The fields whose values differ between `before` and `after`: first in `after`'s order, then the
// fields only `before` has (their `after` is null).
std::vector<AuditChange> DiffFields(const AuditFields& before, const AuditFields& after);
// Every field of `after` as a change from null (a creation).
std::vector<AuditChange> CreatedFields(const AuditFields& after);

AuditFields FieldsOf(const Program& program);
AuditFields FieldsOf(const ProgramMonth& month);  // the figures and the note, under the month's name
AuditFields FieldsOf(const Advocate& advocate);
AuditFields FieldsOf(const User& user);   // never the password hash
AuditFields FieldsOf(const ApiKey& key);  // never the secret's hash
AuditFields FieldsOf(const RewardRule& rule);
AuditFields FieldsOf(const Connector& connector);  // never the secrets, sealed or not
AuditFields FieldsOf(const Referral& referral);    // the fields staff change: stage, review, deal, external id
AuditFields FieldsOf(const Reward& reward);
AuditFields FieldsOf(const WebhookEndpoint& endpoint);  // never the secrets

}  // namespace bb::domain

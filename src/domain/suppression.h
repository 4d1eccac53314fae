#pragma once
// The suppression list: addresses Bluebird must not email. A bounce (an SMTP server's permanent
// refusal), a complaint or staff suppress an address for every email; an unsubscribe stops
// everything that is not strictly transactional (a sign-in link the person asked for still goes).
// Pure types and rules, no I/O.

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace bb::domain {

enum class SuppressionReason { kBounce, kComplaint, kStaff, kUnsubscribe };

std::string_view ToString(SuppressionReason reason);
std::optional<SuppressionReason> ParseSuppressionReason(std::string_view text);

inline constexpr std::size_t kMaxSuppressionNoteLength = 500;

struct Suppression {
  std::string id;     // "sup_…"; a new one whenever the entry is replaced
  std::string email;  // normalized (domain::NormalizeEmail)
  SuppressionReason reason = SuppressionReason::kStaff;
  std::string note;   // what happened, for people ("550 5.1.1 No such user", "added by staff")
  std::string actor;  // who added it: a user or API key id, or "system"
  Timestamp created_at{};
};

// Whether an email of this kind may go to an address suppressed for `reason`.
bool Blocks(SuppressionReason reason, bool transactional);

}  // namespace bb::domain

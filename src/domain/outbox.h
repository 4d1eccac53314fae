#pragma once
// The outbox: every side effect Bluebird owes the world (a webhook delivery, an email) as a row
// written in the same transaction as the change that causes it, then delivered at least once by
// the outbox worker (jobs/outbox_worker.h). An item is claimed under a lease, attempted, and either
// delivered, scheduled again (domain/backoff.h) or, past its horizon, dead: kept for staff to see
// and replay. Pure types, no I/O.

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace bb::domain {

enum class OutboxKind { kWebhook, kEmail };
enum class OutboxState { kPending, kDelivered, kDead };

std::string_view ToString(OutboxKind kind);
std::string_view ToString(OutboxState state);
std::optional<OutboxKind> ParseOutboxKind(std::string_view text);
std::optional<OutboxState> ParseOutboxState(std::string_view text);

struct OutboxItem {
  std::string id;  // "obx_…", in creation order
  OutboxKind kind = OutboxKind::kWebhook;
  std::string target;      // webhook: the endpoint's id; email: the recipient's address
  std::string message_id;  // the same on every attempt: receivers deduplicate by it (webhook-id)
  std::string event_type;  // "referral.created", or the email's kind
  std::string payload;     // what is sent: a webhook's JSON body
  OutboxState state = OutboxState::kPending;
  int attempts = 0;  // attempts started; a claim counts as one, so a crash mid-attempt is counted
  Timestamp created_at{};
  // While pending: when the item is due. A claim moves it to the lease's end, so an item whose
  // worker died is due again when the lease lapses.
  Timestamp next_attempt_at{};
  std::string lease_holder;  // the worker that claimed it last; "" before the first claim
  std::optional<Timestamp> last_attempt_at;
  int last_status = 0;                   // the receiver's status code at the last attempt; 0 without an answer
  std::string last_error;                // why the last attempt failed, for people; "" after a success
  std::optional<Timestamp> finished_at;  // when it was delivered or given up
  // The current series of attempts: the first one, or the one a replay began. The backoff counts
  // the series' attempts and the horizon runs from its start, so a replayed item gets a full run.
  Timestamp series_started_at{};
  int series_first_attempt = 1;

  // The attempts made in the current series (>= 1 once claimed).
  int SeriesAttempts() const { return attempts - series_first_attempt + 1; }
};

// One attempt, as the delivery log shows it.
struct OutboxAttempt {
  std::string outbox_id;
  int number = 0;  // 1 for the first attempt
  Timestamp at{};
  Duration took{};
  int status = 0;     // the receiver's status code; 0 without an answer
  std::string error;  // "" when delivered
};

// How an attempt ended, as the worker reports it.
enum class AttemptOutcome {
  kDelivered,  // the receiver took it
  kRetry,      // a failure worth trying again (until the backoff or horizon ends)
  kGiveUp,     // a failure that will not change by trying again: dead at once
};

}  // namespace bb::domain

#pragma once
// The outbox's use cases: the worker's claim and report (jobs/outbox_worker.h), the retry and
// give-up rules (domain/backoff.h and a horizon), the bookkeeping of the endpoints deliveries go
// to, the figures /metrics shows, and what staff see and replay.
//
// Thread-safety: all methods may be called concurrently, from any instance.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/backoff.h"
#include "domain/outbox.h"
#include "service/email_notifier.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/paging.h"
#include "store/store.h"

namespace bb::service {

struct OutboxOptions {
  // How long a claim holds an item: longer than any attempt may take (webhooks.timeout), so that a
  // live worker keeps its items and a dead one's come back after it.
  Duration lease = std::chrono::seconds(60);
  // An item not delivered this long after it was written is given up (dead). The default lets
  // the webhook schedule (about 75.6 hours, up to 83 with jitter) run to its end.
  Duration give_up_after = std::chrono::hours(84);
};

// How one attempt went, as a deliverer reports it.
struct AttemptResult {
  domain::AttemptOutcome outcome = domain::AttemptOutcome::kRetry;
  int status = 0;     // the receiver's status code; 0 without an answer
  std::string error;  // "" when delivered; otherwise why, for people (never a secret)
  Duration took{};
  std::optional<Duration> retry_after;  // the receiver asked to wait this long
  // The target refuses for good: a webhook endpoint answered 410 Gone (it is disabled), an SMTP
  // server refused the recipient permanently (the address is suppressed as a bounce).
  bool disable_target = false;
};

struct OutboxFilter {
  std::optional<domain::OutboxKind> kind;
  std::optional<domain::OutboxState> state;
  std::string target;
};

struct OutboxItemDetail {
  domain::OutboxItem item;
  std::vector<domain::OutboxAttempt> attempts;
};

class OutboxService {
 public:
  OutboxService(store::Store& store, const Clock& clock, const IdGenerator& ids, const Idempotency& idempotency,
                const EmailNotifier& notifier, OutboxOptions options)
      : store_(store), clock_(clock), ids_(ids), idempotency_(idempotency), notifier_(notifier), options_(options) {}

  const OutboxOptions& options() const { return options_; }

  // Whether any item is due now (a read; cheaper than a claim that finds nothing).
  Result<bool> AnyDue();
  // Claims up to `limit` due items for `holder` under a lease of options().lease.
  Result<std::vector<domain::OutboxItem>> Claim(std::string_view holder, int limit);
  // Records how each claimed item's attempt went, in one transaction: delivered; due again after
  // the kind's backoff (at least what the receiver asked for with Retry-After); or dead when the
  // outcome says so, the backoff is exhausted or the next attempt would pass the horizon. For
  // webhooks it also keeps the endpoint's failure streak: a success ends it; a 410, or failures
  // for five days, disable the endpoint and give up its other pending items. `unit_random` in
  // [0, 1) spreads the retries (nullopt: from the CSPRNG).
  Status Record(std::string_view holder, const std::vector<std::pair<domain::OutboxItem, AttemptResult>>& results,
                std::optional<double> unit_random = std::nullopt);

  // The queue's figures per kind.
  Result<std::vector<store::OutboxKindStats>> Stats();

  // Staff (admins): items newest first, by kind, state and target.
  Result<PageOf<domain::OutboxItem>> List(const domain::Actor& actor, const OutboxFilter& filter, const Page& page);
  Result<OutboxItemDetail> Get(const domain::Actor& actor, std::string_view id);
  // Sends a dead (or delivered) item again, with the same message id: it is due at once and its
  // attempts continue from where they were. kConflict while it is pending.
  Result<domain::OutboxItem> Replay(const domain::Actor& actor, std::string_view id,
                                    const Idempotent<domain::OutboxItem>& idempotent);

 private:
  Status RecordOne(store::Tx& tx, std::string_view holder, const domain::OutboxItem& item, const AttemptResult& result,
                   Timestamp now, double unit_random);
  Status NoteWebhookOutcome(store::Tx& tx, const domain::OutboxItem& item, const AttemptResult& result, Timestamp now);
  Status NoteEmailOutcome(store::Tx& tx, const domain::OutboxItem& item, const AttemptResult& result,
                          domain::OutboxState state, Timestamp now);

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const Idempotency& idempotency_;
  const EmailNotifier& notifier_;
  const OutboxOptions options_;
};

}  // namespace bb::service

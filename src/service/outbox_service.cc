#include "service/outbox_service.h"

#include <algorithm>

#include "crypto/crypto.h"
#include "domain/audit.h"
#include "domain/ids.h"
#include "domain/webhook.h"
#include "service/audit_trail.h"
#include "service/email_service.h"

namespace bb::service {

namespace {

const domain::Backoff& BackoffFor(domain::OutboxKind kind) {
  static const domain::Backoff webhook = domain::WebhookBackoff();
  static const domain::Backoff email =
      domain::Backoff::Exponential(std::chrono::minutes(1), 2, std::chrono::hours(1), 0.2);
  return kind == domain::OutboxKind::kWebhook ? webhook : email;
}

// The longest wait a receiver's Retry-After may impose.
constexpr Duration kMaxRetryAfter = std::chrono::hours(24);

double RandomUnit() { return static_cast<double>(crypto::RandomBelow(1u << 30)) / static_cast<double>(1u << 30); }

}  // namespace

Result<bool> OutboxService::AnyDue() {
  bool due = false;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(due, q.AnyOutboxItemDue(clock_.Now()));
    return Ok();
  }));
  return due;
}

Result<std::vector<domain::OutboxItem>> OutboxService::Claim(std::string_view holder, int limit) {
  std::vector<domain::OutboxItem> items;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(items, tx.ClaimOutboxItems(holder, now, now + options_.lease, limit));
    return Ok();
  }));
  return items;
}

Status OutboxService::Record(std::string_view holder,
                             const std::vector<std::pair<domain::OutboxItem, AttemptResult>>& results,
                             std::optional<double> unit_random) {
  if (results.empty()) return Ok();
  std::vector<double> randoms;
  for (std::size_t i = 0; i < results.size(); ++i) randoms.push_back(unit_random ? *unit_random : RandomUnit());
  return store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    for (std::size_t i = 0; i < results.size(); ++i) {
      BB_RETURN_IF_ERROR(RecordOne(tx, holder, results[i].first, results[i].second, now, randoms[i]));
    }
    return Ok();
  });
}

Status OutboxService::RecordOne(store::Tx& tx, std::string_view holder, const domain::OutboxItem& item,
                                const AttemptResult& result, Timestamp now, double unit_random) {
  store::OutboxAttemptReport report;
  report.outbox_id = item.id;
  report.holder = std::string(holder);
  report.attempt = item.attempts;
  report.record = {item.id, item.attempts, now - result.took, result.took, result.status, result.error};
  if (result.outcome == domain::AttemptOutcome::kDelivered) {
    report.state = domain::OutboxState::kDelivered;
    report.record.error.clear();
  } else if (result.outcome == domain::AttemptOutcome::kGiveUp) {
    report.state = domain::OutboxState::kDead;
  } else {
    std::optional<Duration> delay = BackoffFor(item.kind).DelayAfter(item.SeriesAttempts(), unit_random);
    if (delay && result.retry_after) *delay = std::max(*delay, std::min(*result.retry_after, kMaxRetryAfter));
    if (!delay || now + *delay > item.series_started_at + options_.give_up_after) {
      report.state = domain::OutboxState::kDead;
    } else {
      report.state = domain::OutboxState::kPending;
      report.next_attempt_at = now + *delay;
    }
  }
  BB_ASSIGN_OR_RETURN(bool moved, tx.RecordOutboxAttempt(report));
  if (!moved) return Ok();  // another worker owns the item now; its attempt decides
  if (item.kind == domain::OutboxKind::kWebhook) return NoteWebhookOutcome(tx, item, result, now);
  return NoteEmailOutcome(tx, item, result, report.state, now);
}

Status OutboxService::NoteWebhookOutcome(store::Tx& tx, const domain::OutboxItem& item, const AttemptResult& result,
                                         Timestamp now) {
  BB_ASSIGN_OR_RETURN(auto endpoint, tx.FindWebhookEndpoint(item.target));
  if (!endpoint) return Ok();
  if (result.outcome == domain::AttemptOutcome::kDelivered) {
    if (!endpoint->failing_since) return Ok();
    endpoint->failing_since.reset();
    endpoint->updated_at = now;
    return tx.UpdateWebhookEndpoint(*endpoint);
  }
  bool was_failing = endpoint->failing_since.has_value();
  if (!was_failing) endpoint->failing_since = now;
  std::string reason;
  if (result.disable_target) {
    reason = "the receiver answered 410 Gone";
  } else if (now - *endpoint->failing_since >= domain::kWebhookFailureLimit) {
    reason = "every delivery failed for 5 days";
  }
  if (reason.empty() || !endpoint->enabled) {
    if (was_failing) return Ok();
    endpoint->updated_at = now;
    return tx.UpdateWebhookEndpoint(*endpoint);
  }
  domain::AuditFields before = domain::FieldsOf(*endpoint);
  endpoint->enabled = false;
  endpoint->disabled_reason = reason;
  endpoint->updated_at = now;
  BB_RETURN_IF_ERROR(tx.UpdateWebhookEndpoint(*endpoint));
  BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, domain::Actor::System(), now, "webhook_endpoint.disabled", endpoint->id,
                                 domain::DiffFields(before, domain::FieldsOf(*endpoint)), reason));
  BB_RETURN_IF_ERROR(notifier_.WebhookEndpointDisabled(tx, now, *endpoint, reason));
  return StatusOf(tx.KillPendingOutboxItems(domain::OutboxKind::kWebhook, endpoint->id,
                                            "not sent: the endpoint was disabled (" + reason + ")", now));
}

Status OutboxService::NoteEmailOutcome(store::Tx& tx, const domain::OutboxItem& item, const AttemptResult& result,
                                       domain::OutboxState state, Timestamp now) {
  if (result.disable_target) {
    BB_ASSIGN_OR_RETURN(auto existing, tx.FindSuppression(item.target));
    if (!existing || existing->reason == domain::SuppressionReason::kUnsubscribe) {
      BB_RETURN_IF_ERROR(tx.PutSuppression({ids_.New(domain::kSuppressionPrefix), item.target,
                                            domain::SuppressionReason::kBounce, result.error, "system", now}));
    }
  }
  if (state == domain::OutboxState::kPending) return Ok();
  if (state == domain::OutboxState::kDelivered || result.disable_target) {  // a campaign counts it
    BB_RETURN_IF_ERROR(tx.NoteCampaignEmailOutcome(item.message_id, state == domain::OutboxState::kDelivered, now));
  }
  // Sent or given up: the message (which may hold a one-time link) is not kept.
  auto email = DecodeQueuedEmail(item.payload);
  if (!email) return Ok();
  email->message.clear();
  return tx.SetOutboxPayload(item.id, EncodeQueuedEmail(*email));
}

Result<std::vector<store::OutboxKindStats>> OutboxService::Stats() {
  std::vector<store::OutboxKindStats> stats;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(stats, q.GetOutboxStats());
    return Ok();
  }));
  return stats;
}

Result<PageOf<domain::OutboxItem>> OutboxService::List(const domain::Actor& actor, const OutboxFilter& filter,
                                                       const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  BB_ASSIGN_OR_RETURN(std::string after, CheckPage(page, domain::kOutboxItemPrefix));
  store::OutboxQuery query{filter.kind, filter.target, filter.state, after, page.limit + 1};
  PageOf<domain::OutboxItem> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(out.items, q.ListOutboxItems(query));
    return Ok();
  }));
  FinishPage(out, page);
  return out;
}

Result<OutboxItemDetail> OutboxService::Get(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  OutboxItemDetail out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto item, q.FindOutboxItem(id));
    if (!item) return Error::NotFound("No such outbox item.");
    out.item = std::move(*item);
    BB_ASSIGN_OR_RETURN(out.attempts, q.ListOutboxAttempts(id));
    return Ok();
  }));
  return out;
}

Result<domain::OutboxItem> OutboxService::Replay(const domain::Actor& actor, std::string_view id,
                                                 const Idempotent<domain::OutboxItem>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  domain::OutboxItem out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto item, tx.FindOutboxItem(id));
    if (!item) return Error::NotFound("No such outbox item.");
    if (item->kind == domain::OutboxKind::kEmail) {
      auto email = DecodeQueuedEmail(item->payload);
      if (!email || email->message.empty()) {
        return Error::Conflict(
            "The email's message is not kept once it was sent or given up (it may have held a one-time link); "
            "what caused it must send it again.");
      }
    }
    if (item->kind == domain::OutboxKind::kWebhook) {
      BB_ASSIGN_OR_RETURN(auto endpoint, tx.FindWebhookEndpoint(item->target));
      if (!endpoint) return Error::Conflict("The item's webhook endpoint was deleted; it cannot be sent again.");
      if (!endpoint->enabled) return Error::Conflict("The item's webhook endpoint is disabled; enable it first.");
    }
    BB_ASSIGN_OR_RETURN(bool replayed, tx.ReplayOutboxItem(id, clock_.Now()));
    if (!replayed) return Error::Conflict("The item is still pending: it will be sent without a replay.");
    BB_ASSIGN_OR_RETURN(auto updated, tx.FindOutboxItem(id));
    out = std::move(*updated);
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, out.series_started_at, "outbox_item.replayed", out.id,
                                   {{"state", std::string(domain::ToString(item->state)), std::string("pending")}}));
    return idempotency_.Record(tx, idempotent, out);
  }));
  return out;
}

}  // namespace bb::service

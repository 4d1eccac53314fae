#include "jobs/email_delivery.h"

#include "common/time_format.h"
#include "service/email_service.h"

namespace bb::jobs {
namespace {

// Why `email` must not be sent any more (it expired), or nullopt.
std::optional<service::AttemptResult> Expired(const service::QueuedEmail& email, const DeliveryContext& context) {
  if (!email.expires_at || context.now < *email.expires_at) return std::nullopt;
  service::AttemptResult out;
  out.outcome = domain::AttemptOutcome::kGiveUp;
  out.error = "not sent: it expired before it could be sent (what it said was good until " +
              FormatTimestamp(*email.expires_at) + ")";
  return out;
}

}  // namespace

service::AttemptResult EmailDelivery::Deliver(const domain::OutboxItem& item, const DeliveryContext& context) {
  service::AttemptResult out;
  auto email = service::DecodeQueuedEmail(item.payload);
  if (!email || email->message.empty()) {
    out.outcome = domain::AttemptOutcome::kGiveUp;
    out.error = "not sent: the stored message is unreadable";
    return out;
  }
  if (auto expired = Expired(*email, context)) return *expired;
  auto suppressed = context.suppressions.find(item.target);
  if (suppressed != context.suppressions.end() && domain::Blocks(suppressed->second.reason, email->transactional)) {
    out.outcome = domain::AttemptOutcome::kGiveUp;
    out.error =
        "not sent: the address is suppressed (" + std::string(domain::ToString(suppressed->second.reason)) + ")";
    return out;
  }
  integrations::SmtpResult result = sender_.Send(email->envelope_from, email->to, email->message);
  out.status = result.reply_code;
  out.took = result.elapsed;
  switch (result.outcome) {
    case integrations::SmtpResult::Outcome::kSent: out.outcome = domain::AttemptOutcome::kDelivered; break;
    case integrations::SmtpResult::Outcome::kTransient:
      out.outcome = domain::AttemptOutcome::kRetry;
      out.error = result.error;
      break;
    case integrations::SmtpResult::Outcome::kPermanent:
      out.outcome = domain::AttemptOutcome::kGiveUp;
      out.disable_target = result.mailbox_refused;  // a refused message alone does not suppress the address
      out.error = result.error;
      break;
  }
  return out;
}

service::AttemptResult EmailNotConfigured::Deliver(const domain::OutboxItem& item, const DeliveryContext& context) {
  auto email = service::DecodeQueuedEmail(item.payload);
  if (email) {
    if (auto expired = Expired(*email, context)) return *expired;
  }
  service::AttemptResult out;
  out.outcome = domain::AttemptOutcome::kRetry;
  out.error = "not sent: email is not configured (email.smtp_host)";
  return out;
}

}  // namespace bb::jobs

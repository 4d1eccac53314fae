#include "jobs/email_delivery.h"

#include "service/email_service.h"

namespace bb::jobs {

service::AttemptResult EmailDelivery::Deliver(const domain::OutboxItem& item, const DeliveryContext& context) {
  service::AttemptResult out;
  auto email = service::DecodeQueuedEmail(item.payload);
  if (!email || email->message.empty()) {
    out.outcome = domain::AttemptOutcome::kGiveUp;
    out.error = "not sent: the stored message is unreadable";
    return out;
  }
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
      out.disable_target = true;
      out.error = result.error;
      break;
  }
  return out;
}

service::AttemptResult EmailNotConfigured::Deliver(const domain::OutboxItem&, const DeliveryContext&) {
  service::AttemptResult out;
  out.outcome = domain::AttemptOutcome::kRetry;
  out.error = "not sent: email is not configured (email.smtp_host)";
  return out;
}

}  // namespace bb::jobs

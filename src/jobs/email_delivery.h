#pragma once
// Delivers email outbox items through SMTP (integrations/smtp_send.h): the message rendered when it
// was queued, to its one recipient. An address suppressed since (for this kind of mail), or an
// email past its expiry (a link that would no longer work), is given up without sending. A 2xx is
// delivered; an SMTP permanent refusal (5xx to the recipient or the data) gives up, and suppresses
// the address (a bounce) when the server blamed the mailbox (integrations::RefusesMailbox);
// anything else is tried again on the backoff. With no SMTP server configured, EmailNotConfigured
// keeps every email waiting, visibly, until it expires or reaches the outbox's horizon.
//
// Thread-safety: one instance per thread (it keeps the SMTP connection open).

#include "integrations/smtp_send.h"
#include "jobs/deliverer.h"

namespace bb::jobs {

class EmailDelivery : public Deliverer {
 public:
  explicit EmailDelivery(integrations::SmtpOptions options) : sender_(std::move(options)) {}

  service::AttemptResult Deliver(const domain::OutboxItem& item, const DeliveryContext& context) override;

 private:
  integrations::SmtpSender sender_;
};

// Every attempt fails with "not sent: email is not configured": the email stays in the outbox, tried
// again on the backoff, until email.smtp_host is set or it is given up (expired, or past the
// horizon; replayable).
class EmailNotConfigured : public Deliverer {
 public:
  service::AttemptResult Deliver(const domain::OutboxItem& item, const DeliveryContext& context) override;
};

}  // namespace bb::jobs

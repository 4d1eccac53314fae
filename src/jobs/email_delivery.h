#pragma once
// Delivers email outbox items through SMTP (integrations/smtp_send.h): the message rendered when it
// was queued, to its one recipient. An address suppressed since (for this kind of mail) is given up
// without sending. A 2xx is delivered; an SMTP permanent refusal (5xx to the recipient or the data)
// gives up and suppresses the address (a bounce); anything else is tried again on the backoff.
// With no SMTP server configured, EmailNotConfigured keeps every email waiting, visibly.
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
// again on the backoff, until email.smtp_host is set or it is given up (and replayable).
class EmailNotConfigured : public Deliverer {
 public:
  service::AttemptResult Deliver(const domain::OutboxItem& item, const DeliveryContext& context) override;
};

}  // namespace bb::jobs

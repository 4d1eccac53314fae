#pragma once
// Delivering what a test server's outbox holds to a real SMTP server (tests/helpers/smtp_sink.h),
// for tests that read what people received.

#include <chrono>
#include <memory>

#include "jobs/email_delivery.h"
#include "jobs/outbox_worker.h"
#include "smtp_sink.h"
#include "test_server.h"

namespace bb::testing {

// Sends every email queued in `server`'s outbox, due now, to `sink` with an outbox worker of the
// test's own (one thread, no retries waited for); returns how many went.
inline int DeliverQueuedEmails(TestServer& server, const SmtpSink& sink) {
  using namespace std::chrono_literals;
  integrations::SmtpOptions options = sink.Options();
  jobs::OutboxWorker worker(*server.services, server.metrics, jobs::OutboxWorkerOptions{1, 64, 100ms},
                            [options](domain::OutboxKind kind) -> std::unique_ptr<jobs::Deliverer> {
                              if (kind != domain::OutboxKind::kEmail) return nullptr;
                              return std::make_unique<jobs::EmailDelivery>(options);
                            });
  int sent = 0;
  while (int n = worker.RunOnce()) sent += n;
  return sent;
}

}  // namespace bb::testing

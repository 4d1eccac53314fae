#pragma once
// Email: queuing messages in the outbox inside the transaction that causes them (unless the
// address is suppressed for that kind of mail), and the suppression list admins keep (a bounce,
// a complaint, staff; an unsubscribe stops all but transactional mail). Messages are rendered when
// queued (domain/email_message.h) and sent by the outbox worker (jobs/email_delivery.h).
//
// Thread-safety: all methods may be called concurrently.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/email_message.h"
#include "domain/suppression.h"
#include "service/id_generator.h"
#include "service/paging.h"
#include "store/store.h"

namespace bb::service {

struct EmailOptions {
  domain::Mailbox from{"Bluebird", "no-reply@bluebird.invalid"};  // email.from
  std::optional<domain::Mailbox> reply_to;                        // email.reply_to
};

// One email to queue.
struct OutgoingEmail {
  std::string kind;  // what it is, shown in the outbox: "portal.sign_in_link", "advocate.welcome" ...
  domain::Mailbox to;
  std::string subject;
  std::string text;
  std::string html;  // "" for text only
  // Transactional mail (a sign-in link the person asked for) goes to unsubscribed addresses and
  // carries no List-Unsubscribe; everything else needs `unsubscribe_url`.
  bool transactional = false;
  std::string unsubscribe_url;
};

// What the outbox keeps of an email: the envelope, the subject, and until it is sent (or given
// up) the message itself, which may hold a one-time link and is then removed.
struct QueuedEmail {
  std::string envelope_from;
  std::string to;
  std::string subject;
  bool transactional = false;
  std::string message;  // RFC 5322; "" once sent or given up
};
std::string EncodeQueuedEmail(const QueuedEmail& email);
std::optional<QueuedEmail> DecodeQueuedEmail(std::string_view payload);

class EmailService {
 public:
  EmailService(store::Store& store, const Clock& clock, const IdGenerator& ids, EmailOptions options)
      : store_(store), clock_(clock), ids_(ids), options_(std::move(options)) {}

  // Inside a write transaction: queues `email` at `at`. Returns false (and queues nothing) when the
  // address is suppressed for this kind of mail. Fails only when storage does.
  Result<bool> Queue(store::Tx& tx, Timestamp at, const OutgoingEmail& email) const;

  // The suppressions of those of `emails` (normalized) that have one, for the outbox worker.
  Result<std::vector<domain::Suppression>> SuppressionsAmong(const std::vector<std::string>& emails);

  // Admins: adds (or replaces) an address's suppression; kInvalidArgument naming "email", "reason"
  // or "note".
  Result<domain::Suppression> Suppress(const domain::Actor& actor, std::string_view email, std::string_view reason,
                                       std::string_view note);
  Result<PageOf<domain::Suppression>> List(const domain::Actor& actor, const Page& page);
  // kNotFound when the address is not suppressed.
  Status Unsuppress(const domain::Actor& actor, std::string_view email);

 private:
  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const EmailOptions options_;
};

}  // namespace bb::service

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
#include "domain/account.h"
#include "domain/email_message.h"
#include "domain/suppression.h"
#include "service/id_generator.h"
#include "service/paging.h"
#include "service/rating_offers.h"
#include "store/store.h"

namespace bb::service {

// What anyone may make Bluebird email to one address (a sign-in link): this many at once, then one
// per interval.
inline constexpr double kEmailsPerAddressBurst = 3;
inline constexpr std::chrono::minutes kEmailsPerAddressInterval{5};

struct EmailOptions {
  domain::Mailbox from{"Bluebird", "no-reply@bluebird.invalid"};  // email.from
  std::optional<domain::Mailbox> reply_to;                        // email.reply_to
};

// One email to queue.
struct OutgoingEmail {
  std::string kind;  // what it is, shown in the outbox: domain::EmailKind ("sign_in_link", "welcome" ...)
  domain::Mailbox to;
  std::string subject;
  std::string text;
  std::string html;  // "" for text only
  // Transactional mail (a sign-in link the person asked for) goes to unsubscribed addresses and
  // carries no List-Unsubscribe; everything else needs `unsubscribe_url`.
  bool transactional = false;
  std::string unsubscribe_url;
  // When what the email says stops being true (a one-hour link): not sent after then, but given up
  // ("expired") instead. nullopt: it keeps until the outbox's horizon.
  std::optional<Timestamp> expires_at;
  // To an advocate or a referee: the one-click rating of this email at its foot (its
  // interaction_id is filled in: the email's message id).
  std::optional<RatingOffer> rating;
};

// What the outbox keeps of an email: the envelope, the subject, and until it is sent (or given
// up) the message itself, which may hold a one-time link and is then removed.
struct QueuedEmail {
  std::string envelope_from;
  std::string to;
  std::string subject;
  bool transactional = false;
  std::string message;  // RFC 5322; "" once sent or given up
  std::optional<Timestamp> expires_at;
};
std::string EncodeQueuedEmail(const QueuedEmail& email);
std::optional<QueuedEmail> DecodeQueuedEmail(std::string_view payload);

class EmailService {
 public:
  // `unsubscribe_key` signs unsubscribe links (a server secret); `public_base_url` is where they lead.
  EmailService(store::Store& store, const Clock& clock, const IdGenerator& ids, EmailOptions options,
               std::string unsubscribe_key, std::string public_base_url)
      : store_(store),
        clock_(clock),
        ids_(ids),
        options_(std::move(options)),
        unsubscribe_key_(std::move(unsubscribe_key)),
        public_base_url_(std::move(public_base_url)) {}

  // Inside a write transaction: queues `email` at `at` and returns its message id (the outbox
  // item's); nullopt (and nothing queued) when the address is suppressed for this kind of mail.
  // With `email.rating`, writes the rating request and puts its three links ("How did we do?")
  // at the foot of the text and the HTML. Fails only when storage does.
  Result<std::optional<std::string>> Queue(store::Tx& tx, Timestamp at, const OutgoingEmail& email) const;

  // Inside a write transaction: queues `email` (its `to` filled in) to each admin and manager among
  // `users`, as account mail they chose (transactional: they turn it off in their settings).
  // Returns how many were queued; fails only when storage does.
  Result<int> QueueToStaff(store::Tx& tx, Timestamp at, const std::vector<domain::User>& users,
                           OutgoingEmail email) const;

  // The unsubscribe page for `email`, for people: <public base URL>/portal/unsubscribe?token=...,
  // the token naming the (normalized) address, signed; it does not expire.
  std::string UnsubscribePageUrl(std::string_view email) const;
  // The same token at the API, for List-Unsubscribe (RFC 8058 one-click: a POST unsubscribes, a GET
  // leads to the page): <public base URL>/api/v1/unsubscribe?token=...
  std::string OneClickUnsubscribeUrl(std::string_view email) const;
  // The address the token of those links names; nullopt when it is not one (or was tampered with).
  std::optional<std::string> AddressOfUnsubscribeToken(std::string_view token) const;
  // Unsubscribes the address the token names: a suppression "unsubscribe" (by "recipient"), unless
  // the address is suppressed already (a stronger reason stays). Returns the address; kNotFound
  // when the token is not valid. Idempotent.
  Result<std::string> Unsubscribe(std::string_view token);

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
  std::string UnsubscribeToken(std::string_view email) const;
  // Puts the three one-click rating links of `token` at the foot of `message`'s text and HTML.
  void AddRatingLinks(domain::EmailMessage& message, std::string_view token) const;

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const EmailOptions options_;
  const std::string unsubscribe_key_;
  const std::string public_base_url_;
};

}  // namespace bb::service

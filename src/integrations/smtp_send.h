#pragma once
// Sending email through an SMTP server (a relay or a provider's submission port) with libcurl:
// STARTTLS required or implicit TLS (plain only when asked for, for local relays and tests),
// certificates verified, no proxy from the environment, AUTH when a user is configured, a bounded
// duration. Refusals and transport failures are values of SmtpResult, never exceptions.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace bb::integrations {

// kNone: plain SMTP, AUTH included (local relays, tests); kStartTls: smtp:// upgraded by
// STARTTLS, never falling back to plain; kImplicit: SMTPS, TLS from the first byte.
enum class SmtpTls { kNone, kStartTls, kImplicit };

struct SmtpOptions {
  std::string host;  // a name or an IP address (IPv6 with or without brackets)
  int port = 587;
  SmtpTls tls = SmtpTls::kStartTls;
  std::string user, password;                // AUTH (the best mechanism the server offers) when user is not empty
  std::chrono::milliseconds timeout{30000};  // the whole transaction, connect included (at least 1 ms)
  std::chrono::milliseconds connect_timeout{10000};
  std::string ca_file;  // PEM file of the certificate authorities to trust instead of the system's; empty: the system's
};

struct SmtpResult {
  // kSent: the server accepted the message (2xx to the end of the data).
  // kPermanent: this message to this recipient will not be accepted as it is, whenever it is sent
  //   again: a 5xx reply to RCPT TO or to DATA (including the reply after the message), or an
  //   envelope address Send refused to send (nothing was sent then).
  // kTransient: anything that may go through later, or once an operator has fixed the
  //   configuration: a 4xx reply; connection, timeout or TLS trouble (STARTTLS refused included);
  //   failed AUTH (CURLE_LOGIN_DENIED, e.g. 535: wrong user or password, or no mechanism in
  //   common); a 5xx reply to the greeting, EHLO, STARTTLS, AUTH or MAIL FROM (e.g. 530
  //   authentication required, or the sender refused), which would refuse every message the same
  //   way and says nothing about the recipient.
  enum class Outcome { kSent, kTransient, kPermanent };
  Outcome outcome = Outcome::kTransient;
  // With kPermanent: the server said the mailbox itself does not exist or cannot receive (see
  // RefusesMailbox), so later messages to it would bounce too. False for a permanent refusal of
  // this message only (its content, a policy, a size) or an address Send refused to send.
  bool mailbox_refused = false;
  int reply_code = 0;  // the server's last reply code (e.g. 250, 421, 550), 0 without one
  // For people and logs when outcome != kSent: what failed and, when the server replied, its reply
  // (e.g. "the server refused the recipient: 550 5.1.1 No such user"). Never the password, the
  // message, or the server's reply to AUTH.
  std::string error;
  std::chrono::microseconds elapsed{};
};

// Whether a permanent refusal (`reply_code` 5xx, `reply` its text, starting with the code) blames
// the recipient's mailbox rather than the message or the sender: by its enhanced status code (RFC
// 3463) when the reply has one -- 5.1.1, 5.1.2, 5.1.3, 5.1.6, 5.1.10 (bad or moved address, no such
// system) or 5.2.1 (mailbox disabled); not 5.1.7/5.1.8 (the sender's address), 5.2.2 (full), 5.3.x,
// 5.6.x or 5.7.x (system, content, policy) --; otherwise by the basic code 550, 551 or 553, only in
// answer to RCPT TO (`to_recipient`) and unless its text speaks of the sender, relaying or
// authentication; after DATA a bare 550 is as likely about the content.
bool RefusesMailbox(int reply_code, std::string_view reply, bool to_recipient);

// Sends email through one SMTP server. One per thread: keeps the connection open between messages
// when the server allows (after a failed Send, the next one connects anew). Not thread-safe.
class SmtpSender {
 public:
  explicit SmtpSender(SmtpOptions options);
  ~SmtpSender();
  SmtpSender(SmtpSender&&) noexcept;
  SmtpSender& operator=(SmtpSender&&) noexcept;

  // Sends `message` (a complete RFC 5322 message, CRLF line ends, headers and body as they go on
  // the wire; dot-stuffing is done here) from envelope sender `from` (empty: the null sender "<>")
  // to the single recipient `to`, both bare addresses without angle brackets. Returns kPermanent
  // without connecting when `to` is empty or either address contains a control character (CR, LF,
  // NUL, ...), a space, '<' or '>'. Returns within options.timeout, except that after a refusal the
  // QUIT closing the connection may wait up to that long again (rounded up to whole seconds) for
  // the server's answer.
  SmtpResult Send(std::string_view from, std::string_view to, std::string_view message);

 private:
  struct Handle;  // the libcurl easy handle, which holds the open connection (smtp_send.cc)

  SmtpOptions options_;
  std::unique_ptr<Handle> handle_;
};

}  // namespace bb::integrations

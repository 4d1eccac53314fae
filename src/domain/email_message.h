#pragma once
// An email as it goes on the wire (RFC 5322 and MIME): headers with non-ASCII text in RFC 2047
// encoded-words, a multipart/alternative body (plain text, then HTML) in quoted-printable UTF-8,
// CRLF line ends and lines of at most 78 characters. Everything not strictly transactional carries
// List-Unsubscribe (RFC 2369) with an https one-click URL and List-Unsubscribe-Post (RFC 8058).
// Header values are cleaned of line breaks, so no input can add a header. Pure functions.

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace bb::domain {

struct Mailbox {
  std::string name;     // display name, may be empty
  std::string address;  // local@domain
};

// "Name <local@domain>" or "local@domain" (the form of the email.from setting); nullopt when the
// address is not a valid email address.
std::optional<Mailbox> ParseMailbox(std::string_view text);

struct EmailMessage {
  Mailbox from;
  Mailbox to;
  std::optional<Mailbox> reply_to;
  std::string subject;
  std::string text;  // the plain-text part, UTF-8
  std::string html;  // the HTML part, UTF-8; "" for a text-only message
  // Unique per message and the same on every attempt: the Message-ID is "<message_id@domain of
  // from>", by which receivers recognise a message sent twice.
  std::string message_id;
  Timestamp date{};
  // The one-click unsubscribe URL (https) of a message that is not strictly transactional; "" for
  // transactional mail (sign-in links), which carries no List-Unsubscribe.
  std::string unsubscribe_url;
};

// The message as it is sent. `boundary` separates the MIME parts: it must not occur in the parts
// (quoted-printable text cannot contain a line starting "--" followed by 24 or more random
// characters of the caller's choosing, so a random token of that size is safe).
std::string RenderEmail(const EmailMessage& message, std::string_view boundary);

// `text` safe inside HTML element content and double-quoted attribute values (& < > " ').
std::string EscapeHtml(std::string_view text);

// The RFC 5322 date of `at` in UTC: "Wed, 02 Dec 2026 09:05:00 +0000".
std::string EmailDate(Timestamp at);

}  // namespace bb::domain

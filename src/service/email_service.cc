#include "service/email_service.h"

#include <boost/json.hpp>

#include "crypto/crypto.h"
#include "domain/audit.h"
#include "domain/ids.h"
#include "domain/outbox.h"
#include "domain/validation.h"
#include "service/audit_trail.h"

namespace bb::service {

namespace json = boost::json;

std::string EncodeQueuedEmail(const QueuedEmail& e) {
  json::object o{{"envelope_from", e.envelope_from},
                 {"to", e.to},
                 {"subject", e.subject},
                 {"transactional", e.transactional},
                 {"message", e.message}};
  if (e.expires_at) o["expires_at_us"] = ToMicros(*e.expires_at);
  return json::serialize(o);
}

std::optional<QueuedEmail> DecodeQueuedEmail(std::string_view payload) {
  boost::system::error_code ec;
  json::value value = json::parse(payload, ec);
  if (ec || !value.is_object()) return std::nullopt;
  const json::object& o = value.as_object();
  auto text = [&](std::string_view key) -> std::optional<std::string> {
    const json::value* v = o.if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string(v->as_string());
  };
  const json::value* transactional = o.if_contains("transactional");
  auto from = text("envelope_from");
  auto to = text("to");
  auto subject = text("subject");
  auto message = text("message");
  if (!from || !to || !subject || !message || !transactional || !transactional->is_bool()) return std::nullopt;
  QueuedEmail email{*from, *to, *subject, transactional->as_bool(), *message, std::nullopt};
  if (const json::value* expires = o.if_contains("expires_at_us")) {
    if (!expires->is_int64()) return std::nullopt;
    email.expires_at = FromMicros(expires->as_int64());
  }
  return email;
}

Result<int> EmailService::QueueToStaff(store::Tx& tx, Timestamp at, const std::vector<domain::User>& users,
                                       OutgoingEmail email) const {
  email.transactional = true;
  int queued = 0;
  for (const auto& user : users) {
    if (user.role != domain::Role::kAdmin && user.role != domain::Role::kManager) continue;
    email.to = {user.name, user.email};
    BB_RETURN_IF_ERROR(StatusOf(Queue(tx, at, email)));
    ++queued;
  }
  return queued;
}

Result<std::optional<std::string>> EmailService::Queue(store::Tx& tx, Timestamp at, const OutgoingEmail& email) const {
  std::string to = domain::NormalizeEmail(email.to.address);
  BB_ASSIGN_OR_RETURN(auto suppressed, tx.FindSuppression(to));
  if (suppressed && domain::Blocks(suppressed->reason, email.transactional)) return std::optional<std::string>();
  domain::EmailMessage message;
  message.from = options_.from;
  message.to = email.to;
  message.reply_to = options_.reply_to;
  message.subject = email.subject;
  message.text = email.text;
  message.html = email.html;
  message.message_id = ids_.New(domain::kWebhookMessagePrefix);
  if (email.rating) {
    RatingOffer offer = *email.rating;
    offer.interaction_id = message.message_id;
    BB_ASSIGN_OR_RETURN(std::string token, OfferRating(tx, ids_, offer, at));
    AddRatingLinks(message, token);
  }
  message.date = at;
  if (!email.transactional) message.unsubscribe_url = email.unsubscribe_url;
  domain::OutboxItem item;
  item.id = ids_.New(domain::kOutboxItemPrefix);
  item.kind = domain::OutboxKind::kEmail;
  item.target = to;
  item.message_id = message.message_id;
  item.event_type = email.kind;
  item.payload = EncodeQueuedEmail({options_.from.address, email.to.address, email.subject, email.transactional,
                                    domain::RenderEmail(message, "bb-" + crypto::RandomToken(24)), email.expires_at});
  item.created_at = at;
  item.next_attempt_at = at;
  item.series_started_at = at;
  BB_RETURN_IF_ERROR(tx.InsertOutboxItem(item));
  return std::optional<std::string>(item.message_id);
}

namespace {
constexpr std::size_t kUnsubscribeSignatureLength = 32;  // hex digits of HMAC-SHA256 kept: 128 bits
}  // namespace

void EmailService::AddRatingLinks(domain::EmailMessage& message, std::string_view token) const {
  using domain::RatingValue;
  struct Face {
    RatingValue value;
    const char* label;
  };
  const Face faces[] = {{RatingValue::kHappy, "Happy"}, {RatingValue::kOk, "OK"}, {RatingValue::kUnhappy, "Unhappy"}};
  std::string text = "\n\n--\nHow did we do? One click tells us:\n";
  std::string html = "<p style=\"margin:24px 0 0;font-size:14px;color:#475569\">How did we do? One click tells us: ";
  for (std::size_t i = 0; i < std::size(faces); ++i) {
    std::string link = RatingLink(public_base_url_, token, faces[i].value);
    text += std::string("  ") + faces[i].label + ": " + link + "\n";
    html += std::string(i == 0 ? "" : " &middot; ") + "<a href=\"" + domain::EscapeHtml(link) + "\">" + faces[i].label +
            "</a>";
  }
  html += "</p>";
  message.text += text;
  if (message.html.empty()) return;
  std::size_t body_end = message.html.rfind("</body>");
  if (body_end == std::string::npos) {
    message.html += html;
  } else {
    message.html.insert(body_end, html);
  }
}

std::string EmailService::UnsubscribeToken(std::string_view email) const {
  const std::string normalized = domain::NormalizeEmail(email);
  const std::string signature =
      crypto::HmacSha256Hex(unsubscribe_key_, "unsubscribe:" + normalized).substr(0, kUnsubscribeSignatureLength);
  return crypto::Base64UrlEncode(normalized) + "." + signature;
}

std::string EmailService::UnsubscribePageUrl(std::string_view email) const {
  return public_base_url_ + "/portal/unsubscribe?token=" + UnsubscribeToken(email);
}

std::string EmailService::OneClickUnsubscribeUrl(std::string_view email) const {
  return public_base_url_ + "/api/v1/unsubscribe?token=" + UnsubscribeToken(email);
}

std::optional<std::string> EmailService::AddressOfUnsubscribeToken(std::string_view token) const {
  const std::size_t dot = token.find('.');
  if (dot == std::string_view::npos || token.size() > 1000) return std::nullopt;
  std::optional<std::string> email = crypto::Base64UrlDecode(token.substr(0, dot));
  if (!email || !domain::CheckEmail(*email).empty() || *email != domain::NormalizeEmail(*email)) return std::nullopt;
  const std::string expected =
      crypto::HmacSha256Hex(unsubscribe_key_, "unsubscribe:" + *email).substr(0, kUnsubscribeSignatureLength);
  if (!crypto::ConstantTimeEquals(expected, token.substr(dot + 1))) return std::nullopt;
  return email;
}

Result<std::string> EmailService::Unsubscribe(std::string_view token) {
  std::optional<std::string> email = AddressOfUnsubscribeToken(token);
  if (!email) return Error::NotFound("This unsubscribe link is not valid; use the link of a recent email.");
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto existing, tx.FindSuppression(*email));
    if (existing) return Ok();
    return tx.PutSuppression({ids_.New(domain::kSuppressionPrefix), *email, domain::SuppressionReason::kUnsubscribe,
                              "one-click unsubscribe from an email", "recipient", clock_.Now()});
  }));
  return *email;
}

Result<std::vector<domain::Suppression>> EmailService::SuppressionsAmong(const std::vector<std::string>& emails) {
  std::vector<domain::Suppression> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(out, q.FindSuppressions(emails));
    return Ok();
  }));
  return out;
}

Result<domain::Suppression> EmailService::Suppress(const domain::Actor& actor, std::string_view email,
                                                   std::string_view reason, std::string_view note) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  std::vector<FieldError> errors;
  if (std::string problem = domain::CheckEmail(domain::Trim(email)); !problem.empty()) {
    errors.push_back({"email", problem});
  }
  auto parsed = domain::ParseSuppressionReason(reason);
  if (!parsed) errors.push_back({"reason", "must be bounce, complaint, staff or unsubscribe"});
  if (std::string problem = domain::CheckText(note, domain::kMaxSuppressionNoteLength, /*allow_empty=*/true);
      !problem.empty()) {
    errors.push_back({"note", problem});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  domain::Suppression suppression{ids_.New(domain::kSuppressionPrefix),
                                  domain::NormalizeEmail(email),
                                  *parsed,
                                  std::string(note),
                                  actor.id,
                                  clock_.Now()};
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.PutSuppression(suppression));
    return RecordAudit(tx, ids_, actor, suppression.created_at, "suppression.added", suppression.id,
                       {{"email", std::monostate{}, suppression.email},
                        {"reason", std::monostate{}, std::string(domain::ToString(suppression.reason))}},
                       note);
  }));
  return suppression;
}

Result<PageOf<domain::Suppression>> EmailService::List(const domain::Actor& actor, const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  BB_ASSIGN_OR_RETURN(std::string after, CheckPage(page, domain::kSuppressionPrefix));
  PageOf<domain::Suppression> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(out.items, q.ListSuppressions(after, page.limit + 1));
    return Ok();
  }));
  FinishPage(out, page);
  return out;
}

Status EmailService::Unsuppress(const domain::Actor& actor, std::string_view email) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  std::string normalized = domain::NormalizeEmail(email);
  return store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto existing, tx.FindSuppression(normalized));
    if (!existing) return Error::NotFound("This address is not suppressed.");
    BB_RETURN_IF_ERROR(StatusOf(tx.DeleteSuppression(normalized)));
    return RecordAudit(tx, ids_, actor, clock_.Now(), "suppression.removed", existing->id,
                       {{"email", existing->email, std::monostate{}},
                        {"reason", std::string(domain::ToString(existing->reason)), std::monostate{}}});
  });
}

}  // namespace bb::service

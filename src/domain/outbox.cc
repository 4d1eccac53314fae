#include "domain/outbox.h"

namespace bb::domain {

std::string_view ToString(OutboxKind kind) {
  switch (kind) {
    case OutboxKind::kWebhook: return "webhook";
    case OutboxKind::kEmail: return "email";
  }
  return "webhook";
}

std::string_view ToString(OutboxState state) {
  switch (state) {
    case OutboxState::kPending: return "pending";
    case OutboxState::kDelivered: return "delivered";
    case OutboxState::kDead: return "dead";
  }
  return "pending";
}

std::optional<OutboxKind> ParseOutboxKind(std::string_view text) {
  if (text == "webhook") return OutboxKind::kWebhook;
  if (text == "email") return OutboxKind::kEmail;
  return std::nullopt;
}

std::optional<OutboxState> ParseOutboxState(std::string_view text) {
  if (text == "pending") return OutboxState::kPending;
  if (text == "delivered") return OutboxState::kDelivered;
  if (text == "dead") return OutboxState::kDead;
  return std::nullopt;
}

}  // namespace bb::domain

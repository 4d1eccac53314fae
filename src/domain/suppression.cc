#include "domain/suppression.h"

namespace bb::domain {

std::string_view ToString(SuppressionReason reason) {
  switch (reason) {
    case SuppressionReason::kBounce: return "bounce";
    case SuppressionReason::kComplaint: return "complaint";
    case SuppressionReason::kStaff: return "staff";
    case SuppressionReason::kUnsubscribe: return "unsubscribe";
  }
  return "staff";
}

std::optional<SuppressionReason> ParseSuppressionReason(std::string_view text) {
  if (text == "bounce") return SuppressionReason::kBounce;
  if (text == "complaint") return SuppressionReason::kComplaint;
  if (text == "staff") return SuppressionReason::kStaff;
  if (text == "unsubscribe") return SuppressionReason::kUnsubscribe;
  return std::nullopt;
}

bool Blocks(SuppressionReason reason, bool transactional) {
  return reason != SuppressionReason::kUnsubscribe || !transactional;
}

}  // namespace bb::domain

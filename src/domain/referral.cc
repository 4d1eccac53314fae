#include "domain/referral.h"

#include <algorithm>
#include <array>

#include "domain/contact.h"
#include "domain/phone.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::array<std::string_view, 5> kSources = {"portal", "sales_rep", "landing_form", "api", "import"};
constexpr std::array<std::string_view, 3> kStatuses = {"clear", "held", "duplicate"};
constexpr std::array<std::string_view, 4> kReasons = {"duplicate", "self_referral", "velocity", "disposable_email"};
constexpr std::array<std::string_view, 9> kEventKinds = {
    "submitted",        "stage_moved",          "review_cleared", "review_rejected", "reward_withheld",
    "customer_churned", "deal_value_corrected", "imported",       "account_won"};

template <typename Enum, std::size_t N>
std::optional<Enum> ParseName(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(ReferralSource source) { return kSources[static_cast<std::size_t>(source)]; }
std::optional<ReferralSource> ParseReferralSource(std::string_view text) {
  return ParseName<ReferralSource>(kSources, text);
}
std::string_view ToString(ReviewStatus status) { return kStatuses[static_cast<std::size_t>(status)]; }
std::optional<ReviewStatus> ParseReviewStatus(std::string_view text) {
  return ParseName<ReviewStatus>(kStatuses, text);
}
std::string_view ToString(ReviewReason reason) { return kReasons[static_cast<std::size_t>(reason)]; }
std::optional<ReviewReason> ParseReviewReason(std::string_view text) { return ParseName<ReviewReason>(kReasons, text); }

std::string_view ToString(ReferralEventKind kind) { return kEventKinds[static_cast<std::size_t>(kind)]; }
std::optional<ReferralEventKind> ParseReferralEventKind(std::string_view text) {
  return ParseName<ReferralEventKind>(kEventKinds, text);
}

ReviewStatus ReviewStatusFor(const std::vector<ReviewReason>& reasons) {
  if (std::find(reasons.begin(), reasons.end(), ReviewReason::kDuplicate) != reasons.end()) {
    return ReviewStatus::kDuplicate;
  }
  return reasons.empty() ? ReviewStatus::kClear : ReviewStatus::kHeld;
}

Result<Referee> BuildReferee(const RefereeInput& input) {
  std::vector<FieldError> errors;
  Referee referee;
  auto text = [&](const std::optional<std::string>& value, std::string_view field, std::size_t max_length,
                  bool required, std::string& out) {
    std::string name = "referee." + std::string(field);
    if (!value) {
      if (required) errors.push_back({name, "is required"});
      return;
    }
    std::string_view trimmed = Trim(*value);
    if (std::string problem = CheckText(trimmed, max_length, !required); !problem.empty()) {
      errors.push_back({name, problem});
      return;
    }
    out = std::string(trimmed);
  };
  if (!input.email) {
    errors.push_back({"referee.email", "is required"});
  } else if (std::string problem = CheckEmail(Trim(*input.email)); !problem.empty()) {
    errors.push_back({"referee.email", problem});
  } else {
    referee.email = std::string(Trim(*input.email));
    referee.email_key = EmailMatchKey(referee.email);
    referee.email_domain = RegistrableEmailDomain(referee.email);
  }
  text(input.first_name, "first_name", kMaxPersonNameLength, true, referee.first_name);
  text(input.last_name, "last_name", kMaxPersonNameLength, false, referee.last_name);
  text(input.company, "company", kMaxCompanyLength, false, referee.company);
  text(input.title, "title", kMaxTitleLength, false, referee.title);
  if (input.phone && !Trim(*input.phone).empty()) {
    std::string_view phone = Trim(*input.phone);
    if (phone.front() != '+') {
      if (std::string problem = CheckPhoneShape(phone); !problem.empty()) {
        errors.push_back({"referee.phone", problem});
      } else {
        referee.phone = std::string(phone);  // national: its country comes with the program
      }
    } else if (auto e164 = PhoneToE164(phone, ""); !e164) {
      errors.push_back({"referee.phone", e164.error().message()});
    } else {
      referee.phone = std::move(e164.value());
    }
  }
  if (!errors.empty()) return Error(ErrorCode::kInvalidArgument, "The referee is not valid.", std::move(errors));
  return referee;
}

Status PutPhoneInE164(Referee& referee, std::string_view phone_region) {
  if (referee.phone.empty() || referee.phone.front() == '+') return Ok();
  auto e164 = PhoneToE164(referee.phone, phone_region);
  if (!e164) return Error::InvalidField("referee.phone", e164.error().message());
  referee.phone = std::move(e164.value());
  return Ok();
}

}  // namespace bb::domain

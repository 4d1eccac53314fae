#include "domain/program.h"

#include <vector>

#include "domain/phone.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::size_t kMaxNameLength = 200;
constexpr std::size_t kMaxDescriptionLength = 4000;

void CheckInto(std::vector<FieldError>& errors, const char* field, const std::string& message) {
  if (!message.empty()) errors.push_back({field, message});
}

void CheckRange(std::vector<FieldError>& errors, const char* field, const std::optional<std::int64_t>& value,
                std::int64_t low, std::int64_t high) {
  if (value && (*value < low || *value > high)) {
    errors.push_back({field, "must be between " + std::to_string(low) + " and " + std::to_string(high)});
  }
}

void CheckPolicy(const ReferralPolicyInput& input, std::vector<FieldError>& errors) {
  CheckRange(errors, "referral_policy.duplicate_window_days", input.duplicate_window_days, 0, kMaxPolicyWindowDays);
  CheckRange(errors, "referral_policy.velocity_limit", input.velocity_limit, 1, kMaxVelocityLimit);
  CheckRange(errors, "referral_policy.ip_velocity_limit", input.ip_velocity_limit, 1, kMaxVelocityLimit);
  CheckRange(errors, "referral_policy.velocity_window_hours", input.velocity_window_hours, 1, kMaxVelocityWindowHours);
  CheckRange(errors, "referral_policy.reversal_window_days", input.reversal_window_days, 0, kMaxPolicyWindowDays);
  if (input.phone_region && !input.phone_region->empty() && !IsPhoneRegion(*input.phone_region)) {
    errors.push_back({"referral_policy.phone_region",
                      "must be an ISO 3166-1 alpha-2 region with a calling code (US, GB, DE), or \"\" for none"});
  }
}

// Checks every present field of `input`; appends one error per bad field.
void CheckFields(const ProgramInput& input, std::vector<FieldError>& errors) {
  if (input.name) CheckInto(errors, "name", CheckText(*input.name, kMaxNameLength));
  if (input.kind && !ParseProgramKind(*input.kind)) {
    errors.push_back({"kind", "must be one of customer, partner, employee"});
  }
  if (input.slug) CheckInto(errors, "slug", CheckSlug(*input.slug));
  if (input.description) {
    CheckInto(errors, "description", CheckText(*input.description, kMaxDescriptionLength, true, TextShape::kMultiLine));
  }
  if (input.landing_url) CheckInto(errors, "landing_url", CheckHttpUrl(*input.landing_url));
  if (input.attribution_window_days &&
      (*input.attribution_window_days < 1 || *input.attribution_window_days > kMaxAttributionWindowDays)) {
    errors.push_back({"attribution_window_days", "must be between 1 and 730"});
  }
  if (input.currency) CheckInto(errors, "currency", CheckCurrency(*input.currency));
  if (input.referral_policy) CheckPolicy(*input.referral_policy, errors);
  if (input.branding) CheckBranding(*input.branding, errors);
}

void ApplyPolicy(ReferralPolicy& policy, const ReferralPolicyInput& input) {
  if (input.uses_opportunity) policy.uses_opportunity = *input.uses_opportunity;
  if (input.duplicate_window_days) policy.duplicate_window_days = *input.duplicate_window_days;
  if (input.velocity_limit) policy.velocity_limit = *input.velocity_limit;
  if (input.ip_velocity_limit) policy.ip_velocity_limit = *input.ip_velocity_limit;
  if (input.velocity_window_hours) policy.velocity_window_hours = *input.velocity_window_hours;
  if (input.same_domain_is_self_referral) policy.same_domain_is_self_referral = *input.same_domain_is_self_referral;
  if (input.reversal_window_days) policy.reversal_window_days = *input.reversal_window_days;
  if (input.phone_region) policy.phone_region = *input.phone_region;
}

}  // namespace

std::string_view ToString(ProgramKind kind) {
  switch (kind) {
    case ProgramKind::kCustomer: return "customer";
    case ProgramKind::kPartner: return "partner";
    case ProgramKind::kEmployee: return "employee";
  }
  return "customer";
}

std::optional<ProgramKind> ParseProgramKind(std::string_view text) {
  if (text == "customer") return ProgramKind::kCustomer;
  if (text == "partner") return ProgramKind::kPartner;
  if (text == "employee") return ProgramKind::kEmployee;
  return std::nullopt;
}

std::string_view ToString(ProgramStatus status) {
  switch (status) {
    case ProgramStatus::kActive: return "active";
    case ProgramStatus::kPaused: return "paused";
    case ProgramStatus::kArchived: return "archived";
  }
  return "active";
}

std::optional<ProgramStatus> ParseProgramStatus(std::string_view text) {
  if (text == "active") return ProgramStatus::kActive;
  if (text == "paused") return ProgramStatus::kPaused;
  if (text == "archived") return ProgramStatus::kArchived;
  return std::nullopt;
}

Result<Program> BuildProgram(const ProgramInput& input, std::string id, Timestamp now) {
  std::vector<FieldError> errors;
  if (!input.name) errors.push_back({"name", "is required"});
  if (!input.kind) errors.push_back({"kind", "is required"});
  if (!input.landing_url) errors.push_back({"landing_url", "is required"});
  CheckFields(input, errors);
  Program program;
  if (input.name && !input.slug) {
    program.slug = SlugFromName(*input.name);
    if (program.slug.empty()) errors.push_back({"slug", "is required when the name has no letters or digits"});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  program.id = std::move(id);
  program.name = std::string(Trim(*input.name));
  program.kind = *ParseProgramKind(*input.kind);
  if (input.slug) program.slug = *input.slug;
  program.description = input.description.value_or("");
  program.landing_url = *input.landing_url;
  program.attribution_window_days = input.attribution_window_days.value_or(kDefaultAttributionWindowDays);
  program.currency = input.currency.value_or(std::string(kDefaultCurrency));
  if (input.referral_policy) ApplyPolicy(program.referral_policy, *input.referral_policy);
  if (input.branding) ApplyBranding(program.branding, *input.branding);
  program.status = ProgramStatus::kActive;
  program.created_at = now;
  program.updated_at = now;
  return program;
}

Status ApplyProgramChanges(Program& program, const ProgramInput& input, Timestamp now) {
  std::vector<FieldError> errors;
  CheckFields(input, errors);
  if (input.kind && ParseProgramKind(*input.kind) && *ParseProgramKind(*input.kind) != program.kind) {
    errors.push_back({"kind", "cannot be changed; create a new program instead"});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  if (program.status == ProgramStatus::kArchived) return Error::Conflict("The program is archived and cannot change.");

  if (input.name) program.name = std::string(Trim(*input.name));
  if (input.slug) program.slug = *input.slug;
  if (input.description) program.description = *input.description;
  if (input.landing_url) program.landing_url = *input.landing_url;
  if (input.attribution_window_days) program.attribution_window_days = *input.attribution_window_days;
  if (input.currency) program.currency = *input.currency;
  if (input.referral_policy) ApplyPolicy(program.referral_policy, *input.referral_policy);
  if (input.branding) ApplyBranding(program.branding, *input.branding);
  program.updated_at = now;
  return Ok();
}

Status ChangeProgramStatus(Program& program, ProgramStatus target, Timestamp now) {
  if (program.status == target) return Ok();
  if (program.status == ProgramStatus::kArchived) {
    return Error::Conflict("The program is archived; archived programs cannot be reopened.");
  }
  program.status = target;
  program.updated_at = now;
  return Ok();
}

}  // namespace bb::domain

#include "domain/advocate.h"

#include <algorithm>

#include "domain/personality.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::size_t kMaxNameLength = 100;
constexpr std::size_t kMaxCompanyLength = 200;
constexpr std::size_t kMaxAttributeValueLength = 500;

void CheckInto(std::vector<FieldError>& errors, std::string field, const std::string& message) {
  if (!message.empty()) errors.push_back({std::move(field), message});
}

// Checks the present fields shared by enrollment and update; appends one error per bad field.
void CheckProfile(const AdvocateInput& input, std::vector<FieldError>& errors) {
  if (input.first_name) CheckInto(errors, "first_name", CheckText(*input.first_name, kMaxNameLength));
  if (input.last_name) CheckInto(errors, "last_name", CheckText(*input.last_name, kMaxNameLength, true));
  if (input.company) CheckInto(errors, "company", CheckText(*input.company, kMaxCompanyLength, true));
  if (input.attributes) CheckAttributeChanges(*input.attributes, "attributes", errors);
  if (input.tags) {
    if (input.tags->size() > kMaxTags) errors.push_back({"tags", "must have at most 50 tags"});
    for (std::size_t i = 0; i < input.tags->size(); ++i) {
      if (NormalizeTag((*input.tags)[i]).empty()) {
        errors.push_back(
            {"tags[" + std::to_string(i) + "]", "tags must be 1-64 of letters, digits, space, '_', '-' or ':'"});
      }
    }
  }
}

std::vector<std::string> NormalizeTags(const std::vector<std::string>& tags) {
  std::vector<std::string> out;
  for (const auto& tag : tags) out.push_back(NormalizeTag(tag));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void MergeAttributes(Attributes& target, const std::map<std::string, std::optional<AttributeValue>>& changes) {
  for (const auto& [key, value] : changes) {
    if (value) {
      target[key] = *value;
    } else {
      target.erase(key);
    }
  }
}

}  // namespace

std::string_view ToString(AdvocateSource source) {
  switch (source) {
    case AdvocateSource::kSelfSignup: return "self_signup";
    case AdvocateSource::kStaff: return "staff";
    case AdvocateSource::kSalesRep: return "sales_rep";
    case AdvocateSource::kApi: return "api";
    case AdvocateSource::kImport: return "import";
  }
  return "staff";
}

std::optional<AdvocateSource> ParseAdvocateSource(std::string_view text) {
  if (text == "self_signup") return AdvocateSource::kSelfSignup;
  if (text == "staff") return AdvocateSource::kStaff;
  if (text == "sales_rep") return AdvocateSource::kSalesRep;
  if (text == "api") return AdvocateSource::kApi;
  if (text == "import") return AdvocateSource::kImport;
  return std::nullopt;
}

std::string_view ToString(AdvocateStatus status) { return status == AdvocateStatus::kActive ? "active" : "inactive"; }

std::optional<AdvocateStatus> ParseAdvocateStatus(std::string_view text) {
  if (text == "active") return AdvocateStatus::kActive;
  if (text == "inactive") return AdvocateStatus::kInactive;
  return std::nullopt;
}

std::string SearchKey(std::string_view text) { return LowerAscii(Trim(text)); }

std::string NormalizeTag(std::string_view tag) {
  tag = Trim(tag);
  if (tag.empty() || tag.size() > 64) return {};
  std::string out;
  for (char c : tag) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' || c == '_' || c == '-' || c == ':';
    if (!allowed) return {};
    out += c;
  }
  return out;
}

void CheckAttributeChanges(const std::map<std::string, std::optional<AttributeValue>>& changes, std::string_view field,
                           std::vector<FieldError>& errors) {
  const std::string prefix = std::string(field) + ".";
  if (changes.size() > kMaxAttributes) {
    // Refused before each key is checked, however many there are.
    errors.push_back({std::string(field), "must have at most 50 keys"});
    return;
  }
  for (const auto& [key, value] : changes) {
    if (!IsAttributeKey(key)) {
      errors.push_back({prefix + key, "keys must be 1-64 of a-z, 0-9 and _, starting with a letter"});
    } else if (value && value->kind == AttributeValue::Kind::kString) {
      CheckInto(errors, prefix + key, CheckText(value->text, kMaxAttributeValueLength, true));
    }
  }
}

bool IsAttributeKey(std::string_view key) {
  if (key.empty() || key.size() > 64 || key.front() < 'a' || key.front() > 'z') return false;
  return std::all_of(key.begin(), key.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

Result<Advocate> BuildEnrollment(const AdvocateInput& input) {
  std::vector<FieldError> errors;
  if (!input.email) {
    errors.push_back({"email", "is required"});
  } else {
    CheckInto(errors, "email", CheckEmail(Trim(*input.email)));
  }
  if (!input.first_name) errors.push_back({"first_name", "is required"});
  CheckProfile(input, errors);
  if (input.attributes) {
    Attributes merged;
    MergeAttributes(merged, *input.attributes);
    CheckReservedAttributes(*input.attributes, merged, "attributes.", errors);
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  Advocate advocate;
  advocate.email = std::string(Trim(*input.email));
  advocate.person.email_normalized = NormalizeEmail(*input.email);
  advocate.first_name = std::string(Trim(*input.first_name));
  advocate.last_name = std::string(Trim(input.last_name.value_or("")));
  advocate.company = std::string(Trim(input.company.value_or("")));
  if (input.attributes) MergeAttributes(advocate.attributes, *input.attributes);
  if (input.tags) advocate.tags = NormalizeTags(*input.tags);
  return advocate;
}

Status ApplyAdvocateChanges(Advocate& advocate, const AdvocateInput& input, Timestamp now) {
  std::vector<FieldError> errors;
  if (input.email && NormalizeEmail(*input.email) != advocate.person.email_normalized) {
    errors.push_back({"email", "cannot be changed; enroll the new address instead"});
  }
  CheckProfile(input, errors);
  Attributes merged = advocate.attributes;
  if (input.attributes) MergeAttributes(merged, *input.attributes);
  if (merged.size() > kMaxAttributes) errors.push_back({"attributes", "must have at most 50 keys"});
  if (input.attributes) CheckReservedAttributes(*input.attributes, merged, "attributes.", errors);
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  if (input.first_name) advocate.first_name = std::string(Trim(*input.first_name));
  if (input.last_name) advocate.last_name = std::string(Trim(*input.last_name));
  if (input.company) advocate.company = std::string(Trim(*input.company));
  advocate.attributes = std::move(merged);
  if (input.tags) advocate.tags = NormalizeTags(*input.tags);
  advocate.updated_at = now;
  return Ok();
}

}  // namespace bb::domain

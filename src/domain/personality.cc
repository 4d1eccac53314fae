#include "domain/personality.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "common/time_format.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::array<std::string_view, 4> kDiscFactors = {"D", "I", "S", "C"};
constexpr std::array<std::string_view, 4> kDiscSources = {"self_assessment", "predicted:crystal", "predicted:xiq",
                                                          "manual"};
constexpr std::array<std::string_view, 5> kSeniorities = {"c_level", "vp", "director", "manager", "individual"};

template <std::size_t N>
bool OneOf(const std::array<std::string_view, N>& values, std::string_view text) {
  return std::find(values.begin(), values.end(), text) != values.end();
}

bool IsString(const AttributeValue& value) { return value.kind == AttributeValue::Kind::kString; }

// The value of `key` in `attributes` when it is a valid DISC factor.
std::optional<std::string> FactorOf(const Attributes& attributes, std::string_view key) {
  auto it = attributes.find(std::string(key));
  if (it == attributes.end() || !IsString(it->second) || !OneOf(kDiscFactors, it->second.text)) return std::nullopt;
  return it->second.text;
}

// The message for `value` under reserved `key`, or "" when it is acceptable.
std::string CheckValue(std::string_view key, const AttributeValue& value) {
  if (key == kDiscPrimaryKey || key == kDiscSecondaryKey) {
    return IsString(value) && OneOf(kDiscFactors, value.text) ? "" : "must be \"D\", \"I\", \"S\" or \"C\"";
  }
  if (key == kDiscConfidenceKey) {
    int number = -1;
    const char* end = value.text.data() + value.text.size();
    auto [ptr, ec] = std::from_chars(value.text.data(), end, number);
    bool whole = value.kind == AttributeValue::Kind::kNumber && ec == std::errc() && ptr == end;
    return whole && number >= 0 && number <= 100 ? "" : "must be a whole number from 0 to 100";
  }
  if (key == kDiscSourceKey) {
    return IsString(value) && OneOf(kDiscSources, value.text)
               ? ""
               : "must be \"self_assessment\", \"predicted:crystal\", \"predicted:xiq\" or \"manual\"";
  }
  if (key == kDiscAssessedAtKey) {
    return IsString(value) && ParseTimestamp(value.text) ? "" : "must be an RFC 3339 date or date-time";
  }
  if (key == kSeniorityKey) {
    return IsString(value) && OneOf(kSeniorities, value.text)
               ? ""
               : "must be \"c_level\", \"vp\", \"director\", \"manager\" or \"individual\"";
  }
  if (key == kBuyingStyleKey) {
    // Control characters are the generic check's (CheckAttributeChanges), so not said twice here.
    if (!IsString(value)) return "must be a string";
    if (value.text.empty() || CodePointCount(value.text) > kMaxBuyingStyleLength) return "must be 1-100 characters";
    if (Trim(value.text) != value.text) return "must not begin or end with spaces";
    if (value.text == "unknown") return "\"unknown\" is what reports call a missing value; leave the key out";
  }
  return "";
}

}  // namespace

bool IsReservedAttributeKey(std::string_view key) {
  return key == kDiscPrimaryKey || key == kDiscSecondaryKey || key == kDiscConfidenceKey || key == kDiscSourceKey ||
         key == kDiscAssessedAtKey || key == kSeniorityKey || key == kBuyingStyleKey;
}

void CheckReservedAttributes(const std::map<std::string, std::optional<AttributeValue>>& changed,
                             const Attributes& merged, std::string_view prefix, std::vector<FieldError>& errors) {
  bool disc_changed = false;
  for (const auto& [key, value] : changed) {
    if (!IsReservedAttributeKey(key)) continue;
    if (key == kDiscPrimaryKey || key == kDiscSecondaryKey) disc_changed = true;
    if (!value) continue;
    std::string message = CheckValue(key, *value);
    if (!message.empty()) errors.push_back({std::string(prefix) + key, std::move(message)});
  }
  if (!disc_changed) return;
  auto primary = FactorOf(merged, kDiscPrimaryKey);
  auto secondary = FactorOf(merged, kDiscSecondaryKey);
  if (!secondary) return;
  if (!primary) {
    errors.push_back({std::string(prefix) + std::string(kDiscSecondaryKey), "needs a valid disc_primary"});
  } else if (primary == secondary) {
    errors.push_back({std::string(prefix) + std::string(kDiscSecondaryKey), "must differ from disc_primary"});
  }
}

std::optional<std::string> ReservedValue(const Attributes& attributes, std::string_view key) {
  auto it = attributes.find(std::string(key));
  if (it == attributes.end() || !IsReservedAttributeKey(key) || !CheckValue(key, it->second).empty()) {
    return std::nullopt;
  }
  if (key == kDiscSecondaryKey && FactorOf(attributes, kDiscPrimaryKey) == it->second.text) return std::nullopt;
  return it->second.text;
}

std::vector<std::string> ReservedValues(std::string_view key) {
  auto list = [](const auto& values) { return std::vector<std::string>(values.begin(), values.end()); };
  if (key == kDiscPrimaryKey || key == kDiscSecondaryKey) return list(kDiscFactors);
  if (key == kDiscSourceKey) return list(kDiscSources);
  if (key == kSeniorityKey) return list(kSeniorities);
  return {};
}

std::string DiscBlend(const Attributes& attributes) {
  auto primary = FactorOf(attributes, kDiscPrimaryKey);
  if (!primary) return "";
  auto secondary = FactorOf(attributes, kDiscSecondaryKey);
  if (!secondary || secondary == primary) return *primary;
  return *primary + static_cast<char>(secondary->front() - 'A' + 'a');
}

}  // namespace bb::domain

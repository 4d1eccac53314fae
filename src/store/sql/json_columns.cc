#include "store/sql/json_columns.h"

#include <algorithm>
#include <boost/json.hpp>

#include "store/sql/query_helpers.h"

namespace bb::store::sql {
namespace {

namespace json = boost::json;
using domain::AttributeValue;

json::array Strings(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& value : values) out.emplace_back(value);
  return out;
}

std::vector<std::string> ReadStrings(const json::object& object, std::string_view key) {
  std::vector<std::string> out;
  const auto* array = object.if_contains(key);
  if (array == nullptr || !array->is_array()) return out;
  for (const auto& value : array->as_array()) {
    if (value.is_string()) out.emplace_back(value.as_string());
  }
  return out;
}

// {"tier": ["s", "gold"]}: each attribute with its kind.
json::object AttributesObject(const domain::Attributes& attributes) {
  json::object out;
  for (const auto& [key, value] : attributes) {
    out[key] = json::array{json::string(AttributeKindName(value.kind)), json::string(value.text)};
  }
  return out;
}

// The attributes under "attributes" in `object`, as AttributesObject wrote them.
domain::Attributes ReadAttributes(const json::object& object) {
  domain::Attributes out;
  const auto* attributes = object.if_contains("attributes");
  if (attributes == nullptr || !attributes->is_object()) return out;
  for (const auto& entry : attributes->as_object()) {
    const auto* pair = entry.value().if_array();
    if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string()) continue;
    AttributeValue value{ParseAttributeKind((*pair)[0].as_string()), std::string((*pair)[1].as_string())};
    out.emplace(std::string(entry.key()), std::move(value));
  }
  return out;
}

// The text under `key` in `object`, or "" when absent or not text.
std::string TextOf(const json::object& object, std::string_view key) {
  const auto* v = object.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The whole number under `key` in `object`, or `otherwise` when absent or not one.
std::int64_t IntegerOf(const json::object& object, std::string_view key, std::int64_t otherwise = 0) {
  const auto* v = object.if_contains(key);
  return v != nullptr && v->is_int64() ? v->as_int64() : otherwise;
}

// Whether `object` has true under `key`.
bool FlagOf(const json::object& object, std::string_view key) {
  const auto* v = object.if_contains(key);
  return v != nullptr && v->is_bool() && v->as_bool();
}

// Calls `read` with each object of the JSON array `text` (anything else is skipped).
template <class Read>
void ForEachObjectIn(std::string_view text, Read&& read) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_array()) return;
  for (const auto& item : value.as_array()) {
    if (const auto* object = item.if_object()) read(*object);
  }
}

std::optional<json::object> ParseObject(std::string_view text) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

}  // namespace

// {"attributes": {"tier": ["s", "gold"]}, "tags": ["vip"]}
std::string EncodeProfile(const domain::AdvocateProfile& profile) {
  return json::serialize(
      json::object{{"attributes", AttributesObject(profile.attributes)}, {"tags", Strings(profile.tags)}});
}

domain::AdvocateProfile DecodeProfile(std::string_view text) {
  domain::AdvocateProfile profile;
  auto object = ParseObject(text);
  if (!object) return profile;
  profile.attributes = ReadAttributes(*object);
  profile.tags = ReadStrings(*object, "tags");
  return profile;
}

std::string EncodeCommitteeMembers(const std::vector<domain::CommitteeMember>& members) {
  json::array out;
  for (const auto& m : members) {
    std::vector<std::string> roles;
    for (auto role : m.roles) roles.emplace_back(domain::ToString(role));
    out.emplace_back(json::object{{"email", m.email},
                                  {"email_key", m.email_key},
                                  {"first_name", m.first_name},
                                  {"last_name", m.last_name},
                                  {"title", m.title},
                                  {"roles", Strings(roles)},
                                  {"primary", m.primary},
                                  {"response_mode", m.response_mode ? domain::ToString(*m.response_mode) : ""},
                                  {"attributes", AttributesObject(m.attributes)},
                                  {"referee", m.referee}});
  }
  return json::serialize(out);
}

std::vector<domain::CommitteeMember> DecodeCommitteeMembers(std::string_view text) {
  std::vector<domain::CommitteeMember> out;
  ForEachObjectIn(text, [&](const json::object& object) {
    domain::CommitteeMember m;
    m.email = TextOf(object, "email");
    m.email_key = TextOf(object, "email_key");
    m.first_name = TextOf(object, "first_name");
    m.last_name = TextOf(object, "last_name");
    m.title = TextOf(object, "title");
    for (const auto& role : ReadStrings(object, "roles")) {
      if (auto parsed = domain::ParseBuyingRole(role)) m.roles.push_back(*parsed);
    }
    m.primary = FlagOf(object, "primary");
    m.response_mode = domain::ParseResponseMode(TextOf(object, "response_mode"));
    m.attributes = ReadAttributes(object);
    m.referee = FlagOf(object, "referee");
    out.push_back(std::move(m));
  });
  return out;
}

// {"segment": {"attributes": [["tier", "gold"]], "tags": ["vip"]}, "channels": [...], "products": [...],
//  "committee": {"roles": ["economic_buyer"], "min_influences": 3}} (committee only when set)
std::string EncodeConditions(const domain::RewardConditions& conditions) {
  json::array attributes;
  for (const auto& [key, value] : conditions.segment.attributes) attributes.push_back(json::array{key, value});
  json::object segment{{"attributes", std::move(attributes)}, {"tags", Strings(conditions.segment.tags)}};
  json::object out{{"segment", std::move(segment)},
                   {"channels", Strings(conditions.channels)},
                   {"products", Strings(conditions.products)}};
  if (const auto& committee = conditions.committee) {
    json::array roles;
    for (auto role : committee->roles) roles.emplace_back(domain::ToString(role));
    out["committee"] = json::object{{"roles", std::move(roles)}, {"min_influences", committee->min_influences}};
  }
  return json::serialize(out);
}

domain::RewardConditions DecodeConditions(std::string_view text) {
  domain::RewardConditions conditions;
  auto object = ParseObject(text);
  if (!object) return conditions;
  conditions.channels = ReadStrings(*object, "channels");
  conditions.products = ReadStrings(*object, "products");
  if (const auto* segment = object->if_contains("segment"); segment && segment->is_object()) {
    conditions.segment.tags = ReadStrings(segment->as_object(), "tags");
    if (const auto* attributes = segment->as_object().if_contains("attributes"); attributes && attributes->is_array()) {
      for (const auto& pair : attributes->as_array()) {
        const auto* items = pair.if_array();
        if (items == nullptr || items->size() != 2 || !(*items)[0].is_string() || !(*items)[1].is_string()) continue;
        conditions.segment.attributes.emplace_back(std::string((*items)[0].as_string()),
                                                   std::string((*items)[1].as_string()));
      }
    }
  }
  if (const auto* committee = object->if_contains("committee"); committee && committee->is_object()) {
    domain::CommitteeCondition& condition = conditions.committee.emplace();
    for (const auto& role_text : ReadStrings(committee->as_object(), "roles")) {
      if (auto role = domain::ParseBuyingRole(role_text))
        condition.roles.push_back(*role);  // written from parsed roles
    }
    if (const auto* min = committee->as_object().if_contains("min_influences"); min && min->is_int64()) {
      condition.min_influences = min->as_int64();
    }
  }
  return conditions;
}

namespace {

json::value AuditValueToJson(const domain::AuditValue& value) {
  if (const auto* flag = std::get_if<bool>(&value)) return *flag;
  if (const auto* number = std::get_if<std::int64_t>(&value)) return *number;
  if (const auto* text = std::get_if<std::string>(&value)) return json::string(*text);
  return nullptr;
}

domain::AuditValue AuditValueFromJson(const json::value& value) {
  if (value.is_bool()) return value.as_bool();
  if (value.is_int64()) return value.as_int64();
  if (value.is_string()) return std::string(value.as_string());
  return std::monostate{};
}

}  // namespace

// [["name", "before", "after"], ...]: one triple per changed field, nulls for absent values.
std::string EncodeAuditChanges(const std::vector<domain::AuditChange>& changes) {
  json::array out;
  for (const auto& change : changes) {
    out.push_back(
        json::array{json::string(change.field), AuditValueToJson(change.before), AuditValueToJson(change.after)});
  }
  return json::serialize(out);
}

std::vector<domain::AuditChange> DecodeAuditChanges(std::string_view text) {
  std::vector<domain::AuditChange> changes;
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_array()) return changes;
  for (const auto& entry : value.as_array()) {
    const auto* triple = entry.if_array();
    if (triple == nullptr || triple->size() != 3 || !(*triple)[0].is_string()) continue;
    changes.push_back(
        {std::string((*triple)[0].as_string()), AuditValueFromJson((*triple)[1]), AuditValueFromJson((*triple)[2])});
  }
  return changes;
}

std::string EncodeChallengeSteps(const std::vector<domain::ChallengeStep>& steps) {
  json::array out;
  for (const auto& step : steps) {
    out.push_back(json::object{{"type", domain::ToString(step.type)},
                               {"points", step.points},
                               {"title", step.title},
                               {"channel", step.channel}});
  }
  return json::serialize(out);
}

std::vector<domain::ChallengeStep> DecodeChallengeSteps(std::string_view text) {
  std::vector<domain::ChallengeStep> steps;
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_array()) return steps;
  for (const auto& item : value.as_array()) {
    const auto* object = item.if_object();
    if (object == nullptr) continue;
    auto text_at = [&](std::string_view key) {
      const auto* found = object->if_contains(key);
      return found && found->is_string() ? std::string(found->as_string()) : std::string();
    };
    domain::ChallengeStep step;
    step.type = domain::ParseChallengeStepType(text_at("type")).value_or(domain::ChallengeStepType::kCustom);
    const auto* points = object->if_contains("points");
    step.points = points && points->is_int64() ? points->as_int64() : 0;
    step.title = text_at("title");
    step.channel = text_at("channel");
    steps.push_back(std::move(step));
  }
  return steps;
}

std::string EncodeSegmentAttributes(const std::vector<std::pair<std::string, std::vector<std::string>>>& attributes) {
  json::object out;
  for (const auto& [key, values] : attributes) out[key] = Strings(values);
  return json::serialize(out);
}

std::vector<std::pair<std::string, std::vector<std::string>>> DecodeSegmentAttributes(std::string_view text) {
  std::vector<std::pair<std::string, std::vector<std::string>>> attributes;
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_object()) return attributes;
  for (const auto& [key, values] : value.as_object()) {
    std::vector<std::string> list;
    if (const auto* array = values.if_array()) {
      for (const auto& item : *array) {
        if (item.is_string()) list.emplace_back(item.as_string());
      }
    }
    attributes.emplace_back(std::string(key), std::move(list));
  }
  std::sort(attributes.begin(), attributes.end());
  return attributes;
}

std::string EncodeStringList(const std::vector<std::string>& values) { return json::serialize(Strings(values)); }

std::vector<std::string> DecodeStringList(std::string_view text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  json::value value = json::parse(text, ec);
  if (ec || !value.is_array()) return out;
  for (const auto& item : value.as_array()) {
    if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

std::string EncodeCreditPolicy(const domain::CreditPolicy& policy) {
  json::object weights;
  for (const auto& [role, weight] : policy.role_weights) weights[domain::ToString(role)] = weight;
  return json::serialize(json::object{{"split", domain::ToString(policy.split)},
                                      {"lead_share_bp", policy.lead_share_bp},
                                      {"role_weights", std::move(weights)},
                                      {"unroled_weight", policy.unroled_weight},
                                      {"account_window_days", policy.account_window_days},
                                      {"account_credit", policy.account_credit}});
}

domain::CreditPolicy DecodeCreditPolicy(std::string_view text) {
  domain::CreditPolicy policy;
  auto object = ParseObject(text);
  if (!object) return policy;
  policy.split = domain::ParseCreditSplit(TextOf(*object, "split")).value_or(domain::CreditSplit::kNone);
  policy.lead_share_bp = IntegerOf(*object, "lead_share_bp", policy.lead_share_bp);
  policy.unroled_weight = IntegerOf(*object, "unroled_weight", policy.unroled_weight);
  policy.account_window_days = IntegerOf(*object, "account_window_days", policy.account_window_days);
  policy.account_credit = FlagOf(*object, "account_credit");
  if (const auto* weights = object->if_contains("role_weights"); weights != nullptr && weights->is_object()) {
    for (const auto& [key, weight] : weights->as_object()) {
      auto role = domain::ParseBuyingRole(key);
      if (role && weight.is_int64()) policy.role_weights[*role] = weight.as_int64();
    }
  }
  return policy;
}

std::string EncodeCreditShares(const std::vector<domain::CreditShare>& shares) {
  json::array out;
  for (const auto& share : shares) {
    out.emplace_back(json::object{{"advocate_id", share.advocate_id},
                                  {"referral_id", share.referral_id},
                                  {"share_bp", share.share_bp},
                                  {"touched_at", ToMicros(share.touched_at)}});
  }
  return json::serialize(out);
}

std::vector<domain::CreditShare> DecodeCreditShares(std::string_view text) {
  std::vector<domain::CreditShare> out;
  ForEachObjectIn(text, [&](const json::object& object) {
    out.push_back({TextOf(object, "advocate_id"), TextOf(object, "referral_id"), IntegerOf(object, "share_bp"),
                   FromMicros(IntegerOf(object, "touched_at"))});
  });
  return out;
}

}  // namespace bb::store::sql

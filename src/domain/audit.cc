#include "domain/audit.h"

#include <algorithm>

#include "common/time_format.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

AuditValue Text(std::string_view text) { return std::string(text); }

AuditValue Optional(const std::optional<std::int64_t>& value) {
  if (!value) return std::monostate{};
  return *value;
}

AuditValue Time(const std::optional<Timestamp>& at) {
  if (!at) return std::monostate{};
  return FormatTimestamp(*at);
}

// `text` as a JSON string, so that a list of texts reads back unambiguously whatever they hold.
std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// A list of texts as a JSON array: ["vip","x, y"].
AuditValue JsonList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items) out += (out.size() > 1 ? "," : "") + JsonString(item);
  return out + "]";
}

}  // namespace

std::vector<AuditChange> DiffFields(const AuditFields& before, const AuditFields& after) {
  std::vector<AuditChange> changes;
  auto find = [](const AuditFields& fields, const std::string& name) {
    return std::find_if(fields.begin(), fields.end(), [&](const auto& field) { return field.first == name; });
  };
  for (const auto& [name, value] : after) {
    auto old = find(before, name);
    AuditValue previous = old == before.end() ? AuditValue{} : old->second;
    if (previous != value) changes.push_back({name, std::move(previous), value});
  }
  for (const auto& [name, value] : before) {
    if (find(after, name) == after.end() && !std::holds_alternative<std::monostate>(value)) {
      changes.push_back({name, value, std::monostate{}});
    }
  }
  return changes;
}

std::vector<AuditChange> CreatedFields(const AuditFields& after) { return DiffFields({}, after); }

AuditFields FieldsOf(const Program& p) {
  const ReferralPolicy& policy = p.referral_policy;
  return {{"name", Text(p.name)},
          {"slug", Text(p.slug)},
          {"kind", Text(ToString(p.kind))},
          {"description", Text(p.description)},
          {"landing_url", Text(p.landing_url)},
          {"attribution_window_days", p.attribution_window_days},
          {"currency", Text(p.currency)},
          {"status", Text(ToString(p.status))},
          {"referral_policy.uses_opportunity", policy.uses_opportunity},
          {"referral_policy.duplicate_window_days", policy.duplicate_window_days},
          {"referral_policy.velocity_limit", policy.velocity_limit},
          {"referral_policy.ip_velocity_limit", policy.ip_velocity_limit},
          {"referral_policy.velocity_window_hours", policy.velocity_window_hours},
          {"referral_policy.same_domain_is_self_referral", policy.same_domain_is_self_referral},
          {"referral_policy.reversal_window_days", policy.reversal_window_days},
          {"referral_policy.phone_region", Text(policy.phone_region)},
          {"branding.color", Text(p.branding.color)},
          {"branding.logo_url", Text(p.branding.logo_url)},
          {"branding.share_message", Text(p.branding.share_message)},
          {"branding.portal_headline", Text(p.branding.portal_headline)},
          {"branding.landing_headline", Text(p.branding.landing_headline)},
          {"branding.landing_intro", Text(p.branding.landing_intro)}};
}

AuditFields FieldsOf(const ProgramMonth& m) {
  auto amount = [](const std::optional<std::int64_t>& value) {
    return value ? AuditValue(*value) : AuditValue(std::monostate{});
  };
  return {{m.month + ".cost_minor", amount(m.cost_minor)},
          {m.month + ".total_pipeline_minor", amount(m.total_pipeline_minor)},
          {m.month + ".total_revenue_minor", amount(m.total_revenue_minor)},
          {m.month + ".total_customers_at_start", amount(m.total_customers_at_start)},
          {m.month + ".total_new_customers", amount(m.total_new_customers)},
          {m.month + ".total_churned_customers", amount(m.total_churned_customers)},
          {m.month + ".note", Text(m.note)}};
}

AuditFields FieldsOf(const Advocate& a) {
  AuditFields fields = {{"program_id", Text(a.program_id)},    {"email", Text(a.email)},
                        {"first_name", Text(a.first_name)},    {"last_name", Text(a.last_name)},
                        {"company", Text(a.company)},          {"status", Text(ToString(a.status))},
                        {"tags", Text(JoinWithCommas(a.tags))}};
  for (const auto& [key, value] : a.attributes) {
    AuditValue shown = value.kind == AttributeValue::Kind::kBool ? AuditValue{value.text == "true"} : Text(value.text);
    fields.emplace_back("attributes." + key, std::move(shown));
  }
  return fields;
}

AuditFields FieldsOf(const User& u) {
  return {{"email", Text(u.email)}, {"name", Text(u.name)}, {"role", Text(ToString(u.role))}, {"disabled", u.disabled}};
}

AuditFields FieldsOf(const WebhookEndpoint& e) {
  std::string events;
  for (const auto& type : e.events) events += (events.empty() ? "" : " ") + type;
  return {{"url", Text(e.url)},
          {"events", events},
          {"description", Text(e.description)},
          {"enabled", e.enabled},
          {"disabled_reason", Text(e.disabled_reason)}};
}

AuditFields FieldsOf(const Connector& c) {
  std::string stage_map;
  for (const auto& [crm_stage, stage] : c.stage_map) {
    stage_map += (stage_map.empty() ? "" : " ") + crm_stage + "=" + std::string(ToString(stage));
  }
  return {{"program_id", Text(c.program_id)},
          {"base_url", Text(c.base_url)},
          {"auth.flow", Text(c.auth.flow)},
          {"auth.client_id", Text(c.auth.client_id)},
          {"auth.username", Text(c.auth.username)},
          {"stage_map", stage_map},
          {"lead_source", Text(c.lead_source)},
          {"lead_status", Text(c.lead_status)},
          {"send", Text(ToString(c.send))},
          {"poll_seconds", c.poll_seconds},
          {"enabled", c.enabled},
          {"sync_advocates", c.sync_advocates},
          {"sync_scores", c.sync_scores}};
}

AuditFields FieldsOf(const ApiKey& k) {
  return {{"name", Text(k.name)}, {"role", Text(ToString(k.role))}, {"revoked_at", Time(k.revoked_at)}};
}

AuditFields FieldsOf(const RewardRule& r) {
  AuditFields fields = {{"program_id", Text(r.program_id)},
                        {"name", Text(r.name)},
                        {"trigger", Text(TriggerKey(r.trigger))},
                        {"beneficiary", Text(ToString(r.beneficiary))},
                        {"amount.fixed_minor", Optional(r.amount.fixed_minor)},
                        {"amount.percent_bp", Optional(r.amount.percent_bp)},
                        {"amount.min_minor", Optional(r.amount.min_minor)},
                        {"amount.max_minor", Optional(r.amount.max_minor)},
                        {"kind", Text(ToString(r.kind))},
                        {"requires_approval", r.requires_approval},
                        {"retired_at", Time(r.retired_at)}};
  // The conditions, each only when it asks something (a rule without conditions pays on any), as
  // JSON text: a tag or an attribute may hold a comma.
  const RewardConditions& c = r.conditions;
  if (!c.segment.attributes.empty()) {
    std::string object = "{";
    for (const auto& [name, value] : c.segment.attributes) {
      object += (object.size() > 1 ? "," : "") + JsonString(name) + ":" + JsonString(value);
    }
    fields.emplace_back("conditions.segment.attributes", object + "}");
  }
  if (!c.segment.tags.empty()) fields.emplace_back("conditions.segment.tags", JsonList(c.segment.tags));
  if (!c.channels.empty()) fields.emplace_back("conditions.channels", JsonList(c.channels));
  if (!c.products.empty()) fields.emplace_back("conditions.products", JsonList(c.products));
  if (c.committee) {
    std::vector<std::string> roles;
    for (BuyingRole role : c.committee->roles) roles.emplace_back(ToString(role));
    fields.emplace_back("conditions.committee.roles", JsonList(roles));
    fields.emplace_back("conditions.committee.min_influences", c.committee->min_influences);
  }
  if (r.cap) {
    fields.emplace_back("cap.period", Text(ToString(r.cap->period)));
    fields.emplace_back("cap.max_count", Optional(r.cap->max_count));
    fields.emplace_back("cap.max_minor", Optional(r.cap->max_minor));
  }
  if (r.promotion) {
    fields.emplace_back("promotion.multiplier_bp", r.promotion->multiplier_bp);
    fields.emplace_back("promotion.starts_at", Time(r.promotion->starts_at));
    fields.emplace_back("promotion.ends_at", Time(r.promotion->ends_at));
  }
  return fields;
}

AuditFields FieldsOf(const Referral& r) {
  return {{"program_id", Text(r.program_id)},
          {"advocate_id", Text(r.advocate_id)},
          {"stage", Text(ToString(r.stage))},
          {"review_status", Text(ToString(r.review_status))},
          {"deal_value_minor", Optional(r.deal_value_minor)},
          {"external_id", Text(r.external_id)}};
}

AuditFields FieldsOf(const Reward& r) {
  return {{"referral_id", Text(r.referral_id)},
          {"amount_minor", r.amount_minor},
          {"currency", Text(r.currency)},
          {"status", Text(ToString(r.status))},
          {"payout_reference", Text(r.payout_reference)},
          {"reversal_reason", Text(r.reversal_reason)}};
}

}  // namespace bb::domain

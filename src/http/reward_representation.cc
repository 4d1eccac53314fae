#include "http/reward_representation.h"

#include <boost/json.hpp>

#include "common/time_format.h"

namespace bb::http {

namespace json = boost::json;

namespace {

json::value OrNull(const std::optional<std::int64_t>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::value OrNull(const std::string& text) { return text.empty() ? json::value(nullptr) : json::value(text); }

json::value StageOrNull(const std::optional<domain::ReferralStage>& stage) {
  return stage ? json::value(domain::ToString(*stage)) : json::value(nullptr);
}

json::array Strings(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& value : values) out.emplace_back(value);
  return out;
}

// `event` with "actor_name": the name of its actor in `names`, or null.
json::value WithActorName(json::value event, const std::string& actor, const service::ActorNames& names) {
  auto found = names.find(actor);
  event.as_object()["actor_name"] = found == names.end() ? json::value(nullptr) : json::value(found->second);
  return event;
}

}  // namespace

json::value ToJson(const domain::ReferralEvent& e) {
  json::array reached;
  for (auto stage : e.reached) reached.emplace_back(domain::ToString(stage));
  return json::object{
      {"id", e.id},
      {"kind", domain::ToString(e.kind)},
      {"from_stage", StageOrNull(e.from_stage)},
      {"to_stage", StageOrNull(e.to_stage)},
      {"reached", std::move(reached)},
      {"actor", OrNull(e.actor)},
      {"note", e.note},
      {"deal_value_minor", OrNull(e.deal_value_minor)},
      {"at", FormatTimestamp(e.at)},
  };
}

namespace {

json::array RewardsToJson(const std::vector<domain::Reward>& rewards) {
  json::array out;
  for (const auto& reward : rewards) out.push_back(ToJson(reward));
  return out;
}

}  // namespace

json::value ToJson(const service::ReferralDetail& detail) {
  json::value out = ToJson(detail.referral);
  json::array history;
  for (const auto& event : detail.history) {
    history.push_back(WithActorName(ToJson(event), event.actor, detail.actor_names));
  }
  json::object& object = out.as_object();
  object["history"] = std::move(history);
  object["clawback_needed"] = RewardsToJson(detail.clawback_needed);
  object["rewards_reversed"] = RewardsToJson(detail.rewards_reversed);
  object["rewards_created"] = RewardsToJson(detail.rewards_created);
  return out;
}

json::value ToJson(const service::StageMoveResult& result) {
  return json::object{{"referral", ToJson(result.referral)},
                      {"changed", result.changed},
                      {"rewards", RewardsToJson(result.rewards)},
                      {"rewards_reversed", RewardsToJson(result.rewards_reversed)},
                      {"clawback_needed", RewardsToJson(result.clawback_needed)},
                      {"account_won", json::value_from(result.account_won)}};
}

json::value PortalJson(const domain::Referral& r) {
  return json::object{
      {"id", r.id},
      {"program_id", r.program_id},
      {"source", domain::ToString(r.source)},
      {"referee", json::object{{"email", r.referee.email},
                               {"first_name", r.referee.first_name},
                               {"last_name", r.referee.last_name},
                               {"company", r.referee.company}}},
      {"product", r.product},
      {"stage", domain::ToString(r.stage)},
      {"review_status", domain::ToString(r.review_status)},
      {"created_at", FormatTimestamp(r.created_at)},
      {"updated_at", FormatTimestamp(r.updated_at)},
  };
}

json::value PortalJson(const service::ReferralDetail& detail) {
  json::value out = PortalJson(detail.referral);
  json::array history;
  for (const auto& e : detail.history) {
    if (e.kind == domain::ReferralEventKind::kRewardWithheld) continue;
    json::array reached;
    for (auto stage : e.reached) reached.emplace_back(domain::ToString(stage));
    history.push_back(json::object{{"kind", domain::ToString(e.kind)},
                                   {"from_stage", StageOrNull(e.from_stage)},
                                   {"to_stage", StageOrNull(e.to_stage)},
                                   {"reached", std::move(reached)},
                                   {"at", FormatTimestamp(e.at)}});
  }
  out.as_object()["history"] = std::move(history);
  return out;
}

json::value ToJson(const domain::RewardRule& rule) {
  json::object trigger;
  if (rule.trigger.stage) trigger["stage"] = domain::ToString(*rule.trigger.stage);
  if (rule.trigger.nth_won) trigger["nth_won"] = *rule.trigger.nth_won;
  json::object amount;
  if (rule.amount.fixed_minor) amount["fixed_minor"] = *rule.amount.fixed_minor;
  if (rule.amount.percent_bp) amount["percent_bp"] = *rule.amount.percent_bp;
  if (rule.amount.min_minor) amount["min_minor"] = *rule.amount.min_minor;
  if (rule.amount.max_minor) amount["max_minor"] = *rule.amount.max_minor;
  json::object attributes;
  for (const auto& [key, value] : rule.conditions.segment.attributes) attributes[key] = value;
  json::object conditions{
      {"segment", json::object{{"attributes", std::move(attributes)}, {"tags", Strings(rule.conditions.segment.tags)}}},
      {"channels", Strings(rule.conditions.channels)},
      {"products", Strings(rule.conditions.products)},
      {"committee", nullptr},
  };
  if (const auto& committee = rule.conditions.committee) {
    json::array roles;
    for (auto role : committee->roles) roles.emplace_back(domain::ToString(role));
    conditions["committee"] = json::object{{"roles", std::move(roles)}, {"min_influences", committee->min_influences}};
  }
  json::value cap = nullptr;
  if (rule.cap) {
    cap = json::object{{"period", domain::ToString(rule.cap->period)},
                       {"max_count", OrNull(rule.cap->max_count)},
                       {"max_minor", OrNull(rule.cap->max_minor)}};
  }
  json::value promotion = nullptr;
  if (rule.promotion) {
    promotion = json::object{{"multiplier_bp", rule.promotion->multiplier_bp},
                             {"starts_at", FormatTimestamp(rule.promotion->starts_at)},
                             {"ends_at", FormatTimestamp(rule.promotion->ends_at)}};
  }
  return json::object{
      {"id", rule.id},
      {"program_id", rule.program_id},
      {"name", rule.name},
      {"trigger", std::move(trigger)},
      {"beneficiary", domain::ToString(rule.beneficiary)},
      {"amount", std::move(amount)},
      {"kind", domain::ToString(rule.kind)},
      {"requires_approval", rule.requires_approval},
      {"conditions", std::move(conditions)},
      {"cap", std::move(cap)},
      {"promotion", std::move(promotion)},
      {"status", rule.retired_at ? "retired" : "active"},
      {"created_at", FormatTimestamp(rule.created_at)},
      {"retired_at", rule.retired_at ? json::value(FormatTimestamp(*rule.retired_at)) : json::value(nullptr)},
  };
}

json::value ToJson(const domain::RewardEvent& e) {
  return json::object{{"id", e.id},     {"status", domain::ToString(e.status)}, {"actor", e.actor},
                      {"note", e.note}, {"correction", e.correction},           {"at", FormatTimestamp(e.at)}};
}

json::value ToJson(const service::RewardDetail& detail) {
  json::value out = ToJson(detail.reward);
  json::array history;
  for (const auto& event : detail.history) {
    history.push_back(WithActorName(ToJson(event), event.actor, detail.actor_names));
  }
  out.as_object()["history"] = std::move(history);
  return out;
}

json::value ToJson(const service::BulkApproval& approval) {
  json::array approved;
  for (const auto& reward : approval.approved) approved.push_back(ToJson(reward));
  json::array skipped;
  for (const auto& [id, reason] : approval.skipped) skipped.push_back(json::object{{"id", id}, {"reason", reason}});
  return json::object{{"approved", std::move(approved)}, {"skipped", std::move(skipped)}};
}

json::value BalancesToJson(std::string_view advocate_id, const std::vector<domain::RewardBalance>& balances) {
  json::array data;
  for (const auto& b : balances) {
    data.push_back(json::object{{"currency", b.currency},
                                {"pending_minor", b.pending_minor},
                                {"approved_minor", b.approved_minor},
                                {"paid_minor", b.fulfilled_minor},
                                {"reversed_minor", b.reversed_minor}});
  }
  return json::object{{"advocate_id", advocate_id}, {"balances", std::move(data)}};
}

}  // namespace bb::http

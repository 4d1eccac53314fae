// Reward rules (create, list, read, retire) and the reward ledger (list, read, approve one or in
// bulk, fulfill, reverse, an advocate's balances).

#include <boost/json.hpp>

#include "common/time_format.h"
#include "csv/csv_writer.h"
#include "domain/reward.h"
#include "domain/reward_rule.h"
#include "http/handlers/csv_export.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"
#include "http/reward_representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

// Reads a rule as a client sent it; enum names are checked here, the rest by the domain.
// A rule from `body`, with every field named in errors prefixed by `prefix` ("rule." in a preview).
Result<domain::RewardRule> ReadRuleFrom(const json::object& body, const std::string& prefix) {
  ObjectReader reader(body, prefix);
  domain::RewardRule rule;
  std::vector<FieldError> errors;
  rule.name = reader.String("name").value_or("");
  bool has_trigger = reader.Object("trigger", [&](ObjectReader& trigger) {
    if (auto stage = trigger.String("stage")) {
      rule.trigger.stage = domain::ParseReferralStage(*stage);
      if (!rule.trigger.stage)
        errors.push_back({"trigger.stage", "must be one of submitted, qualified, opportunity, won"});
    }
    rule.trigger.nth_won = trigger.Integer("nth_won");
  });
  if (auto beneficiary = reader.String("beneficiary")) {
    if (auto parsed = domain::ParseBeneficiary(*beneficiary)) {
      rule.beneficiary = *parsed;
    } else {
      errors.push_back({"beneficiary", "must be advocate or referee"});
    }
  }
  bool has_amount = reader.Object("amount", [&](ObjectReader& amount) {
    rule.amount.fixed_minor = amount.Integer("fixed_minor");
    rule.amount.percent_bp = amount.Integer("percent_bp");
    rule.amount.min_minor = amount.Integer("min_minor");
    rule.amount.max_minor = amount.Integer("max_minor");
  });
  if (auto kind = reader.String("kind")) {
    if (auto parsed = domain::ParseRewardKind(*kind)) {
      rule.kind = *parsed;
    } else {
      errors.push_back({"kind", "must be one of cash, credit, gift_card, points, custom"});
    }
  }
  rule.requires_approval = reader.Boolean("requires_approval").value_or(true);
  reader.Object("conditions", [&](ObjectReader& conditions) {
    conditions.Object("segment", [&](ObjectReader& segment) {
      if (auto attributes = segment.Attributes("attributes")) {
        for (const auto& [key, value] : *attributes) {
          if (!value) {
            errors.push_back({"conditions.segment.attributes." + key, "must be a string, a number or a boolean"});
          } else {
            rule.conditions.segment.attributes.emplace_back(key, value->text);
          }
        }
      }
      rule.conditions.segment.tags = segment.StringList("tags").value_or(std::vector<std::string>{});
    });
    rule.conditions.channels = conditions.StringList("channels").value_or(std::vector<std::string>{});
    rule.conditions.products = conditions.StringList("products").value_or(std::vector<std::string>{});
    conditions.Object("committee", [&](ObjectReader& committee) {
      domain::CommitteeCondition& condition = rule.conditions.committee.emplace();
      auto roles = committee.StringList("roles").value_or(std::vector<std::string>{});
      constexpr std::size_t kMaxRoles = 10;  // as many as there are roles
      if (roles.size() > kMaxRoles) {
        errors.push_back({"conditions.committee.roles", "at most 10 roles"});
        roles.clear();
      }
      for (std::size_t i = 0; i < roles.size(); ++i) {
        if (auto role = domain::ParseBuyingRole(roles[i])) {
          condition.roles.push_back(*role);
        } else {
          errors.push_back({"conditions.committee.roles[" + std::to_string(i) + "]",
                            "must be a buying role: economic_buyer, user_buyer, technical_buyer, coach, champion, "
                            "decision_maker, influencer, executive_sponsor, evaluator or other"});
        }
      }
      condition.min_influences = committee.Integer("min_influences").value_or(0);
    });
  });
  reader.Object("cap", [&](ObjectReader& cap) {
    domain::RewardCap& out = rule.cap.emplace();
    auto period = cap.String("period");
    if (!period) {
      errors.push_back({"cap.period", "is required: month, quarter or year"});
    } else if (auto parsed = domain::ParseCapPeriod(*period)) {
      out.period = *parsed;
    } else {
      errors.push_back({"cap.period", "must be month, quarter or year"});
    }
    out.max_count = cap.Integer("max_count");
    out.max_minor = cap.Integer("max_minor");
  });
  reader.Object("promotion", [&](ObjectReader& promotion) {
    domain::Promotion& out = rule.promotion.emplace();
    auto multiplier = promotion.Integer("multiplier_bp");
    auto starts = promotion.Time("starts_at");
    auto ends = promotion.Time("ends_at");
    if (!multiplier && !promotion.Has("multiplier_bp")) errors.push_back({"promotion.multiplier_bp", "is required"});
    if (!starts && !promotion.Has("starts_at")) errors.push_back({"promotion.starts_at", "is required"});
    if (!ends && !promotion.Has("ends_at")) errors.push_back({"promotion.ends_at", "is required"});
    out.multiplier_bp = multiplier.value_or(domain::kBasisPointsPerUnit);
    out.starts_at = starts.value_or(Timestamp{});
    out.ends_at = ends.value_or(Timestamp{} + std::chrono::seconds(1));
  });
  bool trigger_sent = reader.Has("trigger");
  bool amount_sent = reader.Has("amount");
  Status read = reader.Finish();
  if (!has_trigger && !trigger_sent) errors.push_back({"trigger", "is required: {\"stage\": ...} or {\"nth_won\": N}"});
  if (!has_amount && !amount_sent)
    errors.push_back({"amount", "is required: {\"fixed_minor\": N} or {\"percent_bp\": N, ...}"});
  if (!read.ok() || !errors.empty()) {
    Error merged = read.ok() ? Error::Invalid({}) : std::move(read).error();
    std::vector<FieldError> fields = merged.fields();
    for (auto& error : errors) fields.push_back({prefix + error.field, std::move(error.message)});
    // The domain's own checks on what could be read, for fields not named yet.
    domain::RewardRule copy = rule;
    Status checked = has_amount && has_trigger ? domain::CheckRewardRule(copy) : Status(Ok());
    if (!checked.ok()) {
      std::vector<FieldError> named;
      for (const auto& field : checked.error().fields()) named.push_back({prefix + field.field, field.message});
      checked = Error(checked.error().code(), checked.error().message(), std::move(named));
    }
    return MergeFieldErrors(Error(ErrorCode::kInvalidArgument, "The reward rule is not valid.", std::move(fields)),
                            checked);
  }
  return rule;
}

Result<domain::RewardRule> ReadRule(const Request& request) {
  BB_ASSIGN_OR_RETURN(json::object body, ParseJsonObject(request));
  return ReadRuleFrom(body, "");
}

// POST /api/v1/programs/{id}/reward-preview: {"referral": {...}, "rule": {...}?}.
Response PreviewRewards(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  std::vector<FieldError> errors;
  std::optional<domain::RewardRule> draft;
  if (const auto* rule = body->if_contains("rule"); rule != nullptr && !rule->is_null()) {
    if (!rule->is_object()) {
      errors.push_back({"rule", "must be an object: a reward rule as POST .../reward-rules takes it"});
    } else if (auto read = ReadRuleFrom(rule->as_object(), "rule."); read.ok()) {
      draft = std::move(*read);
    } else {
      for (const auto& field : read.error().fields()) errors.push_back(field);
    }
  }
  service::PreviewReferral referral;
  json::object rest = *body;  // the rule is read above
  rest.erase("rule");
  ObjectReader reader(rest);
  bool has_referral = reader.Object("referral", [&](ObjectReader& r) {
    if (auto stage = r.String("stage")) {
      auto parsed = domain::ParseReferralStage(*stage);
      if (parsed) {
        referral.stage = *parsed;
      } else {
        errors.push_back({"referral.stage", "must be one of submitted, qualified, opportunity, won"});
      }
    }
    referral.deal_value_minor = r.Integer("deal_value_minor");
    if (referral.deal_value_minor) {
      if (auto bad = domain::CheckMinorAmount(*referral.deal_value_minor); !bad.empty()) {
        errors.push_back({"referral.deal_value_minor", bad});
      }
    }
    referral.channel = r.String("channel").value_or("direct");
    referral.product = r.String("product").value_or("");
    referral.advocate_id = r.String("advocate_id").value_or("");
    auto roles = r.StringList("committee_roles").value_or(std::vector<std::string>{});
    for (std::size_t i = 0; i < roles.size(); ++i) {
      if (auto role = domain::ParseBuyingRole(roles[i])) {
        referral.committee_roles.push_back(*role);
      } else {
        errors.push_back({"referral.committee_roles[" + std::to_string(i) + "]", "must be a buying role"});
      }
    }
  });
  Status read = reader.Finish();
  if (!has_referral && !reader.Has("referral"))
    errors.push_back({"referral", "is required: at least {\"stage\": ...}"});
  if (!read.ok() || !errors.empty()) {
    std::vector<FieldError> fields = read.ok() ? std::vector<FieldError>{} : read.error().fields();
    for (auto& error : errors) {
      bool named = false;
      for (const auto& f : fields) named = named || f.field == error.field;
      if (!named) fields.push_back(std::move(error));
    }
    return ErrorResponse(Error(ErrorCode::kInvalidArgument, "The preview's request is not valid.", std::move(fields)),
                         request);
  }
  auto outcomes =
      context.services.reward_preview.Evaluate(request.actor, request.Param("id"), referral, std::move(draft));
  if (!outcomes.ok()) return ErrorResponse(outcomes.error(), request);
  json::array rewards;
  json::array withheld;
  for (const auto& outcome : *outcomes) {
    json::value rule_id = outcome.rule_id.empty() ? json::value(nullptr) : json::value(outcome.rule_id);
    if (outcome.reward) {
      const auto& r = *outcome.reward;
      rewards.push_back(json::object{{"rule_id", rule_id},
                                     {"rule_name", outcome.rule_name},
                                     {"beneficiary", domain::ToString(r.beneficiary)},
                                     {"amount_minor", r.amount_minor},
                                     {"currency", r.currency},
                                     {"kind", domain::ToString(r.kind)},
                                     {"status", domain::ToString(r.status)},
                                     {"reason", r.reason}});
    } else {
      withheld.push_back(
          json::object{{"rule_id", rule_id}, {"rule_name", outcome.rule_name}, {"reason", outcome.withheld}});
    }
  }
  return JsonReply(200, json::object{{"rewards", std::move(rewards)}, {"withheld", std::move(withheld)}});
}

Render<domain::RewardRule> RenderRule(int status) {
  return [status](const domain::RewardRule& rule) {
    return service::StoredReply{status, json::serialize(ToJson(rule)),
                                status == 201 ? "/api/v1/reward-rules/" + rule.id : ""};
  };
}

Response CreateRule(HandlerContext& context, Request& request) {
  auto rule = ReadRule(request);
  if (!rule.ok()) return ErrorResponse(rule.error(), request);
  auto render = RenderRule(201);
  return Reply(context, request,
               context.services.rewards.CreateRule(request.actor, request.Param("id"), std::move(*rule),
                                                   IdempotentFor(request, render)),
               render);
}

Response ListRules(HandlerContext& context, Request& request) {
  auto rules = context.services.rewards.ListRules(request.actor, request.Param("id"));
  if (!rules.ok()) return ErrorResponse(rules.error(), request);
  json::array data;
  for (const auto& rule : *rules) data.push_back(ToJson(rule));
  return JsonReply(200, json::object{{"data", std::move(data)}});
}

Response GetRule(HandlerContext& context, Request& request) {
  auto rule = context.services.rewards.GetRule(request.actor, request.Param("id"));
  if (!rule.ok()) return ErrorResponse(rule.error(), request);
  return JsonReply(200, ToJson(*rule));
}

Response RetireRule(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request, true);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto render = RenderRule(200);
  return Reply(context, request,
               context.services.rewards.RetireRule(request.actor, request.Param("id"), IdempotentFor(request, render)),
               render);
}

Result<service::RewardFilter> FilterFromQuery(const Request& request) {
  service::RewardFilter filter;
  std::vector<FieldError> errors;
  for (const auto& [name, value] : request.query) {
    if (name == "limit" || name == "cursor") continue;
    if (name == "program_id") {
      filter.program_id = value;
    } else if (name == "advocate_id") {
      filter.advocate_id = value;
    } else if (name == "referral_id") {
      filter.referral_id = value;
    } else if (name == "beneficiary") {
      filter.beneficiary = domain::ParseBeneficiary(value);
      if (!filter.beneficiary) errors.push_back({"beneficiary", "must be advocate or referee"});
    } else if (name == "status") {
      filter.status = domain::ParseRewardStatus(value);
      if (!filter.status) errors.push_back({"status", "must be one of pending, approved, fulfilled, reversed"});
    } else if (name == "entry") {
      filter.entry = domain::ParseRewardEntry(value);
      if (!filter.entry) errors.push_back({"entry", "must be one of grant, reissue, adjustment, redemption"});
    } else {
      errors.push_back({name, "is not a known query parameter"});
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return filter;
}

Response ListRewards(HandlerContext& context, Request& request) {
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto filter = FilterFromQuery(request);
  if (!filter.ok()) return ErrorResponse(filter.error(), request);
  auto rewards = context.services.rewards.List(request.actor, *filter, *page);
  if (!rewards.ok()) return ErrorResponse(rewards.error(), request);
  json::array data;
  for (const auto& reward : rewards->items) data.push_back(ToJson(reward));
  return JsonReply(200, PageToJson(std::move(data), rewards->next_cursor));
}

// The ledger as CSV, every reward matching the filters of GET /api/v1/rewards, newest first,
// streamed (see csv_export.h).
Response ExportRewards(HandlerContext& context, Request& request) {
  if (Status paging = NoPagingParameters(request); !paging.ok()) return ErrorResponse(paging.error(), request);
  auto filter = FilterFromQuery(request);
  if (!filter.ok()) return ErrorResponse(filter.error(), request);
  return CsvExport<domain::Reward>(
      request, "rewards.csv",
      {"id", "created_at", "program_id", "advocate_id", "referral_id", "rule_id", "beneficiary", "status",
       "amount_minor", "currency", "kind", "reason", "payout_reference", "reversal_reason", "entry", "correction",
       "corrects", "superseded_by", "redemption_id"},
      {false, false, false, false, false, false, false, false, true, false, false, false, false, false, false, true,
       false, true, false},
      context.services.cursor_key,
      [&context, actor = request.actor, filter = *filter](const service::Page& page) {
        return context.services.rewards.List(actor, filter, page);
      },
      [](const domain::Reward& r) -> Result<std::vector<std::string>> {
        return std::vector<std::string>{r.id,
                                        FormatTimestamp(r.created_at),
                                        r.program_id,
                                        r.advocate_id,
                                        r.referral_id,
                                        r.rule_id,
                                        std::string(domain::ToString(r.beneficiary)),
                                        std::string(domain::ToString(r.status)),
                                        std::to_string(r.amount_minor),
                                        r.currency,
                                        std::string(domain::ToString(r.kind)),
                                        r.reason,
                                        r.payout_reference,
                                        r.reversal_reason,
                                        std::string(domain::ToString(r.entry)),
                                        std::to_string(r.correction),
                                        r.corrects,
                                        std::to_string(r.superseded_by),
                                        r.redemption_id};
      });
}

Response GetReward(HandlerContext& context, Request& request) {
  auto detail = context.services.rewards.Get(request.actor, request.Param("id"));
  if (!detail.ok()) return ErrorResponse(detail.error(), request);
  return JsonReply(200, ToJson(*detail));
}

Render<domain::Reward> RenderReward() {
  return [](const domain::Reward& reward) { return service::StoredReply{200, json::serialize(ToJson(reward)), ""}; };
}

// A status change whose body has at most the one text field `field` (required when `required`).
Handler ChangeHandler(HandlerContext& context, std::string field, bool required,
                      Result<domain::Reward> (*change)(HandlerContext&, const Request&, const std::string&,
                                                       const service::Idempotent<domain::Reward>&)) {
  return [&context, field, required, change](Request& request) {
    auto body = ParseJsonObject(request, !required);
    if (!body.ok()) return ErrorResponse(body.error(), request);
    ObjectReader reader(*body);
    std::optional<std::string> text;
    if (!field.empty()) text = reader.String(field);
    if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
    if (required && !text) return ErrorResponse(Error::InvalidField(field, "is required"), request);
    auto render = RenderReward();
    return Reply(context, request, change(context, request, text.value_or(""), IdempotentFor(request, render)), render);
  };
}

Response ApproveMany(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto ids = reader.StringList("ids");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  if (!ids) return ErrorResponse(Error::InvalidField("ids", "is required: the reward ids to approve"), request);
  Render<service::BulkApproval> render = [](const service::BulkApproval& approval) {
    return service::StoredReply{200, json::serialize(ToJson(approval)), ""};
  };
  return Reply(context, request,
               context.services.rewards.ApproveMany(request.actor, *ids, IdempotentFor(request, render)), render);
}

Response Balances(HandlerContext& context, Request& request) {
  auto balances = context.services.rewards.Balances(request.actor, request.Param("id"));
  if (!balances.ok()) return ErrorResponse(balances.error(), request);
  return JsonReply(200, BalancesToJson(request.Param("id"), *balances));
}

}  // namespace

void AddRewardRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"POST", "/api/v1/programs/{id}/reward-rules", Access::kStaff, false, bind(CreateRule)});
  router.Add({"GET", "/api/v1/programs/{id}/reward-rules", Access::kStaff, false, bind(ListRules)});
  router.Add({"GET", "/api/v1/reward-rules/{id}", Access::kStaff, false, bind(GetRule)});
  router.Add({"POST", "/api/v1/programs/{id}/reward-preview", Access::kStaff, false, bind(PreviewRewards)});
  router.Add({"POST", "/api/v1/reward-rules/{id}/retire", Access::kStaff, false, bind(RetireRule)});
  router.Add({"GET", "/api/v1/rewards", Access::kStaff, false, bind(ListRewards)});
  router.Add({"GET", "/api/v1/exports/rewards.csv", Access::kStaff, false, bind(ExportRewards)});
  router.Add({"POST", "/api/v1/rewards/approve", Access::kStaff, false, bind(ApproveMany)});
  router.Add({"GET", "/api/v1/rewards/{id}", Access::kStaff, false, bind(GetReward)});
  router.Add({"POST", "/api/v1/rewards/{id}/approve", Access::kStaff, false,
              ChangeHandler(context, "", false,
                            [](HandlerContext& c, const Request& r, const std::string&,
                               const service::Idempotent<domain::Reward>& i) {
                              return c.services.rewards.Approve(r.actor, r.Param("id"), i);
                            })});
  router.Add({"POST", "/api/v1/rewards/{id}/fulfill", Access::kStaff, false,
              ChangeHandler(context, "reference", true,
                            [](HandlerContext& c, const Request& r, const std::string& text,
                               const service::Idempotent<domain::Reward>& i) {
                              return c.services.rewards.Fulfill(r.actor, r.Param("id"), text, i);
                            })});
  router.Add({"POST", "/api/v1/rewards/{id}/reverse", Access::kStaff, false,
              ChangeHandler(context, "reason", true,
                            [](HandlerContext& c, const Request& r, const std::string& text,
                               const service::Idempotent<domain::Reward>& i) {
                              return c.services.rewards.Reverse(r.actor, r.Param("id"), text, i);
                            })});
  router.Add({"GET", "/api/v1/advocates/{id}/balances", Access::kStaff, false, bind(Balances)});
}

}  // namespace bb::http

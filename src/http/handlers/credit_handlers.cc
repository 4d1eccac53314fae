// Split credit (domain/credit_split.h): a program's credit policy (GET and PUT
// /api/v1/programs/{id}/credit-policy) and the credit recorded at a referral's win (GET
// /api/v1/referrals/{id}/credit).

#include <boost/json.hpp>

#include <string>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/problem.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

json::object PolicyToJson(const service::CreditPolicyView& v) {
  json::object weights;
  for (const auto& [role, unused] : domain::DefaultRoleWeights()) {  // every role, in order
    auto found = v.policy.role_weights.find(role);
    weights[domain::ToString(role)] = found != v.policy.role_weights.end() ? found->second : v.policy.unroled_weight;
  }
  return {{"program_id", v.program_id},
          {"split", domain::ToString(v.policy.split)},
          {"lead_share_bp", v.policy.lead_share_bp},
          {"role_weights", std::move(weights)},
          {"unroled_weight", v.policy.unroled_weight},
          {"account_window_days", v.policy.account_window_days},
          {"account_credit", v.policy.account_credit},
          {"updated_at", TimeOrNull(v.updated_at)},
          {"updated_by", v.updated_at ? json::value(v.updated_by) : json::value(nullptr)}};
}

json::value CreditToJson(const std::optional<domain::ReferralCredit>& credit) {
  if (!credit) return nullptr;
  json::array shares;
  for (const auto& share : credit->shares) {
    shares.emplace_back(
        json::object{{"advocate_id", share.advocate_id},
                     {"referral_id", share.referral_id.empty() ? json::value(nullptr) : json::value(share.referral_id)},
                     {"share_bp", share.share_bp},
                     {"touched_at", FormatTimestamp(share.touched_at)}});
  }
  return json::object{{"id", credit->id},
                      {"deal_key", credit->deal_key},
                      {"split", domain::ToString(credit->split)},
                      {"joined", credit->joined.empty() ? json::value(nullptr) : json::value(credit->joined)},
                      {"shares", std::move(shares)},
                      {"at", FormatTimestamp(credit->at)}};
}

// GET /api/v1/programs/{id}/credit-policy
Response GetCreditPolicy(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {}); !known.ok()) return ErrorResponse(known.error(), request);
  auto view = context.services.credits.GetPolicy(request.actor, request.Param("id"));
  if (!view.ok()) return ErrorResponse(view.error(), request);
  return JsonReply(200, PolicyToJson(*view));
}

// PUT /api/v1/programs/{id}/credit-policy {split, lead_share_bp?, role_weights?, unroled_weight?,
// account_window_days?, account_credit?}: the whole policy; a field left out takes its default (role weights left
// out: the default weight of each role).
Response PutCreditPolicy(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManagePrograms); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  domain::CreditPolicy policy = service::DefaultCreditPolicy();
  std::vector<FieldError> errors;
  if (auto split = reader.String("split")) {
    auto parsed = domain::ParseCreditSplit(*split);
    if (parsed) {
      policy.split = *parsed;
    } else {
      errors.push_back({"split", "must be none, equal, first_weighted, last_weighted or by_role"});
    }
  } else if (!reader.Has("split")) {
    errors.push_back({"split", "is required"});
  }
  if (auto lead = reader.Integer("lead_share_bp")) policy.lead_share_bp = *lead;
  if (auto unroled = reader.Integer("unroled_weight")) policy.unroled_weight = *unroled;
  if (auto window = reader.Integer("account_window_days")) policy.account_window_days = *window;
  if (auto account = reader.Boolean("account_credit")) policy.account_credit = *account;
  reader.Object("role_weights", [&](ObjectReader& weights) {
    for (const auto& [role, unused] : domain::DefaultRoleWeights()) {
      if (auto weight = weights.Integer(domain::ToString(role))) policy.role_weights[role] = *weight;
    }
  });
  Status read = reader.Finish();
  if (!read.ok()) {
    for (const auto& field : read.error().fields()) errors.push_back(field);
  }
  if (!errors.empty()) return ErrorResponse(Error::Invalid(std::move(errors)), request);
  auto changed = context.services.credits.PutPolicy(request.actor, request.Param("id"), policy);
  if (!changed.ok()) return ErrorResponse(changed.error(), request);
  return JsonReply(200, PolicyToJson(changed->view));
}

// GET /api/v1/referrals/{id}/credit
Response GetReferralCredit(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {}); !known.ok()) return ErrorResponse(known.error(), request);
  auto credit = context.services.credits.GetReferralCredit(request.actor, request.Param("id"));
  if (!credit.ok()) return ErrorResponse(credit.error(), request);
  return JsonReply(200, json::object{{"referral_id", request.Param("id")}, {"credit", CreditToJson(*credit)}});
}

}  // namespace

void AddCreditRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/programs/{id}/credit-policy", Access::kStaff, false, bind(GetCreditPolicy)});
  router.Add({"PUT", "/api/v1/programs/{id}/credit-policy", Access::kStaff, false, bind(PutCreditPolicy)});
  router.Add({"GET", "/api/v1/referrals/{id}/credit", Access::kStaff, false, bind(GetReferralCredit)});
}

}  // namespace bb::http

// The rewards catalogue: a program's items (GET/POST /api/v1/programs/{id}/catalog-items, PATCH
// /api/v1/catalog-items/{id}), the redemptions and staff decisions on them (GET /api/v1/redemptions,
// POST /api/v1/redemptions/{id}/approve|fulfill|reject), and the portal's side (GET
// /api/v1/portal/catalog, GET/POST /api/v1/portal/redemptions, POST
// /api/v1/portal/redemptions/{id}/cancel).

#include <boost/json.hpp>

#include <string>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

// What an item or a redemption pays into the reward ledger, or null.
json::value RewardToJson(const std::optional<domain::CatalogReward>& reward) {
  if (!reward) return nullptr;
  return json::object{
      {"kind", domain::ToString(reward->kind)}, {"amount_minor", reward->amount_minor}, {"currency", reward->currency}};
}

json::object ItemToJson(const service::CatalogEntry& e) {
  const domain::CatalogItem& i = e.item;
  return json::object{{"id", i.id},
                      {"program_id", i.program_id},
                      {"name", i.name},
                      {"description", i.description},
                      {"cost_points", i.cost_points},
                      {"stock", NumberOrNull(i.stock)},
                      {"per_member_limit", NumberOrNull(i.per_member_limit)},
                      {"approval", domain::ToString(i.approval)},
                      {"when_out", domain::ToString(i.when_out)},
                      {"reward", RewardToJson(i.reward)},
                      {"active", i.active},
                      {"redeemed", e.redeemed},
                      {"created_at", FormatTimestamp(i.created_at)},
                      {"updated_at", FormatTimestamp(i.updated_at)}};
}

// A redemption as the advocate sees it: never who decided, nor staff's note.
json::object PortalRedemptionToJson(const domain::Redemption& r) {
  return json::object{{"id", r.id},
                      {"program_id", r.program_id},
                      {"advocate_id", r.advocate_id},
                      {"item_id", r.item_id},
                      {"item_name", r.item_name},
                      {"cost_points", r.cost_points},
                      {"status", domain::ToString(r.status)},
                      {"reference", r.reference},
                      {"reward", RewardToJson(r.reward)},
                      {"reward_id", r.reward_id.empty() ? json::value(nullptr) : json::value(r.reward_id)},
                      {"created_at", FormatTimestamp(r.created_at)},
                      {"updated_at", FormatTimestamp(r.updated_at)}};
}

json::object RedemptionToJson(const domain::Redemption& r, const service::ActorNames& names) {
  json::object out = PortalRedemptionToJson(r);
  auto name = [&](const std::string& id) {
    auto found = names.find(id);
    return found == names.end() ? json::value(nullptr) : json::value(found->second);
  };
  out["advocate_name"] = name(r.advocate_id);
  out["note"] = r.note;
  out["decided_by"] = r.decided_by.empty() ? json::value(nullptr) : json::value(r.decided_by);
  out["decided_by_name"] = name(r.decided_by);
  return out;
}

// Reads the fields of an item (creation and change alike) into `input`.
void ReadItem(ObjectReader& reader, domain::CatalogItemInput& input) {
  input.name = reader.String("name");
  input.description = reader.String("description");
  input.cost_points = reader.Integer("cost_points");
  input.set_stock = reader.Present("stock");
  input.stock = reader.Integer("stock");
  input.set_per_member_limit = reader.Present("per_member_limit");
  input.per_member_limit = reader.Integer("per_member_limit");
  input.approval = reader.String("approval");
  input.when_out = reader.String("when_out");
  input.set_reward = reader.Present("reward");
  reader.Object("reward", [&](ObjectReader& reward) {
    input.reward = domain::CatalogRewardInput{reward.String("kind"), reward.Integer("amount_minor")};
  });
}

// GET /api/v1/programs/{id}/catalog-items?include_retired=true
Response ListItems(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"include_retired"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto retired = request.Query("include_retired");
  if (retired && *retired != "true" && *retired != "false") {
    return ErrorResponse(Error::InvalidField("include_retired", "must be true or false"), request);
  }
  auto items = context.services.catalog.ListItems(request.actor, request.Param("id"), retired == "true");
  if (!items.ok()) return ErrorResponse(items.error(), request);
  json::array data;
  for (const auto& e : *items) data.push_back(ItemToJson(e));
  return JsonReply(200, json::object{{"data", std::move(data)}});
}

// POST /api/v1/programs/{id}/catalog-items
Response CreateItem(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManageRewards); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  domain::CatalogItemInput input;
  ReadItem(reader, input);
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  Render<service::CatalogEntry> render = [](const service::CatalogEntry& e) {
    return service::StoredReply{201, json::serialize(ItemToJson(e)), "/api/v1/catalog-items/" + e.item.id};
  };
  return Reply(
      context, request,
      context.services.catalog.CreateItem(request.actor, request.Param("id"), input, IdempotentFor(request, render)),
      render);
}

// PATCH /api/v1/catalog-items/{id}
Response UpdateItem(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManageRewards); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  domain::CatalogItemInput input;
  ReadItem(reader, input);
  input.active = reader.Boolean("active");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto updated = context.services.catalog.UpdateItem(request.actor, request.Param("id"), input);
  if (!updated.ok()) return ErrorResponse(updated.error(), request);
  return JsonReply(200, ItemToJson(*updated));
}

Response RedemptionsReply(HandlerContext& context, Request& request, store::RedemptionQuery query) {
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto list = context.services.catalog.ListRedemptions(request.actor, std::move(query), *page);
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& r : list->redemptions.items) {
    data.push_back(request.actor.IsAdvocate() ? PortalRedemptionToJson(r) : RedemptionToJson(r, list->names));
  }
  return JsonReply(200, PageToJson(std::move(data), list->redemptions.next_cursor));
}

// GET /api/v1/redemptions?program_id=&advocate_id=&status=&limit=&cursor=
Response ListRedemptions(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"program_id", "advocate_id", "status", "limit", "cursor"});
      !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  store::RedemptionQuery query;
  query.program_id = std::string(request.Query("program_id").value_or(""));
  query.advocate_id = std::string(request.Query("advocate_id").value_or(""));
  if (auto status = request.Query("status")) {
    query.status = domain::ParseRedemptionStatus(*status);
    if (!query.status) {
      return ErrorResponse(
          Error::InvalidField("status", "must be requested, approved, backordered, fulfilled, rejected or cancelled"),
          request);
    }
  }
  return RedemptionsReply(context, request, std::move(query));
}

// POST /api/v1/redemptions/{id}/approve|fulfill|reject
Response Decide(HandlerContext& context, Request& request, service::RedemptionDecision decision) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManageRewards); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  std::optional<std::string> text;
  if (!request.body.empty()) {
    auto body = ParseJsonObject(request);
    if (!body.ok()) return ErrorResponse(body.error(), request);
    ObjectReader reader(*body);
    if (decision == service::RedemptionDecision::kReject) text = reader.String("note");
    if (decision == service::RedemptionDecision::kFulfill) text = reader.String("reference");
    if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  }
  Render<service::NamedRedemption> render = [](const service::NamedRedemption& r) {
    return service::StoredReply{200, json::serialize(RedemptionToJson(r.redemption, r.names)), ""};
  };
  return Reply(context, request,
               context.services.catalog.Decide(request.actor, request.Param("id"), decision, text.value_or(""),
                                               IdempotentFor(request, render)),
               render);
}

Response Approve(HandlerContext& context, Request& request) {
  return Decide(context, request, service::RedemptionDecision::kApprove);
}
Response Fulfill(HandlerContext& context, Request& request) {
  return Decide(context, request, service::RedemptionDecision::kFulfill);
}
Response Reject(HandlerContext& context, Request& request) {
  return Decide(context, request, service::RedemptionDecision::kReject);
}

// GET /api/v1/portal/catalog
Response PortalCatalog(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {}); !known.ok()) return ErrorResponse(known.error(), request);
  auto catalog = context.services.catalog.Catalog(request.actor);
  if (!catalog.ok()) return ErrorResponse(catalog.error(), request);
  json::array items;
  for (const auto& entry : catalog->items) {
    const domain::CatalogItem& i = entry.item;
    items.push_back(json::object{{"id", i.id},
                                 {"name", i.name},
                                 {"description", i.description},
                                 {"cost_points", i.cost_points},
                                 {"reward", RewardToJson(i.reward)},
                                 {"available", entry.why_not.empty()},
                                 {"why_not", entry.why_not.empty() ? json::value(nullptr) : json::value(entry.why_not)},
                                 {"in_stock", entry.in_stock}});
  }
  return JsonReply(200, json::object{{"redeemable", catalog->redeemable}, {"items", std::move(items)}});
}

// GET /api/v1/portal/redemptions
Response ListOwnRedemptions(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"limit", "cursor"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  return RedemptionsReply(context, request, {});
}

// POST /api/v1/portal/redemptions {"item_id"}
Response Redeem(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto item_id = reader.String("item_id");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  if (!item_id || item_id->empty()) return ErrorResponse(Error::InvalidField("item_id", "is required"), request);
  Render<domain::Redemption> render = [](const domain::Redemption& r) {
    return service::StoredReply{201, json::serialize(PortalRedemptionToJson(r)), ""};
  };
  return Reply(context, request,
               context.services.catalog.Redeem(request.actor, *item_id, IdempotentFor(request, render)), render);
}

// POST /api/v1/portal/redemptions/{id}/cancel
Response CancelOwn(HandlerContext& context, Request& request) {
  Render<domain::Redemption> render = [](const domain::Redemption& r) {
    return service::StoredReply{200, json::serialize(PortalRedemptionToJson(r)), ""};
  };
  return Reply(context, request,
               context.services.catalog.Cancel(request.actor, request.Param("id"), IdempotentFor(request, render)),
               render);
}

}  // namespace

void AddCatalogRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/programs/{id}/catalog-items", Access::kStaff, false, bind(ListItems)});
  router.Add({"POST", "/api/v1/programs/{id}/catalog-items", Access::kStaff, false, bind(CreateItem)});
  router.Add({"PATCH", "/api/v1/catalog-items/{id}", Access::kStaff, false, bind(UpdateItem)});
  router.Add({"GET", "/api/v1/redemptions", Access::kStaff, false, bind(ListRedemptions)});
  router.Add({"POST", "/api/v1/redemptions/{id}/approve", Access::kStaff, false, bind(Approve)});
  router.Add({"POST", "/api/v1/redemptions/{id}/fulfill", Access::kStaff, false, bind(Fulfill)});
  router.Add({"POST", "/api/v1/redemptions/{id}/reject", Access::kStaff, false, bind(Reject)});
  router.Add({"GET", "/api/v1/portal/catalog", Access::kAdvocate, false, bind(PortalCatalog)});
  router.Add({"GET", "/api/v1/portal/redemptions", Access::kAdvocate, false, bind(ListOwnRedemptions)});
  router.Add({"POST", "/api/v1/portal/redemptions", Access::kAdvocate, false, bind(Redeem)});
  router.Add({"POST", "/api/v1/portal/redemptions/{id}/cancel", Access::kAdvocate, false, bind(CancelOwn)});
}

}  // namespace bb::http

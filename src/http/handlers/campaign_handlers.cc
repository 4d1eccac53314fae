// Campaigns: invitation and activation waves with reminders (staff), and the personal join link a
// person invited opens (public).

#include <boost/json.hpp>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "representation/resource_json.h"

namespace bb::http {

namespace {

namespace json = boost::json;

json::value OptionalTime(const std::optional<Timestamp>& at) {
  return at ? json::value(FormatTimestamp(*at)) : json::value(nullptr);
}

json::object RecipientToJson(const store::CampaignRecipientRow& row) {
  const domain::CampaignRecipient& r = row.recipient;
  return json::object{
      {"email", r.email},
      {"first_name", r.first_name},
      {"last_name", r.last_name},
      {"company", r.company},
      {"advocate_id", r.advocate_id.empty() ? json::value(nullptr) : json::value(r.advocate_id)},
      {"sent_at", OptionalTime(r.first_sent_at)},
      {"reminders_sent", r.reminders_sent},
      {"next_send_at", OptionalTime(r.next_send_at)},
      {"delivered_at", OptionalTime(r.delivered_at)},
      {"bounced_at", OptionalTime(r.bounced_at)},
      {"opened_at", OptionalTime(r.opened_at)},
      {"joined_at", OptionalTime(r.joined_at)},
      {"shared", row.shared},
      {"referred", row.referred},
      {"stopped",
       r.stop == domain::RecipientStop::kNone ? json::value(nullptr) : json::value(domain::ToString(r.stop))},
      {"stopped_at", OptionalTime(r.stopped_at)},
      {"nps_response_id", r.nps_response_id.empty() ? json::value(nullptr) : json::value(r.nps_response_id)},
      {"added_at", OptionalTime(r.added_at)}};
}

Response CreateCampaign(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  domain::CampaignInput input;
  input.name = reader.String("name");
  input.kind = reader.String("kind");
  input.send_at = reader.Time("send_at");
  input.reminders_after_days = reader.IntegerList("reminders_after_days");
  input.throttle_days = reader.Integer("throttle_days");
  input.trigger = reader.String("trigger");
  input.quiet_days = reader.Integer("quiet_days");
  std::vector<domain::RecipientInput> recipients;
  if (reader.ObjectList("recipients", [&](ObjectReader& person, std::size_t) {
        recipients.push_back({person.String("email"), person.String("first_name"), person.String("last_name"),
                              person.String("company")});
      })) {
    input.recipients = std::move(recipients);
  }
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  Render<service::CampaignView> render = [](const service::CampaignView& made) {
    return service::StoredReply{201, json::serialize(representation::ToJson(made.campaign, made.counts)),
                                "/api/v1/campaigns/" + made.campaign.id};
  };
  auto created =
      context.services.campaigns.Create(request.actor, request.Param("id"), input, IdempotentFor(request, render));
  return Reply(context, request, created, render);
}

Response ListCampaigns(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"limit", "cursor"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto list = context.services.campaigns.List(request.actor, request.Param("id"), *page);
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& c : list->items) {
    json::value shown = representation::ToJson(c, {});
    json::object& object = shown.as_object();
    // The figures are counted one campaign at a time (GET /api/v1/campaigns/{id}).
    for (std::string_view figure : {"recipients", "sent", "delivered", "bounced", "opened", "joined", "shared",
                                    "referred", "unsubscribed", "reminders_sent", "answered", "throttled"}) {
      object.erase(figure);
    }
    data.push_back(std::move(shown));
  }
  return JsonReply(200, PageToJson(std::move(data), list->next_cursor));
}

Response GetCampaign(HandlerContext& context, Request& request) {
  auto found = context.services.campaigns.Get(request.actor, request.Param("id"));
  if (!found.ok()) return ErrorResponse(found.error(), request);
  return JsonReply(200, representation::ToJson(found->campaign, found->counts));
}

Response ListRecipients(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"limit", "cursor"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto list = context.services.campaigns.Recipients(request.actor, request.Param("id"), *page);
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& row : list->items) data.push_back(RecipientToJson(row));
  return JsonReply(200, PageToJson(std::move(data), list->next_cursor));
}

Response CancelCampaign(HandlerContext& context, Request& request) {
  auto cancelled = context.services.campaigns.Cancel(request.actor, request.Param("id"));
  if (!cancelled.ok()) return ErrorResponse(cancelled.error(), request);
  return JsonReply(200, representation::ToJson(cancelled->campaign, cancelled->counts));
}

// A POST, not a GET: opening counts, and mail scanners fetch links (they do not post).
Response OpenInvitation(HandlerContext& context, Request& request) {
  auto opened = context.services.campaigns.OpenInvitation(request.Param("token"));
  if (!opened.ok()) return ErrorResponse(opened.error(), request);
  return JsonReply(200, json::object{{"program", opened->program_slug},
                                     {"program_name", opened->program_name},
                                     {"email", opened->email},
                                     {"first_name", opened->first_name},
                                     {"last_name", opened->last_name},
                                     {"company", opened->company},
                                     {"joined", opened->joined}});
}

}  // namespace

void AddCampaignRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"POST", "/api/v1/programs/{id}/campaigns", Access::kStaff, false, bind(CreateCampaign)});
  router.Add({"GET", "/api/v1/programs/{id}/campaigns", Access::kStaff, false, bind(ListCampaigns)});
  router.Add({"GET", "/api/v1/campaigns/{id}", Access::kStaff, false, bind(GetCampaign)});
  router.Add({"GET", "/api/v1/campaigns/{id}/recipients", Access::kStaff, false, bind(ListRecipients)});
  router.Add({"POST", "/api/v1/campaigns/{id}/cancel", Access::kStaff, false, bind(CancelCampaign)});
  router.Add({"POST", "/api/v1/public/invitations/{token}/open", Access::kPublic, true, bind(OpenInvitation)});
}

}  // namespace bb::http

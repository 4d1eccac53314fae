// Happiness ratings: the one-click rating page's calls (GET/POST /api/v1/public/ratings/{token}),
// the portal's "How did we do?" (GET /api/v1/portal/ratings, POST /api/v1/portal/ratings/{id}),
// the report (GET /api/v1/happiness), the ratings with their comments (GET /api/v1/ratings) and an
// admin removing one (DELETE /api/v1/ratings/{id}).

#include <boost/json.hpp>

#include <string>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

constexpr auto kDefaultReportDays = std::chrono::days(30);

json::value ValueOrNull(const std::optional<domain::Rating>& rating) {
  return rating ? json::value(domain::ToString(rating->value)) : json::value(nullptr);
}

json::object RatingPageToJson(const service::RatingPage& page) {
  const auto& rating = page.rating;
  return json::object{{"program_name", page.program_name},
                      {"subject", page.request.subject},
                      {"interaction", domain::ToString(page.request.interaction)},
                      {"value", ValueOrNull(rating)},
                      {"wow", rating ? rating->wow : false},
                      {"comment", rating ? rating->comment : std::string()}};
}

// What a rater sent: {"value"?, "comment"?, "wow"?}.
Result<domain::RatingInput> ReadRating(Request& request) {
  BB_ASSIGN_OR_RETURN(auto body, ParseJsonObject(request));
  ObjectReader reader(body);
  domain::RatingInput input;
  input.value = reader.String("value");
  input.comment = reader.String("comment");
  input.wow = reader.Boolean("wow");
  BB_RETURN_IF_ERROR(reader.Finish());
  return input;
}

json::object RatingToJson(const domain::Rating& r, const service::ActorNames& names) {
  auto name = names.find(r.rated_user_id);
  return json::object{{"id", r.id},
                      {"program_id", r.program_id},
                      {"interaction", domain::ToString(r.interaction)},
                      {"interaction_id", r.interaction_id},
                      {"rated_user_id", r.rated_user_id.empty() ? json::value(nullptr) : json::value(r.rated_user_id)},
                      {"rated_name", name == names.end() ? json::value(nullptr) : json::value(name->second)},
                      {"recipient", r.recipient},
                      {"value", domain::ToString(r.value)},
                      {"wow", r.wow},
                      {"comment", r.comment},
                      {"suspicious", r.suspicious},
                      {"superseded_by", r.superseded_by.empty() ? json::value(nullptr) : json::value(r.superseded_by)},
                      {"deleted", r.deleted},
                      {"created_at", FormatTimestamp(r.created_at)},
                      {"updated_at", FormatTimestamp(r.updated_at)}};
}

json::object FiguresToJson(const service::HappinessGroup& group) {
  const domain::HappinessFigures& f = group.figures;
  return json::object{{"key", group.key},
                      {"name", group.name},
                      {"requests", f.counts.requests},
                      {"rated", f.counts.rated},
                      {"response_rate_bp", NumberOrNull(f.response_rate_bp)},
                      {"happy", f.counts.happy},
                      {"ok", f.counts.ok},
                      {"unhappy", f.counts.unhappy},
                      {"wow", f.counts.wow},
                      {"total", f.total},
                      {"pct_happy_bp", NumberOrNull(f.pct_happy_bp)},
                      {"pct_ok_bp", NumberOrNull(f.pct_ok_bp)},
                      {"pct_unhappy_bp", NumberOrNull(f.pct_unhappy_bp)},
                      {"happiness_score_bp", NumberOrNull(f.score_bp)},
                      {"points", f.points}};
}

// GET /api/v1/public/ratings/{token}: what the rating page shows (reading changes nothing: mail
// scanners fetch links; the page sends the click's value).
Response ShowRating(HandlerContext& context, Request& request) {
  auto page = context.services.happiness.Show(request.Param("token"));
  if (!page.ok()) return ErrorResponse(page.error(), request);
  return JsonReply(200, RatingPageToJson(*page));
}

// POST /api/v1/public/ratings/{token} {"value"?, "comment"?, "wow"?}
Response Rate(HandlerContext& context, Request& request) {
  auto input = ReadRating(request);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  auto page =
      context.services.happiness.Rate(request.Param("token"), *input, context.services.links.HashIp(request.remote_ip));
  if (!page.ok()) return ErrorResponse(page.error(), request);
  return JsonReply(200, RatingPageToJson(*page));
}

// GET /api/v1/portal/ratings
Response PortalRatings(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {}); !known.ok()) return ErrorResponse(known.error(), request);
  auto open = context.services.happiness.Open(request.actor);
  if (!open.ok()) return ErrorResponse(open.error(), request);
  json::array data;
  for (const auto& r : *open) {
    data.push_back(json::object{{"id", r.id},
                                {"interaction", domain::ToString(r.interaction)},
                                {"subject", r.subject},
                                {"created_at", FormatTimestamp(r.created_at)},
                                {"expires_at", FormatTimestamp(r.expires_at)}});
  }
  return JsonReply(200, json::object{{"data", std::move(data)}});
}

// POST /api/v1/portal/ratings/{id} {"value", "comment"?, "wow"?}
Response RateInPortal(HandlerContext& context, Request& request) {
  auto input = ReadRating(request);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  auto rating = context.services.happiness.RateInPortal(request.actor, request.Param("id"), *input,
                                                        context.services.links.HashIp(request.remote_ip));
  if (!rating.ok()) return ErrorResponse(rating.error(), request);
  const domain::Rating& r = *rating;
  return JsonReply(
      200, json::object{{"id", r.id}, {"value", domain::ToString(r.value)}, {"wow", r.wow}, {"comment", r.comment}});
}

// GET /api/v1/happiness?program_id=&group_by=program|staff|interaction&from=&to=
Response Report(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kReadAnalytics); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  if (Status known = OnlyQueryParameters(request, {"program_id", "group_by", "from", "to"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto grouping = service::ParseHappinessGrouping(request.Query("group_by").value_or("staff"));
  if (!grouping) {
    return ErrorResponse(Error::InvalidField("group_by", "must be program, staff or interaction"), request);
  }
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  Timestamp before = range->before.value_or(context.services.clock.Now());
  Timestamp from = range->from.value_or(before - kDefaultReportDays);
  auto report = context.services.happiness.Report(request.actor, request.Query("program_id").value_or(""), *grouping,
                                                  from, before);
  if (!report.ok()) return ErrorResponse(report.error(), request);
  json::array groups;
  for (const auto& group : report->groups) groups.push_back(FiguresToJson(group));
  return JsonReply(200, json::object{{"from", FormatTimestamp(report->from)},
                                     {"to", FormatTimestamp(report->before)},
                                     {"group_by", request.Query("group_by").value_or("staff")},
                                     {"basis",
                                      "ratings given and requests made in [from, to); a rating that "
                                      "repeats another, or was deleted, does not count"},
                                     {"groups", std::move(groups)},
                                     {"all", FiguresToJson(report->all)}});
}

// GET /api/v1/ratings?program_id=&rated_user_id=&interaction=&from=&to=&limit=&cursor=
Response ListRatings(HandlerContext& context, Request& request) {
  if (Status known =
          OnlyQueryParameters(request, {"program_id", "rated_user_id", "interaction", "from", "to", "limit", "cursor"});
      !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  store::RatingQuery query;
  query.program_id = std::string(request.Query("program_id").value_or(""));
  query.rated_user_id = std::string(request.Query("rated_user_id").value_or(""));
  if (auto interaction = request.Query("interaction")) {
    query.interaction = domain::ParseInteraction(*interaction);
    if (!query.interaction) {
      return ErrorResponse(
          Error::InvalidField("interaction", "must be email, reward_paid, referral_handled or review_decision"),
          request);
    }
  }
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  query.from = range->from;
  query.before = range->before;
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto list = context.services.happiness.List(request.actor, std::move(query), *page);
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& r : list->ratings.items) data.push_back(RatingToJson(r, list->names));
  return JsonReply(200, PageToJson(std::move(data), list->ratings.next_cursor));
}

// DELETE /api/v1/ratings/{id}
Response DeleteRating(HandlerContext& context, Request& request) {
  auto deleted = context.services.happiness.Delete(request.actor, request.Param("id"));
  if (!deleted.ok()) return ErrorResponse(deleted.error(), request);
  return JsonReply(200, RatingToJson(*deleted, {}));
}

}  // namespace

void AddHappinessRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/public/ratings/{token}", Access::kPublic, true, bind(ShowRating)});
  router.Add({"POST", "/api/v1/public/ratings/{token}", Access::kPublic, true, bind(Rate)});
  router.Add({"GET", "/api/v1/portal/ratings", Access::kAdvocate, false, bind(PortalRatings)});
  router.Add({"POST", "/api/v1/portal/ratings/{id}", Access::kAdvocate, false, bind(RateInPortal)});
  router.Add({"GET", "/api/v1/happiness", Access::kStaff, false, bind(Report)});
  router.Add({"GET", "/api/v1/ratings", Access::kStaff, false, bind(ListRatings)});
  router.Add({"DELETE", "/api/v1/ratings/{id}", Access::kStaff, false, bind(DeleteRating)});
}

}  // namespace bb::http

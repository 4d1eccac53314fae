// NPS: POST /api/v1/programs/{id}/nps-responses (an answer, from another survey tool or a script),
// GET /api/v1/analytics/nps (the score of a range beside each class's referral rate), and the
// follow-up tasks detractors' answers open: GET /api/v1/followup-tasks, PATCH
// /api/v1/followup-tasks/{id}.

#include <boost/json.hpp>

#include <string>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

json::object ResponseToJson(const domain::NpsResponse& r) {
  return json::object{{"id", r.id},
                      {"program_id", r.program_id},
                      {"email", r.email},
                      {"score", r.score},
                      {"class", domain::ToString(domain::ClassOfScore(r.score))},
                      {"comment", r.comment},
                      {"source", r.source},
                      {"answered_at", FormatTimestamp(r.answered_at)},
                      {"recorded_by", r.recorded_by},
                      {"recorded_at", FormatTimestamp(r.recorded_at)}};
}

Render<service::RecordedNpsResponse> RenderResponse() {
  return [](const service::RecordedNpsResponse& r) {
    json::object out = ResponseToJson(r.response);
    out["advocate_id"] = r.advocate_id ? json::value(*r.advocate_id) : json::value(nullptr);
    out["advocate_updated"] = r.advocate_updated;
    out["followup_task_id"] = r.followup_task_id ? json::value(*r.followup_task_id) : json::value(nullptr);
    return service::StoredReply{201, json::serialize(out), ""};
  };
}

// POST /api/v1/programs/{id}/nps-responses
Response RecordResponse(HandlerContext& context, Request& request) {
  // Who may record is told before what is wrong with the answer (viewers and sales reps: 403).
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kImportData); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  domain::NpsResponseInput input;
  input.email = reader.String("email");
  input.score = reader.Integer("score");
  input.comment = reader.String("comment");
  input.answered_at = reader.Time("answered_at");
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  auto render = RenderResponse();
  return Reply(context, request,
               context.services.nps.Record(request.actor, request.Param("id"), input, IdempotentFor(request, render)),
               render);
}

json::value ReportToJson(const service::NpsReport& r) {
  json::object rates;
  json::array classes;
  for (std::size_t i = 0; i < r.referrals.size(); ++i) {
    const domain::ClassReferrals& c = r.referrals[i];
    rates[domain::ToString(c.nps_class)] = NumberOrNull(c.referral_rate_bp);
    classes.push_back(json::object{{"class", domain::ToString(c.nps_class)},
                                   {"respondents", c.respondents},
                                   {"referred", c.referred},
                                   {"referrals", c.referrals},
                                   {"referral_rate_bp", NumberOrNull(c.referral_rate_bp)},
                                   {"referrals_per_respondent_milli", NumberOrNull(c.referrals_per_respondent_milli)},
                                   {"won", c.won},
                                   {"won_other_currency", c.won_other_currency},
                                   {"revenue_minor", c.revenue_minor},
                                   {"revenue_per_respondent_minor", NumberOrNull(c.revenue_per_respondent_minor)},
                                   {"window_open", r.window_open.at(i)}});
  }
  json::array months;
  for (const auto& m : r.months) {
    months.push_back(json::object{{"month", m.month},
                                  {"from", FormatTimestamp(m.from)},
                                  {"to", FormatTimestamp(m.before)},
                                  {"responses", m.figures.responses},
                                  {"promoters", m.figures.promoters},
                                  {"passives", m.figures.passives},
                                  {"detractors", m.figures.detractors},
                                  {"nps", NumberOrNull(m.figures.nps)}});
  }
  return json::object{
      {"program_id", r.program_id},
      {"from", FormatTimestamp(r.from)},
      {"to", FormatTimestamp(r.before)},
      {"window_days", r.window_days},
      {"responses", r.figures.responses},
      {"promoters", r.figures.promoters},
      {"passives", r.figures.passives},
      {"detractors", r.figures.detractors},
      {"nps", NumberOrNull(r.figures.nps)},
      {"referral_rate_bp", std::move(rates)},
      {"currency", r.currency},
      {"classes", std::move(classes)},
      {"earned_growth", json::object{{"won", r.earned_growth.won},
                                     {"won_other_currency", r.earned_growth.won_other_currency},
                                     {"won_without_value", r.earned_growth.won_without_value},
                                     {"earned_revenue_minor", r.earned_growth.earned_revenue_minor},
                                     {"prior_revenue_minor", NumberOrNull(r.earned_growth.prior_revenue_minor)},
                                     {"nrr_bp", NumberOrNull(r.earned_growth.nrr_bp)},
                                     {"enc_bp", NumberOrNull(r.earned_growth.enc_bp)},
                                     {"earned_growth_rate_bp", NumberOrNull(r.earned_growth.earned_growth_rate_bp)}}},
      {"months", std::move(months)},
      {"followups", json::object{{"opened", r.followups.opened},
                                 {"contacted_on_time", r.followups.contacted_on_time},
                                 {"contacted_late", r.followups.contacted_late},
                                 {"overdue", r.followups.overdue},
                                 {"waiting", r.followups.waiting},
                                 {"closed", r.followups.closed},
                                 {"on_time_bp", NumberOrNull(r.followups.on_time_bp)}}},
      {"basis",
       "Each person's latest answer in [from, to) counts once. NPS = round(100 x (promoters - "
       "detractors) / responses). A respondent referred when, as an advocate of the program with the "
       "same email, they submitted a referral (not rejected) within window_days after answering. "
       "Respondents who answered less than window_days ago (window_open) are counted with their "
       "referrals so far. followups counts the tasks of detractors' answers given in [from, to), as "
       "of now: on time when first contacted within 48 hours of the answer; on_time_bp is of those "
       "whose deadline has come. months: each calendar month (UTC) of the range, its part of [from, "
       "to), each person's latest answer in it counting once. classes' won and revenue_minor: of the referrals "
       "counted, those won now, and their deal values in the program's currency (cohort basis: the "
       "answers' windows). earned_growth: period basis, referrals of the program won in [from, to); "
       "enc_bp = earned_revenue_minor / prior_revenue_minor; earned_growth_rate_bp = nrr_bp + enc_bp - "
       "10000 (Reichheld's earned growth rate), when those inputs are given."}};
}

// GET /api/v1/analytics/nps?program_id=&from=&to=&window_days=&nrr_bp=&prior_revenue_minor=
Response GetReport(HandlerContext& context, Request& request) {
  auto program_id =
      ReportProgramId(request, {"program_id", "from", "to", "window_days", "nrr_bp", "prior_revenue_minor"});
  if (!program_id.ok()) return ErrorResponse(program_id.error(), request);
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  std::optional<std::int64_t> window_days;
  if (auto text = request.Query("window_days")) {
    window_days = ParseSmallWholeNumber(*text);
    if (!window_days)
      return ErrorResponse(Error::InvalidField("window_days", "must be a whole number from 1 to 365"), request);
  }
  domain::EarnedGrowthInput growth;
  std::vector<FieldError> unreadable;
  for (auto [name, slot] :
       {std::pair{"nrr_bp", &growth.nrr_bp}, {"prior_revenue_minor", &growth.prior_revenue_minor}}) {
    auto text = request.Query(name);
    if (!text) continue;
    *slot = ParseWholeNumber(*text);
    if (!*slot) unreadable.push_back({name, "must be a whole number"});
  }
  if (!unreadable.empty()) return ErrorResponse(Error::Invalid(std::move(unreadable)), request);
  auto report = context.services.nps.Report(request.actor, *program_id, *range, window_days, growth);
  if (!report.ok()) return ErrorResponse(report.error(), request);
  return JsonReply(200, ReportToJson(*report));
}

json::value NameOrNull(const service::ActorNames& names, const std::string& id) {
  auto found = names.find(id);
  return found == names.end() ? json::value(nullptr) : json::value(found->second);
}

json::object FollowupToJson(const domain::FollowupTask& t, const service::ActorNames& names) {
  return json::object{
      {"id", t.id},
      {"program_id", t.program_id},
      {"nps_response_id", t.nps_response_id},
      {"email", t.email},
      {"advocate_id", t.advocate_id ? json::value(*t.advocate_id) : json::value(nullptr)},
      {"owner_id", t.owner_id.empty() ? json::value(nullptr) : json::value(t.owner_id)},
      {"owner_name", NameOrNull(names, t.owner_id)},
      {"score", t.score},
      {"comment", t.comment},
      {"status", domain::ToString(t.status)},
      {"note", t.note},
      {"answered_at", FormatTimestamp(t.answered_at)},
      {"due_at", FormatTimestamp(t.due_at)},
      {"contacted_at", t.contacted_at ? json::value(FormatTimestamp(*t.contacted_at)) : json::value(nullptr)},
      {"created_at", FormatTimestamp(t.created_at)},
      {"updated_at", FormatTimestamp(t.updated_at)},
      {"updated_by", t.updated_by},
      {"updated_by_name", NameOrNull(names, t.updated_by)},
      {"closed_at", t.closed_at ? json::value(FormatTimestamp(*t.closed_at)) : json::value(nullptr)}};
}

// GET /api/v1/followup-tasks?program_id=&status=&limit=&cursor=
Response ListFollowups(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"program_id", "status", "limit", "cursor"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto list = context.services.nps.ListFollowups(request.actor, request.Query("program_id").value_or(""),
                                                 request.Query("status").value_or(""), *page);
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& t : list->tasks.items) data.push_back(FollowupToJson(t, list->names));
  return JsonReply(
      200, json::object{{"data", std::move(data)},
                        {"next_cursor", list->tasks.next_cursor.empty() ? json::value(nullptr)
                                                                        : json::value(list->tasks.next_cursor)}});
}

// PATCH /api/v1/followup-tasks/{id} {"status"?, "note"?}
Response UpdateFollowup(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kHandleFollowups); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  domain::FollowupChange change;
  change.status = reader.String("status");
  change.note = reader.String("note");
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  auto updated = context.services.nps.UpdateFollowup(request.actor, request.Param("id"), change);
  if (!updated.ok()) return ErrorResponse(updated.error(), request);
  return JsonReply(200, FollowupToJson(updated->task, updated->names));
}

json::object SurveyToJson(const service::SurveyView& v) {
  return json::object{{"program_name", v.program_name},
                      {"first_name", v.first_name},
                      {"question", v.question},
                      {"score", v.score ? json::value(*v.score) : json::value(nullptr)},
                      {"class", v.nps_class ? json::value(*v.nps_class) : json::value(nullptr)},
                      {"comment", v.comment}};
}

// GET /api/v1/public/surveys/{token}: what the survey's page shows (reading changes nothing: mail
// scanners fetch links).
Response ViewSurvey(HandlerContext& context, Request& request) {
  auto view = context.services.nps.ViewSurvey(request.Param("token"));
  if (!view.ok()) return ErrorResponse(view.error(), request);
  return JsonReply(200, SurveyToJson(*view));
}

// POST /api/v1/public/surveys/{token} {"score"?, "comment"?}
Response AnswerSurvey(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto score = reader.Integer("score");
  auto comment = reader.String("comment");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto view = context.services.nps.AnswerSurvey(request.actor, request.Param("token"), score, comment);
  if (!view.ok()) return ErrorResponse(view.error(), request);
  return JsonReply(200, SurveyToJson(*view));
}

json::value PortalSurveyToJson(const std::optional<service::SurveyView>& view) {
  return json::object{{"survey", view ? json::value(SurveyToJson(*view)) : json::value(nullptr)}};
}

// GET /api/v1/portal/survey: the NPS question the portal shows the signed-in advocate, if any (its
// first showing in a window counts as the survey's sending, for the throttle).
Response PortalSurvey(HandlerContext& context, Request& request) {
  auto view = context.services.nps.PortalSurvey(request.actor);
  if (!view.ok()) return ErrorResponse(view.error(), request);
  return JsonReply(200, PortalSurveyToJson(*view));
}

// POST /api/v1/portal/survey {"score"?, "comment"?, "dismiss"?}
Response AnswerPortalSurvey(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto score = reader.Integer("score");
  auto comment = reader.String("comment");
  auto dismiss = reader.Boolean("dismiss");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto view = context.services.nps.AnswerPortalSurvey(request.actor, score, comment, dismiss.value_or(false));
  if (!view.ok()) return ErrorResponse(view.error(), request);
  return JsonReply(200, PortalSurveyToJson(*view));
}

}  // namespace

void AddNpsRoutes(Router& router, HandlerContext& context) {
  router.Add({"POST", "/api/v1/programs/{id}/nps-responses", Access::kStaff, false,
              [&context](Request& request) { return RecordResponse(context, request); }});
  router.Add({"GET", "/api/v1/analytics/nps", Access::kStaff, false,
              [&context](Request& request) { return GetReport(context, request); }});
  router.Add({"GET", "/api/v1/public/surveys/{token}", Access::kPublic, true,
              [&context](Request& request) { return ViewSurvey(context, request); }});
  router.Add({"POST", "/api/v1/public/surveys/{token}", Access::kPublic, true,
              [&context](Request& request) { return AnswerSurvey(context, request); }});
  router.Add({"GET", "/api/v1/portal/survey", Access::kAdvocate, false,
              [&context](Request& request) { return PortalSurvey(context, request); }});
  router.Add({"POST", "/api/v1/portal/survey", Access::kAdvocate, false,
              [&context](Request& request) { return AnswerPortalSurvey(context, request); }});
  router.Add({"GET", "/api/v1/followup-tasks", Access::kStaff, false,
              [&context](Request& request) { return ListFollowups(context, request); }});
  router.Add({"PATCH", "/api/v1/followup-tasks/{id}", Access::kStaff, false,
              [&context](Request& request) { return UpdateFollowup(context, request); }});
}

}  // namespace bb::http

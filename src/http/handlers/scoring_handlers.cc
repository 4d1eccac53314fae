// Lead scoring (domain/score_model.h, domain/lead_score.h, domain/score_calibration.h): a program's
// score model (GET/PUT /api/v1/programs/{id}/score-model), the engagement events reported for its
// people (POST /api/v1/programs/{id}/engagement-events), a referral's score (GET
// /api/v1/referrals/{id}/score), the propensity ranking (GET /api/v1/referral-scores), the accounts
// (GET /api/v1/accounts) and the calibration (GET /api/v1/scores/calibration). Scores are points
// with two decimals.

#include <boost/json.hpp>

#include <string>

#include "common/time_format.h"
#include "domain/score_model.h"
#include "domain/validation.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/problem.h"
#include "representation/score_model_json.h"

namespace bb::http {
namespace {

namespace json = boost::json;

constexpr std::string_view kCalibrationBasis =
    "Cohort: the referrals submitted in [from, to), each with its score as it stood at its submission (its "
    "snapshot: nothing after it counts), against its outcome at as_of: won (1); lost or rejected, or still open "
    "more than outcome_window_days after submission (0); still open and younger: censored, left out (censored). "
    "Deciles: by snapshot score, highest first, ties by referral id; position i of n goes to decile floor(10 i / "
    "n) + 1. lift_bp: the decile's win rate over the overall one (10000 = average). auc_bp: the chance that a won "
    "referral scored higher than one that was not (ties count half; 5000 = a coin).";

// Hundredths of a point as points: a whole number as such (60, not 6E1), else with its decimals.
json::value Points(std::int64_t hundredths) {
  if (hundredths % 100 == 0) return hundredths / 100;
  return static_cast<double>(hundredths) / 100.0;
}

json::value TimeOrNull(const std::optional<Timestamp>& t) {
  return t ? json::value(FormatTimestamp(*t)) : json::value(nullptr);
}

json::value BpOrNull(const std::optional<std::int64_t>& bp) { return bp ? json::value(*bp) : json::value(nullptr); }

json::object ModelToJson(const domain::ScoreModel& m) {
  json::object out{
      {"program_id", m.program_id},
      {"version", m.version},
      {"published_at", m.version == 0 ? json::value(nullptr) : json::value(FormatTimestamp(m.published_at))},
      {"published_by", m.version == 0 ? json::value(nullptr) : json::value(m.published_by)}};
  for (auto& [key, value] : representation::ScoreModelToJson(m)) out[key] = value;
  return out;
}

// A rule in words, for the list of what made a score: "referee.title contains vp, chief",
// "demo_attended (product payroll)".
std::string RuleWords(const domain::ScoreModel& model, const domain::RuleContribution& c) {
  const auto& group = model.groups[c.group];
  if (c.dimension == domain::ScoreDimension::kFit) {
    const auto& rule = group.fit_rules[c.rule];
    std::string out = rule.attribute + " " + std::string(domain::ToString(rule.op));
    for (std::size_t i = 0; i < rule.values.size(); ++i) out += (i == 0 ? " " : ", ") + rule.values[i];
    return out;
  }
  const auto& rule = group.event_rules[c.rule];
  std::string out = rule.event_type;
  if (!rule.product.empty()) out += " (product " + rule.product + ")";
  if (!rule.channel.empty()) out += " (channel " + rule.channel + ")";
  return out;
}

json::object ScoreToJson(const domain::ScoreModel& model, const domain::LeadScore& s) {
  return {{"fit", Points(s.fit)},
          {"engagement", Points(s.engagement)},
          {"total", Points(s.total)},
          {"grade", s.grade},
          {"mql", s.mql_at.has_value()},
          {"mql_at", TimeOrNull(s.mql_at)},
          {"last_engaged_at", TimeOrNull(s.last_engaged_at)},
          {"model_version", model.version}};
}

// The version asked for: none (the latest), 0 (the default model) or a published one.
Result<std::optional<std::int64_t>> VersionOf(const Request& request) {
  return VersionFromQuery(request, "the default model");
}

// version and as_of from the query string; kInvalidArgument naming the one that cannot be read.
Result<service::ScoreQuery> ScoreQueryOf(const Request& request, std::string program_id) {
  service::ScoreQuery query;
  query.program_id = std::move(program_id);
  BB_ASSIGN_OR_RETURN(query.version, VersionOf(request));
  BB_ASSIGN_OR_RETURN(query.as_of, AsOfFromQuery(request));
  return query;
}

// GET /api/v1/programs/{id}/score-model?version=
Response GetModel(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"version"}); !known.ok())
    return ErrorResponse(known.error(), request);
  auto version = VersionOf(request);
  if (!version.ok()) return ErrorResponse(version.error(), request);
  auto model = context.services.scoring.Model(request.actor, request.Param("id"), *version);
  if (!model.ok()) return ErrorResponse(model.error(), request);
  return JsonReply(200, ModelToJson(*model));
}

// PUT /api/v1/programs/{id}/score-model: the rules, published as the next version.
Response PutModel(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  auto rules = representation::ScoreModelFromJson(*body);
  if (!rules.ok()) return ErrorResponse(rules.error(), request);
  auto published = context.services.scoring.Publish(request.actor, request.Param("id"), std::move(*rules));
  if (!published.ok()) return ErrorResponse(published.error(), request);
  json::object out = ModelToJson(published->model);
  out["published"] = published->published;
  return JsonReply(published->published ? 201 : 200, out);
}

// POST /api/v1/programs/{id}/engagement-events {"events": [{email, type, occurred_at, key, product?, channel?}]}
Response PostEvents(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  std::vector<service::EngagementEventInput> input;
  const bool listed = reader.ObjectList("events", [&](ObjectReader& item, std::size_t) {
    service::EngagementEventInput event;
    event.email = item.String("email");
    event.type = item.String("type");
    event.occurred_at = item.Time("occurred_at");
    event.key = item.String("key");
    event.product = item.String("product");
    event.channel = item.String("channel");
    input.push_back(std::move(event));
  });
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  if (!listed) return ErrorResponse(Error::InvalidField("events", "is required: a list of events"), request);
  auto recorded = context.services.scoring.RecordEvents(request.actor, request.Param("id"), input);
  if (!recorded.ok()) return ErrorResponse(recorded.error(), request);
  json::array events;
  std::int64_t duplicates = 0;
  for (const auto& r : *recorded) {
    duplicates += r.duplicate ? 1 : 0;
    events.push_back(json::object{{"key", r.event.key},
                                  {"status", r.duplicate ? "duplicate" : "recorded"},
                                  {"id", r.duplicate ? json::value(nullptr) : json::value(r.event.id)}});
  }
  const auto count = static_cast<std::int64_t>(recorded->size());
  return JsonReply(
      200, json::object{{"recorded", count - duplicates}, {"duplicates", duplicates}, {"events", std::move(events)}});
}

// GET /api/v1/referrals/{id}/score?as_of=&version=
Response GetReferralScore(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"as_of", "version"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto query = ScoreQueryOf(request, "");
  if (!query.ok()) return ErrorResponse(query.error(), request);
  auto scored =
      context.services.scoring.ScoreReferral(request.actor, request.Param("id"), query->version, query->as_of);
  if (!scored.ok()) return ErrorResponse(scored.error(), request);
  json::object out = ScoreToJson(scored->model, scored->score);
  out["referral_id"] = scored->referral.id;
  out["program_id"] = scored->referral.program_id;
  out["as_of"] = FormatTimestamp(scored->as_of);
  json::array contributions;
  for (const auto& c : scored->score.contributions) {
    contributions.push_back(json::object{{"group", scored->model.groups[c.group].name},
                                         {"dimension", domain::ToString(c.dimension)},
                                         {"rule", RuleWords(scored->model, c)},
                                         {"points", Points(c.hundredths)},
                                         {"events", c.events}});
  }
  out["contributions"] = std::move(contributions);
  json::array products;
  for (const auto& [product, engagement] : scored->products) {
    products.push_back(json::object{{"product", product}, {"engagement", Points(engagement)}});
  }
  out["products"] = std::move(products);
  return JsonReply(200, out);
}

// GET /api/v1/referral-scores?program_id=&open=&as_of=&version=&limit=&cursor=
Response GetRanking(HandlerContext& context, Request& request) {
  auto program_id = ReportProgramId(request, {"program_id", "open", "as_of", "version", "limit", "cursor"});
  if (!program_id.ok()) return ErrorResponse(program_id.error(), request);
  auto query = ScoreQueryOf(request, *program_id);
  if (!query.ok()) return ErrorResponse(query.error(), request);
  const auto open = request.Query("open").value_or("false");
  if (open != "true" && open != "false") {
    return ErrorResponse(Error::InvalidField("open", "must be true or false"), request);
  }
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto ranking = context.services.scoring.Rank(request.actor, *query, open == "true", *page);
  if (!ranking.ok()) return ErrorResponse(ranking.error(), request);
  json::array data;
  for (const auto& r : ranking->page.items) {
    const auto& referral = r.scored.referral;
    json::object item = ScoreToJson(ranking->model, r.scored.score);
    item["referral_id"] = referral.id;
    item["email"] = referral.referee.email;
    item["first_name"] = referral.referee.first_name;
    item["last_name"] = referral.referee.last_name;
    item["company"] = referral.referee.company;
    item["stage"] = domain::ToString(r.scored.stage);
    item["submitted_at"] = FormatTimestamp(referral.created_at);
    item["rank"] = r.rank;
    item["percentile_bp"] = r.percentile_bp;
    data.push_back(std::move(item));
  }
  return JsonReply(
      200, json::object{{"data", std::move(data)},
                        {"next_cursor", ranking->page.next_cursor.empty() ? json::value(nullptr)
                                                                          : json::value(ranking->page.next_cursor)},
                        {"count", ranking->count},
                        {"as_of", FormatTimestamp(ranking->as_of)},
                        {"model_version", ranking->model.version}});
}

// GET /api/v1/accounts?program_id=&order=&product=&as_of=&version=&limit=&cursor=
Response GetAccounts(HandlerContext& context, Request& request) {
  auto program_id = ReportProgramId(request, {"program_id", "order", "product", "as_of", "version", "limit", "cursor"});
  if (!program_id.ok()) return ErrorResponse(program_id.error(), request);
  auto query = ScoreQueryOf(request, *program_id);
  if (!query.ok()) return ErrorResponse(query.error(), request);
  if (auto product = request.Query("product")) {
    if (std::string problem = domain::CheckText(domain::Trim(*product), 100); !problem.empty()) {
      return ErrorResponse(Error::InvalidField("product", problem), request);
    }
    query->product = std::string(domain::Trim(*product));
  }
  const auto order_text = request.Query("order").value_or("-score");
  service::AccountOrder order = service::AccountOrder::kScore;
  if (order_text == "-engagement") {
    order = service::AccountOrder::kEngagement;
  } else if (order_text == "domain") {
    order = service::AccountOrder::kDomain;
  } else if (order_text == "-product_engagement") {
    order = service::AccountOrder::kProductEngagement;
  } else if (order_text != "-score") {
    return ErrorResponse(
        Error::InvalidField("order", "must be -score, -engagement, -product_engagement (with a product) or domain"),
        request);
  }
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto accounts = context.services.scoring.Accounts(request.actor, *query, order, *page);
  if (!accounts.ok()) return ErrorResponse(accounts.error(), request);
  json::array data;
  for (const auto& a : accounts->page.items) {
    data.push_back(json::object{{"id", a.id},
                                {"domain", a.id},
                                {"score", Points(a.score)},
                                {"fit", Points(a.fit)},
                                {"engagement", Points(a.engagement)},
                                {"band", a.grade},
                                {"contacts", a.contacts},
                                {"engaged_contacts", a.engaged_contacts},
                                {"mql_contacts", a.mql_contacts},
                                {"open_referrals", a.open_referrals},
                                {"won_referrals", a.won_referrals},
                                {"last_engaged_at", TimeOrNull(a.last_engaged_at)},
                                {"roles_covered", a.roles_covered},
                                {"roles_missing", json::value_from(a.roles_missing)},
                                {"product_engagement", a.product_engagement ? json::value(Points(*a.product_engagement))
                                                                            : json::value(nullptr)}});
  }
  const auto& m = accounts->model;
  return JsonReply(
      200, json::object{{"data", std::move(data)},
                        {"next_cursor", accounts->page.next_cursor.empty() ? json::value(nullptr)
                                                                           : json::value(accounts->page.next_cursor)},
                        {"count", accounts->count},
                        {"as_of", FormatTimestamp(accounts->as_of)},
                        {"model_version", m.version},
                        {"rollup", json::object{{"mode", domain::ToString(m.rollup)},
                                                {"top_n", m.rollup_top_n},
                                                {"account_limit", BpOrNull(m.account_limit)}}}});
}

// GET /api/v1/scores/calibration?program_id=&from=&to=&as_of=&version=&outcome_window_days=
Response GetCalibration(HandlerContext& context, Request& request) {
  auto program_id = ReportProgramId(request, {"program_id", "from", "to", "as_of", "version", "outcome_window_days"});
  if (!program_id.ok()) return ErrorResponse(program_id.error(), request);
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  auto score_query = ScoreQueryOf(request, *program_id);
  if (!score_query.ok()) return ErrorResponse(score_query.error(), request);
  service::CalibrationQuery query;
  query.score = *score_query;
  query.from = range->from;
  query.to = range->before;
  if (auto text = request.Query("outcome_window_days")) {
    auto days = ParseWholeNumber(*text);
    if (!days)
      return ErrorResponse(Error::InvalidField("outcome_window_days", "must be a whole number from 1 to 3650"),
                           request);
    query.outcome_window_days = *days;
  }
  auto report = context.services.scoring.Calibrate(request.actor, query);
  if (!report.ok()) return ErrorResponse(report.error(), request);
  const auto& c = report->calibration;
  json::array deciles;
  for (const auto& d : c.deciles) {
    deciles.push_back(json::object{{"decile", d.decile},
                                   {"count", d.count},
                                   {"won", d.won},
                                   {"win_rate_bp", BpOrNull(d.win_rate_bp)},
                                   {"lift_bp", BpOrNull(d.lift_bp)},
                                   {"cumulative_capture_bp", BpOrNull(d.cumulative_capture_bp)},
                                   {"cumulative_lift_bp", BpOrNull(d.cumulative_lift_bp)},
                                   {"min_score", d.min_score ? Points(*d.min_score) : json::value(nullptr)},
                                   {"max_score", d.max_score ? Points(*d.max_score) : json::value(nullptr)}});
  }
  json::array grades;
  for (const auto& g : c.grades) {
    grades.push_back(json::object{{"grade", g.grade},
                                  {"count", g.count},
                                  {"won", g.won},
                                  {"win_rate_bp", BpOrNull(g.win_rate_bp)},
                                  {"lift_bp", BpOrNull(g.lift_bp)}});
  }
  return JsonReply(200, json::object{{"program_id", *program_id},
                                     {"model_version", report->model.version},
                                     {"from", FormatTimestamp(report->from)},
                                     {"to", FormatTimestamp(report->to)},
                                     {"as_of", FormatTimestamp(report->as_of)},
                                     {"outcome_window_days", report->outcome_window_days},
                                     {"submitted", report->submitted},
                                     {"censored", report->censored},
                                     {"count", c.count},
                                     {"won", c.won},
                                     {"win_rate_bp", BpOrNull(c.win_rate_bp)},
                                     {"auc_bp", BpOrNull(c.auc_bp)},
                                     {"deciles", std::move(deciles)},
                                     {"grades", std::move(grades)},
                                     {"basis", kCalibrationBasis}});
}

}  // namespace

void AddScoringRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/programs/{id}/score-model", Access::kStaff, false, bind(GetModel)});
  router.Add({"PUT", "/api/v1/programs/{id}/score-model", Access::kStaff, false, bind(PutModel)});
  router.Add({"POST", "/api/v1/programs/{id}/engagement-events", Access::kStaff, false, bind(PostEvents)});
  router.Add({"GET", "/api/v1/referrals/{id}/score", Access::kStaff, false, bind(GetReferralScore)});
  router.Add({"GET", "/api/v1/referral-scores", Access::kStaff, false, bind(GetRanking)});
  router.Add({"GET", "/api/v1/accounts", Access::kStaff, false, bind(GetAccounts)});
  router.Add({"GET", "/api/v1/scores/calibration", Access::kStaff, false, bind(GetCalibration)});
}

}  // namespace bb::http

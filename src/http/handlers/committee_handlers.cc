// Buying committees (domain/buying_committee.h): a referral's committee as of an instant (GET
// /api/v1/referrals/{id}/committee), its next version (PUT), a person's personality attributes
// erased from every version (POST .../committee/erase-personality), and the outcomes of a
// program's referrals by attribute (GET /api/v1/reports/attribute-outcomes).

#include <boost/json.hpp>

#include <string>

#include "common/time_format.h"
#include "domain/personality.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/problem.h"
#include "http/representation.h"
#include "representation/resource_json.h"

namespace bb::http {
namespace {

namespace json = boost::json;

constexpr std::string_view kOutcomeMethod =
    "The cohort: the program's referrals submitted in [from, to) (to at most as_of) that are clear and not "
    "rejected as of as_of (held, duplicate and rejected ones are left out). won: reached won by as_of; lost: at lost "
    "as of as_of; the others are open. win_rate_bp = won ÷ "
    "referrals, half away from zero. median_days_to_won: the median of the won referrals' whole days from "
    "submission to their first win (the mean of the middle two, rounded down). A referral's value is its primary "
    "contact's attribute in its buying committee as of as_of (the referee alone when none was recorded), the "
    "number of buying influences (economic, user and technical buyer, coach or champion) its committee covers, or "
    "its advocate's attribute when they referred it; a missing or invalid value counts as unknown.";

json::object MemberToJson(const domain::CommitteeMember& m) {
  json::array roles;
  for (auto role : m.roles) roles.emplace_back(domain::ToString(role));
  return {{"email", m.email},
          {"first_name", m.first_name},
          {"last_name", m.last_name},
          {"title", m.title},
          {"roles", std::move(roles)},
          {"primary", m.primary},
          {"referee", m.referee},
          {"response_mode", m.response_mode ? json::value(domain::ToString(*m.response_mode)) : json::value(nullptr)},
          {"disc_blend", domain::DiscBlend(m.attributes)},
          {"attributes", representation::AttributesToJson(m.attributes)}};
}

json::object CommitteeToJson(const service::CommitteeView& v) {
  const auto& c = v.committee;
  json::array members;
  for (const auto& m : c.members) members.emplace_back(MemberToJson(m));
  json::array missing;
  for (const auto& role : v.roles_missing) missing.emplace_back(role);
  return {{"referral_id", c.referral_id},
          {"program_id", c.program_id},
          {"version", c.version},
          {"recorded_at", c.version == 0 ? json::value(nullptr) : json::value(FormatTimestamp(c.recorded_at))},
          {"recorded_by", c.version == 0 ? json::value(nullptr) : json::value(c.recorded_by)},
          {"as_of", FormatTimestamp(v.as_of)},
          {"members", std::move(members)},
          {"roles_covered", v.roles_covered},
          {"roles_missing", std::move(missing)}};
}

json::object RowToJson(const domain::OutcomeRow& r) {
  return {{"value", r.value},
          {"referrals", r.referrals},
          {"won", r.won},
          {"lost", r.lost},
          {"open", r.referrals - r.won - r.lost},
          {"win_rate_bp", NumberOrNull(r.win_rate_bp)},
          {"median_days_to_won", NumberOrNull(r.median_days_to_won)}};
}

// GET /api/v1/referrals/{id}/committee?as_of=
Response GetCommittee(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"as_of"}); !known.ok()) return ErrorResponse(known.error(), request);
  auto as_of = AsOfFromQuery(request);
  if (!as_of.ok()) return ErrorResponse(as_of.error(), request);
  auto view = context.services.committees.Get(request.actor, request.Param("id"), *as_of);
  if (!view.ok()) return ErrorResponse(view.error(), request);
  return JsonReply(200, CommitteeToJson(*view));
}

// PUT /api/v1/referrals/{id}/committee {version?, members: [{email, first_name, last_name?, title?,
// roles?, primary?, response_mode?, attributes?}]}
Response PutCommittee(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kMoveReferrals); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  service::CommitteeInput input;
  input.version = reader.Integer("version");
  std::vector<domain::CommitteeMemberInput> members;
  if (reader.ObjectList("members", [&](ObjectReader& item, std::size_t) {
        domain::CommitteeMemberInput m;
        m.email = item.String("email");
        m.first_name = item.String("first_name");
        m.last_name = item.String("last_name");
        m.title = item.String("title");
        m.roles = item.StringList("roles");
        m.primary = item.Boolean("primary");
        m.response_mode = item.String("response_mode");
        m.attributes = item.Attributes("attributes");
        members.push_back(std::move(m));
      })) {
    input.members = std::move(members);
  }
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto recorded = context.services.committees.Put(request.actor, request.Param("id"), input);
  if (!recorded.ok()) return ErrorResponse(recorded.error(), request);
  return JsonReply(recorded->recorded ? 201 : 200, CommitteeToJson(recorded->view));
}

// POST /api/v1/referrals/{id}/committee/erase-personality {email}
Response PostErasePersonality(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManagePrograms); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto email = reader.String("email");
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  if (!email) return ErrorResponse(Error::InvalidField("email", "is required"), request);
  auto erased = context.services.committees.ErasePersonality(request.actor, request.Param("id"), *email);
  if (!erased.ok()) return ErrorResponse(erased.error(), request);
  return JsonReply(200, json::object{{"referral_id", request.Param("id")}, {"versions_changed", *erased}});
}

// GET /api/v1/reports/attribute-outcomes?program_id=&attribute=&from=&to=&as_of=
Response GetAttributeOutcomes(HandlerContext& context, Request& request) {
  auto program_id = ReportProgramId(request, {"program_id", "attribute", "from", "to", "as_of"});
  if (!program_id.ok()) return ErrorResponse(program_id.error(), request);
  service::OutcomeQuery query;
  query.program_id = std::move(*program_id);
  auto attribute = request.Query("attribute");
  if (!attribute) return ErrorResponse(Error::InvalidField("attribute", "is required"), request);
  auto parsed = service::ParseOutcomeAttribute(*attribute);
  if (!parsed) {
    return ErrorResponse(Error::InvalidField("attribute",
                                             "must be disc_primary, seniority, buying_style, roles_covered, "
                                             "advocate.disc_primary or advocate.seniority"),
                         request);
  }
  query.attribute = *parsed;
  auto range = RangeFromQuery(request);
  if (!range.ok()) return ErrorResponse(range.error(), request);
  query.from = range->from;
  query.to = range->before;
  auto as_of = AsOfFromQuery(request);
  if (!as_of.ok()) return ErrorResponse(as_of.error(), request);
  query.as_of = *as_of;
  auto report = context.services.committees.Outcomes(request.actor, query);
  if (!report.ok()) return ErrorResponse(report.error(), request);
  json::array rows;
  for (const auto& row : report->table.rows) rows.emplace_back(RowToJson(row));
  return JsonReply(200, json::object{{"program_id", query.program_id},
                                     {"attribute", service::ToString(report->attribute)},
                                     {"basis", "cohort"},
                                     {"from", TimeOrNull(report->from)},
                                     {"to", FormatTimestamp(report->to)},
                                     {"as_of", FormatTimestamp(report->as_of)},
                                     {"values", std::move(rows)},
                                     {"total", RowToJson(report->table.total)},
                                     {"method", kOutcomeMethod}});
}

}  // namespace

void AddCommitteeRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/referrals/{id}/committee", Access::kStaff, false, bind(GetCommittee)});
  router.Add({"PUT", "/api/v1/referrals/{id}/committee", Access::kStaff, false, bind(PutCommittee)});
  router.Add({"POST", "/api/v1/referrals/{id}/committee/erase-personality", Access::kStaff, false,
              bind(PostErasePersonality)});
  router.Add({"GET", "/api/v1/reports/attribute-outcomes", Access::kStaff, false, bind(GetAttributeOutcomes)});
}

}  // namespace bb::http

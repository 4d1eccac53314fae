// Referrals: submit (staff, API, the public landing-page form), list, read with history, the
// review queue, stage moves, review decisions, churn.

#include <boost/json.hpp>

#include <algorithm>
#include <array>

#include "common/time_format.h"
#include "domain/referral.h"
#include "http/handlers/csv_export.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"
#include "http/reward_representation.h"

namespace bb::http {

void ReadReferralFields(ObjectReader& reader, service::ReferralInput& input) {
  input.referee_present = reader.Object("referee", [&](ObjectReader& referee) {
    input.referee.email = referee.String("email");
    input.referee.first_name = referee.String("first_name");
    input.referee.last_name = referee.String("last_name");
    input.referee.company = referee.String("company");
    input.referee.title = referee.String("title");
    input.referee.phone = referee.String("phone");
  });
  input.product = reader.String("product");
  input.note = reader.String("note");
  input.channel = reader.String("channel");
}

namespace {

namespace json = boost::json;

Result<service::ReferralInput> ReadReferralInput(const Request& request) {
  BB_ASSIGN_OR_RETURN(json::object body, ParseJsonObject(request));
  ObjectReader reader(body);
  service::ReferralInput input;
  ReadReferralFields(reader, input);
  input.code = reader.String("code");
  input.advocate_id = reader.String("advocate_id");
  Status read = reader.Finish();
  if (!read.ok()) return MergeFieldErrors(std::move(read).error(), StatusOf(service::DraftReferral(input)));
  return input;
}

service::SubmissionOrigin OriginOf(HandlerContext& context, const Request& request) {
  return service::SubmissionOrigin{std::string(request.Cookie(kVisitorCookie)),
                                   context.services.links.HashIp(request.remote_ip),
                                   std::string(request.Cookie(kReferralCookie))};
}

Render<domain::Referral> RenderReferral(int status) {
  return [status](const domain::Referral& referral) {
    return service::StoredReply{status, json::serialize(ToJson(referral)),
                                status == 201 ? "/api/v1/referrals/" + referral.id : ""};
  };
}

Render<service::ReferralDetail> RenderDetail() {
  return [](const service::ReferralDetail& detail) {
    return service::StoredReply{200, json::serialize(ToJson(detail)), ""};
  };
}

Response Submit(HandlerContext& context, Request& request) {
  auto input = ReadReferralInput(request);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  auto render = RenderReferral(201);
  return Reply(context, request,
               context.services.referrals.Submit(request.actor, *input, OriginOf(context, request),
                                                 IdempotentFor(request, render)),
               render);
}

Response SubmitPublic(HandlerContext& context, Request& request) {
  auto input = ReadReferralInput(request);
  if (!input.ok()) return ErrorResponse(input.error(), request);
  // The public answer says only what the visitor sent and that it was received: the review's
  // findings and the advocate's identity stay with staff.
  Render<domain::Referral> render = [](const domain::Referral& referral) {
    return service::StoredReply{201,
                                json::serialize(json::object{{"id", referral.id},
                                                             {"status", "received"},
                                                             {"referee_email", referral.referee.email},
                                                             {"code", referral.code}}),
                                ""};
  };
  return Reply(context, request,
               context.services.referrals.SubmitFromLandingPage(
                   request.Param("slug"), *input, OriginOf(context, request), IdempotentFor(request, render)),
               render);
}

Result<service::ReferralFilter> FilterFromQuery(const Request& request) {
  service::ReferralFilter filter;
  std::vector<FieldError> errors;
  for (const auto& [name, value] : request.query) {
    if (name == "limit" || name == "cursor") continue;
    if (name == "program_id") {
      filter.program_id = value;
    } else if (name == "advocate_id") {
      filter.advocate_id = value;
    } else if (name == "stage") {
      filter.stage = domain::ParseReferralStage(value);
      if (!filter.stage)
        errors.push_back({"stage", "must be one of submitted, qualified, opportunity, won, lost, rejected"});
    } else if (name == "review_status") {
      filter.review_status = domain::ParseReviewStatus(value);
      if (!filter.review_status) errors.push_back({"review_status", "must be one of clear, held, duplicate"});
    } else {
      errors.push_back({name, "is not a known query parameter"});
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return filter;
}

Response RenderPage(const Result<service::PageOf<domain::Referral>>& page, const Request& request) {
  if (!page.ok()) return ErrorResponse(page.error(), request);
  json::array data;
  for (const auto& referral : page->items) data.push_back(ToJson(referral));
  return JsonReply(200, PageToJson(std::move(data), page->next_cursor));
}

Response ListReferrals(HandlerContext& context, Request& request) {
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  auto filter = FilterFromQuery(request);
  if (!filter.ok()) return ErrorResponse(filter.error(), request);
  return RenderPage(context.services.referrals.List(request.actor, *filter, *page), request);
}

// Referrals as CSV with the filters of their list, newest first, streamed (see csv_export.h), each
// with its history flattened: when it first reached each stage (empty for a stage it never
// reached), from its history entries, and how many entries it has.
Response ExportReferrals(HandlerContext& context, Request& request) {
  if (Status paging = NoPagingParameters(request); !paging.ok()) return ErrorResponse(paging.error(), request);
  auto filter = FilterFromQuery(request);
  if (!filter.ok()) return ErrorResponse(filter.error(), request);
  static constexpr std::array<domain::ReferralStage, 5> kReached = {
      domain::ReferralStage::kQualified, domain::ReferralStage::kOpportunity, domain::ReferralStage::kWon,
      domain::ReferralStage::kLost, domain::ReferralStage::kRejected};
  return CsvExport<domain::Referral>(
      request, "referrals.csv",
      {"id",
       "program_id",
       "advocate_id",
       "code",
       "source",
       "channel",
       "referee_email",
       "referee_first_name",
       "referee_last_name",
       "referee_company",
       "referee_title",
       "referee_phone",
       "product",
       "stage",
       "review_status",
       "deal_value_minor",
       "deal_currency",
       "external_id",
       "created_at",
       "updated_at",
       "qualified_at",
       "opportunity_at",
       "won_at",
       "lost_at",
       "rejected_at",
       "history_entries"},
      {false, false, false, false, false, false, false, false, false, false, false, false, false,
       false, false, true,  false, false, false, false, false, false, false, false, false, true},
      context.services.cursor_key,
      [&context, actor = request.actor, filter = *filter](const service::Page& page) {
        return context.services.referrals.List(actor, filter, page);
      },
      [&context, actor = request.actor](const domain::Referral& r) -> Result<std::vector<std::string>> {
        BB_ASSIGN_OR_RETURN(auto detail, context.services.referrals.Get(actor, r.id));
        std::vector<std::string> cells{r.id,
                                       r.program_id,
                                       r.advocate_id,
                                       r.code,
                                       std::string(domain::ToString(r.source)),
                                       r.channel,
                                       r.referee.email,
                                       r.referee.first_name,
                                       r.referee.last_name,
                                       r.referee.company,
                                       r.referee.title,
                                       r.referee.phone,
                                       r.product,
                                       std::string(domain::ToString(r.stage)),
                                       std::string(domain::ToString(r.review_status)),
                                       r.deal_value_minor ? std::to_string(*r.deal_value_minor) : "",
                                       r.deal_currency,
                                       r.external_id,
                                       FormatTimestamp(r.created_at),
                                       FormatTimestamp(r.updated_at)};
        for (domain::ReferralStage stage : kReached) {
          auto entry = std::find_if(detail.history.begin(), detail.history.end(), [&](const domain::ReferralEvent& e) {
            return std::find(e.reached.begin(), e.reached.end(), stage) != e.reached.end();
          });
          cells.push_back(entry == detail.history.end() ? "" : FormatTimestamp(entry->at));
        }
        cells.push_back(std::to_string(detail.history.size()));
        return cells;
      });
}

Response ReviewQueue(HandlerContext& context, Request& request) {
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  return RenderPage(context.services.referrals.ReviewQueue(request.actor, request.Param("id"), *page), request);
}

Response GetReferral(HandlerContext& context, Request& request) {
  auto detail = context.services.referrals.Get(request.actor, request.Param("id"));
  if (!detail.ok()) return ErrorResponse(detail.error(), request);
  return JsonReply(200, ToJson(*detail));
}

Response MoveStage(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  service::StageMoveInput input;
  input.stage = reader.String("stage");
  input.deal_value_minor = reader.Integer("deal_value_minor");
  input.external_id = reader.String("external_id");
  input.note = reader.String("note");
  Status read = reader.Finish();
  if (!read.ok()) {
    return ErrorResponse(MergeFieldErrors(std::move(read).error(), service::CheckStageMove(input)), request);
  }
  Render<service::StageMoveResult> render = [](const service::StageMoveResult& result) {
    return service::StoredReply{200, json::serialize(ToJson(result)), ""};
  };
  return Reply(
      context, request,
      context.services.referrals.MoveStage(request.actor, request.Param("id"), input, IdempotentFor(request, render)),
      render);
}

Response CorrectDealValue(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  service::DealValueCorrection input{reader.Integer("deal_value_minor"), reader.String("reason")};
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  auto render = RenderDetail();
  return Reply(context, request,
               context.services.referrals.CorrectDealValue(request.actor, request.Param("id"), input,
                                                           IdempotentFor(request, render)),
               render);
}

// {"note": "..."}: `required` says whether the note must be there.
Result<std::string> ReadNote(const Request& request, bool required) {
  BB_ASSIGN_OR_RETURN(json::object body, ParseJsonObject(request, !required));
  ObjectReader reader(body);
  auto note = reader.String("note");
  Status read = reader.Finish();
  if (!read.ok()) return std::move(read).error();
  if (!note && required) return Error::InvalidField("note", "is required: say why");
  return note.value_or("");
}

using Decision = Result<service::ReferralDetail> (service::ReferralService::*)(
    const domain::Actor&, std::string_view, std::string_view, const service::Idempotent<service::ReferralDetail>&);

Handler DecisionHandler(HandlerContext& context, Decision decision, bool note_required) {
  return [&context, decision, note_required](Request& request) {
    auto note = ReadNote(request, note_required);
    if (!note.ok()) return ErrorResponse(note.error(), request);
    auto render = RenderDetail();
    return Reply(context, request,
                 (context.services.referrals.*decision)(request.actor, request.Param("id"), *note,
                                                        IdempotentFor(request, render)),
                 render);
  };
}

}  // namespace

void AddReferralRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"POST", "/api/v1/referrals", Access::kStaff, false, bind(Submit)});
  router.Add({"GET", "/api/v1/referrals", Access::kStaff, false, bind(ListReferrals)});
  router.Add({"GET", "/api/v1/exports/referrals.csv", Access::kStaff, false, bind(ExportReferrals)});
  router.Add({"GET", "/api/v1/referrals/{id}", Access::kStaff, false, bind(GetReferral)});
  router.Add({"POST", "/api/v1/referrals/{id}/stage", Access::kStaff, false, bind(MoveStage)});
  router.Add({"POST", "/api/v1/referrals/{id}/clear", Access::kStaff, false,
              DecisionHandler(context, &service::ReferralService::Clear, true)});
  router.Add({"POST", "/api/v1/referrals/{id}/reject", Access::kStaff, false,
              DecisionHandler(context, &service::ReferralService::Reject, true)});
  router.Add({"POST", "/api/v1/referrals/{id}/churn", Access::kStaff, false,
              DecisionHandler(context, &service::ReferralService::RecordChurn, false)});
  router.Add({"POST", "/api/v1/referrals/{id}/deal-value", Access::kStaff, false, bind(CorrectDealValue)});
  router.Add({"GET", "/api/v1/programs/{id}/review-queue", Access::kStaff, false, bind(ReviewQueue)});
  router.Add({"POST", "/api/v1/public/programs/{slug}/referrals", Access::kPublic, true, bind(SubmitPublic)});
}

}  // namespace bb::http

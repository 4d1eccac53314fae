#pragma once
// Route tables of the API, one function per resource family, and the helpers their handlers
// share. Handlers parse the request, call one use case and render its result; they never touch
// storage.

#include <boost/json/value.hpp>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "http/api.h"
#include "http/json_body.h"
#include "http/message.h"
#include "http/problem.h"
#include "http/router.h"
#include "service/idempotency.h"
#include "service/program_service.h"
#include "service/referral_service.h"

namespace bb::http {

void AddSystemRoutes(Router& router, HandlerContext& context);
void AddLinkRoutes(Router& router, HandlerContext& context);
void AddAccountRoutes(Router& router, HandlerContext& context);
void AddProgramRoutes(Router& router, HandlerContext& context);
void AddAdvocateRoutes(Router& router, HandlerContext& context);
void AddReferralRoutes(Router& router, HandlerContext& context);
void AddRewardRoutes(Router& router, HandlerContext& context);
void AddPortalRoutes(Router& router, HandlerContext& context);
void AddAuditRoutes(Router& router, HandlerContext& context);
void AddWebhookRoutes(Router& router, HandlerContext& context);
void AddConnectorRoutes(Router& router, HandlerContext& context);
void AddEmailRoutes(Router& router, HandlerContext& context);
void AddEmailTemplateRoutes(Router& router, HandlerContext& context);
void AddCampaignRoutes(Router& router, HandlerContext& context);
void AddImportRoutes(Router& router, HandlerContext& context);
void AddRoiRoutes(Router& router, HandlerContext& context);
void AddReportRoutes(Router& router, HandlerContext& context);
void AddCustomerReportRoutes(Router& router, HandlerContext& context);
void AddNpsRoutes(Router& router, HandlerContext& context);
void AddPointsRoutes(Router& router, HandlerContext& context);
void AddCatalogRoutes(Router& router, HandlerContext& context);
void AddChallengeRoutes(Router& router, HandlerContext& context);
void AddSegmentRoutes(Router& router, HandlerContext& context);
void AddProgramLanguageRoutes(Router& router, HandlerContext& context);
void AddLifecycleRoutes(Router& router, HandlerContext& context);
void AddScoringRoutes(Router& router, HandlerContext& context);
void AddCustomerValueRoutes(Router& router, HandlerContext& context);
void AddCommitteeRoutes(Router& router, HandlerContext& context);
void AddCreditRoutes(Router& router, HandlerContext& context);
void AddHappinessRoutes(Router& router, HandlerContext& context);
void AddProgramMonthRoutes(Router& router, HandlerContext& context);

// A Set-Cookie value for a session cookie (Path=/, SameSite=Lax; HttpOnly unless the page must read
// it, as it must the CSRF token; Secure when the public base URL is https). max_age 0 clears it.
std::string SessionCookie(std::string_view name, std::string_view value, long max_age, bool http_only, bool secure);

// Adds the portal session's two cookies (bb_portal, bb_portal_csrf) and Cache-Control: no-store.
void SetPortalSessionCookies(const HandlerContext& context, Response& response, const service::PortalGrant& grant);

// Reads a referral's own fields (referee, product, note, channel) into `input`; the caller reads
// the attribution fields its route allows.
void ReadReferralFields(ObjectReader& reader, service::ReferralInput& input);

// A JSON response with `value` serialized.
Response JsonReply(int status, const boost::json::value& value);
// The response for a recorded (or just rendered) reply.
Response FromStoredReply(const service::StoredReply& reply);

// How a use case's result becomes a reply: status, JSON body and Location.
template <class T>
using Render = std::function<service::StoredReply(const T&)>;

template <class T>
service::Idempotent<T> IdempotentFor(const Request& request, const Render<T>& render) {
  return service::Idempotent<T>{request.idempotency, render};
}

// Answers a use case's result. When a concurrent request with the same Idempotency-Key won, the
// winner's recorded reply is replayed instead of the conflict.
Response ReplyForWrite(HandlerContext& context, const Request& request, const Error& error);
template <class T>
Response Reply(HandlerContext& context, const Request& request, const Result<T>& result, const Render<T>& render) {
  if (!result.ok()) return ReplyForWrite(context, request, result.error());
  return FromStoredReply(render(*result));
}

// `read` holds the errors of reading a body (wrong types, unknown fields); `check` is the domain's
// validation of what could be read. The result names every bad field once, so a client learns
// about all of them in one round: read errors first, then domain errors for the other fields (a
// domain error on a field that contains, or is inside, a field named already is dropped).
Error MergeFieldErrors(Error read, const Status& check);

// `text` as a whole number of one to four digits (a query parameter such as limit); nullopt for
// anything else: a sign, a space, more digits.
std::optional<int> ParseSmallWholeNumber(std::string_view text);
// A whole number of at most 18 digits (no sign, no spaces); nullopt for anything else.
std::optional<std::int64_t> ParseWholeNumber(std::string_view text);
// limit and cursor from the query string (limit defaults to 50); the page's list is the path and
// the other query parameters, so a cursor works only for the list it came from.
Result<service::Page> PageFromQuery(const HandlerContext& context, const Request& request);
// Ok when every query parameter of `request` is one of `known`; otherwise kInvalidArgument naming
// the first other one ("is not a known query parameter").
Status OnlyQueryParameters(const Request& request, std::initializer_list<std::string_view> known);
// The program of a report's request: kPermissionDenied when the actor may not read analytics
// (told before anything else), kInvalidArgument naming a query parameter not in `known` or a
// missing "program_id"; otherwise the program id (not yet looked up).
Result<std::string> ReportProgramId(const Request& request, std::initializer_list<std::string_view> known);
// as_of from the query string, an RFC 3339 date or date-time; nullopt when absent. kInvalidArgument
// naming "as_of" when it cannot be read.
Result<std::optional<Timestamp>> AsOfFromQuery(const Request& request);
// version from the query string: nullopt when absent (the latest), else a whole number (0: what
// applies when none is published, `zero_is`). kInvalidArgument naming "version" otherwise.
Result<std::optional<std::int64_t>> VersionFromQuery(const Request& request, std::string_view zero_is);
// from and to (exclusive) from the query string, each an RFC 3339 date or date-time; either may be
// absent. kInvalidArgument naming each unreadable one, and "to" when it is before from.
Result<domain::TimeRange> RangeFromQuery(const Request& request);

}  // namespace bb::http

// GET /r/{code}: the tracked link.

#include <chrono>

#include "http/handlers/handlers.h"

namespace bb::http {
namespace {

constexpr auto kVisitorCookieLifetime = std::chrono::days(730);

std::string Cookie(std::string_view name, std::string_view value, std::chrono::seconds max_age, bool secure) {
  std::string cookie(name);
  cookie += '=';
  cookie += value;
  cookie += "; Path=/; Max-Age=" + std::to_string(max_age.count()) + "; HttpOnly; SameSite=Lax";
  if (secure) cookie += "; Secure";
  return cookie;
}

std::string Page(std::string_view title, std::string_view message) {
  std::string html = R"(<!doctype html><html lang="en"><head><meta charset="utf-8">)"
                     R"(<meta name="viewport" content="width=device-width, initial-scale=1"><title>)";
  html += title;
  html += R"(</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;)"
          R"(color:#1f2937;line-height:1.5}h1{font-size:1.5rem}</style></head><body><h1>)";
  html += title;
  html += "</h1><p>";
  html += message;
  html += "</p></body></html>\n";
  return html;
}

// The answer for a link outcome (or for a storage failure: nothing was recorded, so no redirect).
Response LinkResponse(const HandlerContext& context, const Result<service::LinkOutcome>& outcome) {
  if (!outcome.ok()) {
    return Response::Html(
               503, Page("Please try again", "This link could not be followed just now. Reload the page in a moment."))
        .With("Retry-After", "1")
        .With("Cache-Control", "no-store");
  }
  using Kind = service::LinkOutcome::Kind;
  switch (outcome->kind) {
    case Kind::kUnknown:
      return Response::Html(404, Page("Link not found",
                                      "This referral link does not exist. Check that it was copied completely, or "
                                      "ask the person who shared it for a new one."))
          .With("Cache-Control", "no-store");
    case Kind::kGone:
      return Response::Html(410, Page("This program has ended",
                                      "The referral program behind this link is closed. Thank you for your interest."))
          .With("Cache-Control", "no-store");
    case Kind::kPlain:
    case Kind::kPreview: return Response::Redirect(302, outcome->location).With("Cache-Control", "no-store");
    case Kind::kAttributed: break;
  }
  Response response = Response::Redirect(302, outcome->location);
  response.With("Cache-Control", "no-store");
  response.With("Referrer-Policy", "strict-origin-when-cross-origin");
  if (outcome->new_visitor) {
    response.With("Set-Cookie",
                  Cookie(kVisitorCookie, outcome->visitor_id, kVisitorCookieLifetime, context.secure_cookies));
  }
  response.With("Set-Cookie", Cookie(kReferralCookie, outcome->code,
                                     std::chrono::duration_cast<std::chrono::seconds>(outcome->attribution_ttl),
                                     context.secure_cookies));
  return response;
}

}  // namespace

void AddLinkRoutes(Router& router, HandlerContext& context) {
  Route route{"GET", "/r/{code}", Access::kPublic, false, nullptr, nullptr};
  route.async_handler = [&context](Request& request, Respond respond) {
    service::LinkVisit visit;
    visit.code = std::string(request.Param("code"));
    visit.channel = std::string(request.Query("c").value_or(""));
    visit.visitor_id = std::string(request.Cookie(kVisitorCookie));
    visit.client_ip = request.remote_ip;
    visit.user_agent = std::string(request.Header("user-agent"));
    visit.referrer = std::string(request.Header("referer"));
    visit.record = request.method != "HEAD";
    context.services.links.Follow(std::move(visit),
                                  [&context, respond = std::move(respond)](Result<service::LinkOutcome> outcome) {
                                    respond(LinkResponse(context, outcome));
                                  });
  };
  router.Add(std::move(route));
}

}  // namespace bb::http

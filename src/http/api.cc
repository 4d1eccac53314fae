#include "http/api.h"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include <cctype>
#include <chrono>
#include <exception>
#include <optional>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/problem.h"

namespace bb::http {
namespace {

bool IsUnsafe(std::string_view method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

// The credentials of an "Authorization: Bearer <token>" header, the scheme in any case (RFC 9110
// §11.1), or nullopt for another scheme.
std::optional<std::string_view> BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return std::nullopt;
  }
  std::string_view rest = authorization.substr(kScheme.size());
  if (rest.front() != ' ') return std::nullopt;
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return rest;
}

bool IsValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

bool IsValidIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > 255) return false;
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

Api::Api(service::Services& services, MetricsRegistry& metrics, ApiOptions options,
         std::shared_ptr<spdlog::logger> access_log)
    : services_(services),
      metrics_(metrics),
      options_(std::move(options)),
      access_log_(std::move(access_log)),
      context_{services, metrics, LinkBase{options_.public_base_url},
               options_.public_base_url.rfind("https://", 0) == 0, draining_} {
  while (!context_.links.public_base_url.empty() && context_.links.public_base_url.back() == '/') {
    context_.links.public_base_url.pop_back();
  }
  AddLinkRoutes(router_, context_);
  AddSystemRoutes(router_, context_);
  AddAccountRoutes(router_, context_);
  AddProgramRoutes(router_, context_);
  AddRoiRoutes(router_, context_);
  AddReportRoutes(router_, context_);
  AddCustomerReportRoutes(router_, context_);
  AddNpsRoutes(router_, context_);
  AddPointsRoutes(router_, context_);
  AddCatalogRoutes(router_, context_);
  AddChallengeRoutes(router_, context_);
  AddSegmentRoutes(router_, context_);
  AddProgramLanguageRoutes(router_, context_);
  AddLifecycleRoutes(router_, context_);
  AddScoringRoutes(router_, context_);
  AddCustomerValueRoutes(router_, context_);
  AddCommitteeRoutes(router_, context_);
  AddCreditRoutes(router_, context_);
  AddHappinessRoutes(router_, context_);
  AddProgramMonthRoutes(router_, context_);
  AddAdvocateRoutes(router_, context_);
  AddReferralRoutes(router_, context_);
  AddRewardRoutes(router_, context_);
  AddPortalRoutes(router_, context_);
  AddAuditRoutes(router_, context_);
  AddWebhookRoutes(router_, context_);
  AddConnectorRoutes(router_, context_);
  AddEmailRoutes(router_, context_);
  AddEmailTemplateRoutes(router_, context_);
  AddCampaignRoutes(router_, context_);
  AddImportRoutes(router_, context_);

  auto add_metrics = [&](const std::string& route) {
    RouteMetrics m{};
    const char* classes[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    for (int i = 0; i < 5; ++i) {
      m.by_class[i] =
          &metrics_.GetCounter("bluebird_http_requests_total", "HTTP requests answered, by route and status class",
                               {{"route", route}, {"code", classes[i]}});
    }
    m.latency = &metrics_.GetHistogram("bluebird_http_request_duration_seconds", "Time to answer a request, by route",
                                       LatencyBuckets(), {{"route", route}});
    route_metrics_.push_back(m);
  };
  for (const auto& route : router_.routes()) add_metrics(route.method + " " + route.pattern);
  add_metrics("unmatched");
  add_metrics("web");
}

void Api::Handle(Request request_in, Respond respond, const BlockingRunner& run_blocking) {
  auto started = std::chrono::steady_clock::now();
  auto request = std::make_shared<Request>(std::move(request_in));
  Identify(*request);
  auto match = std::make_shared<Router::Match>(router_.Find(request->method, request->path));
  bool found = match->kind == Router::Match::Kind::kFound;
  std::optional<Response> page;
  if (match->kind == Router::Match::Kind::kNoPath && (request->method == "GET" || request->method == "HEAD")) {
    page = web_.Serve(request->path, request->Header("if-none-match"));
  }
  std::size_t route_index = found ? match->index : router_.routes().size() + (page ? 1 : 0);
  auto finish = [this, request, started, route_index, respond = std::move(respond)](Response response) {
    response.With("X-Request-Id", request->request_id);
    Observe(*request, response, route_index,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    respond(std::move(response));
  };
  auto fail = [this, request](const std::exception& e) {
    spdlog::error("request {} failed: {}", request->request_id, e.what());
    return ErrorResponse(Error::Internal(e.what()), *request);
  };

  if (found && router_.routes()[match->index].async_handler) {
    request->params = std::move(match->params);
    try {
      router_.routes()[match->index].async_handler(*request, finish);
    } catch (const std::exception& e) {
      finish(fail(e));
    }
    return;
  }
  if (page) return finish(std::move(*page));
  if (!found) return finish(Dispatch(*request, *match));
  run_blocking([this, request, match, finish, fail] {
    Response response;
    try {
      response = Dispatch(*request, *match);
    } catch (const std::exception& e) {
      response = fail(e);
    }
    finish(std::move(response));
  });
}

Response Api::Dispatch(Request& request, const Router::Match& match) {
  if (match.kind == Router::Match::Kind::kNoPath) {
    return ProblemResponse(404, "not-found", "Not found", "There is nothing at this path.", request);
  }
  if (match.kind == Router::Match::Kind::kNoMethod) {
    return ProblemResponse(405, "method-not-allowed", "Method not allowed", "This path answers " + match.allowed + ".",
                           request)
        .With("Allow", match.allowed);
  }
  const Route& route = router_.routes()[match.index];
  request.params = match.params;

  // Public routes never read credentials: a stale session cookie must not stand in the way of
  // signing in again or of a public form.
  if (route.access == Access::kStaff) {
    std::string_view authorization = request.Header("authorization");
    if (!authorization.empty()) {
      auto token = BearerToken(authorization);
      if (!token) {
        return ErrorResponse(Error(ErrorCode::kUnauthenticated, "Send the API key as 'Authorization: Bearer <key>'."),
                             request);
      }
      auto actor = services_.auth.AuthenticateApiKey(*token);
      if (!actor.ok()) return ErrorResponse(actor.error(), request);
      request.actor = std::move(*actor);
    } else if (std::string_view token = request.Cookie(kSessionCookie); !token.empty()) {
      auto identity = services_.auth.AuthenticateSession(token);
      if (identity.ok()) {
        if (IsUnsafe(request.method)) {
          Status csrf = service::AuthService::CheckCsrf(*identity, request.Header("x-csrf-token"));
          if (!csrf.ok()) return ErrorResponse(csrf.error(), request);
        }
        request.actor = std::move(identity->actor);
      } else {
        return ErrorResponse(identity.error(), request);
      }
    }
  }
  if (route.access == Access::kAdvocate) {
    std::string_view token = request.Cookie(kPortalCookie);
    if (token.empty()) {
      return ErrorResponse(Error(ErrorCode::kUnauthenticated, "Sign in to the portal with your sign-in link."),
                           request);
    }
    auto identity = services_.portal.Authenticate(token);
    if (!identity.ok()) return ErrorResponse(identity.error(), request);
    if (IsUnsafe(request.method)) {
      Status csrf = service::AuthService::CheckCsrf(*identity, request.Header("x-csrf-token"));
      if (!csrf.ok()) return ErrorResponse(csrf.error(), request);
    }
    request.actor = std::move(identity->actor);
  }
  if (route.access == Access::kStaff && !request.actor.IsStaff()) {
    return ErrorResponse(Error(ErrorCode::kUnauthenticated, "Sign in or send an API key."), request);
  }
  if (request.actor.IsStaff()) request.actor.address_hash = services_.links.HashIp(request.remote_ip);
  if (route.rate_limited) {
    auto wait = services_.public_limiter.Acquire({"public:" + services_.links.HashIp(request.remote_ip)});
    if (!wait.ok()) return ErrorResponse(wait.error(), request);
    if (*wait > 0) {
      return ErrorResponse(
          Error(ErrorCode::kTooManyRequests, "Too many requests from this address; wait and try again.")
              .WithRetryAfter(*wait),
          request);
    }
  }
  if (request.method == "POST" && !request.Header("idempotency-key").empty()) {
    return RunWithIdempotency(route, request);
  }
  return route.handler(request);
}

Response Api::RunWithIdempotency(const Route& route, Request& request) {
  std::string key(request.Header("idempotency-key"));
  if (!IsValidIdempotencyKey(key)) {
    return ErrorResponse(
        Error::InvalidField(std::string(service::Idempotency::kField), "must be 1-255 visible ASCII characters"),
        request);
  }
  std::string scope = request.actor.IsStaff() || request.actor.IsAdvocate()
                          ? request.actor.id
                          : "anon:" + services_.links.HashIp(request.remote_ip);
  auto claim =
      service::Idempotency::MakeClaim(std::move(scope), std::move(key), request.method, request.target, request.body);
  auto recorded = services_.idempotency.Lookup(claim);
  if (!recorded.ok()) return ErrorResponse(recorded.error(), request);
  if (*recorded) return FromStoredReply(**recorded).With("Idempotent-Replayed", "true");
  request.idempotency = std::move(claim);
  return route.handler(request);
}

void Api::Identify(Request& request) const {
  std::string_view given_id = request.Header("x-request-id");
  request.request_id = IsValidRequestId(given_id) ? std::string(given_id) : services_.ids.New("req");
}

Response Api::AnswerEarly(const Request& request, Response response) {
  response.With("X-Request-Id", request.request_id);
  Observe(request, response, router_.routes().size(), 0.0);
  return response;
}

void Api::Observe(const Request& request, const Response& response, std::size_t route_index, double seconds) {
  const RouteMetrics& m = route_metrics_[route_index];
  int status_class = std::clamp(response.status / 100, 1, 5) - 1;
  m.by_class[status_class]->Add();
  m.latency->Observe(seconds);
  if (!access_log_) return;
  const std::string route = route_index < router_.routes().size()
                                ? router_.routes()[route_index].method + " " + router_.routes()[route_index].pattern
                                : "unmatched";
  boost::json::object line{
      {"ts", FormatTimestamp(services_.clock.Now())},
      {"request_id", request.request_id},
      {"method", request.method},
      {"path", request.path},
      {"route", route},
      {"status", response.status},
      {"duration_ms", seconds * 1000.0},
      {"bytes", response.body.size()},
      {"actor", request.actor.id},
  };
  access_log_->info(boost::json::serialize(line));
}

}  // namespace bb::http

#pragma once
// The application behind the HTTP server: routing plus what every request goes through —
// request ids, authentication (API key or session cookie), CSRF protection for cookie sessions,
// rate limits on public forms, Idempotency-Key replay for POST, metrics and the access log; and
// the browser pages (WebApp) for GET paths no route answers.
//
// Thread-safety: Handle may be called from any number of threads at once.

#include <spdlog/logger.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/metrics.h"
#include "http/message.h"
#include "http/representation.h"
#include "http/router.h"
#include "http/web_app.h"
#include "service/services.h"

namespace bb::http {

struct ApiOptions {
  std::string public_base_url = "http://localhost:8080";  // where links and cookies point
  bool trust_proxy = false;                               // take the client address from X-Forwarded-For
};

// Shared by the handlers of every route.
struct HandlerContext {
  service::Services& services;
  MetricsRegistry& metrics;
  LinkBase links;
  bool secure_cookies = false;  // public_base_url is https
  std::atomic<bool>& draining;
};

inline constexpr std::string_view kSessionCookie = "bb_session";
inline constexpr std::string_view kCsrfCookie = "bb_csrf";
inline constexpr std::string_view kPortalCookie = "bb_portal";
inline constexpr std::string_view kPortalCsrfCookie = "bb_portal_csrf";
inline constexpr std::string_view kVisitorCookie = "bb_vid";
inline constexpr std::string_view kReferralCookie = "bb_ref";

class Api {
 public:
  // `access_log` may be null (no access log).
  Api(service::Services& services, MetricsRegistry& metrics, ApiOptions options,
      std::shared_ptr<spdlog::logger> access_log);

  // Runs a task on a thread that may block (the server's worker pool).
  using BlockingRunner = std::function<void(std::function<void()>)>;

  // Answers one request through `respond`, exactly once, from whichever thread finishes it:
  // blocking handlers are handed to `run_blocking`; asynchronous ones run here. Never throws:
  // failures become problem responses.
  void Handle(Request request, Respond respond, const BlockingRunner& run_blocking);

  // While draining, /readyz answers 503 so load balancers stop sending traffic.
  void SetDraining(bool draining) { draining_.store(draining); }

  const Router& router() const { return router_; }

  // For a request refused before it could be read in full (`request` holds what was read: method,
  // path, headers): sets its id as for every request, the caller's valid X-Request-Id or a fresh one.
  void Identify(Request& request) const;
  // `response` to such a request, with its X-Request-Id, counted and written to the access log
  // like every answer (route "unmatched"). Thread-safe.
  Response AnswerEarly(const Request& request, Response response);

 private:
  struct RouteMetrics {
    Counter* by_class[5];
    Histogram* latency;
  };
  // Authenticates, authorizes and runs a blocking route (or answers 404/405).
  Response Dispatch(Request& request, const Router::Match& match);
  Response RunWithIdempotency(const Route& route, Request& request);
  void Observe(const Request& request, const Response& response, std::size_t route_index, double seconds);

  service::Services& services_;
  MetricsRegistry& metrics_;
  ApiOptions options_;
  std::shared_ptr<spdlog::logger> access_log_;
  std::atomic<bool> draining_{false};
  HandlerContext context_;
  Router router_;
  WebApp web_;
  std::vector<RouteMetrics> route_metrics_;  // one per route, plus one for unmatched requests
};

}  // namespace bb::http

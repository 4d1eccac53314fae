#include "http/problem.h"

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

namespace bb::http {
namespace {

struct Kind {
  const char* slug;
  const char* title;
};

Kind KindFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return {"validation", "Some fields are invalid"};
    case ErrorCode::kMalformed: return {"malformed-request", "The request could not be read"};
    case ErrorCode::kNotFound: return {"not-found", "Not found"};
    case ErrorCode::kConflict: return {"conflict", "The request conflicts with the current state"};
    case ErrorCode::kUnauthenticated: return {"unauthenticated", "Authentication required"};
    case ErrorCode::kPermissionDenied: return {"forbidden", "Not allowed"};
    case ErrorCode::kTooManyRequests: return {"rate-limited", "Too many requests"};
    case ErrorCode::kUnavailable: return {"unavailable", "Temporarily unavailable"};
    case ErrorCode::kOutOfRange: return {"figure-out-of-range", "A figure is too large to show"};
    case ErrorCode::kInternal: return {"internal", "Internal error"};
  }
  return {"internal", "Internal error"};
}

}  // namespace

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 422;
    case ErrorCode::kMalformed: return 400;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kTooManyRequests: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kOutOfRange: return 422;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

Response ProblemResponse(int status, std::string_view slug, std::string_view title, std::string_view detail,
                         const Request& request, const std::vector<FieldError>& fields) {
  boost::json::object body;
  body["type"] = "/problems/" + std::string(slug);
  body["title"] = title;
  body["status"] = status;
  body["detail"] = detail;
  body["instance"] = request.path;
  if (!request.request_id.empty()) body["request_id"] = request.request_id;
  if (!fields.empty()) {
    boost::json::array errors;
    for (const auto& field : fields) errors.push_back({{"field", field.field}, {"message", field.message}});
    body["errors"] = std::move(errors);
  }
  Response response;
  response.status = status;
  response.body = boost::json::serialize(body);
  response.headers.emplace_back("Content-Type", "application/problem+json");
  return response;
}

Response ErrorResponse(const Error& error, const Request& request) {
  Kind kind = KindFor(error.code());
  int status = StatusFor(error.code());
  std::string detail = error.message();
  if (error.code() == ErrorCode::kInternal || error.code() == ErrorCode::kUnavailable) {
    // Storage and internal messages are for operators, not clients.
    spdlog::warn("request {} answered {}: {}", request.request_id, status, error.message());
    detail = error.code() == ErrorCode::kInternal ? "An unexpected error occurred; it has been logged."
                                                  : "The service is temporarily unavailable; try again shortly.";
  }
  Response response = ProblemResponse(status, kind.slug, kind.title, detail, request, error.fields());
  if (error.code() == ErrorCode::kUnauthenticated) response.With("WWW-Authenticate", "Bearer realm=\"bluebird\"");
  if (error.retry_after_seconds() > 0) response.With("Retry-After", std::to_string(error.retry_after_seconds()));
  return response;
}

}  // namespace bb::http

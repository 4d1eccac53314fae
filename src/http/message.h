#pragma once
// The HTTP request and response as handlers see them: plain values, independent of Beast.
// The server (http/server.cc) converts to and from the wire.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "domain/access.h"
#include "service/idempotency.h"

namespace bb::http {

struct Request {
  std::string method;                                        // "GET", "POST", ...
  std::string target;                                        // as received: path and query
  std::string path;                                          // percent-decoded path
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string remote_ip;  // the peer's address (or the forwarded one behind a trusted proxy)

  // Filled in by the dispatcher before the handler runs.
  std::map<std::string, std::string, std::less<>> params;  // path parameters, e.g. "id"
  domain::Actor actor;
  std::string request_id;
  std::optional<service::IdempotencyClaim> idempotency;  // POST with an Idempotency-Key

  // The first value of a header (name in lower case), or "".
  std::string_view Header(std::string_view lower_name) const;
  // The first value of a query parameter, or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;
  // The value of a cookie, or "".
  std::string_view Cookie(std::string_view name) const;
  std::string_view Param(std::string_view name) const;
};

// A body made part by part, for answers too large to hold (exports): each call appends the next
// part to `out` and returns whether more follows. The server calls it on a worker thread, one call
// at a time, until it returns false; a failure ends the answer mid-body (the connection is closed,
// so the client sees an incomplete answer, never a short one that looks whole).
using BodyStream = std::function<Result<bool>(std::string& out)>;

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, the body: sent chunked to HTTP/1.1 clients (to HTTP/1.0 ones, until the connection
  // closes); `body` is then ignored.
  BodyStream stream;

  Response& With(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  static Response Json(int status, std::string body);
  static Response Html(int status, std::string body);
  static Response Text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response Redirect(int status, std::string location);
};

}  // namespace bb::http

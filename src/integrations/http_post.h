#pragma once
// POSTing to URLs that someone outside typed in (webhook targets), with the guards such URLs need:
// http and https only, no redirects followed, no proxy from the environment, every address
// connected to checked by IsPublicAddress (domain/address_policy.h), a bounded response
// body and a bounded duration. Transport failures are values of HttpPostResult, never exceptions.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bb::integrations {

struct HttpPostOptions {
  std::chrono::milliseconds timeout{15000};  // whole request, connect included (at least 1 ms)
  std::chrono::milliseconds connect_timeout{5000};
  std::size_t max_response_bytes = 4096;  // the response body kept; the rest is not read
  bool allow_private_targets = false;     // development/tests only: loopback & private addresses allowed
  std::string user_agent = "Bluebird-Webhooks/1.0";
  std::vector<std::string> capture_headers;  // response headers to return (HttpPostResult::headers)
};

struct HttpPostResult {
  enum class Failure { kNone, kInvalidUrl, kRefusedAddress, kResolve, kConnect, kTimeout, kTls, kOther };
  Failure failure = Failure::kNone;  // kNone when an HTTP response (any status) arrived
  // The HTTP status, 0 without a response. Also set when the status line arrived but the transfer
  // failed after it (e.g. kTimeout while reading the body).
  int status = 0;
  std::string body;                                 // at most max_response_bytes of the response body
  std::optional<std::chrono::seconds> retry_after;  // from Retry-After (delta-seconds or HTTP-date), when present
  std::chrono::microseconds elapsed{};
  // The response's values of HttpPostOptions::capture_headers that it had, as (name as asked, value).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string error;  // for people and logs when failure != kNone; never contains header values or the body we sent
};

// Sends POST requests to untrusted URLs. One per thread: keeps connections open between calls to
// the same host (keep-alive). Not thread-safe.
class HttpPoster {
 public:
  explicit HttpPoster(HttpPostOptions options);
  ~HttpPoster();
  HttpPoster(HttpPoster&&) noexcept;
  HttpPoster& operator=(HttpPoster&&) noexcept;

  // POSTs `body` to `url` (http or https) with `headers` (name, value) added to the request; the
  // Content-Type is the one given in `headers` (none when absent). Returns failure kNone with the
  // status, the first max_response_bytes of the body and Retry-After for any HTTP response,
  // 3xx included (redirects are not followed). Fails with kInvalidUrl for anything but an
  // absolute http(s) URL, kRefusedAddress when every address the host resolved to is not public
  // (unless allow_private_targets), kOther for a header name that is not a token or a value with
  // CR, LF or NUL (nothing is sent then), and kResolve, kConnect, kTimeout, kTls or kOther when
  // the transfer fails. Never takes longer than options.timeout.
  HttpPostResult Post(std::string_view url, const std::vector<std::pair<std::string, std::string>>& headers,
                      std::string_view body);
  // As Post, with another method: "GET" (no body is sent), "PATCH", "PUT" or "DELETE".
  HttpPostResult Send(std::string_view method, std::string_view url,
                      const std::vector<std::pair<std::string, std::string>>& headers, std::string_view body);

 private:
  struct Handle;  // the libcurl easy handle, which holds the open connections (http_post.cc)

  HttpPostOptions options_;
  std::unique_ptr<Handle> handle_;
};

}  // namespace bb::integrations

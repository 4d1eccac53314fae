#pragma once
// A small blocking HTTP/1.1 client for tests: one kept-alive connection to 127.0.0.1:port, from
// 127.0.0.1 or another loopback address (127.0.0.2 ...: another client, as the server sees it).

#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace bb::testing {

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;

  std::string Header(const std::string& lower_name) const;
  std::vector<std::string> Headers(const std::string& lower_name) const;
  // The body parsed as JSON (null when it is not JSON).
  boost::json::value Json() const;
};

// The Set-Cookie header of `response` that sets `name`, or nullopt.
std::optional<std::string> SetCookie(const HttpResponse& response, const std::string& name);
// The value of a Set-Cookie header ("name=value; ...").
std::string CookieValue(const std::string& header);
// Whether a Set-Cookie header carries `attribute` ("HttpOnly", "SameSite=Lax", "Max-Age=60" ...).
bool HasAttribute(const std::string& header, const std::string& attribute);

class HttpClient {
 public:
  explicit HttpClient(unsigned short port, std::string source_address = "");
  ~HttpClient();

  // Sends one request; reconnects if the server closed the connection. Throws on I/O failure.
  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::vector<std::pair<std::string, std::string>>& headers = {}, const std::string& body = "");

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bb::testing

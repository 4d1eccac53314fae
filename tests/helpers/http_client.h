#pragma once
// A small blocking HTTP/1.1 client for tests: one kept-alive connection to 127.0.0.1:port.

#include <boost/json/value.hpp>

#include <memory>
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

class HttpClient {
 public:
  explicit HttpClient(unsigned short port);
  ~HttpClient();

  // Sends one request; reconnects if the server closed the connection. Throws on I/O failure.
  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::vector<std::pair<std::string, std::string>>& headers = {}, const std::string& body = "");

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bb::testing

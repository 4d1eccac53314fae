#include "http/response_writer.h"

#include <boost/beast/http/status.hpp>

#include <cstring>

namespace bb::http {

namespace {

// Appends "name: value\r\n", with any CR or LF in either replaced by a space so that no value
// can start a header of its own.
void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  auto append_clean = [&out](std::string_view text) {
    std::size_t start = out.size();
    out += text;
    bool clean = text.empty() || (std::memchr(text.data(), '\r', text.size()) == nullptr &&
                                  std::memchr(text.data(), '\n', text.size()) == nullptr);
    if (clean) return;
    for (std::size_t i = start; i < out.size(); ++i) {
      if (out[i] == '\r' || out[i] == '\n') out[i] = ' ';
    }
  };
  append_clean(name);
  out += ": ";
  append_clean(value);
  out += "\r\n";
}

}  // namespace

std::string SerializeResponse(const Response& response, unsigned version, bool close, bool head) {
  std::string out;
  out.reserve(256 + response.body.size());
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  out += std::to_string(response.status);
  out += ' ';
  out += boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(response.status));
  out += "\r\nServer: Bluebird\r\nX-Content-Type-Options: nosniff\r\n";
  for (const auto& [name, value] : response.headers) AppendHeader(out, name, value);
  bool has_body = response.status >= 200 && response.status != 204 && response.status != 304;
  bool streamed = has_body && response.stream;
  if (streamed) {
    if (version != 10) AppendHeader(out, "Transfer-Encoding", "chunked");
  } else if (has_body) {
    AppendHeader(out, "Content-Length", std::to_string(response.body.size()));
  }
  if (close) {
    out += "Connection: close\r\n";
  } else if (version == 10) {
    out += "Connection: keep-alive\r\n";
  }
  out += "\r\n";
  if (has_body && !streamed && !head) out += response.body;
  return out;
}

std::string ChunkOf(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string size;
  for (std::size_t n = data.size(); n > 0; n /= 16) size.insert(size.begin(), kHex[n % 16]);
  std::string out;
  out.reserve(size.size() + data.size() + 4);
  out += size;
  out += "\r\n";
  out += data;
  out += "\r\n";
  return out;
}

}  // namespace bb::http

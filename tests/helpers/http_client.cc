#include "http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace bb::testing {

namespace beast = boost::beast;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string HttpResponse::Header(const std::string& lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

std::vector<std::string> HttpResponse::Headers(const std::string& lower_name) const {
  std::vector<std::string> out;
  for (const auto& [name, value] : headers) {
    if (name == lower_name) out.push_back(value);
  }
  return out;
}

boost::json::value HttpResponse::Json() const {
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  return ec ? boost::json::value(nullptr) : value;
}

std::optional<std::string> SetCookie(const HttpResponse& response, const std::string& name) {
  for (const auto& header : response.Headers("set-cookie")) {
    if (header.rfind(name + "=", 0) == 0) return header;
  }
  return std::nullopt;
}

std::string CookieValue(const std::string& header) {
  auto eq = header.find('=');
  auto semi = header.find(';');
  return header.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1);
}

bool HasAttribute(const std::string& header, const std::string& attribute) {
  return header.find("; " + attribute) != std::string::npos;
}

struct HttpClient::Impl {
  Impl(unsigned short p, std::string source) : port(p), source_address(std::move(source)), stream(io) {}
  void Connect() {
    beast::error_code ignored;
    stream.socket().close(ignored);
    if (!source_address.empty()) {
      stream.socket().open(tcp::v4());
      stream.socket().bind(tcp::endpoint(net::ip::make_address(source_address), 0));
    }
    stream.socket().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  unsigned short port;
  std::string source_address;
  net::io_context io;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool connected = false;
};

HttpClient::HttpClient(unsigned short port, std::string source_address)
    : impl_(std::make_unique<Impl>(port, std::move(source_address))) {}
HttpClient::~HttpClient() = default;

HttpResponse HttpClient::Send(const std::string& method, const std::string& target,
                              const std::vector<std::pair<std::string, std::string>>& headers,
                              const std::string& body) {
  beast::http::request<beast::http::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(beast::http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") request.prepare_payload();

  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!impl_->connected) {
      impl_->Connect();
      impl_->connected = true;
    }
    beast::error_code ec;
    beast::http::write(impl_->stream, request, ec);
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(method == "HEAD");
    if (!ec) beast::http::read(impl_->stream, impl_->buffer, parser, ec);
    if (ec) {
      impl_->connected = false;
      impl_->buffer.clear();
      if (attempt == 0) continue;  // the server may have closed an idle connection: retry once
      throw beast::system_error(ec);
    }
    auto& message = parser.get();
    HttpResponse out;
    out.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    out.body = std::move(message.body());
    if (!message.keep_alive()) impl_->connected = false;
    return out;
  }
  return {};
}

}  // namespace bb::testing

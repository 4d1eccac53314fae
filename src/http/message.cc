#include "http/message.h"

namespace bb::http {

std::string_view Request::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view Request::Cookie(std::string_view name) const {
  for (const auto& [header_name, header] : headers) {
    if (header_name != "cookie") continue;
    std::string_view rest = header;
    while (!rest.empty()) {
      auto semicolon = rest.find(';');
      std::string_view pair = rest.substr(0, semicolon);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
        std::string_view value = pair.substr(eq + 1);
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        return value;
      }
      if (semicolon == std::string_view::npos) break;
      rest.remove_prefix(semicolon + 1);
    }
  }
  return {};
}

std::string_view Request::Param(std::string_view name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string_view{} : std::string_view(it->second);
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

Response Response::Html(int status, std::string body) {
  return Text(status, std::move(body), "text/html; charset=utf-8");
}

Response Response::Text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.headers.emplace_back("Content-Type", std::move(content_type));
  return r;
}

Response Response::Redirect(int status, std::string location) {
  Response r;
  r.status = status;
  r.headers.reserve(6);  // a tracked link's answer carries five or six headers
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

}  // namespace bb::http

#include "http/web_app.h"

#include <cstdint>
#include <span>

#include <fmt/format.h>

#include "common/embedded_file.h"

namespace bb::http::web_files {
std::span<const bb::EmbeddedFile> Files();
}

namespace bb::http {
namespace {

// Pages draw program branding (colours as style attributes, logos from any https address);
// scripts, styles and requests come only from this server.
constexpr std::string_view kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

std::string ContentTypeOf(std::string_view name) {
  auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  if (ends_with(".html")) return "text/html; charset=utf-8";
  if (ends_with(".js")) return "text/javascript; charset=utf-8";
  if (ends_with(".css")) return "text/css; charset=utf-8";
  if (ends_with(".svg")) return "image/svg+xml";
  if (ends_with(".png")) return "image/png";
  if (ends_with(".ico")) return "image/x-icon";
  return "application/octet-stream";
}

// FNV-1a: the ETag only has to change when the bytes do.
std::string EtagOf(std::string_view data) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return fmt::format("\"{:016x}-{:x}\"", hash, data.size());
}

bool StartsWithSegment(std::string_view path, std::string_view prefix) {
  if (path.substr(0, prefix.size()) != prefix) return false;
  return path.size() == prefix.size() || path[prefix.size()] == '/';
}

}  // namespace

WebApp::WebApp() {
  for (const auto& file : web_files::Files()) {
    files_.push_back({"/" + std::string(file.name), file.data, ContentTypeOf(file.name), EtagOf(file.data)});
  }
  for (const auto& file : files_) {
    if (file.path == "/index.html") shell_ = &file;
  }
}

bool WebApp::IsPagePath(std::string_view path) {
  if (StartsWithSegment(path, "/console") || StartsWithSegment(path, "/portal")) return true;
  if (path == "/rate") return true;  // a happiness rating link: /rate?token=…&value=… (query not in `path`)
  for (std::string_view prefix : {"/join/", "/landing/", "/survey/"}) {
    if (path.substr(0, prefix.size()) == prefix && path.size() > prefix.size() &&
        path.find('/', prefix.size()) == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

std::optional<Response> WebApp::Serve(std::string_view path, std::string_view if_none_match) const {
  if (IsPagePath(path)) {
    if (shell_ == nullptr) return std::nullopt;
    return Answer(*shell_, if_none_match, true);
  }
  if (path.substr(0, 8) != "/assets/") return std::nullopt;
  for (const auto& file : files_) {
    if (file.path == path) return Answer(file, if_none_match, false);
  }
  return std::nullopt;
}

Response WebApp::Answer(const File& file, std::string_view if_none_match, bool page) const {
  Response response;
  if (!if_none_match.empty() && if_none_match == file.etag) {
    response.status = 304;
  } else {
    response = Response::Text(200, std::string(file.data), file.content_type);
  }
  response.With("ETag", file.etag).With("Cache-Control", "no-cache");  // nosniff: on every answer (response_writer)
  if (page) {
    response.With("Content-Security-Policy", std::string(kPagePolicy))
        .With("Referrer-Policy", "same-origin")
        .With("X-Frame-Options", "DENY");
  }
  return response;
}

}  // namespace bb::http

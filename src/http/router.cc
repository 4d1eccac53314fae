#include "http/router.h"

namespace bb::http {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  while (true) {
    auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::Add(Route route) {
  segments_.push_back(Split(route.pattern));
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  std::vector<std::string> parts = Split(path);
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const auto& pattern = segments_[i];
    if (pattern.size() != parts.size()) continue;
    std::map<std::string, std::string, std::less<>> params;
    bool matches = true;
    for (std::size_t s = 0; s < pattern.size() && matches; ++s) {
      if (IsParam(pattern[s])) {
        if (parts[s].empty())
          matches = false;
        else
          params[pattern[s].substr(1, pattern[s].size() - 2)] = parts[s];
      } else if (pattern[s] != parts[s]) {
        matches = false;
      }
    }
    if (!matches) continue;
    // HEAD is answered by the GET route (the server sends its headers without the body).
    if (routes_[i].method == method || (method == "HEAD" && routes_[i].method == "GET")) {
      match.kind = Match::Kind::kFound;
      match.index = i;
      match.params = std::move(params);
      return match;
    }
    match.kind = Match::Kind::kNoMethod;
    auto allow = [&match](std::string_view allowed) {
      if (match.allowed.find(allowed) != std::string::npos) return;
      if (!match.allowed.empty()) match.allowed += ", ";
      match.allowed += allowed;
    };
    allow(routes_[i].method);
    if (routes_[i].method == "GET") allow("HEAD");
  }
  return match;
}

}  // namespace bb::http

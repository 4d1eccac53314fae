#pragma once
// Routes: a method, a path pattern with {param} segments, who may call it, and the handler.
// Handlers are plain functions from a request to a response. Every GET route also answers HEAD
// (the request keeps its method, so a handler can tell; the server drops the body).
//
// Thread-safety: build the router once, then Find from any thread.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace bb::http {

using Handler = std::function<Response(Request&)>;
using Respond = std::function<void(Response)>;
// A handler that answers later, through `respond`, without blocking the calling thread. Only for
// public routes outside /api (no credentials, no idempotency); used by the tracked link.
using AsyncHandler = std::function<void(Request&, Respond respond)>;

enum class Access {
  kPublic,    // anyone; credentials are read if sent
  kStaff,     // a signed-in user or an API key
  kAdvocate,  // an advocate signed in to the portal (the bb_portal session cookie)
};

struct Route {
  std::string method;
  std::string pattern;  // e.g. "/api/v1/programs/{id}"
  Access access = Access::kStaff;
  bool rate_limited = false;   // public forms: limited per client address
  Handler handler;             // runs on a worker thread and may block
  AsyncHandler async_handler;  // when set instead of `handler`: runs on an I/O thread, must not block
};

class Router {
 public:
  void Add(Route route);

  struct Match {
    enum class Kind { kFound, kNoPath, kNoMethod };
    Kind kind = Kind::kNoPath;
    std::size_t index = 0;  // of the route, when found
    std::map<std::string, std::string, std::less<>> params;
    std::string allowed;  // "GET, POST" when kNoMethod
  };
  Match Find(std::string_view method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  std::vector<std::vector<std::string>> segments_;
};

}  // namespace bb::http

#pragma once
// The HTTP/1.1 server on Boost.Beast: keep-alive, body and header limits, read/idle/write
// timeouts, and graceful shutdown. A few I/O threads read and write every connection
// asynchronously; blocking handlers run on a pool of worker threads (a write there waits for its
// group commit, so the pool size bounds those requests in flight), while asynchronous handlers
// (the tracked link) never leave the I/O threads except to wait for their commit.
//
// Thread-safety: Start once, then Shutdown from any thread (or a signal); Wait from one thread.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "common/result.h"
#include "http/api.h"

namespace bb::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port
  int io_threads = 1;          // connection I/O and asynchronous handlers (1: no strands needed)
  int threads = 64;            // worker threads for blocking handlers
  std::size_t body_limit_bytes = 1024 * 1024;
  // For POST /api/v1/imports (a CSV file), and only from a client that sends credentials (an
  // Authorization header or a cookie); the import itself refuses anyone but admins and managers.
  std::size_t import_body_limit_bytes = 256 * 1024 * 1024;
  std::size_t header_limit_bytes = 16 * 1024;
  std::chrono::milliseconds read_timeout{30000};    // to receive a whole request
  std::chrono::milliseconds idle_timeout{60000};    // between requests on a kept-alive connection
  std::chrono::milliseconds write_timeout{30000};   // to send a whole response
  std::chrono::milliseconds shutdown_grace{10000};  // for in-flight requests after a stop signal
  bool trust_proxy = false;                         // client address from the last X-Forwarded-For entry
};

class Server {
 public:
  Server(Api& api, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts listening and serving on the server's threads. Returns the bound port.
  Result<unsigned short> Start();
  // Also begin a graceful shutdown on SIGINT or SIGTERM.
  void ShutdownOnSignals();
  // Stops accepting, closes idle connections, lets in-flight requests finish (up to the grace
  // period), then stops. Returns immediately; Wait blocks until done.
  void Shutdown();
  void Wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bb::http

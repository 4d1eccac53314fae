#pragma once
// A real Bluebird server for tests: a fresh SQLite file in a temporary directory, the services on
// a ManualClock, the HTTP server on an ephemeral loopback port.

#include <memory>
#include <string>

#include "common/clock.h"
#include "common/metrics.h"
#include "hooked_store.h"
#include "http/api.h"
#include "http/server.h"
#include "http_client.h"
#include "service/services.h"
#include "store/sqlite/sqlite_store.h"
#include "temp_dir.h"

namespace bb::testing {

// 2026-03-01T12:00:00Z, where every test clock starts.
Timestamp TestEpoch();

struct TestServerOptions {
  // The database file; empty for a fresh one in the server's temporary directory. Two servers
  // given the same file are two processes' worth of Bluebird sharing one database.
  std::string database_path;
  service::ServiceOptions service;
  http::ApiOptions api;
  http::ServerOptions server;
};

class TestServer {
 public:
  explicit TestServer(TestServerOptions options = DefaultOptions());
  ~TestServer();

  static TestServerOptions DefaultOptions();

  unsigned short port() const { return port_; }
  HttpClient Client() const { return HttpClient(port_); }
  // A new API key with `role` ("admin", "manager", "sales_rep", "viewer"); the whole key string.
  std::string KeyFor(const std::string& role);
  // A new user with `role` and a password; returns the user id.
  std::string CreateUser(const std::string& email, const std::string& role, const std::string& password);
  // Stops the HTTP server and closes the store (idempotent).
  void Stop();

  ManualClock clock{TestEpoch()};
  MetricsRegistry metrics;
  TempDir dir;
  std::unique_ptr<store::sqlite::SqliteStore> store;
  // What the services use: `store` with a hook a test may set (see HookedStore).
  std::unique_ptr<HookedStore> hooked;
  std::unique_ptr<service::Services> services;
  std::unique_ptr<http::Api> api;
  std::unique_ptr<http::Server> server;
  std::string admin_key;

 private:
  unsigned short port_ = 0;
};

// "Authorization: Bearer <key>" as a header list, plus JSON content type.
std::vector<std::pair<std::string, std::string>> Bearer(const std::string& key);

}  // namespace bb::testing

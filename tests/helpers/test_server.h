#pragma once
// A real Bluebird server for tests: a fresh database (a SQLite file in a temporary directory, or,
// with BLUEBIRD_TEST_STORE=postgres, a database of its own on the tests' PostgreSQL server), the
// services on a ManualClock, the HTTP server on an ephemeral loopback port.

#include <memory>
#include <string>

#include "common/clock.h"
#include "common/metrics.h"
#include "hooked_store.h"
#include "http/api.h"
#include "http/server.h"
#include "http_client.h"
#include "service/services.h"
#include "store/store.h"
#include "temp_dir.h"

namespace bb::testing {

// 2026-03-01T12:00:00Z, where every test clock starts.
Timestamp TestEpoch();

struct TestServerOptions {
  // The database file; empty for a fresh one in the server's temporary directory. Two servers
  // given the same file are two processes' worth of Bluebird sharing one database.
  std::string database_path;
  // A PostgreSQL database (URL) instead of a file. Empty, with no file given either and
  // BLUEBIRD_TEST_STORE=postgres in the environment: a fresh one on the tests' server.
  std::string database_url;
  service::ServiceOptions service;
  http::ApiOptions api;
  http::ServerOptions server;
};

class TestServer {
 public:
  explicit TestServer(TestServerOptions options = DefaultOptions());
  ~TestServer();

  static TestServerOptions DefaultOptions();
  // DefaultOptions for a second server on this server's database.
  TestServerOptions SharingDatabase() const;
  // Runs `sql` (one or more statements) on this server's database through a connection of its
  // own, as someone tampering with the database would.
  Status RunSql(const std::string& sql) const;
  // A second store on this server's database (as a restarted process would open it).
  Result<std::unique_ptr<store::Store>> OpenDatabaseAgain(MetricsRegistry& metrics) const;

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
  std::unique_ptr<store::Store> store;
  // What the services use: `store` with a hook a test may set (see HookedStore).
  std::unique_ptr<HookedStore> hooked;
  std::unique_ptr<service::Services> services;
  std::unique_ptr<http::Api> api;
  std::unique_ptr<http::Server> server;
  std::string admin_key;

 private:
  unsigned short port_ = 0;
  std::string database_path_;
  std::string database_url_;
};

// "Authorization: Bearer <key>" as a header list, plus JSON content type.
std::vector<std::pair<std::string, std::string>> Bearer(const std::string& key);

}  // namespace bb::testing

#include "test_server.h"

#include <stdexcept>

#include "common/time_format.h"

namespace bb::testing {

Timestamp TestEpoch() { return *ParseTimestamp("2026-03-01T12:00:00Z"); }

TestServerOptions TestServer::DefaultOptions() {
  TestServerOptions options;
  options.server.port = 0;
  options.server.threads = 8;
  options.server.shutdown_grace = std::chrono::milliseconds(5000);
  options.api.public_base_url = "http://links.test";
  options.service.clicks_per_minute = 0;
  options.service.login_per_minute = 1000;
  options.service.public_per_minute = 1000;
  return options;
}

TestServer::TestServer(TestServerOptions options) {
  store::sqlite::SqliteOptions store_options;
  store_options.path = options.database_path.empty() ? dir.File("bluebird.db") : options.database_path;
  auto opened = store::sqlite::SqliteStore::Open(store_options, metrics);
  if (!opened.ok()) throw std::runtime_error("open store: " + opened.error().message());
  store = std::move(*opened);
  hooked = std::make_unique<HookedStore>(*store);
  auto built = service::Services::Create(*hooked, clock, metrics, options.service);
  if (!built.ok()) throw std::runtime_error("services: " + built.error().message());
  services = std::move(*built);
  api = std::make_unique<http::Api>(*services, metrics, options.api, nullptr);
  server = std::make_unique<http::Server>(*api, options.server);
  auto port = server->Start();
  if (!port.ok()) throw std::runtime_error("server: " + port.error().message());
  port_ = *port;
  admin_key = KeyFor("admin");
}

TestServer::~TestServer() { Stop(); }

void TestServer::Stop() {
  if (server) {
    server->Shutdown();
    server->Wait();
    server.reset();
  }
  if (store) store->Close();
}

std::string TestServer::KeyFor(const std::string& role) {
  auto created = services->auth.CreateApiKey(domain::Actor::System(), "test " + role, role);
  if (!created.ok()) throw std::runtime_error("api key: " + created.error().message());
  return created->secret;
}

std::string TestServer::CreateUser(const std::string& email, const std::string& role, const std::string& password) {
  auto created = services->auth.CreateUser(domain::Actor::System(), {email, "Test User", role, password});
  if (!created.ok()) throw std::runtime_error("user: " + created.error().message());
  return created->id;
}

std::vector<std::pair<std::string, std::string>> Bearer(const std::string& key) {
  return {{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}};
}

}  // namespace bb::testing

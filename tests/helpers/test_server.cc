#include "test_server.h"

#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "common/time_format.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "test_postgres.h"

namespace bb::testing {

Timestamp TestEpoch() { return *ParseTimestamp("2026-03-01T12:00:00Z"); }

TestServerOptions TestServer::DefaultOptions() {
  TestServerOptions options;
  options.server.port = 0;
  options.server.threads = 8;
  options.server.shutdown_grace = std::chrono::milliseconds(5000);
  options.api.public_base_url = "http://links.test";
  options.service.public_base_url = "http://links.test";
  options.service.clicks_per_minute = 0;
  options.service.login_per_minute = 1000;
  options.service.public_per_minute = 1000;
  options.service.connectors.secret_key = "bluebird-test-connectors-key-32b";  // 32 bytes: connectors can be made
  return options;
}

namespace {

Result<std::unique_ptr<store::Store>> OpenDatabase(const std::string& path, const std::string& url,
                                                   MetricsRegistry& metrics) {
  if (!url.empty()) {
    store::postgres::PostgresOptions options;
    options.url = url;
    options.pool_size = 8;
    BB_ASSIGN_OR_RETURN(auto opened, store::postgres::PostgresStore::Open(options, metrics));
    return std::unique_ptr<store::Store>(std::move(opened));
  }
  store::sqlite::SqliteOptions options;
  options.path = path;
  BB_ASSIGN_OR_RETURN(auto opened, store::sqlite::SqliteStore::Open(options, metrics));
  return std::unique_ptr<store::Store>(std::move(opened));
}

}  // namespace

TestServer::TestServer(TestServerOptions options) {
  database_url_ = options.database_url;
  const char* backend = std::getenv("BLUEBIRD_TEST_STORE");
  if (database_url_.empty() && options.database_path.empty() && backend != nullptr &&
      std::string_view(backend) == "postgres") {
    auto url = MigratedTestDatabaseUrl(dir.path().string());
    if (!url.ok()) throw std::runtime_error("test database: " + url.error().message());
    database_url_ = *url;
  }
  if (database_url_.empty()) {
    database_path_ = options.database_path.empty() ? dir.File("bluebird.db") : options.database_path;
  }
  auto opened = OpenDatabase(database_path_, database_url_, metrics);
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

Result<std::unique_ptr<store::Store>> TestServer::OpenDatabaseAgain(MetricsRegistry& other_metrics) const {
  return OpenDatabase(database_path_, database_url_, other_metrics);
}

Status TestServer::RunSql(const std::string& sql) const {
  if (!database_url_.empty()) {
    BB_ASSIGN_OR_RETURN(auto connection, store::postgres::Connection::Open(database_url_));
    return connection->Exec(sql);
  }
  BB_ASSIGN_OR_RETURN(auto connection, store::sqlite::Connection::Open(database_path_, false, 5000));
  return connection->Exec(sql);
}

TestServerOptions TestServer::SharingDatabase() const {
  TestServerOptions options = DefaultOptions();
  options.database_path = database_path_;
  options.database_url = database_url_;
  return options;
}

void TestServer::Stop() {
  if (server) {
    server->Shutdown();
    server->Wait();
    server.reset();
  }
  if (services) services->imports.Stop();
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

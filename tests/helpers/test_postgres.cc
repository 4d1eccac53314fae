#include "test_postgres.h"

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <random>

#include <gtest/gtest.h>

#include "store/postgres/connection.h"
#include "store/postgres/postgres_store.h"

namespace bb::testing {
namespace {

// `url` with its database name replaced by `database`.
std::string WithDatabase(const std::string& url, const std::string& database) {
  auto authority = url.find("://");
  auto path = url.find('/', authority == std::string::npos ? 0 : authority + 3);
  auto query = url.find('?', path == std::string::npos ? 0 : path);
  std::string head = path == std::string::npos ? url.substr(0, query) : url.substr(0, path);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return head + "/" + database + tail;
}

// The databases this process created.
class Databases {
 public:
  // Drops every database created so far. (Not from a destructor: libpq's authentication needs
  // OpenSSL, which is gone by the time static objects are destroyed.)
  void DropAll() {
    std::lock_guard lock(mutex_);
    if (!admin_url_ || created_.empty()) return;
    auto admin = store::postgres::Connection::Open(*admin_url_);
    if (!admin.ok()) return;
    for (const auto& [key, name] : created_) (void)(*admin)->Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    created_.clear();
  }

  // `migrated`: a copy of the migrated template rather than an empty database.
  Result<std::string> For(const std::string& key, bool migrated) {
    std::lock_guard lock(mutex_);
    auto server = TestPostgresUrl();
    if (!server) return Error(ErrorCode::kUnavailable, "BLUEBIRD_TEST_POSTGRES_URL is not set");
    admin_url_ = *server;
    auto found = created_.find(key);
    if (found != created_.end()) return WithDatabase(*server, found->second);
    std::string name = RandomName("bbtest_");
    BB_ASSIGN_OR_RETURN(auto admin, store::postgres::Connection::Open(*server));
    std::string create = "CREATE DATABASE " + name;
    if (migrated) {
      BB_ASSIGN_OR_RETURN(std::string template_name, MigratedTemplate(*admin, *server));
      create += " TEMPLATE " + template_name;
    }
    BB_RETURN_IF_ERROR(admin->Exec(create));
    created_.emplace(key, name);
    return WithDatabase(*server, name);
  }

 private:
  static std::string RandomName(const std::string& prefix) {
    std::random_device random;
    return prefix + std::to_string(random()) + "_" + std::to_string(random());
  }

  // The name of a database holding every embedded migration and nothing else, created on the
  // server once per migration set: whichever test process comes first migrates it under an
  // advisory lock, and publishes it by renaming (so a process that dies midway leaves no half
  // template). It is kept with the cluster (the tests' cluster is thrown away with it).
  static Result<std::string> MigratedTemplate(store::postgres::Connection& admin, const std::string& server) {
    std::string name = "bbtemplate_" + store::postgres::SchemaFingerprint();
    BB_RETURN_IF_ERROR(admin.Exec("SELECT pg_advisory_lock(" + std::to_string(kTemplateLock) + ")"));
    auto made = [&]() -> Status {
      BB_ASSIGN_OR_RETURN(auto exists, admin.Prepare("SELECT 1 FROM pg_database WHERE datname = ?"));
      exists.Bind(name);
      BB_ASSIGN_OR_RETURN(bool found, exists.Step());
      if (found) return Ok();
      std::string draft = RandomName("bbdraft_");
      BB_RETURN_IF_ERROR(admin.Exec("CREATE DATABASE " + draft));
      {
        BB_ASSIGN_OR_RETURN(auto connection, store::postgres::Connection::Open(WithDatabase(server, draft)));
        BB_RETURN_IF_ERROR(StatusOf(store::postgres::ApplyMigrations(*connection)));
      }
      return admin.Exec("ALTER DATABASE " + draft + " RENAME TO " + name);
    }();
    Status unlocked = admin.Exec("SELECT pg_advisory_unlock(" + std::to_string(kTemplateLock) + ")");
    BB_RETURN_IF_ERROR(made);
    BB_RETURN_IF_ERROR(unlocked);
    return name;
  }

  // The advisory lock that lets one test process at a time make the template.
  static constexpr std::int64_t kTemplateLock = 7084269383410983781;

  std::mutex mutex_;
  std::optional<std::string> admin_url_;
  std::map<std::string, std::string> created_;
};

Databases& TheDatabases() {
  static Databases databases;
  return databases;
}

// Drops the test databases once every test of the process has run.
class DropTestDatabases final : public ::testing::Environment {
 public:
  void TearDown() override { TheDatabases().DropAll(); }
};

[[maybe_unused]] const ::testing::Environment* const kDropTestDatabases =
    ::testing::AddGlobalTestEnvironment(new DropTestDatabases);

}  // namespace

std::optional<std::string> TestPostgresUrl() {
  const char* url = std::getenv("BLUEBIRD_TEST_POSTGRES_URL");
  if (url != nullptr && url[0] != '\0') return std::string(url);
  // The cluster CTest's fixture started: a line BLUEBIRD_PG_URL='...' in scripts/pg.sh's state.
  std::ifstream state(BLUEBIRD_TEST_PG_STATE);
  constexpr std::string_view kKey = "BLUEBIRD_PG_URL='";
  for (std::string line; std::getline(state, line);) {
    if (line.starts_with(kKey) && line.ends_with('\'')) return line.substr(kKey.size(), line.size() - kKey.size() - 1);
  }
  return std::nullopt;
}

Result<std::string> TestDatabaseUrl(const std::string& key) { return TheDatabases().For(key, false); }

Result<std::string> MigratedTestDatabaseUrl(const std::string& key) { return TheDatabases().For(key, true); }

}  // namespace bb::testing

#include "test_postgres.h"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <random>

#include <gtest/gtest.h>

#include "store/postgres/connection.h"

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

  Result<std::string> For(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto server = TestPostgresUrl();
    if (!server) return Error(ErrorCode::kUnavailable, "BLUEBIRD_TEST_POSTGRES_URL is not set");
    admin_url_ = *server;
    auto found = created_.find(key);
    if (found != created_.end()) return WithDatabase(*server, found->second);
    std::random_device random;
    std::string name = "bbtest_" + std::to_string(random()) + "_" + std::to_string(random());
    BB_ASSIGN_OR_RETURN(auto admin, store::postgres::Connection::Open(*server));
    BB_RETURN_IF_ERROR(admin->Exec("CREATE DATABASE " + name));
    created_.emplace(key, name);
    return WithDatabase(*server, name);
  }

 private:
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

Result<std::string> TestDatabaseUrl(const std::string& key) { return TheDatabases().For(key); }

}  // namespace bb::testing

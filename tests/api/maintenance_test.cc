// The maintenance job's purges: expired idempotency records and sessions past their timeouts.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "jobs/maintenance.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

HttpResponse CreateProgram(HttpClient& client, const std::string& key, const std::string& idempotency_key) {
  auto headers = Bearer(key);
  headers.emplace_back("Idempotency-Key", idempotency_key);
  return client.Send("POST", "/api/v1/programs", headers,
                     R"({"name": "Purge", "kind": "customer", "landing_url": "https://purge.example/"})");
}

TEST(Maintenance, ExpiredIdempotencyKeysArePurgedAndCanBeUsedAgain) {
  TestServer server;
  HttpClient client = server.Client();
  HttpResponse first = CreateProgram(client, server.admin_key, "k-1");
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(CreateProgram(client, server.admin_key, "k-1").Header("idempotent-replayed"), "true");

  server.clock.Advance(std::chrono::hours(23));
  jobs::Maintenance(*server.services, std::chrono::hours(1)).RunOnce();
  EXPECT_EQ(CreateProgram(client, server.admin_key, "k-1").Header("idempotent-replayed"), "true")
      << "a record younger than 24 hours survives";

  server.clock.Advance(std::chrono::hours(2));
  auto purged = server.services->idempotency.PurgeExpired();
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  HttpResponse again = CreateProgram(client, server.admin_key, "k-1");
  EXPECT_EQ(again.status, 409) << "the key runs the request again, which now meets the taken slug: " << again.body;
  EXPECT_EQ(again.Header("idempotent-replayed"), "");
}

TEST(Maintenance, SessionsPastTheirTimeoutsArePurged) {
  TestServer server;
  server.CreateUser("ops@example.com", "admin", "correct horse battery staple");
  HttpClient client = server.Client();
  for (int i = 0; i < 2; ++i) {
    HttpResponse login = client.Send("POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                                     R"({"email": "ops@example.com", "password": "correct horse battery staple"})");
    ASSERT_EQ(login.status, 200) << login.body;
  }
  auto kept = server.services->auth.PurgeStaleSessions();
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(*kept, 0) << "live sessions stay";

  server.clock.Advance(std::chrono::minutes(31));  // past the 30-minute idle timeout
  auto purged = server.services->auth.PurgeStaleSessions();
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 2);
}

}  // namespace
}  // namespace bb::testing

// Two instances on one database behave as one: the sign-in and public-form rate limits count
// attempts made on either, the maintenance job runs on one instance at a time, moving to another
// when its holder stops renewing its lease or stops, and a program archived through one instance is
// gone from the other's tracked links within the link cache's lifetime. (Runs on SQLite and, under the "postgres/"
// prefix, on PostgreSQL; each TestServer is one instance with its own services and clock.)

#include <gtest/gtest.h>

#include <chrono>

#include "jobs/maintenance.h"
#include "test_server.h"

namespace bb::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kEmail = "ops@example.com";
constexpr const char* kPassword = "correct horse battery staple";

HttpResponse Login(const TestServer& server, const std::string& password, const std::string& email = kEmail) {
  return server.Client().Send("POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                              R"({"email": ")" + email + R"(", "password": ")" + password + R"("})");
}

HttpResponse Join(const TestServer& server) {
  return server.Client().Send("POST", "/api/v1/public/programs/no-such-program/join",
                              {{"Content-Type", "application/json"}}, "{}");
}

TestServerOptions Limited(TestServerOptions options) {
  options.service.login_per_minute = 3;
  options.service.public_per_minute = 2;
  options.service.clicks_per_minute = 2;
  return options;
}

class SharedStateTest : public ::testing::Test {
 protected:
  SharedStateTest() : first_(Limited(TestServer::DefaultOptions())), second_(Limited(first_.SharingDatabase())) {}
  ~SharedStateTest() override {
    second_.Stop();
    first_.Stop();
  }
  // A program and an advocate, created through the first instance: the program's id and the
  // advocate's tracked link ("/r/CODE").
  void CreateLink(std::string& program_id, std::string& link) {
    auto admin = Bearer(first_.admin_key);
    HttpResponse program =
        first_.Client().Send("POST", "/api/v1/programs", admin,
                             R"({"name": "Shared", "kind": "customer", "landing_url": "https://shared.example/"})");
    ASSERT_EQ(program.status, 201) << program.body;
    program_id = std::string(program.Json().at("id").as_string());
    HttpResponse advocate = first_.Client().Send("POST", "/api/v1/programs/" + program_id + "/advocates", admin,
                                                 R"({"email": "ada@example.com", "first_name": "Ada"})");
    ASSERT_EQ(advocate.status, 201) << advocate.body;
    link = "/r/" + std::string(advocate.Json().at("code").as_string());
  }
  void AdvanceBoth(Duration d) {
    first_.clock.Advance(d);
    second_.clock.Advance(d);
  }

  TestServer first_;
  TestServer second_;
};

TEST_F(SharedStateTest, AProgramArchivedOnOneInstanceIsGoneOnTheOtherWithinTheCacheLifetime) {
  std::string program_id;
  std::string link;
  ASSERT_NO_FATAL_FAILURE(CreateLink(program_id, link));
  auto admin = Bearer(first_.admin_key);
  ASSERT_EQ(second_.Client().Send("GET", link, {}).status, 302) << "the second instance caches the link";

  ASSERT_EQ(first_.Client().Send("POST", "/api/v1/programs/" + program_id + "/archive", admin, "").status, 200);
  EXPECT_EQ(first_.Client().Send("GET", link, {}).status, 410) << "the instance that archived it knows at once";
  EXPECT_EQ(second_.Client().Send("GET", link, {}).status, 302) << "the other may serve its cached answer";
  AdvanceBoth(5s);
  EXPECT_EQ(second_.Client().Send("GET", link, {}).status, 410) << "but for 5 seconds at most (link_cache_ttl)";
}

TEST_F(SharedStateTest, TheClickLimitIsCountedByEachInstance) {
  // The documented approximation (architecture.md, "What instances share"): an address's clicks
  // are limited per instance, so N instances record at most N times the limit; visitors are
  // redirected either way.
  std::string program_id;
  std::string link;
  ASSERT_NO_FATAL_FAILURE(CreateLink(program_id, link));
  for (TestServer* server : {&first_, &second_}) {
    for (int i = 0; i < 3; ++i) EXPECT_EQ(server->Client().Send("GET", link, {}).status, 302);
  }
  for (TestServer* server : {&first_, &second_}) {
    EXPECT_EQ(server->metrics.GetCounter("bluebird_clicks_throttled_total", "").Value(), 1u)
        << "each instance recorded two of its three clicks";
  }
}

TEST_F(SharedStateTest, SignInAttemptsCountOnEveryInstance) {
  first_.CreateUser(kEmail, "admin", kPassword);
  EXPECT_EQ(Login(first_, "wrong 1").status, 401);
  EXPECT_EQ(Login(second_, "wrong 2").status, 401);
  EXPECT_EQ(Login(first_, "wrong 3").status, 401);
  HttpResponse limited = Login(second_, kPassword);
  EXPECT_EQ(limited.status, 429) << "the fourth attempt in a minute, though the first this instance saw: "
                                 << limited.body;
  EXPECT_EQ(Login(first_, kPassword).status, 429);

  AdvanceBoth(1min);
  EXPECT_EQ(Login(second_, kPassword).status, 200);
}

TEST_F(SharedStateTest, PublicFormPostsCountOnEveryInstance) {
  // Answered (the body is refused), not limited.
  EXPECT_EQ(Join(first_).status, 422);
  EXPECT_EQ(Join(second_).status, 422);
  HttpResponse limited = Join(first_);
  EXPECT_EQ(limited.status, 429) << limited.body;
  EXPECT_FALSE(limited.Header("retry-after").empty());
  AdvanceBoth(30s);
  EXPECT_EQ(Join(second_).status, 422) << "one post regained in 30 s at 2 a minute";
  EXPECT_EQ(Join(first_).status, 429);
}

TEST_F(SharedStateTest, FullBucketsAreForgottenByMaintenance) {
  first_.CreateUser(kEmail, "admin", kPassword);
  EXPECT_EQ(Login(first_, "wrong").status, 401);
  auto kept = first_.services->login_limiter.PurgeFullBuckets();
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(*kept, 0) << "a bucket still refilling is kept";
  AdvanceBoth(1min);
  auto purged = second_.services->login_limiter.PurgeFullBuckets();
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 2) << "the address's bucket and the email-from-address bucket";
}

TEST_F(SharedStateTest, MaintenanceRunsOnOneInstanceAndMovesWhenItsHolderStops) {
  jobs::Maintenance on_first(*first_.services, 1h, "first");
  jobs::Maintenance on_second(*second_.services, 1h, "second");
  EXPECT_TRUE(on_first.RunOnce());
  EXPECT_FALSE(on_second.RunOnce()) << "the first instance holds the lease";
  AdvanceBoth(1h);
  EXPECT_TRUE(on_first.RunOnce()) << "the holder renews at every pass";
  AdvanceBoth(1h);
  EXPECT_FALSE(on_second.RunOnce()) << "renewed an hour ago for two";
  // The first instance dies: nobody renews.
  AdvanceBoth(1h);
  EXPECT_TRUE(on_second.RunOnce()) << "two intervals after the last renewal, the lease lapses";
  EXPECT_FALSE(on_first.RunOnce()) << "a holder that comes back finds the job taken";
}

TEST_F(SharedStateTest, AnInstanceStoppingGivesTheMaintenanceJobUp) {
  jobs::Maintenance on_first(*first_.services, 1h, "first");
  jobs::Maintenance on_second(*second_.services, 1h, "second");
  ASSERT_TRUE(on_first.RunOnce());
  on_first.Start();
  EXPECT_FALSE(on_second.RunOnce());
  on_first.Stop();
  EXPECT_TRUE(on_second.RunOnce()) << "taken over at once, not two hours later";
}

TEST_F(SharedStateTest, ARefusedSignInAttemptWritesNothing) {
  first_.CreateUser(kEmail, "admin", kPassword);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Login(first_, "wrong").status, 401);
  ASSERT_TRUE(first_.RunSql("CREATE TABLE bucket_snapshot AS SELECT * FROM rate_limit_buckets").ok());
  first_.clock.Advance(1s);
  second_.clock.Advance(1s);
  // The address has no attempt left; this email, from it, has all of its own: refused, and neither
  // bucket may change (a flood of new emails from one address must not cost a write each).
  EXPECT_EQ(Login(second_, kPassword, "someone.else@example.com").status, 429);
  ASSERT_TRUE(first_
                  .RunSql("INSERT INTO settings (name, value) SELECT 'changed', CAST(COUNT(*) AS TEXT) FROM "
                          "(SELECT key_hash, tokens_milli, updated_at FROM rate_limit_buckets EXCEPT "
                          "SELECT key_hash, tokens_milli, updated_at FROM bucket_snapshot) AS d")
                  .ok());
  auto changed = first_.services->store.Read([](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto value, q.GetSetting("changed"));
    if (value != std::optional<std::string>("0")) return Error::Internal("buckets changed: " + value.value_or("?"));
    return Ok();
  });
  EXPECT_TRUE(changed.ok()) << changed.error().message();
}

}  // namespace
}  // namespace bb::testing

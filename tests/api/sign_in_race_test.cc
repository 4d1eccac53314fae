// A sign-in checks the password outside the write that opens the session. A password change or a
// disable that commits in between ends every session that exists then, so the new session must not
// open: the regression "a sign-in that races a password reset keeps a session that survives it".
// HookedStore puts the change exactly into that gap.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

constexpr char kOld[] = "the old secret words";
constexpr char kNew[] = "the new secret words";

TEST(SignInRace, AStaffSignInRacingAPasswordResetOpensNoSession) {
  TestServer server;
  server.CreateUser("rae@staff.example", "manager", kOld);
  server.hooked->AfterNextRead(
      [&] { ASSERT_TRUE(server.services->auth.SetPassword(domain::Actor::System(), "rae@staff.example", kNew).ok()); });
  auto raced = server.services->auth.Login("rae@staff.example", kOld, "client-a");
  ASSERT_FALSE(raced.ok()) << "a session opened with a password reset before it was written";
  EXPECT_EQ(raced.error().code(), ErrorCode::kUnauthenticated);

  auto fresh = server.services->auth.Login("rae@staff.example", kNew, "client-a");
  ASSERT_TRUE(fresh.ok()) << fresh.error().message();
  EXPECT_TRUE(server.services->auth.AuthenticateSession(fresh->token).ok());
}

TEST(SignInRace, AStaffSignInRacingADisableOpensNoSession) {
  TestServer server;
  std::string id = server.CreateUser("dan@staff.example", "manager", kOld);
  server.hooked->AfterNextRead([&] {
    service::UserChanges changes;
    changes.disabled = true;
    ASSERT_TRUE(server.services->auth.UpdateUser(domain::Actor::System(), id, changes).ok());
  });
  auto raced = server.services->auth.Login("dan@staff.example", kOld, "client-a");
  ASSERT_FALSE(raced.ok()) << "a disabled user got a session";
}

TEST(SignInRace, AnAdvocateSignInRacingAPasswordChangeOpensNoSession) {
  TestServer server;
  HttpClient client = server.Client();
  HttpResponse program = client.Send(
      "POST", "/api/v1/programs", Bearer(server.admin_key),
      json::serialize(json::object{{"name", "Race"}, {"kind", "customer"}, {"landing_url", "https://race.example/"}}));
  ASSERT_EQ(program.status, 201) << program.body;
  json::value program_body = program.Json();
  std::string program_id(program_body.at("id").as_string());
  std::string slug(program_body.at("slug").as_string());
  HttpResponse advocate =
      client.Send("POST", "/api/v1/programs/" + program_id + "/advocates", Bearer(server.admin_key),
                  json::serialize(json::object{{"email", "ada@adv.example"}, {"first_name", "Ada"}}));
  ASSERT_EQ(advocate.status, 201) << advocate.body;
  json::value advocate_body = advocate.Json();
  std::string advocate_id(advocate_body.at("id").as_string());

  auto link = server.services->portal.IssueSignInLink(domain::Actor::System(), advocate_id);
  ASSERT_TRUE(link.ok());
  auto by_link = server.services->portal.SignIn(link->token, "client-a");
  ASSERT_TRUE(by_link.ok());
  domain::Actor ada = domain::Actor::ForAdvocate(advocate_id);
  ASSERT_TRUE(server.services->portal.SetPassword(ada, by_link->token, std::nullopt, kOld).ok());

  server.hooked->AfterNextRead(
      [&] { ASSERT_TRUE(server.services->portal.SetPassword(ada, by_link->token, std::string(kOld), kNew).ok()); });
  auto raced = server.services->portal.SignInWithPassword(slug, "ada@adv.example", kOld, "client-a");
  ASSERT_FALSE(raced.ok()) << "a portal session opened with a password changed before it was written";
  EXPECT_EQ(raced.error().code(), ErrorCode::kUnauthenticated);

  auto fresh = server.services->portal.SignInWithPassword(slug, "ada@adv.example", kNew, "client-a");
  ASSERT_TRUE(fresh.ok()) << fresh.error().message();
  EXPECT_TRUE(server.services->portal.Authenticate(fresh->token).ok());
}

}  // namespace
}  // namespace bb::testing

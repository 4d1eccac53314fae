// Authentication: password sign-in with session cookies, CSRF protection of unsafe requests made
// with a session, session lifetimes on the ManualClock, sign-out, the sign-in rate limit, and
// bearer API keys.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kEmail[] = "mia@example.com";
constexpr char kPassword[] = "correct horse battery staple";

// The field names of a problem's errors list.
std::vector<std::string> ErrorFields(const HttpResponse& response) {
  std::vector<std::string> fields;
  json::value body = response.Json();
  if (!body.is_object()) return fields;
  if (const auto* errors = body.as_object().if_contains("errors")) {
    for (const auto& error : errors->as_array()) fields.emplace_back(error.at("field").as_string());
  }
  return fields;
}

struct Session {
  std::string token;
  std::string csrf;
};

class AuthTest : public ::testing::Test {
 protected:
  AuthTest() : AuthTest(TestServer::DefaultOptions()) {}
  explicit AuthTest(TestServerOptions options) : server_(std::move(options)), client_(server_.Client()) {
    user_id_ = server_.CreateUser(kEmail, "manager", kPassword);
  }

  HttpResponse Login(const std::string& email, const std::string& password) {
    json::object body{{"email", email}, {"password", password}};
    return client_.Send("POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}}, json::serialize(body));
  }

  Session SignIn() {
    HttpResponse response = Login(kEmail, kPassword);
    EXPECT_EQ(response.status, 200) << response.body;
    auto session = SetCookie(response, "bb_session");
    auto csrf = SetCookie(response, "bb_csrf");
    if (!session || !csrf) {
      ADD_FAILURE() << "no session cookies";
      return {};
    }
    return {CookieValue(*session), CookieValue(*csrf)};
  }

  static Headers WithSession(const Session& session, bool csrf = false) {
    Headers headers{{"Cookie", "bb_session=" + session.token}, {"Content-Type", "application/json"}};
    if (csrf) headers.emplace_back("X-CSRF-Token", session.csrf);
    return headers;
  }

  HttpResponse Me(const Session& session) { return client_.Send("GET", "/api/v1/me", WithSession(session)); }

  static std::string ProgramBody(const std::string& name) {
    return json::serialize(
        json::object{{"name", name}, {"kind", "customer"}, {"landing_url", "https://acme.example/"}});
  }

  std::size_t ProgramCount() {
    HttpResponse response = client_.Send("GET", "/api/v1/programs", Bearer(server_.admin_key));
    EXPECT_EQ(response.status, 200);
    return response.Json().at("data").as_array().size();
  }

  TestServer server_;
  HttpClient client_;
  std::string user_id_;
};

TEST_F(AuthTest, SignInSetsASessionCookieAndACsrfCookie) {
  HttpResponse response = Login(kEmail, kPassword);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Header("cache-control"), "no-store");
  EXPECT_EQ(response.Headers("set-cookie").size(), 2u);

  auto session = SetCookie(response, "bb_session");
  ASSERT_TRUE(session.has_value());
  EXPECT_GE(CookieValue(*session).size(), 32u) << "a long random token";
  EXPECT_TRUE(HasAttribute(*session, "HttpOnly")) << *session;
  EXPECT_TRUE(HasAttribute(*session, "SameSite=Lax")) << *session;
  EXPECT_TRUE(HasAttribute(*session, "Path=/")) << *session;
  EXPECT_TRUE(HasAttribute(*session, "Max-Age=43200")) << "the absolute session lifetime: " << *session;

  auto csrf = SetCookie(response, "bb_csrf");
  ASSERT_TRUE(csrf.has_value());
  EXPECT_TRUE(HasAttribute(*csrf, "SameSite=Lax")) << *csrf;
  EXPECT_FALSE(HasAttribute(*csrf, "HttpOnly")) << "pages must be able to read the CSRF token: " << *csrf;
  EXPECT_NE(CookieValue(*csrf), CookieValue(*session));

  json::object body = response.Json().as_object();
  EXPECT_EQ(body.at("csrf_token"), json::value(CookieValue(*csrf)));
  const json::object& user = body.at("user").as_object();
  EXPECT_EQ(user.at("id"), json::value(user_id_));
  EXPECT_EQ(user.at("email"), json::value(kEmail));
  EXPECT_EQ(user.at("role"), json::value("manager"));
  EXPECT_FALSE(user.contains("password_hash"));
  EXPECT_FALSE(user.contains("password"));
  EXPECT_EQ(response.body.find(CookieValue(*session)), std::string::npos) << "the token is only in the cookie";
}

TEST_F(AuthTest, TheEmailIsMatchedWithoutRegardToCase) {
  EXPECT_EQ(Login("  MIA@Example.COM ", kPassword).status, 200);
}

TEST_F(AuthTest, AWrongPasswordAndAnUnknownEmailLookTheSame) {
  HttpResponse wrong_password = Login(kEmail, "not the password at all");
  HttpResponse unknown_email = Login("nobody@example.com", kPassword);
  for (const HttpResponse* response : {&wrong_password, &unknown_email}) {
    EXPECT_EQ(response->status, 401) << response->body;
    EXPECT_EQ(response->Header("content-type"), "application/problem+json");
    EXPECT_TRUE(response->Headers("set-cookie").empty());
  }
  json::value a = wrong_password.Json();
  json::value b = unknown_email.Json();
  EXPECT_EQ(a.at("type"), b.at("type"));
  EXPECT_EQ(a.at("title"), b.at("title"));
  EXPECT_EQ(a.at("detail"), b.at("detail"));
  EXPECT_EQ(a.at("type"), json::value("/problems/unauthenticated"));
  EXPECT_FALSE(a.as_object().contains("errors")) << "no hint about which half was wrong";
}

TEST_F(AuthTest, SignInChecksItsFields) {
  HttpResponse empty = client_.Send("POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}}, "{}");
  EXPECT_EQ(empty.status, 422);
  EXPECT_EQ(ErrorFields(empty), (std::vector<std::string>{"email", "password"}));

  HttpResponse extra = client_.Send("POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
                                    R"({"email": "mia@example.com", "password": "x", "remember": true})");
  EXPECT_EQ(extra.status, 422);
  EXPECT_EQ(ErrorFields(extra), (std::vector<std::string>{"remember"}));

  HttpResponse form =
      client_.Send("POST", "/api/v1/auth/login", {{"Content-Type", "application/x-www-form-urlencoded"}},
                   "email=mia%40example.com&password=x");
  EXPECT_EQ(form.status, 422);
  EXPECT_EQ(ErrorFields(form), (std::vector<std::string>{"Content-Type"}));
}

TEST_F(AuthTest, TheSessionCookieAuthenticatesReads) {
  Session session = SignIn();
  HttpResponse me = Me(session);
  ASSERT_EQ(me.status, 200) << me.body;
  json::object body = me.Json().as_object();
  EXPECT_EQ(body.at("kind"), json::value("user"));
  EXPECT_EQ(body.at("role"), json::value("manager"));
  EXPECT_EQ(body.at("user").at("id"), json::value(user_id_));
  EXPECT_EQ(body.at("user").at("email"), json::value(kEmail));

  HttpResponse programs = client_.Send("GET", "/api/v1/programs", WithSession(session));
  EXPECT_EQ(programs.status, 200);
  HttpResponse own = client_.Send("GET", "/api/v1/users/" + user_id_, WithSession(session));
  EXPECT_EQ(own.status, 200) << "a user may read their own account";
}

TEST_F(AuthTest, UnsafeRequestsWithASessionNeedTheCsrfToken) {
  Session session = SignIn();

  HttpResponse missing = client_.Send("POST", "/api/v1/programs", WithSession(session), ProgramBody("No token"));
  EXPECT_EQ(missing.status, 403) << missing.body;
  EXPECT_EQ(missing.Json().at("type"), json::value("/problems/forbidden"));
  EXPECT_EQ(ErrorFields(missing), (std::vector<std::string>{"X-CSRF-Token"}));

  Headers wrong = WithSession(session);
  wrong.emplace_back("X-CSRF-Token", std::string(session.csrf.size(), 'a'));
  HttpResponse mismatched = client_.Send("POST", "/api/v1/programs", wrong, ProgramBody("Wrong token"));
  EXPECT_EQ(mismatched.status, 403);
  EXPECT_EQ(ErrorFields(mismatched), (std::vector<std::string>{"X-CSRF-Token"}));

  Session other = SignIn();
  Headers crossed = WithSession(session);
  crossed.emplace_back("X-CSRF-Token", other.csrf);
  EXPECT_EQ(client_.Send("POST", "/api/v1/programs", crossed, ProgramBody("Crossed")).status, 403)
      << "another session's token does not fit";
  EXPECT_EQ(ProgramCount(), 0u) << "refused requests wrote nothing";

  HttpResponse created =
      client_.Send("POST", "/api/v1/programs", WithSession(session, true), ProgramBody("With token"));
  EXPECT_EQ(created.status, 201) << created.body;
  std::string id(created.Json().at("id").as_string());

  HttpResponse patch_without =
      client_.Send("PATCH", "/api/v1/programs/" + id, WithSession(session), R"({"description": "x"})");
  EXPECT_EQ(patch_without.status, 403);
  HttpResponse patch_with =
      client_.Send("PATCH", "/api/v1/programs/" + id, WithSession(session, true), R"({"description": "x"})");
  EXPECT_EQ(patch_with.status, 200) << patch_with.body;
  EXPECT_EQ(ProgramCount(), 1u);
}

TEST_F(AuthTest, ABearerKeyNeedsNoCsrfTokenEvenNextToASessionCookie) {
  Session session = SignIn();
  Headers headers = Bearer(server_.admin_key);
  headers.emplace_back("Cookie", "bb_session=" + session.token);
  HttpResponse created = client_.Send("POST", "/api/v1/programs", headers, ProgramBody("Keyed"));
  EXPECT_EQ(created.status, 201) << created.body;
  HttpResponse me = client_.Send("GET", "/api/v1/me", headers);
  EXPECT_EQ(me.Json().at("kind"), json::value("api_key")) << "the key wins over the cookie";
}

TEST_F(AuthTest, ASessionEndsAfterThirtyIdleMinutes) {
  Session session = SignIn();
  server_.clock.Advance(std::chrono::minutes(29));
  EXPECT_EQ(Me(session).status, 200);
  server_.clock.Advance(std::chrono::minutes(29));
  EXPECT_EQ(Me(session).status, 200) << "each use restarts the idle timer";
  server_.clock.Advance(std::chrono::minutes(30) + std::chrono::seconds(1));
  HttpResponse expired = Me(session);
  EXPECT_EQ(expired.status, 401) << expired.body;
  EXPECT_FALSE(expired.Header("www-authenticate").empty());
  EXPECT_EQ(expired.Json().at("type"), json::value("/problems/unauthenticated"));

  server_.clock.Advance(std::chrono::minutes(1));
  EXPECT_EQ(Me(session).status, 401) << "an ended session stays ended";
  EXPECT_EQ(Me(SignIn()).status, 200) << "signing in again works";
}

TEST_F(AuthTest, ASessionEndsTwelveHoursAfterSignInHoweverBusy) {
  Session session = SignIn();
  auto elapsed = std::chrono::minutes(0);
  while (elapsed + std::chrono::minutes(20) < std::chrono::hours(12)) {
    server_.clock.Advance(std::chrono::minutes(20));
    elapsed += std::chrono::minutes(20);
    ASSERT_EQ(Me(session).status, 200) << "after " << elapsed.count() << " minutes";
  }
  EXPECT_EQ(elapsed, std::chrono::minutes(700));
  server_.clock.Advance(std::chrono::minutes(21));  // 12 h 1 min after sign-in, 21 min after the last use
  EXPECT_EQ(Me(session).status, 401);
}

TEST_F(AuthTest, SignOutEndsTheSession) {
  Session session = SignIn();
  Session other = SignIn();
  HttpResponse out = client_.Send("POST", "/api/v1/auth/logout", WithSession(session, true));
  EXPECT_EQ(out.status, 204) << out.body;
  auto cleared_session = SetCookie(out, "bb_session");
  auto cleared_csrf = SetCookie(out, "bb_csrf");
  ASSERT_TRUE(cleared_session.has_value());
  ASSERT_TRUE(cleared_csrf.has_value());
  EXPECT_EQ(CookieValue(*cleared_session), "");
  EXPECT_TRUE(HasAttribute(*cleared_session, "Max-Age=0")) << *cleared_session;
  EXPECT_TRUE(HasAttribute(*cleared_csrf, "Max-Age=0")) << *cleared_csrf;

  EXPECT_EQ(Me(session).status, 401) << "the token is dead on the server, not just forgotten by the browser";
  EXPECT_EQ(Me(other).status, 200) << "other sessions of the user live on";
}

TEST_F(AuthTest, AnUnknownSessionCookieIsRefusedOnStaffRoutes) {
  HttpResponse response = client_.Send("GET", "/api/v1/programs", {{"Cookie", "bb_session=" + std::string(43, 'x')}});
  EXPECT_EQ(response.status, 401);
  EXPECT_FALSE(response.Header("www-authenticate").empty());
  EXPECT_EQ(Login(kEmail, kPassword).status, 200) << "but it does not block signing in";
}

TEST_F(AuthTest, BearerKeysMustBeValid) {
  std::string key = server_.KeyFor("viewer");
  std::string key_id = key.substr(0, key.find('.'));
  auto revoked = server_.services->auth.RevokeApiKey(domain::Actor::System(), key_id);
  ASSERT_TRUE(revoked.ok());

  const std::vector<std::string> refused = {
      "Bearer " + key,                                                       // revoked
      "Bearer " + key_id + ".not-the-secret",                                // wrong secret
      "Bearer key_00000000000000000000000000.secret",                        // unknown id
      "Bearer " + server_.admin_key.substr(0, server_.admin_key.find('.')),  // id alone
      "Bearer nonsense",                                                     // not a key
      "Bearer ",                                                             // empty
      "Basic " + server_.admin_key,                                          // another scheme
      "Bearer" + server_.admin_key,                                          // no space after the scheme
      "Bearers " + server_.admin_key,                                        // another scheme
  };
  for (const auto& authorization : refused) {
    SCOPED_TRACE(authorization);
    HttpResponse response = client_.Send("GET", "/api/v1/programs", {{"Authorization", authorization}});
    EXPECT_EQ(response.status, 401) << response.body;
    EXPECT_EQ(response.Header("www-authenticate"), "Bearer realm=\"bluebird\"");
    EXPECT_EQ(response.Header("content-type"), "application/problem+json");
  }
  EXPECT_EQ(client_.Send("GET", "/api/v1/programs", Bearer(server_.admin_key)).status, 200);
}

// Regression (issue 12): "Authorization: bearer <key>" was refused, though the scheme is
// case-insensitive (RFC 9110 §11.1).
TEST_F(AuthTest, TheBearerSchemeIsCaseInsensitive) {
  for (const std::string scheme : {"bearer ", "BEARER ", "BeArEr   "}) {
    SCOPED_TRACE(scheme);
    HttpResponse response = client_.Send("GET", "/api/v1/programs", {{"Authorization", scheme + server_.admin_key}});
    EXPECT_EQ(response.status, 200) << response.body;
  }
}

// Public routes never read credentials, so stale ones cannot lock a person out of signing in.
TEST_F(AuthTest, PublicRoutesIgnoreStaleCredentials) {
  Session stale = SignIn();
  server_.clock.Advance(std::chrono::hours(13));
  HttpResponse response = client_.Send("POST", "/api/v1/auth/login",
                                       {{"Authorization", "Bearer nonsense"},
                                        {"Content-Type", "application/json"},
                                        {"Cookie", "bb_session=" + stale.token}},
                                       json::serialize(json::object{{"email", kEmail}, {"password", kPassword}}));
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(SetCookie(response, "bb_session").has_value());
}

// A regression test: signing out with an ended session answered 401 and left the cookies behind.
TEST_F(AuthTest, SignOutWithAnEndedSessionStillClearsTheCookies) {
  Session session = SignIn();
  server_.clock.Advance(std::chrono::hours(13));
  HttpResponse out = client_.Send("POST", "/api/v1/auth/logout", WithSession(session));
  EXPECT_EQ(out.status, 204) << out.body;
  EXPECT_TRUE(SetCookie(out, "bb_session").has_value());
}

TestServerOptions LimitedLogins() {
  TestServerOptions options = TestServer::DefaultOptions();
  options.service.login_per_minute = 3;
  return options;
}

class LoginLimitTest : public AuthTest {
 protected:
  LoginLimitTest() : AuthTest(LimitedLogins()) {}
};

TEST_F(LoginLimitTest, TheFourthAttemptInAMinuteIsRefused) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Login(kEmail, "wrong password " + std::to_string(i)).status, 401);
  HttpResponse limited = Login(kEmail, kPassword);
  EXPECT_EQ(limited.status, 429) << "even the right password waits";
  EXPECT_EQ(limited.Json().at("type"), json::value("/problems/rate-limited"));
  std::string retry_after = limited.Header("retry-after");
  ASSERT_FALSE(retry_after.empty());
  EXPECT_GE(std::stoi(retry_after), 1);
  EXPECT_LE(std::stoi(retry_after), 60);
  EXPECT_TRUE(limited.Headers("set-cookie").empty());

  EXPECT_EQ(Login("someone.else@example.com", kPassword).status, 429) << "the limit is per client address too";

  server_.clock.Advance(std::chrono::minutes(1));
  EXPECT_EQ(Login(kEmail, kPassword).status, 200);
}

}  // namespace
}  // namespace bb::testing

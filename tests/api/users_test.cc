// Staff access that can be changed and taken away: PATCH /api/v1/users/{id} (name, role,
// disabled; sessions end at once; the last active admin is kept), one-time password reset links,
// and sign-in limits that no stranger can use to lock a user out. Regressions from issue 12.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <string>

#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kPassword[] = "correct horse battery staple";

std::vector<std::string> ErrorFields(const HttpResponse& response) {
  std::vector<std::string> fields;
  json::value body = response.Json();
  if (const auto* errors = body.is_object() ? body.as_object().if_contains("errors") : nullptr) {
    for (const auto& error : errors->as_array()) fields.emplace_back(error.at("field").as_string());
  }
  return fields;
}

class UsersTest : public ::testing::Test {
 protected:
  explicit UsersTest(TestServerOptions options = TestServer::DefaultOptions())
      : server_(std::move(options)), client_(server_.Client()) {
    pat_ = server_.CreateUser("pat@example.com", "manager", kPassword);
  }

  HttpResponse Login(const std::string& email, const std::string& password, HttpClient* client = nullptr) {
    return (client ? *client : client_)
        .Send("POST", "/api/v1/auth/login", {{"Content-Type", "application/json"}},
              json::serialize(json::object{{"email", email}, {"password", password}}));
  }

  // A signed-in session's cookie header.
  std::string SessionOf(const std::string& email, const std::string& password) {
    HttpResponse response = Login(email, password);
    EXPECT_EQ(response.status, 200) << response.body;
    auto cookie = SetCookie(response, "bb_session");
    return cookie ? "bb_session=" + CookieValue(*cookie) : "";
  }

  int MeWith(const std::string& cookie) { return client_.Send("GET", "/api/v1/me", {{"Cookie", cookie}}).status; }

  HttpResponse Patch(const std::string& id, const json::object& body, const std::string& key = "") {
    return client_.Send("PATCH", "/api/v1/users/" + id, Bearer(key.empty() ? server_.admin_key : key),
                        json::serialize(body));
  }

  HttpResponse IssueReset(const std::string& id, Headers extra = {}) {
    Headers headers = Bearer(server_.admin_key);
    headers.insert(headers.end(), extra.begin(), extra.end());
    return client_.Send("POST", "/api/v1/users/" + id + "/password-reset", headers);
  }

  HttpResponse UseReset(const std::string& token, const std::string& password) {
    return client_.Send("POST", "/api/v1/auth/password-reset", {{"Content-Type", "application/json"}},
                        json::serialize(json::object{{"token", token}, {"password", password}}));
  }

  static std::string TokenOf(const HttpResponse& issued) {
    std::string url(issued.Json().at("url").as_string());
    auto at = url.find("#token=");
    return at == std::string::npos ? "" : url.substr(at + 7);
  }

  TestServer server_;
  HttpClient client_;
  std::string pat_;
};

TEST_F(UsersTest, AnAdminChangesANameARoleAndDisabled) {
  HttpResponse renamed = Patch(pat_, {{"name", "  Pat Lee "}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.Json().at("name"), "Pat Lee");
  EXPECT_EQ(renamed.Json().at("role"), "manager");
  EXPECT_EQ(renamed.body.find("password"), std::string::npos);
  HttpResponse changed = Patch(pat_, {{"role", "viewer"}, {"disabled", true}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.Json().at("role"), "viewer");
  EXPECT_EQ(changed.Json().at("disabled"), true);
  HttpResponse read = client_.Send("GET", "/api/v1/users/" + pat_, Bearer(server_.admin_key));
  EXPECT_EQ(read.Json().at("disabled"), true);
  EXPECT_EQ(Login("pat@example.com", kPassword).status, 401) << "a disabled user cannot sign in";
  EXPECT_EQ(Patch(pat_, {{"disabled", false}}).status, 200);
  EXPECT_EQ(Login("pat@example.com", kPassword).status, 200) << "enabled again";
}

TEST_F(UsersTest, ABadChangeIsRefusedFieldByFieldAndChangesNothing) {
  HttpResponse bad = Patch(pat_, {{"role", "emperor"}, {"disabled", "yes"}, {"email", "x@example.com"}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  auto fields = ErrorFields(bad);
  EXPECT_NE(std::find(fields.begin(), fields.end(), "disabled"), fields.end()) << bad.body;
  EXPECT_NE(std::find(fields.begin(), fields.end(), "email"), fields.end()) << bad.body;
  HttpResponse role = Patch(pat_, {{"role", "emperor"}});
  EXPECT_EQ(role.status, 422);
  EXPECT_EQ(ErrorFields(role), std::vector<std::string>{"role"});
  EXPECT_EQ(Patch("usr_00000000000000000000000000", {{"name", "Nobody"}}).status, 404);
  HttpResponse read = client_.Send("GET", "/api/v1/users/" + pat_, Bearer(server_.admin_key));
  EXPECT_EQ(read.Json().at("role"), "manager");
  EXPECT_EQ(Patch(pat_, {{"name", "x"}}, server_.KeyFor("manager")).status, 403);
}

// Regression: there was no way to take access away; a disabled user's sessions lived on.
TEST_F(UsersTest, DisablingAUserEndsEverySessionOfTheirsAtOnce) {
  std::string laptop = SessionOf("pat@example.com", kPassword);
  std::string phone = SessionOf("pat@example.com", kPassword);
  ASSERT_EQ(MeWith(laptop), 200);
  ASSERT_EQ(MeWith(phone), 200);
  ASSERT_EQ(Patch(pat_, {{"disabled", true}}).status, 200);
  EXPECT_EQ(MeWith(laptop), 401);
  EXPECT_EQ(MeWith(phone), 401);
  // Enabling them again does not bring the sessions back.
  ASSERT_EQ(Patch(pat_, {{"disabled", false}}).status, 200);
  EXPECT_EQ(MeWith(laptop), 401);
}

TEST_F(UsersTest, ChangingARoleEndsTheSessionsAndTheNewRoleAppliesAtTheNextSignIn) {
  std::string session = SessionOf("pat@example.com", kPassword);
  ASSERT_EQ(Patch(pat_, {{"role", "viewer"}}).status, 200);
  EXPECT_EQ(MeWith(session), 401);
  std::string again = SessionOf("pat@example.com", kPassword);
  HttpResponse me = client_.Send("GET", "/api/v1/me", {{"Cookie", again}});
  EXPECT_EQ(me.Json().at("role"), "viewer");
  // A rename alone keeps the sessions.
  ASSERT_EQ(Patch(pat_, {{"name", "Pat"}}).status, 200);
  EXPECT_EQ(MeWith(again), 200);
}

TEST_F(UsersTest, TheLastActiveAdminCannotBeDisabledOrDemoted) {
  std::string root = server_.CreateUser("root@example.com", "admin", kPassword);
  HttpResponse disable = Patch(root, {{"disabled", true}});
  EXPECT_EQ(disable.status, 409) << disable.body;
  EXPECT_EQ(ErrorFields(disable), std::vector<std::string>{"disabled"});
  HttpResponse demote = Patch(root, {{"role", "manager"}});
  EXPECT_EQ(demote.status, 409) << demote.body;
  EXPECT_EQ(ErrorFields(demote), std::vector<std::string>{"role"});
  EXPECT_EQ(Login("root@example.com", kPassword).status, 200) << "still an admin";

  // With a second admin, either may step down, but not both.
  ASSERT_EQ(Patch(pat_, {{"role", "admin"}}).status, 200);
  EXPECT_EQ(Patch(root, {{"role", "viewer"}}).status, 200);
  EXPECT_EQ(Patch(pat_, {{"disabled", true}}).status, 409);
  // A disabled admin does not count as active.
  ASSERT_EQ(Patch(root, {{"role", "admin"}, {"disabled", true}}).status, 200);
  EXPECT_EQ(Patch(pat_, {{"role", "manager"}}).status, 409);
}

TEST_F(UsersTest, AResetLinkSetsANewPasswordOnceAndEndsEverySession) {
  std::string session = SessionOf("pat@example.com", kPassword);
  HttpResponse issued = IssueReset(pat_);
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_EQ(issued.Json().at("user_id"), json::value(pat_));
  EXPECT_EQ(issued.Json().at("expires_at"), "2026-03-01T13:00:00.000000Z");
  std::string url(issued.Json().at("url").as_string());
  EXPECT_EQ(url.rfind("http://links.test/console/reset-password#token=", 0), 0u) << url;
  std::string token = TokenOf(issued);
  ASSERT_GE(token.size(), 40u);

  HttpResponse short_password = UseReset(token, "short");
  EXPECT_EQ(short_password.status, 422);
  EXPECT_EQ(ErrorFields(short_password), std::vector<std::string>{"password"});
  HttpResponse used = UseReset(token, "a completely new passphrase");
  EXPECT_EQ(used.status, 204) << used.body;
  EXPECT_EQ(MeWith(session), 401) << "the reset ends the sessions";
  EXPECT_EQ(Login("pat@example.com", kPassword).status, 401);
  EXPECT_EQ(Login("pat@example.com", "a completely new passphrase").status, 200);
  HttpResponse again = UseReset(token, "yet another passphrase");
  EXPECT_EQ(again.status, 401) << "a link works once";
}

TEST_F(UsersTest, AResetLinkExpiresAfterAnHourAndANewOneRetiresTheOld) {
  std::string first = TokenOf(IssueReset(pat_));
  std::string second = TokenOf(IssueReset(pat_));
  EXPECT_EQ(UseReset(first, "a completely new passphrase").status, 401) << "retired by the second";
  server_.clock.Advance(1h);
  EXPECT_EQ(UseReset(second, "a completely new passphrase").status, 401) << "expired";
  EXPECT_EQ(UseReset("made-up-token", "a completely new passphrase").status, 401);
  EXPECT_EQ(Login("pat@example.com", kPassword).status, 200) << "nothing changed";
  EXPECT_EQ(IssueReset("usr_00000000000000000000000000").status, 404);
}

TEST_F(UsersTest, AReplayedResetRequestNeverShowsTheLinkAgain) {
  HttpResponse first = IssueReset(pat_, {{"Idempotency-Key", "reset-1"}});
  ASSERT_EQ(first.status, 201);
  EXPECT_TRUE(first.Json().at("url").is_string());
  HttpResponse replay = IssueReset(pat_, {{"Idempotency-Key", "reset-1"}});
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.Header("idempotent-replayed"), "true");
  EXPECT_TRUE(replay.Json().at("url").is_null()) << replay.body;
  EXPECT_EQ(replay.body.find(TokenOf(first)), std::string::npos);
  EXPECT_EQ(UseReset(TokenOf(first), "a completely new passphrase").status, 204) << "the first link still works";
}

// Regression: an admin who was disabled (or demoted) kept full admin access through the API keys
// they had created.
TEST_F(UsersTest, AKeyStopsWorkingWhenItsCreatorIsDisabledOrDemoted) {
  server_.CreateUser("bo@example.com", "admin", kPassword);  // so that Ann is not the last admin
  std::string ann = server_.CreateUser("ann@example.com", "admin", kPassword);
  domain::Actor as_ann{domain::Actor::Kind::kUser, ann, domain::Role::kAdmin};
  auto created = server_.services->auth.CreateApiKey(as_ann, std::string("Ann's integration"), std::string("admin"));
  ASSERT_TRUE(created.ok()) << created.error().message();
  std::string key = created->secret;
  auto users_with = [&](const std::string& k) { return client_.Send("GET", "/api/v1/users", Bearer(k)); };
  ASSERT_EQ(users_with(key).status, 200);

  ASSERT_EQ(Patch(ann, {{"disabled", true}}).status, 200);
  HttpResponse disabled = users_with(key);
  EXPECT_EQ(disabled.status, 401) << disabled.body;
  EXPECT_NE(disabled.body.find("user who created it"), std::string::npos) << disabled.body;
  ASSERT_EQ(Patch(ann, {{"disabled", false}}).status, 200);
  EXPECT_EQ(users_with(key).status, 200) << "enabled again, and the key was never revoked";
  ASSERT_EQ(Patch(ann, {{"role", "manager"}}).status, 200);
  EXPECT_EQ(users_with(key).status, 401) << "a manager may not make admin keys, so theirs stop";
  EXPECT_EQ(users_with(server_.admin_key).status, 200) << "the operator's keys belong to no user";

  // A key made with a key carries the same authority, however far down the line.
  ASSERT_EQ(Patch(ann, {{"role", "admin"}}).status, 200);
  auto made_with = [&](const std::string& k) {
    HttpResponse made = client_.Send("POST", "/api/v1/api-keys", Bearer(k),
                                     json::serialize(json::object{{"name", "made with a key"}, {"role", "admin"}}));
    EXPECT_EQ(made.status, 201) << made.body;
    return std::string(made.Json().at("key").as_string());
  };
  std::string child = made_with(key);
  std::string grandchild = made_with(child);
  ASSERT_EQ(users_with(grandchild).status, 200);
  ASSERT_EQ(Patch(ann, {{"disabled", true}}).status, 200);
  EXPECT_EQ(users_with(child).status, 401);
  EXPECT_EQ(users_with(grandchild).status, 401);
  ASSERT_EQ(Patch(ann, {{"disabled", false}}).status, 200);
  ASSERT_EQ(users_with(grandchild).status, 200);
  std::string child_id = child.substr(0, child.find('.'));
  ASSERT_EQ(client_.Send("POST", "/api/v1/api-keys/" + child_id + "/revoke", Bearer(server_.admin_key)).status, 200);
  EXPECT_EQ(users_with(grandchild).status, 401) << "revoking a key stops the keys made with it";
}

TestServerOptions FewSignIns() {
  TestServerOptions options = TestServer::DefaultOptions();
  options.service.login_per_minute = 5;
  return options;
}

class SignInLimitTest : public UsersTest {
 protected:
  SignInLimitTest() : UsersTest(FewSignIns()) {}
};

// Regression: sign-in was limited per email, so anyone who knew a user's address could keep them
// out by failing on purpose.
TEST_F(SignInLimitTest, FailuresFromOtherAddressesCannotLockTheRealUserOut) {
  for (const std::string address : {"127.0.0.2", "127.0.0.3", "127.0.0.4"}) {
    HttpClient stranger(server_.port(), address);
    int refused = 0;
    for (int i = 0; i < 12; ++i) {
      int status = Login("pat@example.com", "guess number " + std::to_string(i), &stranger).status;
      EXPECT_TRUE(status == 401 || status == 429) << status;
      refused += status == 429;
    }
    EXPECT_GT(refused, 0) << "the stranger's own address is limited: " << address;
  }
  HttpClient pat(server_.port(), "127.0.0.5");
  HttpResponse signed_in = Login("pat@example.com", kPassword, &pat);
  EXPECT_EQ(signed_in.status, 200) << signed_in.body;
  // And from the usual address, which has not been failing either.
  EXPECT_EQ(Login("pat@example.com", kPassword).status, 200);
}

TEST_F(SignInLimitTest, AnAddressThatKeepsFailingIsLimitedForEveryAccount) {
  HttpClient stranger(server_.port(), "127.0.0.6");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Login("pat@example.com", "guess " + std::to_string(i), &stranger).status, 401);
  EXPECT_EQ(Login("someone@example.com", "guess", &stranger).status, 429);
  server_.clock.Advance(1min);
  EXPECT_EQ(Login("pat@example.com", kPassword, &stranger).status, 200);
}

}  // namespace
}  // namespace bb::testing

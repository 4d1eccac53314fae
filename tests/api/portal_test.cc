// The advocate portal's API: a one-time sign-in link issued by staff opens a portal session
// (HttpOnly cookie, CSRF token for changes); the advocate sees and creates only their own
// referrals, sees only the rewards they are the beneficiary of, and reaches no staff route.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <string>

#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class PortalTest : public ::testing::Test {
 protected:
  PortalTest() : client_(server_.Client()) {
    program_ = Create("/api/v1/programs",
                      {{"name", "Portal"}, {"kind", "customer"}, {"landing_url", "https://portal.example/"}});
    Create("/api/v1/programs/" + program_ + "/reward-rules",
           {{"name", "Thanks"}, {"trigger", {{"stage", "submitted"}}}, {"amount", {{"fixed_minor", 500}}}});
    Create("/api/v1/programs/" + program_ + "/reward-rules", {{"name", "Friend"},
                                                              {"trigger", {{"stage", "submitted"}}},
                                                              {"beneficiary", "referee"},
                                                              {"amount", {{"fixed_minor", 700}}}});
    ada_ = Create("/api/v1/programs/" + program_ + "/advocates", {{"email", "ada@adv.example"}, {"first_name", "Ada"}});
    bob_ = Create("/api/v1/programs/" + program_ + "/advocates", {{"email", "bob@adv.example"}, {"first_name", "Bob"}});
    bobs_referral_ = Create("/api/v1/referrals", {{"advocate_id", bob_},
                                                  {"referee", {{"email", "x@prospect.example"}, {"first_name", "X"}}}});
  }

  std::string Create(const std::string& target, const json::object& body) {
    HttpResponse response = client_.Send("POST", target, Bearer(server_.admin_key), json::serialize(body));
    EXPECT_EQ(response.status, 201) << target << "\n" << response.body;
    return std::string(response.Json().at("id").as_string());
  }

  std::string IssueLink(const std::string& advocate) {
    HttpResponse response =
        client_.Send("POST", "/api/v1/advocates/" + advocate + "/sign-in-links", Bearer(server_.admin_key));
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(response.Json().at("token").as_string());
  }

  std::string Slug() {
    HttpResponse program = client_.Send("GET", "/api/v1/programs/" + program_, Bearer(server_.admin_key));
    return std::string(program.Json().at("slug").as_string());
  }

  HttpResponse SignInWithPassword(const std::string& email, const std::string& password) {
    return client_.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
                        json::serialize(json::object{{"program", Slug()}, {"email", email}, {"password", password}}));
  }

  // Keeps the session the response opened as the one AsAdvocate uses.
  void KeepSession(const HttpResponse& response) {
    auto cookie = SetCookie(response, "bb_portal");
    ASSERT_TRUE(cookie) << response.body;
    session_ = CookieValue(*cookie);
    csrf_ = std::string(response.Json().at("csrf_token").as_string());
  }

  HttpResponse SetPassword(const json::object& body) {
    return AsAdvocate("PUT", "/api/v1/portal/password", json::serialize(body));
  }

  HttpResponse SignIn(const std::string& token) {
    return client_.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
                        json::serialize(json::object{{"token", token}}));
  }

  // Signs `advocate` in; remembers the session cookie and CSRF token.
  void SignInAs(const std::string& advocate) {
    HttpResponse response = SignIn(IssueLink(advocate));
    ASSERT_EQ(response.status, 200) << response.body;
    auto cookie = SetCookie(response, "bb_portal");
    ASSERT_TRUE(cookie);
    EXPECT_TRUE(HasAttribute(*cookie, "HttpOnly"));
    EXPECT_TRUE(HasAttribute(*cookie, "SameSite=Lax"));
    session_ = CookieValue(*cookie);
    csrf_ = std::string(response.Json().at("csrf_token").as_string());
    EXPECT_EQ(response.Json().at("advocate").at("id"), json::value(advocate));
  }

  HttpResponse AsAdvocate(const std::string& method, const std::string& target, const std::string& body = "",
                          bool with_csrf = true) {
    std::vector<std::pair<std::string, std::string>> headers{{"Cookie", "bb_portal=" + session_},
                                                             {"Content-Type", "application/json"}};
    if (with_csrf) headers.emplace_back("X-CSRF-Token", csrf_);
    return client_.Send(method, target, headers, body);
  }

  TestServer server_;
  HttpClient client_;
  std::string program_, ada_, bob_, bobs_referral_, session_, csrf_;
};

const std::string kWarmIntro = R"({"referee": {"email": "grace@prospect.example", "first_name": "Grace",
  "company": "Navy"}, "product": "Enterprise", "note": "Met at a conference"})";

TEST_F(PortalTest, AnAdvocateRefersAndSeesOnlyTheirOwnReferralsAndRewards) {
  SignInAs(ada_);
  HttpResponse created = AsAdvocate("POST", "/api/v1/portal/referrals", kWarmIntro);
  ASSERT_EQ(created.status, 201) << created.body;
  json::value referral = created.Json();
  EXPECT_EQ(referral.at("source"), json::value("portal"));
  EXPECT_EQ(referral.at("stage"), json::value("submitted"));
  EXPECT_FALSE(referral.as_object().contains("review_reasons")) << "the review's evidence stays with staff";
  std::string id(referral.at("id").as_string());

  HttpResponse mine = AsAdvocate("GET", "/api/v1/portal/referrals");
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.Json().at("data").as_array().size(), 1u) << mine.body;
  EXPECT_EQ(mine.Json().at("data").as_array()[0].at("id"), json::value(id));

  HttpResponse detail = AsAdvocate("GET", "/api/v1/portal/referrals/" + id);
  ASSERT_EQ(detail.status, 200);
  json::value history = detail.Json().at("history");
  ASSERT_EQ(history.as_array().size(), 1u);
  EXPECT_EQ(history.as_array()[0].at("kind"), json::value("submitted"));
  EXPECT_FALSE(history.as_array()[0].as_object().contains("note"));

  HttpResponse others = AsAdvocate("GET", "/api/v1/portal/referrals/" + bobs_referral_);
  EXPECT_EQ(others.status, 404) << "another advocate's referral does not exist for Ada";
  HttpResponse staff_view = client_.Send("GET", "/api/v1/referrals/" + id, Bearer(server_.admin_key));
  EXPECT_EQ(staff_view.Json().at("history").as_array()[0].at("actor_name"), json::value("Ada"))
      << "staff see that Ada made the introduction herself";

  HttpResponse rewards = AsAdvocate("GET", "/api/v1/portal/rewards");
  ASSERT_EQ(rewards.status, 200);
  json::value reward_list = rewards.Json();
  ASSERT_EQ(reward_list.at("data").as_array().size(), 1u) << "the referee's reward is not Ada's: " << rewards.body;
  EXPECT_EQ(reward_list.at("data").as_array()[0].at("amount_minor"), json::value(500));
  EXPECT_EQ(reward_list.at("data").as_array()[0].at("description"), "You referred Grace at Navy")
      << "in Ada's words, not the rule's arithmetic";
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/rewards?status=paid").status, 422);

  HttpResponse me = AsAdvocate("GET", "/api/v1/portal/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.Json().at("advocate").at("id"), json::value(ada_));
  EXPECT_EQ(me.Json().at("balances").as_array()[0].at("pending_minor"), json::value(500));
}

TEST_F(PortalTest, ChangesNeedTheCsrfTokenAndTheFieldsOfAWarmIntroductionOnly) {
  SignInAs(ada_);
  EXPECT_EQ(AsAdvocate("POST", "/api/v1/portal/referrals", kWarmIntro, false).status, 403);
  HttpResponse attributed = AsAdvocate(
      "POST", "/api/v1/portal/referrals",
      R"({"advocate_id": ")" + bob_ + R"(", "referee": {"email": "z@prospect.example", "first_name": "Z"}})");
  EXPECT_EQ(attributed.status, 422) << "an advocate cannot refer on someone else's behalf";
  HttpResponse bad =
      AsAdvocate("POST", "/api/v1/portal/referrals", R"({"referee": {"email": "nope", "first_name": 3}})");
  ASSERT_EQ(bad.status, 422);
  std::string errors = json::serialize(bad.Json().at("errors"));
  EXPECT_NE(errors.find("referee.email"), std::string::npos) << errors;
  EXPECT_NE(errors.find("referee.first_name"), std::string::npos) << errors;
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/referrals").Json().at("data").as_array().size(), 0u)
      << "nothing was written";
}

TEST_F(PortalTest, APortalSessionOpensNoStaffRoute) {
  SignInAs(ada_);
  const std::vector<std::string> staff_routes{"/api/v1/programs", "/api/v1/referrals", "/api/v1/rewards",
                                              "/api/v1/advocates/" + ada_, "/api/v1/me"};
  for (const std::string& target : staff_routes) {
    EXPECT_EQ(AsAdvocate("GET", target).status, 401) << target;
  }
  EXPECT_EQ(client_.Send("GET", "/api/v1/portal/me", Bearer(server_.admin_key)).status, 401)
      << "an API key is not a portal session";
}

TEST_F(PortalTest, ASignInLinkWorksOnceAndExpires) {
  std::string token = IssueLink(ada_);
  EXPECT_EQ(SignIn(token).status, 200);
  HttpResponse again = SignIn(token);
  EXPECT_EQ(again.status, 401);
  EXPECT_TRUE(again.Headers("set-cookie").empty());

  std::string late = IssueLink(ada_);
  server_.clock.Advance(24h);
  EXPECT_EQ(SignIn(late).status, 401) << "a link lives 24 hours";
  EXPECT_EQ(SignIn("not-a-token").status, 401);
  EXPECT_EQ(SignIn("").status, 401);
  HttpResponse missing = client_.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}}, "{}");
  EXPECT_EQ(missing.status, 422);
}

TEST_F(PortalTest, SessionsEndOnSignOutIdlenessAndDeactivation) {
  SignInAs(ada_);
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/me").status, 200);
  server_.clock.Advance(31min);
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/me").status, 401) << "idle for longer than 30 minutes";

  SignInAs(ada_);
  HttpResponse out = AsAdvocate("POST", "/api/v1/portal/sign-out");
  EXPECT_EQ(out.status, 204);
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/me").status, 401);

  SignInAs(ada_);
  HttpResponse deactivated =
      client_.Send("POST", "/api/v1/advocates/" + ada_ + "/deactivate", Bearer(server_.admin_key), "{}");
  ASSERT_EQ(deactivated.status, 200);
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/me").status, 401);
  EXPECT_EQ(client_.Send("POST", "/api/v1/advocates/" + ada_ + "/sign-in-links", Bearer(server_.admin_key)).status,
            409);
}

TEST_F(PortalTest, JoiningOpensAPortalSessionForThePersonWhoJoined) {
  std::string slug = Slug();
  std::string body = R"({"email": "cy@joiner.example", "first_name": "Cy"})";
  HttpResponse joined = client_.Send("POST", "/api/v1/public/programs/" + slug + "/join",
                                     {{"Content-Type", "application/json"}, {"Idempotency-Key", "join-cy"}}, body);
  ASSERT_EQ(joined.status, 201) << joined.body;
  auto cookie = SetCookie(joined, "bb_portal");
  ASSERT_TRUE(cookie) << "a new sign-up lands in the portal signed in";
  EXPECT_TRUE(HasAttribute(*cookie, "HttpOnly"));
  auto csrf = SetCookie(joined, "bb_portal_csrf");
  ASSERT_TRUE(csrf);
  EXPECT_EQ(joined.Header("cache-control"), "no-store");
  session_ = CookieValue(*cookie);
  csrf_ = CookieValue(*csrf);

  HttpResponse me = AsAdvocate("GET", "/api/v1/portal/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.Json().at("advocate").at("id"), joined.Json().at("id"));
  EXPECT_EQ(
      me.Json().at("program"),
      json::parse(R"({"name": "Portal", "slug": ")" + slug +
                  R"(", "kind": "customer", "status": "active", "branding": {"color": "#1d4ed8", "logo_url": ""}})"));
  EXPECT_EQ(me.Json().at("share_message"),
            json::value("I think you would get a lot out of Portal. Have a look through my link:"))
      << "the default message, filled in";
  HttpResponse referred = AsAdvocate("POST", "/api/v1/portal/referrals", kWarmIntro);
  EXPECT_EQ(referred.status, 201) << "the CSRF cookie set by the join is the session's: " << referred.body;

  HttpResponse replayed = client_.Send("POST", "/api/v1/public/programs/" + slug + "/join",
                                       {{"Content-Type", "application/json"}, {"Idempotency-Key", "join-cy"}}, body);
  EXPECT_EQ(replayed.status, 201);
  EXPECT_EQ(replayed.Header("idempotent-replayed"), "true");
  EXPECT_FALSE(SetCookie(replayed, "bb_portal")) << "a replay opens no second session";

  HttpResponse again =
      client_.Send("POST", "/api/v1/public/programs/" + slug + "/join", {{"Content-Type", "application/json"}}, body);
  EXPECT_EQ(again.status, 409) << "joining as an existing advocate is refused, and signs nobody in";
  EXPECT_FALSE(SetCookie(again, "bb_portal"));
}

TEST_F(PortalTest, AProgramsPublicViewShowsOnlyWhatItsPagesShow) {
  std::string slug = Slug();
  HttpResponse shown = client_.Send("GET", "/api/v1/public/programs/" + slug);
  ASSERT_EQ(shown.status, 200) << shown.body;
  EXPECT_EQ(shown.Json(),
            json::parse(R"({"name": "Portal", "slug": ")" + slug +
                        R"(", "kind": "customer", "status": "active", "branding": {"color": "#1d4ed8", "logo_url": ""},
                  "landing": {"headline": "Portal", "intro": "Someone who knows your work thought we should talk. )"
                        R"(Leave your details and we will reach out."}})"))
      << "the landing page's words are the program's own public words";
  HttpResponse unknown = client_.Send("GET", "/api/v1/public/programs/no-such-program");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.Json().at("detail"), json::value("No program with this name."));
}

TEST_F(PortalTest, TheShareMessageIsTheProgramsFilledInForTheAdvocate) {
  HttpResponse patched = client_.Send(
      "PATCH", "/api/v1/programs/" + program_, Bearer(server_.admin_key),
      R"({"branding": {"share_message": "{{advocate.first_name}} ({{ advocate.code }}) says: try {{program.name}} {{advocate.link}} {{advocate.company}}"}})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  SignInAs(ada_);
  HttpResponse me = AsAdvocate("GET", "/api/v1/portal/me");
  ASSERT_EQ(me.status, 200);
  std::string code(me.Json().at("advocate").at("code").as_string());
  std::string link(me.Json().at("advocate").at("link").as_string());
  EXPECT_EQ(me.Json().at("share_message"), json::value("Ada (" + code + ") says: try Portal " + link + " "));
}

TEST_F(PortalTest, TheCardComesAsPdfOrPngAndNothingElse) {
  SignInAs(ada_);
  HttpResponse pdf = AsAdvocate("GET", "/api/v1/portal/card");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_NE(pdf.Header("content-disposition").find("referral-card-"), std::string::npos);
  HttpResponse png = AsAdvocate("GET", "/api/v1/portal/card?format=png");
  ASSERT_EQ(png.status, 200);
  EXPECT_EQ(png.Header("content-type"), "image/png");
  for (const char* bad : {"?format=gif", "?size=2", "?format=png&size=2"}) {
    HttpResponse refused = AsAdvocate("GET", std::string("/api/v1/portal/card") + bad);
    EXPECT_EQ(refused.status, 422) << bad;
  }
  HttpResponse unknown = AsAdvocate("GET", "/api/v1/portal/referrals?colour=red");
  ASSERT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.Json().at("errors").as_array()[0].at("field"), json::value("colour"));
  EXPECT_EQ(client_.Send("GET", "/api/v1/programs?colour=red", Bearer(server_.admin_key)).status, 422);
}

TEST_F(PortalTest, AnAdvocateSetsAPasswordAndSignsInWithIt) {
  SignInAs(ada_);
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/me").Json().at("password_set"), json::value(false));
  HttpResponse weak = SetPassword({{"new_password", "too short"}});
  ASSERT_EQ(weak.status, 422);
  EXPECT_EQ(weak.Json().at("errors").as_array()[0].at("field"), json::value("new_password"));
  HttpResponse no_csrf = AsAdvocate("PUT", "/api/v1/portal/password",
                                    json::serialize(json::object{{"new_password", "a long enough secret"}}), false);
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(SetPassword({{"new_password", "a long enough secret"}}).status, 204) << "no password yet: none asked";
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/me").Json().at("password_set"), json::value(true));
  ASSERT_EQ(AsAdvocate("POST", "/api/v1/portal/sign-out").status, 204);

  HttpResponse signed_in = SignInWithPassword("ADA@adv.example", "a long enough secret");
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  EXPECT_EQ(signed_in.Json().at("advocate").at("id"), json::value(ada_));
  EXPECT_TRUE(HasAttribute(*SetCookie(signed_in, "bb_portal"), "HttpOnly"));
  KeepSession(signed_in);
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/me").status, 200);

  // One answer for every wrong combination: nothing tells which half was wrong.
  HttpResponse wrong = SignInWithPassword("ada@adv.example", "not the secret at all");
  EXPECT_EQ(wrong.status, 401);
  for (const HttpResponse& other :
       {SignInWithPassword("bob@adv.example", "a long enough secret"),
        SignInWithPassword("nobody@adv.example", "a long enough secret"),
        client_.Send(
            "POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
            R"({"program": "no-such-program", "email": "ada@adv.example", "password": "a long enough secret"})")}) {
    EXPECT_EQ(other.status, 401);
    EXPECT_EQ(other.Json().at("detail"), wrong.Json().at("detail"));
    EXPECT_FALSE(SetCookie(other, "bb_portal"));
  }

  HttpResponse deactivated =
      client_.Send("POST", "/api/v1/advocates/" + ada_ + "/deactivate", Bearer(server_.admin_key), "{}");
  ASSERT_EQ(deactivated.status, 200);
  EXPECT_EQ(SignInWithPassword("ada@adv.example", "a long enough secret").status, 401);
}

TEST_F(PortalTest, APasswordSignInNamesWhatIsMissingOrMixed) {
  HttpResponse empty = client_.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}}, "{}");
  ASSERT_EQ(empty.status, 422);
  std::vector<std::string> fields;
  json::value problem = empty.Json();
  for (const auto& error : problem.at("errors").as_array()) fields.emplace_back(error.at("field").as_string());
  EXPECT_EQ(fields, (std::vector<std::string>{"program", "email", "password"}));
  HttpResponse mixed = client_.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
                                    R"({"token": "abc", "email": "ada@adv.example"})");
  ASSERT_EQ(mixed.status, 422);
  EXPECT_EQ(mixed.Json().at("errors").as_array()[0].at("field"), json::value("token"));
}

TEST_F(PortalTest, ChangingAPasswordNeedsTheCurrentOneExceptRightAfterASignInLink) {
  SignInAs(ada_);
  ASSERT_EQ(SetPassword({{"new_password", "the first secret"}}).status, 204);
  EXPECT_EQ(SetPassword({{"new_password", "the second secret"}}).status, 204)
      << "within 15 minutes of signing in by a link, the link is the proof";
  server_.clock.Advance(16min);
  HttpResponse missing = SetPassword({{"new_password", "the third secret"}});
  ASSERT_EQ(missing.status, 422);
  EXPECT_EQ(missing.Json().at("errors").as_array()[0].at("field"), json::value("current_password"));
  HttpResponse wrong = SetPassword({{"current_password", "the first secret"}, {"new_password", "the third secret"}});
  ASSERT_EQ(wrong.status, 422);
  EXPECT_EQ(wrong.Json().at("errors").as_array()[0].at("field"), json::value("current_password"));
  EXPECT_EQ(SetPassword({{"current_password", "the second secret"}, {"new_password", "the third secret"}}).status, 204);

  HttpResponse by_password = SignInWithPassword("ada@adv.example", "the third secret");
  ASSERT_EQ(by_password.status, 200);
  std::string other_session = session_, other_csrf = csrf_;
  KeepSession(by_password);
  EXPECT_EQ(SetPassword({{"new_password", "the fourth secret"}}).status, 422)
      << "a session opened by the password itself must give the current one";

  // A forgotten password: staff hand over a new link, which lets the advocate choose a new one
  // and ends every other session.
  std::string password_session = session_;
  SignInAs(ada_);
  EXPECT_EQ(SetPassword({{"new_password", "the fifth secret"}}).status, 204);
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/me").status, 200) << "the session that changed it stays";
  session_ = password_session;
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/me").status, 401);
  session_ = other_session;
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/me").status, 401);
  EXPECT_EQ(SignInWithPassword("ada@adv.example", "the third secret").status, 401);
  EXPECT_EQ(SignInWithPassword("ada@adv.example", "the fifth secret").status, 200);
}

TEST_F(PortalTest, ARecentJoinCannotReplaceAPasswordWithoutTheCurrentOne) {
  // A join proves nothing about the email, so its session never counts as a reset.
  std::string body = R"({"email": "dee@joiner.example", "first_name": "Dee"})";
  HttpResponse joined =
      client_.Send("POST", "/api/v1/public/programs/" + Slug() + "/join", {{"Content-Type", "application/json"}}, body);
  ASSERT_EQ(joined.status, 201) << joined.body;
  session_ = CookieValue(*SetCookie(joined, "bb_portal"));
  csrf_ = CookieValue(*SetCookie(joined, "bb_portal_csrf"));
  ASSERT_EQ(SetPassword({{"new_password", "dee's own secret"}}).status, 204) << "a new advocate has none to give";
  HttpResponse again = SetPassword({{"new_password", "someone else's secret"}});
  ASSERT_EQ(again.status, 422);
  EXPECT_EQ(again.Json().at("errors").as_array()[0].at("field"), json::value("current_password"));
}

TEST_F(PortalTest, AnInvitationLinkLastsAsLongAsAskedUpToThirtyDays) {
  auto issue = [&](const std::string& body) {
    return client_.Send("POST", "/api/v1/advocates/" + ada_ + "/sign-in-links", Bearer(server_.admin_key), body);
  };
  HttpResponse week = issue(R"({"expires_in_hours": 168})");
  ASSERT_EQ(week.status, 201) << week.body;
  EXPECT_EQ(week.Json().at("expires_at"), json::value("2026-03-08T12:00:00.000000Z"));
  for (const char* refused :
       {R"({"expires_in_hours": 0})", R"({"expires_in_hours": 721})", R"({"expires_in_hours": "a week"})"}) {
    HttpResponse answer = issue(refused);
    ASSERT_EQ(answer.status, 422) << refused;
    EXPECT_EQ(answer.Json().at("errors").as_array()[0].at("field"), json::value("expires_in_hours"));
  }
  server_.clock.Advance(6 * 24h);
  EXPECT_EQ(SignIn(std::string(week.Json().at("token").as_string())).status, 200) << "still valid on day 6";
}

// Regression: an unused sign-in link (an invitation lasts up to 30 days) could replace the password
// the advocate set afterwards, without the current one.
TEST_F(PortalTest, OldLinksStopWorkingOnceAPasswordIsSet) {
  std::string invitation = IssueLink(ada_);
  SignInAs(ada_);
  ASSERT_EQ(SetPassword({{"new_password", "ada's own secret"}}).status, 204);
  HttpResponse late = SignIn(invitation);
  EXPECT_EQ(late.status, 401) << "links issued before the password are retired with it";
  EXPECT_EQ(SignInWithPassword("ada@adv.example", "ada's own secret").status, 200);
}

// Joining proves nothing about the email: whoever joined with someone's address may choose a
// password, but the first sign-in by a link (which does prove it) drops that password and ends
// every session but the link's.
TEST_F(PortalTest, APasswordChosenAfterJoiningEndsWhenALinkProvesTheEmail) {
  HttpResponse joined =
      client_.Send("POST", "/api/v1/public/programs/" + Slug() + "/join", {{"Content-Type", "application/json"}},
                   R"({"email": "eve@joiner.example", "first_name": "Eve"})");
  ASSERT_EQ(joined.status, 201) << joined.body;
  std::string eve(joined.Json().at("id").as_string());
  session_ = CookieValue(*SetCookie(joined, "bb_portal"));
  csrf_ = CookieValue(*SetCookie(joined, "bb_portal_csrf"));
  ASSERT_EQ(SetPassword({{"new_password", "the joiner's secret"}}).status, 204);
  HttpResponse squatter = SignInWithPassword("eve@joiner.example", "the joiner's secret");
  ASSERT_EQ(squatter.status, 200) << "until the email is proven, the password works";
  std::string squatter_session = CookieValue(*SetCookie(squatter, "bb_portal"));

  SignInAs(eve);  // the owner of the address, through a link staff sent there
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/me").Json().at("password_set"), json::value(false));
  EXPECT_EQ(SignInWithPassword("eve@joiner.example", "the joiner's secret").status, 401);
  std::string owner_session = session_;
  session_ = squatter_session;
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/me").status, 401) << "the joiner's sessions ended";

  session_ = owner_session;
  ASSERT_EQ(SetPassword({{"new_password", "the owner's secret"}}).status, 204);
  SignInAs(eve);
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/me").Json().at("password_set"), json::value(true))
      << "a password chosen after a link is proven: the next link keeps it";
  EXPECT_EQ(SignInWithPassword("eve@joiner.example", "the owner's secret").status, 200);
}

TEST_F(PortalTest, APasswordOpensOnlyItsOwnProgram) {
  std::string other =
      Create("/api/v1/programs", {{"name", "Other"}, {"kind", "partner"}, {"landing_url", "https://o.example/"}});
  Create("/api/v1/programs/" + other + "/advocates", {{"email", "ada@adv.example"}, {"first_name", "Ada"}});
  SignInAs(ada_);
  ASSERT_EQ(SetPassword({{"new_password", "ada's portal secret"}}).status, 204);
  std::string other_slug(
      client_.Send("GET", "/api/v1/programs/" + other, Bearer(server_.admin_key)).Json().at("slug").as_string());
  HttpResponse elsewhere =
      client_.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
                   json::serialize(json::object{
                       {"program", other_slug}, {"email", "ada@adv.example"}, {"password", "ada's portal secret"}}));
  EXPECT_EQ(elsewhere.status, 401) << "the same person in another program has no password there";
  EXPECT_EQ(SignInWithPassword("ada@adv.example", "ada's portal secret").status, 200);
}

TEST(PortalLimitsTest, PasswordSignInsAndChangesAreLimited) {
  TestServerOptions options = TestServer::DefaultOptions();
  options.service.login_per_minute = 2;
  TestServer server(options);
  HttpClient client = server.Client();
  auto create = [&](const std::string& target, const json::object& body) {
    return client.Send("POST", target, Bearer(server.admin_key), json::serialize(body)).Json();
  };
  json::value program =
      create("/api/v1/programs", {{"name", "Limits"}, {"kind", "customer"}, {"landing_url", "https://l.example/"}});
  std::string program_id(program.at("id").as_string());
  std::string slug(program.at("slug").as_string());
  std::string ada(
      create("/api/v1/programs/" + program_id + "/advocates", {{"email", "ada@l.example"}, {"first_name", "Ada"}})
          .at("id")
          .as_string());
  auto sign_in = [&](const std::string& password) {
    return client.Send(
        "POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
        json::serialize(json::object{{"program", slug}, {"email", "ada@l.example"}, {"password", password}}));
  };
  EXPECT_EQ(sign_in("wrong password one").status, 401);
  EXPECT_EQ(sign_in("wrong password two").status, 401);
  HttpResponse limited = sign_in("wrong password three");
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.Header("retry-after").empty());

  server.clock.Advance(std::chrono::minutes(2));
  HttpResponse token = client.Send("POST", "/api/v1/advocates/" + ada + "/sign-in-links", Bearer(server.admin_key));
  HttpResponse opened = client.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
                                    json::serialize(json::object{{"token", token.Json().at("token")}}));
  ASSERT_EQ(opened.status, 200) << opened.body;
  std::vector<std::pair<std::string, std::string>> headers{
      {"Cookie", "bb_portal=" + CookieValue(*SetCookie(opened, "bb_portal"))},
      {"X-CSRF-Token", std::string(opened.Json().at("csrf_token").as_string())},
      {"Content-Type", "application/json"}};
  auto set = [&](const std::string& password) {
    return client.Send("PUT", "/api/v1/portal/password", headers,
                       json::serialize(json::object{{"new_password", password}}));
  };
  EXPECT_EQ(set("a first long secret").status, 204);
  EXPECT_EQ(set("a second long secret").status, 204);
  EXPECT_EQ(set("a third long secret").status, 429) << "each change costs an argon2id hash: limited per advocate";

  // Regression (issue 12): the limit per email let a stranger keep the advocate out. Failures from
  // other addresses leave the right password working from an address that has not been failing.
  server.clock.Advance(std::chrono::minutes(2));
  auto sign_in_from = [&](const std::string& address, const std::string& password) {
    HttpClient from(server.port(), address);
    return from
        .Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
              json::serialize(json::object{{"program", slug}, {"email", "ada@l.example"}, {"password", password}}))
        .status;
  };
  for (const std::string address : {"127.0.0.2", "127.0.0.3"}) {
    for (int i = 0; i < 4; ++i) sign_in_from(address, "a stranger's guess");
    EXPECT_EQ(sign_in_from(address, "a stranger's guess"), 429) << address;
  }
  EXPECT_EQ(sign_in_from("127.0.0.4", "a second long secret"), 200);
}

}  // namespace
}  // namespace bb::testing

// The NPS question in the advocate portal, over the real API on the test's clock: off until staff
// run an NPS survey with trigger "portal"; then shown to a signed-in advocate, its first showing
// counted as the survey's sending (an email survey within the throttle window skips them, and a
// portal question is not shown to someone emailed a survey in the window); answered, the answer
// lands where every answer does (the advocate's nps_class, the report) and is changed in place;
// "Not now" hides it for the window; the next window asks again. Staff figures count shown and
// answered. Only the signed-in advocate, with the CSRF token. (SQLite and, under "postgres/",
// PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>

#include "jobs/campaign_runner.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class PortalSurveyTest : public ::testing::Test {
 protected:
  PortalSurveyTest() : client_(server_.Client()), runner_(*server_.services, 1s) {
    program_ = Create("/api/v1/programs",
                      {{"name", "Portal NPS"}, {"kind", "customer"}, {"landing_url", "https://portal.example/"}});
    ada_ = Create("/api/v1/programs/" + program_ + "/advocates", {{"email", "ada@adv.example"}, {"first_name", "Ada"}});
    bob_ = Create("/api/v1/programs/" + program_ + "/advocates", {{"email", "bob@adv.example"}, {"first_name", "Bob"}});
  }

  std::string Create(const std::string& target, const json::object& body) {
    HttpResponse response = client_.Send("POST", target, Bearer(server_.admin_key), json::serialize(body));
    EXPECT_EQ(response.status, 201) << target << "\n" << response.body;
    return response.status == 201 ? std::string(response.Json().at("id").as_string()) : "";
  }
  std::string PortalSurveyCampaign() {
    return Create("/api/v1/programs/" + program_ + "/campaigns",
                  {{"name", "Asked in the portal"}, {"kind", "nps_survey"}, {"trigger", "portal"}});
  }
  void SignInAs(const std::string& advocate) {
    HttpResponse link =
        client_.Send("POST", "/api/v1/advocates/" + advocate + "/sign-in-links", Bearer(server_.admin_key));
    HttpResponse response = client_.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
                                         json::serialize(json::object{{"token", link.Json().at("token")}}));
    ASSERT_EQ(response.status, 200) << response.body;
    auto cookie = SetCookie(response, "bb_portal");
    ASSERT_TRUE(cookie) << response.body;
    session_ = CookieValue(*cookie);
    csrf_ = std::string(response.Json().at("csrf_token").as_string());
  }
  HttpResponse AsAdvocate(const std::string& method, const json::value& body = nullptr, bool with_csrf = true) {
    std::vector<std::pair<std::string, std::string>> headers{{"Cookie", "bb_portal=" + session_},
                                                             {"Content-Type", "application/json"}};
    if (with_csrf) headers.emplace_back("X-CSRF-Token", csrf_);
    return client_.Send(method, "/api/v1/portal/survey", headers, body.is_null() ? "" : json::serialize(body));
  }
  json::value Question() {
    HttpResponse response = AsAdvocate("GET");
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json().at("survey");
  }
  json::value Campaign(const std::string& id) {
    return client_.Send("GET", "/api/v1/campaigns/" + id, Bearer(server_.admin_key)).Json();
  }

  TestServer server_;
  HttpClient client_;
  jobs::CampaignRunner runner_;
  std::string program_, ada_, bob_, session_, csrf_;
};

TEST_F(PortalSurveyTest, AskedInThePortalAnsweredThereAndCountedByTheThrottle) {
  SignInAs(ada_);
  EXPECT_EQ(Question(), nullptr) << "off until staff run a survey in the portal";
  const std::string portal = PortalSurveyCampaign();
  EXPECT_EQ(Campaign(portal).at("trigger"), "portal");
  EXPECT_EQ(Campaign(portal).at("throttle_days"), 90);

  json::value asked = Question();
  ASSERT_TRUE(asked.is_object());
  EXPECT_EQ(asked.at("question"), "How likely is it that you would recommend Portal NPS to a friend or colleague?");
  EXPECT_EQ(asked.at("first_name"), "Ada");
  EXPECT_EQ(asked.at("score"), nullptr);
  EXPECT_EQ(Campaign(portal).at("sent"), 1) << "shown: counted as sent";

  // An email survey now skips Ada (shown in the portal within its window) and asks Bob.
  server_.clock.Advance(1h);
  const std::string emailed =
      Create("/api/v1/programs/" + program_ + "/campaigns", {{"name", "By email"}, {"kind", "nps_survey"}});
  EXPECT_EQ(Campaign(emailed).at("recipients"), 1) << "only Bob is left to ask";
  SignInAs(ada_);  // the portal's session ended while idle

  HttpResponse answered = AsAdvocate("POST", json::object{{"score", 10}});
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.Json().at("survey").at("class"), "promoter");
  HttpResponse why = AsAdvocate("POST", json::object{{"comment", "Great people."}});
  EXPECT_EQ(why.Json().at("survey").at("comment"), "Great people.");
  HttpResponse changed = AsAdvocate("POST", json::object{{"score", 8}});
  EXPECT_EQ(changed.Json().at("survey").at("score"), 8);
  EXPECT_EQ(Question().at("score"), 8) << "the same question and answer for the window";
  json::value advocate =
      client_.Send("GET", "/api/v1/advocates/" + ada_, Bearer(server_.admin_key)).Json().at("attributes");
  EXPECT_EQ(advocate.at("nps_class"), "passive");
  server_.clock.Advance(1s);
  json::value report =
      client_.Send("GET", "/api/v1/analytics/nps?program_id=" + program_, Bearer(server_.admin_key)).Json();
  EXPECT_EQ(report.at("responses"), 1) << "one answer, changed in place";
  EXPECT_EQ(Campaign(portal).at("answered"), 1);

  // Bob, emailed a survey just now, is not asked in the portal within its window.
  ASSERT_EQ(runner_.RunOnce(), 1);
  SignInAs(bob_);
  EXPECT_EQ(Question(), nullptr);
  HttpResponse nothing = AsAdvocate("POST", json::object{{"score", 9}});
  EXPECT_EQ(nothing.status, 409) << nothing.body;

  // Ninety days after Ada was shown it, she is asked again, a new answer.
  server_.clock.Advance(std::chrono::days(90));
  SignInAs(ada_);
  json::value again = Question();
  ASSERT_TRUE(again.is_object());
  EXPECT_EQ(again.at("score"), nullptr);
}

TEST_F(PortalSurveyTest, NotNowHidesItForTheWindowAndOnlyTheAdvocateWithTheTokenMayAnswer) {
  const std::string portal = PortalSurveyCampaign();
  SignInAs(ada_);
  ASSERT_TRUE(Question().is_object());
  EXPECT_EQ(AsAdvocate("POST", json::object{{"score", 9}}, false).status, 403) << "no CSRF token";
  HttpResponse bad = AsAdvocate("POST", json::object{{"score", 11}});
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(bad.Json().at("errors").at(0).at("field"), "score");
  HttpResponse no_score = AsAdvocate("POST", json::object{{"comment", "Hello"}});
  ASSERT_EQ(no_score.status, 422);
  EXPECT_EQ(no_score.Json().at("errors").at(0).at("field"), "score");
  EXPECT_EQ(client_.Send("GET", "/api/v1/portal/survey", Bearer(server_.admin_key)).status, 401)
      << "staff have no portal session";
  EXPECT_EQ(client_.Send("GET", "/api/v1/portal/survey", {}).status, 401);

  HttpResponse dismissed = AsAdvocate("POST", json::object{{"dismiss", true}});
  ASSERT_EQ(dismissed.status, 200) << dismissed.body;
  EXPECT_EQ(dismissed.Json().at("survey"), nullptr);
  EXPECT_EQ(Question(), nullptr) << "not now: hidden for the window";
  server_.clock.Advance(std::chrono::days(90));
  SignInAs(ada_);
  EXPECT_TRUE(Question().is_object()) << "the next window asks again";

  // Cancelled by staff: the portal asks nothing.
  client_.Send("POST", "/api/v1/campaigns/" + portal + "/cancel", Bearer(server_.admin_key));
  EXPECT_EQ(Question(), nullptr);
  HttpResponse refused = client_.Send("POST", "/api/v1/programs/" + program_ + "/campaigns", Bearer(server_.admin_key),
                                      R"({"name": "x", "kind": "nps_survey", "trigger": "portal",
                                          "reminders_after_days": [3]})");
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("reminders_after_days"), std::string::npos) << refused.body;
}

}  // namespace
}  // namespace bb::testing

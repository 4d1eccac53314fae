// NPS surveys by email, end to end on the test's clock through a real SMTP server (aiosmtpd): the
// email carries the 0–10 scale, a score's link answers with one click (the page's POST), the answer
// lands beside imported ones (the advocate's attributes, a detractor's follow-up), the comment is
// added to it, reminders stop once answered; the throttle window counted from sending (day 89
// 23:59:59 throttled, day 90 sent), shared across programs' surveys; a detractor is not asked to
// refer by an activation campaign. (Runs on SQLite and, under "postgres/", on PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <map>

#include "common/time_format.h"
#include "deliver_emails.h"
#include "jobs/campaign_runner.h"
#include "smtp_sink.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class NpsSurveyTest : public ::testing::Test {
 protected:
  NpsSurveyTest() : runner_(*server_.services, 1s) {
    program_ = Id(Post(
        "/api/v1/programs",
        {{"name", "Acme Partners"}, {"slug", "acme"}, {"kind", "customer"}, {"landing_url", "https://acme.example/"}}));
    for (const char* name : {"ann", "ben", "dee"}) {
      advocates_[name] = Id(Post("/api/v1/programs/" + program_ + "/advocates",
                                 {{"email", std::string(name) + "@customer.example"}, {"first_name", name}}));
    }
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::value& body = nullptr) {
    return server_.Client().Send(method, target, Bearer(server_.admin_key),
                                 body.is_null() ? "" : json::serialize(body));
  }
  HttpResponse Post(const std::string& target, const json::value& body = json::object{}) {
    HttpResponse response = Send("POST", target, body);
    EXPECT_LT(response.status, 300) << target << "\n" << response.body;
    return response;
  }
  static std::string Id(const HttpResponse& response) {
    return response.status < 300 ? std::string(response.Json().at("id").as_string()) : "";
  }
  // What the survey page does: a POST with no credentials.
  HttpResponse Answer(const std::string& token, const json::object& body) {
    return server_.Client().Send("POST", "/api/v1/public/surveys/" + token, {{"Content-Type", "application/json"}},
                                 json::serialize(body));
  }
  std::string Survey(const json::object& extra = {}) {
    json::object body{{"name", "Quarterly NPS"}, {"kind", "nps_survey"}, {"reminders_after_days", {3}}};
    for (const auto& [key, value] : extra) body[key] = value;
    HttpResponse created = Post("/api/v1/programs/" + program_ + "/campaigns", body);
    return Id(created);
  }
  json::value Campaign(const std::string& id) { return Send("GET", "/api/v1/campaigns/" + id).Json(); }
  std::map<std::string, std::string> Stops(const std::string& campaign) {
    std::map<std::string, std::string> out;
    const json::value listed = Send("GET", "/api/v1/campaigns/" + campaign + "/recipients").Json();
    for (const auto& r : listed.at("data").as_array()) {
      out[std::string(r.at("email").as_string())] = r.at("stopped").is_null() ? "" : r.at("stopped").as_string();
    }
    return out;
  }

  TestServer server_;
  jobs::CampaignRunner runner_;
  std::string program_;
  std::map<std::string, std::string> advocates_;
};

TEST_F(NpsSurveyTest, AScoreInTheEmailAnswersWithOneClickAndTheReasonFollows) {
  const std::string survey = Survey();
  EXPECT_EQ(Campaign(survey).at("recipients"), 3) << "every active advocate, without a list";
  EXPECT_EQ(Campaign(survey).at("throttle_days"), 90);
  SmtpSink sink;
  EXPECT_EQ(runner_.RunOnce(), 3);
  DeliverQueuedEmails(server_, sink);
  std::string dee_mail;
  for (const auto& m : sink.Received()) {
    if (m.rcpt_tos.at(0) == "dee@customer.example") dee_mail = Unfolded(m.content);
  }
  ASSERT_FALSE(dee_mail.empty());
  EXPECT_NE(dee_mail.find("Subject: dee, a quick question from Acme Partners"), std::string::npos) << dee_mail;
  EXPECT_NE(dee_mail.find("List-Unsubscribe:"), std::string::npos) << "a survey is not transactional";
  // The HTML part's scale: every score a link to the person's survey page.
  const std::string token = server_.services->campaigns.SurveyToken(survey, "dee@customer.example");
  for (int score = 0; score <= 10; ++score) {
    const std::string link = "http://links.test/survey/" + token + "?score=" + std::to_string(score);
    EXPECT_NE(dee_mail.find("href=\"" + link + "\""), std::string::npos) << link << "\n" << dee_mail;
  }

  // Reading the link changes nothing (mail scanners fetch links); the page's POST answers.
  HttpResponse read = server_.Client().Send("GET", "/api/v1/public/surveys/" + token, {});
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Json().at("score"), nullptr);
  EXPECT_EQ(read.Json().at("question"),
            "How likely is it that you would recommend Acme Partners to a friend or colleague?");
  server_.clock.Advance(1h);
  HttpResponse answered = Answer(token, {{"score", 4}});
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.Json().at("class"), "detractor");

  json::value tasks = Send("GET", "/api/v1/followup-tasks?program_id=" + program_).Json().at("data");
  ASSERT_EQ(tasks.as_array().size(), 1u) << "a detractor's answer asks for a follow-up";
  EXPECT_EQ(tasks.at(0).at("email"), "dee@customer.example");
  EXPECT_EQ(tasks.at(0).at("advocate_id"), json::value(advocates_["dee"]));
  json::value dee = Send("GET", "/api/v1/advocates/" + advocates_["dee"]).Json();
  EXPECT_EQ(dee.at("attributes").at("nps_class"), "detractor");

  // The reason, on the page it opened: set on the answer and its follow-up, no second answer.
  HttpResponse why = Answer(token, {{"comment", "  Invoices are wrong.  "}});
  ASSERT_EQ(why.status, 200) << why.body;
  EXPECT_EQ(why.Json().at("comment"), "Invoices are wrong.");
  EXPECT_EQ(why.Json().at("score"), 4);
  tasks = Send("GET", "/api/v1/followup-tasks?program_id=" + program_).Json().at("data");
  ASSERT_EQ(tasks.as_array().size(), 1u);
  EXPECT_EQ(tasks.at(0).at("comment"), "Invoices are wrong.");
  server_.clock.Advance(1s);  // the report's range ends at now, exclusive
  json::value report = Send("GET", "/api/v1/analytics/nps?program_id=" + program_).Json();
  EXPECT_EQ(report.at("responses"), 1);
  EXPECT_EQ(report.at("detractors"), 1);

  // Dee changes her answer to 9: one answer, changed in place; her task is no longer needed. Back to
  // 2: the same task is open again (no second task, no second answer).
  server_.clock.Advance(1min);
  HttpResponse changed = Answer(token, {{"score", 9}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.Json().at("comment"), "") << "the reason was the old score's";
  tasks = Send("GET", "/api/v1/followup-tasks?program_id=" + program_).Json().at("data");
  ASSERT_EQ(tasks.as_array().size(), 1u);
  EXPECT_EQ(tasks.at(0).at("status"), "closed");
  EXPECT_EQ(tasks.at(0).at("contacted_at"), nullptr);
  EXPECT_EQ(tasks.at(0).at("score"), 9);
  EXPECT_EQ(Send("GET", "/api/v1/advocates/" + advocates_["dee"]).Json().at("attributes").at("nps_class"), "promoter");
  ASSERT_EQ(Answer(token, {{"score", 2}}).status, 200);
  tasks = Send("GET", "/api/v1/followup-tasks?program_id=" + program_).Json().at("data");
  ASSERT_EQ(tasks.as_array().size(), 1u);
  EXPECT_EQ(tasks.at(0).at("status"), "open");
  EXPECT_EQ(tasks.at(0).at("score"), 2);
  ASSERT_EQ(Answer(token, {{"score", 4}, {"comment", "Invoices are wrong."}}).status, 200);
  server_.clock.Advance(1s);
  report = Send("GET", "/api/v1/analytics/nps?program_id=" + program_).Json();
  EXPECT_EQ(report.at("responses"), 1) << "still one answer";
  EXPECT_EQ(report.at("followups").at("opened"), 1);

  // Ann answers 9 and changes her mind to 10: her latest answer counts.
  const std::string ann_token = server_.services->campaigns.SurveyToken(survey, "ann@customer.example");
  ASSERT_EQ(Answer(ann_token, {{"score", 9}}).status, 200);
  server_.clock.Advance(1min);
  ASSERT_EQ(Answer(ann_token, {{"score", 10}, {"comment", "Great support."}}).status, 200);
  report = Send("GET", "/api/v1/analytics/nps?program_id=" + program_).Json();
  EXPECT_EQ(report.at("responses"), 2);
  EXPECT_EQ(report.at("promoters"), 1);

  // Bad answers are named; a link Bluebird did not make is not found.
  HttpResponse bad = Answer(ann_token, {{"score", 11}});
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(bad.Json().at("errors").at(0).at("field"), "score");
  HttpResponse long_reason = Answer(ann_token, {{"comment", std::string(2001, 'x')}});
  ASSERT_EQ(long_reason.status, 422);
  EXPECT_EQ(long_reason.Json().at("errors").at(0).at("field"), "comment");
  const std::string ben_token = server_.services->campaigns.SurveyToken(survey, "ben@customer.example");
  HttpResponse no_score = Answer(ben_token, {{"comment", "Hello"}});
  ASSERT_EQ(no_score.status, 422) << "a reason before any score";
  EXPECT_EQ(no_score.Json().at("errors").at(0).at("field"), "score");
  EXPECT_EQ(Answer(survey + ".00000000000000000000000000000000", {{"score", 9}}).status, 404);
  const std::string invitation = server_.services->campaigns.InvitationToken(survey, "ben@customer.example");
  EXPECT_EQ(Answer(invitation, {{"score", 9}}).status, 404) << "another kind of token";

  // Day 3: only Ben, who has not answered, is reminded (Ann, a promoter who joined minutes before
  // the survey, is not nudged to refer yet: her welcome email was enough).
  server_.clock.Advance(72h);
  EXPECT_EQ(runner_.RunOnce(), 1);
  EXPECT_EQ(Stops(survey), (std::map<std::string, std::string>{{"ann@customer.example", "answered"},
                                                               {"ben@customer.example", "schedule_ended"},
                                                               {"dee@customer.example", "answered"}}));
  json::value figures = Campaign(survey);
  EXPECT_EQ(figures.at("sent"), 3);
  EXPECT_EQ(figures.at("answered"), 2);
  EXPECT_EQ(figures.at("throttled"), 0);
}

TEST_F(NpsSurveyTest, NobodyIsSurveyedTwiceWithinTheThrottleWindowCountedFromSending) {
  const json::array no_reminders;
  const std::string first =
      Survey({{"recipients", {{{"email", "ann@customer.example"}}}}, {"reminders_after_days", no_reminders}});
  EXPECT_EQ(runner_.RunOnce(), 1);
  EXPECT_EQ(Stops(first).at("ann@customer.example"), "schedule_ended") << "sent, no reminders";
  // Another program's survey shares the window.
  std::string other = Id(
      Post("/api/v1/programs",
           {{"name", "Globex"}, {"slug", "globex"}, {"kind", "customer"}, {"landing_url", "https://globex.example/"}}));
  server_.clock.Advance(std::chrono::days(90) - 1s);  // day 89, 23:59:59
  HttpResponse early = Post("/api/v1/programs/" + other + "/campaigns",
                            {{"name", "Globex NPS"},
                             {"kind", "nps_survey"},
                             {"recipients", {{{"email", "Ann@Customer.example"}}, {{"email", "zoe@else.example"}}}}});
  const std::string second = Id(early);
  EXPECT_EQ(runner_.RunOnce(), 1) << "only Zoe";
  EXPECT_EQ(Stops(second), (std::map<std::string, std::string>{{"ann@customer.example", "throttled"},
                                                               {"zoe@else.example", "schedule_ended"}}));
  EXPECT_EQ(Campaign(second).at("throttled"), 1);
  // Regression (SurveyTokenIsNoInvitation): Zoe signs up with her survey link's token as the
  // invitation; she does not become a "joined" recipient of the survey.
  HttpResponse joined =
      server_.Client().Send("POST", "/api/v1/public/programs/globex/join", {{"Content-Type", "application/json"}},
                            json::serialize(json::object{
                                {"email", "zoe@else.example"},
                                {"first_name", "Zoe"},
                                {"invitation", server_.services->campaigns.SurveyToken(second, "zoe@else.example")}}));
  ASSERT_EQ(joined.status, 201) << joined.body;
  EXPECT_EQ(Stops(second).at("zoe@else.example"), "schedule_ended");

  server_.clock.Advance(1s);  // exactly day 90
  const std::string third = Survey({{"recipients", {{{"email", "ann@customer.example"}}}},
                                    {"throttle_days", 90},
                                    {"reminders_after_days", no_reminders}});
  EXPECT_EQ(runner_.RunOnce(), 1) << "90 days after the first was sent, Ann may be asked again";
  EXPECT_EQ(Stops(third).at("ann@customer.example"), "schedule_ended");

  // A survey without a list leaves out those surveyed in its window.
  const std::string rest = Survey({{"reminders_after_days", no_reminders}});
  EXPECT_EQ(Campaign(rest).at("recipients"), 2) << "Ben and Dee; Ann was just sent one";
  HttpResponse nobody = Send("POST", "/api/v1/programs/" + program_ + "/campaigns",
                             json::object{{"name", "Again"}, {"kind", "nps_survey"}});
  EXPECT_EQ(nobody.status, 409) << "everyone was sent one, or waits for one";
  // The throttle is judged at the send time: a survey 91 days ahead may ask Ann again.
  const std::string later = Survey({{"send_at", FormatTimestamp(server_.clock.Now() + std::chrono::days(91))},
                                    {"reminders_after_days", no_reminders}});
  EXPECT_EQ(Campaign(later).at("recipients"), 1) << "Ann; Ben and Dee wait for a survey";

  HttpResponse bad = Send("POST", "/api/v1/programs/" + program_ + "/campaigns",
                          json::object{{"name", "x"}, {"kind", "nps_survey"}, {"throttle_days", 0}});
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(bad.Json().at("errors").at(0).at("field"), "throttle_days");
  HttpResponse not_survey = Send("POST", "/api/v1/programs/" + program_ + "/campaigns",
                                 json::object{{"name", "x"}, {"kind", "activation"}, {"throttle_days", 30}});
  ASSERT_EQ(not_survey.status, 422);
  EXPECT_EQ(not_survey.Json().at("errors").at(0).at("field"), "throttle_days");
  HttpResponse rep = server_.Client().Send(
      "POST", "/api/v1/programs/" + program_ + "/campaigns", Bearer(server_.KeyFor("sales_rep")),
      json::serialize(
          json::object{{"name", "x"}, {"kind", "nps_survey"}, {"recipients", {{{"email", "one@customer.example"}}}}}));
  EXPECT_EQ(rep.status, 403) << "surveys are for admins and managers";
}

TEST_F(NpsSurveyTest, ADetractorIsNotAskedToReferUntilTheyAnswerAgainAsAPasssiveOrPromoter) {
  Post("/api/v1/programs/" + program_ + "/nps-responses", {{"email", "dee@customer.example"}, {"score", 2}});
  const std::string activation =
      Id(Post("/api/v1/programs/" + program_ + "/campaigns", {{"name", "Start sharing"}, {"kind", "activation"}}));
  // A promoter is asked to share by the wave already writing to her, not nudged a second time.
  Post("/api/v1/programs/" + program_ + "/nps-responses", {{"email", "ann@customer.example"}, {"score", 10}});
  const std::string invitation =
      Id(Post("/api/v1/programs/" + program_ + "/campaigns",
              {{"name", "Join us"},
               {"kind", "invitation"},
               {"recipients", {{{"email", "cal@customer.example"}}, {{"email", "max@customer.example"}}}}}));
  Post("/api/v1/programs/" + program_ + "/nps-responses", {{"email", "cal@customer.example"}, {"score", 0}});
  EXPECT_EQ(runner_.RunOnce(), 3) << "Ann and Ben asked to share, Max invited";
  EXPECT_EQ(Stops(activation), (std::map<std::string, std::string>{{"ann@customer.example", "schedule_ended"},
                                                                   {"ben@customer.example", "schedule_ended"},
                                                                   {"dee@customer.example", "detractor"}}));
  EXPECT_EQ(Stops(invitation), (std::map<std::string, std::string>{{"cal@customer.example", "detractor"},
                                                                   {"max@customer.example", "schedule_ended"}}));

  // Dee answers again as a passive: the next wave asks her.
  server_.clock.Advance(1h);
  Post("/api/v1/programs/" + program_ + "/nps-responses", {{"email", "dee@customer.example"}, {"score", 8}});
  const std::string again =
      Id(Post("/api/v1/programs/" + program_ + "/campaigns", {{"name", "Start sharing, again"},
                                                              {"kind", "activation"},
                                                              {"recipients", {{{"email", "dee@customer.example"}}}}}));
  EXPECT_EQ(runner_.RunOnce(), 1);
  EXPECT_EQ(Stops(again).at("dee@customer.example"), "schedule_ended");
}

}  // namespace
}  // namespace bb::testing

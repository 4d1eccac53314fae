// The NPS loop's promoter half, end to end on the test's clock through a real SMTP server
// (aiosmtpd): a new program has both rules (automatic campaigns) on; a promoter who is not an
// advocate is invited to join (an email without a name has no stray comma); a promoter advocate who
// went quiet is nudged to refer — not one who referred lately, joined lately, or was written to by a
// wave of the same kind lately — once per quiet_days; an old answer imported later, or one to a
// paused program, asks nobody; cancelling a rule's campaign turns it off and a new one turns it on
// again. (Runs on SQLite and, under "postgres/", on PostgreSQL.)

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

class PromoterLoopTest : public ::testing::Test {
 protected:
  PromoterLoopTest() : runner_(*server_.services, 1s) {
    program_ = Id(Post(
        "/api/v1/programs",
        {{"name", "Acme Partners"}, {"slug", "acme"}, {"kind", "customer"}, {"landing_url", "https://acme.example/"}}));
    for (const char* name : {"ann", "ben"}) {
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
  void Answer(const std::string& email, int score, json::object extra = {}) {
    extra["email"] = email;
    extra["score"] = score;
    Post("/api/v1/programs/" + program_ + "/nps-responses", extra);
  }
  // The program's automatic campaigns of `kind`, newest first.
  std::vector<json::value> Automatic(const std::string& kind) {
    std::vector<json::value> out;
    const json::value listed = Send("GET", "/api/v1/programs/" + program_ + "/campaigns").Json();
    for (const auto& c : listed.at("data").as_array()) {
      if (c.at("trigger") == "nps_promoter" && c.at("kind").as_string() == kind) out.push_back(c);
    }
    return out;
  }
  std::string Rule(const std::string& kind) {
    auto found = Automatic(kind);
    return found.empty() ? "" : std::string(found.at(0).at("id").as_string());
  }
  // Lets the advocates' enrolment become older than the nudge's quiet window.
  void AfterQuietWindow() { server_.clock.Advance(std::chrono::days(31)); }
  json::value Campaign(const std::string& id) { return Send("GET", "/api/v1/campaigns/" + id).Json(); }
  std::map<std::string, std::string> Stops(const std::string& campaign) {
    std::map<std::string, std::string> out;
    const json::value listed = Send("GET", "/api/v1/campaigns/" + campaign + "/recipients").Json();
    for (const auto& r : listed.at("data").as_array()) {
      out[std::string(r.at("email").as_string())] = r.at("stopped").is_null() ? "" : r.at("stopped").as_string();
    }
    return out;
  }
  // The emails delivered to the sink since the last call, by recipient.
  std::multimap<std::string, std::string> Mail(SmtpSink& sink) {
    DeliverQueuedEmails(server_, sink);
    std::multimap<std::string, std::string> out;
    const auto received = sink.Received();
    for (std::size_t i = seen_; i < received.size(); ++i) {
      out.emplace(received[i].rcpt_tos.at(0), Unfolded(received[i].content));
    }
    seen_ = received.size();
    return out;
  }

  TestServer server_;
  jobs::CampaignRunner runner_;
  std::string program_;
  std::map<std::string, std::string> advocates_;
  std::size_t seen_ = 0;
};

TEST_F(PromoterLoopTest, ANewProgramHasBothRulesOnToTurnOffBeforeAnyoneIsAsked) {
  auto invitation = Automatic("invitation");
  auto nudge = Automatic("activation");
  ASSERT_EQ(invitation.size(), 1u);
  ASSERT_EQ(nudge.size(), 1u);
  const json::value invite = Campaign(std::string(invitation.at(0).at("id").as_string()));
  EXPECT_EQ(invite.at("state"), "running");
  EXPECT_EQ(invite.at("created_by"), "system");
  EXPECT_EQ(invite.at("reminders_after_days"), json::array({4}));
  EXPECT_EQ(invite.at("recipients"), 0);
  EXPECT_EQ(Campaign(std::string(nudge.at(0).at("id").as_string())).at("quiet_days"), 30);
  // Off before anyone answers: nobody is asked.
  Post("/api/v1/campaigns/" + Rule("invitation") + "/cancel");
  Answer("zoe@prospect.example", 10);
  EXPECT_EQ(Campaign(std::string(invitation.at(0).at("id").as_string())).at("recipients"), 0);
  EXPECT_EQ(Automatic("invitation").size(), 1u) << "a cancelled rule is not made again";
}

TEST_F(PromoterLoopTest, APromoterWhoIsNotAnAdvocateIsInvitedToJoinOnce) {
  const std::string id = Rule("invitation");
  Answer("Zoe@Prospect.example", 10);
  Answer("pat@prospect.example", 8);  // a passive is not invited
  Answer("zoe@prospect.example", 9);  // nor is a promoter twice
  EXPECT_EQ(Campaign(id).at("recipients"), 1);

  SmtpSink sink;
  EXPECT_EQ(runner_.RunOnce(), 1);
  auto mail = Mail(sink);
  ASSERT_EQ(mail.count("zoe@prospect.example"), 1u);
  const std::string& invitation = mail.find("zoe@prospect.example")->second;
  const std::string link =
      "http://links.test/join/acme?invite=" + server_.services->campaigns.InvitationToken(id, "zoe@prospect.example");
  EXPECT_NE(invitation.find(link), std::string::npos) << invitation;
  EXPECT_NE(invitation.find("Subject: You are invited to Acme Partners"), std::string::npos)
      << "known only by her address: no stray comma\n"
      << invitation;

  // She joins (here: enrolled by staff); the reminder four days on is not sent, and she counts.
  Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "zoe@prospect.example"}, {"first_name", "Zoe"}});
  server_.clock.Advance(std::chrono::days(4));
  EXPECT_EQ(runner_.RunOnce(), 0);
  EXPECT_EQ(Stops(id).at("zoe@prospect.example"), "joined");
  EXPECT_EQ(Campaign(id).at("joined"), 1);
  EXPECT_EQ(Campaign(id).at("state"), "running") << "an automatic campaign runs until cancelled";
}

TEST_F(PromoterLoopTest, AQuietPromoterAdvocateIsNudgedToReferOncePerQuietWindow) {
  AfterQuietWindow();
  Post("/api/v1/referrals",
       {{"advocate_id", advocates_["ben"]}, {"referee", {{"email", "zed@prospect.example"}, {"first_name", "Zed"}}}});
  server_.clock.Advance(24h);
  Answer("ann@customer.example", 9);
  Answer("ben@customer.example", 10);  // referred yesterday: not quiet
  const std::string id = Rule("activation");
  EXPECT_EQ(Stops(id), (std::map<std::string, std::string>{{"ann@customer.example", ""}}));

  SmtpSink sink;
  EXPECT_EQ(runner_.RunOnce(), 1);
  auto mail = Mail(sink);
  ASSERT_EQ(mail.count("ann@customer.example"), 1u);
  const std::string& nudge = mail.find("ann@customer.example")->second;
  EXPECT_NE(nudge.find("Subject: Thank you, ann: who else should know about Acme Partners?"), std::string::npos)
      << nudge;
  const json::value ann = Send("GET", "/api/v1/advocates/" + advocates_["ann"]).Json();
  EXPECT_NE(nudge.find("http://links.test/r/" + std::string(ann.at("code").as_string())), std::string::npos) << nudge;
  EXPECT_EQ(Stops(id).at("ann@customer.example"), "schedule_ended") << "the default nudge has no reminder";

  // A promoter answer again within the quiet window: no second nudge.
  server_.clock.Advance(std::chrono::days(10));
  Answer("ann@customer.example", 10);
  EXPECT_EQ(runner_.RunOnce(), 0);
  // Thirty days after the nudge, still quiet: nudged again.
  server_.clock.Advance(std::chrono::days(20));
  Answer("ann@customer.example", 10);
  EXPECT_EQ(runner_.RunOnce(), 1);
  EXPECT_EQ(Mail(sink).count("ann@customer.example"), 1u);
}

TEST_F(PromoterLoopTest, NobodyIsNudgedSoonAfterJoiningOrAfterAWaveOfTheSameKind) {
  Answer("ann@customer.example", 10);  // joined minutes ago: her welcome is enough
  EXPECT_EQ(Campaign(Rule("activation")).at("recipients"), 0);

  // An activation wave writes to both; it ends; a week later Ben answers 10: not asked again yet.
  AfterQuietWindow();
  const std::string wave =
      Id(Post("/api/v1/programs/" + program_ + "/campaigns", {{"name", "Start sharing"}, {"kind", "activation"}}));
  EXPECT_EQ(runner_.RunOnce(), 2);
  server_.clock.Advance(std::chrono::days(7));
  Answer("ben@customer.example", 10);
  EXPECT_EQ(Campaign(Rule("activation")).at("recipients"), 0) << "the wave wrote to him a week ago";
  server_.clock.Advance(std::chrono::days(23));
  Answer("ben@customer.example", 9);
  EXPECT_EQ(Campaign(Rule("activation")).at("recipients"), 1) << "thirty days on";
  EXPECT_EQ(Stops(wave).at("ben@customer.example"), "schedule_ended");
}

TEST_F(PromoterLoopTest, AnOldAnswerImportedLaterOrOneToAPausedProgramAsksNobody) {
  const Timestamp now = server_.clock.Now();
  Answer("zoe@prospect.example", 10, {{"answered_at", FormatTimestamp(now - std::chrono::days(31))}});
  EXPECT_EQ(Campaign(Rule("invitation")).at("recipients"), 0);
  Answer("zoe@prospect.example", 10, {{"answered_at", FormatTimestamp(now - std::chrono::days(30))}});
  EXPECT_EQ(Campaign(Rule("invitation")).at("recipients"), 1) << "30 days old is still in time";

  HttpResponse paused = Send("POST", "/api/v1/programs/" + program_ + "/pause");
  ASSERT_EQ(paused.status, 200) << paused.body;
  Answer("yan@prospect.example", 10);
  EXPECT_EQ(Campaign(Rule("invitation")).at("recipients"), 1) << "paused: the moment would pass before it resumes";
}

TEST_F(PromoterLoopTest, ADetractorAnswerBeforeTheInvitationGoesStopsIt) {
  Answer("zoe@prospect.example", 10);
  server_.clock.Advance(1s);
  Answer("zoe@prospect.example", 3);
  EXPECT_EQ(runner_.RunOnce(), 0);
  EXPECT_EQ(Stops(Rule("invitation")).at("zoe@prospect.example"), "detractor");
}

// Regression: a promoter who changed their answer to a passive's before the nudge went was still
// thanked "for saying you would recommend".
TEST_F(PromoterLoopTest, ANudgeIsNotSentOnceTheAnswerIsNoLongerAPromoters) {
  AfterQuietWindow();
  Answer("ann@customer.example", 10);
  server_.clock.Advance(1s);
  Answer("ann@customer.example", 8);
  EXPECT_EQ(runner_.RunOnce(), 0);
  EXPECT_EQ(Stops(Rule("activation")).at("ann@customer.example"), "not_promoter");
}

TEST_F(PromoterLoopTest, CancellingTheAutomaticCampaignTurnsTheRuleOffAndANewOneTurnsItOn) {
  const std::string first = Rule("invitation");
  Answer("zoe@prospect.example", 10);
  Post("/api/v1/campaigns/" + first + "/cancel");
  Answer("yan@prospect.example", 10);
  EXPECT_EQ(Campaign(first).at("recipients"), 1);
  EXPECT_EQ(Campaign(first).at("state"), "cancelled");

  const std::string campaigns = "/api/v1/programs/" + program_ + "/campaigns";
  json::object rule{{"name", "Promoters, our way"},
                    {"kind", "invitation"},
                    {"trigger", "nps_promoter"},
                    {"reminders_after_days", {2, 5}}};
  HttpResponse made = Send("POST", campaigns, rule);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json().at("state"), "running");
  EXPECT_EQ(made.Json().at("recipients"), 0);
  HttpResponse twice = Send("POST", campaigns, rule);
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_NE(twice.body.find("\"trigger\""), std::string::npos) << twice.body;
  Answer("xia@prospect.example", 9);
  EXPECT_EQ(Campaign(Id(made)).at("recipients"), 1);

  // Only admins and managers make rules.
  for (const char* role : {"sales_rep", "viewer"}) {
    HttpResponse refused = server_.Client().Send(
        "POST", campaigns, Bearer(server_.KeyFor(role)),
        json::serialize(json::object{{"name", "Mine"}, {"kind", "activation"}, {"trigger", "nps_promoter"}}));
    EXPECT_EQ(refused.status, 403) << role << ": " << refused.body;
  }

  // What an automatic campaign does not take, each refused by name.
  auto refused = [&](json::object body, const std::string& field) {
    HttpResponse r = Send("POST", campaigns, body);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_NE(r.body.find("\"" + field + "\""), std::string::npos) << field << ": " << r.body;
  };
  refused({{"name", "x"},
           {"kind", "invitation"},
           {"trigger", "nps_promoter"},
           {"recipients", {{{"email", "a@b.example"}}}}},
          "recipients");
  refused({{"name", "x"}, {"kind", "invitation"}, {"trigger", "nps_promoter"}, {"quiet_days", 10}}, "quiet_days");
  refused({{"name", "x"}, {"kind", "activation"}, {"trigger", "nps_promoter"}, {"quiet_days", 0}}, "quiet_days");
  refused({{"name", "x"}, {"kind", "activation"}, {"trigger", "someday"}}, "trigger");
  refused({{"name", "x"}, {"kind", "nps_survey"}, {"trigger", "nps_promoter"}}, "trigger");
  refused({{"name", "x"},
           {"kind", "activation"},
           {"trigger", "nps_promoter"},
           {"send_at", FormatTimestamp(server_.clock.Now() + 24h)}},
          "send_at");
}

}  // namespace
}  // namespace bb::testing

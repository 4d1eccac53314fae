// Campaigns end to end on the test's clock: an invitation wave with reminders over 14 simulated
// days through a real SMTP server (aiosmtpd) — the right people get the right number of reminders,
// and the figures count exactly who was sent, delivered, bounced, opened, joined, shared, referred
// and unsubscribed —; an activation wave to advocates who never acted; bad input named field by
// field; who may do what. (Runs on SQLite and, under "postgres/", on PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <map>

#include "deliver_emails.h"
#include "jobs/campaign_runner.h"
#include "smtp_sink.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr char kHuman[] = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";

class CampaignsTest : public ::testing::Test {
 protected:
  CampaignsTest() : runner_(*server_.services, 1s) {
    program_ = Id(Post(
        "/api/v1/programs",
        {{"name", "Acme Partners"}, {"slug", "acme"}, {"kind", "customer"}, {"landing_url", "https://acme.example/"}}));
    Post("/api/v1/webhook-endpoints",
         {{"url", "https://hooks.example.com/campaigns"}, {"events", {"campaign.completed"}}});
    // Only the campaigns' own emails, so that each person's count is the campaign's.
    HttpResponse quiet = Send("PUT", "/api/v1/programs/" + program_ + "/email-templates/welcome",
                              json::object{{"subject", "Welcome"}, {"body", "Welcome"}, {"enabled", false}});
    EXPECT_EQ(quiet.status, 200) << quiet.body;
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::value& body = nullptr,
                    const std::string& key = "") {
    return server_.Client().Send(method, target, Bearer(key.empty() ? server_.admin_key : key),
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
  HttpResponse Public(const std::string& target, const json::object& body) {
    return server_.Client().Send("POST", target, {{"Content-Type", "application/json"}}, json::serialize(body));
  }
  json::value Campaign(const std::string& id) {
    HttpResponse got = Send("GET", "/api/v1/campaigns/" + id);
    EXPECT_EQ(got.status, 200) << got.body;
    return got.Json();
  }
  // How many emails each address received, and the subjects.
  static std::map<std::string, std::vector<std::string>> ByRecipient(const std::vector<ReceivedMessage>& received) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& message : received) {
      std::size_t at = message.content.find("\r\nSubject: ");
      std::size_t end = message.content.find("\r\n", at + 2);
      out[message.rcpt_tos.at(0)].push_back(message.content.substr(at + 11, end - at - 11));
    }
    return out;
  }

  TestServer server_;
  jobs::CampaignRunner runner_;
  std::string program_;
};

TEST_F(CampaignsTest, AnInvitationWaveWithRemindersOverFourteenDays) {
  std::string fay =
      Id(Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "fay@adv.example"}, {"first_name", "Fay"}}));
  HttpResponse created = Post("/api/v1/programs/" + program_ + "/campaigns",
                              {{"name", "Spring wave"},
                               {"kind", "invitation"},
                               {"recipients",
                                {{{"email", "Ann@Adv.example"}, {"first_name", "Ann"}, {"company", "Globex"}},
                                 {{"email", "ben@adv.example"}, {"first_name", "Ben"}},
                                 {{"email", "perm-fail@adv.example"}, {"first_name", "Pat"}},
                                 {{"email", "dan@adv.example"}, {"first_name", "Dan"}},
                                 {{"email", "eve@adv.example"}, {"first_name", "Eve"}},
                                 {{"email", "fay@adv.example"}, {"first_name", "Fay"}}}},
                               {"reminders_after_days", {3, 10}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string campaign = Id(created);
  EXPECT_EQ(created.Json().at("state"), "scheduled");
  EXPECT_EQ(created.Json().at("recipients"), 6);
  SmtpSink sink;

  // Day 0: five invitations (Fay is an advocate already).
  EXPECT_EQ(runner_.RunOnce(), 5);
  DeliverQueuedEmails(server_, sink);
  std::vector<ReceivedMessage> day0 = sink.Received();
  ASSERT_EQ(day0.size(), 4u) << "perm-fail bounced";
  std::string ann_mail;
  for (const auto& m : day0) {
    if (m.rcpt_tos.at(0) == "ann@adv.example") ann_mail = Unfolded(m.content);
  }
  const std::string token = server_.services->campaigns.InvitationToken(campaign, "ann@adv.example");
  EXPECT_NE(ann_mail.find("http://links.test/join/acme?invite=" + token), std::string::npos) << ann_mail;
  EXPECT_NE(ann_mail.find("Subject: Ann, you are invited to Acme Partners"), std::string::npos);
  EXPECT_NE(ann_mail.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), std::string::npos);

  // Day 1: Ann opens her link (twice: counted once) and joins through it.
  server_.clock.Advance(24h);
  HttpResponse opened = Public("/api/v1/public/invitations/" + token + "/open", {});
  ASSERT_EQ(opened.status, 200) << opened.body;
  EXPECT_EQ(opened.Json().at("email"), "ann@adv.example");
  EXPECT_EQ(opened.Json().at("company"), "Globex");
  EXPECT_EQ(opened.Json().at("program"), "acme");
  EXPECT_EQ(Public("/api/v1/public/invitations/" + token + "/open", {}).status, 200);
  HttpResponse joined = Public("/api/v1/public/programs/acme/join",
                               {{"email", "ann@adv.example"}, {"first_name", "Ann"}, {"invitation", token}});
  ASSERT_EQ(joined.status, 201) << joined.body;
  const std::string ann_code(joined.Json().at("code").as_string());
  const std::string ann(joined.Json().at("id").as_string());

  // Day 2: Ben unsubscribes with one click.
  server_.clock.Advance(24h);
  std::string url = server_.services->email.OneClickUnsubscribeUrl("ben@adv.example");
  ASSERT_EQ(server_.Client().Send("POST", url.substr(url.find("/api/")), {}).status, 200);

  for (int day = 3; day <= 14; ++day) {
    server_.clock.Advance(24h);
    if (day == 5) {  // Eve joins without her link
      ASSERT_EQ(
          Public("/api/v1/public/programs/acme/join", {{"email", "eve@adv.example"}, {"first_name", "Eve"}}).status,
          201);
    }
    if (day == 6) {  // Ann shares her link and refers someone
      HttpResponse click = server_.Client().Send("GET", "/r/" + ann_code, {{"User-Agent", kHuman}});
      EXPECT_EQ(click.status, 302);
      Post("/api/v1/referrals",
           {{"advocate_id", ann}, {"referee", {{"email", "zed@prospect.example"}, {"first_name", "Zed"}}}});
    }
    runner_.RunOnce();
    DeliverQueuedEmails(server_, sink);
    if (day == 9) {
      EXPECT_EQ(Campaign(campaign).at("state"), "running");
    }
  }

  auto received = ByRecipient(sink.Received());
  EXPECT_EQ(received["ann@adv.example"].size(), 1u);
  EXPECT_EQ(received["ben@adv.example"].size(), 1u) << "unsubscribed on day 2: no reminder";
  EXPECT_EQ(received["eve@adv.example"], (std::vector<std::string>{"Eve, you are invited to Acme Partners",
                                                                   "A reminder: your invitation to Acme Partners"}))
      << "reminded on day 3, joined on day 5";
  EXPECT_EQ(received["dan@adv.example"], (std::vector<std::string>{"Dan, you are invited to Acme Partners",
                                                                   "A reminder: your invitation to Acme Partners",
                                                                   "A reminder: your invitation to Acme Partners"}));
  EXPECT_EQ(received.count("perm-fail@adv.example"), 0u);
  EXPECT_EQ(received.count("fay@adv.example"), 0u);

  json::value figures = Campaign(campaign);
  EXPECT_EQ(figures.at("state"), "completed");
  EXPECT_EQ(figures.at("recipients"), 6);
  EXPECT_EQ(figures.at("sent"), 5);
  EXPECT_EQ(figures.at("delivered"), 4);
  EXPECT_EQ(figures.at("bounced"), 1);
  EXPECT_EQ(figures.at("opened"), 1);
  EXPECT_EQ(figures.at("joined"), 2);
  EXPECT_EQ(figures.at("shared"), 1);
  EXPECT_EQ(figures.at("referred"), 1);
  EXPECT_EQ(figures.at("unsubscribed"), 1);
  EXPECT_EQ(figures.at("reminders_sent"), 3);

  // The people and their states.
  HttpResponse people = Send("GET", "/api/v1/campaigns/" + campaign + "/recipients?limit=4");
  ASSERT_EQ(people.status, 200) << people.body;
  json::value page = people.Json();
  ASSERT_EQ(page.at("data").as_array().size(), 4u);
  EXPECT_EQ(page.at("data").at(0).at("email"), "ann@adv.example");
  EXPECT_EQ(page.at("data").at(0).at("stopped"), "joined");
  EXPECT_EQ(page.at("data").at(0).at("advocate_id"), json::value(ann));
  EXPECT_EQ(page.at("data").at(0).at("shared"), true);
  EXPECT_EQ(page.at("data").at(1).at("stopped"), "unsubscribed");
  EXPECT_EQ(page.at("data").at(2).at("email"), "dan@adv.example");
  EXPECT_EQ(page.at("data").at(2).at("reminders_sent"), 2);
  EXPECT_EQ(page.at("data").at(2).at("stopped"), "schedule_ended");
  std::string cursor(page.at("next_cursor").as_string());
  json::value rest = Send("GET", "/api/v1/campaigns/" + campaign + "/recipients?limit=4&cursor=" + cursor).Json();
  ASSERT_EQ(rest.at("data").as_array().size(), 2u);
  EXPECT_EQ(rest.at("data").at(0).at("stopped"), "already_advocate");
  EXPECT_EQ(rest.at("data").at(0).at("advocate_id"), json::value(fay));
  EXPECT_EQ(rest.at("data").at(1).at("stopped"), "bounced");

  // campaign.completed, once, with the figures.
  json::value hooks = Send("GET", "/api/v1/outbox?kind=webhook").Json();
  ASSERT_EQ(hooks.at("data").as_array().size(), 1u) << hooks;
  EXPECT_EQ(hooks.at("data").at(0).at("event_type"), "campaign.completed");
  EXPECT_EQ(hooks.at("data").at(0).at("payload").at("data").at("joined"), 2);
}

TEST_F(CampaignsTest, AnActivationWaveAsksOnlyAdvocatesWhoNeverActed) {
  auto enrol = [&](const std::string& email, const std::string& name) {
    HttpResponse made = Post("/api/v1/programs/" + program_ + "/advocates", {{"email", email}, {"first_name", name}});
    return std::make_pair(Id(made), std::string(made.Json().at("code").as_string()));
  };
  auto [ada, ada_code] = enrol("ada@adv.example", "Ada");
  auto [bob, bob_code] = enrol("bob@adv.example", "Bob");
  auto [cy, cy_code] = enrol("cy@adv.example", "Cy");
  Post("/api/v1/referrals",
       {{"advocate_id", cy}, {"referee", {{"email", "zed@prospect.example"}, {"first_name", "Zed"}}}});
  HttpResponse created = Post("/api/v1/programs/" + program_ + "/campaigns",
                              {{"name", "Wake up"}, {"kind", "activation"}, {"reminders_after_days", {3}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string campaign = Id(created);
  EXPECT_EQ(created.Json().at("recipients"), 2) << "Cy referred already";
  SmtpSink sink;
  EXPECT_EQ(runner_.RunOnce(), 2);
  DeliverQueuedEmails(server_, sink);
  server_.clock.Advance(24h);
  EXPECT_EQ(server_.Client().Send("GET", "/r/" + ada_code, {{"User-Agent", kHuman}}).status, 302);
  server_.clock.Advance(48h);
  EXPECT_EQ(runner_.RunOnce(), 1) << "only Bob is reminded";
  EXPECT_EQ(Campaign(campaign).at("state"), "running") << "complete once the last emails' fates are known";
  DeliverQueuedEmails(server_, sink);
  runner_.RunOnce();
  auto received = ByRecipient(sink.Received());
  EXPECT_EQ(received["ada@adv.example"].size(), 1u);
  EXPECT_EQ(received["bob@adv.example"].size(), 2u);
  EXPECT_EQ(received.count("cy@adv.example"), 0u);
  json::value figures = Campaign(campaign);
  EXPECT_EQ(figures.at("state"), "completed");
  EXPECT_EQ(figures.at("shared"), 1);
  EXPECT_EQ(figures.at("reminders_sent"), 1);
  for (const auto& m : sink.Received()) {
    if (m.rcpt_tos.at(0) != "bob@adv.example") continue;
    EXPECT_NE(Unfolded(m.content).find("http://links.test/r/" + bob_code), std::string::npos) << m.content;
  }
}

// Review finding: a retried create made a second campaign and emailed everyone twice.
TEST_F(CampaignsTest, ARetryWithTheSameIdempotencyKeyMakesOneCampaign) {
  json::object body{{"name", "Once"}, {"kind", "invitation"}, {"recipients", {{{"email", "one@prospect.example"}}}}};
  auto headers = Bearer(server_.admin_key);
  headers.emplace_back("Idempotency-Key", "create-once-1");
  HttpResponse first =
      server_.Client().Send("POST", "/api/v1/programs/" + program_ + "/campaigns", headers, json::serialize(body));
  HttpResponse again =
      server_.Client().Send("POST", "/api/v1/programs/" + program_ + "/campaigns", headers, json::serialize(body));
  ASSERT_EQ(first.status, 201) << first.body;
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(Id(first), Id(again));
  EXPECT_EQ(Send("GET", "/api/v1/programs/" + program_ + "/campaigns").Json().at("data").as_array().size(), 3u)
      << "the wave and the program's two promoter rules";
  EXPECT_EQ(runner_.RunOnce(), 1);
}

// Review finding: anyone holding an invitation link (forwarded) marked the invitee as joined.
TEST_F(CampaignsTest, AForwardedInvitationDoesNotCountAsTheInviteeJoining) {
  HttpResponse created =
      Post("/api/v1/programs/" + program_ + "/campaigns", {{"name", "Invite"},
                                                           {"kind", "invitation"},
                                                           {"recipients", {{{"email", "invitee@target.example"}}}},
                                                           {"reminders_after_days", {3}}});
  const std::string campaign = Id(created);
  ASSERT_EQ(runner_.RunOnce(), 1);
  const std::string token = server_.services->campaigns.InvitationToken(campaign, "invitee@target.example");
  HttpResponse other = Public("/api/v1/public/programs/acme/join",
                              {{"email", "someone.else@target.example"}, {"first_name", "S"}, {"invitation", token}});
  ASSERT_EQ(other.status, 201) << "the sign-up stands: " << other.body;
  EXPECT_EQ(Campaign(campaign).at("joined"), 0);
  json::value people = Send("GET", "/api/v1/campaigns/" + campaign + "/recipients").Json();
  EXPECT_EQ(people.at("data").at(0).at("stopped"), nullptr) << "the invitee's reminder still comes";
  server_.clock.Advance(std::chrono::days(3));
  EXPECT_EQ(runner_.RunOnce(), 0) << "the invitation is still in the outbox (nobody delivered it)";
}

// Review finding: cancelling left the emails already queued to go out.
TEST_F(CampaignsTest, CancellingGivesUpTheEmailsStillWaiting) {
  HttpResponse created = Post("/api/v1/programs/" + program_ + "/campaigns",
                              {{"name", "Oops"},
                               {"kind", "invitation"},
                               {"recipients", {{{"email", "a@target.example"}}, {{"email", "b@target.example"}}}}});
  ASSERT_EQ(runner_.RunOnce(), 2);
  ASSERT_EQ(Post("/api/v1/campaigns/" + Id(created) + "/cancel").status, 200);
  json::value dead = Send("GET", "/api/v1/outbox?kind=email&state=dead").Json();
  ASSERT_EQ(dead.at("data").as_array().size(), 2u) << dead;
  EXPECT_EQ(dead.at("data").at(0).at("last_error"), "not sent: the campaign was cancelled");
  SmtpSink sink;
  DeliverQueuedEmails(server_, sink);
  EXPECT_TRUE(sink.Received().empty());
}

TEST_F(CampaignsTest, BadInputIsNamedFieldByField) {
  HttpResponse bad = Send(
      "POST", "/api/v1/programs/" + program_ + "/campaigns",
      json::object{
          {"kind", "newsletter"},
          {"recipients",
           {{{"email", "a@x.example"}}, {{"email", "nope"}}, {{"email", "A@x.example"}}, {{"first_name", "No email"}}}},
          {"reminders_after_days", {3, 3, 0}},
          {"send_at", "2099-01-01T00:00:00Z"}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  std::vector<std::string> fields;
  json::value problem = bad.Json();
  for (const auto& e : problem.at("errors").as_array()) fields.emplace_back(e.at("field").as_string());
  EXPECT_EQ(fields,
            (std::vector<std::string>{"name", "kind", "send_at", "reminders_after_days[1]", "reminders_after_days[2]",
                                      "recipients[1].email", "recipients[2].email", "recipients[3].email"}));
  HttpResponse types = Send("POST", "/api/v1/programs/" + program_ + "/campaigns",
                            json::object{{"name", "x"},
                                         {"kind", "invitation"},
                                         {"recipients", {"a@x.example"}},
                                         {"reminders_after_days", {"3"}},
                                         {"extra", 1}});
  ASSERT_EQ(types.status, 422) << types.body;
  EXPECT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/campaigns",
                 json::object{{"name", "x"}, {"kind", "invitation"}, {"recipients", json::array{}}})
                .status,
            422);
  EXPECT_EQ(Send("POST", "/api/v1/programs/prg_nope/campaigns",
                 json::object{{"name", "x"}, {"kind", "invitation"}, {"recipients", {{{"email", "a@x.example"}}}}})
                .status,
            404);
  EXPECT_EQ(Public("/api/v1/public/invitations/cmp_nope.0000/open", {}).status, 404);
  EXPECT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/campaigns",
                 json::object{{"name", "Nobody idle"}, {"kind", "activation"}})
                .status,
            409)
      << "an activation with nobody to ask";
}

TEST_F(CampaignsTest, SalesRepsInviteOnePersonAndSeeOnlyTheirOwnCampaigns) {
  std::string rep = server_.KeyFor("sales_rep");
  std::string other_rep = server_.KeyFor("sales_rep");
  json::object one{{"name", "Invite"},
                   {"kind", "invitation"},
                   {"recipients", {{{"email", "one@prospect.example"}, {"first_name", "One"}}}},
                   {"reminders_after_days", {3}}};
  HttpResponse mine = Send("POST", "/api/v1/programs/" + program_ + "/campaigns", one, rep);
  ASSERT_EQ(mine.status, 201) << mine.body;
  json::object two = one;
  two["recipients"] =
      json::array{json::object{{"email", "one@prospect.example"}}, json::object{{"email", "two@prospect.example"}}};
  EXPECT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/campaigns", two, rep).status, 403);
  // Review finding: a rep could flood one inbox with invitations of one.
  HttpResponse again = Send("POST", "/api/v1/programs/" + program_ + "/campaigns", one, rep);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(Send("GET", "/api/v1/campaigns/" + Id(mine), nullptr, rep).status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/campaigns/" + Id(mine), nullptr, other_rep).status, 404);
  EXPECT_EQ(Send("POST", "/api/v1/campaigns/" + Id(mine) + "/cancel", json::object{}, other_rep).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/programs/" + program_ + "/campaigns", nullptr, other_rep)
                .Json()
                .at("data")
                .as_array()
                .size(),
            0u);
  EXPECT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/campaigns", one, server_.KeyFor("viewer")).status, 403);

  HttpResponse cancelled = Send("POST", "/api/v1/campaigns/" + Id(mine) + "/cancel", json::object{}, rep);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.Json().at("state"), "cancelled");
  EXPECT_EQ(runner_.RunOnce(), 0) << "a cancelled campaign sends nothing";
  EXPECT_EQ(Send("POST", "/api/v1/campaigns/" + Id(mine) + "/cancel", json::object{}, rep).status, 409);
  HttpResponse trail = Send("GET", "/api/v1/audit-events?kind=campaign.cancelled");
  EXPECT_EQ(trail.Json().at("data").as_array().size(), 1u);
}

}  // namespace
}  // namespace bb::testing

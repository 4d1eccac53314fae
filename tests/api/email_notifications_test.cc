// The emails people are owed when something happens, end to end through a real SMTP server
// (aiosmtpd): welcome after a self sign-up, referral qualified/won/lost, reward approved/paid, the
// referee's reward, a held referral to the staff who chose it; each kind turned off per program; an
// unsubscribed address spared all but transactional mail; held referrals told only once cleared;
// the staff notification settings. (Runs on SQLite and, under "postgres/", on PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <map>

#include "deliver_emails.h"
#include "smtp_sink.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class EmailNotificationsTest : public ::testing::Test {
 protected:
  EmailNotificationsTest() {
    program_ = Id(Post(
        "/api/v1/programs",
        {{"name", "Acme Partners"}, {"slug", "acme"}, {"kind", "customer"}, {"landing_url", "https://acme.example/"}}));
    Post("/api/v1/programs/" + program_ + "/reward-rules",
         {{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 5000}}}});
    Post("/api/v1/programs/" + program_ + "/reward-rules", {{"name", "Welcome gift"},
                                                            {"trigger", {{"stage", "won"}}},
                                                            {"beneficiary", "referee"},
                                                            {"amount", {{"fixed_minor", 2500}}}});
    advocate_ = Id(Post("/api/v1/programs/" + program_ + "/advocates",
                        {{"email", "ada@adv.example"}, {"first_name", "Ada"}, {"last_name", "Lovelace"}}));
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::value& body = nullptr,
                    const std::string& key = "") {
    server_.clock.Advance(1s);
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
  std::string Refer(const std::string& email, const std::string& first_name = "Grace") {
    return Id(Post("/api/v1/referrals",
                   {{"advocate_id", advocate_},
                    {"referee", {{"email", email}, {"first_name", first_name}, {"last_name", "Hopper"}}}}));
  }
  HttpResponse Move(const std::string& referral, const json::object& body) {
    return Post("/api/v1/referrals/" + referral + "/stage", body);
  }

  // (event_type, recipient) of every email queued, oldest first.
  std::vector<std::pair<std::string, std::string>> Queued() {
    HttpResponse list = Send("GET", "/api/v1/outbox?kind=email&limit=200");
    EXPECT_EQ(list.status, 200) << list.body;
    json::value body = list.Json();
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& item : body.at("data").as_array()) {
      out.emplace_back(item.at("event_type").as_string(), item.at("target").as_string());
    }
    std::reverse(out.begin(), out.end());
    return out;
  }

  TestServer server_;
  std::string program_;
  std::string advocate_;
};

// The subject of each received message, by recipient and in order.
std::multimap<std::string, std::string> Subjects(const std::vector<ReceivedMessage>& received) {
  std::multimap<std::string, std::string> out;
  for (const auto& message : received) {
    std::size_t at = message.content.find("\r\nSubject: ");
    std::size_t end = message.content.find("\r\n", at + 2);
    out.emplace(message.rcpt_tos.at(0), message.content.substr(at + 11, end - at - 11));
  }
  return out;
}

TEST_F(EmailNotificationsTest, EveryAutomaticKindArrivesThroughSmtp) {
  HttpResponse joined =
      server_.Client().Send("POST", "/api/v1/public/programs/acme/join", {{"Content-Type", "application/json"}},
                            json::serialize(json::object{{"email", "lin@adv.example"}, {"first_name", "Lin"}}));
  ASSERT_EQ(joined.status, 201) << joined.body;
  std::string won = Refer("grace@prospect.example");
  ASSERT_EQ(Move(won, {{"stage", "qualified"}}).status, 200);
  HttpResponse moved = Move(won, {{"stage", "won"}, {"deal_value_minor", 100000}});
  ASSERT_EQ(moved.status, 200);
  std::string lost = Refer("alan@prospect.example", "Alan");
  ASSERT_EQ(Move(lost, {{"stage", "lost"}}).status, 200);
  json::value rewards = Send("GET", "/api/v1/rewards?referral_id=" + won).Json();
  ASSERT_EQ(rewards.at("data").as_array().size(), 2u);
  for (const auto& reward : rewards.at("data").as_array()) {
    std::string id(reward.at("id").as_string());
    Post("/api/v1/rewards/" + id + "/approve");
    Post("/api/v1/rewards/" + id + "/fulfill", {{"reference", "PAY-" + id}});
  }

  SmtpSink sink;
  EXPECT_EQ(DeliverQueuedEmails(server_, sink), 7);
  std::vector<ReceivedMessage> received = sink.Received();
  std::multimap<std::string, std::string> subjects = Subjects(received);
  auto to = [&](const std::string& address) {
    std::vector<std::string> out;
    auto [from, until] = subjects.equal_range(address);
    for (auto it = from; it != until; ++it) out.push_back(it->second);
    return out;
  };
  EXPECT_EQ(to("lin@adv.example"), std::vector<std::string>{"Welcome to Acme Partners"});
  EXPECT_EQ(to("ada@adv.example"),
            (std::vector<std::string>{"Good news: Grace qualified", "Grace is now a customer, thanks to you",
                                      "An update on your referral of Alan", "Your reward of USD 50.00 is approved",
                                      "Your reward of USD 50.00 is paid"}));
  EXPECT_EQ(to("grace@prospect.example"), std::vector<std::string>{"A welcome reward from Acme Partners"});
  for (const auto& message : received) {
    EXPECT_NE(message.content.find("\r\nList-Unsubscribe: <http://links.test/api/v1/unsubscribe?token="),
              std::string::npos)
        << message.content;
    EXPECT_NE(message.content.find("\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  }
  // The welcome carries the new advocate's own link.
  for (const auto& message : received) {
    if (message.rcpt_tos.at(0) != "lin@adv.example") continue;
    EXPECT_NE(message.content.find("http://links.test/r/"), std::string::npos) << message.content;
  }
}

TEST_F(EmailNotificationsTest, StaffEnrolmentsAndUnmovedReferralsSendNothing) {
  Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "bob@adv.example"}, {"first_name", "Bob"}});
  std::string referral = Refer("grace@prospect.example");
  ASSERT_EQ(Move(referral, {{"stage", "opportunity"}}).status, 200);
  EXPECT_TRUE(Queued().empty()) << "staff enrolments, submissions and an opportunity tell nobody";
}

TEST_F(EmailNotificationsTest, AProgramMayTurnAnAutomaticKindOff) {
  HttpResponse off = Send("PUT", "/api/v1/programs/" + program_ + "/email-templates/referral_lost",
                          json::object{{"subject", "Lost"}, {"body", "Sorry"}, {"enabled", false}});
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(off.Json().at("enabled"), false);
  std::string lost = Refer("alan@prospect.example");
  ASSERT_EQ(Move(lost, {{"stage", "lost"}}).status, 200);
  std::string qualified = Refer("grace@prospect.example");
  ASSERT_EQ(Move(qualified, {{"stage", "qualified"}}).status, 200);
  EXPECT_EQ(Queued(), (std::vector<std::pair<std::string, std::string>>{{"referral_qualified", "ada@adv.example"}}));
  HttpResponse refused = Send("PUT", "/api/v1/programs/" + program_ + "/email-templates/sign_in_link",
                              json::object{{"subject", "x"}, {"body", "{{link}}"}, {"enabled", false}});
  EXPECT_EQ(refused.status, 422) << "a sign-in link cannot be turned off";
}

TEST_F(EmailNotificationsTest, AnUnsubscribedAdvocateGetsOnlyWhatTheyAskFor) {
  std::string url = server_.services->email.OneClickUnsubscribeUrl("ada@adv.example");
  ASSERT_EQ(server_.Client().Send("POST", url.substr(url.find("/api/")), {}).status, 200);
  std::string referral = Refer("grace@prospect.example");
  ASSERT_EQ(Move(referral, {{"stage", "won"}, {"deal_value_minor", 100000}}).status, 200);
  HttpResponse asked =
      server_.Client().Send("POST", "/api/v1/portal/sign-in-link", {{"Content-Type", "application/json"}},
                            json::serialize(json::object{{"program", "acme"}, {"email", "ada@adv.example"}}));
  ASSERT_EQ(asked.status, 202);
  // The referee is not unsubscribed: their reward email is queued when it is approved.
  json::value rewards = Send("GET", "/api/v1/rewards?referral_id=" + referral).Json();
  for (const auto& reward : rewards.at("data").as_array()) {
    Post("/api/v1/rewards/" + std::string(reward.at("id").as_string()) + "/approve");
  }
  EXPECT_EQ(Queued(), (std::vector<std::pair<std::string, std::string>>{{"sign_in_link", "ada@adv.example"},
                                                                        {"referee_reward", "grace@prospect.example"}}));
}

TEST_F(EmailNotificationsTest, AHeldReferralTellsTheReviewersWhoChoseItAndTheAdvocateOnlyOnceCleared) {
  std::string admin = server_.CreateUser("root@staff.example", "admin", "correct horse battery staple");
  auto admin_key = server_.services->auth.CreateApiKey({domain::Actor::Kind::kUser, admin, domain::Role::kAdmin, ""},
                                                       "root", "admin");
  ASSERT_TRUE(admin_key.ok());
  HttpResponse chosen =
      Send("PUT", "/api/v1/me/notifications", json::object{{"referral_held", true}}, admin_key->secret);
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  EXPECT_EQ(
      chosen.Json(),
      json::parse(
          R"({"daily_digest": false, "monthly_report": false, "referral_held": true, "followup_opened": false})"));

  std::string self = Refer("ada@adv.example", "Ada");  // a self-referral: held
  ASSERT_EQ(Move(self, {{"stage", "won"}, {"deal_value_minor", 100000}}).status, 200);
  EXPECT_EQ(Queued(), (std::vector<std::pair<std::string, std::string>>{{"staff.referral_held", "root@staff.example"}}))
      << "the advocate hears nothing of a held referral";
  ASSERT_EQ(Post("/api/v1/referrals/" + self + "/clear", {{"note", "Checked: a colleague."}}).status, 200);
  auto queued = Queued();
  ASSERT_EQ(queued.size(), 2u);
  EXPECT_EQ(queued[1], std::make_pair(std::string("referral_won"), std::string("ada@adv.example")));
}

TEST_F(EmailNotificationsTest, ADetractorsFollowUpIsEmailedToItsOwnerAndToThoseWhoChoseIt) {
  // An admin made a sales rep's key (for a CRM integration, say): its enrolments are theirs.
  std::string root = server_.CreateUser("root@staff.example", "admin", "correct horse battery staple");
  auto rep_key = server_.services->auth.CreateApiKey({domain::Actor::Kind::kUser, root, domain::Role::kAdmin, ""},
                                                     "CRM integration", "sales_rep");
  ASSERT_TRUE(rep_key.ok());
  std::string lead = server_.CreateUser("lead@staff.example", "manager", "correct horse battery staple");
  // The manager chose every follow-up (as in the console's settings, signed in).
  ASSERT_TRUE(server_.services->staff_notifications
                  .Set({domain::Actor::Kind::kUser, lead, domain::Role::kManager, ""}, {{"followup_opened", true}})
                  .ok());
  HttpResponse enrolled = Send("POST", "/api/v1/programs/" + program_ + "/advocates",
                               json::object{{"email", "dee@customer.example"}, {"first_name", "Dee"}}, rep_key->secret);
  ASSERT_EQ(enrolled.status, 201) << enrolled.body;
  auto answer = [&](const char* email, int score) {
    HttpResponse r = Post("/api/v1/programs/" + program_ + "/nps-responses",
                          {{"email", email}, {"score", score}, {"comment", "Slow <onboarding>."}});
    return r.Json().at("followup_task_id");
  };
  EXPECT_NE(answer("dee@customer.example", 3), nullptr);
  using Sent = std::vector<std::pair<std::string, std::string>>;
  Sent queued = Queued();  // of one transaction: in no particular order
  std::sort(queued.begin(), queued.end());
  EXPECT_EQ(queued,
            (Sent{{"staff.followup_opened", "lead@staff.example"}, {"staff.followup_opened", "root@staff.example"}}))
      << "the maker of the key that enrolled Dee owns it without choosing anything";
  EXPECT_NE(answer("stranger@customer.example", 0), nullptr);
  EXPECT_EQ(Queued().size(), 3u) << "nobody owns a stranger's: only those who chose it";
  EXPECT_EQ(answer("pat@customer.example", 8), nullptr);
  EXPECT_EQ(Queued().size(), 3u) << "a passive asks for nothing";

  SmtpSink sink;
  EXPECT_EQ(DeliverQueuedEmails(server_, sink), 3);
  std::vector<ReceivedMessage> received = sink.Received();
  ASSERT_EQ(received.size(), 3u);
  std::multimap<std::string, std::string> subjects = Subjects(received);
  ASSERT_EQ(subjects.count("root@staff.example"), 1u);
  EXPECT_EQ(subjects.find("root@staff.example")->second,
            "Follow up with dee@customer.example: they rated Acme Partners 3 out of 10");
  for (const auto& message : received) {
    if (message.rcpt_tos.at(0) != "root@staff.example") continue;
    std::string mail = Unfolded(message.content);
    EXPECT_NE(mail.find("/console/followups?program_id=" + program_), std::string::npos) << mail;
    EXPECT_NE(mail.find("Slow &lt;onboarding&gt;."), std::string::npos) << "escaped in HTML";
    EXPECT_NE(mail.find("the follow-up is yours: you enrolled this advocate, or an API key you made did"),
              std::string::npos);
    EXPECT_EQ(message.content.find("List-Unsubscribe:"), std::string::npos) << "work assigned, not marketing";
  }
}

TEST_F(EmailNotificationsTest, StaffChooseTheirOwnNotifications) {
  std::string admin = server_.CreateUser("root@staff.example", "admin", "correct horse battery staple");
  auto viewer_key = server_.services->auth.CreateApiKey({domain::Actor::Kind::kUser, admin, domain::Role::kAdmin, ""},
                                                        "viewer made by root", "viewer");
  ASSERT_TRUE(viewer_key.ok());
  HttpResponse read = Send("GET", "/api/v1/me/notifications", nullptr, viewer_key->secret);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(
      read.Json(),
      json::parse(
          R"({"daily_digest": false, "monthly_report": false, "referral_held": false, "followup_opened": false})"));
  EXPECT_EQ(Send("PUT", "/api/v1/me/notifications", json::object{{"daily_digest", true}}, viewer_key->secret).status,
            403)
      << "a viewer's key cannot turn one on";
  HttpResponse bad = Send("PUT", "/api/v1/me/notifications", json::object{{"newsletter", true}, {"daily_digest", 1}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.Json().at("errors").as_array().size(), 1u) << "the type is checked first: " << bad.body;
  EXPECT_EQ(Send("PUT", "/api/v1/me/notifications", json::object{{"newsletter", true}}).status, 422);
  EXPECT_EQ(Send("GET", "/api/v1/me/notifications").status, 409) << "a key made at the command line has no user";
  EXPECT_EQ(server_.Client().Send("GET", "/api/v1/me/notifications", {}).status, 401);
}

TEST_F(EmailNotificationsTest, TheDailyDigestGoesOnceADayToThoseWhoChoseIt) {
  std::string admin = server_.CreateUser("root@staff.example", "admin", "correct horse battery staple");
  auto key = server_.services->auth.CreateApiKey({domain::Actor::Kind::kUser, admin, domain::Role::kAdmin, ""}, "root",
                                                 "admin");
  ASSERT_TRUE(key.ok());
  ASSERT_EQ(Send("PUT", "/api/v1/me/notifications", json::object{{"daily_digest", true}}, key->secret).status, 200);
  server_.CreateUser("mia@staff.example", "manager", "correct horse battery staple");  // did not choose it
  // Yesterday: two referrals, one won, one held (a self-referral).
  Refer("grace@prospect.example");
  std::string won = Refer("alan@prospect.example", "Alan");
  ASSERT_EQ(Move(won, {{"stage", "won"}, {"deal_value_minor", 100000}}).status, 200);
  Refer("ada@adv.example", "Ada");
  const Timestamp today = std::chrono::floor<std::chrono::days>(server_.clock.Now()) + std::chrono::days(1);
  server_.clock.Set(today + 6h);
  EXPECT_EQ(*server_.services->notifier.SendDailyDigest(*server_.store, server_.clock.Now()), 0) << "before 07:00";
  server_.clock.Set(today + 7h + 5min);
  EXPECT_EQ(*server_.services->notifier.SendDailyDigest(*server_.store, server_.clock.Now()), 1);
  EXPECT_EQ(*server_.services->notifier.SendDailyDigest(*server_.store, server_.clock.Now()), 0) << "once a day";
  SmtpSink sink;
  DeliverQueuedEmails(server_, sink);
  std::string mail;
  int digests = 0;
  for (const auto& message : sink.Received()) {
    if (message.content.find("Subject: Bluebird daily digest for ") == std::string::npos) continue;
    ++digests;
    EXPECT_EQ(message.rcpt_tos, std::vector<std::string>{"root@staff.example"});
    mail = Unfolded(message.content);
  }
  EXPECT_EQ(digests, 1);
  EXPECT_NE(mail.find("Acme Partners: 3 referrals submitted, 1 won; now 1 held for review, 2 rewards waiting for"),
            std::string::npos)
      << mail;
  server_.clock.Advance(24h);
  EXPECT_EQ(*server_.services->notifier.SendDailyDigest(*server_.store, server_.clock.Now()), 1)
      << "the next day: what still waits";
}

}  // namespace
}  // namespace bb::testing

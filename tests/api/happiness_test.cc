// Happiness ratings through the API (issue 17, part 3): an email an advocate receives (through a
// real SMTP server) carries three one-click links; the page the link opens records the click and
// takes a comment, and a change of mind leaves one rating; a reward paid and a referral moved by
// staff are rated in the portal, against the staff member who did it; the report groups by staff
// member, interaction and program with the research file's figures; comments reach the person
// rated and admins only; a resent email rated twice counts once; six ratings from one address are
// flagged and an admin deleting one recomputes the figures.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <regex>
#include <string>
#include <vector>

#include "deliver_emails.h"
#include "service/rating_offers.h"
#include "smtp_sink.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class HappinessTest : public ::testing::Test {
 protected:
  HappinessTest() : client_(server_.Client()) {
    program_ = Id(Post("/api/v1/programs",
                       {{"name", "Happy Co"}, {"kind", "customer"}, {"landing_url", "https://happy.example/"}}));
    ada_ = Id(
        Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "ada@engines.example"}, {"first_name", "Ada"}}));
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::object& body = {},
                    const std::string& key = "") {
    server_.clock.Advance(1min);
    return client_.Send(method, target, Bearer(key.empty() ? server_.admin_key : key),
                        body.empty() ? "" : json::serialize(body));
  }
  HttpResponse Post(const std::string& target, const json::object& body = {}, const std::string& key = "") {
    HttpResponse response = Send("POST", target, body, key);
    EXPECT_LT(response.status, 300) << target << "\n" << response.body;
    return response;
  }
  static std::string Id(const HttpResponse& response) {
    return response.status < 300 ? std::string(response.Json().at("id").as_string()) : "";
  }
  HttpResponse Rate(const std::string& token, const json::object& body, const std::string& ip = "") {
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/json"}};
    if (!ip.empty()) headers.emplace_back("X-Forwarded-For", ip);
    server_.clock.Advance(1s);
    return server_.Client().Send("POST", "/api/v1/public/ratings/" + token, headers, json::serialize(body));
  }
  json::value Report(const std::string& query, const std::string& key = "") {
    HttpResponse response = Send("GET", "/api/v1/happiness?program_id=" + program_ + query, {}, key);
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json();
  }
  static json::value Group(const json::value& report, const std::string& key) {
    for (const auto& g : report.at("groups").as_array()) {
      if (g.at("key") == key.c_str()) return g;
    }
    return nullptr;
  }
  // A rating request offered directly, as the email or the portal would, with its token.
  std::string Offer(const std::string& interaction_id, const std::string& rated, const std::string& recipient) {
    std::string token;
    EXPECT_TRUE(server_.store
                    ->Write([&](store::Tx& tx) -> Status {
                      service::RatingOffer offer{
                          program_, domain::Interaction::kEmail, interaction_id, "An email", rated, recipient};
                      BB_ASSIGN_OR_RETURN(token,
                                          service::OfferRating(tx, server_.services->ids, offer, server_.clock.Now()));
                      return Ok();
                    })
                    .ok());
    return token;
  }

  TestServer server_;
  HttpClient client_;
  std::string program_, ada_;
};

TEST_F(HappinessTest, AnEmailIsRatedWithOneClickAndAChangeOfMindLeavesOneRating) {
  std::string referral =
      Id(Post("/api/v1/referrals",
              {{"advocate_id", ada_}, {"referee", {{"email", "grace@navy.example"}, {"first_name", "Grace"}}}}));
  Post("/api/v1/referrals/" + referral + "/stage", {{"stage", "won"}, {"deal_value_minor", 10'000}});
  SmtpSink sink;
  DeliverQueuedEmails(server_, sink);
  std::string mail;
  for (const auto& m : sink.Received()) {
    if (m.rcpt_tos.at(0) == "ada@engines.example") mail = Unfolded(m.content);
  }
  ASSERT_FALSE(mail.empty());
  std::smatch found;
  ASSERT_TRUE(
      std::regex_search(mail, found, std::regex("http://links\\.test/rate\\?token=([A-Za-z0-9_-]+)&value=unhappy")))
      << mail;
  const std::string token = found[1];
  for (const char* value : {"happy", "ok", "unhappy"}) {
    const std::string link = "http://links.test/rate?token=" + token + "&amp;value=" + value;
    EXPECT_NE(mail.find("href=\"" + link + "\""), std::string::npos) << "the HTML part's " << value << " link";
  }
  EXPECT_NE(mail.find("How did we do?"), std::string::npos);

  // Reading changes nothing (mail scanners fetch links); the page's POST records the click.
  HttpResponse read = server_.Client().Send("GET", "/api/v1/public/ratings/" + token, {});
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.Json().at("value"), nullptr);
  EXPECT_EQ(read.Json().at("program_name"), "Happy Co");
  ASSERT_EQ(Rate(token, {{"value", "unhappy"}}).status, 200);
  HttpResponse changed = Rate(token, {{"value", "happy"}, {"wow", true}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  HttpResponse commented = Rate(token, {{"comment", "  Lovely news, thank you "}});
  ASSERT_EQ(commented.status, 200);
  EXPECT_EQ(commented.Json().at("value"), "happy");
  EXPECT_EQ(commented.Json().at("comment"), "Lovely news, thank you");
  EXPECT_EQ(Rate(token, {{"value", "meh"}}).status, 422);
  EXPECT_EQ(Rate("not-a-token", {{"value", "happy"}}).status, 404);

  json::value report = Report("&group_by=interaction");
  json::value emails = Group(report, "email");
  ASSERT_FALSE(emails.is_null()) << json::serialize(report);
  EXPECT_EQ(emails.at("happy"), 1);
  EXPECT_EQ(emails.at("unhappy"), 0) << "one rating per request: the change of mind replaced it";
  EXPECT_EQ(emails.at("wow"), 1);
  EXPECT_EQ(emails.at("points"), 2);
  EXPECT_EQ(emails.at("happiness_score_bp"), 10'000);
  EXPECT_EQ(emails.at("rated"), 1);
  EXPECT_GE(emails.at("requests").as_int64(), 1);

  // 30 days on, the link is gone.
  server_.clock.Advance(std::chrono::days(31));
  EXPECT_EQ(server_.Client().Send("GET", "/api/v1/public/ratings/" + token, {}).status, 404);
}

TEST_F(HappinessTest, StaffHandlingIsRatedInThePortalAndCommentsReachOnlyThoseRatedAndAdmins) {
  Post("/api/v1/programs/" + program_ + "/reward-rules",
       {{"name", "Thanks"}, {"trigger", {{"stage", "submitted"}}}, {"amount", {{"fixed_minor", 2500}}}});
  std::string payer = server_.KeyFor("manager");
  std::string referral =
      Id(Post("/api/v1/referrals",
              {{"advocate_id", ada_},
               {"referee", {{"email", "alan@bletchley.example"}, {"first_name", "Alan"}, {"last_name", "Turing"}}}}));
  json::value rewards = Send("GET", "/api/v1/rewards?referral_id=" + referral).Json();
  std::string reward(rewards.at("data").at(0).at("id").as_string());
  Post("/api/v1/rewards/" + reward + "/approve", {}, payer);
  Post("/api/v1/rewards/" + reward + "/fulfill", {{"reference", "PAY-1"}}, payer);
  Post("/api/v1/referrals/" + referral + "/stage", {{"stage", "qualified"}});

  HttpResponse link = Send("POST", "/api/v1/advocates/" + ada_ + "/sign-in-links");
  HttpResponse signed_in = client_.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
                                        json::serialize(json::object{{"token", link.Json().at("token")}}));
  ASSERT_EQ(signed_in.status, 200);
  std::string cookie = "bb_portal=" + CookieValue(*SetCookie(signed_in, "bb_portal"));
  std::string csrf(signed_in.Json().at("csrf_token").as_string());
  auto as_ada = [&](const std::string& method, const std::string& target, const json::value& body = nullptr) {
    return client_.Send(method, target,
                        {{"Cookie", cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", csrf}},
                        body.is_null() ? "" : json::serialize(body));
  };
  json::value open = as_ada("GET", "/api/v1/portal/ratings").Json();
  ASSERT_EQ(open.at("data").as_array().size(), 2u) << json::serialize(open);
  EXPECT_EQ(open.at("data").at(0).at("subject"), "How your referral of Alan Turing was handled");
  EXPECT_EQ(open.at("data").at(1).at("subject"), "Your reward of USD 25.00 was paid");
  std::string paid(open.at("data").at(1).at("id").as_string());
  HttpResponse rated = as_ada("POST", "/api/v1/portal/ratings/" + paid,
                              json::object{{"value", "unhappy"}, {"comment", "It took three weeks."}});
  ASSERT_EQ(rated.status, 200) << rated.body;
  EXPECT_EQ(as_ada("GET", "/api/v1/portal/ratings").Json().at("data").as_array().size(), 1u) << "rated: done";
  EXPECT_EQ(as_ada("POST", "/api/v1/portal/ratings/rrq_nope", json::object{{"value", "ok"}}).status, 404);

  // The report by staff member names who paid; the comment reaches them and admins, not others.
  std::string payer_id = payer.substr(0, payer.find('.'));
  json::value report = Report("&group_by=staff");
  json::value by_payer = Group(report, payer_id);
  ASSERT_FALSE(by_payer.is_null()) << json::serialize(report);
  EXPECT_EQ(by_payer.at("unhappy"), 1);
  EXPECT_EQ(by_payer.at("happiness_score_bp"), -10'000);
  EXPECT_EQ(by_payer.at("response_rate_bp"), 10'000);
  EXPECT_EQ(by_payer.at("name"), "test manager (API key)");
  json::value admins = Send("GET", "/api/v1/ratings?program_id=" + program_).Json();
  ASSERT_EQ(admins.at("data").as_array().size(), 1u);
  EXPECT_EQ(admins.at("data").at(0).at("comment"), "It took three weeks.");
  EXPECT_EQ(Send("GET", "/api/v1/ratings", {}, payer).Json().at("data").as_array().size(), 1u) << "about them";
  std::string other_manager = server_.KeyFor("manager");
  EXPECT_EQ(Send("GET", "/api/v1/ratings", {}, other_manager).Json().at("data").as_array().size(), 0u);
  EXPECT_EQ(Send("GET", "/api/v1/happiness", {}, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/happiness?group_by=team").status, 422);
}

TEST_F(HappinessTest, AResentEmailRatedTwiceCountsOnce) {
  std::string first = Offer("msg_1", "usr_rep", "advocate:" + ada_);
  ASSERT_EQ(Rate(first, {{"value", "unhappy"}, {"comment", "Late"}}).status, 200);
  server_.clock.Advance(std::chrono::days(3));
  std::string resent = Offer("msg_1", "usr_rep", "advocate:" + ada_);
  ASSERT_EQ(Rate(resent, {{"value", "happy"}}).status, 200);
  json::value report = Report("&group_by=staff");
  json::value rep = Group(report, "usr_rep");
  EXPECT_EQ(rep.at("happy"), 1);
  EXPECT_EQ(rep.at("unhappy"), 0) << "the later rating is kept";
}

TEST_F(HappinessTest, SixRatingsFromOneAddressAreFlaggedAndADeletionRecomputes) {
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) {
    std::string token = Offer("msg_" + std::to_string(i), "usr_rep", "advocate:adv_" + std::to_string(i));
    ASSERT_EQ(Rate(token, {{"value", i < 4 ? "happy" : "unhappy"}}, "198.51.100.7").status, 200);
  }
  json::value listed = Send("GET", "/api/v1/ratings?program_id=" + program_).Json();
  ASSERT_EQ(listed.at("data").as_array().size(), 6u);
  for (const auto& r : listed.at("data").as_array()) {
    EXPECT_EQ(r.at("suspicious"), true);
    ids.emplace_back(r.at("id").as_string());
  }
  json::value before = Group(Report("&group_by=staff"), "usr_rep");
  EXPECT_EQ(before.at("total"), 6) << "flagged ratings still count";
  EXPECT_EQ(before.at("happiness_score_bp"), 3333);
  EXPECT_EQ(Send("DELETE", "/api/v1/ratings/" + ids.front(), {}, server_.KeyFor("manager")).status, 403);
  HttpResponse deleted = Send("DELETE", "/api/v1/ratings/" + ids.front());  // the newest: an unhappy one
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  json::value after = Group(Report("&group_by=staff"), "usr_rep");
  EXPECT_EQ(after.at("total"), 5);
  EXPECT_EQ(after.at("unhappy"), 1);
  EXPECT_EQ(after.at("happiness_score_bp"), 6000) << "(4 - 1) / 5";
}

}  // namespace
}  // namespace bb::testing

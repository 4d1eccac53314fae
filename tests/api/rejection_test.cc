// Rejecting means rejecting (issue 12): a referral moved to rejected, or rejected from the review
// queue, loses every reward not yet paid, with the reason; rewards already paid are listed as
// needing a clawback decision; a held referral can be rejected at any stage, even after the CRM
// won it; and the ledger verifies.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <string>

#include "service/ledger_verifier.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class RejectionTest : public ::testing::Test {
 protected:
  RejectionTest() : client_(server_.Client()) {
    program_ = Id(Post("/api/v1/programs",
                       {{"name", "Rejections"}, {"kind", "customer"}, {"landing_url", "https://r.example/"}}));
    for (const char* stage : {"submitted", "qualified"}) {
      Post("/api/v1/programs/" + program_ + "/reward-rules",
           {{"name", std::string("On ") + stage}, {"trigger", {{"stage", stage}}}, {"amount", {{"fixed_minor", 500}}}});
    }
    Post("/api/v1/programs/" + program_ + "/reward-rules",
         {{"name", "On won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"percent_bp", 1000}}}});
    advocate_ = Id(
        Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "ada@engines.example"}, {"first_name", "Ada"}}));
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::object& body = {}) {
    server_.clock.Advance(1min);
    return client_.Send(method, target, Bearer(server_.admin_key), body.empty() ? "" : json::serialize(body));
  }
  HttpResponse Post(const std::string& target, const json::object& body = {}) {
    HttpResponse response = Send("POST", target, body);
    EXPECT_LT(response.status, 300) << target << "\n" << response.body;
    return response;
  }
  static std::string Id(const HttpResponse& response) { return std::string(response.Json().at("id").as_string()); }

  std::string Referral(const std::string& email) {
    return Id(Post("/api/v1/referrals",
                   {{"advocate_id", advocate_}, {"referee", {{"email", email}, {"first_name", "Rita"}}}}));
  }
  HttpResponse Move(const std::string& referral, const json::object& body) {
    return Send("POST", "/api/v1/referrals/" + referral + "/stage", body);
  }
  json::array Rewards(const std::string& referral) {
    json::value body = Send("GET", "/api/v1/rewards?referral_id=" + referral).Json();
    return body.at("data").as_array();
  }
  void ExpectLedgerVerified() {
    auto report = service::LedgerVerifier(*server_.store).Verify();
    ASSERT_TRUE(report.ok());
    for (const auto& difference : report->differences) ADD_FAILURE() << difference;
  }

  TestServer server_;
  HttpClient client_;
  std::string program_;
  std::string advocate_;
};

// Regression: a rejected referral kept its pending and approved rewards, payable as ever.
TEST_F(RejectionTest, RejectingReversesEveryUnpaidRewardAndListsThePaidOnes) {
  std::string referral = Referral("rita@prospect.example");
  ASSERT_EQ(Move(referral, {{"stage", "qualified"}}).status, 200);
  json::array rewards = Rewards(referral);
  ASSERT_EQ(rewards.size(), 2u);
  std::string paid;
  for (const auto& reward : rewards) {
    if (reward.at("trigger") == "stage:qualified") paid = std::string(reward.at("id").as_string());
  }
  Post("/api/v1/rewards/" + paid + "/approve");
  Post("/api/v1/rewards/" + paid + "/fulfill", {{"reference", "PAY-9"}});

  HttpResponse rejected = Move(referral, {{"stage", "rejected"}, {"note", "The lead was invented."}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  json::value answer = rejected.Json();
  ASSERT_EQ(answer.at("rewards_reversed").as_array().size(), 1u);
  EXPECT_EQ(answer.at("rewards_reversed").at(0).at("status"), "reversed");
  EXPECT_EQ(answer.at("rewards_reversed").at(0).at("reversal_reason"),
            "the referral was rejected: The lead was invented.");
  ASSERT_EQ(answer.at("clawback_needed").as_array().size(), 1u);
  EXPECT_EQ(answer.at("clawback_needed").at(0).at("id"), json::value(paid));

  // The referral's page keeps saying so until someone decides.
  json::value detail = Send("GET", "/api/v1/referrals/" + referral).Json();
  ASSERT_EQ(detail.at("clawback_needed").as_array().size(), 1u);
  Post("/api/v1/rewards/" + paid + "/reverse", {{"reason", "recovered from the next invoice"}});
  detail = Send("GET", "/api/v1/referrals/" + referral).Json();
  EXPECT_TRUE(detail.at("clawback_needed").as_array().empty());
  ExpectLedgerVerified();
}

// Regression: a held referral the CRM had moved to won could not be rejected (409).
TEST_F(RejectionTest, AHeldReferralCanBeRejectedAfterTheCrmWonIt) {
  // Ada refers herself: held for review; Bob referred twice: the second is a duplicate.
  std::string self = Referral("ada@engines.example");
  Referral("bob@prospect.example");
  std::string other = Referral("Bob@Prospect.example");
  for (const std::string& held : {self, other}) {
    HttpResponse won = Move(held, {{"stage", "won"}, {"deal_value_minor", 100'000}});
    ASSERT_EQ(won.status, 200) << won.body;
    EXPECT_NE(won.Json().at("referral").at("review_status"), "clear");
    EXPECT_TRUE(won.Json().at("rewards").as_array().empty()) << "held referrals earn nothing";
  }
  HttpResponse from_queue = Send("POST", "/api/v1/referrals/" + self + "/reject", {{"note", "Self-referral."}});
  ASSERT_EQ(from_queue.status, 200) << from_queue.body;
  EXPECT_EQ(from_queue.Json().at("stage"), "rejected");
  EXPECT_EQ(from_queue.Json().at("history").as_array().back().at("from_stage"), "won");
  HttpResponse by_stage = Move(other, {{"stage", "rejected"}, {"note", "Same person."}});
  ASSERT_EQ(by_stage.status, 200) << by_stage.body;
  EXPECT_EQ(by_stage.Json().at("referral").at("stage"), "rejected");
  // Rejected stays rejected, and a clear won referral is still closed.
  EXPECT_EQ(Send("POST", "/api/v1/referrals/" + self + "/clear", {{"note", "oops"}}).status, 409);
  std::string clear = Referral("someone@else.example");
  ASSERT_EQ(Move(clear, {{"stage", "won"}, {"deal_value_minor", 1000}}).status, 200);
  EXPECT_EQ(Move(clear, {{"stage", "rejected"}}).status, 409);
  ExpectLedgerVerified();
}

// Regression: a sales rep undid a manager's approval by moving the referral to rejected (the
// reverse route refused them), and rejected a held referral, a review decision, the same way.
TEST_F(RejectionTest, ASalesRepCannotRejectWhatOnlyAManagerMayDecide) {
  std::string rep = server_.KeyFor("sales_rep");
  auto as_rep = [&](const std::string& target, const json::object& body) {
    server_.clock.Advance(1min);
    return client_.Send("POST", target, Bearer(rep), json::serialize(body));
  };
  HttpResponse enrolled =
      as_rep("/api/v1/programs/" + program_ + "/advocates", {{"email", "cy@reps.example"}, {"first_name", "Cy"}});
  ASSERT_EQ(enrolled.status, 201) << enrolled.body;
  std::string cy = Id(enrolled);
  auto refer = [&](const std::string& email) {
    HttpResponse submitted =
        as_rep("/api/v1/referrals", {{"advocate_id", cy}, {"referee", {{"email", email}, {"first_name", "R"}}}});
    EXPECT_EQ(submitted.status, 201) << submitted.body;
    return Id(submitted);
  };

  // An approved reward: the rep may not reverse it, by the reward or by the referral.
  std::string approved = refer("one@prospect.example");
  std::string reward(Rewards(approved).at(0).at("id").as_string());
  Post("/api/v1/rewards/" + reward + "/approve");
  EXPECT_EQ(as_rep("/api/v1/rewards/" + reward + "/reverse", {{"reason", "no"}}).status, 403);
  HttpResponse by_rep = as_rep("/api/v1/referrals/" + approved + "/stage", {{"stage", "rejected"}});
  EXPECT_EQ(by_rep.status, 403) << by_rep.body;
  EXPECT_EQ(Rewards(approved).at(0).at("status"), "approved") << "nothing changed";
  EXPECT_EQ(Send("GET", "/api/v1/referrals/" + approved).Json().at("stage"), "submitted");

  // A held referral (Cy refers himself): rejecting it is a review decision.
  std::string held = refer("cy@reps.example");
  ASSERT_EQ(as_rep("/api/v1/referrals/" + held + "/stage", {{"stage", "won"}, {"deal_value_minor", 5000}}).status, 200);
  EXPECT_EQ(as_rep("/api/v1/referrals/" + held + "/reject", {{"note", "mine"}}).status, 403);
  EXPECT_EQ(as_rep("/api/v1/referrals/" + held + "/stage", {{"stage", "rejected"}}).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/referrals/" + held).Json().at("stage"), "won");

  // What stays the rep's: rejecting their own lead whose rewards nobody has approved yet.
  std::string pending = refer("two@prospect.example");
  HttpResponse rejected = as_rep("/api/v1/referrals/" + pending + "/stage", {{"stage", "rejected"}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(rejected.Json().at("rewards_reversed").as_array().size(), 1u);
  // And a manager may do both.
  EXPECT_EQ(Move(approved, {{"stage", "rejected"}}).status, 200);
  EXPECT_EQ(Move(held, {{"stage", "rejected"}}).status, 200);
  ExpectLedgerVerified();
}

}  // namespace
}  // namespace bb::testing

// HubSpot connectors against the local HubSpot mock (tests/helpers/hubspot_mock.py, which checks
// every request against the documented API, on the 2026-03 paths): the connection test creating
// Bluebird's properties and listing the pipelines' stages, a referral becoming a contact and a deal
// associated with the contact and the referee's company (never created), an existing contact and
// a rep's deal keeping what the CRM owns, a deal won with an amount rewarding once however often it
// is read and an amount changed after close correcting the deal value, a 429 waiting out the
// Retry-After, a partial batch (207) retrying only what failed, and a refused token breaking the
// connector. (Runs on SQLite and, under "postgres/", on PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "hubspot_fixture.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

TEST_F(HubspotConnectorTest, TestConnectionCreatesBluebirdsPropertiesAndListsTheStages) {
  std::string connector = Connector();
  json::object check = Send("POST", "/api/v1/connectors/" + connector + "/test").Json().as_object();
  EXPECT_TRUE(check.at("ok").as_bool()) << json::serialize(check);
  bool won_listed = false;
  for (const auto& stage : check.at("stages").as_array()) {
    if (stage.at("id").as_string() == "closedwon")
      won_listed = stage.at("won").as_bool() && stage.at("closed").as_bool();
  }
  EXPECT_TRUE(won_listed) << json::serialize(check);
  // The properties are there now, the deal's referral id unique: deals are upserted on it.
  bool unique = false;
  for (const auto& request : mock_.Requests()) {
    if (request.at("path").as_string() != "/crm/properties/2026-03/deals/batch/create") continue;
    for (const auto& input : request.at("json").at("inputs").as_array()) {
      if (input.at("name").as_string() == "bluebird_referral_id") unique = input.at("hasUniqueValue").as_bool();
    }
  }
  EXPECT_TRUE(unique);
  check = Send("POST", "/api/v1/connectors/" + connector + "/test").Json().as_object();
  EXPECT_TRUE(check.at("ok").as_bool()) << "created once, found the second time: " << json::serialize(check);

  // A stage map naming a label instead of an id is named.
  Send("PATCH", "/api/v1/connectors/" + connector, {{"stage_map", {{"Closed won", "won"}}}});
  check = Send("POST", "/api/v1/connectors/" + connector + "/test").Json().as_object();
  EXPECT_FALSE(check.at("ok").as_bool());
  EXPECT_NE(json::serialize(check.at("problems")).find("Closed won"), std::string::npos) << json::serialize(check);

  // A wrong token: the sign-in problem, and the sync job stops the connector.
  std::string wrong = Connector("pat-na1-not-the-token");
  check = Send("POST", "/api/v1/connectors/" + wrong + "/test").Json().as_object();
  EXPECT_FALSE(check.at("ok").as_bool());
  EXPECT_NE(json::serialize(check.at("problems")).find("401"), std::string::npos) << json::serialize(check);
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(HubspotConnectorTest, ReferralBecomesAContactAndADealOnceAndAWonDealRewardsOnce) {
  InstallProperties();
  json::value company =
      mock_.Control("POST", "records",
                    json::object{{"object", "companies"},
                                 {"properties", {{"name", "Prospect Inc"}, {"domain", "prospect.example"}}}});
  std::string company_id(company.at("id").as_string());
  std::string referral = Referral("rita@prospect.example");
  std::string connector = Connector();
  Turn();  // the backlog: the referral made before the connector
  json::array contacts = Records("contacts");
  ASSERT_EQ(contacts.size(), 1u) << json::serialize(contacts);
  const json::object& contact = contacts[0].at("properties").as_object();
  EXPECT_EQ(contact.at("email").as_string(), "rita@prospect.example");
  EXPECT_EQ(contact.at("firstname").as_string(), "Rita");
  EXPECT_EQ(contact.at("bluebird_advocate_name").as_string(), "Ann Lee");
  json::object deal = DealOf(referral);
  ASSERT_FALSE(deal.empty());
  EXPECT_EQ(deal.at("properties").at("dealstage").as_string(), "appointmentscheduled");
  EXPECT_EQ(deal.at("properties").at("pipeline").as_string(), "default");
  EXPECT_EQ(deal.at("properties").at("bluebird_advocate_email").as_string(), "ann@client.example");
  std::string links = json::serialize(deal.at("associations"));
  EXPECT_NE(links.find(std::string(contacts[0].at("id").as_string())), std::string::npos) << links;
  EXPECT_NE(links.find(company_id), std::string::npos) << links;
  EXPECT_EQ(Records("companies").size(), 1u) << "a company is matched, never created";

  // Another referral and another turn: the first is not sent again.
  std::string second = Referral("sam@gmail.example", "Sam", "Stone");
  Turn();
  EXPECT_EQ(Records("deals").size(), 2u);

  // Sales wins the deal with an amount.
  std::string deal_id(deal.at("id").as_string());
  mock_.Control(
      "POST", "records",
      json::object{
          {"object", "deals"}, {"id", deal_id}, {"properties", {{"dealstage", "closedwon"}, {"amount", "12500.50"}}}});
  Turn();
  json::object won = Get("/api/v1/referrals/" + referral);
  EXPECT_EQ(won.at("stage").as_string(), "won");
  EXPECT_EQ(won.at("deal_value_minor").as_int64(), 1250050);
  EXPECT_EQ(RewardCount(referral), 1);

  // Read again and again (sync now, the polls' overlap): still one reward.
  Send("POST", "/api/v1/connectors/" + connector + "/sync");
  Turn();
  Turn();
  EXPECT_EQ(RewardCount(referral), 1);

  // The amount corrected after close: the deal value follows.
  mock_.Control("POST", "records",
                json::object{{"object", "deals"}, {"id", deal_id}, {"properties", {{"amount", "10000"}}}});
  Turn();
  EXPECT_EQ(Get("/api/v1/referrals/" + referral).at("deal_value_minor").as_int64(), 1000000);
  EXPECT_NE(LogText(connector).find("deal value corrected"), std::string::npos) << LogText(connector);
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(HubspotConnectorTest, AnExistingContactAndARepsDealKeepWhatTheCrmOwns) {
  InstallProperties();
  mock_.Control("POST", "records",
                json::object{{"object", "contacts"},
                             {"properties", {{"email", "Rita@Prospect.example"}, {"firstname", "Janet"}}}});
  std::string connector = Connector();
  std::string referral = Referral("rita@prospect.example");
  Turn();
  json::array contacts = Records("contacts");
  ASSERT_EQ(contacts.size(), 1u) << "matched by email, not created again";
  EXPECT_EQ(contacts[0].at("properties").at("firstname").as_string(), "Janet");
  EXPECT_EQ(contacts[0].at("properties").at("bluebird_referral_id").as_string(), referral);

  // The rep moves the deal on and renames it; the referral sent again (as a review decision would
  // queue it) carries only Bluebird's properties.
  std::string deal_id(DealOf(referral).at("id").as_string());
  mock_.Control("POST", "records",
                json::object{{"object", "deals"},
                             {"id", deal_id},
                             {"properties", {{"dealstage", "qualifiedtobuy"}, {"dealname", "Rita's big deal"}}}});
  ASSERT_TRUE(
      server_.store->Write([&](store::Tx& tx) { return tx.EnqueueCrmRecord(connector, referral, server_.clock.Now()); })
          .ok());
  std::size_t before = mock_.Requests().size();
  Turn();
  json::array requests = mock_.Requests();
  json::object resent;
  for (std::size_t i = before; i < requests.size(); ++i) {
    if (requests[i].at("path").as_string() == "/crm/objects/2026-03/deals/batch/upsert") {
      resent = requests[i].at("json").at("inputs").at(0).at("properties").as_object();
    }
  }
  ASSERT_FALSE(resent.empty()) << "the deal was sent again";
  EXPECT_FALSE(resent.contains("dealstage")) << json::serialize(resent);
  EXPECT_FALSE(resent.contains("dealname")) << json::serialize(resent);
  EXPECT_EQ(DealProperty(referral, "dealstage"), "qualifiedtobuy");
  EXPECT_EQ(DealProperty(referral, "dealname"), "Rita's big deal");
  EXPECT_EQ(Records("deals").size(), 1u);
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(HubspotConnectorTest, RateLimitWaitsOutTheRetryAfterAndResumes) {
  InstallProperties();
  std::string connector = Connector();
  mock_.Control("POST", "faults", json::object{{"respond", "rate_limit"}, {"retry_after", 7}, {"times", 1}});
  std::string referral = Referral("a@prospect.example");
  Turn();
  json::object state = Get("/api/v1/connectors/" + connector);
  EXPECT_EQ(state.at("health").as_string(), "backing_off") << json::serialize(state);
  EXPECT_NE(std::string(state.at("health_message").as_string()).find("429"), std::string::npos);
  EXPECT_EQ(state.at("referrals").at("pending").as_int64(), 1);
  EXPECT_TRUE(Records("deals").empty());
  // The connector waits 7 s (the Retry-After), not a quarter of an hour.
  server_.clock.Advance(1min);
  sync_->RunOnce();
  DealOf(referral);
  EXPECT_EQ(Get("/api/v1/connectors/" + connector).at("health").as_string(), "ok");
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(HubspotConnectorTest, PartialBatchRetriesOnlyWhatFailed) {
  InstallProperties();
  for (int i = 0; i < 3; ++i) Referral("p" + std::to_string(i) + "@prospect.example");
  mock_.Control("POST", "faults",
                json::object{{"respond", "partial_batch"},
                             {"match", {{"path_regex", "deals/batch/upsert"}}},
                             {"index", 1},
                             {"times", 1},
                             {"category", "VALIDATION_ERROR"},
                             {"message", "Rita needs an owner"}});
  std::string connector = Connector();
  Turn();
  EXPECT_EQ(Records("deals").size(), 2u);
  json::object state = Get("/api/v1/connectors/" + connector);
  EXPECT_EQ(state.at("referrals").at("synced").as_int64(), 2);
  EXPECT_EQ(state.at("referrals").at("failed").as_int64(), 1);
  EXPECT_NE(LogText(connector).find("Rita needs an owner"), std::string::npos) << LogText(connector);
  // Sync now sends the refused one again.
  Send("POST", "/api/v1/connectors/" + connector + "/sync");
  sync_->RunOnce();
  EXPECT_EQ(Records("deals").size(), 3u);
  EXPECT_EQ(Records("contacts").size(), 3u);
  EXPECT_EQ(mock_.Violations(), "");
}

// Regression (found by the console's browser test): the first sync searched deals on
// bluebird_referral_id before the account had the property, and HubSpot refused the search.
TEST_F(HubspotConnectorTest, TheFirstSyncCreatesBluebirdsPropertiesBeforeUsingThem) {
  std::string connector = Connector();
  std::string referral = Referral("a@prospect.example");
  Turn();
  DealOf(referral);
  EXPECT_EQ(Get("/api/v1/connectors/" + connector).at("health").as_string(), "ok");
  EXPECT_EQ(mock_.Violations(), "");
}

// Regression (from an adversarial review): a deal carrying a referral's id that Bluebird did not
// link to it — the id copied onto another deal — moved the referral to won and paid its reward.
TEST_F(HubspotConnectorTest, ADealBluebirdDidNotLinkWinsNothing) {
  std::string connector = Connector();
  std::string referral = Referral("a@prospect.example");
  Turn();
  std::string linked(DealOf(referral).at("id").as_string());
  json::value copied = mock_.Control("POST", "records",
                                     json::object{{"object", "deals"},
                                                  {"properties",
                                                   {{"dealname", "Someone else's deal"},
                                                    {"dealstage", "closedwon"},
                                                    {"amount", "1000000"},
                                                    {"bluebird_referral_id", referral}}}});
  Turn();
  EXPECT_EQ(Get("/api/v1/referrals/" + referral).at("stage").as_string(), "submitted");
  EXPECT_EQ(RewardCount(referral), 0);
  EXPECT_NE(LogText(connector).find("not the record Bluebird linked to it"), std::string::npos) << LogText(connector);
  // The linked deal still moves it.
  mock_.Control(
      "POST", "records",
      json::object{
          {"object", "deals"}, {"id", linked}, {"properties", {{"dealstage", "closedwon"}, {"amount", "500"}}}});
  Turn();
  EXPECT_EQ(Get("/api/v1/referrals/" + referral).at("deal_value_minor").as_int64(), 50000);
  EXPECT_NE(std::string(copied.at("id").as_string()), linked);
}

TEST_F(HubspotConnectorTest, ARefusedTokenBreaksTheConnector) {
  std::string connector = Connector("pat-na1-revoked");
  Referral("a@prospect.example");
  Turn();
  json::object state = Get("/api/v1/connectors/" + connector);
  EXPECT_EQ(state.at("health").as_string(), "broken") << json::serialize(state);
  EXPECT_NE(std::string(state.at("health_message").as_string()).find("token"), std::string::npos)
      << json::serialize(state);
  EXPECT_EQ(state.at("referrals").at("pending").as_int64(), 1);
}

}  // namespace
}  // namespace bb::testing

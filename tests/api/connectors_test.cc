// Salesforce connectors against the local Salesforce mock (tests/helpers/salesforce_mock.py, which
// checks every request against the documented API): a connector's fields and sealed credentials,
// referrals sent as leads once (a backlog in Collections of 200), a converted lead and a won
// opportunity moving the referral and rewarding once however often it is read, an amount changed
// after close correcting the deal value, token renewal on 401, the org's limit backing off, a
// partial batch retrying only what failed, a duplicate rule linking the existing lead, and a field
// deleted in the org stopping the connector with its name. (Runs on SQLite and, under
// "postgres/", on PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "common/time_format.h"
#include "salesforce_fixture.h"
#include "temp_dir.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kClientSecret = kSalesforceClientSecret;

class ConnectorsTest : public SalesforceConnectorTest {
 protected:
  int TokenRequests() {
    int count = 0;
    for (const auto& request : mock_.Requests()) {
      if (request.at("path").as_string() == "/services/oauth2/token") ++count;
    }
    return count;
  }
};

TEST_F(ConnectorsTest, ConnectorFieldsAreCheckedAndCredentialsNeverComeBack) {
  HttpResponse missing = Send("POST", "/api/v1/connectors", {{"program_id", program_}});
  EXPECT_EQ(missing.status, 422) << missing.body;
  EXPECT_NE(missing.body.find("\"kind\""), std::string::npos) << missing.body;
  EXPECT_NE(missing.body.find("\"auth\""), std::string::npos) << missing.body;

  json::object no_domain = ConnectorBody();
  no_domain.erase("base_url");
  HttpResponse refused = Send("POST", "/api/v1/connectors", no_domain);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("\"base_url\""), std::string::npos) << refused.body;

  HttpResponse bad_stage = Send("POST", "/api/v1/connectors", ConnectorBody({{"stage_map", {{"Closed Won", "paid"}}}}));
  EXPECT_EQ(bad_stage.status, 422);
  EXPECT_NE(bad_stage.body.find("stage_map.Closed Won"), std::string::npos) << bad_stage.body;

  HttpResponse created = Send("POST", "/api/v1/connectors", ConnectorBody());
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id = Id(created);
  for (const std::string& body :
       {created.body, Send("GET", "/api/v1/connectors/" + id).body, Send("GET", "/api/v1/connectors").body}) {
    EXPECT_EQ(body.find(kClientSecret), std::string::npos) << body;
  }
  // At rest, sealed: the stored text holds no trace of the secret.
  std::string sealed;
  ASSERT_TRUE(server_.store
                  ->Read([&](store::Queries& q) -> Status {
                    BB_ASSIGN_OR_RETURN(auto connector, q.FindConnector(id));
                    sealed = connector->sealed_secrets;
                    return Ok();
                  })
                  .ok());
  EXPECT_TRUE(sealed.starts_with("v1.")) << sealed;
  EXPECT_EQ(sealed.find(kClientSecret), std::string::npos);

  // Only admins manage connectors.
  EXPECT_EQ(Send("GET", "/api/v1/connectors", {}, server_.KeyFor("manager")).status, 403);
  EXPECT_EQ(Send("POST", "/api/v1/connectors", ConnectorBody(), server_.KeyFor("sales_rep")).status, 403);
  // Regression (from an adversarial review): another base_url without the credentials given again
  // would have sent the stored secret to that host.
  HttpResponse moved = Send("PATCH", "/api/v1/connectors/" + id, {{"base_url", "https://elsewhere.example"}});
  EXPECT_EQ(moved.status, 422) << moved.body;
  EXPECT_NE(moved.body.find("\"auth\""), std::string::npos) << moved.body;
}

TEST_F(ConnectorsTest, TestConnectionSaysWhatIsWrongAndListsTheStages) {
  std::string id = Connector();
  json::object check = Send("POST", "/api/v1/connectors/" + id + "/test").Json().as_object();
  EXPECT_TRUE(check.at("ok").as_bool()) << json::serialize(check);
  bool has_won_stage = false;
  for (const auto& stage : check.at("stages").as_array()) {
    has_won_stage = has_won_stage || (stage.at("id").as_string() == "Closed Won" && stage.at("won").as_bool());
  }
  EXPECT_TRUE(has_won_stage) << json::serialize(check);

  mock_.Control("POST", "schema", json::object{{"object", "Lead"}, {"remove_field", "Bluebird_Advocate_Email__c"}});
  check = Send("POST", "/api/v1/connectors/" + id + "/test").Json().as_object();
  EXPECT_FALSE(check.at("ok").as_bool());
  EXPECT_NE(json::serialize(check.at("problems")).find("Lead.Bluebird_Advocate_Email__c is missing"), std::string::npos)
      << json::serialize(check);

  std::string wrong = Id(Post(
      "/api/v1/connectors",
      ConnectorBody(
          {{"auth", {{"flow", "client_credentials"}, {"client_id", "bb-app"}, {"client_secret", "not-the-secret"}}}})));
  check = Send("POST", "/api/v1/connectors/" + wrong + "/test").Json().as_object();
  EXPECT_FALSE(check.at("ok").as_bool());
  EXPECT_NE(json::serialize(check.at("problems")).find("sign-in"), std::string::npos) << json::serialize(check);
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(ConnectorsTest, JwtBearerSignsInWithTheKeyWhoseCertificateTheAppHolds) {
  // A key pair made by the openssl command; the mock verifies our assertion with `openssl dgst`.
  TempDir keys;
  std::string key = keys.path().string() + "/key.pem";
  std::string certificate = keys.path().string() + "/certificate.pem";
  ASSERT_EQ(std::system(("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=bluebird -keyout " + key +
                         " -out " + certificate + " >/dev/null 2>&1")
                            .c_str()),
            0);
  auto read = [](const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  mock_.Control("POST", "config",
                json::object{{"jwt_public_key_pem", read(certificate)},
                             {"username", "integration@acme.example"},
                             {"jwt_uses_mock_clock", true}});
  mock_.Control("POST", "clock", json::object{{"now", FormatTimestamp(server_.clock.Now())}});
  std::string connector = Connector({{"auth",
                                      {{"flow", "jwt_bearer"},
                                       {"client_id", "bb-app"},
                                       {"username", "integration@acme.example"},
                                       {"private_key_pem", read(key)}}}});
  json::object check = Send("POST", "/api/v1/connectors/" + connector + "/test").Json().as_object();
  EXPECT_TRUE(check.at("ok").as_bool()) << json::serialize(check);
  EXPECT_EQ(Get("/api/v1/connectors/" + connector).at("auth").at("username").as_string(), "integration@acme.example");

  // Another key than the certificate's: the sign-in is refused in Salesforce's words.
  std::string other = keys.path().string() + "/other.pem";
  ASSERT_EQ(std::system(("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out " + other).c_str()), 0);
  Send("PATCH", "/api/v1/connectors/" + connector,
       {{"auth",
         {{"flow", "jwt_bearer"},
          {"client_id", "bb-app"},
          {"username", "integration@acme.example"},
          {"private_key_pem", read(other)}}}});
  check = Send("POST", "/api/v1/connectors/" + connector + "/test").Json().as_object();
  EXPECT_FALSE(check.at("ok").as_bool());
  EXPECT_NE(json::serialize(check.at("problems")).find("invalid_grant"), std::string::npos) << json::serialize(check);
  EXPECT_EQ(mock_.Violations(), "");
}

// From an adversarial review: the job judged a connector it read before an admin saved new
// credentials, and its "broken" overwrote the admin's fix.
TEST_F(ConnectorsTest, AHealthJudgedBeforeAnAdminsSaveLeavesTheSaveStanding) {
  std::string connector = Connector();
  std::optional<domain::Connector> seen;
  ASSERT_TRUE(server_.store
                  ->Read([&](store::Queries& q) -> Status {
                    BB_ASSIGN_OR_RETURN(seen, q.FindConnector(connector));
                    return Ok();
                  })
                  .ok());
  ASSERT_TRUE(seen);
  server_.clock.Advance(1s);
  ASSERT_EQ(Send("PATCH", "/api/v1/connectors/" + connector,
                 {{"auth", {{"flow", "client_credentials"}, {"client_id", "bb-app"}, {"client_secret", "new one"}}}})
                .status,
            200);
  ASSERT_TRUE(
      server_.services->connectors
          .SetHealth(*seen, domain::ConnectorHealth::kBroken, "Salesforce refused the sign-in (400 invalid_grant)")
          .ok());
  EXPECT_EQ(Get("/api/v1/connectors/" + connector).at("health").as_string(), "ok");
  // Judged on what it read last, it stands.
  ASSERT_TRUE(server_.store
                  ->Read([&](store::Queries& q) -> Status {
                    BB_ASSIGN_OR_RETURN(seen, q.FindConnector(connector));
                    return Ok();
                  })
                  .ok());
  ASSERT_TRUE(server_.services->connectors.SetHealth(*seen, domain::ConnectorHealth::kBroken, "refused").ok());
  EXPECT_EQ(Get("/api/v1/connectors/" + connector).at("health").as_string(), "broken");
}

// A Lead needs a Company. A referee who gave none got their email's domain, free email's too, so
// a rep converting the Lead of a gmail.com or Apple relay address made an Account "gmail.com" or
// "appleid.com" in the customer's CRM. Free email now gives "(not given)"; a company's own domain
// stays the best guess.
TEST_F(ConnectorsTest, ReviewFindingALeadOfFreeEmailNamesNoCompany) {
  company_.clear();
  std::string company = Referral("rita@sales.prospect.example");
  std::string gmail = Referral("sam@GMail.com", "Sam", "Stone");
  std::string relay = Referral("x7@privaterelay.appleid.com", "Pat", "Poe");
  Connector();
  Turn();
  ASSERT_EQ(Leads().size(), 3u);
  EXPECT_EQ(LeadOf(company).at("Company").as_string(), "prospect.example");
  EXPECT_EQ(LeadOf(gmail).at("Company").as_string(), "(not given)");
  EXPECT_EQ(LeadOf(relay).at("Company").as_string(), "(not given)");
}

TEST_F(ConnectorsTest, ReferralBecomesALeadOnceAndAWonDealRewardsOnce) {
  std::string referral = Referral("rita@prospect.example");
  std::string connector = Connector();
  Turn();  // the backlog: the referral made before the connector
  ASSERT_EQ(Leads().size(), 1u);
  json::object lead = LeadOf(referral);
  EXPECT_EQ(lead.at("LastName").as_string(), "Ray");
  EXPECT_EQ(lead.at("Company").as_string(), "Rita Co");
  EXPECT_EQ(lead.at("LeadSource").as_string(), "External Referral");
  EXPECT_EQ(lead.at("Bluebird_Advocate_Email__c").as_string(), "ann@client.example");
  EXPECT_EQ(lead.at("Bluebird_Advocate_Name__c").as_string(), "Ann Lee");
  EXPECT_NE(std::string(lead.at("Bluebird_Referral_Url__c").as_string()).find(referral), std::string::npos);

  // Sent again (a second referral and another turn) the first is not sent twice.
  std::string second = Referral("sam@prospect.example", "Sam", "Stone");
  Turn();
  EXPECT_EQ(Leads().size(), 2u);

  // Sales converts the lead; the opportunity is won with an amount.
  std::string lead_id(lead.at("Id").as_string());
  json::value converted =
      mock_.Control("POST", "records", json::object{{"object", "Lead"}, {"id", lead_id}, {"convert", json::object{}}});
  std::string opportunity(converted.at("opportunity").at("Id").as_string());
  Turn();
  EXPECT_EQ(Get("/api/v1/referrals/" + referral).at("stage").as_string(), "opportunity");
  mock_.Control("POST", "records",
                json::object{{"object", "Opportunity"},
                             {"id", opportunity},
                             {"fields", {{"StageName", "Closed Won"}, {"Amount", 12500.5}}}});
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

  // The amount corrected after close: the deal value follows, the reward is reissued, not doubled.
  mock_.Control("POST", "records",
                json::object{{"object", "Opportunity"}, {"id", opportunity}, {"fields", {{"Amount", 10000}}}});
  Turn();
  EXPECT_EQ(Get("/api/v1/referrals/" + referral).at("deal_value_minor").as_int64(), 1000000);
  EXPECT_NE(LogText(connector).find("deal value corrected"), std::string::npos) << LogText(connector);
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(ConnectorsTest, ExpiredSessionMintsOneNewTokenAndRetriesOnce) {
  std::string connector = Connector();
  Referral("a@prospect.example");
  Turn();
  int tokens = TokenRequests();
  mock_.Control("POST", "config", json::object{{"expire_tokens", true}});
  std::string referral = Referral("b@prospect.example");
  Turn();
  EXPECT_EQ(TokenRequests(), tokens + 1);
  LeadOf(referral);
  EXPECT_EQ(Get("/api/v1/connectors/" + connector).at("health").as_string(), "ok");
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(ConnectorsTest, OrgLimitBacksOffAndResumes) {
  std::string connector = Connector();
  mock_.Control("POST", "faults", json::object{{"respond", "request_limit"}, {"times", 1}});
  std::string referral = Referral("a@prospect.example");
  Turn();
  json::object state = Get("/api/v1/connectors/" + connector);
  EXPECT_EQ(state.at("health").as_string(), "backing_off") << json::serialize(state);
  EXPECT_NE(std::string(state.at("health_message").as_string()).find("REQUEST_LIMIT_EXCEEDED"), std::string::npos);
  EXPECT_EQ(Leads().size(), 0u);
  EXPECT_EQ(state.at("referrals").at("pending").as_int64(), 1);
  server_.clock.Advance(16min);
  Turn();
  server_.clock.Advance(1h);
  Turn();
  LeadOf(referral);
  EXPECT_EQ(Get("/api/v1/connectors/" + connector).at("health").as_string(), "ok");
}

TEST_F(ConnectorsTest, PartialBatchRetriesOnlyWhatFailed) {
  for (int i = 0; i < 3; ++i) Referral("p" + std::to_string(i) + "@prospect.example");
  mock_.Control("POST", "faults",
                json::object{{"respond", "partial_batch"},
                             {"index", 1},
                             {"times", 1},
                             {"status_code", "FIELD_CUSTOM_VALIDATION_EXCEPTION"},
                             {"message", "Rita needs a phone"}});
  std::string connector = Connector();
  Turn();
  EXPECT_EQ(Leads().size(), 2u);
  json::object state = Get("/api/v1/connectors/" + connector);
  EXPECT_EQ(state.at("referrals").at("synced").as_int64(), 2);
  EXPECT_EQ(state.at("referrals").at("failed").as_int64(), 1);
  EXPECT_NE(LogText(connector).find("Rita needs a phone"), std::string::npos) << LogText(connector);
}

TEST_F(ConnectorsTest, DuplicateRuleLinksTheExistingLead) {
  mock_.Control("POST", "config", json::object{{"duplicate_rule_on_lead_email", true}});
  json::value existing = mock_.Control(
      "POST", "records",
      json::object{{"object", "Lead"},
                   {"fields", {{"LastName", "Janet"}, {"Company", "Prospect"}, {"Email", "jane@prospect.example"}}}});
  std::string referral = Referral("jane@prospect.example", "Jane", "Doe");
  std::string connector = Connector();
  Turn();
  json::array leads = Leads();
  ASSERT_EQ(leads.size(), 1u) << json::serialize(leads);
  EXPECT_EQ(leads[0].at("LastName").as_string(), "Janet");  // the CRM's own field is not overwritten
  EXPECT_EQ(leads[0].at("Bluebird_Referral_Id__c").as_string(), referral);
  EXPECT_NE(LogText(connector).find("linked to it, nothing created"), std::string::npos) << LogText(connector);
}

TEST_F(ConnectorsTest, DeletedFieldStopsTheConnectorWithItsName) {
  mock_.Control("POST", "schema", json::object{{"object", "Lead"}, {"remove_field", "Bluebird_Channel__c"}});
  std::string connector = Connector();
  Referral("a@prospect.example");
  Turn();
  json::object state = Get("/api/v1/connectors/" + connector);
  EXPECT_EQ(state.at("health").as_string(), "broken") << json::serialize(state);
  EXPECT_NE(std::string(state.at("health_message").as_string()).find("Bluebird_Channel__c"), std::string::npos)
      << json::serialize(state);
  EXPECT_EQ(state.at("referrals").at("pending").as_int64(), 1);
  EXPECT_TRUE(Leads().empty());
  // Once the field is back, saving the connector clears its health and the referral goes.
  mock_.Control("POST", "schema",
                json::object{{"object", "Lead"}, {"add_field", {{"name", "Bluebird_Channel__c"}, {"type", "string"}}}});
  EXPECT_EQ(Send("PATCH", "/api/v1/connectors/" + connector, {{"poll_seconds", 120}}).Json().at("health").as_string(),
            "ok");
  Turn();
  EXPECT_EQ(Leads().size(), 1u);
  EXPECT_EQ(Get("/api/v1/connectors/" + connector).at("referrals").at("pending").as_int64(), 0);
  EXPECT_EQ(mock_.Violations(), "");
}

}  // namespace
}  // namespace bb::testing

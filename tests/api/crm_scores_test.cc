// Lead scores in the CRM (a connector's sync_scores; service::ConnectorService::ScanScores) against
// the CRM mocks, which check every request against the documented API: each referral's record
// carries its score (whole points) and grade as of the send; the hourly scan sends again only the
// open referrals whose score or grade changed (an engagement event, decay), and nothing when none
// did; without sync_scores no score is written; a score field the org lacks is named by the
// connection test and stops the connector; HubSpot's score properties are created when missing.
// (Runs on SQLite and, under "postgres/", on PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <cmath>
#include <string>

#include "common/time_format.h"
#include "domain/crm_score.h"
#include "hubspot_fixture.h"
#include "salesforce_fixture.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

// How many requests the mock saw with this method whose path contains `part`.
int CountRequests(CrmMock& mock, const std::string& method, const std::string& part) {
  int count = 0;
  for (const auto& request : mock.Requests()) {
    std::string path(request.at("path").as_string());
    if (request.at("method").as_string() == method && path.find(part) != std::string::npos) ++count;
  }
  return count;
}

// A CRM's fixture with the score the CRM should show for a referral.
template <class CrmFixture>
class ScoresTest : public CrmFixture {
 protected:
  // The score and grade Bluebird's API gives for the referral now, as the CRM should show them.
  domain::CrmScore ExpectedScore(const std::string& referral) {
    json::object score = this->Get("/api/v1/referrals/" + referral + "/score");
    double total = score.at("total").template to_number<double>();
    return {static_cast<std::int64_t>(std::llround(total)), std::string(score.at("grade").as_string())};
  }
};

class SalesforceScoresTest : public ScoresTest<SalesforceConnectorTest> {
 protected:
  // The score and grade on the referral's Lead (points -1 and "" when absent).
  domain::CrmScore LeadScore(const std::string& referral) {
    json::object lead = LeadOf(referral);
    domain::CrmScore out{-1, ""};
    if (const json::value* points = lead.if_contains("Bluebird_Lead_Score__c"); points && !points->is_null()) {
      out.points = static_cast<std::int64_t>(points->to_number<double>());
    }
    if (const json::value* grade = lead.if_contains("Bluebird_Lead_Grade__c"); grade && grade->is_string()) {
      out.grade = std::string(grade->as_string());
    }
    return out;
  }
  HttpResponse Event(const std::string& email, const std::string& type, const std::string& key) {
    return Send("POST", "/api/v1/programs/" + program_ + "/engagement-events",
                {{"events", json::array{json::object{{"email", email},
                                                     {"type", type},
                                                     {"key", key},
                                                     {"occurred_at", FormatTimestamp(server_.clock.Now())}}}}});
  }
  // A turn after the next scan is due.
  int TurnAfterAnHour() {
    server_.clock.Advance(domain::kScoreScanEvery);
    return Turn();
  }
};

TEST_F(SalesforceScoresTest, EachSendCarriesTheScoreAndTheHourlyScanSendsOnlyTheChangedOnes) {
  std::string connector = Connector({{"sync_scores", true}});
  EXPECT_TRUE(Get("/api/v1/connectors/" + connector).at("sync_scores").as_bool());
  std::string rita = Referral("rita@prospect.example");
  std::string sam = Referral("sam@other.example", "Sam", "Soo");
  Turn();
  domain::CrmScore rita_score = ExpectedScore(rita);
  EXPECT_GT(rita_score.points, 0);
  EXPECT_FALSE(rita_score.grade.empty());
  EXPECT_EQ(LeadScore(rita), rita_score);
  EXPECT_EQ(LeadScore(sam), ExpectedScore(sam));
  EXPECT_FALSE(Get("/api/v1/connectors/" + connector).at("scores_scanned_at").is_null())
      << "the first turn scanned (nothing was synced yet, so nothing was queued by it)";

  // Nothing changed: neither a turn nor the next hourly scan writes anything.
  int writes = CountRequests(mock_, "PATCH", "/sobjects/");
  Turn();
  TurnAfterAnHour();
  EXPECT_EQ(CountRequests(mock_, "PATCH", "/sobjects/"), writes);

  // Rita attends a demo: her Lead shows it after the next scan, not before; Sam's is not written.
  ASSERT_EQ(Event("rita@prospect.example", "demo_attended", "demo-1").status, 200);
  domain::CrmScore engaged = ExpectedScore(rita);
  ASSERT_NE(engaged, rita_score) << "the event must change the score for this test to mean anything";
  Turn();
  EXPECT_EQ(LeadScore(rita), rita_score) << "the scan is hourly";
  TurnAfterAnHour();
  EXPECT_EQ(LeadScore(rita), ExpectedScore(rita));
  EXPECT_EQ(CountRequests(mock_, "PATCH", "/sobjects/"), writes + 1) << "only Rita's record is written again";
  EXPECT_NE(LogText(connector).find("lead scores: 2 checked, 1 changed and queued"), std::string::npos)
      << LogText(connector);

  // A closed referral is not scanned: Rita's deal is lost, then her engagement changes.
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + rita + "/stage", {{"stage", "lost"}}).status, 200);
  Turn();
  writes = CountRequests(mock_, "PATCH", "/sobjects/");
  ASSERT_EQ(Event("rita@prospect.example", "meeting_booked", "meeting-1").status, 200);
  TurnAfterAnHour();
  EXPECT_EQ(CountRequests(mock_, "PATCH", "/sobjects/"), writes);
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(SalesforceScoresTest, WithoutScoreSyncNoScoreIsWrittenAndTurningItOnSendsEveryOpenReferralOnce) {
  std::string connector = Connector();
  std::string rita = Referral("rita@prospect.example");
  Turn();
  EXPECT_EQ(LeadScore(rita), (domain::CrmScore{-1, ""}));
  EXPECT_TRUE(Get("/api/v1/connectors/" + connector).at("scores_scanned_at").is_null());

  ASSERT_EQ(Send("PATCH", "/api/v1/connectors/" + connector, {{"sync_scores", true}}).status, 200);
  Turn();
  EXPECT_EQ(LeadScore(rita), ExpectedScore(rita)) << "the scan found no score written: queued";
  int writes = CountRequests(mock_, "PATCH", "/sobjects/");
  TurnAfterAnHour();
  EXPECT_EQ(CountRequests(mock_, "PATCH", "/sobjects/"), writes);

  // Turned off: the scan stops and later sends carry no score (the last one written stays).
  ASSERT_EQ(Send("PATCH", "/api/v1/connectors/" + connector, {{"sync_scores", false}}).status, 200);
  ASSERT_EQ(Event("rita@prospect.example", "demo_attended", "demo-1").status, 200);
  TurnAfterAnHour();
  EXPECT_EQ(CountRequests(mock_, "PATCH", "/sobjects/"), writes);
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(SalesforceScoresTest, AMissingScoreFieldIsNamedByTheTestAndStopsTheConnector) {
  mock_.Control("POST", "schema", json::object{{"object", "Lead"}, {"remove_field", "Bluebird_Lead_Grade__c"}});
  std::string connector = Connector({{"sync_scores", true}});
  json::object check = Send("POST", "/api/v1/connectors/" + connector + "/test").Json().as_object();
  EXPECT_FALSE(check.at("ok").as_bool());
  EXPECT_NE(json::serialize(check).find("Lead.Bluebird_Lead_Grade__c is missing"), std::string::npos)
      << json::serialize(check);
  Referral("rita@prospect.example");
  Turn();
  json::object view = Get("/api/v1/connectors/" + connector);
  EXPECT_EQ(view.at("health").as_string(), "broken");
  EXPECT_NE(std::string(view.at("health_message").as_string()).find("Bluebird_Lead_Grade__c"), std::string::npos)
      << json::serialize(view);

  // Without score sync the same org works.
  ASSERT_EQ(Send("PATCH", "/api/v1/connectors/" + connector, {{"sync_scores", false}}).status, 200);
  Send("POST", "/api/v1/connectors/" + connector + "/sync");
  Turn();
  EXPECT_EQ(Get("/api/v1/connectors/" + connector).at("health").as_string(), "ok");
  EXPECT_EQ(Leads().size(), 1u);
}

// Review findings of 2026-12-07, each with the scenario that showed it.
TEST_F(SalesforceScoresTest, ReviewFindingTheScanLeavesReferralsTheConnectorNoLongerSends) {
  std::string connector = Connector({{"sync_scores", true}});
  std::string rita = Referral("rita@prospect.example");
  Turn();
  std::string elsewhere = Id(
      Post("/api/v1/programs",
           {{"name", "Elsewhere"}, {"kind", "partner"}, {"landing_url", "https://e.example/"}, {"currency", "USD"}}));
  ASSERT_EQ(Send("PATCH", "/api/v1/connectors/" + connector, {{"program_id", elsewhere}}).status, 200);
  ASSERT_EQ(Event("rita@prospect.example", "demo_attended", "demo-1").status, 200);
  int writes = CountRequests(mock_, "PATCH", "/sobjects/");
  TurnAfterAnHour();
  EXPECT_EQ(CountRequests(mock_, "PATCH", "/sobjects/"), writes);
  json::object view = Get("/api/v1/connectors/" + connector);
  EXPECT_EQ(view.at("referrals").at("failed"), 0) << "Rita's record is not marked failed: " << json::serialize(view);
  EXPECT_EQ(view.at("referrals").at("synced"), 1);
}

TEST_F(SalesforceScoresTest, ReviewFindingTurningScoreSyncOnAgainWritesEveryScoreAgain) {
  std::string connector = Connector({{"sync_scores", true}});
  std::string rita = Referral("rita@prospect.example");
  Turn();
  domain::CrmScore expected = ExpectedScore(rita);
  ASSERT_EQ(LeadScore(rita), expected);
  // An admin clears the fields in Salesforce (a field deleted and made again, say).
  std::string lead_id(LeadOf(rita).at("Id").as_string());
  mock_.Control("POST", "records",
                json::object{{"object", "Lead"},
                             {"id", lead_id},
                             {"fields", {{"Bluebird_Lead_Score__c", nullptr}, {"Bluebird_Lead_Grade__c", nullptr}}}});
  ASSERT_EQ(LeadScore(rita), (domain::CrmScore{-1, ""}));
  ASSERT_EQ(Send("PATCH", "/api/v1/connectors/" + connector, {{"sync_scores", false}}).status, 200);
  ASSERT_EQ(Send("PATCH", "/api/v1/connectors/" + connector, {{"sync_scores", true}}).status, 200);
  Turn();
  EXPECT_EQ(LeadScore(rita), expected);
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(SalesforceScoresTest, ReviewFindingAConvertedLeadsOpportunityGetsTheScore) {
  std::string connector = Connector({{"sync_scores", true}});
  std::string rita = Referral("rita@prospect.example");
  Turn();
  std::string lead_id(LeadOf(rita).at("Id").as_string());
  // Converted without the score fields mapped: the opportunity has the referral id only.
  json::value converted =
      mock_.Control("POST", "records",
                    json::object{{"object", "Lead"},
                                 {"id", lead_id},
                                 {"convert", {{"map_lead_fields", json::array{"Bluebird_Referral_Id__c"}}}}});
  std::string opportunity(converted.at("opportunity").at("Id").as_string());
  Turn();  // the poll reads the conversion
  TurnAfterAnHour();
  json::object record = RecordOf("Opportunity", rita);
  EXPECT_EQ(std::string(record.at("Id").as_string()), opportunity);
  domain::CrmScore expected = ExpectedScore(rita);
  ASSERT_TRUE(record.contains("Bluebird_Lead_Score__c")) << json::serialize(record);
  EXPECT_EQ(record.at("Bluebird_Lead_Score__c").to_number<double>(), static_cast<double>(expected.points));
  EXPECT_EQ(record.at("Bluebird_Lead_Grade__c").as_string(), expected.grade);
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(SalesforceScoresTest, ReviewFindingAScoreThatCannotBeReadDoesNotHoldTheReferralBack) {
  std::string connector = Connector({{"sync_scores", true}});
  ASSERT_EQ(
      Send("PUT", "/api/v1/programs/" + program_ + "/score-model",
           {{"name", "Mine"},
            {"groups", json::array{json::object{{"name", "Who"},
                                                {"dimension", "fit"},
                                                {"fit_rules", json::array{json::object{{"attribute", "referee.company"},
                                                                                       {"op", "known"},
                                                                                       {"points", 20}}}}}}},
            {"decay", {{"mode", "none"}}}})
          .status,
      201);
  ASSERT_TRUE(server_.RunSql("UPDATE score_models SET model = 'not json'").ok());
  std::string rita = Referral("rita@prospect.example");
  Turn();
  EXPECT_EQ(LeadScore(rita), (domain::CrmScore{-1, ""})) << "the Lead is made, without a score";
  EXPECT_EQ(Get("/api/v1/connectors/" + connector).at("referrals").at("synced"), 1);
  EXPECT_NE(LogText(connector).find("lead scores: 1 could not be read and were sent without"), std::string::npos)
      << LogText(connector);
  EXPECT_EQ(mock_.Violations(), "");
}

class HubspotScoresTest : public ScoresTest<HubspotConnectorTest> {};

TEST_F(HubspotScoresTest, TheScorePropertiesAreCreatedAndTheContactAndDealCarryTheScore) {
  std::string connector = Connector(kHubspotToken, {{"sync_scores", true}});
  std::string rita = Referral("rita@prospect.example");
  Turn();
  EXPECT_EQ(Get("/api/v1/connectors/" + connector).at("health").as_string(), "ok") << LogText(connector);
  bool created = false;
  for (const auto& request : mock_.Requests()) {
    if (request.at("path").as_string() != "/crm/properties/2026-03/deals/batch/create") continue;
    for (const auto& input : request.at("json").at("inputs").as_array()) {
      if (input.at("name").as_string() == "bluebird_lead_score") created = input.at("type").as_string() == "number";
    }
  }
  EXPECT_TRUE(created) << "the deals' score property is created as a number";
  domain::CrmScore expected = ExpectedScore(rita);
  EXPECT_EQ(DealProperty(rita, "bluebird_lead_score"), std::to_string(expected.points));
  EXPECT_EQ(DealProperty(rita, "bluebird_lead_grade"), expected.grade);
  json::object contact = RecordWith("contacts", "email", "rita@prospect.example");
  EXPECT_EQ(Property(contact, "bluebird_lead_score"), std::to_string(expected.points));
  EXPECT_EQ(Property(contact, "bluebird_lead_grade"), expected.grade);
  EXPECT_EQ(mock_.Violations(), "");
}

}  // namespace
}  // namespace bb::testing

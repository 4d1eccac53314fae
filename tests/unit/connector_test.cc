// Connector rules (domain/connector.h): every bad field named at once, secrets kept apart from the
// connector, saving clearing a stopped connector; what a CRM state means for a referral — forward
// only, closed never reopened, a won amount corrected, the same state read again planning nothing;
// and CRM amounts in minor units, exact, rounded half away from zero, never overflowing.
#include "domain/connector.h"

#include <gtest/gtest.h>

#include <chrono>
#include <limits>
#include <string>

#include "domain/crm_score.h"
#include "domain/reward_amount.h"

namespace bb::domain {
namespace {

bool Names(const Status& status, const std::string& field) {
  if (status.ok()) return false;
  for (const auto& error : status.error().fields()) {
    if (error.field == field) return true;
  }
  return false;
}

ConnectorInput SalesforceInput() {
  ConnectorInput input;
  input.kind = "salesforce";
  input.base_url = "https://acme.my.salesforce.com/";
  input.auth = ConnectorAuthInput{"client_credentials", "3MVG9", std::nullopt, "s3cret", std::nullopt, std::nullopt};
  input.stage_map = std::map<std::string, std::string>{{"Closed Won", "won"}, {"Qualification", "qualified"}};
  return input;
}

TEST(ConnectorInput, AGoodConnectorKeepsItsSecretsApart) {
  Connector c;
  ConnectorSecrets secrets;
  ASSERT_TRUE(ApplyConnectorInput(c, SalesforceInput(), secrets, true, false).ok());
  EXPECT_EQ(c.base_url, "https://acme.my.salesforce.com") << "the trailing slash is dropped";
  EXPECT_EQ(c.auth, (ConnectorAuth{"client_credentials", "3MVG9", ""}));
  EXPECT_EQ(secrets.client_secret, "s3cret");
  EXPECT_EQ(c.stage_map.at("Closed Won"), ReferralStage::kWon);
  EXPECT_EQ(c.lead_source, "External Referral");
  EXPECT_EQ(c.send, ConnectorSendPolicy::kClear);
}

TEST(ConnectorInput, EveryBadFieldIsNamedAtOnce) {
  ConnectorInput input = SalesforceInput();
  input.base_url = "http://10.0.0.5/";
  input.auth->token = "a HubSpot token";
  input.stage_map = std::map<std::string, std::string>{{"Closed Won", "submitted"}, {"", "won"}};
  input.send = "some";
  input.poll_seconds = 29;
  input.lead_source = std::string(256, 'x');
  Connector c;
  ConnectorSecrets secrets;
  Status status = ApplyConnectorInput(c, input, secrets, true, false);
  for (const char* field :
       {"base_url", "auth.token", "stage_map.Closed Won", "stage_map", "send", "poll_seconds", "lead_source"}) {
    EXPECT_TRUE(Names(status, field)) << field;
  }
  EXPECT_TRUE(secrets.client_secret.empty()) << "nothing is taken from a refused input";

  ConnectorInput missing;
  EXPECT_TRUE(Names(ApplyConnectorInput(c, missing, secrets, true, false), "kind"));
  missing.kind = "salesforce";
  EXPECT_TRUE(Names(ApplyConnectorInput(c, missing, secrets, true, false), "auth"));
  ConnectorInput no_domain = SalesforceInput();
  no_domain.base_url = "";
  EXPECT_TRUE(Names(ApplyConnectorInput(c, no_domain, secrets, true, false), "base_url"))
      << "client credentials need the org's My Domain";
}

TEST(ConnectorInput, HubspotTakesATokenAndPrivateTargetsOnlyWhenAllowed) {
  ConnectorInput input;
  input.kind = "hubspot";
  input.base_url = "http://127.0.0.1:8123";
  input.auth = ConnectorAuthInput{std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, "pat-1"};
  Connector c;
  ConnectorSecrets secrets;
  EXPECT_TRUE(Names(ApplyConnectorInput(c, input, secrets, true, false), "base_url"));
  Connector allowed;
  ASSERT_TRUE(ApplyConnectorInput(allowed, input, secrets, true, true).ok());
  EXPECT_EQ(allowed.auth.flow, "token");
  EXPECT_EQ(secrets.token, "pat-1");
  ConnectorInput change;
  change.kind = "salesforce";
  EXPECT_TRUE(Names(ApplyConnectorInput(allowed, change, secrets, false, true), "kind")) << "the kind is fixed";
}

TEST(ConnectorInput, SavingClearsAStoppedConnector) {
  Connector c;
  ConnectorSecrets secrets;
  ASSERT_TRUE(ApplyConnectorInput(c, SalesforceInput(), secrets, true, false).ok());
  c.health = ConnectorHealth::kBroken;
  c.health_message = "INVALID_FIELD";
  c.resume_at = Timestamp{};
  ConnectorInput save;
  save.poll_seconds = 600;
  ASSERT_TRUE(ApplyConnectorInput(c, save, secrets, false, false).ok());
  EXPECT_EQ(c.health, ConnectorHealth::kOk);
  EXPECT_TRUE(c.health_message.empty());
  EXPECT_FALSE(c.resume_at);
  EXPECT_EQ(c.auth.client_id, "3MVG9") << "what was not sent stays";
}

// From an adversarial review: every advocate is sent again when the advocates or the CRM may be
// others (program, host, credentials) or advocate sync is turned on again; not for other settings.
TEST(ConnectorInput, TheAdvocateCursorStartsOverWhenTheAdvocatesOrTheCrmMayBeOthers) {
  Connector c;
  ConnectorSecrets secrets;
  ASSERT_TRUE(ApplyConnectorInput(c, SalesforceInput(), secrets, true, false).ok());
  c.sync_advocates = true;
  auto after = [&](const ConnectorInput& input) {
    Connector changed = c;
    changed.advocate_cursor = "1772366400000000:adv_01";
    ConnectorSecrets kept = secrets;
    EXPECT_TRUE(ApplyConnectorInput(changed, input, kept, false, false).ok());
    return changed.advocate_cursor;
  };
  ConnectorInput poll;
  poll.poll_seconds = 600;
  EXPECT_EQ(after(poll), "1772366400000000:adv_01");
  ConnectorInput program;
  program.program_id = "prg_other";
  EXPECT_EQ(after(program), "");
  ConnectorInput host;
  host.base_url = "https://elsewhere.my.salesforce.com";
  host.auth = SalesforceInput().auth;
  EXPECT_EQ(after(host), "");
  ConnectorInput credentials;
  credentials.auth = SalesforceInput().auth;
  EXPECT_EQ(after(credentials), "") << "a new secret may be another org";
  ConnectorInput again;
  again.sync_advocates = true;
  EXPECT_EQ(after(again), "1772366400000000:adv_01") << "on already";
  c.sync_advocates = false;
  EXPECT_EQ(after(again), "") << "turned on again";
}

TEST(ConnectorInput, TheScoreScanStartsOverWhenScoreSyncIsTurnedOnOrTheCrmMayBeAnother) {
  Connector c;
  ConnectorSecrets secrets;
  ASSERT_TRUE(ApplyConnectorInput(c, SalesforceInput(), secrets, true, false).ok());
  c.sync_scores = true;
  auto after = [&](const ConnectorInput& input) {
    Connector changed = c;
    changed.score_cursor = "ref_01";
    changed.scores_scanned_at = Timestamp{} + std::chrono::hours(5);
    ConnectorSecrets kept = secrets;
    EXPECT_TRUE(ApplyConnectorInput(changed, input, kept, false, false).ok());
    return changed.score_cursor + (changed.scores_scanned_at ? " scanned" : "");
  };
  ConnectorInput poll;
  poll.poll_seconds = 600;
  EXPECT_EQ(after(poll), "ref_01 scanned");
  ConnectorInput program;
  program.program_id = "prg_other";
  EXPECT_EQ(after(program), "");
  ConnectorInput credentials;
  credentials.auth = SalesforceInput().auth;
  EXPECT_EQ(after(credentials), "");
  ConnectorInput again;
  again.sync_scores = true;
  EXPECT_EQ(after(again), "ref_01 scanned") << "on already";
  c.sync_scores = false;
  EXPECT_EQ(after(again), "") << "turned on again";

  Connector off = c;
  Connector moved = c;
  moved.program_id = "prg_other";
  EXPECT_FALSE(ScoreScanStartsOver(off, moved, true)) << "score sync stays off: nothing to write";
  Connector on = c;
  on.sync_scores = true;
  EXPECT_TRUE(ScoreScanStartsOver(off, on, false));
  EXPECT_FALSE(ScoreScanStartsOver(on, on, false));
  EXPECT_TRUE(ScoreScanStartsOver(on, on, true));
}

TEST(ConnectorScoreScan, IsDueWhenInProgressOrAnHourAfterTheLastEndedAndOnlyWithScoreSync) {
  Connector c;
  const Timestamp now = Timestamp{} + std::chrono::hours(100);
  EXPECT_FALSE(c.ScoreScanDue(now)) << "scores not synced";
  c.sync_scores = true;
  EXPECT_TRUE(c.ScoreScanDue(now)) << "never scanned";
  c.scores_scanned_at = now - kScoreScanEvery + std::chrono::microseconds(1);
  EXPECT_FALSE(c.ScoreScanDue(now));
  c.scores_scanned_at = now - kScoreScanEvery;
  EXPECT_TRUE(c.ScoreScanDue(now));
  c.scores_scanned_at = now;
  c.score_cursor = "ref_01";
  EXPECT_TRUE(c.ScoreScanDue(now)) << "a scan in progress goes on";
}

TEST(CrmScore, IsTheTotalInWholePointsRoundedHalfAwayFromZeroWithTheGrade) {
  auto of = [](std::int64_t hundredths) {
    LeadScore score;
    score.total = hundredths;
    score.grade = "B2";
    return CrmScoreOf(score);
  };
  EXPECT_EQ(of(4249), (CrmScore{42, "B2"}));
  EXPECT_EQ(of(4250), (CrmScore{43, "B2"}));
  EXPECT_EQ(of(-4249).points, -42);
  EXPECT_EQ(of(-4250).points, -43);
  EXPECT_EQ(of(0).points, 0);
  EXPECT_EQ(of(49).points, 0);
  // The extremes do not overflow (…807 and …808 round toward zero).
  EXPECT_EQ(of(std::numeric_limits<std::int64_t>::max()).points, std::numeric_limits<std::int64_t>::max() / 100);
  EXPECT_EQ(of(std::numeric_limits<std::int64_t>::min()).points, std::numeric_limits<std::int64_t>::min() / 100);
  EXPECT_EQ(of(std::numeric_limits<std::int64_t>::max() - 57).points, std::numeric_limits<std::int64_t>::max() / 100);
}

// From an adversarial review: a new host needs the credentials given again, and a private key
// holding a NUL (which would split the sealed secrets wrongly) is refused.
TEST(ConnectorInput, AnotherHostNeedsTheCredentialsAgainAndAKeyIsText) {
  Connector c;
  ConnectorSecrets secrets;
  ASSERT_TRUE(ApplyConnectorInput(c, SalesforceInput(), secrets, true, false).ok());
  ConnectorInput moved;
  moved.base_url = "https://elsewhere.my.salesforce.com";
  EXPECT_TRUE(Names(ApplyConnectorInput(c, moved, secrets, false, false), "auth"));
  EXPECT_EQ(c.base_url, "https://acme.my.salesforce.com");
  moved.auth = SalesforceInput().auth;
  EXPECT_TRUE(ApplyConnectorInput(c, moved, secrets, false, false).ok());
  ConnectorInput same;
  same.base_url = "https://elsewhere.my.salesforce.com/";
  EXPECT_TRUE(ApplyConnectorInput(c, same, secrets, false, false).ok()) << "the same host, written with a slash";

  ConnectorInput jwt = SalesforceInput();
  jwt.auth = ConnectorAuthInput{"jwt_bearer",
                                "3MVG9",
                                "bb@acme.example",
                                std::nullopt,
                                std::string("-----BEGIN PRIVATE KEY-----\0x\n-----END PRIVATE KEY-----", 55),
                                std::nullopt};
  Connector fresh;
  EXPECT_TRUE(Names(ApplyConnectorInput(fresh, jwt, secrets, true, false), "auth.private_key_pem"));
}

Referral At(ReferralStage stage, std::optional<std::int64_t> value = std::nullopt) {
  Referral r;
  r.stage = stage;
  r.deal_value_minor = value;
  return r;
}

TEST(PlanInbound, MovesForwardOnlyAndNeverReopens) {
  Connector c;
  c.stage_map = {{"Qualification", ReferralStage::kQualified}, {"Proposal", ReferralStage::kOpportunity}};
  CrmDealState proposal{"Proposal", false, false, std::nullopt, false};
  EXPECT_EQ(PlanInbound(c, At(ReferralStage::kSubmitted), proposal).move_to, ReferralStage::kOpportunity);
  CrmDealState back{"Qualification", false, false, std::nullopt, false};
  EXPECT_FALSE(PlanInbound(c, At(ReferralStage::kOpportunity), back).move_to) << "a deal moved back";
  EXPECT_FALSE(PlanInbound(c, At(ReferralStage::kOpportunity), proposal).move_to) << "read again";
  CrmDealState unknown{"Negotiation", false, false, std::nullopt, false};
  EXPECT_FALSE(PlanInbound(c, At(ReferralStage::kSubmitted), unknown).move_to) << "an unmapped open stage";
  CrmDealState converted{"Working", false, false, std::nullopt, true};
  EXPECT_EQ(PlanInbound(c, At(ReferralStage::kSubmitted), converted).move_to, ReferralStage::kOpportunity);

  CrmDealState lost{"Closed Lost", true, false, std::nullopt, false};
  InboundPlan reopen = PlanInbound(c, At(ReferralStage::kWon, 100), lost);
  EXPECT_FALSE(reopen.move_to);
  EXPECT_NE(reopen.skipped.find("not reopened"), std::string::npos) << reopen.skipped;
  EXPECT_EQ(PlanInbound(c, At(ReferralStage::kRejected), CrmDealState{"Won", true, true, 5, false}).move_to,
            std::nullopt);
}

// Review finding (account-level credit): the CRM's win of the own deal of a referral won only
// through its account was planned as a correction of its deal value, which it has none of, and
// failed; it is that deal's win.
TEST(PlanInbound, ReviewFindingTheOwnDealOfAReferralWonThroughItsAccountIsWonNotCorrected) {
  Connector c;
  CrmDealState won{"Closed Won", true, true, 300000, false};
  InboundPlan own = PlanInbound(c, At(ReferralStage::kWon), won, true);
  EXPECT_EQ(own.move_to, ReferralStage::kWon);
  EXPECT_EQ(own.deal_value, 300000);
  EXPECT_FALSE(own.correct_value);
  EXPECT_EQ(PlanInbound(c, At(ReferralStage::kWon), won).correct_value, 300000) << "a win of its own: a correction";
  CrmDealState lost{"Closed Lost", true, false, std::nullopt, false};
  EXPECT_FALSE(PlanInbound(c, At(ReferralStage::kWon), lost, true).move_to) << "the account is a customer";
}

TEST(PlanInbound, AWonDealCarriesItsAmountOnceAndLaterChangesCorrectIt) {
  Connector c;
  CrmDealState won{"Closed Won", true, true, 1250050, false};
  InboundPlan first = PlanInbound(c, At(ReferralStage::kOpportunity), won);
  EXPECT_EQ(first.move_to, ReferralStage::kWon);
  EXPECT_EQ(first.deal_value, 1250050);
  InboundPlan again = PlanInbound(c, At(ReferralStage::kWon, 1250050), won);
  EXPECT_FALSE(again.move_to);
  EXPECT_FALSE(again.correct_value) << "the same state read again plans nothing";
  won.amount_minor = 1000000;
  EXPECT_EQ(PlanInbound(c, At(ReferralStage::kWon, 1250050), won).correct_value, 1000000);
}

TEST(CrmAmounts, AreExactRoundedHalfAwayAndNeverOverflow) {
  EXPECT_EQ(DecimalTextToMinor("12500.50", 2), 1250050);
  EXPECT_EQ(DecimalTextToMinor("12500.5", 2), 1250050);
  EXPECT_EQ(DecimalTextToMinor("12500", 0), 12500);
  EXPECT_EQ(DecimalTextToMinor("0.005", 2), 1);
  EXPECT_EQ(DecimalTextToMinor("0.004", 2), 0);
  EXPECT_EQ(DecimalTextToMinor("007.10", 2), 710);
  for (const char* bad : {"", "-1", "1e5", "1.", ".5", "1,5", "12 500", "NaN"}) {
    EXPECT_EQ(DecimalTextToMinor(bad, 2), std::nullopt) << bad;
  }
  EXPECT_EQ(DecimalTextToMinor("10000000000000000", 2), std::nullopt) << "17 digits";
  EXPECT_EQ(DecimalToMinor(12500.5, 2), 1250050);
  EXPECT_EQ(DecimalToMinor(-1, 2), std::nullopt);
  EXPECT_EQ(DecimalToMinor(1e30, 2), std::nullopt);
}

// The bound is kMaxMinorAmount (10^15 minor units), in every currency, at its exact edge.
TEST(CrmAmounts, AHostileAmountIsRefusedAtTheBoundNotWrapped) {
  EXPECT_EQ(DecimalTextToMinor("10000000000000", 2), kMaxMinorAmount) << "the largest amount";
  EXPECT_EQ(DecimalTextToMinor("10000000000000.01", 2), std::nullopt);
  EXPECT_EQ(DecimalTextToMinor("999999999999.999", 3), 999999999999999);
  EXPECT_EQ(DecimalTextToMinor("9999999999999999.999", 3), std::nullopt);
  EXPECT_EQ(DecimalTextToMinor("9999999999999999999999", 0), std::nullopt);
  EXPECT_EQ(DecimalToMinor(10000000000000.01, 2), std::nullopt);
}

}  // namespace
}  // namespace bb::domain

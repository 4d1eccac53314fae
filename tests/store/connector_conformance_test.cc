// The storage conformance suite for CRM connectors (see conformance.h): a connector kept field for
// field (stage map, optional times, sealed secrets as given), the CRM queue's contract -- a change
// raises the version, a row in flight or backing off is not made due early, a new connector's
// backlog takes only open referrals of its program (clear ones under the clear policy) once, claims
// take due rows of one connector in order and never twice, "sync now" requeues failed and waiting
// rows but not leased ones --, the counts, and the sync log newest first by pages. Deleting a
// connector removes its queue and log.

#include <algorithm>

#include "conformance.h"
#include "domain/connector.h"
#include "domain/ids.h"

namespace bb::store {
namespace {

using namespace conformance;  // NOLINT(google-build-using-namespace): the suite's vocabulary
using namespace std::chrono_literals;
using domain::Connector;

class ConnectorConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    program_ = MakeProgram("crm");
    other_ = MakeProgram("elsewhere");
    ada_ = MakeAdvocate(program_, MakePerson("ada"));
    bob_ = MakeAdvocate(other_, MakePerson("bob"));
    ASSERT_OK(InsertProgramWithAdvocates(program_, {ada_}));
    ASSERT_OK(InsertProgramWithAdvocates(other_, {bob_}));
  }

  Connector MakeConnector(const std::string& program_id, Timestamp at = kT0) {
    Connector c;
    c.id = NewId(domain::kConnectorPrefix, at);
    c.program_id = program_id;
    c.kind = domain::ConnectorKind::kSalesforce;
    c.base_url = "https://acme.my.salesforce.com";
    c.auth = {"jwt_bearer", "3MVG9consumer", "integration@acme.example"};
    c.sealed_secrets = "v1.sealed-text_with-every-base64url-character";
    c.stage_map = {{"Closed Won", domain::ReferralStage::kWon},
                   {"Proposal/Price Quote", domain::ReferralStage::kOpportunity},
                   {"Qualification — 'quoted' \"stage\"", domain::ReferralStage::kQualified}};
    c.lead_source = "Partner Referral";
    c.lead_status = "Open - Not Contacted";
    c.send = domain::ConnectorSendPolicy::kAll;
    c.poll_seconds = 120;
    c.created_at = c.updated_at = at;
    c.next_poll_at = at;
    return c;
  }

  // A referral of `advocate` in `stage`, under review when `held`.
  domain::Referral AddReferral(const domain::Advocate& advocate, const std::string& email, Timestamp at,
                               domain::ReferralStage stage = domain::ReferralStage::kSubmitted, bool held = false) {
    domain::Referral r = MakeReferral(advocate, email, at);
    r.stage = stage;
    if (held) {
      r.review_status = domain::ReviewStatus::kHeld;
      r.review_reasons = {domain::ReviewReason::kSelfReferral};
    }
    Status inserted = Write([&](Tx& tx) { return tx.InsertReferral(r); });
    EXPECT_TRUE(inserted.ok()) << Describe(inserted);
    return r;
  }

  // Every page of changed advocates after `after`, read `limit` at a time until one is empty.
  std::vector<CrmAdvocate> ReadAll(const std::string& program_id, Timestamp until, int limit,
                                   std::optional<CrmAdvocatePosition> after = std::nullopt) {
    std::vector<CrmAdvocate> all;
    for (int page = 0; page < 100; ++page) {
      auto got = Get([&](Queries& q) { return q.ListCrmAdvocates(program_id, after, until, limit); });
      if (got.empty()) break;
      EXPECT_LE(got.size(), static_cast<std::size_t>(limit));
      after = got.back().position;
      all.insert(all.end(), got.begin(), got.end());
    }
    return all;
  }

  std::optional<CrmRecord> Record(const Connector& c, const domain::Referral& r) {
    return Get([&](Queries& q) { return q.FindCrmRecord(c.id, r.id); });
  }
  std::vector<CrmRecord> Claim(const Connector& c, const std::string& holder, Timestamp now, int limit = 10) {
    std::vector<CrmRecord> out;
    Status claimed = Write([&](Tx& tx) -> Status {
      BB_ASSIGN_OR_RETURN(out, tx.ClaimCrmRecords(c.id, holder, now, now + 2min, limit));
      return Ok();
    });
    EXPECT_TRUE(claimed.ok()) << Describe(claimed);
    return out;
  }
  static std::vector<std::string> Referrals(const std::vector<CrmRecord>& records) {
    std::vector<std::string> ids;
    for (const auto& r : records) ids.push_back(r.referral_id);
    return ids;
  }
  Status Enqueue(const Connector& c, const domain::Referral& r, Timestamp now) {
    return Write([&](Tx& tx) { return tx.EnqueueCrmRecord(c.id, r.id, now); });
  }

  domain::Program program_;
  domain::Program other_;
  domain::Advocate ada_;
  domain::Advocate bob_;
};

TEST_P(ConnectorConformanceTest, AConnectorKeepsEveryField) {
  Connector c = MakeConnector(program_.id);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertConnector(c); }));
  auto found = Get([&](Queries& q) { return q.FindConnector(c.id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->program_id, program_.id);
  EXPECT_EQ(found->kind, domain::ConnectorKind::kSalesforce);
  EXPECT_EQ(found->base_url, c.base_url);
  EXPECT_EQ(found->auth, c.auth);
  EXPECT_EQ(found->sealed_secrets, c.sealed_secrets);
  EXPECT_EQ(found->stage_map, c.stage_map);
  EXPECT_EQ(found->lead_source, "Partner Referral");
  EXPECT_EQ(found->lead_status, "Open - Not Contacted");
  EXPECT_EQ(found->send, domain::ConnectorSendPolicy::kAll);
  EXPECT_EQ(found->poll_seconds, 120);
  EXPECT_TRUE(found->enabled);
  EXPECT_EQ(found->health, domain::ConnectorHealth::kOk);
  EXPECT_FALSE(found->resume_at);
  EXPECT_FALSE(found->last_poll_at);
  ASSERT_TRUE(found->next_poll_at);
  EXPECT_EQ(ToMicros(*found->next_poll_at), ToMicros(kT0));
  EXPECT_FALSE(found->sync_advocates);
  EXPECT_EQ(found->advocate_cursor, "");
  EXPECT_FALSE(found->sync_scores);
  EXPECT_EQ(found->score_cursor, "");
  EXPECT_FALSE(found->scores_scanned_at);

  c.health = domain::ConnectorHealth::kBackingOff;
  c.health_message = "the org's API request limit is used up";
  c.resume_at = kT0 + 15min;
  c.cursor = "2026-03-01T12:00:00.000Z";
  c.last_poll_at = kT0 + 1s;
  c.next_poll_at.reset();
  c.enabled = false;
  c.stage_map.clear();
  c.kind = domain::ConnectorKind::kHubspot;  // fixed at creation: not rewritten
  c.sync_advocates = true;
  c.advocate_cursor = "1772366400000000:adv_01";
  c.sync_scores = true;
  c.score_cursor = "ref_01";
  c.scores_scanned_at = kT0 + 3s;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateConnector(c); }));
  found = Get([&](Queries& q) { return q.FindConnector(c.id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, domain::ConnectorKind::kSalesforce);
  EXPECT_EQ(found->health, domain::ConnectorHealth::kBackingOff);
  EXPECT_EQ(found->health_message, c.health_message);
  ASSERT_TRUE(found->resume_at);
  EXPECT_EQ(ToMicros(*found->resume_at), ToMicros(kT0 + 15min));
  EXPECT_EQ(found->cursor, c.cursor);
  EXPECT_FALSE(found->next_poll_at);
  EXPECT_FALSE(found->enabled);
  EXPECT_TRUE(found->stage_map.empty());
  EXPECT_TRUE(found->sync_advocates);
  EXPECT_EQ(found->advocate_cursor, c.advocate_cursor);
  EXPECT_TRUE(found->sync_scores);
  EXPECT_EQ(found->score_cursor, "ref_01");
  ASSERT_TRUE(found->scores_scanned_at);
  EXPECT_EQ(ToMicros(*found->scores_scanned_at), ToMicros(kT0 + 3s));

  Connector everyone = MakeConnector("", kT0 + 1s);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertConnector(everyone); }));
  auto all = Get([&](Queries& q) { return q.ListConnectors(); });
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, c.id);  // oldest first
  EXPECT_EQ(all[1].program_id, "");
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindConnector("con_none"); }));
}

TEST_P(ConnectorConformanceTest, AChangeRaisesTheVersionAndARowInFlightIsNotMadeDueEarly) {
  Connector c = MakeConnector(program_.id);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertConnector(c); }));
  domain::Referral r = AddReferral(ada_, "one@globex.example", kT0);
  ASSERT_OK(Enqueue(c, r, kT0));
  auto row = Record(c, r);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->state, CrmRecordState::kPending);
  EXPECT_EQ(row->version, 1);
  EXPECT_EQ(ToMicros(row->due_at), ToMicros(kT0));

  // Claimed: in flight until the lease ends; a change meanwhile raises the version only.
  ASSERT_EQ(Claim(c, "one", kT0).size(), 1u);
  ASSERT_OK(Enqueue(c, r, kT0 + 1s));
  row = Record(c, r);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->version, 2);
  EXPECT_EQ(row->lease_holder, "one");
  EXPECT_EQ(ToMicros(row->due_at), ToMicros(kT0 + 2min));
  EXPECT_TRUE(Claim(c, "two", kT0 + 1s).empty()) << "a row in flight is claimed once";

  // Synced (by the version sent), then changed: pending again, due at once.
  CrmRecord synced = *row;
  synced.state = CrmRecordState::kSynced;
  synced.lease_holder.clear();
  synced.crm_object = "Lead";
  synced.crm_id = "00Q000000000001AAA";
  synced.crm_modstamp = "Lead:2026-03-01T12:00:00.000Z";
  synced.synced_at = kT0 + 2s;
  synced.attempts = 0;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateCrmRecord(synced); }));
  ASSERT_OK(Enqueue(c, r, kT0 + 3s));
  row = Record(c, r);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->state, CrmRecordState::kPending);
  EXPECT_EQ(row->version, 3);
  EXPECT_EQ(ToMicros(row->due_at), ToMicros(kT0 + 3s));
  EXPECT_EQ(row->crm_id, "00Q000000000001AAA") << "the CRM's ids stay with the row";
  EXPECT_EQ(row->crm_modstamp, synced.crm_modstamp);
  ASSERT_TRUE(row->synced_at);
}

TEST_P(ConnectorConformanceTest, ARowKeepsTheScoreLastSentAndAChangeKeepsItToo) {
  Connector c = MakeConnector(program_.id);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertConnector(c); }));
  domain::Referral r = AddReferral(ada_, "one@globex.example", kT0);
  ASSERT_OK(Enqueue(c, r, kT0));
  auto row = Record(c, r);
  ASSERT_TRUE(row);
  EXPECT_FALSE(row->sent_score) << "none sent yet";

  CrmRecord synced = *row;
  synced.state = CrmRecordState::kSynced;
  synced.sent_score = domain::CrmScore{-7, "C3"};  // negative events can take a total below zero
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateCrmRecord(synced); }));
  row = Record(c, r);
  ASSERT_TRUE(row && row->sent_score);
  EXPECT_EQ(*row->sent_score, (domain::CrmScore{-7, "C3"}));
  ASSERT_OK(Enqueue(c, r, kT0 + 1s));
  row = Record(c, r);
  ASSERT_TRUE(row && row->sent_score) << "queued again, the CRM still shows the score last sent";
  EXPECT_EQ(*row->sent_score, (domain::CrmScore{-7, "C3"}));

  synced = *row;
  synced.sent_score.reset();
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateCrmRecord(synced); }));
  row = Record(c, r);
  ASSERT_TRUE(row);
  EXPECT_FALSE(row->sent_score);

  // Forgetting the scores sent touches this connector's rows only.
  Connector other = MakeConnector(program_.id, kT0 + 1s);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertConnector(other); }));
  ASSERT_OK(Enqueue(other, r, kT0));
  for (const Connector* each : {&c, &other}) {
    auto scored = Record(*each, r);
    ASSERT_TRUE(scored);
    scored->sent_score = domain::CrmScore{12, "B2"};
    ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateCrmRecord(*scored); }));
  }
  const std::int64_t version = Record(c, r)->version;
  const std::int64_t other_version = Record(other, r)->version;
  ASSERT_OK(Write([&](Tx& tx) { return tx.ForgetSentScores(c.id); }));
  row = Record(c, r);
  ASSERT_TRUE(row);
  EXPECT_FALSE(row->sent_score);
  EXPECT_EQ(row->version, version + 1) << "a send in flight records nothing";
  row = Record(other, r);
  ASSERT_TRUE(row && row->sent_score);
  EXPECT_EQ(*row->sent_score, (domain::CrmScore{12, "B2"}));
  EXPECT_EQ(row->version, other_version);
}

TEST_P(ConnectorConformanceTest, TheScoreScanPagesThroughSyncedRowsOfOpenReferralsOfOneConnector) {
  Connector c = MakeConnector(program_.id);
  Connector other = MakeConnector(program_.id, kT0 + 1s);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertConnector(c));
    return tx.InsertConnector(other);
  }));
  std::vector<std::string> expected;
  auto add = [&](const std::string& email, domain::ReferralStage stage, CrmRecordState state, const Connector& on) {
    domain::Referral r = AddReferral(ada_, email, kT0, stage);
    Status queued = Enqueue(on, r, kT0);
    EXPECT_TRUE(queued.ok()) << Describe(queued);
    auto row = Record(on, r);
    EXPECT_TRUE(row);
    if (!row) return r;
    row->state = state;
    Status updated = Write([&](Tx& tx) { return tx.UpdateCrmRecord(*row); });
    EXPECT_TRUE(updated.ok()) << Describe(updated);
    return r;
  };
  for (auto stage :
       {domain::ReferralStage::kSubmitted, domain::ReferralStage::kQualified, domain::ReferralStage::kOpportunity}) {
    for (int i = 0; i < 3; ++i) {
      std::string email = "open" + std::to_string(static_cast<int>(stage)) + std::to_string(i) + "@globex.example";
      expected.push_back(add(email, stage, CrmRecordState::kSynced, c).id);
    }
  }
  add("won@globex.example", domain::ReferralStage::kWon, CrmRecordState::kSynced, c);
  add("lost@globex.example", domain::ReferralStage::kLost, CrmRecordState::kSynced, c);
  add("pending@globex.example", domain::ReferralStage::kSubmitted, CrmRecordState::kPending, c);
  add("failed@globex.example", domain::ReferralStage::kSubmitted, CrmRecordState::kFailed, c);
  add("elsewhere@globex.example", domain::ReferralStage::kSubmitted, CrmRecordState::kSynced, other);
  std::sort(expected.begin(), expected.end());

  std::vector<std::string> seen;
  std::string after;
  for (int page = 0; page < 10; ++page) {
    auto rows = Get([&](Queries& q) { return q.ListSyncedOpenCrmRecords(c.id, after, 4); });
    EXPECT_LE(rows.size(), 4u);
    if (rows.empty()) break;
    for (const auto& row : rows) {
      EXPECT_EQ(row.connector_id, c.id);
      seen.push_back(row.referral_id);
    }
    after = rows.back().referral_id;
  }
  EXPECT_EQ(seen, expected);
}

TEST_P(ConnectorConformanceTest, TheBacklogTakesOpenReferralsOfItsProgramOnce) {
  domain::Referral open = AddReferral(ada_, "open@globex.example", kT0);
  domain::Referral qualified =
      AddReferral(ada_, "qualified@globex.example", kT0 + 1s, domain::ReferralStage::kQualified);
  domain::Referral held = AddReferral(ada_, "held@globex.example", kT0 + 2s, domain::ReferralStage::kSubmitted, true);
  domain::Referral won = AddReferral(ada_, "won@globex.example", kT0 + 3s, domain::ReferralStage::kWon);
  domain::Referral elsewhere = AddReferral(bob_, "else@globex.example", kT0 + 4s);

  Connector clear_only = MakeConnector(program_.id);
  Connector everything = MakeConnector("", kT0 + 1s);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertConnector(clear_only));
    BB_RETURN_IF_ERROR(tx.InsertConnector(everything));
    BB_RETURN_IF_ERROR(tx.EnqueueOpenReferralsForCrm(clear_only.id, program_.id, true, kT0 + 10s));
    return tx.EnqueueOpenReferralsForCrm(everything.id, "", false, kT0 + 10s);
  }));
  EXPECT_EQ(Referrals(Claim(clear_only, "a", kT0 + 10s)), (std::vector<std::string>{open.id, qualified.id}));
  auto all = Referrals(Claim(everything, "a", kT0 + 10s));
  std::vector<std::string> expected{open.id, qualified.id, held.id, elsewhere.id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(all, expected) << "won is closed: not in the backlog";

  // Run again (the write may run twice): no row is added or made due again.
  ASSERT_OK(Write([&](Tx& tx) { return tx.EnqueueOpenReferralsForCrm(clear_only.id, program_.id, true, kT0 + 11s); }));
  EXPECT_TRUE(Claim(clear_only, "b", kT0 + 11s).empty());
  EXPECT_FALSE(Record(clear_only, held));
  EXPECT_FALSE(Record(clear_only, won));
  auto counts = Get([&](Queries& q) { return q.CountCrmRecords(clear_only.id); });
  EXPECT_EQ(counts.pending, 2);
  EXPECT_EQ(counts.synced, 0);
  EXPECT_EQ(counts.failed, 0);
}

TEST_P(ConnectorConformanceTest, ClaimsTakeDueRowsOfOneConnectorInOrderAndNeverTwice) {
  Connector c = MakeConnector(program_.id);
  Connector other = MakeConnector(program_.id, kT0 + 1s);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertConnector(c));
    return tx.InsertConnector(other);
  }));
  std::vector<domain::Referral> referrals;
  for (int i = 0; i < 5; ++i) {
    referrals.push_back(AddReferral(ada_, "r" + std::to_string(i) + "@globex.example", kT0 + std::chrono::seconds(i)));
    ASSERT_OK(Enqueue(c, referrals.back(), kT0 + std::chrono::seconds(i)));
  }
  ASSERT_OK(Enqueue(other, referrals[0], kT0));

  EXPECT_TRUE(Claim(c, "early", kT0 - 1s).empty()) << "nothing is due before its time";
  auto first = Claim(c, "one", kT0 + 10s, 3);
  auto second = Claim(c, "two", kT0 + 10s, 3);
  EXPECT_EQ(Referrals(first), (std::vector<std::string>{referrals[0].id, referrals[1].id, referrals[2].id}));
  EXPECT_EQ(Referrals(second), (std::vector<std::string>{referrals[3].id, referrals[4].id}));
  for (const auto& row : first) {
    EXPECT_EQ(row.attempts, 1);
    EXPECT_EQ(row.lease_holder, "one");
    EXPECT_EQ(ToMicros(row.due_at), ToMicros(kT0 + 10s + 2min));
  }
  EXPECT_EQ(Claim(other, "three", kT0 + 10s).size(), 1u) << "each connector's queue is its own";
  // A lease that ran out (the instance died): the rows are due again.
  EXPECT_EQ(Claim(c, "four", kT0 + 10s + 2min).size(), 5u);
}

TEST_P(ConnectorConformanceTest, SyncNowRequeuesFailedAndWaitingRowsButNotLeasedOnes) {
  Connector c = MakeConnector(program_.id);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertConnector(c); }));
  domain::Referral failed = AddReferral(ada_, "failed@globex.example", kT0);
  domain::Referral waiting = AddReferral(ada_, "waiting@globex.example", kT0 + 1s);
  domain::Referral leased = AddReferral(ada_, "leased@globex.example", kT0 + 2s);
  for (const auto* r : {&failed, &waiting, &leased}) ASSERT_OK(Enqueue(c, *r, kT0));
  auto claimed = Claim(c, "worker", kT0);
  ASSERT_EQ(claimed.size(), 3u);
  CrmRecord refused = claimed[0];
  CrmRecord backing_off = claimed[1];
  ASSERT_EQ(refused.referral_id, failed.id);
  refused.state = CrmRecordState::kFailed;
  refused.lease_holder.clear();
  refused.last_error = "FIELD_CUSTOM_VALIDATION_EXCEPTION: Phone is required";
  backing_off.lease_holder.clear();
  backing_off.due_at = kT0 + 1h;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.UpdateCrmRecord(refused));
    return tx.UpdateCrmRecord(backing_off);
  }));
  auto counts = Get([&](Queries& q) { return q.CountCrmRecords(c.id); });
  EXPECT_EQ(counts.failed, 1);
  EXPECT_EQ(counts.pending, 2);

  ASSERT_OK(Write([&](Tx& tx) { return tx.RequeueCrmRecords(c.id, kT0 + 1min); }));
  auto row = Record(c, failed);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->state, CrmRecordState::kPending);
  EXPECT_EQ(row->attempts, 0);
  EXPECT_EQ(ToMicros(row->due_at), ToMicros(kT0 + 1min));
  EXPECT_EQ(row->last_error, refused.last_error) << "the last error stays until a success";
  row = Record(c, waiting);
  ASSERT_TRUE(row);
  EXPECT_EQ(ToMicros(row->due_at), ToMicros(kT0 + 1min));
  EXPECT_EQ(row->attempts, 1);
  row = Record(c, leased);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->lease_holder, "worker");
  EXPECT_EQ(ToMicros(row->due_at), ToMicros(kT0 + 2min)) << "a row in flight is left to its claim";
  EXPECT_EQ(Referrals(Claim(c, "again", kT0 + 1min)), (std::vector<std::string>{failed.id, waiting.id}));
}

TEST_P(ConnectorConformanceTest, TheLogIsReadNewestFirstByPagesAndGoesWithTheConnector) {
  Connector c = MakeConnector(program_.id);
  domain::Referral r = AddReferral(ada_, "logged@globex.example", kT0);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertConnector(c); }));
  ASSERT_OK(Enqueue(c, r, kT0));
  std::vector<std::string> ids;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (int i = 0; i < 3; ++i) {
      ConnectorLogEntry e;
      e.id = NewId(domain::kConnectorLogPrefix, kT0 + std::chrono::seconds(i));
      e.connector_id = c.id;
      e.at = kT0 + std::chrono::seconds(i);
      e.direction = i == 0 ? "auth" : "outbound";
      e.outcome = i == 2 ? "failed" : "ok";
      e.referral_id = i == 0 ? "" : r.id;
      e.crm_id = i == 1 ? "00Q000000000001AAA" : "";
      e.message = "line " + std::to_string(i) + " — with 'quotes' and \"more\"";
      ids.push_back(e.id);
      BB_RETURN_IF_ERROR(tx.InsertConnectorLog(e));
    }
    return Ok();
  }));
  auto page = Get([&](Queries& q) { return q.ListConnectorLog(c.id, "", 2); });
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].id, ids[2]);
  EXPECT_EQ(page[0].outcome, "failed");
  EXPECT_EQ(page[0].message, "line 2 — with 'quotes' and \"more\"");
  EXPECT_EQ(page[1].crm_id, "00Q000000000001AAA");
  EXPECT_EQ(ToMicros(page[1].at), ToMicros(kT0 + 1s));
  auto rest = Get([&](Queries& q) { return q.ListConnectorLog(c.id, page[1].id, 2); });
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].direction, "auth");
  EXPECT_EQ(rest[0].referral_id, "");

  bool deleted = false;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(deleted, tx.DeleteConnector(c.id));
    return Ok();
  }));
  EXPECT_TRUE(deleted);
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindConnector(c.id); }));
  EXPECT_FALSE(Record(c, r));
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListConnectorLog(c.id, "", 10); }).empty());
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(deleted, tx.DeleteConnector(c.id));
    return Ok();
  }));
  EXPECT_FALSE(deleted) << "there was none the second time";
}

TEST_P(ConnectorConformanceTest, OldLogEntriesArePurgedByTheirTimeOrderedIds) {
  Connector c = MakeConnector(program_.id);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertConnector(c); }));
  std::vector<std::string> ids;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    ids.clear();
    for (int day = 0; day < 3; ++day) {
      ConnectorLogEntry e;
      e.at = kT0 + std::chrono::hours(24 * day);
      e.id = NewId(domain::kConnectorLogPrefix, e.at);
      e.connector_id = c.id;
      e.direction = "inbound";
      e.outcome = "ok";
      e.message = "day " + std::to_string(day);
      ids.push_back(e.id);
      BB_RETURN_IF_ERROR(tx.InsertConnectorLog(e));
    }
    return Ok();
  }));
  std::int64_t removed = -1;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(removed,
                        tx.DeleteConnectorLogBefore(domain::FormatId(domain::kConnectorLogPrefix, kT0 + 36h, {})));
    return Ok();
  }));
  EXPECT_EQ(removed, 2);
  auto left = Get([&](Queries& q) { return q.ListConnectorLog(c.id, "", 10); });
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, ids[2]);
}

TEST_P(ConnectorConformanceTest, ChangedAdvocatesAreReadInActivityOrderWithThePersonsFigures) {
  // ada is in both programs (her second enrolment later, inactive); cy only in the first, later.
  domain::Advocate ada_elsewhere = MakeAdvocate(other_, ada_.person, kT0 + 5s);
  ada_elsewhere.status = domain::AdvocateStatus::kInactive;
  domain::Advocate cy = MakeAdvocate(program_, MakePerson("cy", kT0 + 10s), kT0 + 10s);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertAdvocate(ada_elsewhere));
    BB_RETURN_IF_ERROR(tx.InsertPerson(cy.person));
    return tx.InsertAdvocate(cy);
  }));
  auto all = ReadAll(program_.id, kT0 + 1h, 50);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].position.advocate_id, ada_.id);
  EXPECT_EQ(ToMicros(all[0].position.activity_at), ToMicros(kT0));
  EXPECT_EQ(all[0].email, "ada@example.com");
  EXPECT_EQ(all[0].code, ada_.code);
  EXPECT_TRUE(all[0].active);
  EXPECT_EQ(all[0].referral_count, 0);
  EXPECT_EQ(all[1].position.advocate_id, cy.id);

  // Clear referrals count (held ones do not), over the covered enrolments only; each moves its
  // advocate's activity to the referral's time.
  AddReferral(ada_, "r1@example.com", kT0 + 1min);
  domain::Referral held = AddReferral(ada_, "r2@example.com", kT0 + 2min, domain::ReferralStage::kSubmitted, true);
  AddReferral(ada_elsewhere, "r3@example.com", kT0 + 3min);
  all = ReadAll(program_.id, kT0 + 1h, 50);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].position.advocate_id, cy.id) << "ada changed last";
  EXPECT_EQ(all[1].position.advocate_id, ada_.id);
  EXPECT_EQ(ToMicros(all[1].position.activity_at), ToMicros(kT0 + 2min));
  EXPECT_EQ(all[1].referral_count, 1);

  // For every program: one entry per changed enrolment, the figures over the person's enrolments
  // (the code of the earliest; active when any is).
  all = ReadAll("", kT0 + 1h, 50);
  ASSERT_EQ(all.size(), 4u);  // bob, cy, ada (program), ada (elsewhere)
  EXPECT_EQ(all[0].position.advocate_id, bob_.id);
  EXPECT_EQ(all[3].position.advocate_id, ada_elsewhere.id);
  for (const CrmAdvocate& entry : {all[2], all[3]}) {
    EXPECT_EQ(entry.email, "ada@example.com");
    EXPECT_EQ(entry.code, ada_.code);
    EXPECT_TRUE(entry.active);
    EXPECT_EQ(entry.referral_count, 2);
  }

  // Clearing the held referral changes the count: ada comes up again. A stage move does not.
  held.review_status = domain::ReviewStatus::kClear;
  held.updated_at = kT0 + 4min;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateReferral(held); }));
  CrmAdvocatePosition seen{kT0 + 3min, ""};
  all = ReadAll(program_.id, kT0 + 1h, 50, seen);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(ToMicros(all[0].position.activity_at), ToMicros(kT0 + 4min));
  EXPECT_EQ(all[0].referral_count, 2);
  held.stage = domain::ReferralStage::kQualified;
  held.updated_at = kT0 + 5min;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateReferral(held); }));
  EXPECT_TRUE(ReadAll(program_.id, kT0 + 1h, 50, all[0].position).empty());

  // An update moves the activity forward, never back (a write stamped earlier than the last one).
  cy.status = domain::AdvocateStatus::kInactive;
  cy.updated_at = kT0 + 6min;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateAdvocate(cy); }));
  domain::Advocate late = ada_;
  late.updated_at = kT0 + 1s;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateAdvocate(late); }));
  all = ReadAll(program_.id, kT0 + 1h, 50, all[0].position);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].position.advocate_id, cy.id);
  EXPECT_FALSE(all[0].active);

  // `until` bounds the read: a change later than it waits.
  EXPECT_TRUE(ReadAll(program_.id, kT0 + 6min - 1us, 50, CrmAdvocatePosition{kT0 + 4min, ada_.id}).empty());
}

TEST_P(ConnectorConformanceTest, ChangedAdvocatesPageTheSameWhateverThePageSize) {
  // 30 advocates, ten of them at the same microsecond: ties are broken by id.
  std::vector<domain::Advocate> many;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (int i = 0; i < 30; ++i) {
      domain::Advocate a =
          MakeAdvocate(program_, MakePerson("p" + std::to_string(i)), kT0 + std::chrono::seconds(i / 10));
      BB_RETURN_IF_ERROR(tx.InsertPerson(a.person));
      BB_RETURN_IF_ERROR(tx.InsertAdvocate(a));
      many.push_back(a);
    }
    return Ok();
  }));
  std::vector<std::string> expected;
  for (const CrmAdvocate& entry : ReadAll(program_.id, kT0 + 1h, 100)) {
    expected.push_back(entry.position.advocate_id);
  }
  ASSERT_EQ(expected.size(), 31u);  // and ada
  for (int limit : {1, 2, 3, 7}) {
    std::vector<std::string> ids;
    for (const CrmAdvocate& entry : ReadAll(program_.id, kT0 + 1h, limit)) {
      ids.push_back(entry.position.advocate_id);
    }
    EXPECT_EQ(ids, expected) << "limit " << limit;
  }
  EXPECT_TRUE(std::is_sorted(expected.begin(), expected.end())) << "time, then id (these ids sort by time)";
}

INSTANTIATE_TEST_SUITE_P(Backends, ConnectorConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store

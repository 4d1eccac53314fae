// The storage conformance suite for campaigns (see conformance.h): a campaign and its recipients
// kept field for field; due recipients claimed earliest first, not when stopped or when their last
// email is still in the outbox; an email's outcome recorded on the recipient who got it; queued
// emails given up on cancel; open invitations found; finished campaigns listed; the figures.

#include "conformance.h"
#include "domain/campaign.h"
#include "domain/nps.h"
#include "domain/outbox.h"

namespace bb::store {
namespace {

using namespace conformance;  // NOLINT(google-build-using-namespace): the suite's vocabulary
using namespace std::chrono_literals;
using domain::Campaign;
using domain::CampaignRecipient;

class CampaignConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    program_ = MakeProgram("acme");
    ASSERT_TRUE(Write([&](Tx& tx) -> Status { return tx.InsertProgram(program_); }).ok());
  }

  Campaign MakeCampaign(Timestamp at = kT0) {
    Campaign c;
    c.id = NewId(domain::kCampaignPrefix, at);
    c.program_id = program_.id;
    c.name = "Wave ✓";
    c.kind = domain::CampaignKind::kInvitation;
    c.send_at = at;
    c.reminders_after_days = {3, 10};
    c.created_by = "usr_admin";
    c.created_at = at;
    return c;
  }
  static CampaignRecipient Recipient(const Campaign& c, const std::string& email, Timestamp due) {
    CampaignRecipient r;
    r.campaign_id = c.id;
    r.email = email;
    r.first_name = "First";
    r.token_hash = "hash-" + email;
    r.next_send_at = due;
    return r;
  }
  template <class T, class F>
  T ReadValue(F&& read) {
    T out{};
    Status status = store_->Read([&](Queries& q) -> Status {
      BB_ASSIGN_OR_RETURN(out, read(q));
      return Ok();
    });
    EXPECT_TRUE(status.ok()) << (status.ok() ? "" : status.error().message());
    return out;
  }
  std::vector<CampaignRecipient> Claim(Timestamp now, int limit = 10) {
    std::vector<CampaignRecipient> out;
    EXPECT_TRUE(Write([&](Tx& tx) -> Status {
                  BB_ASSIGN_OR_RETURN(out, tx.ClaimDueCampaignRecipients(now, limit));
                  return Ok();
                }).ok());
    return out;
  }

  domain::Program program_;
};

TEST_P(CampaignConformanceTest, ACampaignAndItsRecipientsKeepEveryField) {
  Campaign c = MakeCampaign();
  CampaignRecipient r = Recipient(c, "ada@x.example", kT0);
  r.last_name = "Lovelace";
  r.company = "Engines";
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_RETURN_IF_ERROR(tx.InsertCampaign(c));
                return tx.InsertCampaignRecipient(r);
              }).ok());
  auto found = ReadValue<std::optional<Campaign>>([&](Queries& q) { return q.FindCampaign(c.id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "Wave ✓");
  EXPECT_EQ(found->reminders_after_days, (std::vector<std::int64_t>{3, 10}));
  EXPECT_EQ(found->state, domain::CampaignState::kScheduled);
  EXPECT_FALSE(found->completed_at);

  r.first_sent_at = kT0 + 1min;
  r.reminders_sent = 1;
  r.next_send_at = kT0 + std::chrono::days(10);
  r.last_message_id = "msg_1";
  r.opened_at = kT0 + 2min;
  r.stop = domain::RecipientStop::kNone;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status { return tx.UpdateCampaignRecipient(r); }).ok());
  auto by_token = ReadValue<std::optional<CampaignRecipient>>(
      [&](Queries& q) { return q.FindCampaignRecipientByToken("hash-ada@x.example"); });
  ASSERT_TRUE(by_token);
  EXPECT_EQ(by_token->last_name, "Lovelace");
  EXPECT_EQ(by_token->reminders_sent, 1);
  EXPECT_EQ(ToMicros(*by_token->first_sent_at), ToMicros(kT0 + 1min));
  EXPECT_EQ(ToMicros(*by_token->opened_at), ToMicros(kT0 + 2min));
  EXPECT_EQ(by_token->last_message_id, "msg_1");
  EXPECT_FALSE(by_token->joined_at);
  EXPECT_FALSE(ReadValue<std::optional<CampaignRecipient>>([&](Queries& q) {
    return q.FindCampaignRecipientByToken("");
  })) << "an empty token is nobody's";
}

TEST_P(CampaignConformanceTest, DueRecipientsAreClaimedEarliestFirstButNotStoppedOrWaitingOnTheOutbox) {
  Campaign c = MakeCampaign();
  CampaignRecipient late = Recipient(c, "late@x.example", kT0 + 2h);
  CampaignRecipient early = Recipient(c, "early@x.example", kT0 + 1h);
  CampaignRecipient stopped = Recipient(c, "stopped@x.example", kT0);
  stopped.stop = domain::RecipientStop::kUnsubscribed;
  CampaignRecipient waiting = Recipient(c, "waiting@x.example", kT0);
  waiting.last_message_id = "msg_waiting";
  domain::OutboxItem item;
  item.id = NewId(domain::kOutboxItemPrefix, kT0);
  item.kind = domain::OutboxKind::kEmail;
  item.target = "waiting@x.example";
  item.message_id = "msg_waiting";
  item.event_type = "invitation";
  item.payload = "{}";
  item.created_at = item.next_attempt_at = item.series_started_at = kT0;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_RETURN_IF_ERROR(tx.InsertCampaign(c));
                for (const auto& r : {late, early, stopped, waiting}) BB_RETURN_IF_ERROR(tx.InsertCampaignRecipient(r));
                return tx.InsertOutboxItem(item);
              }).ok());
  EXPECT_TRUE(Claim(kT0 + 30min).empty());
  auto due = Claim(kT0 + 3h);
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].email, "early@x.example");
  EXPECT_EQ(due[1].email, "late@x.example");
  EXPECT_EQ(Claim(kT0 + 3h, 1).size(), 1u);

  // The waiting email is given up (a cancel): its recipient is due again, and the item is dead.
  std::int64_t killed = 0;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_ASSIGN_OR_RETURN(killed, tx.KillCampaignEmails(c.id, "not sent: cancelled", kT0 + 3h));
                return Ok();
              }).ok());
  EXPECT_EQ(killed, 1);
  EXPECT_EQ(Claim(kT0 + 3h).size(), 3u);
}

TEST_P(CampaignConformanceTest, AnEmailsOutcomeLandsOnItsRecipientAndFinishedCampaignsAreListed) {
  Campaign c = MakeCampaign();
  CampaignRecipient a = Recipient(c, "a@x.example", kT0);
  CampaignRecipient b = Recipient(c, "b@x.example", kT0);
  a.last_message_id = "msg_a";
  b.last_message_id = "msg_b";
  a.first_sent_at = b.first_sent_at = kT0;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_RETURN_IF_ERROR(tx.InsertCampaign(c));
                BB_RETURN_IF_ERROR(tx.InsertCampaignRecipient(a));
                return tx.InsertCampaignRecipient(b);
              }).ok());
  EXPECT_TRUE(ReadValue<bool>([&](Queries& q) {
    return q.HasOpenCampaignEmail(program_.id, domain::CampaignKind::kInvitation, "a@x.example");
  }));
  EXPECT_FALSE(ReadValue<bool>([&](Queries& q) {
    return q.HasOpenCampaignEmail(program_.id, domain::CampaignKind::kInvitation, "zed@x.example");
  }));
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_RETURN_IF_ERROR(tx.NoteCampaignEmailOutcome("msg_a", true, kT0 + 1min));
                BB_RETURN_IF_ERROR(tx.NoteCampaignEmailOutcome("msg_a", true, kT0 + 5min));
                return tx.NoteCampaignEmailOutcome("msg_b", false, kT0 + 2min);
              }).ok());
  auto counts = ReadValue<domain::CampaignCounts>([&](Queries& q) { return q.CountCampaign(c); });
  EXPECT_EQ(counts.recipients, 2);
  EXPECT_EQ(counts.sent, 2);
  EXPECT_EQ(counts.delivered, 1);
  EXPECT_EQ(counts.bounced, 1);
  EXPECT_EQ(counts.joined, 0);
  auto rows =
      ReadValue<std::vector<CampaignRecipientRow>>([&](Queries& q) { return q.ListCampaignRecipients(c.id, "", 10); });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(ToMicros(*rows[0].recipient.delivered_at), ToMicros(kT0 + 1min)) << "the first delivery stays";
  EXPECT_EQ(rows[1].recipient.stop, domain::RecipientStop::kBounced);
  EXPECT_FALSE(rows[1].recipient.next_send_at) << "a bounce stops the reminders";
  EXPECT_FALSE(ReadValue<bool>([&](Queries& q) {
    return q.HasOpenCampaignEmail(program_.id, domain::CampaignKind::kInvitation, "b@x.example");
  }));

  std::vector<Campaign> finished;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_ASSIGN_OR_RETURN(finished, tx.ListFinishedCampaigns(kT0 + 1h));
                return Ok();
              }).ok());
  EXPECT_TRUE(finished.empty()) << "a is still owed a reminder";
  a.next_send_at.reset();
  a.stop = domain::RecipientStop::kScheduleEnded;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_RETURN_IF_ERROR(tx.UpdateCampaignRecipient(a));
                BB_ASSIGN_OR_RETURN(finished, tx.ListFinishedCampaigns(kT0 + 1h));
                return Ok();
              }).ok());
  ASSERT_EQ(finished.size(), 1u);
  EXPECT_EQ(finished[0].id, c.id);
  auto listed = ReadValue<std::vector<Campaign>>([&](Queries& q) { return q.ListCampaigns(program_.id, "", "", 10); });
  EXPECT_EQ(listed.size(), 1u);
  EXPECT_TRUE(ReadValue<std::vector<Campaign>>([&](Queries& q) {
                return q.ListCampaigns(program_.id, "usr_other", "", 10);
              }).empty());
}

// NPS surveys: the campaign's throttle and a recipient's answer kept; when an address was last sent
// a survey (any program's; other kinds' emails do not count); the advocates a survey without a list
// asks (active, neither surveyed since nor waiting for one).
TEST_P(CampaignConformanceTest, SurveysKnowWhoWasLastSentOneAndWhoIsLeftToAsk) {
  domain::Person ann = MakePerson("ann"), ben = MakePerson("ben"), cal = MakePerson("cal"), dee = MakePerson("dee");
  domain::Advocate ann_a = MakeAdvocate(program_, ann), ben_a = MakeAdvocate(program_, ben),
                   cal_a = MakeAdvocate(program_, cal), dee_a = MakeAdvocate(program_, dee);
  dee_a.status = domain::AdvocateStatus::kInactive;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                for (const auto& a : {ann_a, ben_a, cal_a, dee_a}) {
                  BB_RETURN_IF_ERROR(tx.InsertPerson(a.person));
                  BB_RETURN_IF_ERROR(tx.InsertAdvocate(a));
                }
                return Ok();
              }).ok());
  Campaign survey = MakeCampaign();
  survey.kind = domain::CampaignKind::kNpsSurvey;
  survey.throttle_days = 30;
  CampaignRecipient sent = Recipient(survey, "ann@example.com", kT0);
  sent.first_sent_at = kT0 + 1h;
  sent.next_send_at.reset();
  CampaignRecipient waiting = Recipient(survey, "ben@example.com", kT0 + 1h);
  CampaignRecipient throttled = Recipient(survey, "cal@example.com", kT0);
  throttled.next_send_at.reset();
  throttled.stop = domain::RecipientStop::kThrottled;
  throttled.stopped_at = kT0;
  Campaign invitation = MakeCampaign(kT0 + 1s);
  CampaignRecipient invited = Recipient(invitation, "ann@example.com", kT0);
  invited.token_hash = "invitation-hash-ann";
  invited.first_sent_at = kT0 + 5h;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_RETURN_IF_ERROR(tx.InsertCampaign(survey));
                BB_RETURN_IF_ERROR(tx.InsertCampaign(invitation));
                for (const auto& r : {sent, waiting, throttled, invited})
                  BB_RETURN_IF_ERROR(tx.InsertCampaignRecipient(r));
                return Ok();
              }).ok());
  auto found = ReadValue<std::optional<Campaign>>([&](Queries& q) { return q.FindCampaign(survey.id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, domain::CampaignKind::kNpsSurvey);
  EXPECT_EQ(found->throttle_days, 30);

  auto last = [&](const char* email) {
    return ReadValue<std::optional<Timestamp>>(
        [&](Queries& q) { return q.LastCampaignEmailAt("", domain::CampaignKind::kNpsSurvey, email); });
  };
  ASSERT_TRUE(last("ann@example.com"));
  EXPECT_EQ(ToMicros(*last("ann@example.com")), ToMicros(kT0 + 1h)) << "the survey's, not the invitation's";
  EXPECT_FALSE(last("ben@example.com")) << "not sent yet";
  EXPECT_FALSE(last("cal@example.com")) << "throttled: never sent";
  EXPECT_FALSE(last("nobody@example.com"));
  // Within one program and kind (the promoter rules' "not asked again this soon").
  auto in_program = [&](const std::string& program_id, domain::CampaignKind kind) {
    return ReadValue<std::optional<Timestamp>>(
        [&](Queries& q) { return q.LastCampaignEmailAt(program_id, kind, "ann@example.com"); });
  };
  ASSERT_TRUE(in_program(program_.id, domain::CampaignKind::kInvitation));
  EXPECT_EQ(ToMicros(*in_program(program_.id, domain::CampaignKind::kInvitation)), ToMicros(kT0 + 5h));
  EXPECT_FALSE(in_program(program_.id, domain::CampaignKind::kActivation));
  EXPECT_FALSE(in_program("prg_other", domain::CampaignKind::kInvitation)) << "another program's";

  auto to_ask = [&](Timestamp since) {
    auto asked = ReadValue<std::vector<CampaignRecipient>>(
        [&](Queries& q) { return q.ListAdvocatesToSurvey(program_.id, since, 10); });
    std::vector<std::string> emails;
    for (const auto& r : asked) emails.push_back(r.email);
    return emails;
  };
  EXPECT_EQ(to_ask(kT0), std::vector<std::string>{"cal@example.com"})
      << "Ann was sent one since, Ben waits for one, Dee is inactive";
  EXPECT_EQ(to_ask(kT0 + 1h), (std::vector<std::string>{"ann@example.com", "cal@example.com"}))
      << "Ann's survey was sent at the window's very start: not within it";
  auto asked = ReadValue<std::vector<CampaignRecipient>>(
      [&](Queries& q) { return q.ListAdvocatesToSurvey(program_.id, kT0, 10); });
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0].advocate_id, cal_a.id);
  EXPECT_EQ(asked[0].first_name, "First cal");
  EXPECT_EQ(asked[0].company, "Acme");

  // An answer through the link is named on the recipient.
  domain::NpsResponseInput input;
  input.email = "ann@example.com";
  input.score = 9;
  auto answer =
      domain::BuildNpsResponse(NewId(domain::kNpsResponsePrefix, kT0 + 2h), program_.id, input, survey.id, kT0 + 2h);
  ASSERT_TRUE(answer.ok());
  sent.nps_response_id = answer->id;
  sent.stop = domain::RecipientStop::kAnswered;
  sent.stopped_at = kT0 + 2h;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_RETURN_IF_ERROR(tx.InsertNpsResponse(*answer));
                return tx.UpdateCampaignRecipient(sent);
              }).ok());
  auto by_token = ReadValue<std::optional<CampaignRecipient>>(
      [&](Queries& q) { return q.FindCampaignRecipientByToken("hash-ann@example.com"); });
  ASSERT_TRUE(by_token);
  EXPECT_EQ(by_token->nps_response_id, answer->id);
  EXPECT_EQ(by_token->stop, domain::RecipientStop::kAnswered);
  auto counts = ReadValue<domain::CampaignCounts>([&](Queries& q) { return q.CountCampaign(survey); });
  EXPECT_EQ(counts.answered, 1);
  EXPECT_EQ(counts.throttled, 1);
  EXPECT_EQ(counts.sent, 1);
}

// Automatic campaigns (the NPS loop's promoter rules): trigger, quiet_days and a recipient's
// added_at kept; the newest of a kind found in any state; one of a kind running per program (the
// second refused with kConflict, another after a cancel accepted); never listed as finished.
TEST_P(CampaignConformanceTest, AutomaticCampaignsAreFoundOneRunsAtATimeAndNoneFinishes) {
  Campaign nudge = MakeCampaign();
  nudge.kind = domain::CampaignKind::kActivation;
  nudge.trigger = domain::CampaignTrigger::kNpsPromoter;
  nudge.state = domain::CampaignState::kRunning;
  nudge.quiet_days = 30;
  CampaignRecipient ann = Recipient(nudge, "ann@x.example", kT0);
  ann.token_hash = "";
  ann.stop = domain::RecipientStop::kScheduleEnded;
  ann.next_send_at.reset();
  ann.added_at = kT0 + 3s;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_RETURN_IF_ERROR(tx.InsertCampaign(nudge));
                return tx.InsertCampaignRecipient(ann);
              }).ok());
  auto found = ReadValue<std::optional<Campaign>>(
      [&](Queries& q) { return q.FindAutomaticCampaign(program_.id, domain::CampaignKind::kActivation); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, nudge.id);
  EXPECT_EQ(found->trigger, domain::CampaignTrigger::kNpsPromoter);
  EXPECT_EQ(found->quiet_days, 30);
  EXPECT_FALSE(ReadValue<std::optional<Campaign>>(
      [&](Queries& q) { return q.FindAutomaticCampaign(program_.id, domain::CampaignKind::kInvitation); }));
  auto kept = ReadValue<std::optional<CampaignRecipient>>(
      [&](Queries& q) { return q.FindCampaignRecipient(nudge.id, "ann@x.example"); });
  ASSERT_TRUE(kept);
  EXPECT_EQ(ToMicros(*kept->added_at), ToMicros(kT0 + 3s));
  EXPECT_FALSE(ReadValue<std::optional<CampaignRecipient>>(
      [&](Queries& q) { return q.FindCampaignRecipient(nudge.id, "zed@x.example"); }));

  std::vector<Campaign> finished;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_ASSIGN_OR_RETURN(finished, tx.ListFinishedCampaigns(kT0 + std::chrono::days(400)));
                return Ok();
              }).ok());
  EXPECT_TRUE(finished.empty()) << "an automatic campaign runs until cancelled";

  Campaign second = MakeCampaign(kT0 + 1min);
  second.kind = domain::CampaignKind::kActivation;
  second.trigger = domain::CampaignTrigger::kNpsPromoter;
  second.state = domain::CampaignState::kRunning;
  Status refused = Write([&](Tx& tx) -> Status { return tx.InsertCampaign(second); });
  ASSERT_FALSE(refused.ok()) << "one rule of a kind runs at a time";
  EXPECT_EQ(refused.error().code(), ErrorCode::kConflict);
  nudge.state = domain::CampaignState::kCancelled;
  nudge.completed_at = kT0 + 2min;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_RETURN_IF_ERROR(tx.UpdateCampaign(nudge));
                return tx.InsertCampaign(second);
              }).ok());
  found = ReadValue<std::optional<Campaign>>(
      [&](Queries& q) { return q.FindAutomaticCampaign(program_.id, domain::CampaignKind::kActivation); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, second.id);
  // A cancelled one made later (regression: a rule turned back on in the same second as the cancel
  // was found off) does not hide the running one.
  Campaign third = MakeCampaign(kT0 + 2min);
  third.kind = domain::CampaignKind::kActivation;
  third.trigger = domain::CampaignTrigger::kNpsPromoter;
  third.state = domain::CampaignState::kCancelled;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status { return tx.InsertCampaign(third); }).ok());
  found = ReadValue<std::optional<Campaign>>(
      [&](Queries& q) { return q.FindAutomaticCampaign(program_.id, domain::CampaignKind::kActivation); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, second.id) << "the running one first";
  second.state = domain::CampaignState::kCancelled;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status { return tx.UpdateCampaign(second); }).ok());
  found = ReadValue<std::optional<Campaign>>(
      [&](Queries& q) { return q.FindAutomaticCampaign(program_.id, domain::CampaignKind::kActivation); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, third.id) << "without a running one, the newest";
}

INSTANTIATE_TEST_SUITE_P(Backends, CampaignConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store

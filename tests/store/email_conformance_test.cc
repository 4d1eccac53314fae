// The storage conformance suite for the suppression list and email outbox payloads (see
// conformance.h): an entry per normalized address, replaced by a newer one, listed newest first,
// found one by one or for a batch of recipients, removed; a payload replaced in place; a program's
// email templates, one per kind.

#include "conformance.h"
#include "domain/email_template.h"
#include "domain/outbox.h"
#include "domain/suppression.h"

namespace bb::store {
namespace {

using namespace conformance;  // NOLINT(google-build-using-namespace): the suite's vocabulary
using namespace std::chrono_literals;
using domain::Suppression;
using domain::SuppressionReason;

class EmailConformanceTest : public ConformanceTest {
 protected:
  Suppression Make(const std::string& email, SuppressionReason reason, Timestamp at) {
    return {NewId(domain::kSuppressionPrefix, at), email, reason, "note for " + email, "usr_x", at};
  }
  Status Put(const Suppression& s) {
    return Write([&](Tx& tx) -> Status { return tx.PutSuppression(s); });
  }
  template <class T, class F>
  T ReadValue(F&& read) {
    T out{};
    Status status = store_->Read([&](Queries& q) -> Status {
      BB_ASSIGN_OR_RETURN(out, read(q));
      return Ok();
    });
    EXPECT_TRUE(status.ok());
    return out;
  }
};

TEST_P(EmailConformanceTest, ASuppressionKeepsEveryFieldAndIsReplacedByANewerOne) {
  Suppression first = Make("ada@adv.example", SuppressionReason::kUnsubscribe, kT0);
  ASSERT_TRUE(Put(first).ok());
  auto found = ReadValue<std::optional<Suppression>>([&](Queries& q) { return q.FindSuppression("ada@adv.example"); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, first.id);
  EXPECT_EQ(found->reason, SuppressionReason::kUnsubscribe);
  EXPECT_EQ(found->note, "note for ada@adv.example");
  EXPECT_EQ(found->actor, "usr_x");
  EXPECT_EQ(ToMicros(found->created_at), ToMicros(kT0));

  Suppression bounce = Make("ada@adv.example", SuppressionReason::kBounce, kT0 + 1h);
  ASSERT_TRUE(Put(bounce).ok());
  found = ReadValue<std::optional<Suppression>>([&](Queries& q) { return q.FindSuppression("ada@adv.example"); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, bounce.id) << "one entry per address: the newer replaces it";
  EXPECT_EQ(found->reason, SuppressionReason::kBounce);
  auto all = ReadValue<std::vector<Suppression>>([&](Queries& q) { return q.ListSuppressions("", 10); });
  EXPECT_EQ(all.size(), 1u);
}

TEST_P(EmailConformanceTest, ListsNewestFirstPageByPageAndFindsABatch) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(Put(Make("p" + std::to_string(i) + "@x.example", SuppressionReason::kStaff, kT0 + i * 1min)).ok());
  }
  auto first = ReadValue<std::vector<Suppression>>([&](Queries& q) { return q.ListSuppressions("", 3); });
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].email, "p4@x.example");
  EXPECT_EQ(first[2].email, "p2@x.example");
  auto rest = ReadValue<std::vector<Suppression>>([&](Queries& q) { return q.ListSuppressions(first[2].id, 3); });
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[1].email, "p0@x.example");
  auto batch = ReadValue<std::vector<Suppression>>([&](Queries& q) {
    return q.FindSuppressions({"p1@x.example", "nobody@x.example", "p3@x.example"});
  });
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch[0].email, "p1@x.example");
  EXPECT_EQ(batch[1].email, "p3@x.example");
}

TEST_P(EmailConformanceTest, DeletingSaysWhetherThereWasAnEntry) {
  ASSERT_TRUE(Put(Make("gone@x.example", SuppressionReason::kComplaint, kT0)).ok());
  bool deleted = false;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_ASSIGN_OR_RETURN(deleted, tx.DeleteSuppression("gone@x.example"));
                return Ok();
              }).ok());
  EXPECT_TRUE(deleted);
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_ASSIGN_OR_RETURN(deleted, tx.DeleteSuppression("gone@x.example"));
                return Ok();
              }).ok());
  EXPECT_FALSE(deleted);
  EXPECT_FALSE(ReadValue<std::optional<Suppression>>([&](Queries& q) { return q.FindSuppression("gone@x.example"); }));
}

TEST_P(EmailConformanceTest, AnItemsPayloadIsReplacedInPlace) {
  domain::OutboxItem item;
  item.id = NewId(domain::kOutboxItemPrefix, kT0);
  item.kind = domain::OutboxKind::kEmail;
  item.target = "ada@adv.example";
  item.message_id = "msg_1";
  item.event_type = "portal.sign_in_link";
  item.payload = R"({"message":"secret link"})";
  item.created_at = item.next_attempt_at = item.series_started_at = kT0;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status { return tx.InsertOutboxItem(item); }).ok());
  ASSERT_TRUE(Write([&](Tx& tx) -> Status { return tx.SetOutboxPayload(item.id, R"({"message":""})"); }).ok());
  auto found = ReadValue<std::optional<domain::OutboxItem>>([&](Queries& q) { return q.FindOutboxItem(item.id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->payload, R"({"message":""})");
  EXPECT_EQ(found->target, "ada@adv.example") << "nothing else changes";
}

TEST_P(EmailConformanceTest, AProgramsTemplatesAreKeptPerKindReplacedAndRemoved) {
  domain::Program program = MakeProgram("acme");
  domain::Program other = MakeProgram("other");
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_RETURN_IF_ERROR(tx.InsertProgram(program));
                return tx.InsertProgram(other);
              }).ok());
  domain::EmailTemplate invitation{
      program.id, domain::EmailKind::kInvitation, "Join {{program.name}} ✓", "Hello\n\n{{link}}", true, kT0, "usr_a"};
  domain::EmailTemplate won{program.id, domain::EmailKind::kReferralWon, "Won", "Body", false, kT0 + 1min, "usr_b"};
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_RETURN_IF_ERROR(tx.PutEmailTemplate(invitation));
                return tx.PutEmailTemplate(won);
              }).ok());
  auto found = ReadValue<std::optional<domain::EmailTemplate>>(
      [&](Queries& q) { return q.FindEmailTemplate(program.id, domain::EmailKind::kInvitation); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->subject, "Join {{program.name}} ✓");
  EXPECT_EQ(found->body, "Hello\n\n{{link}}");
  EXPECT_EQ(found->updated_by, "usr_a");
  EXPECT_EQ(ToMicros(found->updated_at), ToMicros(kT0));
  EXPECT_FALSE(ReadValue<std::optional<domain::EmailTemplate>>(
      [&](Queries& q) { return q.FindEmailTemplate(other.id, domain::EmailKind::kInvitation); }));

  invitation.subject = "New subject";
  invitation.updated_at = kT0 + 2min;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status { return tx.PutEmailTemplate(invitation); }).ok());
  auto listed =
      ReadValue<std::vector<domain::EmailTemplate>>([&](Queries& q) { return q.ListEmailTemplates(program.id); });
  ASSERT_EQ(listed.size(), 2u) << "one per program and kind: the newer replaces it";
  for (const auto& t : listed) {
    if (t.kind == domain::EmailKind::kInvitation) {
      EXPECT_EQ(t.subject, "New subject");
      EXPECT_TRUE(t.enabled);
    } else {
      EXPECT_FALSE(t.enabled) << "a kind turned off stays off";
    }
  }
  EXPECT_TRUE(ReadValue<std::vector<domain::EmailTemplate>>([&](Queries& q) {
                return q.ListEmailTemplates(other.id);
              }).empty());

  bool removed = false;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_ASSIGN_OR_RETURN(removed, tx.DeleteEmailTemplate(program.id, domain::EmailKind::kReferralWon));
                return Ok();
              }).ok());
  EXPECT_TRUE(removed);
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                BB_ASSIGN_OR_RETURN(removed, tx.DeleteEmailTemplate(program.id, domain::EmailKind::kReferralWon));
                return Ok();
              }).ok());
  EXPECT_FALSE(removed);
  EXPECT_EQ(ReadValue<std::vector<domain::EmailTemplate>>([&](Queries& q) {
              return q.ListEmailTemplates(program.id);
            }).size(),
            1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, EmailConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store

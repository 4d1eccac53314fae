// The storage conformance suite for referrals and their history (see conformance.h).

#include "conformance.h"
#include "domain/referral.h"

namespace bb::domain {
void PrintTo(ReferralStage stage, std::ostream* os) { *os << ToString(stage); }
void PrintTo(ReviewStatus status, std::ostream* os) { *os << ToString(status); }
void PrintTo(ReviewReason reason, std::ostream* os) { *os << ToString(reason); }
}  // namespace bb::domain

namespace bb::store {
namespace {

using namespace conformance;  // NOLINT(google-build-using-namespace): the suite's vocabulary
using domain::Referral;
using domain::ReferralEvent;
using domain::ReferralStage;
using domain::ReviewReason;
using domain::ReviewStatus;

void ExpectSameReferral(const Referral& actual, const Referral& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.program_id, expected.program_id);
  EXPECT_EQ(actual.advocate_id, expected.advocate_id);
  EXPECT_EQ(actual.code, expected.code);
  EXPECT_EQ(actual.first_touch_code, expected.first_touch_code);
  EXPECT_EQ(actual.source, expected.source);
  EXPECT_EQ(actual.submitted_by, expected.submitted_by);
  EXPECT_EQ(actual.channel, expected.channel);
  EXPECT_EQ(actual.referee.email, expected.referee.email);
  EXPECT_EQ(actual.referee.email_key, expected.referee.email_key);
  EXPECT_EQ(actual.referee.email_domain, expected.referee.email_domain);
  EXPECT_EQ(actual.referee.first_name, expected.referee.first_name);
  EXPECT_EQ(actual.referee.last_name, expected.referee.last_name);
  EXPECT_EQ(actual.referee.company, expected.referee.company);
  EXPECT_EQ(actual.referee.title, expected.referee.title);
  EXPECT_EQ(actual.referee.phone, expected.referee.phone);
  EXPECT_EQ(actual.product, expected.product);
  EXPECT_EQ(actual.note, expected.note);
  EXPECT_EQ(actual.visitor_id, expected.visitor_id);
  EXPECT_EQ(actual.ip_hash, expected.ip_hash);
  EXPECT_EQ(actual.stage, expected.stage);
  EXPECT_EQ(actual.review_status, expected.review_status);
  EXPECT_EQ(actual.review_reasons, expected.review_reasons);
  EXPECT_EQ(actual.deal_value_minor, expected.deal_value_minor);
  EXPECT_EQ(actual.external_id, expected.external_id);
  EXPECT_EQ(ToMicros(actual.created_at), ToMicros(expected.created_at));
  EXPECT_EQ(ToMicros(actual.updated_at), ToMicros(expected.updated_at));
}

class ReferralConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    program_ = MakeProgram("referrals");
    other_program_ = MakeProgram("other");
    ada_ = MakeAdvocate(program_, MakePerson("ada"));
    bob_ = MakeAdvocate(program_, MakePerson("bob"));
    ASSERT_OK(InsertProgramWithAdvocates(program_, {ada_, bob_}));
    ASSERT_OK(InsertProgramWithAdvocates(other_program_, {}));
  }

  Status Insert(const Referral& referral) {
    return Write([&](Tx& tx) { return tx.InsertReferral(referral); });
  }

  domain::Program program_;
  domain::Program other_program_;
  domain::Advocate ada_;
  domain::Advocate bob_;
};

TEST_P(ReferralConformanceTest, ReferralsRoundTripWithEveryField) {
  Referral r = MakeReferral(ada_, "gina@globex.example", kT0 + 1us);
  r.first_touch_code = bob_.code;
  r.source = domain::ReferralSource::kLandingForm;
  r.submitted_by = "";
  r.channel = "linkedin";
  r.referee.email = "Gina.Rossi+intro@Globex.example";
  r.referee.last_name = "Rossi";
  r.referee.company = "Globex";
  r.referee.title = "VP Sales";
  r.referee.phone = "+39 06 1234 5678";
  r.product = "enterprise";
  r.note = "Met at the conference.\nWants a demo; caf\xc3\xa9 \"quotes\"";
  r.visitor_id = kV1;
  r.stage = ReferralStage::kQualified;
  r.review_status = ReviewStatus::kHeld;
  r.review_reasons = {ReviewReason::kVelocity, ReviewReason::kSelfReferral};
  r.deal_value_minor = 0;
  r.external_id = "006Dn000004XyZ";
  r.updated_at = kT0 + 2h;
  ASSERT_OK(Insert(r));

  auto found = Get([&](Queries& q) { return q.FindReferral(r.id); });
  ASSERT_TRUE(found.has_value());
  ExpectSameReferral(*found, r);

  Reopen();
  found = Get([&](Queries& q) { return q.FindReferral(r.id); });
  ASSERT_TRUE(found.has_value());
  ExpectSameReferral(*found, r);
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindReferral("ref_nope"); }).has_value());
}

TEST_P(ReferralConformanceTest, NoDealValueAndNoReasonsStayEmpty) {
  Referral r = MakeReferral(ada_, "gina@globex.example", kT0);
  ASSERT_OK(Insert(r));
  auto found = Get([&](Queries& q) { return q.FindReferral(r.id); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->deal_value_minor, std::nullopt);
  EXPECT_TRUE(found->review_reasons.empty());
}

TEST_P(ReferralConformanceTest, TheSameIdTwiceIsAConflict) {
  Referral r = MakeReferral(ada_, "gina@globex.example", kT0);
  ASSERT_OK(Insert(r));
  ExpectConflictOn(Insert(r), "id");
}

TEST_P(ReferralConformanceTest, UpdatesRewriteTheMovingPartsOnly) {
  Referral r = MakeReferral(ada_, "gina@globex.example", kT0);
  r.review_status = ReviewStatus::kHeld;
  r.review_reasons = {ReviewReason::kDisposableEmail};
  ASSERT_OK(Insert(r));
  Referral changed = r;
  changed.stage = ReferralStage::kWon;
  changed.review_status = ReviewStatus::kClear;
  changed.review_reasons = {};
  changed.deal_value_minor = 1'250'000;
  changed.external_id = "deal-42";
  changed.updated_at = kT0 + 30 * 24h;
  changed.referee.first_name = "Not stored";  // the referee is fixed at submission
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateReferral(changed); }));

  auto found = Get([&](Queries& q) { return q.FindReferral(r.id); });
  ASSERT_TRUE(found.has_value());
  changed.referee.first_name = r.referee.first_name;
  ExpectSameReferral(*found, changed);
}

TEST_P(ReferralConformanceTest, ListsByProgramOrAdvocateNewestFirstInPages) {
  std::vector<Referral> ada_referrals;
  for (int i = 0; i < 5; ++i) {
    ada_referrals.push_back(MakeReferral(ada_, "p" + std::to_string(i) + "@x.example", kT0 + std::chrono::hours(i)));
    ASSERT_OK(Insert(ada_referrals.back()));
  }
  Referral bobs = MakeReferral(bob_, "b@x.example", kT0 + 10h);
  ASSERT_OK(Insert(bobs));

  ReferralQuery by_program;
  by_program.program_id = program_.id;
  by_program.limit = 4;
  auto first = Get([&](Queries& q) { return q.ListReferrals(by_program); });
  EXPECT_EQ(Ids(first),
            (std::vector<std::string>{bobs.id, ada_referrals[4].id, ada_referrals[3].id, ada_referrals[2].id}));
  by_program.before_id = first.back().id;
  auto second = Get([&](Queries& q) { return q.ListReferrals(by_program); });
  EXPECT_EQ(Ids(second), (std::vector<std::string>{ada_referrals[1].id, ada_referrals[0].id}));

  ReferralQuery by_advocate;
  by_advocate.advocate_id = bob_.id;
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListReferrals(by_advocate); })), std::vector<std::string>{bobs.id});

  ReferralQuery elsewhere;
  elsewhere.program_id = other_program_.id;
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListReferrals(elsewhere); }).empty());
}

TEST_P(ReferralConformanceTest, ListsFilterByStageAndReviewStatus) {
  Referral held = MakeReferral(ada_, "h@x.example", kT0);
  held.review_status = ReviewStatus::kHeld;
  Referral won = MakeReferral(ada_, "w@x.example", kT0 + 1h);
  won.stage = ReferralStage::kWon;
  Referral plain = MakeReferral(bob_, "p@x.example", kT0 + 2h);
  for (const auto* r : {&held, &won, &plain}) ASSERT_OK(Insert(*r));

  ReferralQuery queue;
  queue.program_id = program_.id;
  queue.review_status = ReviewStatus::kHeld;
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListReferrals(queue); })), std::vector<std::string>{held.id});
  ReferralQuery wins;
  wins.program_id = program_.id;
  wins.stage = ReferralStage::kWon;
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListReferrals(wins); })), std::vector<std::string>{won.id});
}

TEST_P(ReferralConformanceTest, FindsEarlierReferralsOfTheSamePersonInTheProgramSinceAnInstant) {
  Referral old_one = MakeReferral(ada_, "gina@globex.example", kT0);
  Referral recent = MakeReferral(bob_, "gina@globex.example", kT0 + 100 * 24h);
  Referral someone_else = MakeReferral(bob_, "tom@globex.example", kT0 + 100 * 24h);
  for (const auto* r : {&old_one, &recent, &someone_else}) ASSERT_OK(Insert(*r));

  auto since_start =
      Get([&](Queries& q) { return q.ListReferralsByReferee(program_.id, "gina@globex.example", "", kT0, 10); });
  EXPECT_EQ(Ids(since_start), (std::vector<std::string>{recent.id, old_one.id}));
  auto window =
      Get([&](Queries& q) { return q.ListReferralsByReferee(program_.id, "gina@globex.example", "", kT0 + 1us, 10); });
  EXPECT_EQ(Ids(window), std::vector<std::string>{recent.id});
  EXPECT_TRUE(Get([&](Queries& q) {
                return q.ListReferralsByReferee(other_program_.id, "gina@globex.example", "", kT0, 10);
              }).empty());
  EXPECT_EQ(
      Get([&](Queries& q) { return q.ListReferralsByReferee(program_.id, "gina@globex.example", "", kT0, 1); }).size(),
      1u);
}

TEST_P(ReferralConformanceTest, FindsEarlierReferralsOfTheSamePersonByPhoneOrEmail) {
  Referral by_phone = MakeReferral(ada_, "gina.work@globex.example", kT0);
  by_phone.referee.phone = "+14155550134";
  Referral by_both = MakeReferral(bob_, "gina@globex.example", kT0 + 1h);
  by_both.referee.phone = "+14155550134";
  Referral other_phone = MakeReferral(bob_, "tom@globex.example", kT0 + 2h);
  other_phone.referee.phone = "+14155550199";
  Referral no_phone = MakeReferral(bob_, "ann@globex.example", kT0 + 3h);
  for (const auto* r : {&by_phone, &by_both, &other_phone, &no_phone}) ASSERT_OK(Insert(*r));

  // Each match once, newest first, whether it shares the email, the phone or both.
  EXPECT_EQ(Ids(Get([&](Queries& q) {
              return q.ListReferralsByReferee(program_.id, "gina@globex.example", "+14155550134", kT0, 10);
            })),
            (std::vector<std::string>{by_both.id, by_phone.id}));
  // Without a phone, referrals without one are not "the same phone".
  EXPECT_EQ(
      Ids(Get([&](Queries& q) { return q.ListReferralsByReferee(program_.id, "nobody@x.example", "", kT0, 10); })),
      std::vector<std::string>{});
  EXPECT_EQ(Ids(Get([&](Queries& q) {
              return q.ListReferralsByReferee(program_.id, "nobody@x.example", "+14155550199", kT0, 10);
            })),
            std::vector<std::string>{other_phone.id});
}

TEST_P(ReferralConformanceTest, CountsReferralsByAdvocateAndByAddressSinceAnInstant) {
  for (int i = 0; i < 3; ++i) {
    Referral r = MakeReferral(ada_, "p" + std::to_string(i) + "@x.example", kT0 + std::chrono::minutes(i));
    r.ip_hash = i == 0 ? "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" : "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    ASSERT_OK(Insert(r));
  }
  EXPECT_EQ(Get([&](Queries& q) { return q.CountReferralsByAdvocateSince(ada_.id, kT0); }), 3);
  EXPECT_EQ(Get([&](Queries& q) { return q.CountReferralsByAdvocateSince(ada_.id, kT0 + 1min); }), 2);
  EXPECT_EQ(Get([&](Queries& q) { return q.CountReferralsByAdvocateSince(bob_.id, kT0); }), 0);
  EXPECT_EQ(Get([&](Queries& q) { return q.CountReferralsByIpHashSince("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", kT0); }), 2);
  EXPECT_EQ(Get([&](Queries& q) {
              return q.CountReferralsByIpHashSince("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", kT0 + 2min + 1us);
            }),
            0);
}

TEST_P(ReferralConformanceTest, HistoryKeepsEveryEventInOrder) {
  Referral r = MakeReferral(ada_, "gina@globex.example", kT0);
  ReferralEvent submitted{NewId(domain::kReferralEventPrefix, kT0),
                          r.id,
                          domain::ReferralEventKind::kSubmitted,
                          std::nullopt,
                          ReferralStage::kSubmitted,
                          ada_.id,
                          "",
                          kT0};
  ReferralEvent moved{NewId(domain::kReferralEventPrefix, kT0 + 1h),
                      r.id,
                      domain::ReferralEventKind::kStageMoved,
                      ReferralStage::kSubmitted,
                      ReferralStage::kWon,
                      "usr_manager",
                      "closed in the CRM",
                      kT0 + 1h};
  ReferralEvent cleared{NewId(domain::kReferralEventPrefix, kT0 + 2h),
                        r.id,
                        domain::ReferralEventKind::kReviewCleared,
                        std::nullopt,
                        std::nullopt,
                        "usr_manager",
                        "checked with the rep",
                        kT0 + 2h};
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertReferral(r));
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(moved));
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(submitted));
    return tx.InsertReferralEvent(cleared);
  }));

  auto history = Get([&](Queries& q) { return q.ListReferralEvents(r.id); });
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(Ids(history), (std::vector<std::string>{submitted.id, moved.id, cleared.id}));
  EXPECT_EQ(history[0].kind, domain::ReferralEventKind::kSubmitted);
  EXPECT_EQ(history[0].from_stage, std::nullopt);
  EXPECT_EQ(history[0].to_stage, ReferralStage::kSubmitted);
  EXPECT_EQ(history[1].from_stage, ReferralStage::kSubmitted);
  EXPECT_EQ(history[1].to_stage, ReferralStage::kWon);
  EXPECT_EQ(history[1].actor, "usr_manager");
  EXPECT_EQ(history[1].note, "closed in the CRM");
  EXPECT_EQ(ToMicros(history[1].at), ToMicros(kT0 + 1h));
  EXPECT_EQ(history[2].kind, domain::ReferralEventKind::kReviewCleared);
  EXPECT_EQ(history[2].to_stage, std::nullopt);
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListReferralEvents("ref_none"); }).empty());
}

TEST_P(ReferralConformanceTest, AReferralNeedsItsProgramAndAdvocate) {
  Referral orphan = MakeReferral(ada_, "gina@globex.example", kT0);
  orphan.advocate_id = "adv_missing";
  EXPECT_FALSE(Insert(orphan).ok());
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindReferral(orphan.id); }).has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, ReferralConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store

// Happiness ratings (store/happiness.h) on every backend: requests and ratings come back whole,
// found by token and by request; a request has one rating; the ratings a new one may repeat; the
// open requests of a recipient (not emails, not expired, not rated); one address's ratings counted
// and flagged; lists by program, rated party and time; and the counts per program, rated party and
// interaction, superseded and deleted ratings left out.

#include "common/time_format.h"
#include "conformance.h"
#include "domain/ids.h"

namespace bb::store::conformance {
namespace {

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

class HappinessConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped()) return;
    program_ = MakeProgram("north");
    ada_ = MakeAdvocate(program_, MakePerson("ada"));
    ASSERT_OK(InsertProgramWithAdvocates(program_, {ada_}));
  }

  domain::RatingRequest Request(domain::Interaction interaction, const char* at, std::string rated = "usr_rep",
                                std::string interaction_id = "msg_1") {
    domain::RatingRequest r;
    r.id = NewId(domain::kRatingRequestPrefix, At(at));
    r.token_hash = "hash_" + r.id;
    r.program_id = program_.id;
    r.interaction = interaction;
    r.interaction_id = std::move(interaction_id);
    r.subject = "Your reward of $25.00 was paid — ✓";
    r.rated_user_id = std::move(rated);
    r.recipient = "advocate:" + ada_.id;
    r.created_at = At(at);
    r.expires_at = At(at) + domain::kRatingRequestLifetime;
    EXPECT_TRUE(Write([&](Tx& tx) { return tx.InsertRatingRequest(r); }).ok());
    return r;
  }

  domain::Rating Rate(const domain::RatingRequest& request, domain::RatingValue value, const char* at,
                      std::string ip = "addr_1") {
    domain::Rating r;
    r.id = NewId(domain::kRatingPrefix, At(at));
    r.request_id = request.id;
    r.program_id = request.program_id;
    r.interaction = request.interaction;
    r.interaction_id = request.interaction_id;
    r.rated_user_id = request.rated_user_id;
    r.recipient = request.recipient;
    r.value = value;
    r.wow = value == domain::RatingValue::kHappy;
    r.comment = "Quick, \"kind\"\nthanks";
    r.ip_hash = std::move(ip);
    r.created_at = r.updated_at = At(at);
    EXPECT_TRUE(Write([&](Tx& tx) { return tx.InsertRating(r); }).ok());
    return r;
  }

  domain::Program program_;
  domain::Advocate ada_;
};

TEST_P(HappinessConformanceTest, RequestsAndRatingsRoundTripOnePerRequest) {
  auto request = Request(domain::Interaction::kRewardPaid, "2027-01-02T00:00:00Z");
  EXPECT_EQ(Get([&](Queries& q) { return q.FindRatingRequest(request.id); }), request);
  EXPECT_EQ(Get([&](Queries& q) { return q.FindRatingRequestByToken(request.token_hash); }), request);
  auto rating = Rate(request, domain::RatingValue::kUnhappy, "2027-01-02T01:00:00Z");
  EXPECT_EQ(Get([&](Queries& q) { return q.FindRating(rating.id); }), rating);
  EXPECT_EQ(Get([&](Queries& q) { return q.FindRatingOfRequest(request.id); }), rating);
  domain::Rating second = rating;
  second.id = NewId(domain::kRatingPrefix, At("2027-01-02T02:00:00Z"));
  Status refused = Write([&](Tx& tx) { return tx.InsertRating(second); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields().at(0).field, "request_id");
  rating.value = domain::RatingValue::kHappy;
  rating.superseded_by = "rat_x";
  rating.deleted = true;
  rating.deleted_by = "usr_admin";
  rating.suspicious = true;
  rating.updated_at = At("2027-01-03T00:00:00Z");
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateRating(rating); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.FindRating(rating.id); }), rating);
}

TEST_P(HappinessConformanceTest, RepeatsOpenRequestsAndAddresses) {
  auto emailed = Request(domain::Interaction::kEmail, "2027-01-02T00:00:00Z");
  auto paid = Request(domain::Interaction::kRewardPaid, "2027-01-03T00:00:00Z", "usr_rep", "rwd_1");
  auto reviewed = Request(domain::Interaction::kReviewDecision, "2027-01-04T00:00:00Z", "usr_rep", "ref_1");
  auto other_rep = Request(domain::Interaction::kReviewDecision, "2027-01-05T00:00:00Z", "usr_other", "ref_2");
  auto open = Ids(
      Get([&](Queries& q) { return q.ListOpenRatingRequests("advocate:" + ada_.id, At("2027-01-06T00:00:00Z"), 10); }));
  EXPECT_EQ(open, (std::vector<std::string>{other_rep.id, reviewed.id, paid.id})) << "newest first, no email";
  auto first = Rate(paid, domain::RatingValue::kOk, "2027-01-06T00:00:00Z");
  open = Ids(
      Get([&](Queries& q) { return q.ListOpenRatingRequests("advocate:" + ada_.id, At("2027-01-06T00:00:00Z"), 10); }));
  EXPECT_EQ(open, (std::vector<std::string>{other_rep.id, reviewed.id})) << "a rated one is done";
  open = Ids(
      Get([&](Queries& q) { return q.ListOpenRatingRequests("advocate:" + ada_.id, At("2027-02-03T12:00:00Z"), 10); }));
  EXPECT_EQ(open, (std::vector<std::string>{other_rep.id})) << "30 days: the others expired";

  auto by_mail = Rate(emailed, domain::RatingValue::kHappy, "2027-01-06T01:00:00Z");
  domain::Rating fresh = by_mail;
  fresh.id = NewId(domain::kRatingPrefix, At("2027-01-06T02:00:00Z"));
  fresh.interaction_id = "msg_9";
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListRatingsItMayRepeat(fresh, At("2027-01-05T02:00:00Z")); })),
            (std::vector<std::string>{first.id, by_mail.id}))
      << "the same recipient and rated party since then";
  fresh.interaction_id = "rwd_1";
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListRatingsItMayRepeat(fresh, At("2027-01-07T00:00:00Z")); })),
            (std::vector<std::string>{first.id}))
      << "the same interaction, whenever";

  EXPECT_EQ(Get([&](Queries& q) { return q.CountRatingsFromAddress("addr_1", "usr_rep", At("2027-01-06T00:00:00Z")); }),
            2);
  ASSERT_OK(Write([&](Tx& tx) { return tx.FlagRatingsFromAddress("addr_1", "usr_rep", At("2027-01-06T00:30:00Z")); }));
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindRating(first.id); })->suspicious) << "before `since`";
  EXPECT_TRUE(Get([&](Queries& q) { return q.FindRating(by_mail.id); })->suspicious);
}

TEST_P(HappinessConformanceTest, ListsAndCountsLeaveOutWhatNoLongerCounts) {
  auto a = Request(domain::Interaction::kEmail, "2027-01-02T00:00:00Z");
  auto b = Request(domain::Interaction::kEmail, "2027-01-02T01:00:00Z");
  auto c = Request(domain::Interaction::kEmail, "2027-01-02T02:00:00Z");
  Request(domain::Interaction::kEmail, "2027-01-02T03:00:00Z");  // never rated
  auto d = Request(domain::Interaction::kRewardPaid, "2027-01-02T04:00:00Z", "usr_other");
  auto ra = Rate(a, domain::RatingValue::kHappy, "2027-01-03T00:00:00Z");
  auto rb = Rate(b, domain::RatingValue::kUnhappy, "2027-01-03T01:00:00Z");
  Rate(c, domain::RatingValue::kHappy, "2027-01-03T02:00:00Z");
  Rate(d, domain::RatingValue::kOk, "2027-01-03T03:00:00Z");
  rb.superseded_by = ra.id;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateRating(rb); }));

  store::RatingQuery rep{.program_id = program_.id, .rated_user_id = "usr_rep"};
  EXPECT_EQ(Get([&](Queries& q) { return q.ListRatings(rep); }).size(), 2u) << "not the superseded one";
  rep.only_counted = false;
  EXPECT_EQ(Get([&](Queries& q) { return q.ListRatings(rep); }).size(), 3u);
  store::RatingQuery window{.program_id = program_.id,
                            .from = At("2027-01-03T01:00:00Z"),
                            .before = At("2027-01-03T03:00:00Z"),
                            .only_counted = false,
                            .limit = 10};
  EXPECT_EQ(Get([&](Queries& q) { return q.ListRatings(window); }).size(), 2u) << "[from, before)";

  auto rows = Get([&](Queries& q) {
    return q.CountHappiness(program_.id, At("2027-01-01T00:00:00Z"), At("2027-02-01T00:00:00Z"));
  });
  ASSERT_EQ(rows.size(), 2u);
  const HappinessRow& mail = rows[0].rated_user_id == "usr_rep" ? rows[0] : rows[1];
  EXPECT_EQ(mail.interaction, domain::Interaction::kEmail);
  EXPECT_EQ(mail.counts.happy, 2);
  EXPECT_EQ(mail.counts.unhappy, 0) << "superseded";
  EXPECT_EQ(mail.counts.wow, 2);
  EXPECT_EQ(mail.counts.requests, 4);
  EXPECT_EQ(mail.counts.rated, 2) << "a request whose only rating was superseded is not rated";
  auto none = Get([&](Queries& q) {
    return q.CountHappiness(program_.id, At("2027-03-01T00:00:00Z"), At("2027-04-01T00:00:00Z"));
  });
  EXPECT_TRUE(none.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, HappinessConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance

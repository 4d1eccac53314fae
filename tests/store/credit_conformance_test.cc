// Split credit (store/credits.h) on every backend: a program's policy round-trips with every field
// and is replaced whole; a win's credit round-trips with its shares; a referral has one credit and
// a deal key one split per program (joins beside it, and the same key free in another program);
// the referrals that may have touched a deal are those of its CRM deal and, from an instant, those
// of its email domain, oldest first, each once, filtered before their limit.

#include <algorithm>
#include <chrono>
#include <string>

#include "common/time_format.h"
#include "conformance.h"
#include "domain/credit_split.h"

namespace bb::store::conformance {
namespace {

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

class CreditConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    north_ = MakeProgram("north");
    south_ = MakeProgram("south");
    ada_ = MakeAdvocate(north_, MakePerson("ada"));
    bo_ = MakeAdvocate(north_, MakePerson("bo"));
    cy_ = MakeAdvocate(south_, MakePerson("cy"));
    ASSERT_OK(InsertProgramWithAdvocates(north_, {ada_, bo_}));
    ASSERT_OK(InsertProgramWithAdvocates(south_, {cy_}));
    first_ = MakeReferral(ada_, "rita@acme.example", At("2027-01-01T00:00:00Z"));
    first_.referee.email_domain = "acme.example";
    first_.external_id = "OPP-1";
    second_ = MakeReferral(bo_, "sam@acme.example", At("2027-01-05T00:00:00Z"));
    second_.referee.email_domain = "acme.example";
    third_ = MakeReferral(bo_, "tia@other.example", At("2027-01-03T00:00:00Z"));
    third_.referee.email_domain = "other.example";
    third_.external_id = "OPP-1";
    elsewhere_ = MakeReferral(cy_, "una@acme.example", At("2027-01-02T00:00:00Z"));
    elsewhere_.referee.email_domain = "acme.example";
    elsewhere_.external_id = "OPP-1";
    ASSERT_OK(Write([&](Tx& tx) -> Status {
      for (const auto* r : {&first_, &second_, &third_, &elsewhere_}) BB_RETURN_IF_ERROR(tx.InsertReferral(*r));
      return Ok();
    }));
  }

  domain::ReferralCredit Split(const domain::Referral& r, std::string deal_key, std::string_view at) {
    domain::ReferralCredit c;
    c.id = "crd_" + r.id;
    c.program_id = r.program_id;
    c.referral_id = r.id;
    c.deal_key = std::move(deal_key);
    c.split = domain::CreditSplit::kLastWeighted;
    c.shares = {{ada_.id, first_.id, 3334, At("2027-01-01T00:00:00Z")},
                {bo_.id, "", 6666, At("2027-01-05T00:00:00.000001Z")}};
    // A split of another referral counts first_ (Ada's share), as a referral of the same CRM deal
    // except in the south program.
    if (r.id != first_.id) c.touches = {{first_.id, ada_.id, r.program_id == north_.id}};
    c.at = At(at);
    return c;
  }

  std::vector<std::string> Ids(const std::vector<domain::Referral>& referrals) {
    std::vector<std::string> ids;
    for (const auto& r : referrals) ids.push_back(r.id);
    return ids;
  }

  domain::Program north_, south_;
  domain::Advocate ada_, bo_, cy_;
  domain::Referral first_, second_, third_, elsewhere_;
};

TEST_P(CreditConformanceTest, APolicyRoundTripsWithEveryFieldAndIsReplacedWhole) {
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindCreditPolicy(north_.id); }));
  CreditPolicyRecord record;
  record.program_id = north_.id;
  record.updated_at = At("2027-02-01T00:00:00Z");
  record.updated_by = "usr_1";
  record.policy.split = domain::CreditSplit::kByRole;
  record.policy.lead_share_bp = 7500;
  record.policy.role_weights = {{domain::BuyingRole::kEconomicBuyer, 9}, {domain::BuyingRole::kCoach, 0}};
  record.policy.unroled_weight = 2;
  record.policy.account_window_days = 730;
  ASSERT_OK(Write([&](Tx& tx) { return tx.PutCreditPolicy(record); }));
  auto read = Get([&](Queries& q) { return q.FindCreditPolicy(north_.id); });
  ASSERT_TRUE(read);
  EXPECT_EQ(read->program_id, north_.id);
  EXPECT_EQ(read->policy.split, domain::CreditSplit::kByRole);
  EXPECT_EQ(read->policy.lead_share_bp, 7500);
  EXPECT_EQ(read->policy.role_weights, record.policy.role_weights);
  EXPECT_EQ(read->policy.unroled_weight, 2);
  EXPECT_EQ(read->policy.account_window_days, 730);
  EXPECT_EQ(read->updated_at, record.updated_at);
  EXPECT_EQ(read->updated_by, "usr_1");

  CreditPolicyRecord replaced;
  replaced.program_id = north_.id;
  replaced.updated_at = At("2027-03-01T00:00:00Z");
  replaced.updated_by = "key_2";
  replaced.policy.split = domain::CreditSplit::kEqual;
  ASSERT_OK(Write([&](Tx& tx) { return tx.PutCreditPolicy(replaced); }));
  auto now = Get([&](Queries& q) { return q.FindCreditPolicy(north_.id); });
  ASSERT_TRUE(now);
  EXPECT_EQ(now->policy.split, domain::CreditSplit::kEqual);
  EXPECT_TRUE(now->policy.role_weights.empty());
  EXPECT_EQ(now->policy.account_window_days, 0);
  EXPECT_EQ(now->updated_by, "key_2");
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindCreditPolicy(south_.id); }));
}

TEST_P(CreditConformanceTest, AWinHasOneCreditAndADealKeyOneSplitPerProgram) {
  auto split = Split(first_, "deal:OPP-1", "2027-02-01T00:00:00Z");
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertReferralCredit(split); }));
  auto read = Get([&](Queries& q) { return q.FindReferralCredit(first_.id); });
  ASSERT_TRUE(read);
  EXPECT_EQ(read->id, split.id);
  EXPECT_EQ(read->program_id, north_.id);
  EXPECT_EQ(read->deal_key, "deal:OPP-1");
  EXPECT_EQ(read->joined, "");
  EXPECT_EQ(read->split, domain::CreditSplit::kLastWeighted);
  ASSERT_EQ(read->shares.size(), 2u);
  EXPECT_EQ(read->shares[0].advocate_id, ada_.id);
  EXPECT_EQ(read->shares[0].referral_id, first_.id);
  EXPECT_EQ(read->shares[0].share_bp, 3334);
  EXPECT_EQ(read->shares[1].referral_id, "");
  EXPECT_EQ(read->shares[1].touched_at, At("2027-01-05T00:00:00.000001Z"));
  EXPECT_EQ(read->at, split.at);
  auto by_deal = Get([&](Queries& q) { return q.FindDealCredit(north_.id, "deal:OPP-1"); });
  ASSERT_TRUE(by_deal);
  EXPECT_EQ(by_deal->id, split.id);

  // A second split of the deal is refused, naming the deal key; a join is not.
  auto rival = Split(third_, "deal:OPP-1", "2027-02-02T00:00:00Z");
  Status taken = Write([&](Tx& tx) { return tx.InsertReferralCredit(rival); });
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code(), ErrorCode::kConflict);
  ASSERT_EQ(taken.error().fields().size(), 1u);
  EXPECT_EQ(taken.error().fields()[0].field, "deal_key");
  auto join = rival;
  join.joined = split.id;
  join.shares.clear();
  join.touches.clear();
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertReferralCredit(join); }));
  auto joined = Get([&](Queries& q) { return q.FindReferralCredit(third_.id); });
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->joined, split.id);
  EXPECT_TRUE(joined->shares.empty());
  EXPECT_EQ(Get([&](Queries& q) { return q.FindDealCredit(north_.id, "deal:OPP-1"); })->id, split.id)
      << "the split, never a join";

  // A referral's win is credited once, split or join, and the refusal leaves the transaction usable.
  auto again = Split(first_, "referral:" + first_.id, "2027-02-03T00:00:00Z");
  again.id = "crd_again";
  Status twice = Write([&](Tx& tx) -> Status {
    Status refused = tx.InsertReferralCredit(again);
    EXPECT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code(), ErrorCode::kConflict);
    if (!refused.error().fields().empty()) {
      EXPECT_EQ(refused.error().fields()[0].field, "referral_id");
    }
    return tx.InsertReferralCredit(Split(second_, "referral:" + second_.id, "2027-02-04T00:00:00Z"));
  });
  ASSERT_OK(twice);

  // The same deal key in another program is another deal.
  ASSERT_OK(
      Write([&](Tx& tx) { return tx.InsertReferralCredit(Split(elsewhere_, "deal:OPP-1", "2027-02-05T00:00:00Z")); }));
  auto listed = Get([&](Queries& q) { return q.ListReferralCredits(north_.id); });
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].referral_id, first_.id);
  EXPECT_EQ(listed[1].referral_id, third_.id);
  EXPECT_EQ(listed[2].referral_id, second_.id);
  EXPECT_EQ(Get([&](Queries& q) { return q.ListReferralCredits(south_.id); }).size(), 1u);

  // The referrals a split counted besides the won one, each with its advocate and whether it is of
  // the same CRM deal (a join counts none).
  auto touching = Get([&](Queries& q) { return q.ListCreditsTouching(first_.id); });
  ASSERT_EQ(touching.size(), 2u);
  EXPECT_EQ(touching[0].referral_id, second_.id);
  EXPECT_EQ(touching[1].referral_id, elsewhere_.id);
  ASSERT_EQ(touching[0].touches.size(), 1u);
  EXPECT_EQ(touching[0].touches[0].referral_id, first_.id);
  EXPECT_EQ(touching[0].touches[0].advocate_id, ada_.id);
  EXPECT_TRUE(touching[0].touches[0].same_deal);
  ASSERT_EQ(touching[1].touches.size(), 1u);
  EXPECT_FALSE(touching[1].touches[0].same_deal);
  EXPECT_TRUE(Get([&](Queries& q) { return q.FindReferralCredit(first_.id); })->touches.empty());
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListCreditsTouching(second_.id); }).empty());
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListCreditsTouching(third_.id); }).empty());
}

TEST_P(CreditConformanceTest, DealTouchesAreTheDealsReferralsAndTheDomainsFromAnInstantOldestFirst) {
  auto touches = [&](std::string external_id, std::string domain_name, std::string_view since) {
    return Ids(Get([&](Queries& q) {
      return q.ListDealTouches({north_.id, std::move(external_id), std::move(domain_name), At(since)});
    }));
  };
  EXPECT_EQ(touches("OPP-1", "", "2030-01-01T00:00:00Z"), (std::vector<std::string>{first_.id, third_.id}))
      << "the deal's referrals whatever their age, never another program's";
  EXPECT_EQ(touches("", "acme.example", "2027-01-01T00:00:00Z"), (std::vector<std::string>{first_.id, second_.id}));
  EXPECT_EQ(touches("", "acme.example", "2027-01-02T00:00:00Z"), (std::vector<std::string>{second_.id}));
  EXPECT_EQ(touches("OPP-1", "acme.example", "2027-01-01T00:00:00Z"),
            (std::vector<std::string>{first_.id, third_.id, second_.id}))
      << "both kinds, each once, oldest first";
  EXPECT_TRUE(touches("", "", "2027-01-01T00:00:00Z").empty());
  EXPECT_TRUE(touches("OPP-404", "", "2027-01-01T00:00:00Z").empty());
}

// Split credit asks for the touching referrals (clear, neither won nor rejected), account-level
// credit for the open ones (clear, not closed); the filter comes before the limit of 1,000, so a
// thousand closed referrals of a domain do not hide an open one.
TEST_P(CreditConformanceTest, DealTouchesFilterBeforeTheLimit) {
  using Only = DealTouchQuery::Only;
  auto touches = [&](Only only) {
    return Ids(Get([&](Queries& q) {
      DealTouchQuery query{north_.id, "", "big.example", At("2027-01-01T00:00:00Z")};
      query.only = only;
      return q.ListDealTouches(query);
    }));
  };
  std::vector<domain::Referral> lost;
  for (int i = 0; i < 1000; ++i) {
    domain::Referral r = MakeReferral(ada_, "lost" + std::to_string(i) + "@big.example",
                                      At("2027-01-02T00:00:00Z") + std::chrono::seconds(i));
    r.referee.email_domain = "big.example";
    r.stage = domain::ReferralStage::kLost;
    lost.push_back(std::move(r));
  }
  auto at_big = [&](std::string email, domain::ReferralStage stage, domain::ReviewStatus review) {
    domain::Referral r = MakeReferral(bo_, email, At("2027-01-03T00:00:00Z"));
    r.referee.email_domain = "big.example";
    r.stage = stage;
    r.review_status = review;
    return r;
  };
  const domain::Referral won = at_big("won@big.example", domain::ReferralStage::kWon, domain::ReviewStatus::kClear);
  const domain::Referral rejected =
      at_big("no@big.example", domain::ReferralStage::kRejected, domain::ReviewStatus::kClear);
  const domain::Referral held =
      at_big("held@big.example", domain::ReferralStage::kQualified, domain::ReviewStatus::kHeld);
  const domain::Referral open =
      at_big("open@big.example", domain::ReferralStage::kQualified, domain::ReviewStatus::kClear);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (const auto& r : lost) BB_RETURN_IF_ERROR(tx.InsertReferral(r));
    for (const auto* r : {&won, &rejected, &held, &open}) BB_RETURN_IF_ERROR(tx.InsertReferral(*r));
    return Ok();
  }));
  EXPECT_EQ(touches(Only::kAny).size(), 1000u) << "the oldest thousand, whatever they are";
  EXPECT_EQ(touches(Only::kOpen), (std::vector<std::string>{open.id}));
  EXPECT_EQ(touches(Only::kWon), (std::vector<std::string>{won.id}));
  std::vector<std::string> touching = touches(Only::kTouching);
  ASSERT_EQ(touching.size(), 1000u) << "lost referrals touched the deal";
  EXPECT_EQ(std::count(touching.begin(), touching.end(), won.id), 0);
  EXPECT_EQ(std::count(touching.begin(), touching.end(), rejected.id), 0);
  EXPECT_EQ(std::count(touching.begin(), touching.end(), held.id), 0);
}

// The store finds a domain's referrals by their registrable domain; the referees on a free email
// host below it (Apple's relay below appleid.com) are no one's account. They used to count towards
// the limit of 1,000 before being left out, so a domain with more than 1,000 of them in the window
// hid its company referrals from account and split credit. The limit now counts the company
// referrals only, read in pages, and the pages go on correctly through referrals of one instant.
TEST_P(CreditConformanceTest, ReviewFindingRelayReferralsDoNotCountTowardsTheLimit) {
  const Timestamp instant = At("2027-01-02T00:00:00Z");
  std::vector<domain::Referral> referrals;
  for (int i = 0; i < 2500; ++i) {
    // Every referral at one instant: the page boundary falls among equal times.
    domain::Referral r = MakeReferral(ada_, "relay" + std::to_string(i) + "@privaterelay.appleid.com", instant);
    r.referee.email_domain = "appleid.com";
    referrals.push_back(std::move(r));
  }
  std::vector<std::string> company;
  for (int i = 0; i < 3; ++i) {
    domain::Referral r =
        MakeReferral(bo_, "staff" + std::to_string(i) + "@appleid.com", instant + std::chrono::seconds(i == 0 ? 0 : 1));
    r.referee.email_domain = "appleid.com";
    company.push_back(r.id);
    referrals.push_back(std::move(r));
  }
  domain::Referral deep = MakeReferral(bo_, "it@Corp.AppleID.com", instant + std::chrono::seconds(2));
  deep.referee.email_domain = "appleid.com";
  company.push_back(deep.id);
  referrals.push_back(deep);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (const auto& r : referrals) BB_RETURN_IF_ERROR(tx.InsertReferral(r));
    return Ok();
  }));
  for (auto only : {DealTouchQuery::Only::kAny, DealTouchQuery::Only::kOpen, DealTouchQuery::Only::kTouching}) {
    std::vector<std::string> found = Ids(Get([&](Queries& q) {
      DealTouchQuery query{north_.id, "", "appleid.com", At("2027-01-01T00:00:00Z")};
      query.only = only;
      return q.ListDealTouches(query);
    }));
    EXPECT_EQ(found, company) << "only the company's referrals, oldest first, none of the 2,500 relay ones";
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance

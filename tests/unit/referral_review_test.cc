#include "domain/referral_review.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace bb::domain {
namespace {

using namespace std::chrono_literals;
using R = ReviewReason;
using Reasons = std::vector<ReviewReason>;

const Timestamp kNow = FromMicros(1'773'576'000'000'000);  // 2026-03-15T12:00:00Z

ReviewFacts CleanFacts() {
  ReviewFacts facts;
  facts.program_kind = ProgramKind::kCustomer;
  facts.now = kNow;
  return facts;
}

Referral Earlier(std::string id, ReferralStage stage, Timestamp created_at) {
  Referral referral;
  referral.id = std::move(id);
  referral.program_id = "prg_1";
  referral.stage = stage;
  referral.created_at = created_at;
  referral.updated_at = created_at;
  return referral;
}

Reasons Review(const ReviewFacts& facts, const ReferralPolicy& policy = ReferralPolicy{}) {
  return ReasonsOf(ReviewReferral(facts, policy));
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The single finding of `facts`, checked to be about `reason`; its detail, or "" when not single.
std::string OnlyFinding(const ReviewFacts& facts, const ReferralPolicy& policy, ReviewReason reason) {
  auto findings = ReviewReferral(facts, policy);
  EXPECT_EQ(findings.size(), 1u);
  if (findings.size() != 1) return "";
  EXPECT_EQ(findings[0].reason, reason) << ToString(findings[0].reason);
  EXPECT_FALSE(findings[0].detail.empty());
  return findings[0].detail;
}

TEST(ReviewReferral, FindsNothingAboutACleanReferral) {
  EXPECT_TRUE(ReviewReferral(CleanFacts(), ReferralPolicy{}).empty());
  ReviewFacts facts = CleanFacts();
  facts.advocate_recent_referrals = 19;  // below the default limit of 20
  facts.address_recent_referrals = 19;
  facts.same_company_domain = true;  // not a self-referral by default
  EXPECT_TRUE(ReviewReferral(facts, ReferralPolicy{}).empty());
}

// --- Duplicates -------------------------------------------------------------------------------

TEST(ReviewReferral, AnEarlierReferralAtTheStartOfTheWindowIsADuplicate) {
  ReferralPolicy policy;
  policy.duplicate_window_days = 30;
  ReviewFacts facts = CleanFacts();
  facts.earlier_referrals = {Earlier("ref_old", ReferralStage::kQualified, kNow - std::chrono::days(30))};
  std::string detail = OnlyFinding(facts, policy, R::kDuplicate);
  EXPECT_TRUE(Contains(detail, "ref_old")) << detail;
}

TEST(ReviewReferral, AnEarlierReferralBeforeTheWindowIsNotADuplicate) {
  ReferralPolicy policy;
  policy.duplicate_window_days = 30;
  ReviewFacts facts = CleanFacts();
  facts.earlier_referrals = {Earlier("ref_old", ReferralStage::kQualified, kNow - std::chrono::days(30) - 1us),
                             Earlier("ref_older", ReferralStage::kLost, kNow - std::chrono::days(400))};
  EXPECT_TRUE(Review(facts, policy).empty());
}

TEST(ReviewReferral, AnyOpenOrLostEarlierReferralInTheWindowCounts) {
  for (ReferralStage stage :
       {ReferralStage::kSubmitted, ReferralStage::kQualified, ReferralStage::kOpportunity, ReferralStage::kLost}) {
    ReviewFacts facts = CleanFacts();
    facts.earlier_referrals = {Earlier("ref_old", stage, kNow - 24h)};
    EXPECT_EQ(Review(facts), Reasons{R::kDuplicate}) << ToString(stage);
  }
}

TEST(ReviewReferral, ARejectedEarlierReferralDoesNotCount) {
  ReviewFacts facts = CleanFacts();
  facts.earlier_referrals = {Earlier("ref_rejected", ReferralStage::kRejected, kNow - 1h)};
  EXPECT_TRUE(Review(facts).empty());
  // ... but one behind it still does.
  facts.earlier_referrals.push_back(Earlier("ref_open", ReferralStage::kSubmitted, kNow - 48h));
  std::string detail = OnlyFinding(facts, ReferralPolicy{}, R::kDuplicate);
  EXPECT_TRUE(Contains(detail, "ref_open")) << detail;
}

TEST(ReviewReferral, AWonEarlierReferralCountsAtAnyAge) {
  ReferralPolicy policy;
  policy.duplicate_window_days = 30;
  ReviewFacts facts = CleanFacts();
  facts.earlier_referrals = {Earlier("ref_rejected", ReferralStage::kRejected, kNow - 1h),
                             Earlier("ref_won", ReferralStage::kWon, kNow - std::chrono::days(3000))};
  std::string detail = OnlyFinding(facts, policy, R::kDuplicate);
  EXPECT_TRUE(Contains(detail, "ref_won")) << detail;

  policy.duplicate_window_days = 0;
  EXPECT_EQ(Review(facts, policy), Reasons{R::kDuplicate});
}

TEST(ReviewReferral, AZeroDayWindowCatchesOnlyAReferralOfThisVeryMoment) {
  ReferralPolicy policy;
  policy.duplicate_window_days = 0;
  ReviewFacts facts = CleanFacts();
  facts.earlier_referrals = {Earlier("ref_now", ReferralStage::kSubmitted, kNow)};
  EXPECT_EQ(Review(facts, policy), Reasons{R::kDuplicate});
  facts.earlier_referrals = {Earlier("ref_just_before", ReferralStage::kSubmitted, kNow - 1us)};
  EXPECT_TRUE(Review(facts, policy).empty());
}

TEST(ReviewReferral, ARefereeWhoIsAnAdvocateIsADuplicate) {
  ReviewFacts facts = CleanFacts();
  facts.referee_is_advocate = true;
  std::string detail = OnlyFinding(facts, ReferralPolicy{}, R::kDuplicate);
  EXPECT_TRUE(Contains(detail, "advocate")) << detail;
}

TEST(ReviewReferral, GivesOneDuplicateFindingHoweverManyReasons) {
  ReviewFacts facts = CleanFacts();
  facts.referee_is_advocate = true;
  facts.earlier_referrals = {Earlier("ref_a", ReferralStage::kSubmitted, kNow - 1h),
                             Earlier("ref_b", ReferralStage::kWon, kNow - 48h)};
  EXPECT_EQ(Review(facts), Reasons{R::kDuplicate});
}

// --- Self-referrals ---------------------------------------------------------------------------

TEST(ReviewReferral, TheAdvocatesOwnEmailIsASelfReferral) {
  ReviewFacts facts = CleanFacts();
  facts.referee_is_the_advocate = true;
  OnlyFinding(facts, ReferralPolicy{}, R::kSelfReferral);
}

TEST(ReviewReferral, TheAdvocatesOwnBrowserOrAddressIsASelfReferral) {
  ReviewFacts facts = CleanFacts();
  facts.advocate_seen_at_same_address = true;
  OnlyFinding(facts, ReferralPolicy{}, R::kSelfReferral);
}

TEST(ReviewReferral, TheSameCompanyDomainIsASelfReferralOnlyWhereThePolicySaysSo) {
  ReferralPolicy off;
  ReferralPolicy on;
  on.same_domain_is_self_referral = true;
  for (ProgramKind kind : {ProgramKind::kCustomer, ProgramKind::kPartner}) {
    ReviewFacts facts = CleanFacts();
    facts.program_kind = kind;
    facts.same_company_domain = true;
    EXPECT_TRUE(Review(facts, off).empty()) << ToString(kind);
    EXPECT_EQ(Review(facts, on), Reasons{R::kSelfReferral}) << ToString(kind);
    facts.same_company_domain = false;
    EXPECT_TRUE(Review(facts, on).empty()) << ToString(kind);
  }
}

TEST(ReviewReferral, EmployeeProgramsNeverTreatColleaguesAsSelfReferrals) {
  ReferralPolicy on;
  on.same_domain_is_self_referral = true;
  ReviewFacts facts = CleanFacts();
  facts.program_kind = ProgramKind::kEmployee;
  facts.same_company_domain = true;
  EXPECT_TRUE(Review(facts, on).empty());
  // The other self-referral checks still apply to employees.
  facts.referee_is_the_advocate = true;
  EXPECT_EQ(Review(facts, on), Reasons{R::kSelfReferral});
}

TEST(ReviewReferral, GivesOneSelfReferralFindingHoweverManyReasons) {
  ReferralPolicy on;
  on.same_domain_is_self_referral = true;
  ReviewFacts facts = CleanFacts();
  facts.referee_is_the_advocate = true;
  facts.advocate_seen_at_same_address = true;
  facts.same_company_domain = true;
  EXPECT_EQ(Review(facts, on), Reasons{R::kSelfReferral});
}

// --- Velocity ---------------------------------------------------------------------------------

TEST(ReviewReferral, AnAdvocateAtTheVelocityLimitIsHeld) {
  ReferralPolicy policy;
  policy.velocity_limit = 5;
  policy.velocity_window_hours = 6;
  ReviewFacts facts = CleanFacts();
  facts.advocate_recent_referrals = 4;
  EXPECT_TRUE(Review(facts, policy).empty());
  facts.advocate_recent_referrals = 5;
  std::string detail = OnlyFinding(facts, policy, R::kVelocity);
  EXPECT_TRUE(Contains(detail, "5")) << detail;
  EXPECT_TRUE(Contains(detail, "6 hours")) << detail;
  facts.advocate_recent_referrals = 50;
  EXPECT_EQ(Review(facts, policy), Reasons{R::kVelocity});
}

TEST(ReviewReferral, AnAddressAtItsVelocityLimitIsHeld) {
  ReferralPolicy policy;
  policy.velocity_limit = 100;
  policy.ip_velocity_limit = 3;
  ReviewFacts facts = CleanFacts();
  facts.address_recent_referrals = 2;
  EXPECT_TRUE(Review(facts, policy).empty());
  facts.address_recent_referrals = 3;
  std::string detail = OnlyFinding(facts, policy, R::kVelocity);
  EXPECT_TRUE(Contains(detail, "3")) << detail;
  // The advocate's limit does not apply to the address, nor the other way round.
  facts.address_recent_referrals = 50;
  facts.advocate_recent_referrals = 3;
  EXPECT_EQ(Review(facts, policy), Reasons{R::kVelocity});
  facts.address_recent_referrals = 0;
  EXPECT_TRUE(Review(facts, policy).empty());
}

TEST(ReviewReferral, GivesOneVelocityFindingWhenBothLimitsAreReached) {
  ReferralPolicy policy;
  policy.velocity_limit = 2;
  policy.ip_velocity_limit = 2;
  ReviewFacts facts = CleanFacts();
  facts.advocate_recent_referrals = 2;
  facts.address_recent_referrals = 2;
  EXPECT_EQ(Review(facts, policy), Reasons{R::kVelocity});
}

// --- Disposable mail, order, status -----------------------------------------------------------

TEST(ReviewReferral, ADisposableAddressIsHeld) {
  ReviewFacts facts = CleanFacts();
  facts.disposable_email = true;
  OnlyFinding(facts, ReferralPolicy{}, R::kDisposableEmail);
}

TEST(ReviewReferral, ListsFindingsInTheDocumentedOrderEachWithADetail) {
  ReferralPolicy policy;
  policy.velocity_limit = 1;
  ReviewFacts facts = CleanFacts();
  facts.disposable_email = true;
  facts.advocate_recent_referrals = 1;
  facts.referee_is_the_advocate = true;
  facts.referee_is_advocate = true;
  auto findings = ReviewReferral(facts, policy);
  EXPECT_EQ(ReasonsOf(findings), (Reasons{R::kDuplicate, R::kSelfReferral, R::kVelocity, R::kDisposableEmail}));
  for (const auto& finding : findings) EXPECT_FALSE(finding.detail.empty()) << ToString(finding.reason);
}

TEST(ReasonsOf, KeepsTheOrderOfTheFindings) {
  EXPECT_TRUE(ReasonsOf({}).empty());
  std::vector<ReviewFinding> findings = {{R::kVelocity, "v"}, {R::kDuplicate, "d"}, {R::kDisposableEmail, "e"}};
  EXPECT_EQ(ReasonsOf(findings), (Reasons{R::kVelocity, R::kDuplicate, R::kDisposableEmail}));
}

TEST(ReviewStatusFor, FollowsTheReviewsFindings) {
  EXPECT_EQ(ReviewStatusFor(Review(CleanFacts())), ReviewStatus::kClear);

  ReviewFacts held = CleanFacts();
  held.disposable_email = true;
  held.advocate_seen_at_same_address = true;
  EXPECT_EQ(ReviewStatusFor(Review(held)), ReviewStatus::kHeld);

  ReviewFacts duplicate = held;
  duplicate.referee_is_advocate = true;
  EXPECT_EQ(ReviewStatusFor(Review(duplicate)), ReviewStatus::kDuplicate);

  EXPECT_EQ(ReviewStatusFor({}), ReviewStatus::kClear);
  EXPECT_EQ(ReviewStatusFor({R::kVelocity}), ReviewStatus::kHeld);
  EXPECT_EQ(ReviewStatusFor({R::kSelfReferral}), ReviewStatus::kHeld);
  EXPECT_EQ(ReviewStatusFor({R::kDisposableEmail}), ReviewStatus::kHeld);
  EXPECT_EQ(ReviewStatusFor({R::kDuplicate}), ReviewStatus::kDuplicate);
  EXPECT_EQ(ReviewStatusFor({R::kDisposableEmail, R::kVelocity, R::kDuplicate}), ReviewStatus::kDuplicate);
}

}  // namespace
}  // namespace bb::domain

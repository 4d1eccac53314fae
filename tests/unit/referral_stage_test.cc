#include "domain/referral_stage.h"

#include <gtest/gtest.h>

namespace bb::domain {
namespace {

using S = ReferralStage;
using Stages = std::vector<ReferralStage>;

Stages Plan(S from, S to, bool uses_opportunity = true) {
  auto plan = PlanStageMove(from, to, uses_opportunity);
  EXPECT_TRUE(plan.ok()) << ToString(from) << " -> " << ToString(to) << ": " << plan.error().message();
  return plan.ok() ? *plan : Stages{};
}

TEST(ReferralStage, NamesRoundTrip) {
  for (S stage : {S::kSubmitted, S::kQualified, S::kOpportunity, S::kWon, S::kLost, S::kRejected}) {
    EXPECT_EQ(ParseReferralStage(ToString(stage)), stage);
  }
  EXPECT_EQ(ParseReferralStage("Won"), std::nullopt);
  EXPECT_EQ(ParseReferralStage("closed"), std::nullopt);
  EXPECT_EQ(ParseReferralStage(""), std::nullopt);
}

TEST(ReferralStage, WonLostAndRejectedAreClosed) {
  EXPECT_FALSE(IsClosed(S::kSubmitted));
  EXPECT_FALSE(IsClosed(S::kQualified));
  EXPECT_FALSE(IsClosed(S::kOpportunity));
  EXPECT_TRUE(IsClosed(S::kWon));
  EXPECT_TRUE(IsClosed(S::kLost));
  EXPECT_TRUE(IsClosed(S::kRejected));
}

TEST(PlanStageMove, OneStepForwardReachesThatStage) {
  EXPECT_EQ(Plan(S::kSubmitted, S::kQualified), (Stages{S::kQualified}));
  EXPECT_EQ(Plan(S::kQualified, S::kOpportunity), (Stages{S::kOpportunity}));
  EXPECT_EQ(Plan(S::kOpportunity, S::kWon), (Stages{S::kWon}));
}

TEST(PlanStageMove, JumpingForwardReachesEveryStagePassed) {
  EXPECT_EQ(Plan(S::kSubmitted, S::kWon), (Stages{S::kQualified, S::kOpportunity, S::kWon}));
  EXPECT_EQ(Plan(S::kSubmitted, S::kOpportunity), (Stages{S::kQualified, S::kOpportunity}));
}

TEST(PlanStageMove, ProgramsWithoutOpportunityPassStraightToWon) {
  EXPECT_EQ(Plan(S::kQualified, S::kWon, false), (Stages{S::kWon}));
  EXPECT_EQ(Plan(S::kSubmitted, S::kWon, false), (Stages{S::kQualified, S::kWon}));
}

TEST(PlanStageMove, OpportunityIsRefusedWhereTheProgramSkipsIt) {
  auto plan = PlanStageMove(S::kQualified, S::kOpportunity, false);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(plan.error().fields().size(), 1u);
  EXPECT_EQ(plan.error().fields()[0].field, "stage");
}

TEST(PlanStageMove, LostAndRejectedCloseFromAnyOpenStage) {
  for (S from : {S::kSubmitted, S::kQualified, S::kOpportunity}) {
    EXPECT_EQ(Plan(from, S::kLost), (Stages{S::kLost}));
    EXPECT_EQ(Plan(from, S::kRejected), (Stages{S::kRejected}));
  }
}

TEST(PlanStageMove, AnOpenReferralMayGoBackToAnEarlierOpenStage) {
  EXPECT_EQ(Plan(S::kOpportunity, S::kQualified), (Stages{S::kQualified}));
  EXPECT_EQ(Plan(S::kQualified, S::kSubmitted), (Stages{S::kSubmitted}));
}

TEST(PlanStageMove, TheStageItAlreadyHasChangesNothing) {
  for (S stage : {S::kSubmitted, S::kQualified, S::kOpportunity, S::kWon, S::kLost, S::kRejected}) {
    EXPECT_EQ(Plan(stage, stage), Stages{}) << ToString(stage);
  }
}

TEST(PlanStageMove, AClosedReferralNeverMovesAgain) {
  for (S from : {S::kWon, S::kLost, S::kRejected}) {
    for (S to : {S::kSubmitted, S::kQualified, S::kOpportunity, S::kWon, S::kLost, S::kRejected}) {
      if (to == from) continue;
      auto plan = PlanStageMove(from, to, true);
      ASSERT_FALSE(plan.ok()) << ToString(from) << " -> " << ToString(to);
      EXPECT_EQ(plan.error().code(), ErrorCode::kConflict) << ToString(from) << " -> " << ToString(to);
    }
  }
}

}  // namespace
}  // namespace bb::domain

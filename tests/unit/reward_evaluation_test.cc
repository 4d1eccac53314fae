#include "domain/reward_evaluation.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "domain/referral_stage.h"

namespace bb::domain {
namespace {

using namespace std::chrono_literals;
using S = ReferralStage;
using Stages = std::vector<ReferralStage>;

Timestamp At(const char* iso) {
  auto parsed = ParseTimestamp(iso);
  EXPECT_TRUE(parsed.has_value()) << iso;
  return parsed.value_or(Timestamp{});
}

// The moment of the move in most tests: 2026-03-15T12:00:00Z.
const Timestamp kAt = Timestamp(std::chrono::sys_days{std::chrono::March / 15 / 2026}) + 12h;
const Timestamp kLongAgo = Timestamp(std::chrono::sys_days{std::chrono::January / 1 / 2020});

Stages Plan(S from, S to, bool uses_opportunity = true) {
  auto plan = PlanStageMove(from, to, uses_opportunity);
  EXPECT_TRUE(plan.ok()) << ToString(from) << " -> " << ToString(to);
  return plan.ok() ? *plan : Stages{};
}

Referral ClearReferral() {
  Referral referral;
  referral.id = "ref_1";
  referral.program_id = "prg_1";
  referral.advocate_id = "adv_1";
  referral.channel = "email";
  referral.product = "enterprise";
  referral.stage = S::kWon;
  referral.review_status = ReviewStatus::kClear;
  referral.deal_value_minor = 1'000'000;
  return referral;
}

RewardAmount Fixed(std::int64_t minor) { return {minor, std::nullopt, std::nullopt, std::nullopt}; }
RewardAmount Percent(std::int64_t bp, std::optional<std::int64_t> min = {}, std::optional<std::int64_t> max = {}) {
  return {std::nullopt, bp, min, max};
}

RewardRule Rule(std::string id, RewardTrigger trigger, RewardAmount amount = Fixed(5'000)) {
  RewardRule rule;
  rule.id = id;
  rule.program_id = "prg_1";
  rule.name = "Rule " + id;
  rule.trigger = trigger;
  rule.amount = amount;
  rule.created_at = kLongAgo;
  return rule;
}
RewardRule OnStage(std::string id, S stage, RewardAmount amount = Fixed(5'000)) {
  return Rule(std::move(id), {stage, std::nullopt}, amount);
}
RewardRule OnNthWon(std::string id, std::int64_t n, RewardAmount amount = Fixed(5'000)) {
  return Rule(std::move(id), {std::nullopt, n}, amount);
}

EvaluationInput Input(const Referral& referral, Stages reached, std::int64_t won_count = 1, Timestamp at = kAt) {
  EvaluationInput input;
  input.referral = &referral;
  input.reached = std::move(reached);
  input.won_count = won_count;
  input.at = at;
  input.currency = "USD";
  return input;
}

// An in-memory ledger: the rewards that exist (matched on their uniqueness key) and the
// advocate's earlier rewards by rule (for caps). Records what the evaluation asked.
struct FakeLedger {
  struct Given {
    std::string rule_id;
    Timestamp created_at;
    std::int64_t amount_minor = 0;
    std::string advocate_id;  // "": any advocate's
  };
  std::vector<Reward> existing;
  std::vector<Given> given;
  std::optional<Error> exists_error;
  std::optional<Error> usage_error;

  std::vector<Reward> candidates_asked;
  std::vector<std::string> usage_rules_asked;
  std::vector<std::string> usage_advocates_asked;
  std::vector<PeriodBounds> periods_asked;

  LedgerLookups Lookups() {
    return {
        [this](const RewardRule& rule, const Reward& candidate) -> Result<bool> {
          candidates_asked.push_back(candidate);
          if (exists_error) return *exists_error;
          for (const auto& r : existing) {
            if (r.rule_id == rule.id && r.referral_id == candidate.referral_id &&
                r.beneficiary == candidate.beneficiary && r.trigger_key == candidate.trigger_key) {
              return true;
            }
          }
          return false;
        },
        [this](const RewardRule& rule, std::string_view advocate_id, const PeriodBounds& period) -> Result<CapUsage> {
          usage_rules_asked.push_back(rule.id);
          usage_advocates_asked.emplace_back(advocate_id);
          periods_asked.push_back(period);
          if (usage_error) return *usage_error;
          CapUsage usage;
          for (const auto& g : given) {
            if (g.rule_id == rule.id && (g.advocate_id.empty() || g.advocate_id == advocate_id) &&
                period.start <= g.created_at && g.created_at < period.end) {
              ++usage.count;
              usage.total_minor += g.amount_minor;
            }
          }
          return usage;
        }};
  }
};

std::vector<RewardOutcome> Evaluate(const std::vector<RewardRule>& rules, const EvaluationInput& input,
                                    FakeLedger& ledger) {
  auto outcomes = EvaluateRewards(rules, input, ledger.Lookups());
  EXPECT_TRUE(outcomes.ok()) << outcomes.error().message();
  return outcomes.ok() ? *outcomes : std::vector<RewardOutcome>{};
}

std::vector<RewardOutcome> Evaluate(const std::vector<RewardRule>& rules, const EvaluationInput& input) {
  FakeLedger ledger;
  return Evaluate(rules, input, ledger);
}

std::vector<std::string> RuleIdsOf(const std::vector<RewardOutcome>& outcomes) {
  std::vector<std::string> ids;
  for (const auto& o : outcomes) ids.push_back(o.rule_id);
  return ids;
}

// The amount of the single outcome's reward, or -1 when there is no single reward.
std::int64_t SingleAmount(const std::vector<RewardOutcome>& outcomes) {
  EXPECT_EQ(outcomes.size(), 1u);
  if (outcomes.size() != 1 || !outcomes[0].reward) {
    if (outcomes.size() == 1) ADD_FAILURE() << "withheld: " << outcomes[0].withheld;
    return -1;
  }
  return outcomes[0].reward->amount_minor;
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool SamePeriod(const PeriodBounds& a, const PeriodBounds& b) { return a.start == b.start && a.end == b.end; }

// --- Triggers ---------------------------------------------------------------------------------

TEST(EvaluateRewards, AStageRuleFiresWhenTheMoveReachesItsStage) {
  Referral referral = ClearReferral();
  referral.stage = S::kQualified;
  std::vector<RewardRule> rules = {OnStage("q", S::kQualified, Fixed(2'000)), OnStage("w", S::kWon)};
  auto outcomes = Evaluate(rules, Input(referral, Plan(S::kSubmitted, S::kQualified), 0));
  ASSERT_EQ(RuleIdsOf(outcomes), std::vector<std::string>{"q"});
  ASSERT_TRUE(outcomes[0].reward.has_value());
  EXPECT_EQ(outcomes[0].reward->amount_minor, 2'000);
  EXPECT_EQ(outcomes[0].reward->trigger_key, "stage:qualified");
  EXPECT_TRUE(outcomes[0].withheld.empty());
}

TEST(EvaluateRewards, AForwardJumpEarnsTheRewardsOfEveryStagePassed) {
  Referral referral = ClearReferral();
  std::vector<RewardRule> rules = {OnStage("s", S::kSubmitted), OnStage("q", S::kQualified),
                                   OnStage("o", S::kOpportunity), OnStage("w", S::kWon)};
  auto outcomes = Evaluate(rules, Input(referral, Plan(S::kSubmitted, S::kWon)));
  EXPECT_EQ(RuleIdsOf(outcomes), (std::vector<std::string>{"q", "o", "w"}));
  for (const auto& o : outcomes) EXPECT_TRUE(o.reward.has_value()) << o.rule_id;

  // A program without the opportunity stage never reaches it.
  auto skipping = Evaluate(rules, Input(referral, Plan(S::kSubmitted, S::kWon, false)));
  EXPECT_EQ(RuleIdsOf(skipping), (std::vector<std::string>{"q", "w"}));
}

TEST(EvaluateRewards, AMoveBackOrACloseAsLostEarnsNothingNew) {
  Referral referral = ClearReferral();
  referral.stage = S::kQualified;
  std::vector<RewardRule> rules = {OnStage("q", S::kQualified), OnStage("o", S::kOpportunity), OnStage("w", S::kWon)};
  FakeLedger ledger;  // the qualified reward was given when it first got there
  Reward given;
  given.rule_id = "q";
  given.referral_id = "ref_1";
  given.trigger_key = "stage:qualified";
  ledger.existing.push_back(given);
  EXPECT_TRUE(Evaluate(rules, Input(referral, Plan(S::kOpportunity, S::kQualified), 0), ledger).empty());

  referral.stage = S::kLost;
  EXPECT_TRUE(Evaluate(rules, Input(referral, Plan(S::kOpportunity, S::kLost), 0)).empty());
}

TEST(EvaluateRewards, ATierFiresOnlyOnTheNthWinAndOnlyWhenThisMoveWins) {
  Referral referral = ClearReferral();
  std::vector<RewardRule> rules = {OnNthWon("tier3", 3, Fixed(25'000))};
  EXPECT_TRUE(Evaluate(rules, Input(referral, {S::kWon}, 2)).empty());
  EXPECT_TRUE(Evaluate(rules, Input(referral, {S::kWon}, 4)).empty());
  EXPECT_TRUE(Evaluate(rules, Input(referral, {S::kQualified}, 3)).empty());

  auto third = Evaluate(rules, Input(referral, {S::kWon}, 3));
  ASSERT_EQ(third.size(), 1u);
  ASSERT_TRUE(third[0].reward.has_value());
  EXPECT_EQ(third[0].reward->trigger_key, "nth_won:3");
  EXPECT_EQ(third[0].reward->amount_minor, 25'000);

  // A jump straight to won counts as the win.
  EXPECT_EQ(RuleIdsOf(Evaluate(rules, Input(referral, Plan(S::kSubmitted, S::kWon), 3))),
            std::vector<std::string>{"tier3"});
}

TEST(EvaluateRewards, AStageRuleAndATierBothFireOnTheSameWin) {
  Referral referral = ClearReferral();
  std::vector<RewardRule> rules = {OnStage("w", S::kWon), OnNthWon("first", 1, Fixed(1'000))};
  auto outcomes = Evaluate(rules, Input(referral, {S::kWon}, 1));
  ASSERT_EQ(RuleIdsOf(outcomes), (std::vector<std::string>{"w", "first"}));
  ASSERT_TRUE(outcomes[0].reward && outcomes[1].reward);
  EXPECT_EQ(outcomes[0].reward->trigger_key, "stage:won");
  EXPECT_EQ(outcomes[1].reward->trigger_key, "nth_won:1");
}

// --- The reward -------------------------------------------------------------------------------

TEST(EvaluateRewards, TheRewardCarriesTheRuleTheReferralAndTheMoment) {
  Referral referral = ClearReferral();
  RewardRule rule = OnStage("rul_7", S::kWon, Fixed(7'500));
  rule.kind = RewardKind::kGiftCard;
  EvaluationInput input = Input(referral, {S::kWon});
  input.currency = "EUR";
  auto outcomes = Evaluate({rule}, input);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].rule_id, "rul_7");
  EXPECT_TRUE(outcomes[0].withheld.empty());
  ASSERT_TRUE(outcomes[0].reward.has_value());
  const Reward& reward = *outcomes[0].reward;
  EXPECT_EQ(reward.id, "");  // left for the caller
  EXPECT_EQ(reward.program_id, "prg_1");
  EXPECT_EQ(reward.referral_id, "ref_1");
  EXPECT_EQ(reward.advocate_id, "adv_1");
  EXPECT_EQ(reward.rule_id, "rul_7");
  EXPECT_EQ(reward.beneficiary, Beneficiary::kAdvocate);
  EXPECT_EQ(reward.trigger_key, "stage:won");
  EXPECT_EQ(reward.amount_minor, 7'500);
  EXPECT_EQ(reward.currency, "EUR");
  EXPECT_EQ(reward.kind, RewardKind::kGiftCard);
  EXPECT_EQ(reward.created_at, kAt);
  EXPECT_EQ(reward.updated_at, kAt);
  EXPECT_EQ(reward.payout_reference, "");
  EXPECT_EQ(reward.reversal_reason, "");
}

TEST(EvaluateRewards, RequiresApprovalGivesAPendingRewardElseAnApprovedOne) {
  Referral referral = ClearReferral();
  RewardRule manual = OnStage("manual", S::kWon);
  manual.requires_approval = true;
  RewardRule automatic = OnStage("auto", S::kWon);
  automatic.requires_approval = false;
  auto outcomes = Evaluate({manual, automatic}, Input(referral, {S::kWon}));
  ASSERT_EQ(outcomes.size(), 2u);
  ASSERT_TRUE(outcomes[0].reward && outcomes[1].reward);
  EXPECT_EQ(outcomes[0].reward->status, RewardStatus::kPending);
  EXPECT_EQ(outcomes[1].reward->status, RewardStatus::kApproved);
}

TEST(EvaluateRewards, TheReasonNamesTheRuleAndTheAmount) {
  Referral referral = ClearReferral();
  RewardRule fixed = OnStage("f", S::kWon, Fixed(5'000));
  fixed.name = "Won deal bonus";
  auto outcomes = Evaluate({fixed}, Input(referral, {S::kWon}));
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_TRUE(outcomes[0].reward.has_value());
  const std::string& reason = outcomes[0].reward->reason;
  EXPECT_TRUE(Contains(reason, "Won deal bonus")) << reason;
  EXPECT_TRUE(Contains(reason, "stage:won")) << reason;
  EXPECT_TRUE(Contains(reason, "5000 USD")) << reason;
  EXPECT_FALSE(Contains(reason, "promotion")) << reason;

  referral.deal_value_minor = 12'345;
  RewardRule percent = OnStage("p", S::kWon, Percent(1'000));
  percent.name = "Ten percent";
  auto by_percent = Evaluate({percent}, Input(referral, {S::kWon}));
  ASSERT_EQ(by_percent.size(), 1u);
  ASSERT_TRUE(by_percent[0].reward.has_value());
  const std::string& why = by_percent[0].reward->reason;
  EXPECT_TRUE(Contains(why, "Ten percent")) << why;
  EXPECT_TRUE(Contains(why, "10.00%")) << why;
  EXPECT_TRUE(Contains(why, "12345")) << why;  // the deal value
  EXPECT_TRUE(Contains(why, "1235 USD")) << why;
}

// --- Amounts ----------------------------------------------------------------------------------

TEST(EvaluateRewards, APercentageIsRoundedHalvesAwayFromZero) {
  Referral referral = ClearReferral();
  auto amount_for = [&](std::int64_t bp, std::int64_t deal) {
    referral.deal_value_minor = deal;
    return SingleAmount(Evaluate({OnStage("p", S::kWon, Percent(bp))}, Input(referral, {S::kWon})));
  };
  EXPECT_EQ(amount_for(1'000, 12'345), 1'235);  // 1234.5 -> 1235
  EXPECT_EQ(amount_for(1'000, 12'344), 1'234);  // 1234.4 -> 1234
  EXPECT_EQ(amount_for(1'000, 12'346), 1'235);  // 1234.6 -> 1235
  EXPECT_EQ(amount_for(1, 5'000), 1);           // 0.5 -> 1
  EXPECT_EQ(amount_for(1, 4'999), 0);           // 0.4999 -> 0
  EXPECT_EQ(amount_for(10'000, 0), 0);
}

TEST(EvaluateRewards, AFloorAndACeilingHoldThePercentage) {
  Referral referral = ClearReferral();
  RewardRule rule = OnStage("p", S::kWon, Percent(1'000, 10'000, 50'000));
  auto amount_for = [&](std::int64_t deal) {
    referral.deal_value_minor = deal;
    return SingleAmount(Evaluate({rule}, Input(referral, {S::kWon})));
  };
  EXPECT_EQ(amount_for(20'000), 10'000);     // 2,000 is under the floor
  EXPECT_EQ(amount_for(99'994), 10'000);     // 9,999.4 rounds to 9,999, under the floor
  EXPECT_EQ(amount_for(100'000), 10'000);    // exactly the floor
  EXPECT_EQ(amount_for(300'000), 30'000);    // in between
  EXPECT_EQ(amount_for(500'000), 50'000);    // exactly the ceiling
  EXPECT_EQ(amount_for(9'000'000), 50'000);  // 900,000 is over the ceiling

  // The floor and ceiling appear in the reason.
  referral.deal_value_minor = 20'000;
  auto outcomes = Evaluate({rule}, Input(referral, {S::kWon}));
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_TRUE(outcomes[0].reward.has_value());
  EXPECT_TRUE(Contains(outcomes[0].reward->reason, "floor 10000")) << outcomes[0].reward->reason;
  EXPECT_TRUE(Contains(outcomes[0].reward->reason, "ceiling 50000")) << outcomes[0].reward->reason;
}

TEST(EvaluateRewards, APercentageWithoutADealValueIsWithheld) {
  Referral referral = ClearReferral();
  referral.deal_value_minor = std::nullopt;
  RewardRule percent = OnStage("p", S::kWon, Percent(1'000, 10'000));
  percent.name = "Ten percent";
  std::vector<RewardRule> rules = {percent, OnStage("f", S::kWon, Fixed(5'000))};
  auto outcomes = Evaluate(rules, Input(referral, {S::kWon}));
  ASSERT_EQ(RuleIdsOf(outcomes), (std::vector<std::string>{"p", "f"}));
  EXPECT_FALSE(outcomes[0].reward.has_value());
  EXPECT_TRUE(Contains(outcomes[0].withheld, "Ten percent")) << outcomes[0].withheld;
  EXPECT_TRUE(Contains(outcomes[0].withheld, "deal value")) << outcomes[0].withheld;
  // A fixed amount needs no deal value.
  ASSERT_TRUE(outcomes[1].reward.has_value());
  EXPECT_EQ(outcomes[1].reward->amount_minor, 5'000);
  EXPECT_TRUE(outcomes[1].withheld.empty());
}

TEST(EvaluateRewards, APromotionAppliesFromItsStartUntilJustBeforeItsEnd) {
  Referral referral = ClearReferral();
  RewardRule rule = OnStage("w", S::kWon, Fixed(5'000));
  rule.promotion = Promotion{20'000, At("2026-03-01T00:00:00Z"), At("2026-04-01T00:00:00Z")};
  auto outcome_at = [&](const char* iso) {
    auto outcomes = Evaluate({rule}, Input(referral, {S::kWon}, 1, At(iso)));
    EXPECT_EQ(outcomes.size(), 1u) << iso;
    return outcomes.size() == 1 && outcomes[0].reward ? *outcomes[0].reward : Reward{};
  };
  EXPECT_EQ(outcome_at("2026-02-28T23:59:59.999999Z").amount_minor, 5'000);
  Reward first = outcome_at("2026-03-01T00:00:00Z");
  EXPECT_EQ(first.amount_minor, 10'000);
  EXPECT_TRUE(Contains(first.reason, "promotion at 200.00%")) << first.reason;
  EXPECT_TRUE(Contains(first.reason, "10000 USD")) << first.reason;
  EXPECT_EQ(outcome_at("2026-03-31T23:59:59.999999Z").amount_minor, 10'000);
  Reward after = outcome_at("2026-04-01T00:00:00Z");
  EXPECT_EQ(after.amount_minor, 5'000);
  EXPECT_FALSE(Contains(after.reason, "promotion")) << after.reason;
}

TEST(EvaluateRewards, APromotionMultipliesTheHeldPercentageAndRounds) {
  Referral referral = ClearReferral();
  referral.deal_value_minor = 9'000'000;
  RewardRule rule = OnStage("p", S::kWon, Percent(1'000, std::nullopt, 50'001));
  rule.promotion = Promotion{15'000, kAt - 24h, kAt + 24h};
  // 900,000 held at the ceiling 50,001, then * 1.5 = 75,001.5 -> 75,002.
  EXPECT_EQ(SingleAmount(Evaluate({rule}, Input(referral, {S::kWon}))), 75'002);
}

// --- Who gets it, and which rules apply -------------------------------------------------------

TEST(EvaluateRewards, AdvocateAndRefereeRulesBothGiveRewards) {
  Referral referral = ClearReferral();
  RewardRule for_advocate = OnStage("adv_side", S::kWon, Fixed(10'000));
  RewardRule for_referee = OnStage("ref_side", S::kWon, Fixed(2'500));
  for_referee.beneficiary = Beneficiary::kReferee;
  for_referee.kind = RewardKind::kCredit;
  auto outcomes = Evaluate({for_advocate, for_referee}, Input(referral, {S::kWon}));
  ASSERT_EQ(outcomes.size(), 2u);
  ASSERT_TRUE(outcomes[0].reward && outcomes[1].reward);
  EXPECT_EQ(outcomes[0].reward->beneficiary, Beneficiary::kAdvocate);
  EXPECT_EQ(outcomes[0].reward->amount_minor, 10'000);
  EXPECT_EQ(outcomes[1].reward->beneficiary, Beneficiary::kReferee);
  EXPECT_EQ(outcomes[1].reward->amount_minor, 2'500);
  EXPECT_EQ(outcomes[1].reward->kind, RewardKind::kCredit);
  // Both are the advocate's referral's rewards.
  EXPECT_EQ(outcomes[0].reward->advocate_id, "adv_1");
  EXPECT_EQ(outcomes[1].reward->advocate_id, "adv_1");
}

TEST(EvaluateRewards, ChannelAndProductConditionsLookAtTheReferral) {
  Referral referral = ClearReferral();
  RewardRule rule = OnStage("w", S::kWon);
  rule.conditions.channels = {"email", "linkedin"};
  rule.conditions.products = {"enterprise"};
  auto fires_for = [&](std::string channel, std::string product) {
    referral.channel = std::move(channel);
    referral.product = std::move(product);
    return Evaluate({rule}, Input(referral, {S::kWon})).size() == 1;
  };
  EXPECT_TRUE(fires_for("email", "enterprise"));
  EXPECT_TRUE(fires_for("LinkedIn", "Enterprise"));
  EXPECT_FALSE(fires_for("whatsapp", "enterprise"));
  EXPECT_FALSE(fires_for("email", "starter"));
  EXPECT_FALSE(fires_for("", "enterprise"));
}

TEST(EvaluateRewards, SegmentConditionsLookAtTheAdvocateProfileOfTheReferral) {
  Referral referral = ClearReferral();
  RewardRule rule = OnStage("w", S::kWon);
  rule.conditions.segment = Segment{{{"tier", "gold"}}, {"vip"}};
  Attributes gold{{"tier", {AttributeValue::Kind::kString, "gold"}}};
  Attributes silver{{"tier", {AttributeValue::Kind::kString, "silver"}}};

  referral.advocate_profile = AdvocateProfile{gold, {"partner", "vip"}};
  EXPECT_EQ(Evaluate({rule}, Input(referral, {S::kWon})).size(), 1u);
  referral.advocate_profile = AdvocateProfile{silver, {"vip"}};
  EXPECT_TRUE(Evaluate({rule}, Input(referral, {S::kWon})).empty());
  referral.advocate_profile = AdvocateProfile{gold, {"partner"}};
  EXPECT_TRUE(Evaluate({rule}, Input(referral, {S::kWon})).empty());
  referral.advocate_profile = AdvocateProfile{};
  EXPECT_TRUE(Evaluate({rule}, Input(referral, {S::kWon})).empty());
}

TEST(EvaluateRewards, IgnoresRulesOfAnotherProgram) {
  Referral referral = ClearReferral();
  RewardRule other = OnStage("other", S::kWon);
  other.program_id = "prg_2";
  std::vector<RewardRule> rules = {other, OnStage("mine", S::kWon)};
  EXPECT_EQ(RuleIdsOf(Evaluate(rules, Input(referral, {S::kWon}))), std::vector<std::string>{"mine"});
}

TEST(EvaluateRewards, IgnoresRulesCreatedAfterTheMoveOrRetiredByThen) {
  Referral referral = ClearReferral();
  RewardRule created_now = OnStage("created_now", S::kWon);
  created_now.created_at = kAt;
  RewardRule created_later = OnStage("created_later", S::kWon);
  created_later.created_at = kAt + 1us;
  RewardRule retired_now = OnStage("retired_now", S::kWon);
  retired_now.retired_at = kAt;
  RewardRule retired_earlier = OnStage("retired_earlier", S::kWon);
  retired_earlier.retired_at = kAt - 24h;
  RewardRule retired_later = OnStage("retired_later", S::kWon);
  retired_later.retired_at = kAt + 1us;
  std::vector<RewardRule> rules = {created_now, created_later, retired_now, retired_earlier, retired_later};
  EXPECT_EQ(RuleIdsOf(Evaluate(rules, Input(referral, {S::kWon}))),
            (std::vector<std::string>{"created_now", "retired_later"}));
}

TEST(EvaluateRewards, AnExistingRewardGivesNoOutcome) {
  Referral referral = ClearReferral();
  referral.deal_value_minor = std::nullopt;  // would be withheld, if it did not exist already
  RewardRule for_referee = OnStage("ref_side", S::kWon, Percent(1'000));
  for_referee.beneficiary = Beneficiary::kReferee;
  std::vector<RewardRule> rules = {OnStage("adv_side", S::kWon), for_referee};
  FakeLedger ledger;
  for (const auto& rule : rules) {
    Reward existing;
    existing.rule_id = rule.id;
    existing.referral_id = "ref_1";
    existing.beneficiary = rule.beneficiary;
    existing.trigger_key = "stage:won";
    ledger.existing.push_back(existing);
  }
  EXPECT_TRUE(Evaluate(rules, Input(referral, {S::kWon}), ledger).empty());

  // The ledger was asked about each candidate by its uniqueness key.
  ASSERT_EQ(ledger.candidates_asked.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const Reward& candidate = ledger.candidates_asked[i];
    EXPECT_EQ(candidate.rule_id, rules[i].id);
    EXPECT_EQ(candidate.referral_id, "ref_1");
    EXPECT_EQ(candidate.beneficiary, rules[i].beneficiary);
    EXPECT_EQ(candidate.trigger_key, "stage:won");
    EXPECT_EQ(candidate.advocate_id, "adv_1");
    EXPECT_EQ(candidate.program_id, "prg_1");
  }
  EXPECT_TRUE(ledger.periods_asked.empty());
}

TEST(EvaluateRewards, AReferralUnderReviewEarnsNothing) {
  std::vector<RewardRule> rules = {OnStage("q", S::kQualified), OnStage("w", S::kWon), OnNthWon("first", 1)};
  for (ReviewStatus status : {ReviewStatus::kHeld, ReviewStatus::kDuplicate}) {
    Referral referral = ClearReferral();
    referral.review_status = status;
    FakeLedger ledger;
    EXPECT_TRUE(Evaluate(rules, Input(referral, Plan(S::kSubmitted, S::kWon), 1), ledger).empty()) << ToString(status);
  }
  // The same move earns once the referral is clear.
  Referral clear = ClearReferral();
  EXPECT_EQ(Evaluate(rules, Input(clear, Plan(S::kSubmitted, S::kWon), 1)).size(), 3u);
}

TEST(EvaluateRewards, OutcomesFollowTheOrderOfTheRules) {
  Referral referral = ClearReferral();
  referral.deal_value_minor = std::nullopt;
  std::vector<RewardRule> rules = {OnStage("c", S::kWon), OnStage("a", S::kWon, Percent(500)),
                                   OnStage("b", S::kQualified), OnStage("d", S::kWon)};
  auto outcomes = Evaluate(rules, Input(referral, Plan(S::kSubmitted, S::kWon)));
  ASSERT_EQ(RuleIdsOf(outcomes), (std::vector<std::string>{"c", "a", "b", "d"}));
  EXPECT_TRUE(outcomes[0].reward.has_value());
  EXPECT_FALSE(outcomes[1].reward.has_value());
  EXPECT_TRUE(outcomes[2].reward.has_value());
  EXPECT_TRUE(outcomes[3].reward.has_value());
}

// --- Caps -------------------------------------------------------------------------------------

RewardRule Capped(std::string id, RewardCap cap, RewardAmount amount = Fixed(5'000)) {
  RewardRule rule = OnStage(std::move(id), S::kWon, amount);
  rule.cap = cap;
  return rule;
}

TEST(EvaluateRewards, ACountCapAllowsRewardsUpToItsLimit) {
  Referral referral = ClearReferral();
  RewardCap cap{CapPeriod::kMonth, 2, std::nullopt};
  RewardRule rule = Capped("capped", cap);
  rule.name = "Two a month";

  FakeLedger one_given;
  one_given.given = {{"capped", kAt - 24h, 5'000}};
  EXPECT_EQ(SingleAmount(Evaluate({rule}, Input(referral, {S::kWon}), one_given)), 5'000);
  EXPECT_EQ(one_given.usage_rules_asked, std::vector<std::string>{"capped"});

  FakeLedger two_given;
  two_given.given = {{"capped", kAt - 24h, 5'000}, {"capped", kAt - 1h, 5'000}};
  auto outcomes = Evaluate({rule}, Input(referral, {S::kWon}), two_given);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].rule_id, "capped");
  EXPECT_FALSE(outcomes[0].reward.has_value());
  auto refusal = CapRefusal(cap, 2, 10'000, 5'000);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_TRUE(Contains(outcomes[0].withheld, "Two a month")) << outcomes[0].withheld;
  EXPECT_TRUE(Contains(outcomes[0].withheld, *refusal)) << outcomes[0].withheld;
}

TEST(EvaluateRewards, CapsCountOnlyTheRulesOwnRewards) {
  Referral referral = ClearReferral();
  RewardRule rule = Capped("capped", {CapPeriod::kMonth, 1, std::nullopt});
  FakeLedger ledger;
  ledger.given = {{"another_rule", kAt - 1h, 5'000}};
  EXPECT_EQ(SingleAmount(Evaluate({rule, OnStage("another_rule", S::kQualified)}, Input(referral, {S::kWon}), ledger)),
            5'000);
  EXPECT_EQ(ledger.usage_rules_asked, std::vector<std::string>{"capped"});
}

TEST(EvaluateRewards, AMoneyCapAllowsARewardThatExactlyReachesIt) {
  Referral referral = ClearReferral();
  RewardCap cap{CapPeriod::kMonth, std::nullopt, 10'000};
  FakeLedger ledger;
  ledger.given = {{"capped", kAt - 24h, 6'000}};

  RewardRule exact = Capped("capped", cap, Fixed(4'000));
  EXPECT_EQ(SingleAmount(Evaluate({exact}, Input(referral, {S::kWon}), ledger)), 4'000);

  RewardRule over = Capped("capped", cap, Fixed(4'001));
  over.name = "Money capped";
  auto outcomes = Evaluate({over}, Input(referral, {S::kWon}), ledger);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_FALSE(outcomes[0].reward.has_value());
  auto refusal = CapRefusal(cap, 1, 6'000, 4'001);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_TRUE(Contains(outcomes[0].withheld, "Money capped")) << outcomes[0].withheld;
  EXPECT_TRUE(Contains(outcomes[0].withheld, *refusal)) << outcomes[0].withheld;
}

TEST(EvaluateRewards, AMoneyCapChecksTheRoundedAmount) {
  Referral referral = ClearReferral();
  referral.deal_value_minor = 12'345;  // 10% = 1234.5 -> 1235
  FakeLedger ledger;
  RewardRule fits = Capped("capped", {CapPeriod::kYear, std::nullopt, 1'235}, Percent(1'000));
  EXPECT_EQ(SingleAmount(Evaluate({fits}, Input(referral, {S::kWon}), ledger)), 1'235);
  RewardRule one_short = Capped("capped", {CapPeriod::kYear, std::nullopt, 1'234}, Percent(1'000));
  auto outcomes = Evaluate({one_short}, Input(referral, {S::kWon}), ledger);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_FALSE(outcomes[0].reward.has_value());
  EXPECT_FALSE(outcomes[0].withheld.empty());
}

TEST(EvaluateRewards, AMonthCapCountsTheUtcCalendarMonthOfTheMove) {
  Referral referral = ClearReferral();
  RewardRule rule = Capped("capped", {CapPeriod::kMonth, 1, std::nullopt});
  FakeLedger ledger;
  ledger.given = {{"capped", At("2026-01-31T23:59:59Z"), 5'000}};

  // Later the same second's last microsecond: still January, the cap is reached.
  auto january = Evaluate({rule}, Input(referral, {S::kWon}, 1, At("2026-01-31T23:59:59.999999Z")), ledger);
  ASSERT_EQ(january.size(), 1u);
  EXPECT_FALSE(january[0].reward.has_value());
  ASSERT_EQ(ledger.periods_asked.size(), 1u);
  EXPECT_TRUE(SamePeriod(ledger.periods_asked[0], {At("2026-01-01T00:00:00Z"), At("2026-02-01T00:00:00Z")}));

  // February starts afresh.
  auto february = Evaluate({rule}, Input(referral, {S::kWon}, 1, At("2026-02-01T00:00:00Z")), ledger);
  EXPECT_EQ(SingleAmount(february), 5'000);
  ASSERT_EQ(ledger.periods_asked.size(), 2u);
  EXPECT_TRUE(SamePeriod(ledger.periods_asked[1], {At("2026-02-01T00:00:00Z"), At("2026-03-01T00:00:00Z")}));

  // A leap-year February ends on the 29th.
  Evaluate({rule}, Input(referral, {S::kWon}, 1, At("2028-02-29T12:00:00Z")), ledger);
  ASSERT_EQ(ledger.periods_asked.size(), 3u);
  EXPECT_TRUE(SamePeriod(ledger.periods_asked[2], {At("2028-02-01T00:00:00Z"), At("2028-03-01T00:00:00Z")}));
}

TEST(EvaluateRewards, AQuarterCapCountsTheUtcCalendarQuarterOfTheMove) {
  Referral referral = ClearReferral();
  RewardRule rule = Capped("capped", {CapPeriod::kQuarter, std::nullopt, 5'000});
  FakeLedger ledger;
  ledger.given = {{"capped", At("2026-03-31T23:59:59Z"), 5'000}};

  auto q1 = Evaluate({rule}, Input(referral, {S::kWon}, 1, At("2026-03-31T23:59:59.999999Z")), ledger);
  ASSERT_EQ(q1.size(), 1u);
  EXPECT_FALSE(q1[0].reward.has_value());
  ASSERT_EQ(ledger.periods_asked.size(), 1u);
  EXPECT_TRUE(SamePeriod(ledger.periods_asked[0], {At("2026-01-01T00:00:00Z"), At("2026-04-01T00:00:00Z")}));

  EXPECT_EQ(SingleAmount(Evaluate({rule}, Input(referral, {S::kWon}, 1, At("2026-04-01T00:00:00Z")), ledger)), 5'000);
  ASSERT_EQ(ledger.periods_asked.size(), 2u);
  EXPECT_TRUE(SamePeriod(ledger.periods_asked[1], {At("2026-04-01T00:00:00Z"), At("2026-07-01T00:00:00Z")}));

  // The last quarter ends with the year.
  Evaluate({rule}, Input(referral, {S::kWon}, 1, At("2026-11-15T08:00:00Z")), ledger);
  ASSERT_EQ(ledger.periods_asked.size(), 3u);
  EXPECT_TRUE(SamePeriod(ledger.periods_asked[2], {At("2026-10-01T00:00:00Z"), At("2027-01-01T00:00:00Z")}));
}

TEST(EvaluateRewards, AYearCapCountsTheUtcCalendarYearOfTheMove) {
  Referral referral = ClearReferral();
  RewardRule rule = Capped("capped", {CapPeriod::kYear, 1, std::nullopt});
  FakeLedger ledger;
  ledger.given = {{"capped", At("2025-12-31T23:59:59Z"), 5'000}};

  auto in_2025 = Evaluate({rule}, Input(referral, {S::kWon}, 1, At("2025-12-31T23:59:59.999999Z")), ledger);
  ASSERT_EQ(in_2025.size(), 1u);
  EXPECT_FALSE(in_2025[0].reward.has_value());
  ASSERT_EQ(ledger.periods_asked.size(), 1u);
  EXPECT_TRUE(SamePeriod(ledger.periods_asked[0], {At("2025-01-01T00:00:00Z"), At("2026-01-01T00:00:00Z")}));

  EXPECT_EQ(SingleAmount(Evaluate({rule}, Input(referral, {S::kWon}, 1, At("2026-01-01T00:00:00Z")), ledger)), 5'000);
  ASSERT_EQ(ledger.periods_asked.size(), 2u);
  EXPECT_TRUE(SamePeriod(ledger.periods_asked[1], {At("2026-01-01T00:00:00Z"), At("2027-01-01T00:00:00Z")}));
}

TEST(EvaluateRewards, RulesWithoutACapDoNotAskForUsage) {
  Referral referral = ClearReferral();
  FakeLedger ledger;
  ledger.given = {{"w", kAt - 1h, 5'000}, {"w", kAt - 2h, 5'000}};
  EXPECT_EQ(SingleAmount(Evaluate({OnStage("w", S::kWon)}, Input(referral, {S::kWon}), ledger)), 5'000);
  EXPECT_TRUE(ledger.periods_asked.empty());
}

TEST(EvaluateRewards, ALedgerFailureFailsTheEvaluation) {
  Referral referral = ClearReferral();
  std::vector<RewardRule> rules = {Capped("capped", {CapPeriod::kMonth, 5, std::nullopt})};

  FakeLedger exists_fails;
  exists_fails.exists_error = Error(ErrorCode::kUnavailable, "database is locked");
  auto failed = EvaluateRewards(rules, Input(referral, {S::kWon}), exists_fails.Lookups());
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(failed.error().message(), "database is locked");

  FakeLedger usage_fails;
  usage_fails.usage_error = Error(ErrorCode::kInternal, "usage query failed");
  auto also_failed = EvaluateRewards(rules, Input(referral, {S::kWon}), usage_fails.Lookups());
  ASSERT_FALSE(also_failed.ok());
  EXPECT_EQ(also_failed.error().code(), ErrorCode::kInternal);
  EXPECT_EQ(also_failed.error().message(), "usage query failed");
}

// --- Split credit -------------------------------------------------------------------------------

ReferralCredit ThreeWaySplit() {
  ReferralCredit credit;
  credit.id = "crd_1";
  credit.referral_id = "ref_1";
  credit.split = CreditSplit::kEqual;
  credit.shares = {
      {"adv_0", "", 3334, kLongAgo}, {"adv_1", "ref_1", 3333, kLongAgo}, {"adv_2", "ref_2", 3333, kLongAgo}};
  return credit;
}

TEST(EvaluateRewards, ASplitPaysEachCreditedAdvocateTheirExactPartUnderTheirOwnKey) {
  Referral referral = ClearReferral();
  ReferralCredit credit = ThreeWaySplit();
  EvaluationInput input = Input(referral, Plan(S::kOpportunity, S::kWon));
  input.credit = &credit;
  RewardRule friend_rule = OnStage("f", S::kWon, Fixed(300));
  friend_rule.beneficiary = Beneficiary::kReferee;
  std::vector<RewardRule> rules = {OnStage("w", S::kWon, Fixed(100)), friend_rule, OnStage("o", S::kOpportunity)};
  auto outcomes = Evaluate(rules, input);
  ASSERT_EQ(outcomes.size(), 4u);
  std::vector<std::pair<std::string, std::int64_t>> paid;
  for (const auto& outcome : outcomes) {
    ASSERT_TRUE(outcome.reward) << outcome.withheld;
    paid.emplace_back(outcome.reward->advocate_id + " " + outcome.reward->trigger_key, outcome.reward->amount_minor);
  }
  EXPECT_EQ(paid, (std::vector<std::pair<std::string, std::int64_t>>{{"adv_0 stage:won@adv_0", 34},
                                                                     {"adv_1 stage:won", 33},
                                                                     {"adv_2 stage:won@adv_2", 33},
                                                                     {"adv_1 stage:won", 300}}))
      << "the referee's rule and the rules of other stages are not shared";
  EXPECT_TRUE(Contains(outcomes[0].reward->reason, "33.34% to advocate adv_0 = 34 USD"));
  EXPECT_EQ(outcomes[3].reward->beneficiary, Beneficiary::kReferee);
}

TEST(EvaluateRewards, EachShareIsCreatedOnceAndWithinItsOwnAdvocatesCap) {
  Referral referral = ClearReferral();
  ReferralCredit credit = ThreeWaySplit();
  EvaluationInput input = Input(referral, Plan(S::kOpportunity, S::kWon));
  input.credit = &credit;
  RewardRule capped = OnStage("w", S::kWon, Fixed(9'000));
  capped.cap = RewardCap{CapPeriod::kMonth, 1, std::nullopt};
  FakeLedger ledger;
  Reward existing;
  existing.rule_id = "w";
  existing.referral_id = "ref_1";
  existing.trigger_key = "stage:won@adv_2";
  ledger.existing.push_back(existing);
  ledger.given.push_back({"w", kAt - 24h, 100, "adv_0"});
  auto outcomes = Evaluate({capped}, input, ledger);
  ASSERT_EQ(outcomes.size(), 2u) << "adv_2's share exists already";
  EXPECT_FALSE(outcomes[0].reward);
  EXPECT_TRUE(Contains(outcomes[0].withheld, "for the share of advocate adv_0"));
  ASSERT_TRUE(outcomes[1].reward);
  EXPECT_EQ(outcomes[1].reward->advocate_id, "adv_1");
  EXPECT_EQ(outcomes[1].reward->amount_minor, 3'000);
  EXPECT_EQ(ledger.usage_advocates_asked, (std::vector<std::string>{"adv_0", "adv_1"}));
}

TEST(EvaluateRewards, AJoinedCreditPaysNoAdvocateForTheWonStage) {
  Referral referral = ClearReferral();
  ReferralCredit join;
  join.id = "crd_2";
  join.joined = "crd_1";
  EvaluationInput input = Input(referral, Plan(S::kOpportunity, S::kWon));
  input.credit = &join;
  RewardRule friend_rule = OnStage("f", S::kWon, Fixed(300));
  friend_rule.beneficiary = Beneficiary::kReferee;
  auto outcomes = Evaluate({OnStage("w", S::kWon), friend_rule}, input);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_FALSE(outcomes[0].reward);
  EXPECT_TRUE(Contains(outcomes[0].withheld, "a deal pays once")) << outcomes[0].withheld;
  ASSERT_TRUE(outcomes[1].reward);
  EXPECT_EQ(outcomes[1].reward->amount_minor, 300);
}

TEST(EvaluateRewards, ACommitteeConditionReadsTheCommitteeRecordedByTheMove) {
  Referral referral = ClearReferral();
  RewardRule rule = OnStage("r1", S::kWon);
  rule.conditions.committee = CommitteeCondition{{BuyingRole::kEconomicBuyer}, 0};
  const std::vector<RewardRule> rules{rule, OnStage("r2", S::kWon)};
  auto alone = Evaluate(rules, Input(referral, Plan(S::kOpportunity, S::kWon)));
  ASSERT_EQ(alone.size(), 1u) << "without a committee the referee is alone, without role";
  EXPECT_EQ(alone[0].rule_id, "r2");

  BuyingCommittee committee;
  committee.members.resize(2);
  committee.members[1].roles = {BuyingRole::kEconomicBuyer};
  EvaluationInput input = Input(referral, Plan(S::kOpportunity, S::kWon));
  input.committee = &committee;
  auto covered = Evaluate(rules, input);
  ASSERT_EQ(covered.size(), 2u);
  EXPECT_EQ(covered[0].rule_id, "r1");
  ASSERT_TRUE(covered[0].reward.has_value());
}

}  // namespace
}  // namespace bb::domain

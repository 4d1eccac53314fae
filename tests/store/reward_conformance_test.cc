// The storage conformance suite for reward rules, the reward ledger, what the referral review and
// the rule evaluation look up (won referrals, advocate sightings, a program's histories in write
// order, the advocate's profile on a referral, the review queue), and advocates' portal sign-in
// (see conformance.h).

#include "conformance.h"

namespace bb::domain {
inline void PrintTo(RewardStatus status, std::ostream* os) { *os << ToString(status); }
inline void PrintTo(Beneficiary beneficiary, std::ostream* os) { *os << ToString(beneficiary); }
inline void PrintTo(RewardKind kind, std::ostream* os) { *os << ToString(kind); }
inline void PrintTo(CapPeriod period, std::ostream* os) { *os << ToString(period); }
}  // namespace bb::domain

namespace bb::store {
namespace {

using namespace conformance;  // NOLINT(google-build-using-namespace): the suite's vocabulary
using domain::Beneficiary;
using domain::Referral;
using domain::ReferralEvent;
using domain::ReferralEventKind;
using domain::ReferralStage;
using domain::ReviewStatus;
using domain::Reward;
using domain::RewardBalance;
using domain::RewardEvent;
using domain::RewardKind;
using domain::RewardRule;
using domain::RewardStatus;

std::optional<std::int64_t> Micros(const std::optional<Timestamp>& at) {
  if (!at) return std::nullopt;
  return ToMicros(*at);
}

void ExpectSameRule(const RewardRule& actual, const RewardRule& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.program_id, expected.program_id);
  EXPECT_EQ(actual.name, expected.name);
  EXPECT_EQ(actual.trigger.stage, expected.trigger.stage);
  EXPECT_EQ(actual.trigger.nth_won, expected.trigger.nth_won);
  EXPECT_EQ(actual.beneficiary, expected.beneficiary);
  EXPECT_EQ(actual.amount.fixed_minor, expected.amount.fixed_minor);
  EXPECT_EQ(actual.amount.percent_bp, expected.amount.percent_bp);
  EXPECT_EQ(actual.amount.min_minor, expected.amount.min_minor);
  EXPECT_EQ(actual.amount.max_minor, expected.amount.max_minor);
  EXPECT_EQ(actual.kind, expected.kind);
  EXPECT_EQ(actual.requires_approval, expected.requires_approval);
  EXPECT_EQ(actual.conditions.segment.attributes, expected.conditions.segment.attributes);
  EXPECT_EQ(actual.conditions.segment.tags, expected.conditions.segment.tags);
  EXPECT_EQ(actual.conditions.channels, expected.conditions.channels);
  EXPECT_EQ(actual.conditions.products, expected.conditions.products);
  EXPECT_EQ(actual.conditions.committee, expected.conditions.committee);
  ASSERT_EQ(actual.cap.has_value(), expected.cap.has_value());
  if (expected.cap) {
    EXPECT_EQ(actual.cap->period, expected.cap->period);
    EXPECT_EQ(actual.cap->max_count, expected.cap->max_count);
    EXPECT_EQ(actual.cap->max_minor, expected.cap->max_minor);
  }
  ASSERT_EQ(actual.promotion.has_value(), expected.promotion.has_value());
  if (expected.promotion) {
    EXPECT_EQ(actual.promotion->multiplier_bp, expected.promotion->multiplier_bp);
    EXPECT_EQ(ToMicros(actual.promotion->starts_at), ToMicros(expected.promotion->starts_at));
    EXPECT_EQ(ToMicros(actual.promotion->ends_at), ToMicros(expected.promotion->ends_at));
  }
  EXPECT_EQ(ToMicros(actual.created_at), ToMicros(expected.created_at));
  EXPECT_EQ(Micros(actual.retired_at), Micros(expected.retired_at));
}

void ExpectSameReward(const Reward& actual, const Reward& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.program_id, expected.program_id);
  EXPECT_EQ(actual.referral_id, expected.referral_id);
  EXPECT_EQ(actual.advocate_id, expected.advocate_id);
  EXPECT_EQ(actual.rule_id, expected.rule_id);
  EXPECT_EQ(actual.beneficiary, expected.beneficiary);
  EXPECT_EQ(actual.trigger_key, expected.trigger_key);
  EXPECT_EQ(actual.amount_minor, expected.amount_minor);
  EXPECT_EQ(actual.currency, expected.currency);
  EXPECT_EQ(actual.kind, expected.kind);
  EXPECT_EQ(actual.status, expected.status);
  EXPECT_EQ(actual.reason, expected.reason);
  EXPECT_EQ(actual.payout_reference, expected.payout_reference);
  EXPECT_EQ(actual.reversal_reason, expected.reversal_reason);
  EXPECT_EQ(ToMicros(actual.created_at), ToMicros(expected.created_at));
  EXPECT_EQ(ToMicros(actual.updated_at), ToMicros(expected.updated_at));
}

void ExpectSameEvent(const ReferralEvent& actual, const ReferralEvent& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.referral_id, expected.referral_id);
  EXPECT_EQ(actual.kind, expected.kind);
  EXPECT_EQ(actual.from_stage, expected.from_stage);
  EXPECT_EQ(actual.to_stage, expected.to_stage);
  EXPECT_EQ(actual.actor, expected.actor);
  EXPECT_EQ(actual.note, expected.note);
  EXPECT_EQ(ToMicros(actual.at), ToMicros(expected.at));
  EXPECT_EQ(actual.reached, expected.reached);
}

// Balances in currency order, so that the comparison does not depend on the backend's order.
std::vector<RewardBalance> SortedByCurrency(std::vector<RewardBalance> balances) {
  std::sort(balances.begin(), balances.end(),
            [](const RewardBalance& a, const RewardBalance& b) { return a.currency < b.currency; });
  return balances;
}

void ExpectBalance(const RewardBalance& actual, const RewardBalance& expected) {
  EXPECT_EQ(actual.currency, expected.currency);
  EXPECT_EQ(actual.pending_minor, expected.pending_minor) << expected.currency;
  EXPECT_EQ(actual.approved_minor, expected.approved_minor) << expected.currency;
  EXPECT_EQ(actual.fulfilled_minor, expected.fulfilled_minor) << expected.currency;
  EXPECT_EQ(actual.reversed_minor, expected.reversed_minor) << expected.currency;
}

// A program with two advocates enrolled by different users (ada by usr_admin, bob by usr_rep), and
// another program with one advocate (carl, enrolled by usr_rep), and the helpers for referrals,
// rules and rewards in them.
class RewardStoreTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    program_ = MakeProgram("rewards");
    other_program_ = MakeProgram("other");
    ada_ = MakeAdvocate(program_, MakePerson("ada"));
    bob_ = MakeAdvocate(program_, MakePerson("bob"));
    bob_.enrolled_by = "usr_rep";
    carl_ = MakeAdvocate(other_program_, MakePerson("carl"));
    carl_.enrolled_by = "usr_rep";
    ASSERT_OK(InsertProgramWithAdvocates(program_, {ada_, bob_}));
    ASSERT_OK(InsertProgramWithAdvocates(other_program_, {carl_}));
  }

  Status Insert(const Referral& referral) {
    return Write([&](Tx& tx) { return tx.InsertReferral(referral); });
  }

  RewardRule MakeRule(const domain::Program& program, const std::string& name, Timestamp created) {
    RewardRule r;
    r.id = NewId(domain::kRewardRulePrefix, created);
    r.program_id = program.id;
    r.name = name;
    r.trigger.stage = ReferralStage::kWon;
    r.amount.fixed_minor = 5'000;
    r.created_at = created;
    return r;
  }

  Status Insert(const RewardRule& rule) {
    return Write([&](Tx& tx) { return tx.InsertRewardRule(rule); });
  }

  Reward MakeReward(const RewardRule& rule, const Referral& referral, Beneficiary beneficiary,
                    const std::string& trigger_key, Timestamp created, std::int64_t amount,
                    const std::string& currency = "EUR", RewardStatus status = RewardStatus::kPending) {
    Reward r;
    r.id = NewId(domain::kRewardPrefix, created);
    r.program_id = referral.program_id;
    r.referral_id = referral.id;
    r.advocate_id = referral.advocate_id;
    r.rule_id = rule.id;
    r.beneficiary = beneficiary;
    r.trigger_key = trigger_key;
    r.amount_minor = amount;
    r.currency = currency;
    r.kind = RewardKind::kCash;
    r.status = status;
    r.reason = "Referral won";
    r.created_at = created;
    r.updated_at = created;
    return r;
  }

  Status Insert(const Reward& reward) {
    return Write([&](Tx& tx) { return tx.InsertReward(reward); });
  }

  std::vector<std::string> ListedRewards(const RewardQuery& query) {
    return Ids(Get([&](Queries& q) { return q.ListRewards(query); }));
  }

  domain::Program program_;
  domain::Program other_program_;
  domain::Advocate ada_;
  domain::Advocate bob_;
  domain::Advocate carl_;
};

// ---------------------------------------------------------------------------------------------
// Reward rules

class RewardRuleConformanceTest : public RewardStoreTest {};

TEST_P(RewardRuleConformanceTest, RulesRoundTripWithEveryField) {
  RewardRule stage_rule = MakeRule(program_, "10% of the deal for the referee", kT0 + 1us);
  stage_rule.trigger.stage = ReferralStage::kQualified;
  stage_rule.beneficiary = Beneficiary::kReferee;
  stage_rule.amount = {std::nullopt, 1'000, 2'500, 250'000};
  stage_rule.kind = RewardKind::kGiftCard;
  stage_rule.requires_approval = false;
  stage_rule.conditions.segment.attributes = {{"tier", "gold"}, {"seats", "10"}, {"trial", "true"}};
  stage_rule.conditions.segment.tags = {"emea", "vip"};
  stage_rule.conditions.channels = {"email", "linkedin"};
  stage_rule.conditions.products = {"enterprise"};
  stage_rule.conditions.committee =
      domain::CommitteeCondition{{domain::BuyingRole::kEconomicBuyer, domain::BuyingRole::kCoach}, 3};
  stage_rule.cap = domain::RewardCap{domain::CapPeriod::kQuarter, 3, 50'000};
  stage_rule.promotion = domain::Promotion{20'000, kT0 + 1h, kT0 + 30 * 24h};

  RewardRule tier_rule = MakeRule(program_, "Third win bonus", kT0 + 1h);
  tier_rule.trigger = {std::nullopt, 3};
  tier_rule.amount = {10'000, std::nullopt, std::nullopt, std::nullopt};
  tier_rule.kind = RewardKind::kPoints;
  tier_rule.requires_approval = true;

  RewardRule count_cap = MakeRule(program_, "Capped by count", kT0 + 2h);
  count_cap.kind = RewardKind::kCustom;
  count_cap.cap = domain::RewardCap{domain::CapPeriod::kYear, 12, std::nullopt};
  RewardRule money_cap = MakeRule(program_, "Capped by money", kT0 + 3h);
  money_cap.kind = RewardKind::kCredit;
  money_cap.cap = domain::RewardCap{domain::CapPeriod::kMonth, std::nullopt, 0};

  const std::vector<const RewardRule*> rules = {&stage_rule, &tier_rule, &count_cap, &money_cap};
  for (const auto* rule : rules) ASSERT_OK(Insert(*rule));

  for (int pass = 0; pass < 2; ++pass) {
    for (const auto* rule : rules) {
      SCOPED_TRACE(rule->name + (pass == 0 ? "" : " (reopened)"));
      auto found = Get([&](Queries& q) { return q.FindRewardRule(rule->id); });
      ASSERT_TRUE(found.has_value());
      ExpectSameRule(*found, *rule);
    }
    auto listed = Get([&](Queries& q) { return q.ListRewardRules(program_.id); });
    ASSERT_EQ(listed.size(), rules.size());
    for (std::size_t i = 0; i < rules.size(); ++i) {
      SCOPED_TRACE("listed " + rules[i]->name);
      ExpectSameRule(listed[i], *rules[i]);
    }
    if (pass == 0) Reopen();
  }
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindRewardRule("rul_nope"); }).has_value());
}

TEST_P(RewardRuleConformanceTest, ListsOnlyTheProgramsRulesOldestFirst) {
  std::vector<RewardRule> rules;
  for (int i = 0; i < 4; ++i)
    rules.push_back(MakeRule(program_, "Rule " + std::to_string(i), kT0 + std::chrono::hours(i)));
  RewardRule elsewhere = MakeRule(other_program_, "Elsewhere", kT0 + 90min);
  // Out of creation order, the other program's in the middle.
  for (int i : {2, 0}) ASSERT_OK(Insert(rules[static_cast<std::size_t>(i)]));
  ASSERT_OK(Insert(elsewhere));
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertRewardRule(rules[3]));
    return tx.InsertRewardRule(rules[1]);
  }));

  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListRewardRules(program_.id); })), Ids(rules));
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListRewardRules(other_program_.id); })),
            std::vector<std::string>{elsewhere.id});
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListRewardRules("prg_none"); }).empty());
}

TEST_P(RewardRuleConformanceTest, RetiringSetsRetiredAtOnceAndKeepsTheRuleListed) {
  RewardRule retired = MakeRule(program_, "Old", kT0);
  RewardRule kept = MakeRule(program_, "Current", kT0 + 1h);
  ASSERT_OK(Insert(retired));
  ASSERT_OK(Insert(kept));

  ASSERT_OK(Write([&](Tx& tx) { return tx.RetireRewardRule(retired.id, kT0 + 5h + 7us); }));
  auto found = Get([&](Queries& q) { return q.FindRewardRule(retired.id); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(Micros(found->retired_at), ToMicros(kT0 + 5h + 7us));

  // A second retirement does not move it.
  ASSERT_OK(Write([&](Tx& tx) { return tx.RetireRewardRule(retired.id, kT0 + 6h); }));
  found = Get([&](Queries& q) { return q.FindRewardRule(retired.id); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(Micros(found->retired_at), ToMicros(kT0 + 5h + 7us));
  retired.retired_at = kT0 + 5h + 7us;
  ExpectSameRule(*found, retired);  // nothing else changed

  auto untouched = Get([&](Queries& q) { return q.FindRewardRule(kept.id); });
  ASSERT_TRUE(untouched.has_value());
  EXPECT_EQ(untouched->retired_at, std::nullopt);

  auto listed = Get([&](Queries& q) { return q.ListRewardRules(program_.id); });
  ASSERT_EQ(Ids(listed), (std::vector<std::string>{retired.id, kept.id}));
  EXPECT_EQ(Micros(listed[0].retired_at), ToMicros(kT0 + 5h + 7us));
  EXPECT_EQ(listed[1].retired_at, std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// The reward ledger

// Two rules in the program and one in the other; referrals of each advocate.
class RewardLedgerConformanceTest : public RewardStoreTest {
 protected:
  void SetUp() override {
    RewardStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    rule_ = MakeRule(program_, "Won", kT0);
    rule2_ = MakeRule(program_, "Tier", kT0 + 1us);
    rule2_.trigger = {std::nullopt, 2};
    other_rule_ = MakeRule(other_program_, "Elsewhere", kT0 + 2us);
    ada_ref_ = MakeReferral(ada_, "gina@globex.example", kT0 + 10min);
    ada_ref2_ = MakeReferral(ada_, "tom@globex.example", kT0 + 11min);
    bob_ref_ = MakeReferral(bob_, "ivy@globex.example", kT0 + 12min);
    carl_ref_ = MakeReferral(carl_, "joe@globex.example", kT0 + 13min);
    ASSERT_OK(Write([&](Tx& tx) -> Status {
      for (const auto* rule : {&rule_, &rule2_, &other_rule_}) BB_RETURN_IF_ERROR(tx.InsertRewardRule(*rule));
      for (const auto* referral : {&ada_ref_, &ada_ref2_, &bob_ref_, &carl_ref_}) {
        BB_RETURN_IF_ERROR(tx.InsertReferral(*referral));
      }
      return Ok();
    }));
  }

  RewardRule rule_;
  RewardRule rule2_;
  RewardRule other_rule_;
  Referral ada_ref_;
  Referral ada_ref2_;
  Referral bob_ref_;
  Referral carl_ref_;
};

TEST_P(RewardLedgerConformanceTest, RewardsRoundTripByIdAndByKey) {
  Reward r = MakeReward(rule_, ada_ref_, Beneficiary::kReferee, "stage:won", kT0 + 1h + 1us, 12'345, "USD",
                        RewardStatus::kFulfilled);
  r.kind = RewardKind::kGiftCard;
  r.reason = "10% of 1,234.50 \xe2\x82\xac, \"doubled\"\nby the spring promotion";
  r.payout_reference = "PO-2026-0042";
  r.reversal_reason = "";
  r.updated_at = kT0 + 3h;
  Reward plain = MakeReward(rule2_, ada_ref2_, Beneficiary::kAdvocate, "nth_won:2", kT0 + 2h, 0);
  ASSERT_OK(Insert(r));
  ASSERT_OK(Insert(plain));

  for (int pass = 0; pass < 2; ++pass) {
    SCOPED_TRACE(pass == 0 ? "written" : "reopened");
    auto found = Get([&](Queries& q) { return q.FindReward(r.id); });
    ASSERT_TRUE(found.has_value());
    ExpectSameReward(*found, r);
    auto by_key =
        Get([&](Queries& q) { return q.FindRewardByKey(rule_.id, ada_ref_.id, Beneficiary::kReferee, "stage:won"); });
    ASSERT_TRUE(by_key.has_value());
    ExpectSameReward(*by_key, r);
    auto other = Get([&](Queries& q) { return q.FindReward(plain.id); });
    ASSERT_TRUE(other.has_value());
    ExpectSameReward(*other, plain);
    if (pass == 0) Reopen();
  }

  // Each part of the key must match.
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindReward("rwd_nope"); }).has_value());
  EXPECT_FALSE(Get([&](Queries& q) {
                 return q.FindRewardByKey(rule_.id, ada_ref_.id, Beneficiary::kAdvocate, "stage:won");
               }).has_value());
  EXPECT_FALSE(Get([&](Queries& q) {
                 return q.FindRewardByKey(rule_.id, ada_ref_.id, Beneficiary::kReferee, "stage:qualified");
               }).has_value());
  EXPECT_FALSE(Get([&](Queries& q) {
                 return q.FindRewardByKey(rule2_.id, ada_ref_.id, Beneficiary::kReferee, "stage:won");
               }).has_value());
  EXPECT_FALSE(Get([&](Queries& q) {
                 return q.FindRewardByKey(rule_.id, ada_ref2_.id, Beneficiary::kReferee, "stage:won");
               }).has_value());
}

TEST_P(RewardLedgerConformanceTest, TheSameUniquenessKeyTwiceIsAConflictOnKey) {
  Reward first = MakeReward(rule_, ada_ref_, Beneficiary::kAdvocate, "stage:won", kT0 + 1h, 100);
  ASSERT_OK(Insert(first));
  Reward again =
      MakeReward(rule_, ada_ref_, Beneficiary::kAdvocate, "stage:won", kT0 + 2h, 999, "USD", RewardStatus::kApproved);
  again.reason = "Second attempt";
  ExpectConflictOn(Insert(again), "key");

  auto kept = Get([&](Queries& q) { return q.FindReward(first.id); });
  ASSERT_TRUE(kept.has_value());
  ExpectSameReward(*kept, first);
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindReward(again.id); }).has_value());
  auto by_key =
      Get([&](Queries& q) { return q.FindRewardByKey(rule_.id, ada_ref_.id, Beneficiary::kAdvocate, "stage:won"); });
  ASSERT_TRUE(by_key.has_value());
  ExpectSameReward(*by_key, first);

  // Another beneficiary or another trigger is another key.
  Reward for_referee = MakeReward(rule_, ada_ref_, Beneficiary::kReferee, "stage:won", kT0 + 3h, 50);
  Reward other_trigger = MakeReward(rule_, ada_ref_, Beneficiary::kAdvocate, "stage:qualified", kT0 + 4h, 25);
  ASSERT_OK(Insert(for_referee));
  ASSERT_OK(Insert(other_trigger));
  RewardQuery of_referral;
  of_referral.referral_id = ada_ref_.id;
  EXPECT_EQ(ListedRewards(of_referral), (std::vector<std::string>{other_trigger.id, for_referee.id, first.id}));
}

TEST_P(RewardLedgerConformanceTest, UpdateRewritesStatusReferencesAndUpdatedAtOnly) {
  Reward r = MakeReward(rule_, ada_ref_, Beneficiary::kAdvocate, "stage:won", kT0 + 1h, 5'000);
  ASSERT_OK(Insert(r));

  Reward changed = r;
  changed.status = RewardStatus::kReversed;
  changed.payout_reference = "PO-7";
  changed.reversal_reason = "The customer churned within 90 days.";
  changed.updated_at = kT0 + 40 * 24h + 3us;
  // Fixed once created: not rewritten.
  changed.amount_minor = 1;
  changed.currency = "USD";
  changed.kind = RewardKind::kPoints;
  changed.beneficiary = Beneficiary::kReferee;
  changed.trigger_key = "stage:qualified";
  changed.reason = "Rewritten";
  changed.created_at = kT0 + 2h;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateReward(changed); }));

  Reward expected = r;
  expected.status = RewardStatus::kReversed;
  expected.payout_reference = "PO-7";
  expected.reversal_reason = "The customer churned within 90 days.";
  expected.updated_at = kT0 + 40 * 24h + 3us;
  auto found = Get([&](Queries& q) { return q.FindReward(r.id); });
  ASSERT_TRUE(found.has_value());
  ExpectSameReward(*found, expected);
  auto by_key =
      Get([&](Queries& q) { return q.FindRewardByKey(rule_.id, ada_ref_.id, Beneficiary::kAdvocate, "stage:won"); });
  ASSERT_TRUE(by_key.has_value());
  EXPECT_EQ(by_key->id, r.id);
}

TEST_P(RewardLedgerConformanceTest, ListsByEachFilterNewestFirstInPages) {
  std::vector<Reward> w = {
      MakeReward(rule_, ada_ref_, Beneficiary::kAdvocate, "stage:won", kT0 + 1h, 1),  // 0
      MakeReward(rule_, ada_ref_, Beneficiary::kReferee, "stage:won", kT0 + 2h, 2, "EUR",
                 RewardStatus::kApproved),  // 1
      MakeReward(rule2_, ada_ref2_, Beneficiary::kAdvocate, "nth_won:2", kT0 + 3h, 3, "EUR",
                 RewardStatus::kFulfilled),                                           // 2
      MakeReward(rule_, bob_ref_, Beneficiary::kAdvocate, "stage:won", kT0 + 4h, 4),  // 3
      MakeReward(rule_, bob_ref_, Beneficiary::kReferee, "stage:won", kT0 + 5h, 5, "EUR",
                 RewardStatus::kReversed),                                                   // 4
      MakeReward(other_rule_, carl_ref_, Beneficiary::kAdvocate, "stage:won", kT0 + 6h, 6),  // 5
  };
  for (int i : {3, 0, 5, 2}) ASSERT_OK(Insert(w[static_cast<std::size_t>(i)]));
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertReward(w[4]));
    return tx.InsertReward(w[1]);
  }));
  auto ids = [&](std::initializer_list<int> indices) {
    std::vector<std::string> out;
    for (int i : indices) out.push_back(w[static_cast<std::size_t>(i)].id);
    return out;
  };

  RewardQuery query;
  query.program_id = program_.id;
  EXPECT_EQ(ListedRewards(query), ids({4, 3, 2, 1, 0}));
  query.program_id = other_program_.id;
  EXPECT_EQ(ListedRewards(query), ids({5}));
  query.program_id = "prg_none";
  EXPECT_TRUE(ListedRewards(query).empty());

  query = {};
  query.advocate_id = ada_.id;
  EXPECT_EQ(ListedRewards(query), ids({2, 1, 0}));
  query = {};
  query.referral_id = bob_ref_.id;
  EXPECT_EQ(ListedRewards(query), ids({4, 3}));
  query = {};
  query.program_id = program_.id;
  query.beneficiary = Beneficiary::kReferee;
  EXPECT_EQ(ListedRewards(query), ids({4, 1}));
  query.beneficiary = Beneficiary::kAdvocate;
  EXPECT_EQ(ListedRewards(query), ids({3, 2, 0}));

  query = {};
  query.status = RewardStatus::kPending;
  EXPECT_EQ(ListedRewards(query), ids({5, 3, 0}));
  query.program_id = program_.id;
  EXPECT_EQ(ListedRewards(query), ids({3, 0}));
  query.status = RewardStatus::kReversed;
  EXPECT_EQ(ListedRewards(query), ids({4}));

  // The advocate's enrolling user or key, not the reward's.
  query = {};
  query.enrolled_by = "usr_rep";
  EXPECT_EQ(ListedRewards(query), ids({5, 4, 3}));
  query.program_id = program_.id;
  EXPECT_EQ(ListedRewards(query), ids({4, 3}));
  query = {};
  query.enrolled_by = "usr_admin";
  EXPECT_EQ(ListedRewards(query), ids({2, 1, 0}));
  query.enrolled_by = "usr_nobody";
  EXPECT_TRUE(ListedRewards(query).empty());

  // Filters combine.
  query = {};
  query.advocate_id = bob_.id;
  query.beneficiary = Beneficiary::kAdvocate;
  query.status = RewardStatus::kPending;
  EXPECT_EQ(ListedRewards(query), ids({3}));

  // Pages.
  query = {};
  query.program_id = program_.id;
  query.limit = 2;
  EXPECT_EQ(ListedRewards(query), ids({4, 3}));
  query.before_id = w[3].id;
  EXPECT_EQ(ListedRewards(query), ids({2, 1}));
  query.before_id = w[1].id;
  EXPECT_EQ(ListedRewards(query), ids({0}));
  query.before_id = w[0].id;
  EXPECT_TRUE(ListedRewards(query).empty());
}

TEST_P(RewardLedgerConformanceTest, UsageCountsARulesRewardsOfAnAdvocateCreatedInAHalfOpenRange) {
  const Timestamp from = kT0 + 24h;
  const Timestamp before = kT0 + 48h;
  int n = 0;
  auto add = [&](const RewardRule& rule, const Referral& referral, Timestamp at, std::int64_t amount,
                 RewardStatus status = RewardStatus::kPending) {
    Reward r =
        MakeReward(rule, referral, Beneficiary::kAdvocate, "nth_won:" + std::to_string(++n), at, amount, "EUR", status);
    ASSERT_OK(Insert(r));
  };
  add(rule_, ada_ref_, from - 1us, 1);                             // before the range
  add(rule_, ada_ref_, from, 10);                                  // at `from`: counts
  add(rule_, ada_ref2_, from + 1h, 100, RewardStatus::kReversed);  // reversed: counts
  add(rule_, ada_ref_, before - 1us, 1'000);                       // last instant in the range
  add(rule_, ada_ref_, before, 10'000);                            // at `before`: does not count
  add(rule2_, ada_ref_, from + 1h, 100'000);                       // another rule
  add(rule_, bob_ref_, from + 1h, 1'000'000);                      // another advocate

  auto usage = Get([&](Queries& q) { return q.GetRewardUsage(rule_.id, ada_.id, from, before); });
  EXPECT_EQ(usage.count, 3);
  EXPECT_EQ(usage.total_minor, 1'110);

  usage = Get([&](Queries& q) { return q.GetRewardUsage(rule_.id, bob_.id, from, before); });
  EXPECT_EQ(usage.count, 1);
  EXPECT_EQ(usage.total_minor, 1'000'000);
  usage = Get([&](Queries& q) { return q.GetRewardUsage(rule2_.id, ada_.id, from, before); });
  EXPECT_EQ(usage.count, 1);
  EXPECT_EQ(usage.total_minor, 100'000);

  usage = Get([&](Queries& q) { return q.GetRewardUsage(rule_.id, ada_.id, from + 2h, before - 1us); });
  EXPECT_EQ(usage.count, 0);
  EXPECT_EQ(usage.total_minor, 0);
  usage = Get([&](Queries& q) { return q.GetRewardUsage("rul_none", ada_.id, from, before); });
  EXPECT_EQ(usage.count, 0);
  EXPECT_EQ(usage.total_minor, 0);
}

TEST_P(RewardLedgerConformanceTest, BalancesSumTheAdvocatesOwnRewardsByCurrencyAndStatus) {
  int n = 0;
  auto add = [&](const Referral& referral, Beneficiary beneficiary, std::int64_t amount, const std::string& currency,
                 RewardStatus status) {
    Reward r = MakeReward(rule_, referral, beneficiary, "nth_won:" + std::to_string(++n), kT0 + std::chrono::minutes(n),
                          amount, currency, status);
    ASSERT_OK(Insert(r));
  };
  add(ada_ref_, Beneficiary::kAdvocate, 100, "EUR", RewardStatus::kPending);
  add(ada_ref2_, Beneficiary::kAdvocate, 20, "EUR", RewardStatus::kPending);
  add(ada_ref_, Beneficiary::kAdvocate, 200, "EUR", RewardStatus::kApproved);
  add(ada_ref_, Beneficiary::kAdvocate, 400, "EUR", RewardStatus::kFulfilled);
  add(ada_ref_, Beneficiary::kAdvocate, 800, "EUR", RewardStatus::kReversed);
  add(ada_ref2_, Beneficiary::kAdvocate, 1'000, "USD", RewardStatus::kPending);
  // The referee's rewards on ada's referrals are not ada's.
  add(ada_ref_, Beneficiary::kReferee, 5, "EUR", RewardStatus::kPending);
  add(ada_ref_, Beneficiary::kReferee, 7, "GBP", RewardStatus::kApproved);
  add(bob_ref_, Beneficiary::kAdvocate, 30'000, "EUR", RewardStatus::kPending);

  auto ada = SortedByCurrency(Get([&](Queries& q) { return q.GetRewardBalances(ada_.id); }));
  ASSERT_EQ(ada.size(), 2u);
  ExpectBalance(ada[0], {"EUR", 120, 200, 400, 800});
  ExpectBalance(ada[1], {"USD", 1'000, 0, 0, 0});

  auto bob = Get([&](Queries& q) { return q.GetRewardBalances(bob_.id); });
  ASSERT_EQ(bob.size(), 1u);
  ExpectBalance(bob[0], {"EUR", 30'000, 0, 0, 0});
  EXPECT_TRUE(Get([&](Queries& q) { return q.GetRewardBalances(carl_.id); }).empty());
}

TEST_P(RewardLedgerConformanceTest, RewardEventsListInTheOrderTheyWereWritten) {
  Reward r = MakeReward(rule_, ada_ref_, Beneficiary::kAdvocate, "stage:won", kT0 + 1h, 5'000);
  Reward other = MakeReward(rule_, bob_ref_, Beneficiary::kAdvocate, "stage:won", kT0 + 1h, 5'000);
  // Ids that sort against the order of writing: the order is the writes', not the ids'.
  RewardEvent created{
      NewId(domain::kRewardEventPrefix, kT0 + 9h), r.id, RewardStatus::kPending, "system", "", kT0 + 1h};
  RewardEvent approved{
      NewId(domain::kRewardEventPrefix, kT0 + 8h), r.id, RewardStatus::kApproved, "usr_manager", "", kT0 + 2h};
  RewardEvent fulfilled{
      NewId(domain::kRewardEventPrefix, kT0 + 7h), r.id, RewardStatus::kFulfilled, "key_ci", "PO-2026-0042", kT0 + 3h};
  RewardEvent elsewhere{
      NewId(domain::kRewardEventPrefix, kT0 + 1h), other.id, RewardStatus::kPending, "system", "", kT0 + 1h};
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertReward(r));
    BB_RETURN_IF_ERROR(tx.InsertReward(other));
    BB_RETURN_IF_ERROR(tx.InsertRewardEvent(created));
    return tx.InsertRewardEvent(elsewhere);
  }));
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertRewardEvent(approved); }));
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertRewardEvent(fulfilled); }));

  auto events = Get([&](Queries& q) { return q.ListRewardEvents(r.id); });
  ASSERT_EQ(Ids(events), (std::vector<std::string>{created.id, approved.id, fulfilled.id}));
  const std::array<const RewardEvent*, 3> written = {&created, &approved, &fulfilled};
  for (std::size_t i = 0; i < events.size(); ++i) {
    const RewardEvent& expected = *written[i];
    EXPECT_EQ(events[i].reward_id, r.id);
    EXPECT_EQ(events[i].status, expected.status);
    EXPECT_EQ(events[i].actor, expected.actor);
    EXPECT_EQ(events[i].note, expected.note);
    EXPECT_EQ(ToMicros(events[i].at), ToMicros(expected.at));
  }
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListRewardEvents(other.id); })), std::vector<std::string>{elsewhere.id});
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListRewardEvents("rwd_none"); }).empty());
}

TEST_P(RewardLedgerConformanceTest, ARewardNeedsItsRuleAndReferral) {
  Reward no_rule = MakeReward(rule_, ada_ref_, Beneficiary::kAdvocate, "stage:won", kT0 + 1h, 1);
  no_rule.rule_id = "rul_missing";
  EXPECT_FALSE(Insert(no_rule).ok());
  Reward no_referral = MakeReward(rule_, ada_ref_, Beneficiary::kAdvocate, "stage:won", kT0 + 1h, 1);
  no_referral.referral_id = "ref_missing";
  EXPECT_FALSE(Insert(no_referral).ok());
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindReward(no_rule.id); }).has_value());
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindReward(no_referral.id); }).has_value());
}

// ---------------------------------------------------------------------------------------------
// What the review and the rule evaluation look up about referrals

class RewardLookupConformanceTest : public RewardStoreTest {
 protected:
  ReferralEvent MakeEvent(const Referral& referral, ReferralEventKind kind, std::optional<ReferralStage> from,
                          std::optional<ReferralStage> to, Timestamp at, std::vector<ReferralStage> reached,
                          Timestamp id_time) {
    return ReferralEvent{NewId(domain::kReferralEventPrefix, id_time),
                         referral.id,
                         kind,
                         from,
                         to,
                         "usr_manager",
                         "note " + std::to_string(sequence_),
                         at,
                         std::move(reached)};
  }
};

TEST_P(RewardLookupConformanceTest, CountsAnAdvocatesWonReferralsThatAreClear) {
  // A win Bluebird counted: a stage move that reached won.
  auto move_to_won = [&](const Referral& r) {
    ASSERT_OK(Write([&](Tx& tx) {
      return tx.InsertReferralEvent(MakeEvent(r, ReferralEventKind::kStageMoved, ReferralStage::kQualified,
                                              ReferralStage::kWon, kT0, {ReferralStage::kWon}, kT0));
    }));
  };
  auto add = [&](const domain::Advocate& advocate, ReferralStage stage, ReviewStatus review) {
    Referral r = MakeReferral(advocate, NewId("p", kT0) + "@x.example", kT0);
    r.stage = stage;
    r.review_status = review;
    ASSERT_OK(Insert(r));
    if (stage == ReferralStage::kWon) move_to_won(r);
  };
  add(ada_, ReferralStage::kWon, ReviewStatus::kClear);
  add(ada_, ReferralStage::kWon, ReviewStatus::kClear);
  add(ada_, ReferralStage::kWon, ReviewStatus::kHeld);
  add(ada_, ReferralStage::kWon, ReviewStatus::kDuplicate);
  add(ada_, ReferralStage::kOpportunity, ReviewStatus::kClear);
  add(ada_, ReferralStage::kLost, ReviewStatus::kClear);
  add(ada_, ReferralStage::kRejected, ReviewStatus::kClear);
  add(bob_, ReferralStage::kWon, ReviewStatus::kClear);

  EXPECT_EQ(Get([&](Queries& q) { return q.CountWonClearReferrals(ada_.id); }), 2);
  EXPECT_EQ(Get([&](Queries& q) { return q.CountWonClearReferrals(bob_.id); }), 1);
  EXPECT_EQ(Get([&](Queries& q) { return q.CountWonClearReferrals(carl_.id); }), 0);

  // A referral that becomes won and clear later counts from then on.
  Referral later = MakeReferral(ada_, "later@x.example", kT0 + 1h);
  later.review_status = ReviewStatus::kHeld;
  ASSERT_OK(Insert(later));
  later.stage = ReferralStage::kWon;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateReferral(later); }));
  move_to_won(later);
  EXPECT_EQ(Get([&](Queries& q) { return q.CountWonClearReferrals(ada_.id); }), 2);
  later.review_status = ReviewStatus::kClear;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateReferral(later); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.CountWonClearReferrals(ada_.id); }), 3);

  // Won only through its account (domain/account_credit.h): no win of its own until its own deal is won.
  Referral account = MakeReferral(ada_, "account@x.example", kT0 + 2h);
  account.stage = ReferralStage::kWon;
  ASSERT_OK(Insert(account));
  ASSERT_OK(Write([&](Tx& tx) {
    return tx.InsertReferralEvent(MakeEvent(account, ReferralEventKind::kAccountWon, ReferralStage::kQualified,
                                            ReferralStage::kWon, kT0 + 2h,
                                            {ReferralStage::kOpportunity, ReferralStage::kWon}, kT0 + 2h));
  }));
  EXPECT_EQ(Get([&](Queries& q) { return q.CountWonClearReferrals(ada_.id); }), 3);
  move_to_won(account);
  EXPECT_EQ(Get([&](Queries& q) { return q.CountWonClearReferrals(ada_.id); }), 4);
}

// A win counts when it was reached while clear, or when a referral won while held was cleared: in
// the order those history entries were written, whatever their times or ids say.
TEST_P(RewardLookupConformanceTest, FindsWhenAndAsWhichAWinCounted) {
  auto won = [&](const std::string& email, ReviewStatus review, const domain::Advocate* advocate = nullptr) {
    Referral r = MakeReferral(advocate ? *advocate : ada_, email, kT0);
    r.stage = ReferralStage::kWon;
    r.review_status = review;
    EXPECT_TRUE(Insert(r).ok());
    return r;
  };
  Referral first = won("first@x.example", ReviewStatus::kClear);
  Referral held_then_cleared = won("held@x.example", ReviewStatus::kClear);
  Referral second = won("second@x.example", ReviewStatus::kClear);
  Referral still_held = won("still@x.example", ReviewStatus::kHeld);
  Referral open = MakeReferral(ada_, "open@x.example", kT0);
  ASSERT_OK(Insert(open));
  Referral bobs = won("bobs@x.example", ReviewStatus::kClear, &bob_);
  auto move = [&](const Referral& r, Timestamp at) {
    return MakeEvent(r, ReferralEventKind::kStageMoved, ReferralStage::kSubmitted, ReferralStage::kWon, at,
                     {ReferralStage::kQualified, ReferralStage::kWon}, kT0);
  };
  auto clear = [&](const Referral& r, Timestamp at) {
    return MakeEvent(r, ReferralEventKind::kReviewCleared, std::nullopt, std::nullopt, at, {}, kT0);
  };
  // Written in this order: first won; held_then_cleared won (while held); second won; then
  // held_then_cleared cleared, so its win counts third although it was reached second.
  ReferralEvent first_won = move(first, kT0 + 1h);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(first_won));
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(move(held_then_cleared, kT0 + 2h)));
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(move(second, kT0 + 3h)));
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(clear(held_then_cleared, kT0 + 4h)));
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(move(still_held, kT0 + 5h)));
    return tx.InsertReferralEvent(move(bobs, kT0 + 6h));
  }));
  auto win = [&](const Referral& r) { return Get([&](Queries& q) { return q.FindWinCount(r.id); }); };
  ASSERT_TRUE(win(first));
  EXPECT_EQ(win(first)->rank, 1);
  EXPECT_EQ(win(first)->at, kT0 + 1h);
  EXPECT_EQ(win(first)->event_id, first_won.id);
  EXPECT_EQ(win(second)->rank, 2);
  EXPECT_EQ(win(second)->at, kT0 + 3h);
  EXPECT_EQ(win(held_then_cleared)->rank, 3);
  EXPECT_EQ(win(held_then_cleared)->at, kT0 + 4h);
  EXPECT_EQ(win(bobs)->rank, 1) << "another advocate's wins are their own";
  EXPECT_FALSE(win(still_held)) << "held: not a win";
  EXPECT_FALSE(win(open));
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindWinCount("ref_unknown"); }));
}

TEST_P(RewardLookupConformanceTest, AnAdvocateIsSeenAtAVisitorIdOrAddressSinceAnInstant) {
  const std::string ip_a = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  const std::string ip_b = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  const std::string ip_c = "cccccccccccccccccccccccccccccccc";
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertAdvocateSighting(ada_.id, kV1, ip_a, kT0 + 1h));
    // Sightings with a value missing: the missing value must not match an empty one.
    BB_RETURN_IF_ERROR(tx.InsertAdvocateSighting(ada_.id, "", ip_c, kT0 + 2h));
    BB_RETURN_IF_ERROR(tx.InsertAdvocateSighting(ada_.id, kV3, "", kT0 + 2h));
    return tx.InsertAdvocateSighting(bob_.id, kV2, ip_b, kT0 + 3h);
  }));
  auto seen = [&](const domain::Advocate& advocate, std::string visitor, std::string ip, Timestamp since) {
    return Get([&](Queries& q) { return q.AdvocateSeenAt(advocate.id, visitor, ip, since); });
  };

  EXPECT_TRUE(seen(ada_, kV1, "", kT0));
  EXPECT_TRUE(seen(ada_, "", ip_a, kT0));
  EXPECT_TRUE(seen(ada_, kV1, ip_b, kT0));  // either value matching is enough
  EXPECT_TRUE(seen(ada_, kV5, ip_a, kT0));
  EXPECT_TRUE(seen(ada_, kV3, "", kT0));
  EXPECT_TRUE(seen(ada_, "", ip_c, kT0));
  EXPECT_FALSE(seen(ada_, kV5, ip_b, kT0));

  // An empty value matches nothing, not even a sighting without that value.
  EXPECT_FALSE(seen(ada_, "", "", kT0));
  EXPECT_FALSE(seen(ada_, "", ip_b, kT0));
  EXPECT_FALSE(seen(ada_, kV5, "", kT0));

  // At `since` counts; before it does not.
  EXPECT_TRUE(seen(ada_, kV1, "", kT0 + 1h));
  EXPECT_FALSE(seen(ada_, kV1, "", kT0 + 1h + 1us));
  EXPECT_FALSE(seen(ada_, "", ip_a, kT0 + 1h + 1us));
  EXPECT_TRUE(seen(ada_, kV3, ip_a, kT0 + 2h));

  // Another advocate's sightings are not this one's.
  EXPECT_FALSE(seen(ada_, kV2, ip_b, kT0));
  EXPECT_FALSE(seen(bob_, kV1, ip_a, kT0));
  EXPECT_TRUE(seen(bob_, kV2, "", kT0));
  EXPECT_FALSE(seen(carl_, kV1, ip_a, kT0));
}

TEST_P(RewardLookupConformanceTest, ListsAProgramsHistoryInWriteOrderInPages) {
  Referral first = MakeReferral(ada_, "gina@globex.example", kT0);
  Referral second = MakeReferral(bob_, "tom@globex.example", kT0 + 1h);
  Referral elsewhere = MakeReferral(carl_, "joe@globex.example", kT0);
  // Written in this order; ids and times deliberately do not follow it.
  std::vector<ReferralEvent> events = {
      MakeEvent(first, ReferralEventKind::kSubmitted, std::nullopt, ReferralStage::kSubmitted, kT0,
                {ReferralStage::kSubmitted}, kT0 + 5h),
      MakeEvent(second, ReferralEventKind::kSubmitted, std::nullopt, ReferralStage::kSubmitted, kT0 + 1h,
                {ReferralStage::kSubmitted}, kT0 + 4h),
      MakeEvent(first, ReferralEventKind::kStageMoved, ReferralStage::kSubmitted, ReferralStage::kWon, kT0 + 3h,
                {ReferralStage::kQualified, ReferralStage::kOpportunity, ReferralStage::kWon}, kT0 + 3h),
      MakeEvent(second, ReferralEventKind::kReviewCleared, std::nullopt, std::nullopt, kT0 + 2h, {}, kT0 + 2h),
      MakeEvent(first, ReferralEventKind::kRewardWithheld, std::nullopt, std::nullopt, kT0 + 3h, {}, kT0 + 1h),
  };
  ReferralEvent other_program = MakeEvent(elsewhere, ReferralEventKind::kSubmitted, std::nullopt,
                                          ReferralStage::kSubmitted, kT0, {ReferralStage::kSubmitted}, kT0);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (const auto* r : {&first, &second, &elsewhere}) BB_RETURN_IF_ERROR(tx.InsertReferral(*r));
    BB_RETURN_IF_ERROR(tx.InsertReferralEvent(events[0]));
    return tx.InsertReferralEvent(other_program);
  }));
  for (std::size_t i = 1; i < events.size(); ++i) {
    ASSERT_OK(Write([&](Tx& tx) { return tx.InsertReferralEvent(events[i]); }));
  }

  auto all = Get([&](Queries& q) { return q.ListProgramReferralEvents(program_.id, 0, 100); });
  ASSERT_EQ(all.size(), events.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    SCOPED_TRACE("event " + std::to_string(i));
    ExpectSameEvent(all[i].event, events[i]);
    if (i > 0) {
      EXPECT_GT(all[i].sequence, all[i - 1].sequence);
    }
  }
  EXPECT_GT(all[0].sequence, 0);

  // Pages: after the last sequence of the previous page.
  auto page1 = Get([&](Queries& q) { return q.ListProgramReferralEvents(program_.id, 0, 2); });
  ASSERT_EQ(page1.size(), 2u);
  EXPECT_EQ(page1[0].event.id, events[0].id);
  EXPECT_EQ(page1[1].event.id, events[1].id);
  auto page2 = Get([&](Queries& q) { return q.ListProgramReferralEvents(program_.id, page1.back().sequence, 2); });
  ASSERT_EQ(page2.size(), 2u);
  EXPECT_EQ(page2[0].event.id, events[2].id);
  EXPECT_EQ(page2[1].event.id, events[3].id);
  auto page3 = Get([&](Queries& q) { return q.ListProgramReferralEvents(program_.id, page2.back().sequence, 2); });
  ASSERT_EQ(page3.size(), 1u);
  EXPECT_EQ(page3[0].event.id, events[4].id);
  EXPECT_EQ(page3[0].sequence, all.back().sequence);
  EXPECT_TRUE(
      Get([&](Queries& q) { return q.ListProgramReferralEvents(program_.id, page3.back().sequence, 2); }).empty());

  auto theirs = Get([&](Queries& q) { return q.ListProgramReferralEvents(other_program_.id, 0, 100); });
  ASSERT_EQ(theirs.size(), 1u);
  ExpectSameEvent(theirs[0].event, other_program);
  EXPECT_TRUE(Get([&](Queries& q) { return q.ListProgramReferralEvents("prg_none", 0, 100); }).empty());

  // An event written later comes after every one before it, also after reopening.
  Reopen();
  ReferralEvent last = MakeEvent(second, ReferralEventKind::kStageMoved, ReferralStage::kSubmitted,
                                 ReferralStage::kQualified, kT0, {ReferralStage::kQualified}, kT0);
  ASSERT_OK(Write([&](Tx& tx) { return tx.InsertReferralEvent(last); }));
  auto after = Get([&](Queries& q) { return q.ListProgramReferralEvents(program_.id, all.back().sequence, 100); });
  ASSERT_EQ(after.size(), 1u);
  ExpectSameEvent(after[0].event, last);
  EXPECT_GT(after[0].sequence, all.back().sequence);

  // A referral's own history keeps `reached` too.
  auto history = Get([&](Queries& q) { return q.ListReferralEvents(first.id); });
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].reached, std::vector<ReferralStage>{ReferralStage::kSubmitted});
  EXPECT_EQ(history[1].reached,
            (std::vector<ReferralStage>{ReferralStage::kQualified, ReferralStage::kOpportunity, ReferralStage::kWon}));
  EXPECT_TRUE(history[2].reached.empty());
}

TEST_P(RewardLookupConformanceTest, AReferralKeepsItsAdvocatesProfile) {
  Referral r = MakeReferral(ada_, "gina@globex.example", kT0);
  r.advocate_profile.attributes = {
      {"plan", Str("pro")}, {"seats", Num("10.50")}, {"trial", Bool(true)}, {"zip", Str("00123")}};
  r.advocate_profile.tags = {"emea", "vip"};
  Referral bare = MakeReferral(bob_, "tom@globex.example", kT0 + 1h);
  ASSERT_OK(Insert(r));
  ASSERT_OK(Insert(bare));

  for (int pass = 0; pass < 2; ++pass) {
    SCOPED_TRACE(pass == 0 ? "written" : "reopened");
    auto found = Get([&](Queries& q) { return q.FindReferral(r.id); });
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->advocate_profile.attributes, r.advocate_profile.attributes);
    EXPECT_EQ(found->advocate_profile.tags, r.advocate_profile.tags);
    auto empty = Get([&](Queries& q) { return q.FindReferral(bare.id); });
    ASSERT_TRUE(empty.has_value());
    EXPECT_TRUE(empty->advocate_profile.attributes.empty());
    EXPECT_TRUE(empty->advocate_profile.tags.empty());
    if (pass == 0) Reopen();
  }

  ReferralQuery query;
  query.advocate_id = ada_.id;
  auto listed = Get([&](Queries& q) { return q.ListReferrals(query); });
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].advocate_profile, r.advocate_profile);

  // It is the profile at submission: an update does not rewrite it.
  Referral changed = r;
  changed.stage = ReferralStage::kWon;
  changed.advocate_profile = {};
  changed.updated_at = kT0 + 2h;
  ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateReferral(changed); }));
  auto found = Get([&](Queries& q) { return q.FindReferral(r.id); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->stage, ReferralStage::kWon);
  EXPECT_EQ(found->advocate_profile, r.advocate_profile);
}

TEST_P(RewardLookupConformanceTest, TheReviewQueueHasHeldAndDuplicateReferralsThatAreOpenOrWon) {
  auto add = [&](const domain::Advocate& advocate, ReferralStage stage, ReviewStatus review, Timestamp at) {
    Referral r = MakeReferral(advocate, NewId("p", at) + "@x.example", at);
    r.stage = stage;
    r.review_status = review;
    EXPECT_TRUE(Insert(r).ok());
    return r.id;
  };
  std::string held = add(ada_, ReferralStage::kSubmitted, ReviewStatus::kHeld, kT0);
  std::string duplicate = add(ada_, ReferralStage::kQualified, ReviewStatus::kDuplicate, kT0 + 1h);
  std::string held_won = add(ada_, ReferralStage::kWon, ReviewStatus::kHeld, kT0 + 2h);
  add(ada_, ReferralStage::kLost, ReviewStatus::kHeld, kT0 + 3h);
  add(bob_, ReferralStage::kRejected, ReviewStatus::kDuplicate, kT0 + 4h);
  add(bob_, ReferralStage::kSubmitted, ReviewStatus::kClear, kT0 + 5h);
  add(bob_, ReferralStage::kWon, ReviewStatus::kClear, kT0 + 6h);
  std::string bobs = add(bob_, ReferralStage::kOpportunity, ReviewStatus::kHeld, kT0 + 7h);
  std::string elsewhere = add(carl_, ReferralStage::kSubmitted, ReviewStatus::kHeld, kT0 + 8h);

  ReferralQuery queue;
  queue.program_id = program_.id;
  queue.under_review = true;
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListReferrals(queue); })),
            (std::vector<std::string>{bobs, held_won, duplicate, held}));
  queue.advocate_id = ada_.id;
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListReferrals(queue); })),
            (std::vector<std::string>{held_won, duplicate, held}));
  queue.limit = 2;
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListReferrals(queue); })),
            (std::vector<std::string>{held_won, duplicate}));
  queue.before_id = duplicate;
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListReferrals(queue); })), std::vector<std::string>{held});

  ReferralQuery everywhere;
  everywhere.under_review = true;
  EXPECT_EQ(Ids(Get([&](Queries& q) { return q.ListReferrals(everywhere); })),
            (std::vector<std::string>{elsewhere, bobs, held_won, duplicate, held}));

  // Without the flag, every referral of the program.
  ReferralQuery all;
  all.program_id = program_.id;
  EXPECT_EQ(Get([&](Queries& q) { return q.ListReferrals(all); }).size(), 8u);
}

TEST_P(RewardLookupConformanceTest, ListsReferralsOfAdvocatesEnrolledByAUserOrKey) {
  Referral adas = MakeReferral(ada_, "a@x.example", kT0);
  Referral bobs = MakeReferral(bob_, "b@x.example", kT0 + 1h);
  Referral bobs_held = MakeReferral(bob_, "c@x.example", kT0 + 2h);
  bobs_held.review_status = ReviewStatus::kHeld;
  Referral carls = MakeReferral(carl_, "d@x.example", kT0 + 3h);
  for (const auto* r : {&adas, &bobs, &bobs_held, &carls}) ASSERT_OK(Insert(*r));
  auto listed = [&](const ReferralQuery& query) {
    return Ids(Get([&](Queries& q) { return q.ListReferrals(query); }));
  };

  ReferralQuery query;
  query.enrolled_by = "usr_rep";
  EXPECT_EQ(listed(query), (std::vector<std::string>{carls.id, bobs_held.id, bobs.id}));
  query.program_id = program_.id;
  EXPECT_EQ(listed(query), (std::vector<std::string>{bobs_held.id, bobs.id}));
  query.under_review = true;
  EXPECT_EQ(listed(query), std::vector<std::string>{bobs_held.id});
  query = {};
  query.enrolled_by = "usr_admin";
  EXPECT_EQ(listed(query), std::vector<std::string>{adas.id});
  query.enrolled_by = "usr_nobody";
  EXPECT_TRUE(listed(query).empty());
  // The advocate's enrolling user, not who submitted the referral.
  query.enrolled_by = ada_.id;
  EXPECT_TRUE(listed(query).empty());
}

// ---------------------------------------------------------------------------------------------
// Advocates signing in to the portal

class PortalConformanceTest : public RewardStoreTest {
 protected:
  domain::User MakeStaffUser() {
    domain::User u;
    u.id = "usr_admin";
    u.email = "admin@example.com";
    u.name = "Admin";
    u.role = domain::Role::kAdmin;
    u.created_at = kT0;
    return u;
  }
};

TEST_P(PortalConformanceTest, SignInLinksRoundTripAndAreUsedOnlyOnce) {
  domain::SignInLink link{"link-hash-1", ada_.id, "usr_admin", kT0 + 1us, kT0 + 15min, std::nullopt};
  domain::SignInLink other{"link-hash-2", bob_.id, "key_ci", kT0 + 2us, kT0 + 24h, std::nullopt};
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertSignInLink(link));
    return tx.InsertSignInLink(other);
  }));

  auto found = Get([](Queries& q) { return q.FindSignInLink("link-hash-1"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->token_hash, "link-hash-1");
  EXPECT_EQ(found->advocate_id, ada_.id);
  EXPECT_EQ(found->created_by, "usr_admin");
  EXPECT_EQ(ToMicros(found->created_at), ToMicros(kT0 + 1us));
  EXPECT_EQ(ToMicros(found->expires_at), ToMicros(kT0 + 15min));
  EXPECT_EQ(found->used_at, std::nullopt);
  EXPECT_FALSE(Get([](Queries& q) { return q.FindSignInLink("link-hash-unknown"); }).has_value());

  auto use = [&](const std::string& token, Timestamp at) {
    std::optional<bool> used;
    EXPECT_TRUE(Write([&](Tx& tx) -> Status {
                  BB_ASSIGN_OR_RETURN(bool result, tx.UseSignInLink(token, at));
                  used = result;
                  return Ok();
                }).ok());
    return used;
  };
  EXPECT_EQ(use("link-hash-1", kT0 + 5min), std::optional<bool>(true));
  EXPECT_EQ(use("link-hash-1", kT0 + 6min), std::optional<bool>(false));
  EXPECT_EQ(use("link-hash-unknown", kT0 + 6min), std::optional<bool>(false));

  found = Get([](Queries& q) { return q.FindSignInLink("link-hash-1"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(Micros(found->used_at), ToMicros(kT0 + 5min));  // the first use's time stays
  EXPECT_EQ(ToMicros(found->expires_at), ToMicros(kT0 + 15min));

  Reopen();
  auto untouched = Get([](Queries& q) { return q.FindSignInLink("link-hash-2"); });
  ASSERT_TRUE(untouched.has_value());
  EXPECT_EQ(untouched->advocate_id, bob_.id);
  EXPECT_EQ(untouched->created_by, "key_ci");
  EXPECT_EQ(untouched->used_at, std::nullopt);
  EXPECT_EQ(use("link-hash-2", kT0 + 1h), std::optional<bool>(true));
  EXPECT_EQ(use("link-hash-2", kT0 + 1h), std::optional<bool>(false));
}

TEST_P(PortalConformanceTest, AdvocateSessionsCanBeTouchedAndDeleted) {
  domain::AdvocateSession session{"session-1", ada_.id, kT0 + 1us, kT0 + 1us};
  domain::AdvocateSession other{"session-2", bob_.id, kT0, kT0};
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertAdvocateSession(session));
    return tx.InsertAdvocateSession(other);
  }));
  auto found = Get([](Queries& q) { return q.FindAdvocateSession("session-1"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->token_hash, "session-1");
  EXPECT_EQ(found->advocate_id, ada_.id);
  EXPECT_EQ(ToMicros(found->created_at), ToMicros(kT0 + 1us));
  EXPECT_EQ(ToMicros(found->last_seen_at), ToMicros(kT0 + 1us));

  ASSERT_OK(Write([](Tx& tx) { return tx.TouchAdvocateSession("session-1", kT0 + 20min + 5us); }));
  found = Get([](Queries& q) { return q.FindAdvocateSession("session-1"); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->advocate_id, ada_.id);
  EXPECT_EQ(ToMicros(found->created_at), ToMicros(kT0 + 1us));
  EXPECT_EQ(ToMicros(found->last_seen_at), ToMicros(kT0 + 20min + 5us));

  ASSERT_OK(Write([](Tx& tx) { return tx.DeleteAdvocateSession("session-1"); }));
  EXPECT_FALSE(Get([](Queries& q) { return q.FindAdvocateSession("session-1"); }).has_value());
  auto untouched = Get([](Queries& q) { return q.FindAdvocateSession("session-2"); });
  ASSERT_TRUE(untouched.has_value());
  EXPECT_EQ(untouched->advocate_id, bob_.id);
  EXPECT_EQ(ToMicros(untouched->last_seen_at), ToMicros(kT0));
  EXPECT_FALSE(Get([](Queries& q) { return q.FindAdvocateSession("session-unknown"); }).has_value());
  // Staff sessions are another table: the token is not one.
  EXPECT_FALSE(Get([](Queries& q) { return q.FindSession("session-2"); }).has_value());
}

TEST_P(PortalConformanceTest, ASessionKeepsHowItWasOpened) {
  for (auto method : {domain::PortalSignIn::kLink, domain::PortalSignIn::kJoin, domain::PortalSignIn::kPassword}) {
    std::string hash = "opened-" + std::string(domain::ToString(method));
    ASSERT_OK(Write([&](Tx& tx) { return tx.InsertAdvocateSession({hash, ada_.id, kT0, kT0, method}); }));
    auto found = Get([&](Queries& q) { return q.FindAdvocateSession(hash); });
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->opened_by, method);
  }
}

TEST_P(PortalConformanceTest, APasswordIsSetReplacedAndDeleted) {
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindAdvocatePassword(ada_.id); }).has_value());
  ASSERT_OK(Write([&](Tx& tx) { return tx.PutAdvocatePassword(ada_.id, {"$argon2id$first", false, kT0}); }));
  auto found = Get([&](Queries& q) { return q.FindAdvocatePassword(ada_.id); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->hash, "$argon2id$first");
  EXPECT_FALSE(found->email_proven);
  EXPECT_EQ(ToMicros(found->updated_at), ToMicros(kT0));
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindAdvocatePassword(bob_.id); }).has_value());

  ASSERT_OK(Write([&](Tx& tx) {
    return tx.PutAdvocatePassword(ada_.id, {"$argon2id$second", true, kT0 + 1min + 3us});
  }));
  Reopen();
  found = Get([&](Queries& q) { return q.FindAdvocatePassword(ada_.id); });
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->hash, "$argon2id$second");
  EXPECT_TRUE(found->email_proven);
  EXPECT_EQ(ToMicros(found->updated_at), ToMicros(kT0 + 1min + 3us));

  ASSERT_OK(Write([&](Tx& tx) { return tx.DeleteAdvocatePassword(ada_.id); }));
  EXPECT_FALSE(Get([&](Queries& q) { return q.FindAdvocatePassword(ada_.id); }).has_value());
  ASSERT_OK(Write([&](Tx& tx) { return tx.DeleteAdvocatePassword(ada_.id); }));  // deleting none is no error
}

TEST_P(PortalConformanceTest, OtherSessionsEndAndUnusedLinksRetireForOneAdvocateOnly) {
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (const char* hash : {"ada-1", "ada-2", "ada-3"}) {
      BB_RETURN_IF_ERROR(tx.InsertAdvocateSession({hash, ada_.id, kT0, kT0}));
    }
    BB_RETURN_IF_ERROR(tx.InsertAdvocateSession({"bob-1", bob_.id, kT0, kT0}));
    BB_RETURN_IF_ERROR(tx.InsertSignInLink({"ada-link-used", ada_.id, "key_ci", kT0, kT0 + 1h, std::nullopt}));
    BB_RETURN_IF_ERROR(tx.InsertSignInLink({"ada-link-1", ada_.id, "key_ci", kT0, kT0 + 1h, std::nullopt}));
    BB_RETURN_IF_ERROR(tx.InsertSignInLink({"ada-link-2", ada_.id, "key_ci", kT0, kT0 + 720h, std::nullopt}));
    BB_RETURN_IF_ERROR(tx.InsertSignInLink({"bob-link", bob_.id, "key_ci", kT0, kT0 + 1h, std::nullopt}));
    return StatusOf(tx.UseSignInLink("ada-link-used", kT0 + 1s));
  }));
  std::int64_t ended = -1, retired = -1;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(ended, tx.DeleteOtherAdvocateSessions(ada_.id, "ada-2"));
    BB_ASSIGN_OR_RETURN(retired, tx.RetireSignInLinks(ada_.id, kT0 + 2min));
    return Ok();
  }));
  EXPECT_EQ(ended, 2);
  EXPECT_EQ(retired, 2) << "the used link is not counted";
  Reopen();
  EXPECT_TRUE(Get([](Queries& q) { return q.FindAdvocateSession("ada-2"); }).has_value());
  EXPECT_FALSE(Get([](Queries& q) { return q.FindAdvocateSession("ada-1"); }).has_value());
  EXPECT_FALSE(Get([](Queries& q) { return q.FindAdvocateSession("ada-3"); }).has_value());
  EXPECT_TRUE(Get([](Queries& q) { return q.FindAdvocateSession("bob-1"); }).has_value()) << "another advocate's";
  EXPECT_EQ(Micros(Get([](Queries& q) { return q.FindSignInLink("ada-link-2"); })->used_at), ToMicros(kT0 + 2min));
  EXPECT_EQ(Micros(Get([](Queries& q) { return q.FindSignInLink("ada-link-used"); })->used_at), ToMicros(kT0 + 1s))
      << "a used link keeps when it was used";
  EXPECT_EQ(Get([](Queries& q) { return q.FindSignInLink("bob-link"); })->used_at, std::nullopt);
}

TEST_P(PortalConformanceTest, DeleteStaleSessionsRemovesIdleOrOldAdvocateSessionsTooAndCountsThem) {
  const Timestamp idle_before = kT0 + 10h;
  const Timestamp created_before = kT0 + 5h;
  domain::User user = MakeStaffUser();
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertUser(user));
    BB_RETURN_IF_ERROR(tx.InsertSession({"staff-idle", user.id, kT0 + 6h, idle_before - 1us}));
    BB_RETURN_IF_ERROR(tx.InsertSession({"staff-fresh", user.id, kT0 + 6h, idle_before}));
    BB_RETURN_IF_ERROR(tx.InsertAdvocateSession({"adv-idle", ada_.id, kT0 + 6h, idle_before - 1us}));
    BB_RETURN_IF_ERROR(tx.InsertAdvocateSession({"adv-old", ada_.id, created_before - 1us, kT0 + 11h}));
    BB_RETURN_IF_ERROR(tx.InsertAdvocateSession({"adv-both", bob_.id, kT0, kT0}));
    BB_RETURN_IF_ERROR(tx.InsertAdvocateSession({"adv-edge", bob_.id, created_before, idle_before}));
    return tx.InsertAdvocateSession({"adv-fresh", carl_.id, kT0 + 8h, kT0 + 12h});
  }));

  std::optional<std::int64_t> deleted;
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(deleted, tx.DeleteStaleSessions(idle_before, created_before));
    return Ok();
  }));
  EXPECT_EQ(deleted, 4);  // one staff session, three advocates'

  EXPECT_FALSE(Get([](Queries& q) { return q.FindSession("staff-idle"); }).has_value());
  EXPECT_TRUE(Get([](Queries& q) { return q.FindSession("staff-fresh"); }).has_value());
  for (const char* gone : {"adv-idle", "adv-old", "adv-both"}) {
    EXPECT_FALSE(Get([&](Queries& q) { return q.FindAdvocateSession(gone); }).has_value()) << gone;
  }
  for (const char* kept : {"adv-edge", "adv-fresh"}) {
    EXPECT_TRUE(Get([&](Queries& q) { return q.FindAdvocateSession(kept); }).has_value()) << kept;
  }

  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(deleted, tx.DeleteStaleSessions(idle_before, created_before));
    return Ok();
  }));
  EXPECT_EQ(deleted, 0);

  // A later idle cutoff: the staff and the advocate session last seen at the old cutoff go.
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(deleted, tx.DeleteStaleSessions(kT0 + 11h, created_before));
    return Ok();
  }));
  EXPECT_EQ(deleted, 2);  // staff-fresh (last seen 10h) and adv-edge (10h)
  EXPECT_FALSE(Get([](Queries& q) { return q.FindAdvocateSession("adv-edge"); }).has_value());
  EXPECT_TRUE(Get([](Queries& q) { return q.FindAdvocateSession("adv-fresh"); }).has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, RewardRuleConformanceTest, ::testing::ValuesIn(Backends()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, RewardLedgerConformanceTest, ::testing::ValuesIn(Backends()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, RewardLookupConformanceTest, ::testing::ValuesIn(Backends()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, PortalConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store

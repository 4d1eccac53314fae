// Customer value: the research file's acceptance vectors (§3.3: CLV exact, CRV split with the
// incremental share, a referral that would have come anyway and a reversed one, quadrants with ties
// at the median), the projected view by hand, derived retention, the settings' checks field by
// field, and figures too large to report.
#include <gtest/gtest.h>

#include <chrono>

#include "domain/customer_value.h"

namespace bb::domain {
namespace {

Timestamp Day(int day) { return Timestamp{} + std::chrono::days(20'000 + day); }
const Timestamp kAsOf = Day(1'000);

std::vector<std::string> FieldsOf(const Error& error) {
  std::vector<std::string> out;
  for (const auto& f : error.fields()) out.push_back(f.field);
  return out;
}
std::vector<std::string> FieldsOf(const Status& status) { return FieldsOf(status.error()); }

ValueSettings Settings(std::optional<std::int64_t> horizon = 3) {
  ValueSettings s;
  s.horizon_years = horizon;
  s.discount_rate_bp = 1'000;
  s.retention_rate_bp = 8'000;
  s.gross_margin_bp = 10'000;
  return s;
}

AdvocateValueInput Advocate(std::string id, std::optional<std::int64_t> revenue = std::nullopt,
                            Timestamp enrolled = Day(0)) {
  AdvocateValueInput a;
  a.advocate_id = std::move(id);
  a.enrolled_at = enrolled;
  if (revenue) {
    a.inputs = CustomerInputs{};
    a.inputs->revenue_per_year_minor = *revenue;
  }
  return a;
}

ReferredCustomerRecord Won(std::string id, std::string advocate, std::optional<std::int64_t> deal, int day = 900) {
  ReferredCustomerRecord r;
  r.referral_id = std::move(id);
  r.advocate_id = std::move(advocate);
  r.won_at = Day(day);
  r.deal_value_minor = deal;
  return r;
}

const CustomerValue& Only(const Result<ValueReport>& report) {
  EXPECT_TRUE(report.ok()) << (report.ok() ? "" : report.error().message());
  EXPECT_EQ(report->advocates.size(), 1u);
  return report->advocates.front();
}

TEST(CustomerValueTest, ClvIsExactForTheResearchVectors) {
  // M = 1,000.00, r = 0.8, i = 0.10, T = 3: 100000 + 80000/1.1 + 64000/1.21 = 225,619.83.
  auto three = ValueCustomers(Settings(3), {Advocate("adv_a", 100'000)}, {}, kAsOf, ValueView::kRealized);
  EXPECT_EQ(Only(three).clv_minor, 225'620);
  // The perpetuity: 100000 × 1.1 / (1.1 − 0.8) = 366,666.67.
  auto forever = ValueCustomers(Settings(std::nullopt), {Advocate("adv_a", 100'000)}, {}, kAsOf, ValueView::kRealized);
  EXPECT_EQ(Only(forever).clv_minor, 366'667);
  // The margin applies, and the marketing cost entered for the advocate is taken off.
  auto s = Settings(3);
  s.gross_margin_bp = 5'000;
  auto a = Advocate("adv_a", 200'000);
  a.inputs->marketing_cost_minor = 25'000;
  EXPECT_EQ(Only(ValueCustomers(s, {a}, {}, kAsOf, ValueView::kRealized)).clv_minor, 225'620 - 25'000);
  // The advocate's own retention replaces the program's: r = 0 leaves the first year only.
  a.inputs->retention_rate_bp = 0;
  EXPECT_EQ(Only(ValueCustomers(s, {a}, {}, kAsOf, ValueView::kRealized)).clv_minor, 100'000 - 25'000);
  // Without inputs of their own, the program's revenue applies.
  s.revenue_per_year_minor = 200'000;
  auto plain = Only(ValueCustomers(s, {Advocate("adv_b")}, {}, kAsOf, ValueView::kRealized));
  EXPECT_EQ(plain.clv_minor, 225'620);
  EXPECT_FALSE(plain.own_inputs);
}

TEST(CustomerValueTest, CrvSplitsEachCustomerByItsIncrementalShare) {
  // Two won referrals whose customers are worth 225,620 and 100,000 (one-off deals at full
  // margin), CAC 50,000, s = 0.5, rewards 20,000: 112,810 + 25,000 + 50,000 + 25,000 − 20,000.
  auto s = Settings(3);
  s.recurring = false;
  s.acquisition_cost_minor = 50'000;
  s.incremental_share_bp = 5'000;
  auto a = Advocate("adv_a", 0);
  a.rewards_minor = 20'000;
  std::vector<ReferredCustomerRecord> won{Won("ref_1", "adv_a", 225'620), Won("ref_2", "adv_a", 100'000)};
  auto v = Only(ValueCustomers(s, {a}, won, kAsOf, ValueView::kRealized));
  EXPECT_EQ(v.crv_minor, 192'810);
  EXPECT_EQ(v.referred_customers, 2);
  EXPECT_EQ(v.incremental_customers_bp, 10'000) << "two halves";
  ASSERT_EQ(v.customers.size(), 2u);
  EXPECT_EQ(v.customers[0].value_minor, 137'810);
  EXPECT_EQ(v.customers[1].clv_minor, 100'000);

  // A customer who would have joined anyway is worth exactly the acquisition cost saved; one who
  // would not have is worth their CLV.
  won[0].would_have_joined_anyway = true;
  won[1].would_have_joined_anyway = false;
  v = Only(ValueCustomers(s, {a}, won, kAsOf, ValueView::kRealized));
  EXPECT_EQ(v.customers[0].value_minor, 50'000);
  EXPECT_EQ(v.customers[1].value_minor, 100'000);
  EXPECT_EQ(v.customers[0].would_have_joined_anyway, true) << "the answer is shown with the share it set";
  EXPECT_EQ(v.customers[1].would_have_joined_anyway, false);
  EXPECT_EQ(v.crv_minor, 50'000 + 100'000 - 20'000);

  // A reversed referral (churned within the window) counts for nothing; the rewards subtracted are
  // the ones still standing (its reversed reward is not among them).
  won[1].reversed = true;
  a.rewards_minor = 5'000;
  v = Only(ValueCustomers(s, {a}, won, kAsOf, ValueView::kRealized));
  EXPECT_EQ(v.crv_minor, 50'000 - 5'000);
  EXPECT_EQ(v.referred_customers, 1);
  EXPECT_TRUE(v.customers[1].reversed);
  EXPECT_EQ(v.customers[1].value_minor, 0);

  // An unpriced customer: their CLV counts as 0 and is said to be unknown.
  std::vector<ReferredCustomerRecord> unpriced{Won("ref_3", "adv_a", std::nullopt)};
  v = Only(ValueCustomers(s, {a}, unpriced, kAsOf, ValueView::kRealized));
  EXPECT_EQ(v.unpriced_customers, 1);
  EXPECT_FALSE(v.customers[0].clv_minor);
  EXPECT_EQ(v.crv_minor, 25'000 - 5'000);
}

TEST(CustomerValueTest, RecurringDealsAreValuedOverTheHorizonAtTheProgramsRetention) {
  auto s = Settings(3);
  s.incremental_share_bp = 10'000;
  auto v =
      Only(ValueCustomers(s, {Advocate("adv_a", 0)}, {Won("ref_1", "adv_a", 100'000)}, kAsOf, ValueView::kRealized));
  EXPECT_EQ(v.customers[0].clv_minor, 225'620);
  EXPECT_EQ(v.crv_minor, 225'620);
}

TEST(CustomerValueTest, CevIsTheSumOfTheRoundedFigures) {
  auto s = Settings(3);
  s.incremental_share_bp = 10'000;
  auto a = Advocate("adv_a", 100'000);
  a.influence_minor = 30'000;
  a.knowledge_minor = -1'000;
  auto v = Only(ValueCustomers(s, {a}, {Won("ref_1", "adv_a", 100'000)}, kAsOf, ValueView::kRealized));
  EXPECT_EQ(v.civ_minor, 30'000);
  EXPECT_EQ(v.ckv_minor, -1'000);
  EXPECT_EQ(v.cev_minor, 225'620 + 225'620 + 30'000 - 1'000);
}

TEST(CustomerValueTest, TheProjectedViewAddsNextYearsAtTheRecentPaceDiscounted) {
  // Two referrals worth 100,000 each (one-off, s = 1), both won in the last 365 days, rewards
  // 20,000: each year of three, 2 × (100,000 − 10,000) discounted at 10% from next year:
  // 180,000 × (1/1.1 + 1/1.21 + 1/1.331) = 447,633.36.
  auto s = Settings(3);
  s.recurring = false;
  s.incremental_share_bp = 10'000;
  auto a = Advocate("adv_a", 0);
  a.rewards_minor = 20'000;
  std::vector<ReferredCustomerRecord> won{Won("ref_1", "adv_a", 100'000, 900), Won("ref_2", "adv_a", 100'000, 990),
                                          Won("ref_3", "adv_a", 100'000, 100)};
  won[2].reversed = true;  // not counted, not in the pace
  auto realized = Only(ValueCustomers(s, {a}, won, kAsOf, ValueView::kRealized));
  EXPECT_EQ(realized.crv_minor, 180'000);
  EXPECT_EQ(realized.projected_referrals_minor, 0);
  EXPECT_EQ(realized.recent_referrals, 2);
  auto projected = Only(ValueCustomers(s, {a}, won, kAsOf, ValueView::kProjected));
  EXPECT_EQ(projected.projected_referrals_minor, 447'633);
  EXPECT_EQ(projected.crv_minor, 180'000 + 447'633);
  // Referrals older than 365 days set no pace.
  won[0].won_at = won[1].won_at = Day(600);
  EXPECT_EQ(Only(ValueCustomers(s, {a}, won, kAsOf, ValueView::kProjected)).projected_referrals_minor, 0);
}

TEST(CustomerValueTest, QuadrantsSplitStrictlyAboveTheMedians) {
  // CLVs 1, 2, 3, 4 (median 2.5) and CRVs 30, 10, 20, 20 (median 20): above on both is a Champion;
  // exactly at the CRV median is low.
  auto s = Settings(1);
  s.recurring = false;
  s.incremental_share_bp = 10'000;
  std::vector<AdvocateValueInput> advocates{Advocate("adv_1", 1), Advocate("adv_2", 2), Advocate("adv_3", 3),
                                            Advocate("adv_4", 4)};
  std::vector<ReferredCustomerRecord> won{Won("r1", "adv_1", 30), Won("r2", "adv_2", 10), Won("r3", "adv_3", 20),
                                          Won("r4", "adv_4", 20)};
  auto report = ValueCustomers(s, advocates, won, kAsOf, ValueView::kRealized);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->clv_split_minor, 2) << "the median 2.5 rounded down: an integer above it is above 2";
  EXPECT_EQ(report->crv_split_minor, 20);
  EXPECT_EQ(report->median_basis, 4);
  EXPECT_EQ(report->advocates[0].quadrant, Quadrant::kAdvocate);  // CLV 1 low, CRV 30 high
  EXPECT_EQ(report->advocates[1].quadrant, Quadrant::kMiser);     // 2 low, 10 low
  EXPECT_EQ(report->advocates[2].quadrant, Quadrant::kAffluent);  // 3 high, 20 at the median: low
  EXPECT_EQ(report->advocates[3].quadrant, Quadrant::kAffluent);
  EXPECT_EQ(report->quadrants.affluents, 2);
  EXPECT_EQ(report->quadrants.advocates, 1);
  EXPECT_EQ(report->quadrants.misers, 1);
  EXPECT_EQ(report->quadrants.champions, 0);

  // A median of negative halves rounds toward minus infinity: −3 and −2 give −2.5, split at −3.
  std::vector<AdvocateValueInput> two{Advocate("adv_1", 0), Advocate("adv_2", 0)};
  two[0].rewards_minor = 3;
  two[1].rewards_minor = 2;
  report = ValueCustomers(s, two, {}, kAsOf, ValueView::kRealized);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->crv_split_minor, -3);
  EXPECT_EQ(report->advocates[1].quadrant, Quadrant::kAdvocate) << "−2 is above −2.5";
  EXPECT_EQ(report->advocates[0].quadrant, Quadrant::kMiser);

  // Advocates enrolled less than a day before as_of are valued but set no median.
  advocates.push_back(Advocate("adv_5", 1'000, kAsOf - std::chrono::hours(23)));
  won.push_back(Won("r5", "adv_5", 1'000));
  report = ValueCustomers(s, advocates, won, kAsOf, ValueView::kRealized);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->median_basis, 4);
  EXPECT_EQ(report->clv_split_minor, 2);
  EXPECT_EQ(report->advocates[4].tenure_days, 0);
  EXPECT_EQ(report->advocates[4].quadrant, Quadrant::kChampion);

  // Configured thresholds replace the medians.
  s.clv_threshold_minor = 0;
  s.crv_threshold_minor = 25;
  report = ValueCustomers(s, advocates, won, kAsOf, ValueView::kRealized);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->advocates[0].quadrant, Quadrant::kChampion);  // 1 > 0, 30 > 25
  EXPECT_EQ(report->advocates[2].quadrant, Quadrant::kAffluent);
}

TEST(CustomerValueTest, NoAdvocateOfADaysTenureLeavesEveryoneLow) {
  auto report = ValueCustomers(Settings(), {Advocate("adv_1", 500, kAsOf)}, {}, kAsOf, ValueView::kRealized);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->clv_split_minor);
  EXPECT_EQ(report->advocates[0].quadrant, Quadrant::kMiser);
}

TEST(CustomerValueTest, RetentionIsDerivedFromTheLastYearsWinsAndChurns) {
  std::vector<ReferredCustomerRecord> won;
  for (int i = 0; i < 10; ++i) won.push_back(Won("r" + std::to_string(i), "adv_x", 100, 700 + i * 10));
  won[0].churned_at = Day(950);
  won[1].churned_at = Day(999);
  won.push_back(Won("old", "adv_x", 100, 100));  // won before the year: not in it
  won.back().churned_at = Day(960);              // ...but its churn in the year counts
  won.push_back(Won("late", "adv_x", 100, 500));
  won.back().churned_at = Day(500);  // churned before the year: not counted
  auto derived = DeriveRetention(won, kAsOf);
  ASSERT_TRUE(derived);
  EXPECT_EQ(derived->wins, 10);
  EXPECT_EQ(derived->churns, 3);
  EXPECT_EQ(derived->retention_bp, 7'000);
  EXPECT_FALSE(DeriveRetention({Won("old", "adv_x", 1, 10)}, kAsOf)) << "no wins in the year: nothing derived";

  auto s = Settings(3);
  s.derive_retention = true;
  auto report = ValueCustomers(s, {Advocate("adv_a", 100'000)}, won, kAsOf, ValueView::kRealized);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->retention_derived);
  EXPECT_EQ(report->retention_used_bp, 7'000);
  // 100000 × (1 + 0.7/1.1 + 0.49/1.21) = 204,132.23
  EXPECT_EQ(report->advocates[0].clv_minor, 204'132);
  report = ValueCustomers(s, {Advocate("adv_a", 100'000)}, {}, kAsOf, ValueView::kRealized);
  EXPECT_FALSE(report->retention_derived) << "no wins: the configured rate";
  EXPECT_EQ(report->retention_used_bp, 8'000);
}

TEST(CustomerValueTest, FiguresTooLargeToReportAreRefusedNamingTheFigure) {
  auto s = Settings(std::nullopt);
  s.discount_rate_bp = kMinPerpetuityDiscountBp;
  s.retention_rate_bp = 10'000;
  s.incremental_share_bp = 10'000;
  std::vector<ReferredCustomerRecord> won;
  for (int i = 0; i < 100; ++i) won.push_back(Won("r" + std::to_string(i), "adv_a", 1'000'000'000'000'000));
  auto report = ValueCustomers(s, {Advocate("adv_a", 0)}, won, kAsOf, ValueView::kRealized);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code(), ErrorCode::kOutOfRange);
  EXPECT_EQ(FieldsOf(report.error()), std::vector<std::string>{"crv_minor"});
  // One such customer fits: 1e15 × 1.01 / 0.01.
  won.resize(1);
  auto one = ValueCustomers(s, {Advocate("adv_a", 0)}, won, kAsOf, ValueView::kRealized);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->advocates[0].crv_minor, 101'000'000'000'000'000);
}

TEST(CustomerValueTest, SettingsAreCheckedFieldByField) {
  EXPECT_TRUE(CheckValueSettings(ValueSettings{}).ok()) << "the defaults";
  ValueSettings s;
  s.horizon_years = 0;
  s.discount_rate_bp = 10'001;
  s.retention_rate_bp = -1;
  s.gross_margin_bp = 20'000;
  s.incremental_share_bp = -5;
  s.acquisition_cost_minor = -1;
  s.revenue_per_year_minor = 1'000'000'000'000'001;
  s.clv_threshold_minor = -1'000'000'000'000'001;
  s.crv_threshold_minor = 1'000'000'000'000'001;
  EXPECT_EQ(FieldsOf(CheckValueSettings(s)),
            (std::vector<std::string>{"horizon_years", "discount_rate_bp", "retention_rate_bp", "gross_margin_bp",
                                      "incremental_share_bp", "acquisition_cost_minor", "revenue_per_year_minor",
                                      "clv_threshold_minor", "crv_threshold_minor"}));
  ValueSettings perpetuity;
  perpetuity.horizon_years.reset();
  perpetuity.discount_rate_bp = kMinPerpetuityDiscountBp - 1;
  EXPECT_EQ(FieldsOf(CheckValueSettings(perpetuity)), std::vector<std::string>{"discount_rate_bp"})
      << "a perpetuity without discount has no bound";
  perpetuity.discount_rate_bp = kMinPerpetuityDiscountBp;
  EXPECT_TRUE(CheckValueSettings(perpetuity).ok());
  ValueSettings longest;
  longest.horizon_years = kMaxValueHorizonYears;
  EXPECT_TRUE(CheckValueSettings(longest).ok());
  longest.horizon_years = kMaxValueHorizonYears + 1;
  EXPECT_EQ(FieldsOf(CheckValueSettings(longest)), std::vector<std::string>{"horizon_years"});
}

// The review of 2026-12-06 found these; each is held here.
TEST(CustomerValueTest, ReviewFindingsOfTheValuationWithTheirRegressions) {
  auto s = Settings(3);
  s.incremental_share_bp = 10'000;
  // A customer who churned after the reversal window brought the margin of the years they stayed
  // (two years of three), not a full lifetime's; one-off deals keep their one purchase.
  auto churned = Won("ref_1", "adv_a", 100'000, 200);
  churned.churned_at = Day(200 + 730);
  auto v = Only(ValueCustomers(s, {Advocate("adv_a", 0)}, {churned}, kAsOf, ValueView::kRealized));
  EXPECT_EQ(v.customers[0].clv_minor, 200'000);
  EXPECT_EQ(v.customers[0].churned_at, Day(930));
  EXPECT_EQ(v.crv_minor, 200'000);
  churned.churned_at = Day(200 + 3'650);  // stayed ten years: the horizon's three
  v = Only(ValueCustomers(s, {Advocate("adv_a", 0)}, {churned}, Day(4'000), ValueView::kRealized));
  EXPECT_EQ(v.customers[0].clv_minor, 300'000);
  s.recurring = false;
  v = Only(ValueCustomers(s, {Advocate("adv_a", 0)}, {churned}, Day(4'000), ValueView::kRealized));
  EXPECT_EQ(v.customers[0].clv_minor, 100'000);

  // The CRV is the sum of the customers' values as shown: three one-off deals of 1 at half
  // incremental share are worth 1 each (0.5 rounded), so the CRV is 3, not 1.5 rounded.
  s.incremental_share_bp = 5'000;
  std::vector<ReferredCustomerRecord> ones{Won("r1", "adv_a", 1), Won("r2", "adv_a", 1), Won("r3", "adv_a", 1)};
  v = Only(ValueCustomers(s, {Advocate("adv_a", 0)}, ones, kAsOf, ValueView::kRealized));
  EXPECT_EQ(v.crv_minor, 3);

  // A figure too large to show names the advocate in its message.
  auto big = Settings(std::nullopt);
  big.discount_rate_bp = kMinPerpetuityDiscountBp;
  big.retention_rate_bp = 10'000;
  big.incremental_share_bp = 10'000;
  std::vector<ReferredCustomerRecord> huge;
  for (int i = 0; i < 95; ++i) huge.push_back(Won("r" + std::to_string(i), "adv_big", 500'000'000'000'000));
  auto sum = ValueCustomers(big, {Advocate("adv_big", 0)}, huge, kAsOf, ValueView::kRealized);
  ASSERT_TRUE(sum.ok()) << "95 × 5.05e16 fits, and is exact";
  EXPECT_EQ(sum->advocates[0].crv_minor, 95 * 50'500'000'000'000'000) << "the sum of the rounded values, exactly";
  for (int i = 95; i < 200; ++i) huge.push_back(Won("r" + std::to_string(i), "adv_big", 500'000'000'000'000));
  auto over = ValueCustomers(big, {Advocate("adv_big", 0)}, huge, kAsOf, ValueView::kRealized);
  ASSERT_FALSE(over.ok());
  EXPECT_NE(over.error().message().find("adv_big"), std::string::npos) << over.error().message();
}

TEST(CustomerValueTest, NamesParseBack) {
  for (auto q : {Quadrant::kChampion, Quadrant::kAffluent, Quadrant::kAdvocate, Quadrant::kMiser}) {
    EXPECT_EQ(ParseQuadrant(ToString(q)), q);
  }
  EXPECT_FALSE(ParseQuadrant("Champion"));
  EXPECT_EQ(ParseValueView("projected"), ValueView::kProjected);
  EXPECT_FALSE(ParseValueView(""));
  EXPECT_EQ(ParseValueCategory("knowledge"), ValueCategory::kKnowledge);
  EXPECT_FALSE(ParseValueCategory("purchase"));
}

}  // namespace
}  // namespace bb::domain

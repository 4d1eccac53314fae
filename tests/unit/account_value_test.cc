// Customer value of accounts: a company's advocates add up to one customer (its CLV counted once
// from the program's figure, or the sum of its people's own inputs), the quadrants split over the
// accounts, advocates of free email belong to none, and sums too large to show are refused naming
// the account.
#include <gtest/gtest.h>

#include <limits>

#include "domain/account_value.h"

namespace bb::domain {
namespace {

CustomerValue Advocate(std::string id, bool own_inputs, std::int64_t clv, std::int64_t crv, std::int64_t tenure_days,
                       std::int64_t civ = 0, std::int64_t ckv = 0) {
  CustomerValue v;
  v.advocate_id = std::move(id);
  v.own_inputs = own_inputs;
  v.clv_minor = clv;
  v.crv_minor = crv;
  v.civ_minor = civ;
  v.ckv_minor = ckv;
  v.cev_minor = clv + crv + civ + ckv;
  v.tenure_days = tenure_days;
  return v;
}

const AccountValue& Account(const AccountValueReport& report, std::string_view domain) {
  for (const auto& a : report.accounts) {
    if (a.domain == domain) return a;
  }
  ADD_FAILURE() << "no account " << domain;
  return report.accounts.front();
}

TEST(AccountValueTest, ACompanyIsOneCustomerAndItsPeoplesReferralsAddUp) {
  std::vector<CustomerValue> advocates{
      Advocate("a1", true, 300, 100, 10, 5, 0),  // acme: their own inputs
      Advocate("g1", false, 50, 0, 2),           // globex: the program's figure
      Advocate("a2", false, 50, 40, 3, 0, 7),    // acme: the program's figure, not counted beside a1's
      Advocate("f1", false, 50, 999, 30),        // free email: in no account
      Advocate("g2", false, 50, 10, 1),          // globex
      Advocate("i1", true, 0, 200, 0),           // initech: enrolled today, so outside the medians
  };
  std::vector<std::string> domains{"acme.example",   "globex.example", "acme.example", "",
                                   "globex.example", "initech.example"};
  auto report = ValueAccounts(ValueSettings{}, advocates, domains);
  ASSERT_TRUE(report.ok()) << report.error().message();
  ASSERT_EQ(report->accounts.size(), 3u);
  EXPECT_EQ(report->accounts[0].domain, "acme.example") << "by domain";
  EXPECT_EQ(report->unassigned_advocates, 1);

  const auto& acme = Account(*report, "acme.example");
  EXPECT_EQ(acme.members, (std::vector<std::size_t>{0, 2}));
  EXPECT_EQ(acme.own_inputs_advocates, 1);
  EXPECT_EQ(acme.clv_minor, 300) << "a1's own inputs; a2's program figure is the same company's";
  EXPECT_EQ(acme.crv_minor, 140);
  EXPECT_EQ(acme.civ_minor, 5);
  EXPECT_EQ(acme.ckv_minor, 7);
  EXPECT_EQ(acme.cev_minor, 452);
  EXPECT_EQ(acme.tenure_days, 10);

  const auto& globex = Account(*report, "globex.example");
  EXPECT_EQ(globex.own_inputs_advocates, 0);
  EXPECT_EQ(globex.clv_minor, 50) << "the program's figure once, not once per person";
  EXPECT_EQ(globex.crv_minor, 10);
  EXPECT_EQ(globex.cev_minor, 60);

  // Medians over acme and globex (initech has no day of tenure): CLV (300 + 50) / 2 = 175, CRV
  // (140 + 10) / 2 = 75.
  EXPECT_EQ(report->median_basis, 2);
  EXPECT_EQ(report->clv_split_minor, 175);
  EXPECT_EQ(report->crv_split_minor, 75);
  EXPECT_EQ(acme.quadrant, Quadrant::kChampion);
  EXPECT_EQ(globex.quadrant, Quadrant::kMiser);
  EXPECT_EQ(Account(*report, "initech.example").quadrant, Quadrant::kAdvocate) << "CLV 0 low, CRV 200 high";
  EXPECT_EQ(report->quadrants.champions, 1);
  EXPECT_EQ(report->quadrants.affluents, 0);
  EXPECT_EQ(report->quadrants.advocates, 1);
  EXPECT_EQ(report->quadrants.misers, 1);
}

TEST(AccountValueTest, OwnInputsOfSeveralPeopleAddUp) {
  std::vector<CustomerValue> advocates{Advocate("a1", true, 300, 0, 5), Advocate("a2", true, -20, 0, 5),
                                       Advocate("a3", false, 50, 0, 5)};
  auto report = ValueAccounts(ValueSettings{}, advocates, {"acme.example", "acme.example", "acme.example"});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->accounts[0].clv_minor, 280) << "300 and a marketing cost above revenue's −20";
  EXPECT_EQ(report->accounts[0].own_inputs_advocates, 2);
}

TEST(AccountValueTest, ExactlyAtTheMedianIsLowAndThresholdsApplyToAccounts) {
  std::vector<CustomerValue> advocates{Advocate("a", false, 10, 10, 5), Advocate("b", false, 20, 20, 5),
                                       Advocate("c", false, 30, 30, 5)};
  std::vector<std::string> domains{"a.example", "b.example", "c.example"};
  auto by_median = ValueAccounts(ValueSettings{}, advocates, domains);
  ASSERT_TRUE(by_median.ok());
  EXPECT_EQ(Account(*by_median, "b.example").quadrant, Quadrant::kMiser) << "20 is the median: low";
  EXPECT_EQ(Account(*by_median, "c.example").quadrant, Quadrant::kChampion);

  ValueSettings thresholds;
  thresholds.clv_threshold_minor = 5;
  thresholds.crv_threshold_minor = 25;
  auto by_threshold = ValueAccounts(thresholds, advocates, domains);
  ASSERT_TRUE(by_threshold.ok());
  EXPECT_EQ(by_threshold->clv_split_minor, 5);
  EXPECT_EQ(Account(*by_threshold, "a.example").quadrant, Quadrant::kAffluent);
  EXPECT_EQ(Account(*by_threshold, "c.example").quadrant, Quadrant::kChampion);
}

TEST(AccountValueTest, CompanyDomainsAreFoundOncePerHostAndFreeEmailHasNone) {
  const std::vector<std::string_view> emails{"ana@acme.example", "bo@Sales.Acme.example",       "cy@acme.example",
                                             "di@gmail.com",     "ed@privaterelay.appleid.com", "fay@acme.example"};
  EXPECT_EQ(CompanyDomainsOf(emails),
            (std::vector<std::string>{"acme.example", "acme.example", "acme.example", "", "", "acme.example"}));
}

TEST(AccountValueTest, NoAccountsWithoutCompanyDomains) {
  auto report = ValueAccounts(ValueSettings{}, {Advocate("f", false, 1, 1, 9)}, {""});
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->accounts.empty());
  EXPECT_EQ(report->unassigned_advocates, 1);
  EXPECT_FALSE(report->clv_split_minor.has_value());
  EXPECT_EQ(report->median_basis, 0);
}

TEST(AccountValueTest, SumsTooLargeToShowAreRefusedNamingTheFigureAndTheAccount) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::vector<CustomerValue> crv{Advocate("a", false, 0, kMax / 2 + 1, 5), Advocate("b", false, 0, kMax / 2 + 1, 5)};
  auto too_much_crv = ValueAccounts(ValueSettings{}, crv, {"acme.example", "acme.example"});
  ASSERT_FALSE(too_much_crv.ok());
  EXPECT_EQ(too_much_crv.error().code(), ErrorCode::kOutOfRange);
  ASSERT_EQ(too_much_crv.error().fields().size(), 1u);
  EXPECT_EQ(too_much_crv.error().fields()[0].field, "crv_minor");
  EXPECT_NE(too_much_crv.error().message().find("acme.example"), std::string::npos);

  // Each part fits; their total does not.
  CustomerValue big = Advocate("a", true, kMax, 0, 5);
  big.crv_minor = kMax;
  auto too_much_cev = ValueAccounts(ValueSettings{}, {big}, {"acme.example"});
  ASSERT_FALSE(too_much_cev.ok());
  EXPECT_EQ(too_much_cev.error().fields()[0].field, "cev_minor");
}

}  // namespace
}  // namespace bb::domain

// The pipeline report's rows (store/analytics.h, domain/pipeline_report.h) on every backend: the
// referrals won in a range by the history entry that reached won (a held win is none), the
// cohort's outcomes by what its referrals reached, and the open, clear referrals by stage and day;
// and the customers report's (domain/customer_comparison.h): each win with its churn.

#include <algorithm>
#include <map>

#include "common/time_format.h"
#include "conformance.h"
#include "domain/click_summary.h"
#include "domain/customer_comparison.h"
#include "domain/pipeline_report.h"

namespace bb::store::conformance {
namespace {

using domain::ReferralStage;

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

class PipelineConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped()) return;
    program_ = MakeProgram("north");
    advocate_ = MakeAdvocate(program_, MakePerson("ada"));
    ASSERT_OK(InsertProgramWithAdvocates(program_, {advocate_}));
  }

  // A referral submitted at `submitted` on `channel`, moved at `moved` to `stage` through `reached`.
  void Add(const char* key, const char* submitted, const char* channel, ReferralStage stage,
           std::vector<ReferralStage> reached = {}, const char* moved = nullptr, std::int64_t deal = 0,
           domain::ReviewStatus review = domain::ReviewStatus::kClear, std::string deal_currency = "") {
    domain::Referral r = MakeReferral(advocate_, std::string(key) + "@globex.example", At(submitted));
    ids_[key] = r.id;
    r.channel = channel;
    r.stage = stage;
    r.review_status = review;
    if (deal > 0) {
      r.deal_value_minor = deal;
      r.deal_currency = deal_currency.empty() ? program_.currency : deal_currency;
    }
    domain::ReferralEvent submission{NewId(domain::kReferralEventPrefix, r.created_at),
                                     r.id,
                                     domain::ReferralEventKind::kSubmitted,
                                     std::nullopt,
                                     ReferralStage::kSubmitted,
                                     advocate_.id,
                                     "",
                                     r.created_at,
                                     {ReferralStage::kSubmitted},
                                     std::nullopt};
    ASSERT_OK(Write([&](Tx& tx) -> Status {
      BB_RETURN_IF_ERROR(tx.InsertReferral(r));
      BB_RETURN_IF_ERROR(tx.InsertReferralEvent(submission));
      if (!moved) return Ok();
      domain::ReferralEvent move{NewId(domain::kReferralEventPrefix, At(moved)),
                                 r.id,
                                 domain::ReferralEventKind::kStageMoved,
                                 ReferralStage::kSubmitted,
                                 stage,
                                 "usr_1",
                                 "",
                                 At(moved),
                                 reached,
                                 deal > 0 ? std::optional<std::int64_t>(deal) : std::nullopt};
      return tx.InsertReferralEvent(move);
    }));
  }

  // The churn of the customer of referral `key`, recorded at `at`.
  void Churn(const char* key, const char* at) {
    domain::ReferralEvent churn{NewId(domain::kReferralEventPrefix, At(at)),
                                ids_.at(key),
                                domain::ReferralEventKind::kCustomerChurned,
                                ReferralStage::kWon,
                                ReferralStage::kWon,
                                "usr_1",
                                "",
                                At(at),
                                {},
                                std::nullopt};
    ASSERT_OK(Write([&](Tx& tx) { return tx.InsertReferralEvent(churn); }));
  }

  domain::Program program_;
  domain::Advocate advocate_;
  std::map<std::string, std::string> ids_;  // referral ids by key
};

TEST_P(PipelineConformanceTest, WonReferralsOutcomesAndOpenReferrals) {
  using S = ReferralStage;
  Add("a", "2026-01-05T10:00:00Z", "email", S::kWon, {S::kQualified, S::kWon}, "2026-01-15T10:00:00Z", 10'000);
  Add("b", "2026-01-06T10:00:00Z", "linkedin", S::kWon, {S::kQualified, S::kWon}, "2026-02-05T10:00:00Z", 20'000);
  Add("c", "2026-01-07T10:00:00Z", "email", S::kLost, {S::kLost}, "2026-01-20T10:00:00Z");
  Add("d", "2026-01-08T10:00:00Z", "email", S::kSubmitted);
  Add("e", "2026-01-09T23:59:59.999999Z", "email", S::kQualified, {S::kQualified}, "2026-01-12T10:00:00Z");
  Add("f", "2026-01-10T10:00:00Z", "email", S::kWon, {S::kQualified, S::kWon}, "2026-01-11T10:00:00Z", 5'000,
      domain::ReviewStatus::kHeld);
  Add("g", "2025-12-31T23:59:59.999999Z", "qr", S::kWon, {S::kQualified, S::kWon}, "2026-01-02T00:00:00Z", 7'000);
  Add("h", "2026-01-11T10:00:00Z", "email", S::kRejected, {S::kRejected}, "2026-01-13T10:00:00Z");
  Timestamp from = At("2026-01-01T00:00:00Z");
  Timestamp before = At("2026-02-01T00:00:00Z");

  auto won = Get([&](Queries& q) { return q.ListWonReferrals(program_.id, from, before); });
  std::sort(won.begin(), won.end(), [](const auto& x, const auto& y) { return x.won_at < y.won_at; });
  ASSERT_EQ(won.size(), 2u) << "g and a: b was won in February, f is held";
  EXPECT_EQ(won[0].channel, "qr");
  EXPECT_EQ(won[0].submitted_at, At("2025-12-31T23:59:59.999999Z"));
  EXPECT_EQ(won[0].won_at, At("2026-01-02T00:00:00Z"));
  EXPECT_EQ(won[0].deal_value_minor, 7'000);
  EXPECT_TRUE(won[0].in_program_currency);
  EXPECT_EQ(won[1].channel, "email");
  EXPECT_EQ(won[1].deal_value_minor, 10'000);

  auto outcomes = Get([&](Queries& q) { return q.CountStageOutcomes(program_.id, from, before); });
  auto rates = domain::WinRatesByStage(outcomes, false);
  ASSERT_EQ(rates.size(), 2u);
  EXPECT_EQ(rates[0], (domain::StageWinRate{S::kSubmitted, 7, 2, 1, 1, 3, 6'667}))
      << "a to h but g: won a and b, lost c, rejected h, open d, e and held f";
  EXPECT_EQ(rates[1], (domain::StageWinRate{S::kQualified, 4, 2, 0, 0, 2, 10'000})) << "reached qualified: a, b, e, f";

  auto open = Get([&](Queries& q) { return q.CountOpenReferrals(program_.id); });
  std::sort(open.begin(), open.end(), [](const auto& x, const auto& y) { return x.day < y.day; });
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].stage, S::kSubmitted);
  EXPECT_EQ(open[0].day, domain::UtcDayOf(At("2026-01-08T00:00:00Z")));
  EXPECT_EQ(open[0].count, 1);
  EXPECT_EQ(open[1].stage, S::kQualified);
  EXPECT_EQ(open[1].day, domain::UtcDayOf(At("2026-01-09T00:00:00Z"))) << "a microsecond before midnight";
}

TEST_P(PipelineConformanceTest, ReferredCustomersAreTheClearWinsBeforeTheEndWithTheirChurn) {
  using S = ReferralStage;
  Add("a", "2026-01-05T10:00:00Z", "email", S::kWon, {S::kQualified, S::kWon}, "2026-01-15T10:00:00Z", 10'000);
  Add("b", "2026-01-06T10:00:00Z", "email", S::kWon, {S::kWon}, "2026-01-31T23:59:59.999999Z");
  Add("c", "2026-01-07T10:00:00Z", "email", S::kWon, {S::kWon}, "2026-01-20T10:00:00Z", 3'000,
      domain::ReviewStatus::kClear, "EUR");
  Add("d", "2026-01-08T10:00:00Z", "email", S::kWon, {S::kWon}, "2026-02-01T00:00:00Z", 9'000);
  Add("e", "2026-01-09T10:00:00Z", "email", S::kWon, {S::kWon}, "2026-01-10T10:00:00Z", 5'000,
      domain::ReviewStatus::kHeld);
  Add("f", "2026-01-10T10:00:00Z", "email", S::kLost, {S::kLost}, "2026-01-12T10:00:00Z");
  Churn("a", "2026-03-02T08:00:00Z");

  auto customers = Get([&](Queries& q) { return q.ListReferredCustomers(program_.id, At("2026-02-01T00:00:00Z")); });
  std::sort(customers.begin(), customers.end(), [](const auto& x, const auto& y) { return x.won_at < y.won_at; });
  ASSERT_EQ(customers.size(), 3u) << "a, c and b: d was won at the bound, e is held, f lost";
  EXPECT_EQ(customers[0],
            (domain::ReferredCustomer{At("2026-01-15T10:00:00Z"), At("2026-03-02T08:00:00Z"), 10'000, true}))
      << "a's churn is read even though it is after the bound";
  EXPECT_EQ(customers[1], (domain::ReferredCustomer{At("2026-01-20T10:00:00Z"), std::nullopt, 3'000, false}))
      << "c's deal is in another currency";
  EXPECT_EQ(customers[2], (domain::ReferredCustomer{At("2026-01-31T23:59:59.999999Z"), std::nullopt, 0, false}))
      << "b was won without a value";

  auto later = Get([&](Queries& q) { return q.ListReferredCustomers(program_.id, At("2026-02-01T00:00:00.000001Z")); });
  EXPECT_EQ(later.size(), 4u) << "d, won at the first instant of February, is in";
}

INSTANTIATE_TEST_SUITE_P(Backends, PipelineConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance

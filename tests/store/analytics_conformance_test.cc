// The click summaries (store/analytics.h, store/sql/click_summary.h) on every backend: kept by
// every way clicks arrive, equal to the raw clicks day by day, and the dashboards' click figures
// over any range equal to a direct count of the clicks, whatever the range's edges (midnight UTC,
// a microsecond either side of it, month ends, a leap day).

#include <map>
#include <random>
#include <set>

#include "common/time_format.h"
#include "conformance.h"
#include "domain/click_summary.h"

namespace bb::store::conformance {
namespace {

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

// What the dashboards should say about some clicks, counted directly.
struct Expected {
  std::map<std::string, std::int64_t> clicks;  // human, by channel
  std::int64_t bot_clicks = 0;
  std::set<std::string> visitors;

  std::int64_t HumanClicks() const {
    std::int64_t total = 0;
    for (const auto& [channel, count] : clicks) total += count;
    return total;
  }
  // The estimate the store must give: the sketch of exactly these visitors.
  std::int64_t VisitorEstimate() const {
    domain::VisitorSketch sketch;
    for (const auto& visitor : visitors) sketch.Add(visitor);
    return sketch.Estimate();
  }
};

class AnalyticsConformanceTest : public ConformanceTest {
 protected:
  // Two programs, two advocates each, and clicks from 2024-01-29 to 2024-03-02 (2024 is a leap
  // year): random ones, some repeated visitors and bots, plus clicks on and beside the midnights
  // the ranges below start or end at. Some arrive through the tracked link's asynchronous group
  // commit, some in a transaction of their own, some several in one transaction.
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped()) return;
    for (const char* slug : {"north", "south"}) {
      domain::Program program = MakeProgram(slug);
      std::vector<domain::Advocate> advocates = {MakeAdvocate(program, MakePerson(std::string(slug) + "0")),
                                                 MakeAdvocate(program, MakePerson(std::string(slug) + "1"))};
      ASSERT_OK(InsertProgramWithAdvocates(program, advocates));
      programs_.push_back(program);
      for (auto& advocate : advocates) advocates_.push_back(advocate);
    }
    std::mt19937_64 random(20240229);
    const Timestamp first = At("2024-01-29T00:00:00Z");
    const std::int64_t span_us = ToMicros(At("2024-03-03T00:00:00Z")) - ToMicros(first);
    const char* channels[] = {"email", "linkedin", "qr", "direct"};
    for (int i = 0; i < 1500; ++i) {
      const auto& advocate = advocates_[random() % advocates_.size()];
      Timestamp at = first + std::chrono::microseconds(static_cast<std::int64_t>(random() % span_us));
      std::string visitor = "01hq" + std::string(18, '0') + std::to_string(1000 + random() % 400);  // 26 digits
      clicks_.push_back(MakeClick(advocate, at, visitor, channels[random() % 4], random() % 10 == 0));
    }
    std::uint64_t edge_number = 0;
    for (const char* edge :
         {"2024-01-31T23:59:59.999999Z", "2024-02-01T00:00:00Z", "2024-02-28T23:59:59.999999Z", "2024-02-29T00:00:00Z",
          "2024-02-29T23:59:59.999999Z", "2024-03-01T00:00:00Z", "2024-03-01T00:00:00.000001Z"}) {
      ++edge_number;
      for (std::uint64_t i = 0; i < advocates_.size(); ++i) {
        // A visitor of its own per edge and advocate.
        std::string visitor = domain::FormatUlid(domain::Bits128{edge_number, i});
        clicks_.push_back(MakeClick(advocates_[i], At(edge), visitor, "email"));
      }
    }
    // A third through the asynchronous writer (grouped), all submitted before any is awaited.
    std::vector<std::future<Status>> pending;
    for (std::size_t i = 0; i < clicks_.size(); i += 3) {
      auto done = std::make_shared<std::promise<Status>>();
      pending.push_back(done->get_future());
      store_->WriteAsync([click = clicks_[i]](Tx& tx) { return tx.InsertClick(click); },
                         [done](Status outcome) { done->set_value(std::move(outcome)); });
    }
    for (auto& outcome : pending) ASSERT_OK(Await(outcome));
    // A third one per transaction, a third ten per transaction.
    for (std::size_t i = 1; i < clicks_.size(); i += 3) {
      ASSERT_OK(Write([&](Tx& tx) { return tx.InsertClick(clicks_[i]); }));
    }
    std::vector<domain::Click> grouped;
    for (std::size_t i = 2; i < clicks_.size(); i += 3) grouped.push_back(clicks_[i]);
    for (std::size_t i = 0; i < grouped.size(); i += 10) {
      ASSERT_OK(Write([&](Tx& tx) -> Status {
        for (std::size_t j = i; j < std::min(i + 10, grouped.size()); ++j)
          BB_RETURN_IF_ERROR(tx.InsertClick(grouped[j]));
        return Ok();
      }));
    }
  }

  Expected Count(const std::string& program_id, std::optional<Timestamp> from, std::optional<Timestamp> before) const {
    Expected out;
    for (const auto& click : clicks_) {
      if (!program_id.empty() && click.program_id != program_id) continue;
      if ((from && click.occurred_at < *from) || (before && click.occurred_at >= *before)) continue;
      if (click.is_bot) {
        ++out.bot_clicks;
      } else {
        ++out.clicks[click.channel];
        out.visitors.insert(click.visitor_id);
      }
    }
    return out;
  }

  // Every stored day of every program equals the raw clicks' (what `analytics verify` checks).
  void ExpectSummariesMatchTheClicks() {
    for (const auto& program : programs_) {
      auto span = Get([&](Queries& q) { return q.GetClickDaySpan(program.id); });
      ASSERT_TRUE(span.has_value());
      EXPECT_EQ(span->first, domain::UtcDayOf(At("2024-01-29T00:00:00Z")));
      EXPECT_EQ(span->second, domain::UtcDayOf(At("2024-03-02T00:00:00Z")));
      auto stored = Get([&](Queries& q) { return q.ListClickDays(program.id, span->first, span->second + 1); });
      auto computed = Get([&](Queries& q) { return q.ComputeClickDays(program.id, span->first, span->second + 1); });
      EXPECT_EQ(domain::CompareClickDays(stored, computed), std::vector<std::string>{}) << program.id;
      EXPECT_EQ(stored.size(), 34u);  // every day from January 29 to March 2 had clicks
      EXPECT_TRUE(stored == computed);
    }
  }

  std::vector<domain::Program> programs_;
  std::vector<domain::Advocate> advocates_;
  std::vector<domain::Click> clicks_;
};

TEST_P(AnalyticsConformanceTest, TheSummariesEqualTheRawClicksDayByDay) {
  ExpectSummariesMatchTheClicks();
  // A computed day counts what its raw clicks say (checked here by hand for one day).
  auto leap_day = domain::UtcDayOf(At("2024-02-29T12:00:00Z"));
  auto computed = Get([&](Queries& q) { return q.ComputeClickDays(programs_[0].id, leap_day, leap_day + 1); });
  ASSERT_EQ(computed.size(), 1u);
  Expected expected = Count(programs_[0].id, At("2024-02-29T00:00:00Z"), At("2024-03-01T00:00:00Z"));
  std::int64_t humans = 0;
  std::int64_t bots = 0;
  for (const auto& [channel, figures] : computed[0].channels) {
    EXPECT_EQ(figures.clicks, expected.clicks[channel]) << channel;
    humans += figures.clicks;
    bots += figures.bot_clicks;
  }
  EXPECT_EQ(humans, expected.HumanClicks());
  EXPECT_EQ(bots, expected.bot_clicks);
  EXPECT_EQ(computed[0].visitors.Estimate(), expected.VisitorEstimate());
}

TEST_P(AnalyticsConformanceTest, EveryRangeCountsWhatTheRawClicksSay) {
  struct Range {
    const char* from;
    const char* before;
  };
  const Range ranges[] = {
      {"2024-02-29T00:00:00Z", "2024-03-01T00:00:00Z"},                // the leap day, midnight to midnight
      {"2024-02-28T23:59:59.999999Z", "2024-03-01T00:00:00.000001Z"},  // a microsecond beyond each side
      {"2024-02-29T00:00:00.000001Z", "2024-02-29T23:59:59.999999Z"},  // inside one day, no whole day
      {"2024-01-31T12:00:00Z", "2024-02-29T12:00:00Z"},                // across a month end, part days at both ends
      {"2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"},                // the calendar month of February
      {"2024-01-01T00:00:00Z", "2024-12-31T00:00:00Z"},                // a year around all of it
      {"2024-03-01T00:00:00Z", "2024-03-01T00:00:00.000001Z"},         // one microsecond
      {"2024-03-05T00:00:00Z", "2024-03-09T00:00:00Z"},                // nothing in it
  };
  std::vector<std::string> scopes = {programs_[0].id, programs_[1].id, ""};
  for (const auto& range : ranges) {
    Timestamp from = At(range.from);
    Timestamp before = At(range.before);
    for (const auto& scope : scopes) {
      SCOPED_TRACE(std::string(range.from) + " to " + range.before + " program '" + scope + "'");
      Expected expected = Count(scope, from, before);
      auto analytics =
          Get([&](Queries& q) { return q.GetAnalytics(scope, from, before, domain::AnalyticsBasis::kActivity); });
      EXPECT_EQ(analytics.funnel.clicks, expected.HumanClicks());
      EXPECT_EQ(analytics.funnel.unique_visitors, expected.VisitorEstimate());
      EXPECT_TRUE(analytics.funnel.unique_visitors_estimated);
      std::map<std::string, std::int64_t> by_channel;
      for (const auto& channel : analytics.channels) {
        if (channel.clicks > 0) by_channel[channel.channel] = channel.clicks;
      }
      EXPECT_EQ(by_channel, expected.clicks);
      if (scope.empty()) continue;
      auto stats = Get([&](Queries& q) { return q.GetProgramStats(scope, {from, before}); });
      EXPECT_EQ(stats.clicks, expected.HumanClicks());
      EXPECT_EQ(stats.bot_clicks, expected.bot_clicks);
      EXPECT_EQ(stats.unique_visitors, expected.VisitorEstimate());
      std::map<std::string, std::int64_t> stats_by_channel(stats.clicks_by_channel.begin(),
                                                           stats.clicks_by_channel.end());
      EXPECT_EQ(stats_by_channel, expected.clicks);
    }
  }
  // Unbounded on either side or both (the program stats without a range).
  for (const auto& program : programs_) {
    for (auto [from, before] : {std::pair<std::optional<Timestamp>, std::optional<Timestamp>>{},
                                {At("2024-02-15T06:00:00Z"), std::nullopt},
                                {std::nullopt, At("2024-02-15T06:00:00Z")}}) {
      Expected expected = Count(program.id, from, before);
      auto stats = Get([&](Queries& q) { return q.GetProgramStats(program.id, {from, before}); });
      EXPECT_EQ(stats.clicks, expected.HumanClicks());
      EXPECT_EQ(stats.bot_clicks, expected.bot_clicks);
      EXPECT_EQ(stats.unique_visitors, expected.VisitorEstimate());
    }
  }
}

TEST_P(AnalyticsConformanceTest, ARebuildInTheTransactionOfNewClicksCountsThemOnce) {
  // A click added and its day rebuilt in one transaction (on SQLite, in the group commit whose
  // clicks' summaries are added at the end of the group): counted once.
  domain::Click late = MakeClick(advocates_[0], At("2024-02-29T08:00:00Z"), "01hq1a7e000000000000000000", "qr");
  std::int64_t leap_day = domain::UtcDayOf(late.occurred_at);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertClick(late));
    return tx.RebuildClickDays(late.program_id, leap_day - 40, leap_day + 40);
  }));
  clicks_.push_back(late);
  ExpectSummariesMatchTheClicks();
  Expected expected = Count(late.program_id, std::nullopt, std::nullopt);
  auto stats = Get([&](Queries& q) { return q.GetProgramStats(late.program_id, {}); });
  EXPECT_EQ(stats.clicks, expected.HumanClicks());
  // And rebuilding again changes nothing.
  ASSERT_OK(Write([&](Tx& tx) { return tx.RebuildClickDays(late.program_id, leap_day - 40, leap_day + 40); }));
  ExpectSummariesMatchTheClicks();
}

TEST_P(AnalyticsConformanceTest, AProgramWithoutClicksHasNoSpan) {
  domain::Program quiet = MakeProgram("quiet");
  ASSERT_OK(InsertProgramWithAdvocates(quiet, {}));
  EXPECT_FALSE(Get([&](Queries& q) { return q.GetClickDaySpan(quiet.id); }).has_value());
  auto stats = Get([&](Queries& q) { return q.GetProgramStats(quiet.id, {}); });
  EXPECT_EQ(stats.clicks, 0);
  EXPECT_EQ(stats.unique_visitors, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AnalyticsConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance

#include "service/analytics_maintenance.h"

#include <algorithm>
#include <functional>
#include <set>

namespace bb::service {
namespace {

constexpr int kProgramPage = 1000;
// Verify reads a month of days per snapshot; rebuild writes a day per transaction, so that the
// writer it holds (SQLite) or the rows it locks (PostgreSQL) are held for one day's clicks only.
constexpr std::int64_t kDaysVerifiedAtOnce = 31;
constexpr std::int64_t kDaysRebuiltAtOnce = 1;

}  // namespace

Result<AnalyticsReport> AnalyticsMaintenance::InChunksOfDays(std::int64_t days_at_once, const Chunk& clicks,
                                                             const Chunk& referrals) {
  AnalyticsReport report;
  std::string before;
  using Span = std::optional<std::pair<std::int64_t, std::int64_t>>;
  auto over_span = [&](const std::string& program_id, const Span& span, const Chunk& chunk) -> Status {
    if (!span) return Ok();
    for (std::int64_t day = span->first; day <= span->second; day += days_at_once) {
      BB_RETURN_IF_ERROR(chunk(program_id, day, std::min(day + days_at_once, span->second + 1), report));
    }
    return Ok();
  };
  while (true) {
    std::vector<domain::Program> programs;
    BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
      BB_ASSIGN_OR_RETURN(programs, q.ListPrograms({std::nullopt, before, kProgramPage}));
      return Ok();
    }));
    for (const auto& program : programs) {
      Span click_span;
      Span referral_span;
      BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
        BB_ASSIGN_OR_RETURN(click_span, q.GetClickDaySpan(program.id));
        BB_ASSIGN_OR_RETURN(referral_span, q.GetReferralDaySpan(program.id));
        return Ok();
      }));
      ++report.programs;
      BB_RETURN_IF_ERROR(over_span(program.id, click_span, clicks));
      BB_RETURN_IF_ERROR(over_span(program.id, referral_span, referrals));
    }
    if (static_cast<int>(programs.size()) < kProgramPage) break;
    before = programs.back().id;
  }
  return report;
}

namespace {

// The distinct days of `summary`.
std::int64_t DaysIn(const domain::ReferralSummary& summary) {
  std::set<std::int64_t> days;
  for (const auto& [key, tally] : summary.days) days.insert(key.day);
  for (const auto& [key, tally] : summary.advocates) days.insert(key.first);
  for (const auto& [key, count] : summary.enrolments) days.insert(key.first);
  return static_cast<std::int64_t>(days.size());
}

}  // namespace

Result<AnalyticsReport> AnalyticsMaintenance::Verify() {
  return InChunksOfDays(
      kDaysVerifiedAtOnce,
      [&](const std::string& program_id, std::int64_t from_day, std::int64_t before_day, AnalyticsReport& report) {
        return store_.Read([&](store::Queries& q) -> Status {
          BB_ASSIGN_OR_RETURN(auto stored, q.ListClickDays(program_id, from_day, before_day));
          BB_ASSIGN_OR_RETURN(auto computed, q.ComputeClickDays(program_id, from_day, before_day));
          report.days += static_cast<std::int64_t>(computed.size());
          for (auto& difference : domain::CompareClickDays(stored, computed)) {
            report.differences.push_back(std::move(difference));
          }
          return Ok();
        });
      },
      [&](const std::string& program_id, std::int64_t from_day, std::int64_t before_day, AnalyticsReport& report) {
        return store_.Read([&](store::Queries& q) -> Status {
          BB_ASSIGN_OR_RETURN(auto stored, q.ListReferralDays(program_id, from_day, before_day));
          BB_ASSIGN_OR_RETURN(auto computed, q.ComputeReferralDays(program_id, from_day, before_day));
          report.referral_days += DaysIn(computed);
          for (auto& difference : domain::CompareReferralSummaries(program_id, stored, computed)) {
            report.differences.push_back(std::move(difference));
          }
          return Ok();
        });
      });
}

Result<AnalyticsReport> AnalyticsMaintenance::Rebuild() {
  return InChunksOfDays(
      kDaysRebuiltAtOnce,
      [&](const std::string& program_id, std::int64_t from_day, std::int64_t before_day,
          AnalyticsReport& report) -> Status {
        BB_RETURN_IF_ERROR(
            store_.Write([&](store::Tx& tx) { return tx.RebuildClickDays(program_id, from_day, before_day); }));
        return store_.Read([&](store::Queries& q) -> Status {
          BB_ASSIGN_OR_RETURN(auto stored, q.ListClickDays(program_id, from_day, before_day));
          report.days += static_cast<std::int64_t>(stored.size());
          return Ok();
        });
      },
      [&](const std::string& program_id, std::int64_t from_day, std::int64_t before_day,
          AnalyticsReport& report) -> Status {
        BB_RETURN_IF_ERROR(
            store_.Write([&](store::Tx& tx) { return tx.RebuildReferralDays(program_id, from_day, before_day); }));
        return store_.Read([&](store::Queries& q) -> Status {
          BB_ASSIGN_OR_RETURN(auto stored, q.ListReferralDays(program_id, from_day, before_day));
          report.referral_days += DaysIn(stored);
          return Ok();
        });
      });
}

}  // namespace bb::service

#include "service/analytics_maintenance.h"

#include <algorithm>
#include <functional>

namespace bb::service {
namespace {

constexpr int kProgramPage = 1000;
// Verify reads a month of days per snapshot; rebuild writes a day per transaction, so that the
// writer it holds (SQLite) or the rows it locks (PostgreSQL) are held for one day's clicks only.
constexpr std::int64_t kDaysVerifiedAtOnce = 31;
constexpr std::int64_t kDaysRebuiltAtOnce = 1;

}  // namespace

Result<AnalyticsReport> AnalyticsMaintenance::InChunksOfDays(
    std::int64_t days_at_once,
    const std::function<Status(const std::string&, std::int64_t, std::int64_t, AnalyticsReport&)>& chunk) {
  AnalyticsReport report;
  std::string before;
  while (true) {
    std::vector<domain::Program> programs;
    BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
      BB_ASSIGN_OR_RETURN(programs, q.ListPrograms({std::nullopt, before, kProgramPage}));
      return Ok();
    }));
    for (const auto& program : programs) {
      std::optional<std::pair<std::int64_t, std::int64_t>> span;
      BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
        BB_ASSIGN_OR_RETURN(span, q.GetClickDaySpan(program.id));
        return Ok();
      }));
      ++report.programs;
      if (!span) continue;
      for (std::int64_t day = span->first; day <= span->second; day += days_at_once) {
        BB_RETURN_IF_ERROR(chunk(program.id, day, std::min(day + days_at_once, span->second + 1), report));
      }
    }
    if (static_cast<int>(programs.size()) < kProgramPage) break;
    before = programs.back().id;
  }
  return report;
}

Result<AnalyticsReport> AnalyticsMaintenance::Verify() {
  return InChunksOfDays(kDaysVerifiedAtOnce, [&](const std::string& program_id, std::int64_t from_day,
                                                 std::int64_t before_day, AnalyticsReport& report) {
    return store_.Read([&](store::Queries& q) -> Status {
      BB_ASSIGN_OR_RETURN(auto stored, q.ListClickDays(program_id, from_day, before_day));
      BB_ASSIGN_OR_RETURN(auto computed, q.ComputeClickDays(program_id, from_day, before_day));
      report.days += static_cast<std::int64_t>(computed.size());
      for (auto& difference : domain::CompareClickDays(stored, computed)) {
        report.differences.push_back(std::move(difference));
      }
      return Ok();
    });
  });
}

Result<AnalyticsReport> AnalyticsMaintenance::Rebuild() {
  return InChunksOfDays(kDaysRebuiltAtOnce,
                        [&](const std::string& program_id, std::int64_t from_day, std::int64_t before_day,
                            AnalyticsReport& report) -> Status {
                          BB_RETURN_IF_ERROR(store_.Write(
                              [&](store::Tx& tx) { return tx.RebuildClickDays(program_id, from_day, before_day); }));
                          return store_.Read([&](store::Queries& q) -> Status {
                            BB_ASSIGN_OR_RETURN(auto stored, q.ListClickDays(program_id, from_day, before_day));
                            report.days += static_cast<std::int64_t>(stored.size());
                            return Ok();
                          });
                        });
}

}  // namespace bb::service

#include "service/report_service.h"

#include "domain/analytics.h"

namespace bb::service {
namespace {

constexpr auto kYear = std::chrono::days(365);

}  // namespace

Result<PipelineReport> ReportService::Pipeline(const domain::Actor& actor, std::string_view program_id,
                                               domain::TimeRange& range) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kReadAnalytics));
  PipelineReport report;
  report.now = clock_.Now();
  if (!range.before) range.before = report.now;
  if (!range.from) range.from = *range.before - kYear;
  BB_RETURN_IF_ERROR(domain::CompleteAnalyticsRange(range, report.now));
  report.from = *range.from;
  report.before = *range.before;
  report.history_from = report.now - kYear;
  std::vector<domain::WonReferral> won;
  std::vector<domain::StageOutcomeCount> outcomes;
  std::vector<domain::WonReferral> past_won;
  std::vector<domain::StageOutcomeCount> past_outcomes;
  std::vector<domain::OpenReferralCount> open;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return Error::NotFound("No program with this id.");
    report.program = std::move(*program);
    BB_ASSIGN_OR_RETURN(won, q.ListWonReferrals(program_id, report.from, report.before));
    BB_ASSIGN_OR_RETURN(outcomes, q.CountStageOutcomes(program_id, report.from, report.before));
    BB_ASSIGN_OR_RETURN(past_won, q.ListWonReferrals(program_id, report.history_from, report.now));
    BB_ASSIGN_OR_RETURN(past_outcomes, q.CountStageOutcomes(program_id, report.history_from, report.now));
    BB_ASSIGN_OR_RETURN(open, q.CountOpenReferrals(program_id));
    return Ok();
  }));
  bool uses_opportunity = report.program.referral_policy.uses_opportunity;
  report.time_to_close = domain::TimesToClose(won);
  report.stages = domain::WinRatesByStage(outcomes, uses_opportunity);
  BB_ASSIGN_OR_RETURN(
      report.forecast,
      domain::ForecastRevenue(open, domain::WinRatesByStage(past_outcomes, uses_opportunity), past_won, report.now));
  return report;
}

}  // namespace bb::service

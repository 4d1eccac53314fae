#pragma once
// Use cases: the reports of one program — the pipeline report (time to close, win rate by stage,
// forecast; domain/pipeline_report.h), referred and other customers
// (domain/customer_comparison.h) and the monthly program report (domain/monthly_report.h), on
// demand and emailed on the first of each month to the staff who chose "monthly_report".
// Every on-demand method checks the actor's right first. Thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/customer_comparison.h"
#include "domain/monthly_report.h"
#include "domain/pipeline_report.h"
#include "domain/program.h"
#include "domain/stats.h"
#include "service/email_service.h"
#include "store/store.h"

namespace bb::service {

struct PipelineReport {
  domain::Program program;
  Timestamp from{};
  Timestamp before{};
  std::vector<domain::CloseTime> time_to_close;  // of the referrals won in the range
  std::vector<domain::StageWinRate> stages;      // of the referrals submitted in the range
  Timestamp history_from{};                      // the forecast's past year: [history_from, now)
  Timestamp now{};
  domain::Forecast forecast;
};

struct CustomerReport {
  domain::Program program;
  std::string from;       // YYYY-MM, the first month
  std::string to;         // YYYY-MM, the last month (inclusive)
  bool complete = false;  // false: the last month is the current one, counted to date
  domain::CustomerComparison comparison;
};

// The customers report spans at most this many months.
inline constexpr int kMaxCustomerReportMonths = 36;

// The monthly report goes from this hour (UTC) of the first of each month, for the month before.
inline constexpr int kMonthlyReportHourUtc = 7;

class ReportService {
 public:
  ReportService(store::Store& store, const Clock& clock, const EmailService& email, std::string public_base_url)
      : store_(store), clock_(clock), email_(email), public_base_url_(std::move(public_base_url)) {}

  // The pipeline report of `program_id` for `range` (completed: to defaults to now, from to 365
  // days before to; at most domain::kMaxAnalyticsDays), the forecast from the 365 days up to now.
  // Admins, managers and viewers (sales reps: kPermissionDenied); kNotFound for an unknown
  // program; kInvalidArgument naming "to" for a range that is empty or too long; kOutOfRange
  // naming a forecast figure too large for 64 bits.
  Result<PipelineReport> Pipeline(const domain::Actor& actor, std::string_view program_id, domain::TimeRange& range);

  // Referred and other customers of `program_id`, month by month from `from` to `to` (YYYY-MM,
  // inclusive; `to` defaults to the last whole month, `from` to 11 months before `to`). Admins,
  // managers and viewers; kNotFound for an unknown program; kInvalidArgument naming "to" (not a
  // month, or in the future) or "from" (not a month, after `to`, or more than
  // kMaxCustomerReportMonths months before it); kOutOfRange naming a figure too large.
  Result<CustomerReport> Customers(const domain::Actor& actor, std::string_view program_id, std::string_view from,
                                   std::string_view to);

  // The monthly report of `program_id` for `month` (YYYY-MM; the current month's is to date).
  // Admins, managers and viewers; kNotFound for an unknown program; kInvalidArgument naming
  // "month" when it is not a month or is in the future; kOutOfRange as the dashboard.
  Result<domain::MonthlyReport> Monthly(const domain::Actor& actor, std::string_view program_id,
                                        std::string_view month);

  // From kMonthlyReportHourUtc on the first of a month: emails the month before's report of every
  // active or paused program to the admins and managers who chose "monthly_report", once across
  // instances and restarts (a setting records the month sent, in the same transaction as the
  // emails). Returns the emails queued.
  Result<int> SendMonthlyReports(Timestamp now);

 private:
  // A program's referrals won, and submitted, in a range.
  struct RangeRows {
    std::vector<domain::WonReferral> won;
    std::vector<domain::StageOutcomeCount> outcomes;
  };
  // The forecast at `now` of `program`, read in `q`; from `read` when the caller has read the
  // year before `now` already.
  Result<domain::Forecast> ReadForecast(store::Queries& q, const domain::Program& program, Timestamp now,
                                        const RangeRows* read = nullptr);
  // The report of `program` for `month`, read in `q` at `now`.
  Result<domain::MonthlyReport> ReadMonthly(store::Queries& q, const domain::Program& program, std::string_view month,
                                            Timestamp now);

  store::Store& store_;
  const Clock& clock_;
  const EmailService& email_;
  const std::string public_base_url_;
};

}  // namespace bb::service

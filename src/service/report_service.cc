#include "service/report_service.h"

#include "common/checked_math.h"
#include "domain/analytics.h"
#include "domain/email_message.h"
#include "domain/money_text.h"
#include "domain/program_month.h"
#include "service/email_notifier.h"

namespace bb::service {
namespace {

constexpr auto kYear = std::chrono::days(365);
constexpr std::string_view kSentSetting = "email.monthly_report_sent_for";
// Programs a monthly email covers at most (the rest are in the console).
constexpr int kMaxProgramsEmailed = 200;

Status NotFoundProgram() { return Error::NotFound("No program with this id."); }

}  // namespace

Result<domain::Forecast> ReportService::ReadForecast(store::Queries& q, const domain::Program& program, Timestamp now,
                                                     const RangeRows* read) {
  RangeRows past;
  if (!read) {
    BB_ASSIGN_OR_RETURN(past.won, q.ListWonReferrals(program.id, now - kYear, now));
    BB_ASSIGN_OR_RETURN(past.outcomes, q.CountStageOutcomes(program.id, now - kYear, now));
    read = &past;
  }
  BB_ASSIGN_OR_RETURN(auto open, q.CountOpenReferrals(program.id));
  // Every stage's rate, the opportunity stage's too: a program that stopped using it may still
  // have referrals there.
  return domain::ForecastRevenue(open, domain::WinRatesByStage(read->outcomes, true), read->won, now - kYear, now);
}

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
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return NotFoundProgram();
    report.program = std::move(*program);
    bool uses_opportunity = report.program.referral_policy.uses_opportunity;
    RangeRows rows;  // of the report's range
    BB_ASSIGN_OR_RETURN(rows.won, q.ListWonReferrals(program_id, report.from, report.before));
    BB_ASSIGN_OR_RETURN(rows.outcomes, q.CountStageOutcomes(program_id, report.from, report.before));
    report.time_to_close = domain::TimesToClose(rows.won);
    report.stages = domain::WinRatesByStage(rows.outcomes, uses_opportunity);
    // The default range is the forecast's past year: read once.
    bool same = report.from == report.history_from && report.before == report.now;
    BB_ASSIGN_OR_RETURN(report.forecast, ReadForecast(q, report.program, report.now, same ? &rows : nullptr));
    return Ok();
  }));
  return report;
}

Result<CustomerReport> ReportService::Customers(const domain::Actor& actor, std::string_view program_id,
                                                std::string_view from, std::string_view to) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kReadAnalytics));
  const Timestamp now = clock_.Now();
  CustomerReport report;
  if (to.empty()) {
    // The last whole month: the current one has no entered totals yet (before 2000-02: the current one).
    std::string last_whole = domain::MonthOf(domain::MonthStart(now) - std::chrono::days(1));
    report.to = domain::ParseMonth(last_whole) ? last_whole : domain::MonthOf(now);
  } else {
    report.to = std::string(to);
  }
  auto last = domain::ParseMonth(report.to);
  if (!last) return Error::InvalidField("to", "must be a month, YYYY-MM, from 2000-01 to 9999-12");
  if (*last > now) return Error::InvalidField("to", "must not be in the future");
  Timestamp earliest = *last;
  for (int i = 1; i < kMaxCustomerReportMonths; ++i) earliest = domain::MonthStart(earliest - std::chrono::days(1));
  if (from.empty()) {
    Timestamp first = *last;
    for (int i = 1; i < 12; ++i) first = domain::MonthStart(first - std::chrono::days(1));
    report.from = domain::MonthBound(first);  // not before 2000-01
  } else {
    report.from = std::string(from);
  }
  auto first = domain::ParseMonth(report.from);
  if (!first) return Error::InvalidField("from", "must be a month, YYYY-MM, from 2000-01 to 9999-12");
  if (*first > *last) return Error::InvalidField("from", "must be no later than to");
  if (*first < earliest) {
    return Error::InvalidField(
        "from", "must be at most " + std::to_string(kMaxCustomerReportMonths) + " months before to, counting both");
  }
  const Timestamp end = domain::NextMonthStart(*last);
  report.complete = end <= now;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return NotFoundProgram();
    report.program = std::move(*program);
    BB_ASSIGN_OR_RETURN(auto referred, q.ListReferredCustomers(program_id, end));
    BB_ASSIGN_OR_RETURN(auto months, q.ListProgramMonths(program_id, report.from, domain::MonthBound(end)));
    BB_ASSIGN_OR_RETURN(report.comparison, domain::CompareCustomers(referred, months, report.from, report.to));
    return Ok();
  }));
  return report;
}

Result<domain::MonthlyReport> ReportService::ReadMonthly(store::Queries& q, const domain::Program& program,
                                                         std::string_view month, Timestamp now) {
  domain::MonthlyReport report;
  report.program_id = program.id;
  report.program_name = program.name;
  report.currency = program.currency;
  report.month = std::string(month);
  report.generated_at = now;
  report.from = *domain::ParseMonth(month);  // a valid month: the callers check
  Timestamp next = domain::NextMonthStart(report.from);
  report.complete = next <= now;
  report.before = report.complete ? next : now;
  report.previous_from = domain::MonthStart(report.from - std::chrono::days(1));
  const Timestamp previous_from = report.previous_from;

  BB_ASSIGN_OR_RETURN(report.figures,
                      q.GetAnalytics(program.id, report.from, report.before, domain::AnalyticsBasis::kActivity));
  BB_ASSIGN_OR_RETURN(report.previous,
                      q.GetAnalytics(program.id, previous_from, report.from, domain::AnalyticsBasis::kActivity));
  BB_ASSIGN_OR_RETURN(auto months,
                      q.ListProgramMonths(program.id, domain::MonthBound(previous_from), domain::MonthBound(next)));
  BB_RETURN_IF_ERROR(domain::CompleteMoney(months, report.from, report.before, report.figures.money));
  BB_RETURN_IF_ERROR(domain::CompleteMoney(months, previous_from, report.from, report.previous.money));

  std::vector<std::string> consenting;
  for (const auto& top : report.figures.top_advocates) {
    BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(top.advocate_id));
    if (advocate && domain::ConsentsToBeNamed(*advocate)) consenting.push_back(top.advocate_id);
  }
  report.top_advocates = domain::ReportAdvocates(report.figures.top_advocates, consenting);

  BB_ASSIGN_OR_RETURN(report.forecast, ReadForecast(q, program, now));
  std::optional<std::int64_t> total_revenue;
  std::optional<std::int64_t> total_pipeline;
  for (const auto& entered : months) {
    if (entered.month != report.month) continue;
    total_revenue = entered.total_revenue_minor;
    total_pipeline = entered.total_pipeline_minor;
  }
  report.revenue_share =
      domain::ShareOf(domain::MoneyIn(report.figures, program.currency).revenue_minor, total_revenue);
  // The month's referrals, rejected ones apart, at the average deal won in the year up to the
  // month's end: the same figure whenever the report is made again.
  BB_ASSIGN_OR_RETURN(auto outcomes, q.CountStageOutcomes(program.id, report.from, report.before));
  const domain::StageWinRate submitted = domain::WinRatesByStage(outcomes, false).front();
  BB_ASSIGN_OR_RETURN(auto year_won, q.ListWonReferrals(program.id, report.before - kYear, report.before));
  BB_ASSIGN_OR_RETURN(std::int64_t pipeline,
                      Figure(Int128{submitted.reached - submitted.rejected} * domain::AverageDeal(year_won).value_or(0),
                             "pipeline_share.referral_minor"));
  report.pipeline_share = domain::ShareOf(pipeline, total_pipeline);
  return report;
}

Result<domain::MonthlyReport> ReportService::Monthly(const domain::Actor& actor, std::string_view program_id,
                                                     std::string_view month) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kReadAnalytics));
  Timestamp now = clock_.Now();
  auto start = domain::ParseMonth(month);
  if (!start) return Error::InvalidField("month", "must be a month, YYYY-MM, from 2000-01 to 9999-12");
  if (*start > now) return Error::InvalidField("month", "must not be in the future");
  domain::MonthlyReport report;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return NotFoundProgram();
    BB_ASSIGN_OR_RETURN(report, ReadMonthly(q, *program, month, now));
    return Ok();
  }));
  return report;
}

Result<int> ReportService::SendMonthlyReports(Timestamp now) {
  Timestamp this_month = domain::MonthStart(now);
  if (now < this_month + std::chrono::hours(kMonthlyReportHourUtc)) return 0;
  const std::string month = domain::MonthOf(this_month - std::chrono::days(1));
  if (!domain::ParseMonth(month)) return 0;  // before 2000: no month to report
  // What the email says is read first, a program at a time, outside the write (which would hold
  // the writers for as long); the write then sends it only if no instance has sent this month's
  // yet. A program whose figures cannot be read is named with the reason, and the others still go.
  std::optional<std::string> sent;
  std::vector<domain::User> readers;
  std::vector<domain::Program> programs;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(sent, q.GetSetting(std::string(kSentSetting)));
    BB_ASSIGN_OR_RETURN(readers, q.ListUsersNotifiedOf(kMonthlyReportTopic));
    for (auto status : {domain::ProgramStatus::kActive, domain::ProgramStatus::kPaused}) {
      BB_ASSIGN_OR_RETURN(auto some, q.ListPrograms(store::ProgramQuery{status, "", kMaxProgramsEmailed}));
      for (auto& program : some) programs.push_back(std::move(program));
    }
    return Ok();
  }));
  if (sent == month) return 0;
  if (programs.size() > static_cast<std::size_t>(kMaxProgramsEmailed)) programs.resize(kMaxProgramsEmailed);

  const Timestamp from = *domain::ParseMonth(month);
  const std::string title = "Bluebird monthly report for " + domain::MonthName(month);
  std::string text = title + " (UTC), each program's month as it happened:\n";
  std::string html = "<p>" + domain::EscapeHtml(title) + " (UTC), each program's month as it happened:</p><ul>";
  // Nothing to read when nobody reads it.
  if (!readers.empty()) {
    for (const auto& program : programs) {
      std::string line;
      domain::Analytics figures;
      Status read = store_.Read([&](store::Queries& q) -> Status {
        BB_ASSIGN_OR_RETURN(figures, q.GetAnalytics(program.id, from, this_month, domain::AnalyticsBasis::kActivity));
        BB_ASSIGN_OR_RETURN(auto months, q.ListProgramMonths(program.id, month, domain::MonthBound(this_month)));
        return domain::CompleteMoney(months, from, this_month, figures.money);
      });
      if (read.ok()) {
        domain::MoneyFigures money = domain::MoneyIn(figures, program.currency);
        line = domain::FormatCount(figures.funnel.referrals) + " referrals, " +
               domain::FormatCount(figures.funnel.won) + " won, " +
               domain::FormatMoney(money.revenue_minor, program.currency) + " revenue, ROI " +
               domain::FormatPercentBp(money.roi_bp);
      } else {
        line = "the figures could not be read (" + read.error().message() + "); open the report to try again";
      }
      // Through the console, which signs the reader in first and then opens the report. Program ids
      // ("prg_" and base32) and months (YYYY-MM) need no escaping in a query.
      const std::string link =
          public_base_url_ + "/console/reports/monthly?program_id=" + program.id + "&month=" + month + "&format=";
      text += "\n- " + program.name + ": " + line + "\n  " + link + "html (PDF: " + link + "pdf)";
      html += "<li><strong>" + domain::EscapeHtml(program.name) + "</strong>: " + domain::EscapeHtml(line) +
              " — <a href=\"" + domain::EscapeHtml(link + "html") + "\">the report</a> (<a href=\"" +
              domain::EscapeHtml(link + "pdf") + "\">PDF</a>)</li>";
    }
  }
  const std::string settings = public_base_url_ + "/console/settings";
  text += "\n\nYou get this email because you chose it in your notification settings: " + settings + "\n";
  html += "</ul><p style=\"font-size:12px;color:#52525b\">You get this email because you chose it in your <a href=\"" +
          domain::EscapeHtml(settings) + "\">notification settings</a>.</p>";
  int queued = 0;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    queued = 0;
    BB_ASSIGN_OR_RETURN(auto sent_now, tx.GetSetting(std::string(kSentSetting)));
    if (sent_now == month) return Ok();  // another instance sent it meanwhile
    // The month counts as sent even with nobody to send it to (or no program to tell of): who
    // chooses it later gets the next month's, on the first.
    BB_RETURN_IF_ERROR(tx.PutSetting(std::string(kSentSetting), month));
    if (programs.empty()) return Ok();
    BB_ASSIGN_OR_RETURN(auto recipients, tx.ListUsersNotifiedOf(kMonthlyReportTopic));
    OutgoingEmail email;
    email.kind = "staff.monthly_report";
    email.subject = title;
    email.text = text;
    email.html = html;
    BB_ASSIGN_OR_RETURN(queued, email_.QueueToStaff(tx, now, recipients, std::move(email)));
    return Ok();
  }));
  return queued;
}

}  // namespace bb::service

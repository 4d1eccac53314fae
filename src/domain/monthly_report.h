#pragma once
// The monthly program report (GET /api/v1/reports/monthly, and emailed on the first of each month):
// one program's calendar month (UTC) on the activity basis beside the month before, its money with
// the program cost and ROI, its top advocates (named only with their consent), the referral share
// of the business's revenue and pipeline where staff entered the totals, and the forecast. Pure
// types and computations; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"
#include "domain/analytics.h"
#include "domain/pipeline_report.h"

namespace bb::domain {

// The attribute an advocate's consent to be named in reports is recorded in: `report_consent`
// true (a boolean attribute, set by staff from the advocate's say-so). Without it an advocate is
// shown as "An advocate" with no company.
inline constexpr std::string_view kReportConsentAttribute = "report_consent";
bool ConsentsToBeNamed(const Advocate& advocate);

struct ReportAdvocate {
  bool named = false;
  std::string name;     // "An advocate" when not named
  std::string company;  // "" when not named
  std::int64_t referrals = 0;
  std::int64_t won = 0;
  std::int64_t revenue_minor = 0;
  std::string currency;
  friend bool operator==(const ReportAdvocate&, const ReportAdvocate&) = default;
};

// The referral part of a total staff entered (domain/program_month.h): share_bp = part ÷ total,
// none without a total, when the total is 0, or when the share is too large to show.
struct ShareOfTotal {
  std::int64_t referral_minor = 0;
  std::optional<std::int64_t> total_minor;
  std::optional<std::int64_t> share_bp;
  friend bool operator==(const ShareOfTotal&, const ShareOfTotal&) = default;
};
ShareOfTotal ShareOf(std::int64_t referral_minor, std::optional<std::int64_t> total_minor);

struct MonthlyReport {
  std::string program_id;
  std::string program_name;
  std::string currency;       // the program's
  std::string month;          // YYYY-MM
  Timestamp from{};           // the month's first instant
  Timestamp before{};         // the next month's (now, for the month still running)
  Timestamp previous_from{};  // the month before's first instant
  Timestamp generated_at{};
  bool complete = true;  // false for the month still running (its figures are to date)
  Analytics figures;     // the month, activity basis, money with the program cost
  Analytics previous;    // the month before, alike
  std::vector<ReportAdvocate> top_advocates;
  // Revenue: the month's referral revenue in the program's currency against the total entered.
  // Pipeline: the month's referrals submitted (rejected ones apart) valued at the average deal won
  // in the year up to the month's end, against the total new pipeline entered.
  ShareOfTotal revenue_share;
  ShareOfTotal pipeline_share;
  Forecast forecast;  // as of generated_at
};

// The report's top advocates: `top` as the analytics rank them, each named only when `consenting`
// holds their id.
std::vector<ReportAdvocate> ReportAdvocates(const std::vector<AdvocateFigures>& top,
                                            const std::vector<std::string>& consenting);

// The month's name as a reader says it: "November 2026" (any YYYY-MM; other text as given).
std::string MonthName(std::string_view month);

}  // namespace bb::domain

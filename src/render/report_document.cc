#include "render/report_document.h"

#include <algorithm>
#include <cstdio>

#include "common/time_format.h"
#include "domain/money_text.h"
#include "domain/program_month.h"
#include "domain/visitor_sketch.h"

namespace bb::render {
namespace {

using domain::FormatCount;
using domain::FormatMoney;
using domain::FormatPercentBp;

constexpr std::size_t kChannelsShown = 8;
constexpr std::size_t kForecastMonthsShown = 6;

// "part of whole" as a percentage with one decimal, "—" for a whole of 0.
std::string OfTheStepBefore(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "—";
  return FormatPercentBp((part * 10'000 + whole / 2) / whole);
}

ReportSection Headline(const domain::MonthlyReport& r) {
  const std::string previous_month = domain::MonthOf(r.previous_from);
  ReportSection s;
  s.title = "Headline figures";
  s.header = {"Figure", domain::MonthName(r.month) + (r.complete ? "" : " (to date)"),
              domain::MonthName(previous_month)};
  const domain::Funnel& now = r.figures.funnel;
  const domain::Funnel& before = r.previous.funnel;
  auto count = [&](std::string name, std::int64_t a, std::int64_t b) {
    s.rows.push_back({std::move(name), FormatCount(a), FormatCount(b)});
  };
  count("Clicks (people, bots apart)", now.clicks, before.clicks);
  char visitors[64];
  std::snprintf(visitors, sizeof visitors, "Visitors (estimated, ±%.2f%%)",
                domain::VisitorSketch::kRelativeStandardError * 100);
  s.rows.push_back({visitors, "≈ " + FormatCount(now.unique_visitors), "≈ " + FormatCount(before.unique_visitors)});
  count("Referrals submitted", now.referrals, before.referrals);
  count("Advocates who referred", r.figures.referring_advocates, r.previous.referring_advocates);
  count("Referrals first qualified", now.qualified, before.qualified);
  count("Referrals won", now.won, before.won);
  std::vector<std::string> currencies{r.currency};
  for (const auto* figures : {&r.figures, &r.previous}) {
    for (const auto& m : figures->money) {
      if (std::find(currencies.begin(), currencies.end(), m.currency) == currencies.end())
        currencies.push_back(m.currency);
    }
  }
  for (const auto& currency : currencies) {
    domain::MoneyFigures a = domain::MoneyIn(r.figures, currency);
    domain::MoneyFigures b = domain::MoneyIn(r.previous, currency);
    std::string in = currencies.size() > 1 ? " (" + currency + ")" : "";
    s.rows.push_back(
        {"Revenue of deals won" + in, FormatMoney(a.revenue_minor, currency), FormatMoney(b.revenue_minor, currency)});
    s.rows.push_back(
        {"Reward cost" + in, FormatMoney(a.reward_cost_minor, currency), FormatMoney(b.reward_cost_minor, currency)});
    s.rows.push_back({"Program cost" + in, FormatMoney(a.program_cost_minor, currency),
                      FormatMoney(b.program_cost_minor, currency)});
    s.rows.push_back({"ROI" + in, FormatPercentBp(a.roi_bp), FormatPercentBp(b.roi_bp)});
  }
  s.note = std::string(
      "Activity in each month, each by its own date (UTC): clicks, referrals submitted, first "
      "qualified and won in the month, revenue of the deals won in it, rewards granted in it (those "
      "reversed not counted) and the program cost entered, prorated. ROI = (revenue − reward and "
      "program cost) ÷ that cost. A win is a won referral that is clear of review.");
  return s;
}

ReportSection Funnel(const domain::MonthlyReport& r) {
  const domain::Funnel& f = r.figures.funnel;
  ReportSection s;
  s.title = "Funnel";
  s.header = {"Step", "Count", "Of the step before"};
  const std::vector<std::pair<std::string, std::int64_t>> steps = {
      {"Clicks", f.clicks}, {"Referrals", f.referrals}, {"Qualified", f.qualified}, {"Won", f.won}};
  for (std::size_t i = 0; i < steps.size(); ++i) {
    s.rows.push_back({steps[i].first, FormatCount(steps[i].second),
                      i == 0 ? "" : OfTheStepBefore(steps[i].second, steps[i - 1].second)});
    s.bars.push_back({steps[i].first, static_cast<double>(steps[i].second), FormatCount(steps[i].second)});
  }
  s.note = "The month's activity: each step counts what happened in the month, not the same referrals.";
  return s;
}

ReportSection Channels(const domain::MonthlyReport& r) {
  ReportSection s;
  s.title = "Channels";
  s.header = {"Channel", "Clicks", "Referrals", "Won"};
  for (std::size_t i = 0; i < r.figures.channels.size() && i < kChannelsShown; ++i) {
    const auto& c = r.figures.channels[i];
    std::string name = c.channel.empty() ? "(none)" : c.channel;
    s.rows.push_back({name, FormatCount(c.clicks), FormatCount(c.referrals), FormatCount(c.won)});
    s.bars.push_back({name, static_cast<double>(c.referrals), FormatCount(c.referrals) + " referrals"});
  }
  s.note = r.figures.channels.empty() ? "No clicks or referrals in the month."
                                      : "Most referrals first; the bars are referrals. At most " +
                                            std::to_string(kChannelsShown) + " channels.";
  return s;
}

ReportSection TopAdvocates(const domain::MonthlyReport& r) {
  ReportSection s;
  s.title = "Top advocates";
  s.header = {"Advocate", "Company", "Referrals", "Won", "Revenue"};
  for (const auto& a : r.top_advocates) {
    s.rows.push_back(
        {a.name, a.company, FormatCount(a.referrals), FormatCount(a.won), FormatMoney(a.revenue_minor, a.currency)});
  }
  s.note = r.top_advocates.empty() ? "No referrals in the month."
                                   : "Most wins, then most referrals submitted in the month. An advocate is named only "
                                     "with their consent to be named in reports; the others are shown as \"An "
                                     "advocate\".";
  return s;
}

ReportSection Share(const domain::MonthlyReport& r) {
  ReportSection s;
  s.title = "Share of the business";
  s.header = {"Measure", "Referrals", "Total entered", "Share"};
  auto row = [&](std::string name, const domain::ShareOfTotal& share) {
    s.rows.push_back({std::move(name), FormatMoney(share.referral_minor, r.currency),
                      share.total_minor ? FormatMoney(*share.total_minor, r.currency) : "not entered",
                      FormatPercentBp(share.share_bp)});
  };
  row("New revenue", r.revenue_share);
  row("New pipeline", r.pipeline_share);
  s.note =
      "Totals are the business's new revenue and pipeline from every source, as staff entered them for the "
      "month. Referral revenue: the deals won in the month. Referral pipeline: the referrals submitted in the "
      "month valued at the past year's average won deal.";
  return s;
}

ReportSection Forecast(const domain::MonthlyReport& r) {
  const domain::Forecast& f = r.forecast;
  ReportSection s;
  s.title = "Forecast";
  s.header = {"Expected close", "Open referrals", "Expected wins", "Expected revenue"};
  // Thousandths as a count with one decimal, halves up (1,960 → "2.0").
  auto wins = [](std::int64_t milli) {
    std::int64_t tenths = (milli + 50) / 100;
    return FormatCount(tenths / 10) + "." + std::to_string(tenths % 10);
  };
  for (std::size_t i = 0; i < f.months.size() && i < kForecastMonthsShown; ++i) {
    const auto& m = f.months[i];
    s.rows.push_back({domain::MonthName(m.month), FormatCount(m.open_referrals), wins(m.expected_won_milli),
                      FormatMoney(m.expected_revenue_minor, r.currency)});
    s.bars.push_back({domain::MonthName(m.month), static_cast<double>(m.expected_revenue_minor),
                      FormatMoney(m.expected_revenue_minor, r.currency)});
  }
  s.rows.push_back({"All open referrals", FormatCount(f.open_referrals), wins(f.expected_won_milli),
                    FormatMoney(f.expected_revenue_minor, r.currency)});
  s.note = "As of " + FormatTimestamp(r.generated_at).substr(0, 10) +
           ": each open referral submitted in the past year × the share of the past year's referrals at its stage "
           "that ended won × the past year's average won deal (" +
           (f.average_deal_minor ? FormatMoney(*f.average_deal_minor, r.currency) : std::string("none yet")) +
           "), expected a median time to close after its submission (this month when that is past)." +
           (f.stale_open_referrals > 0
                ? " " + FormatCount(f.stale_open_referrals) + " referrals open for over a year are not counted."
                : std::string());
  return s;
}

}  // namespace

ReportDocument MonthlyReportDocument(const domain::MonthlyReport& r) {
  ReportDocument d;
  d.title = r.program_name + " — " + domain::MonthName(r.month);
  d.subtitle = "Monthly referral program report" + std::string(r.complete ? "" : ", to date") + ". Amounts in " +
               r.currency + " unless marked.";
  d.sections = {Headline(r), Funnel(r), Channels(r), TopAdvocates(r), Share(r), Forecast(r)};
  std::string generated = FormatTimestamp(r.generated_at).substr(0, 16);
  generated[10] = ' ';
  d.footer = "Generated " + generated + " UTC by Bluebird.";
  return d;
}

}  // namespace bb::render

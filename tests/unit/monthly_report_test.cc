// The monthly report's pieces (domain/monthly_report.h) and its renderings (render/monthly_report.h):
// consent to be named, shares of a total, month names, and a report whose every text is escaped
// in the page and drawn in the PDF.

#include "domain/monthly_report.h"

#include <gtest/gtest.h>

#include <limits>

#include "common/time_format.h"
#include "render/monthly_report.h"
#include "render/report_document.h"

namespace bb::domain {
namespace {

AttributeValue Bool(bool value) { return {AttributeValue::Kind::kBool, value ? "true" : "false"}; }

TEST(MonthlyReportTest, OnlyATrueConsentNamesAnAdvocate) {
  Advocate advocate;
  EXPECT_FALSE(ConsentsToBeNamed(advocate)) << "no attribute: not named";
  advocate.attributes["report_consent"] = Bool(false);
  EXPECT_FALSE(ConsentsToBeNamed(advocate));
  advocate.attributes["report_consent"] = {AttributeValue::Kind::kString, "true"};
  EXPECT_FALSE(ConsentsToBeNamed(advocate)) << "the text \"true\" is not the boolean";
  advocate.attributes["report_consent"] = Bool(true);
  EXPECT_TRUE(ConsentsToBeNamed(advocate));

  std::vector<AdvocateFigures> top{{"adv_1", "Ada Lovelace", "AE", 2, 1, "USD", 500},
                                   {"adv_2", "Bob", "Secret", 1, 0, "USD", 0}};
  auto shown = ReportAdvocates(top, {"adv_1"});
  ASSERT_EQ(shown.size(), 2u);
  EXPECT_EQ(shown[0], (ReportAdvocate{true, "Ada Lovelace", "AE", 2, 1, 500, "USD"}));
  EXPECT_EQ(shown[1], (ReportAdvocate{false, "An advocate", "", 1, 0, 0, "USD"}));
}

TEST(MonthlyReportTest, SharesOfATotal) {
  EXPECT_EQ(ShareOf(700'000, 2'800'000), (ShareOfTotal{700'000, 2'800'000, 2'500}));
  EXPECT_EQ(ShareOf(1, 3), (ShareOfTotal{1, 3, 3'333}));
  EXPECT_EQ(ShareOf(5, std::nullopt), (ShareOfTotal{5, std::nullopt, std::nullopt})) << "no total entered";
  EXPECT_EQ(ShareOf(5, 0), (ShareOfTotal{5, 0, std::nullopt})) << "a total of 0 has no share";
  EXPECT_EQ(ShareOf(3'000, 1'000).share_bp, 30'000) << "referrals may pass a total entered too low";
  EXPECT_EQ(ShareOf(std::numeric_limits<std::int64_t>::max(), 1).share_bp, std::nullopt)
      << "regression (review of issue 16): a share too large to show is none, not a wrapped number";
}

TEST(MonthlyReportTest, MonthNames) {
  EXPECT_EQ(MonthName("2026-11"), "November 2026");
  EXPECT_EQ(MonthName("2024-02"), "February 2024");
  EXPECT_EQ(MonthName("1999-12"), "December 1999") << "the month before 2000-01";
  EXPECT_EQ(MonthName("2026-13"), "2026-13") << "not a month: as given";
}

MonthlyReport HostileReport() {
  MonthlyReport r;
  r.program_id = "prg_1";
  r.program_name = "<script>alert(1)</script> & Co";
  r.currency = "USD";
  r.month = "2026-11";
  r.from = *ParseTimestamp("2026-11-01T00:00:00Z");
  r.before = *ParseTimestamp("2026-12-01T00:00:00Z");
  r.previous_from = *ParseTimestamp("2026-10-01T00:00:00Z");
  r.generated_at = *ParseTimestamp("2026-12-01T07:00:00Z");
  r.figures.funnel.clicks = 1'200;
  r.figures.funnel.referrals = 40;
  r.figures.funnel.won = 4;
  r.figures.money = {{"USD", 1'234'500, 10'000, 0, 5'000, 8'130}};
  r.figures.channels = {{"\"email\"<b>", 900, 30, 3}};
  r.top_advocates = {{true, "Ada <Lovelace>", "A&E", 2, 1, 500'000, "USD"}};
  return r;
}

TEST(MonthlyReportTest, ThePageEscapesEveryText) {
  std::string html = render::MonthlyReportHtml(HostileReport());
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("Ada <Lovelace>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co — November 2026"), std::string::npos);
  EXPECT_NE(html.find("USD 12,345.00"), std::string::npos);
  EXPECT_NE(html.find("81.3%"), std::string::npos) << "ROI";
  EXPECT_NE(html.find("October 2026"), std::string::npos) << "the month before beside it";
}

TEST(MonthlyReportTest, TheDocumentSaysWhatItCounts) {
  render::ReportDocument d = render::MonthlyReportDocument(HostileReport());
  ASSERT_EQ(d.sections.size(), 6u);
  EXPECT_EQ(d.sections[0].title, "Headline figures");
  EXPECT_EQ(d.sections[0].header[1], "November 2026");
  EXPECT_NE(d.sections[0].note.find("Activity in each month"), std::string::npos);
  EXPECT_EQ(d.sections[1].bars.size(), 4u) << "the funnel's chart";
  EXPECT_EQ(d.sections[4].rows[0][2], "not entered") << "no total revenue entered";
  // Regression (review of issue 16): expected wins lost the carry when the tenths rounded up.
  MonthlyReport carried = HostileReport();
  carried.forecast.months = {{"2026-12", 3, 1'960, 0}};
  carried.forecast.expected_won_milli = 12'970;
  render::ReportDocument forecast = render::MonthlyReportDocument(carried);
  EXPECT_EQ(forecast.sections[5].rows[0][2], "2.0");
  EXPECT_EQ(forecast.sections[5].rows[1][2], "13.0");
  MonthlyReport running = HostileReport();
  running.complete = false;
  EXPECT_EQ(render::MonthlyReportDocument(running).sections[0].header[1], "November 2026 (to date)");
}

TEST(MonthlyReportTest, ThePdfIsAFinishedA4File) {
  auto pdf = render::MonthlyReportPdf(HostileReport());
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
  EXPECT_NE(pdf->find("/MediaBox [ 0 0 595.28 841.89 ]"), std::string::npos) << "A4 portrait in points";
  EXPECT_NE(pdf->rfind("%%EOF"), std::string::npos);
}

}  // namespace
}  // namespace bb::domain

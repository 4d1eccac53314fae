#pragma once
// The monthly program report (domain/monthly_report.h) as people read it: a web page (HTML, with
// its charts drawn in SVG, nothing loaded from elsewhere) and a publishable PDF (A4, cairo). Both
// show the same figures in the same words: the headline figures beside the month before, the
// funnel, channels, top advocates (named only with their consent), money and ROI, the referral
// share of revenue and pipeline, and the forecast, each with what it counts.
// Pure computation on the caller's thread; thread-safe.

#include <string>

#include "common/result.h"
#include "domain/monthly_report.h"

namespace bb::render {

// A complete HTML document; every text from the data is escaped.
std::string MonthlyReportHtml(const domain::MonthlyReport& report);

// The PDF's bytes. kInternal when the drawing fails.
Result<std::string> MonthlyReportPdf(const domain::MonthlyReport& report);

}  // namespace bb::render

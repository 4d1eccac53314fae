#pragma once
// A report as a renderer-neutral document: a title, then sections of a table (the first column
// names the row, the others are figures) with an optional bar chart of one figure per row and a
// note saying what the figures count. The HTML and PDF renderers (render/monthly_report.h) draw
// the same document, so that both say the same. Pure; thread-safe.

#include <string>
#include <vector>

#include "domain/monthly_report.h"

namespace bb::render {

struct ReportBar {
  std::string label;
  double value = 0;  // for the bar's length only; `shown` is what is written
  std::string shown;
};

struct ReportSection {
  std::string title;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<ReportBar> bars;  // drawn above the table; none for no chart
  std::string note;
};

struct ReportDocument {
  std::string title;     // "Acme customers — November 2026"
  std::string subtitle;  // what the figures are
  std::vector<ReportSection> sections;
  std::string footer;
};

// The monthly report's document.
ReportDocument MonthlyReportDocument(const domain::MonthlyReport& report);

}  // namespace bb::render

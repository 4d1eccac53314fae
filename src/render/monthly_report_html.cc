// The monthly report as a web page: render/report_document.h's document in HTML, each chart an
// inline SVG of horizontal bars beside its table.

#include <algorithm>
#include <cstdio>

#include "domain/email_message.h"
#include "render/monthly_report.h"
#include "render/report_document.h"

namespace bb::render {
namespace {

using domain::EscapeHtml;

constexpr int kChartWidth = 560;
constexpr int kBarHeight = 22;
constexpr int kLabelWidth = 170;
constexpr int kValueWidth = 130;

std::string Chart(const ReportSection& section) {
  double largest = 0;
  for (const auto& bar : section.bars) largest = std::max(largest, bar.value);
  const int height = static_cast<int>(section.bars.size()) * kBarHeight + 4;
  std::string svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + std::to_string(kChartWidth) + " " +
                    std::to_string(height) + "\" aria-label=\"" + EscapeHtml(section.title) + ": ";
  for (std::size_t i = 0; i < section.bars.size(); ++i) {
    svg += (i ? "; " : "") + EscapeHtml(section.bars[i].label + " " + section.bars[i].shown);
  }
  svg += "\">";
  const int room = kChartWidth - kLabelWidth - kValueWidth;
  for (std::size_t i = 0; i < section.bars.size(); ++i) {
    const ReportBar& bar = section.bars[i];
    const int y = static_cast<int>(i) * kBarHeight + 2;
    const int length = largest > 0 ? std::max(1, static_cast<int>(room * bar.value / largest)) : 0;
    char shape[256];
    std::snprintf(shape, sizeof shape, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#1d4ed8\"/>",
                  kLabelWidth, y + 3, length, kBarHeight - 8);
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 15) + "\">" + EscapeHtml(bar.label) + "</text>" + shape +
           "<text x=\"" + std::to_string(kLabelWidth + length + 6) + "\" y=\"" + std::to_string(y + 15) + "\">" +
           EscapeHtml(bar.shown) + "</text>";
  }
  return svg + "</svg>";
}

std::string Table(const ReportSection& section) {
  std::string html = "<table><caption>" + EscapeHtml(section.title) + "</caption><thead><tr>";
  for (const auto& cell : section.header) html += "<th scope=\"col\">" + EscapeHtml(cell) + "</th>";
  html += "</tr></thead><tbody>";
  for (const auto& row : section.rows) {
    html += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      html += i == 0 ? "<th scope=\"row\">" + EscapeHtml(row[i]) + "</th>" : "<td>" + EscapeHtml(row[i]) + "</td>";
    }
    html += "</tr>";
  }
  return html + "</tbody></table>";
}

constexpr std::string_view kStyle =
    "body{font-family:system-ui,'DejaVu Sans',sans-serif;color:#1f2937;max-width:48rem;margin:2rem auto;"
    "padding:0 1rem;line-height:1.45}h1{font-size:1.6rem;margin:0}h2{font-size:1.15rem;margin:2rem 0 .5rem}"
    ".subtitle,.note,footer{color:#4b5563;font-size:.9rem}table{border-collapse:collapse;width:100%}"
    "caption{text-align:left;position:absolute;left:-9999px}th,td{padding:.3rem .5rem;border-bottom:1px solid "
    "#e5e7eb;text-align:right}th[scope=row],thead th:first-child{text-align:left}thead th{font-size:.85rem;"
    "color:#4b5563}.chart{width:100%;height:auto;font-size:12px;fill:#1f2937}"
    "@media print{body{margin:0}}";

}  // namespace

std::string MonthlyReportHtml(const domain::MonthlyReport& report) {
  ReportDocument d = MonthlyReportDocument(report);
  std::string html =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>" +
      EscapeHtml(d.title) + "</title><style>" + std::string(kStyle) + "</style></head><body><main><h1>" +
      EscapeHtml(d.title) + "</h1><p class=\"subtitle\">" + EscapeHtml(d.subtitle) + "</p>";
  for (const auto& section : d.sections) {
    html += "<section><h2>" + EscapeHtml(section.title) + "</h2>";
    if (!section.bars.empty()) html += Chart(section);
    html += Table(section);
    if (!section.note.empty()) html += "<p class=\"note\">" + EscapeHtml(section.note) + "</p>";
    html += "</section>";
  }
  return html + "</main><footer><p>" + EscapeHtml(d.footer) + "</p></footer></body></html>";
}

}  // namespace bb::render

// The monthly report as a PDF: render/report_document.h's document on A4 pages, tables in DejaVu
// Sans with figures right-aligned, charts as horizontal bars, notes wrapped to the page's width,
// a new page whenever the next block would not fit.

#include <algorithm>
#include <sstream>

#include "render/cairo_support.h"
#include "render/monthly_report.h"
#include "render/report_document.h"

namespace bb::render {
namespace {

// A4 in PostScript points, with 48-point margins.
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 48;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr double kBottom = kPageHeight - kMargin;
constexpr double kRowHeight = 14;
constexpr double kBarRowHeight = 15;
constexpr double kTableFont = 8.5;
constexpr double kNoteFont = 7.5;

struct Rgb {
  double r, g, b;
};
constexpr Rgb kInk{0.12, 0.16, 0.22};
constexpr Rgb kMuted{0.29, 0.33, 0.39};
constexpr Rgb kAccent{0.11, 0.31, 0.85};
constexpr Rgb kRule{0.90, 0.91, 0.92};

class Page {
 public:
  Page(cairo_t* cr, std::string footer) : cr_(cr), footer_(std::move(footer)) {}

  // Starts a new page when `height` more points would pass the bottom margin.
  void Room(double height) {
    if (y_ + height <= kBottom) return;
    Footer();
    cairo_show_page(cr_);
    y_ = kMargin;
  }
  void Skip(double height) { y_ += height; }

  // `text` at (x, baseline) in `size` points; right-aligned to x when `right`; shrunk to fit
  // `width` when wider.
  void Text(const std::string& text, double x, double baseline, double size, bool bold, Rgb color, bool right = false,
            double width = kContentWidth) {
    Font(size, bold);
    cairo_text_extents_t extents;
    cairo_text_extents(cr_, text.c_str(), &extents);
    if (extents.x_advance > width && extents.x_advance > 0) {
      Font(size * width / extents.x_advance, bold);
      cairo_text_extents(cr_, text.c_str(), &extents);
    }
    cairo_set_source_rgb(cr_, color.r, color.g, color.b);
    cairo_move_to(cr_, right ? x - extents.x_advance : x, baseline);
    cairo_show_text(cr_, text.c_str());
  }

  // A line of text at the current position, then down by `lead`.
  void Line(const std::string& text, double size, bool bold, Rgb color, double lead) {
    Room(lead);
    Text(text, kMargin, y_ + size, size, bold, color);
    y_ += lead;
  }

  // `text` wrapped at spaces to the content's width.
  void Paragraph(const std::string& text, double size, Rgb color) {
    Font(size, false);
    std::istringstream words(text);
    std::string word;
    std::string line;
    auto width = [&](const std::string& candidate) {
      cairo_text_extents_t extents;
      cairo_text_extents(cr_, candidate.c_str(), &extents);
      return extents.x_advance;
    };
    while (words >> word) {
      std::string candidate = line.empty() ? word : line + " " + word;
      if (!line.empty() && width(candidate) > kContentWidth) {
        Line(line, size, false, color, size * 1.45);
        Font(size, false);
        line = word;
      } else {
        line = std::move(candidate);
      }
    }
    if (!line.empty()) Line(line, size, false, color, size * 1.45);
  }

  void Bars(const std::vector<ReportBar>& bars) {
    double largest = 0;
    for (const auto& bar : bars) largest = std::max(largest, bar.value);
    constexpr double kLabel = 150;
    constexpr double kValue = 110;
    const double room = kContentWidth - kLabel - kValue;
    for (const auto& bar : bars) {
      Room(kBarRowHeight);
      double length = largest > 0 ? std::max(1.0, room * bar.value / largest) : 0;
      Text(bar.label, kMargin, y_ + 10.5, kTableFont, false, kInk, false, kLabel - 6);
      cairo_set_source_rgb(cr_, kAccent.r, kAccent.g, kAccent.b);
      cairo_rectangle(cr_, kMargin + kLabel, y_ + 3, length, kBarRowHeight - 6);
      cairo_fill(cr_);
      Text(bar.shown, kMargin + kLabel + length + 5, y_ + 10.5, kTableFont, false, kMuted, false, kValue);
      y_ += kBarRowHeight;
    }
    y_ += 4;
  }

  void Table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    const std::size_t columns = header.size();
    const double first = columns > 3 ? kContentWidth * 0.34 : kContentWidth * 0.44;
    const double rest = columns > 1 ? (kContentWidth - first) / static_cast<double>(columns - 1) : 0;
    auto row = [&](const std::vector<std::string>& cells, double size, bool bold, Rgb color) {
      Room(kRowHeight);
      for (std::size_t i = 0; i < cells.size() && i < columns; ++i) {
        if (i == 0) {
          Text(cells[i], kMargin, y_ + 10, size, bold, color, false, first - 6);
        } else {
          double right = kMargin + first + rest * static_cast<double>(i);
          Text(cells[i], right, y_ + 10, size, bold, color, true, rest - 6);
        }
      }
      y_ += kRowHeight;
      cairo_set_source_rgb(cr_, kRule.r, kRule.g, kRule.b);
      cairo_rectangle(cr_, kMargin, y_ - 1.5, kContentWidth, 0.5);
      cairo_fill(cr_);
    };
    row(header, kTableFont - 1, true, kMuted);
    for (const auto& cells : rows) row(cells, kTableFont, false, kInk);
    y_ += 4;
  }

  void Footer() {
    ++page_;
    Text(footer_ + "  ·  page " + std::to_string(page_), kMargin, kPageHeight - kMargin / 2, 7, false, kMuted);
  }

 private:
  void Font(double size, bool bold) {
    cairo_select_font_face(cr_, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
  }

  cairo_t* cr_;
  std::string footer_;
  double y_ = kMargin;
  int page_ = 0;
};

}  // namespace

Result<std::string> MonthlyReportPdf(const domain::MonthlyReport& report) {
  ReportDocument d = MonthlyReportDocument(report);
  std::string out;
  Surface surface(cairo_pdf_surface_create_for_stream(AppendTo, &out, kPageWidth, kPageHeight));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, d.title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Bluebird");
  Context cr(cairo_create(surface.get()));
  Page page(cr.get(), d.footer);
  page.Line(d.title, 18, true, kInk, 26);
  page.Paragraph(d.subtitle, 9, kMuted);
  for (const auto& section : d.sections) {
    // A section's title stays with its first lines.
    page.Room(18 + 3 * kRowHeight);
    page.Skip(8);
    page.Line(section.title, 12, true, kInk, 18);
    if (!section.bars.empty()) page.Bars(section.bars);
    page.Table(section.header, section.rows);
    if (!section.note.empty()) page.Paragraph(section.note, kNoteFont, kMuted);
  }
  page.Footer();
  cairo_show_page(cr.get());
  BB_RETURN_IF_ERROR(FinishPdf(std::move(cr), std::move(surface), "the monthly report"));
  return out;
}

}  // namespace bb::render

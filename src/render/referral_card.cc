#include "render/referral_card.h"

#include <qrencode.h>

#include <cstdlib>
#include <memory>

#include "render/cairo_support.h"

namespace bb::render {
namespace {

// A6 in PostScript points (1/72 inch); the PNG is drawn at 2.5x that (about 180 dpi).
constexpr double kWidth = 297.64;
constexpr double kHeight = 419.53;
constexpr double kPngScale = 2.5;
constexpr int kQuietZoneModules = 4;

struct QrCloser {
  void operator()(QRcode* q) const { QRcode_free(q); }
};

// Sets a #rrggbb colour; anything else (never sent by a validated program) falls back to black.
void SetColor(cairo_t* cr, const std::string& color) {
  unsigned int rgb = 0;
  if (color.size() == 7 && color[0] == '#')
    rgb = static_cast<unsigned int>(std::strtoul(color.c_str() + 1, nullptr, 16));
  cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

void CenteredText(cairo_t* cr, const std::string& text, double y, double size, bool bold) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t extents;
  cairo_text_extents(cr, text.c_str(), &extents);
  // Too wide for the card: shrink to fit rather than be cut off.
  double room = kWidth - 36;
  if (extents.width > room) {
    cairo_set_font_size(cr, size * room / extents.width);
    cairo_text_extents(cr, text.c_str(), &extents);
  }
  cairo_move_to(cr, (kWidth - extents.width) / 2 - extents.x_bearing, y);
  cairo_show_text(cr, text.c_str());
}

void DrawQr(cairo_t* cr, const QRcode& qr, double x, double y, double size) {
  // Crisp module edges for scanners: no anti-aliasing of the squares (the text keeps it).
  cairo_save(cr);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  int modules = qr.width + 2 * kQuietZoneModules;
  double module = size / modules;
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, size, size);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int row = 0; row < qr.width; ++row) {
    for (int col = 0; col < qr.width; ++col) {
      if ((qr.data[row * qr.width + col] & 1) == 0) continue;
      cairo_rectangle(cr, x + (col + kQuietZoneModules) * module, y + (row + kQuietZoneModules) * module, module,
                      module);
    }
  }
  cairo_fill(cr);
  cairo_restore(cr);
}

void DrawCard(cairo_t* cr, const CardContent& content, const QRcode& qr) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  // The colour band with the program's name.
  SetColor(cr, content.color);
  cairo_rectangle(cr, 0, 0, kWidth, 64);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  CenteredText(cr, content.program_name, 40, 18, true);

  cairo_set_source_rgb(cr, 0x1f / 255.0, 0x29 / 255.0, 0x37 / 255.0);
  CenteredText(cr, content.advocate_name.empty() ? "Referred by a friend" : "Referred by " + content.advocate_name, 94,
               13, false);
  DrawQr(cr, qr, (kWidth - 190) / 2, 108, 190);
  cairo_set_source_rgb(cr, 0x1f / 255.0, 0x29 / 255.0, 0x37 / 255.0);
  CenteredText(cr, "Scan, or use the code", 326, 11, false);
  CenteredText(cr, content.code, 362, 30, true);
  cairo_set_source_rgb(cr, 0x4b / 255.0, 0x55 / 255.0, 0x63 / 255.0);
  CenteredText(cr, content.link, 396, 10, false);
}

Error DrawingFailed(cairo_status_t status) {
  return Error::Internal(std::string("drawing the referral card failed: ") + cairo_status_to_string(status));
}

}  // namespace

Result<std::string> RenderReferralCard(const CardContent& content, CardFormat format) {
  std::unique_ptr<QRcode, QrCloser> qr(QRcode_encodeString(content.link.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!qr) return Error::Internal("the referral link does not fit in a QR code");

  std::string out;
  if (format == CardFormat::kPdf) {
    Surface surface(cairo_pdf_surface_create_for_stream(AppendTo, &out, kWidth, kHeight));
    Context cr(cairo_create(surface.get()));
    DrawCard(cr.get(), content, *qr);
    cairo_show_page(cr.get());
    BB_RETURN_IF_ERROR(FinishPdf(std::move(cr), std::move(surface), "the referral card"));
    return out;
  }
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(kWidth * kPngScale),
                                             static_cast<int>(kHeight * kPngScale)));
  Context cr(cairo_create(surface.get()));
  cairo_scale(cr.get(), kPngScale, kPngScale);
  DrawCard(cr.get(), content, *qr);
  cairo_status_t status = cairo_status(cr.get());
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_write_to_png_stream(surface.get(), AppendTo, &out);
  if (status != CAIRO_STATUS_SUCCESS) return DrawingFailed(status);
  return out;
}

}  // namespace bb::render

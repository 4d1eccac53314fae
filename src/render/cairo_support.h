#pragma once
// What every cairo drawing here shares: owners that destroy cairo's objects, a write function that
// appends a surface's bytes to a string, and finishing a PDF with the first error it met.

#include <cairo-pdf.h>
#include <cairo.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"

namespace bb::render {

struct SurfaceCloser {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextCloser {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceCloser>;
using Context = std::unique_ptr<cairo_t, ContextCloser>;

// A cairo write function: appends to the std::string `closure`.
inline cairo_status_t AppendTo(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Ends the drawing of `cr` on the PDF `surface` (both released): Ok, or kInternal naming `what`
// and cairo's first error.
inline Status FinishPdf(Context cr, Surface surface, std::string_view what) {
  cairo_status_t status = cairo_status(cr.get());
  cr.reset();
  cairo_surface_finish(surface.get());
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface.get());
  if (status != CAIRO_STATUS_SUCCESS) {
    return Error::Internal("drawing " + std::string(what) + " failed: " + cairo_status_to_string(status));
  }
  return Ok();
}

}  // namespace bb::render

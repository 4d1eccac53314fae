#pragma once
// The advocate's printable referral card: the program's name in its colour band, the advocate's
// name, a QR code of their link, the code in large letters and the link in print. A6 portrait;
// as PDF (vector, for print shops and office printers) or PNG (for screens and chat).
// Pure computation on the caller's thread (libqrencode + cairo); thread-safe.

#include <string>

#include "common/result.h"

namespace bb::render {

struct CardContent {
  std::string program_name;
  std::string advocate_name;
  std::string code;
  std::string link;               // what the QR code holds, e.g. https://refer.acme.example/r/K7M3QXP?c=qr
  std::string color = "#1d4ed8";  // the band behind the program's name: #rrggbb, dark enough for white text
};

enum class CardFormat { kPdf, kPng };

// The card's file bytes. kInternal when the QR code or the drawing fails (e.g. a link longer
// than a QR code holds).
Result<std::string> RenderReferralCard(const CardContent& content, CardFormat format);

}  // namespace bb::render

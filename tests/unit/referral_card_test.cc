// The printable card's files are what their formats say they are; a link too long for a QR code
// is refused. (That the QR code decodes to the link is checked with zbarimg in tests/e2e.)

#include <gtest/gtest.h>

#include <string>

#include "render/referral_card.h"

namespace bb::render {
namespace {

const CardContent kCard{"Acme customers", "Ada Lovelace", "K7M3QXP", "https://refer.acme.example/r/K7M3QXP?c=qr"};

TEST(ReferralCardTest, PdfIsOnePageA6) {
  auto pdf = RenderReferralCard(kCard, CardFormat::kPdf);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message();
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
  EXPECT_NE(pdf->find("/MediaBox [ 0 0 297.64 419.53 ]"), std::string::npos) << "A6 portrait in points";
  EXPECT_NE(pdf->find("/Count 1"), std::string::npos) << "one page";
  EXPECT_NE(pdf->rfind("%%EOF"), std::string::npos) << "a finished file";
}

TEST(ReferralCardTest, PngIsAnImageAboutA6At180Dpi) {
  auto png = RenderReferralCard(kCard, CardFormat::kPng);
  ASSERT_TRUE(png.ok()) << png.error().message();
  ASSERT_GT(png->size(), 24u);
  EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned char>((*png)[at]) << 24) | (static_cast<unsigned char>((*png)[at + 1]) << 16) |
           (static_cast<unsigned char>((*png)[at + 2]) << 8) | static_cast<unsigned char>((*png)[at + 3]);
  };
  EXPECT_EQ(be32(16), 744u) << "width";
  EXPECT_EQ(be32(20), 1048u) << "height";
}

TEST(ReferralCardTest, ALinkTooLongForAQrCodeIsRefused) {
  CardContent huge = kCard;
  huge.link = "https://refer.example/r/" + std::string(4000, 'A');
  auto card = RenderReferralCard(huge, CardFormat::kPng);
  ASSERT_FALSE(card.ok());
  EXPECT_EQ(card.error().code(), ErrorCode::kInternal);
}

TEST(ReferralCardTest, LongNamesStillRender) {
  CardContent long_names = kCard;
  long_names.program_name = std::string(200, 'W');
  long_names.advocate_name = "";
  EXPECT_TRUE(RenderReferralCard(long_names, CardFormat::kPdf).ok());
}

}  // namespace
}  // namespace bb::render

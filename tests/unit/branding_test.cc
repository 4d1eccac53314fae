// A program's branding: colours readable under white text, https logos, share messages with
// known placeholders only, and how the placeholders are filled in.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/branding.h"

namespace bb::domain {
namespace {

std::vector<FieldError> Check(const BrandingInput& input) {
  std::vector<FieldError> errors;
  CheckBranding(input, errors);
  return errors;
}

TEST(BrandingTest, ColoursMustBeHexAndDarkEnoughForWhiteText) {
  EXPECT_TRUE(Check({"#1d4ed8", {}, {}}).empty());
  EXPECT_TRUE(Check({"#000000", {}, {}}).empty());
  EXPECT_TRUE(Check({"#767676", {}, {}}).empty()) << "4.54:1, just over AA";
  auto light = Check({"#777777", {}, {}});
  ASSERT_EQ(light.size(), 1u) << "4.48:1, just under";
  EXPECT_EQ(light[0].field, "branding.color");
  EXPECT_NE(light[0].message.find("too light"), std::string::npos);
  for (const char* bad : {"1d4ed8", "#1d4ed", "#1d4ed8f", "#gggggg", "blue", ""}) {
    auto errors = Check({bad, {}, {}});
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors[0].message, "must be a colour written #rrggbb, like #1d4ed8") << bad;
  }
}

TEST(BrandingTest, LogosAreHttpsUrlsOrNothing) {
  EXPECT_TRUE(Check({{}, "https://cdn.acme.example/logo.svg", {}}).empty());
  EXPECT_TRUE(Check({{}, "", {}}).empty()) << "removes the logo";
  auto plain = Check({{}, "http://cdn.acme.example/logo.svg", {}});
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].field, "branding.logo_url");
  EXPECT_NE(plain[0].message.find("https"), std::string::npos);
  EXPECT_EQ(Check({{}, "javascript:alert(1)", {}}).size(), 1u);
  EXPECT_EQ(Check({{}, "https://cdn.acme.example/" + std::string(2000, 'a'), {}}).size(), 1u);
}

TEST(BrandingTest, ShareMessagesUseKnownPlaceholdersOnly) {
  EXPECT_TRUE(Check({{}, {}, "Hi, {{ advocate.first_name }} here: try {{program.name}} {{advocate.link}}"}).empty());
  EXPECT_TRUE(Check({{}, {}, ""}).empty()) << "restores the default";
  auto unknown = Check({{}, {}, "Hi {{advocate.nickname}}"});
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].field, "branding.share_message");
  EXPECT_NE(unknown[0].message.find("unknown placeholder {{advocate.nickname}}"), std::string::npos);
  EXPECT_EQ(Check({{}, {}, std::string(501, 'a')}).size(), 1u) << "at most 500 characters";
  EXPECT_TRUE(Check({{}, {}, "Line one\nline two"}).empty()) << "line breaks are allowed";
  EXPECT_EQ(Check({{}, {}, std::string("bell\a")}).size(), 1u);
}

TEST(BrandingTest, RenderingFillsEachPlaceholder) {
  ShareMessageValues values{"Ada", "Lovelace", "Analytical Engines", "K7M3QXP", "https://r.example/r/K7M3QXP", "Acme"};
  EXPECT_EQ(RenderShareMessage("{{advocate.first_name}} {{ advocate.last_name }} ({{advocate.company}}) recommends "
                               "{{program.name}}: {{advocate.link}} or code {{advocate.code}}",
                               values),
            "Ada Lovelace (Analytical Engines) recommends Acme: https://r.example/r/K7M3QXP or code K7M3QXP");
  EXPECT_EQ(RenderShareMessage("{{unknown}} and {{ unclosed", values), "{{unknown}} and {{ unclosed");
  EXPECT_EQ(RenderShareMessage("no placeholders", values), "no placeholders");
  EXPECT_EQ(RenderShareMessage("{{advocate.first_name}}", {"{{program.name}}", "", "", "", "", "X"}),
            "{{program.name}}")
      << "a value is not read as a template again";
}

TEST(BrandingTest, TheDefaultMessageAppliesWhenTheProgramHasNone) {
  Branding branding;
  EXPECT_EQ(EffectiveShareMessage(branding), kDefaultShareMessage);
  branding.share_message = "Ours";
  EXPECT_EQ(EffectiveShareMessage(branding), "Ours");
  EXPECT_TRUE(Check({{}, {}, std::string(kDefaultShareMessage)}).empty());
}

}  // namespace
}  // namespace bb::domain

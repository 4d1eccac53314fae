#include "domain/branding.h"

#include <array>
#include <cmath>
#include <cstdlib>
#include <span>
#include <utility>

#include "domain/placeholders.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::size_t kMaxLogoUrlLength = 2000;
// WCAG 2 AA for normal text: white text on the brand colour must reach 4.5:1.
constexpr double kMinContrastWithWhite = 4.5;

constexpr std::array<std::string_view, 6> kPlaceholders = {
    "advocate.first_name", "advocate.last_name", "advocate.company", "advocate.code", "advocate.link", "program.name"};

bool IsHexColor(std::string_view color) {
  if (color.size() != 7 || color[0] != '#') return false;
  for (char c : color.substr(1)) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex) return false;
  }
  return true;
}

// WCAG relative luminance of an sRGB colour written #rrggbb.
double Luminance(std::string_view color) {
  double channels[3];
  for (int i = 0; i < 3; ++i) {
    std::string pair(color.substr(1 + 2 * i, 2));
    double c = std::strtol(pair.c_str(), nullptr, 16) / 255.0;
    channels[i] = c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  }
  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

}  // namespace

void CheckBranding(const BrandingInput& input, std::vector<FieldError>& errors) {
  if (input.color) {
    if (!IsHexColor(*input.color)) {
      errors.push_back({"branding.color", "must be a colour written #rrggbb, like #1d4ed8"});
    } else if ((1.05) / (Luminance(*input.color) + 0.05) < kMinContrastWithWhite) {
      errors.push_back(
          {"branding.color", "is too light for white text on it (contrast under 4.5:1); choose a darker one"});
    }
  }
  if (input.logo_url && !input.logo_url->empty()) {
    std::string problem = CheckHttpUrl(*input.logo_url);
    if (!problem.empty()) {
      errors.push_back({"branding.logo_url", problem});
    } else if (input.logo_url->rfind("https://", 0) != 0) {
      errors.push_back({"branding.logo_url", "must be an https URL, so that pages served over https can show it"});
    } else if (input.logo_url->size() > kMaxLogoUrlLength) {
      errors.push_back({"branding.logo_url", "must be at most 2000 characters"});
    }
  }
  const std::pair<const std::optional<std::string>*, std::pair<std::string_view, WordsPlace>> words[] = {
      {&input.share_message, {"branding.share_message", WordsPlace::kShareMessage}},
      {&input.portal_headline, {"branding.portal_headline", WordsPlace::kPortalHeadline}},
      {&input.landing_headline, {"branding.landing_headline", WordsPlace::kLandingHeadline}},
      {&input.landing_intro, {"branding.landing_intro", WordsPlace::kLandingIntro}}};
  for (const auto& [text, where] : words) {
    if (!*text) continue;
    std::string problem = CheckWords(**text, where.second, false);
    if (!problem.empty()) errors.push_back({std::string(where.first), problem});
  }
}

std::string CheckWords(std::string_view text, WordsPlace place, bool segment) {
  constexpr std::array<std::string_view, 2> kHeadlinePlaceholders = {"advocate.first_name", "program.name"};
  constexpr std::array<std::string_view, 1> kProgramLandingPlaceholders = {"program.name"};
  std::span<const std::string_view> known = kPlaceholders;
  std::size_t max_length = kMaxShareMessageLength;
  TextShape shape = TextShape::kMultiLine;
  switch (place) {
    case WordsPlace::kShareMessage: break;
    case WordsPlace::kPortalHeadline:
      known = kHeadlinePlaceholders;
      max_length = kMaxHeadlineLength;
      shape = TextShape::kSingleLine;
      break;
    case WordsPlace::kLandingHeadline:
    case WordsPlace::kLandingIntro:
      // A program's landing page may be reached without anyone's link: no advocate to name.
      known = segment ? std::span<const std::string_view>(kHeadlinePlaceholders)
                      : std::span<const std::string_view>(kProgramLandingPlaceholders);
      max_length = place == WordsPlace::kLandingIntro ? kMaxIntroLength : kMaxHeadlineLength;
      shape = place == WordsPlace::kLandingIntro ? TextShape::kMultiLine : TextShape::kSingleLine;
      break;
  }
  std::string problem = CheckText(text, max_length, true, shape);
  if (!problem.empty()) return problem;
  std::string unknown = FirstUnknownPlaceholder(text, known);
  if (!unknown.empty()) return "uses the unknown placeholder " + unknown + "; known: " + ListPlaceholders(known);
  return "";
}

void ApplyBranding(Branding& branding, const BrandingInput& input) {
  if (input.color) branding.color = *input.color;
  if (input.logo_url) branding.logo_url = *input.logo_url;
  if (input.share_message) branding.share_message = *input.share_message;
  if (input.portal_headline) branding.portal_headline = *input.portal_headline;
  if (input.landing_headline) branding.landing_headline = *input.landing_headline;
  if (input.landing_intro) branding.landing_intro = *input.landing_intro;
}

std::string_view EffectiveShareMessage(const Branding& branding) {
  return branding.share_message.empty() ? kDefaultShareMessage : std::string_view(branding.share_message);
}

AdvocateWords ProgramWords(const Branding& branding) {
  return {std::string(EffectiveShareMessage(branding)), branding.portal_headline,
          branding.landing_headline.empty() ? std::string(kDefaultLandingHeadline) : branding.landing_headline,
          branding.landing_intro.empty() ? std::string(kDefaultLandingIntro) : branding.landing_intro};
}

std::string RenderWords(std::string_view text, std::string_view program_name, std::string_view advocate_first_name) {
  return FillPlaceholders(text, [&](std::string_view name) -> std::optional<std::string> {
    if (name == "program.name") return std::string(program_name);
    if (name == "advocate.first_name") return std::string(advocate_first_name);
    return std::nullopt;
  });
}

std::string RenderShareMessage(std::string_view message, const ShareMessageValues& values) {
  const std::pair<std::string_view, const std::string*> table[] = {{"advocate.first_name", &values.first_name},
                                                                   {"advocate.last_name", &values.last_name},
                                                                   {"advocate.company", &values.company},
                                                                   {"advocate.code", &values.code},
                                                                   {"advocate.link", &values.link},
                                                                   {"program.name", &values.program_name}};
  return FillPlaceholders(message, [&](std::string_view name) -> std::optional<std::string> {
    for (const auto& [placeholder, value] : table) {
      if (placeholder == name) return *value;
    }
    return std::nullopt;
  });
}

}  // namespace bb::domain

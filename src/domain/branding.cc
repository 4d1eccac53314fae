#include "domain/branding.h"

#include <array>
#include <cmath>
#include <cstdlib>
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
  if (input.share_message) {
    std::string problem = CheckText(*input.share_message, kMaxShareMessageLength, true, TextShape::kMultiLine);
    if (!problem.empty()) {
      errors.push_back({"branding.share_message", problem});
      return;
    }
    std::string unknown = FirstUnknownPlaceholder(*input.share_message, kPlaceholders);
    if (!unknown.empty()) {
      errors.push_back({"branding.share_message",
                        "uses the unknown placeholder " + unknown + "; known: " + ListPlaceholders(kPlaceholders)});
    }
  }
}

void ApplyBranding(Branding& branding, const BrandingInput& input) {
  if (input.color) branding.color = *input.color;
  if (input.logo_url) branding.logo_url = *input.logo_url;
  if (input.share_message) branding.share_message = *input.share_message;
}

std::string_view EffectiveShareMessage(const Branding& branding) {
  return branding.share_message.empty() ? kDefaultShareMessage : std::string_view(branding.share_message);
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

#pragma once
// How a program looks and speaks: the brand colour of its pages and printable cards, its logo,
// and the message advocates start from when they share their link. Pure rules, no I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace bb::domain {

inline constexpr std::string_view kDefaultBrandColor = "#1d4ed8";
// The message an advocate starts from when the program has none of its own.
inline constexpr std::string_view kDefaultShareMessage =
    "I think you would get a lot out of {{program.name}}. Have a look through my link:";
inline constexpr std::size_t kMaxShareMessageLength = 500;

struct Branding {
  std::string color{kDefaultBrandColor};  // #rrggbb, dark enough for white text on it
  std::string logo_url;                   // https, or "" for none
  std::string share_message;              // with placeholders; "" means kDefaultShareMessage
  friend bool operator==(const Branding&, const Branding&) = default;
};

struct BrandingInput {
  std::optional<std::string> color;
  std::optional<std::string> logo_url;       // "" removes the logo
  std::optional<std::string> share_message;  // "" restores the default message
};

// Appends one error per bad field, named "branding.color", "branding.logo_url",
// "branding.share_message".
void CheckBranding(const BrandingInput& input, std::vector<FieldError>& errors);
// Applies the present fields (call after CheckBranding found nothing).
void ApplyBranding(Branding& branding, const BrandingInput& input);

// The message template in effect: the program's own, or the default.
std::string_view EffectiveShareMessage(const Branding& branding);

// What the share message's placeholders stand for: {{advocate.first_name}},
// {{advocate.last_name}}, {{advocate.company}}, {{advocate.code}}, {{advocate.link}} and
// {{program.name}}.
struct ShareMessageValues {
  std::string first_name;
  std::string last_name;
  std::string company;
  std::string code;
  std::string link;
  std::string program_name;
};

// The template with each placeholder replaced (spaces inside the braces allowed). Text outside
// placeholders is kept as written; an unknown placeholder (refused by CheckBranding) is kept too.
std::string RenderShareMessage(std::string_view message, const ShareMessageValues& values);

}  // namespace bb::domain

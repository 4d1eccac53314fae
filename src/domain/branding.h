#pragma once
// How a program looks and speaks: the brand colour of its pages and printable cards, its logo,
// the message advocates start from when they share their link, the headline of their portal, and
// the headline and introduction of the landing page referred visitors see. A segment may have its
// own words (domain/program_segment.h). Pure rules, no I/O.

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
// The landing page's words when the program has none of its own.
inline constexpr std::string_view kDefaultLandingHeadline = "{{program.name}}";
inline constexpr std::string_view kDefaultLandingIntro =
    "Someone who knows your work thought we should talk. Leave your details and we will reach out.";
inline constexpr std::size_t kMaxHeadlineLength = 200;
inline constexpr std::size_t kMaxIntroLength = 1000;

struct Branding {
  std::string color{kDefaultBrandColor};  // #rrggbb, dark enough for white text on it
  std::string logo_url;                   // https, or "" for none
  std::string share_message;              // with placeholders; "" means kDefaultShareMessage
  std::string portal_headline;            // one line under the portal's greeting; "" none
  std::string landing_headline;           // one line; "" means kDefaultLandingHeadline
  std::string landing_intro;              // "" means kDefaultLandingIntro
  friend bool operator==(const Branding&, const Branding&) = default;
};

struct BrandingInput {
  std::optional<std::string> color;
  std::optional<std::string> logo_url;          // "" removes the logo
  std::optional<std::string> share_message;     // "" restores the default message
  std::optional<std::string> portal_headline;   // "" removes it
  std::optional<std::string> landing_headline;  // "" restores the default
  std::optional<std::string> landing_intro;     // "" restores the default
};

// Appends one error per bad field, named "branding.color", "branding.logo_url",
// "branding.share_message", "branding.portal_headline", "branding.landing_headline",
// "branding.landing_intro".
void CheckBranding(const BrandingInput& input, std::vector<FieldError>& errors);
// Applies the present fields (call after CheckBranding found nothing).
void ApplyBranding(Branding& branding, const BrandingInput& input);

// The message template in effect: the program's own, or the default.
std::string_view EffectiveShareMessage(const Branding& branding);

// Where a text of words is shown, which decides its shape, length and placeholders.
enum class WordsPlace {
  kShareMessage,     // several lines; every ShareMessageValues placeholder
  kPortalHeadline,   // one line; {{advocate.first_name}}, {{program.name}}
  kLandingHeadline,  // one line; {{program.name}}, and {{advocate.first_name}} (the referrer) for a segment's
  kLandingIntro,     // several lines; as the landing headline
};
// "" when `text` may be said at `place` (by a segment's words when `segment`: they always have an
// advocate), else what is wrong: too long, the wrong shape, an unknown placeholder (with the list
// of those offered).
std::string CheckWords(std::string_view text, WordsPlace place, bool segment);

// The words an advocate (or a visitor they referred) is shown, as templates: each the segment's,
// the program's or the default.
struct AdvocateWords {
  std::string share_message;
  std::string portal_headline;  // may be "": none
  std::string landing_headline;
  std::string landing_intro;
};
// The program's words in effect (no segment).
AdvocateWords ProgramWords(const Branding& branding);

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

// A headline or introduction with {{program.name}} and {{advocate.first_name}} filled in (the
// latter "" when there is no advocate).
std::string RenderWords(std::string_view text, std::string_view program_name, std::string_view advocate_first_name);

}  // namespace bb::domain

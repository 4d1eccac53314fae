// libFuzzer harness: landing URLs and program branding. Invariants: a landing URL that passes the
// check stays a valid URL with the referral code added (and the code is in it); a slug made from
// a name is a valid slug or nothing; rendering a share message never loses text outside its
// placeholders' braces.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>

#include "domain/branding.h"
#include "domain/click.h"
#include "domain/validation.h"

namespace {

using namespace bb::domain;

// Stops the run (libFuzzer saves the input) when an invariant does not hold, saying which.
#define Require(condition)                                                             \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "invariant broken at line %d: %s\n", __LINE__, #condition); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  std::string url = input.ConsumeRandomLengthString(400);
  std::string color = input.ConsumeRandomLengthString(20);
  std::string message = input.ConsumeRandomLengthString(600);
  std::string name = input.ConsumeRemainingBytesAsString();

  if (CheckHttpUrl(url).empty()) {
    std::string with_code = LandingUrlWithCode(url, "K7M3QXP");
    Require(with_code.find("bb_ref=K7M3QXP") != std::string::npos);
    Require(CheckHttpUrl(with_code).empty());
    Require(LandingUrlWithCode(with_code, "K7M3QXP").find("bb_ref=K7M3QXP") != std::string::npos);
  }

  std::string slug = SlugFromName(name);
  Require(slug.empty() || CheckSlug(slug).empty());
  (void)CheckSlug(name);

  BrandingInput branding{color, url, message};
  std::vector<bb::FieldError> errors;
  CheckBranding(branding, errors);
  if (errors.empty()) {
    Branding applied;
    ApplyBranding(applied, branding);
    (void)EffectiveShareMessage(applied);
  }
  ShareMessageValues values{name, name, "{{program.name}}", "K7M3QXP", url, name};
  std::string rendered = RenderShareMessage(message, values);
  if (message.find("{{") == std::string::npos) Require(rendered == message);
  return 0;
}

#include "domain/phone.h"

#include <phonenumbers/phonenumberutil.h>

#include "domain/validation.h"

namespace bb::domain {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

const PhoneNumberUtil& Util() { return *PhoneNumberUtil::GetInstance(); }

Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

constexpr std::string_view kNoCountryCode =
    "has no country code: write it with + and the country code (+44 20 7946 0958), or set the program's "
    "referral_policy.phone_region";

// Parses `text` as a number of `region` ("ZZ": unknown); "" on success, else the problem.
std::string Parse(std::string_view text, const std::string& region, PhoneNumber& number) {
  if (CodePointCount(text) > kMaxPhoneLength) return "must be at most 32 characters";
  switch (Util().Parse(std::string(text), region, &number)) {
    case PhoneNumberUtil::NO_PARSING_ERROR: return "";
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      // Without a region, a number without '+' cannot say its country; with one, the code is unknown.
      return region == "ZZ" && text.find('+') == std::string_view::npos ? std::string(kNoCountryCode)
                                                                        : "has an unknown country code";
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN: return "is too short to be a phone number";
    case PhoneNumberUtil::TOO_LONG_NSN: return "is too long to be a phone number";
    case PhoneNumberUtil::NOT_A_NUMBER:
    default: return "is not a phone number";
  }
}

}  // namespace

bool IsPhoneRegion(std::string_view region) {
  return region.size() == 2 && Util().GetCountryCodeForRegion(std::string(region)) != 0;
}

std::string CheckPhoneShape(std::string_view text) {
  PhoneNumber number;
  // Any region will do: whether the text is a number at all, and its length bounds, do not
  // depend on the country.
  return Parse(text, "US", number);
}

Result<std::string> PhoneToE164(std::string_view text, std::string_view default_region) {
  PhoneNumber number;
  if (std::string problem = Parse(text, default_region.empty() ? "ZZ" : std::string(default_region), number);
      !problem.empty()) {
    return Invalid(std::move(problem));
  }
  switch (Util().IsPossibleNumberWithReason(number)) {
    case PhoneNumberUtil::IS_POSSIBLE: break;
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:  // dialable only inside its area: not a whole number
      return Invalid("is a local number: add its area code");
    case PhoneNumberUtil::INVALID_COUNTRY_CODE: return Invalid("has an unknown country code");
    case PhoneNumberUtil::TOO_SHORT: return Invalid("is too short for a number of its country");
    case PhoneNumberUtil::TOO_LONG: return Invalid("is too long for a number of its country");
    case PhoneNumberUtil::INVALID_LENGTH:
    default: return Invalid("has no possible length for a number of its country");
  }
  std::string e164;
  Util().Format(number, PhoneNumberUtil::E164, &e164);
  // E.164 is the matching key, so it must be canonical: read back, it must give itself. Numbers
  // libphonenumber can only keep with extra leading zeros (000... read as a national number) do
  // not, and two spellings of them would never match.
  PhoneNumber again;
  std::string canonical;
  if (!Parse(e164, "ZZ", again).empty()) return Invalid("is not a phone number");
  Util().Format(again, PhoneNumberUtil::E164, &canonical);
  if (canonical != e164) return Invalid("is not a phone number");
  return e164;
}

}  // namespace bb::domain

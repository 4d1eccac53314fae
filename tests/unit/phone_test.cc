#include "domain/phone.h"

#include <gtest/gtest.h>

namespace bb::domain {
namespace {

std::string E164(std::string_view text, std::string_view region = "") {
  auto e164 = PhoneToE164(text, region);
  return e164.ok() ? e164.value() : "error: " + e164.error().message();
}

TEST(PhoneToE164, WritesANumberWithItsCountryCodeInOneFormHoweverItWasPunctuated) {
  EXPECT_EQ(E164("+44 20 7946 0958"), "+442079460958");
  EXPECT_EQ(E164("+44 (0)20 7946-0958"), "+442079460958");  // the UK trunk 0 in brackets
  EXPECT_EQ(E164("+1 (415) 555-0134"), "+14155550134");
  EXPECT_EQ(E164("+1.415.555.0134"), "+14155550134");
  EXPECT_EQ(E164("+49 30 901820"), "+4930901820");
}

TEST(PhoneToE164, ReadsANationalNumberAsOneOfTheDefaultRegion) {
  EXPECT_EQ(E164("(415) 555-0134", "US"), "+14155550134");
  EXPECT_EQ(E164("020 7946 0958", "GB"), "+442079460958");
  EXPECT_EQ(E164("030 901820", "DE"), "+4930901820");
  // The region's international prefix works too; a number with + ignores the region.
  EXPECT_EQ(E164("00 44 20 7946 0958", "DE"), "+442079460958");
  EXPECT_EQ(E164("+33 1 23 45 67 89", "US"), "+33123456789");
}

TEST(PhoneToE164, NeedsACountryCodeWhenThereIsNoRegion) {
  EXPECT_EQ(E164("(415) 555-0134"),
            "error: has no country code: write it with + and the country code (+44 20 7946 0958), or set the "
            "program's referral_policy.phone_region");
}

TEST(PhoneToE164, AcceptsANumberOfPossibleLengthEvenIfItsRangeIsUnassigned) {
  // 555 numbers are fictional in North America, and a newly opened range must not be refused
  // because the library's metadata is older than it.
  EXPECT_EQ(E164("+1 555 555 0100"), "+15555550100");
}

TEST(PhoneToE164, DropsAnExtension) { EXPECT_EQ(E164("(415) 555-0134 ext. 12", "US"), "+14155550134"); }

// Regression (found by fuzz_contacts): "000..." in Germany became "+4900576933", which reads back as
// "+490576933", so two spellings of one number would never match as duplicates. The E.164 form is
// the matching key: it must read back as itself, or the input is refused.
TEST(PhoneToE164, AnE164FormThatDoesNotReadBackAsItselfIsRefused) {
  EXPECT_EQ(E164("000k7m9 e3", "DE"), "error: is not a phone number");
  EXPECT_EQ(E164("000-516326985", "DE"), "error: is not a phone number");
  for (const auto& [text, region] : {std::pair{"+39 06 1234 5678", ""}, std::pair{"06 1234 5678", "IT"},
                                     std::pair{"030 901820", "DE"}, std::pair{"(415) 555-0134", "US"}}) {
    std::string once = E164(text, region);
    EXPECT_EQ(E164(once), once) << text;
  }
}

TEST(PhoneToE164, RefusesWhatCannotBeAPhoneNumberWithTheReason) {
  EXPECT_EQ(E164("call me maybe", "US"), "error: is not a phone number");
  EXPECT_EQ(E164("+1 555"), "error: is too short for a number of its country");
  EXPECT_EQ(E164("+44 20 7946 0958 1234"), "error: is too long for a number of its country");
  EXPECT_EQ(E164("+999 1234 5678"), "error: has an unknown country code");
  EXPECT_EQ(E164("555 0134", "US"), "error: is a local number: add its area code");
  EXPECT_EQ(E164("+1 415 555 0134 0000 0000 0000 0000 0"), "error: must be at most 32 characters");
}

TEST(CheckPhoneShape, AcceptsWhatCouldBeANumberSomewhereAndNamesWhatCannot) {
  EXPECT_EQ(CheckPhoneShape("(415) 555-0134"), "");
  EXPECT_EQ(CheckPhoneShape("020 7946 0958"), "");
  EXPECT_EQ(CheckPhoneShape("call me maybe"), "is not a phone number");
  EXPECT_EQ(CheckPhoneShape("1"), "is not a phone number");
  EXPECT_EQ(CheckPhoneShape(std::string(33, '5')), "must be at most 32 characters");
}

TEST(IsPhoneRegion, KnowsTheRegionsWithACallingCode) {
  EXPECT_TRUE(IsPhoneRegion("US"));
  EXPECT_TRUE(IsPhoneRegion("GB"));
  EXPECT_TRUE(IsPhoneRegion("DE"));
  EXPECT_FALSE(IsPhoneRegion("us"));
  EXPECT_FALSE(IsPhoneRegion("ZZ"));
  EXPECT_FALSE(IsPhoneRegion("XX"));
  EXPECT_FALSE(IsPhoneRegion("USA"));
  EXPECT_FALSE(IsPhoneRegion(""));
}

}  // namespace
}  // namespace bb::domain

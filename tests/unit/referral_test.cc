#include "domain/referral.h"

#include <gtest/gtest.h>

namespace bb::domain {
namespace {

std::vector<std::string> FieldsOf(const Error& error) {
  std::vector<std::string> names;
  for (const auto& f : error.fields()) names.push_back(f.field);
  return names;
}

RefereeInput Complete() {
  return {" Ana.Lopez+intro@GoogleMail.com ", "Ana", "Lopez", "Globex", "CFO", "+44 20 7946 0958"};
}

TEST(ReferralNames, RoundTrip) {
  for (auto s : {ReferralSource::kPortal, ReferralSource::kSalesRep, ReferralSource::kLandingForm, ReferralSource::kApi,
                 ReferralSource::kImport}) {
    EXPECT_EQ(ParseReferralSource(ToString(s)), s);
  }
  for (auto s : {ReviewStatus::kClear, ReviewStatus::kHeld, ReviewStatus::kDuplicate}) {
    EXPECT_EQ(ParseReviewStatus(ToString(s)), s);
  }
  for (auto r : {ReviewReason::kDuplicate, ReviewReason::kSelfReferral, ReviewReason::kVelocity,
                 ReviewReason::kDisposableEmail}) {
    EXPECT_EQ(ParseReviewReason(ToString(r)), r);
  }
  EXPECT_EQ(ParseReferralSource("web"), std::nullopt);
  EXPECT_EQ(ParseReviewReason("fraud"), std::nullopt);
}

TEST(ReviewStatusFor, DuplicateWinsAnyOtherReasonHoldsNoneClears) {
  EXPECT_EQ(ReviewStatusFor({}), ReviewStatus::kClear);
  EXPECT_EQ(ReviewStatusFor({ReviewReason::kVelocity}), ReviewStatus::kHeld);
  EXPECT_EQ(ReviewStatusFor({ReviewReason::kSelfReferral, ReviewReason::kDisposableEmail}), ReviewStatus::kHeld);
  EXPECT_EQ(ReviewStatusFor({ReviewReason::kVelocity, ReviewReason::kDuplicate}), ReviewStatus::kDuplicate);
}

TEST(BuildReferee, KeepsTheAddressAsGivenAndDerivesItsMatchingKeys) {
  auto referee = BuildReferee(Complete());
  ASSERT_TRUE(referee.ok()) << referee.error().message();
  EXPECT_EQ(referee->email, "Ana.Lopez+intro@GoogleMail.com");
  EXPECT_EQ(referee->email_key, "analopez@gmail.com");
  EXPECT_EQ(referee->email_domain, "googlemail.com");
  EXPECT_EQ(referee->first_name, "Ana");
  EXPECT_EQ(referee->company, "Globex");
  EXPECT_EQ(referee->phone, "+442079460958");  // written with its country code: E.164 at once
}

TEST(BuildReferee, NeedsAnEmailAndAFirstName) {
  auto referee = BuildReferee({});
  ASSERT_FALSE(referee.ok());
  EXPECT_EQ(referee.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldsOf(referee.error()), (std::vector<std::string>{"referee.email", "referee.first_name"}));
}

TEST(BuildReferee, OptionalFieldsMayBeEmpty) {
  auto referee = BuildReferee({"ana@globex.example", "Ana", "", "", "", ""});
  ASSERT_TRUE(referee.ok()) << referee.error().message();
  EXPECT_EQ(referee->phone, "");
}

TEST(BuildReferee, NamesEveryBadField) {
  RefereeInput input = Complete();
  input.email = "not-an-email";
  input.first_name = "   ";
  input.company = std::string(kMaxCompanyLength + 1, 'x');
  input.phone = "call me maybe";
  auto referee = BuildReferee(input);
  ASSERT_FALSE(referee.ok());
  EXPECT_EQ(FieldsOf(referee.error()),
            (std::vector<std::string>{"referee.email", "referee.first_name", "referee.company", "referee.phone"}));
}

TEST(BuildReferee, APhoneNeedsEnoughDigits) {
  RefereeInput input = Complete();
  input.phone = "+1 (55)";
  auto referee = BuildReferee(input);
  ASSERT_FALSE(referee.ok());
  EXPECT_EQ(FieldsOf(referee.error()), std::vector<std::string>{"referee.phone"});
}

TEST(BuildReferee, KeepsANationalPhoneUntilItsCountryIsKnown) {
  RefereeInput input = Complete();
  input.phone = " (415) 555-0134 ";
  auto referee = BuildReferee(input);
  ASSERT_TRUE(referee.ok()) << referee.error().message();
  EXPECT_EQ(referee->phone, "(415) 555-0134");

  Referee us = *referee;
  ASSERT_TRUE(PutPhoneInE164(us, "US").ok());
  EXPECT_EQ(us.phone, "+14155550134");
  ASSERT_TRUE(PutPhoneInE164(us, "GB").ok());  // already E.164: unchanged
  EXPECT_EQ(us.phone, "+14155550134");
}

TEST(PutPhoneInE164, NamesThePhoneAndLeavesTheRefereeAsItWas) {
  Referee referee = *BuildReferee(Complete());
  referee.phone = "415 555 0134";
  auto put = PutPhoneInE164(referee, "");
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(FieldsOf(put.error()), std::vector<std::string>{"referee.phone"});
  EXPECT_EQ(referee.phone, "415 555 0134");
  Referee none = *BuildReferee({"ana@globex.example", "Ana", "", "", "", ""});
  EXPECT_TRUE(PutPhoneInE164(none, "").ok());
  EXPECT_EQ(none.phone, "");
}

}  // namespace
}  // namespace bb::domain

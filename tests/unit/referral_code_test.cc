#include "domain/referral_code.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace bb::domain {
namespace {

TEST(ReferralCodeAlphabet, HasNoLookAlikes) {
  for (char c : {'0', 'O', '1', 'I', 'L'}) {
    EXPECT_EQ(kReferralCodeAlphabet.find(c), std::string_view::npos) << c;
  }
}

TEST(ReferralCodeAlphabet, Has31DistinctUppercaseLettersAndDigits) {
  EXPECT_EQ(kReferralCodeAlphabet.size(), 31u);
  std::set<char> distinct(kReferralCodeAlphabet.begin(), kReferralCodeAlphabet.end());
  EXPECT_EQ(distinct.size(), 31u);
  for (char c : kReferralCodeAlphabet) EXPECT_TRUE((c >= '2' && c <= '9') || (c >= 'A' && c <= 'Z')) << c;
  EXPECT_EQ(kReferralCodeLength, 7u);
}

TEST(NormalizeReferralCode, AcceptsCanonicalCodes) {
  EXPECT_EQ(NormalizeReferralCode("K7M3QX9"), std::optional<std::string>("K7M3QX9"));
  EXPECT_EQ(NormalizeReferralCode("2345678"), std::optional<std::string>("2345678"));
  EXPECT_EQ(NormalizeReferralCode("ZZZZZZZ"), std::optional<std::string>("ZZZZZZZ"));
}

TEST(NormalizeReferralCode, UppercasesLetters) {
  EXPECT_EQ(NormalizeReferralCode("k7m3qx9"), std::optional<std::string>("K7M3QX9"));
  EXPECT_EQ(NormalizeReferralCode("K7m3Qx9"), std::optional<std::string>("K7M3QX9"));
}

TEST(NormalizeReferralCode, DropsHyphensAndSpaces) {
  EXPECT_EQ(NormalizeReferralCode("k7m-3qx9"), std::optional<std::string>("K7M3QX9"));
  EXPECT_EQ(NormalizeReferralCode("K7M 3QX9"), std::optional<std::string>("K7M3QX9"));
  EXPECT_EQ(NormalizeReferralCode(" k-7-m 3 q-x-9 "), std::optional<std::string>("K7M3QX9"));
}

TEST(NormalizeReferralCode, RejectsWrongLengths) {
  for (const char* text : {"", "-", "   ", "K7M3QX", "K7M3QX9A", "K7M-3QX", "K7M3QX9K7M3QX9"}) {
    EXPECT_FALSE(NormalizeReferralCode(text).has_value()) << '"' << text << '"';
  }
}

TEST(NormalizeReferralCode, RejectsLookAlikesAndOtherCharacters) {
  for (const char* text : {"K7M3QX0", "K7M3QXO", "K7M3QX1", "K7M3QXI", "K7M3QXL", "k7m3qxo", "k7m3qxi", "k7m3qxl",
                           "K7M3QX_", "K7M3QX!", "K7M3QX.", "K7M\t3QX9", "K7M3QX\xc3\x89", "K7M3QX9\n"}) {
    EXPECT_FALSE(NormalizeReferralCode(text).has_value()) << '"' << text << '"';
  }
}

TEST(MakeReferralCode, MapsIndicesIntoTheAlphabet) {
  int next = 0;
  EXPECT_EQ(MakeReferralCode([&] { return next++; }), "2345678");
  int index = 30;
  EXPECT_EQ(MakeReferralCode([&] { return index; }), "ZZZZZZZ");
  std::size_t i = 24;
  EXPECT_EQ(MakeReferralCode([&] { return i++; }), "TUVWXYZ");
}

TEST(MakeReferralCode, CallsTheSourceOncePerCharacter) {
  int calls = 0;
  std::string code = MakeReferralCode([&] { return ++calls, 0; });
  EXPECT_EQ(calls, static_cast<int>(kReferralCodeLength));
  EXPECT_EQ(code, "2222222");
}

TEST(MakeReferralCode, ProducesCodesThatNormalizeToThemselves) {
  unsigned state = 12345;
  for (int n = 0; n < 200; ++n) {
    std::string code = MakeReferralCode([&] {
      state = state * 1103515245u + 12345u;
      return (state >> 16) % 31u;
    });
    ASSERT_EQ(code.size(), kReferralCodeLength);
    EXPECT_EQ(NormalizeReferralCode(code), std::optional<std::string>(code));
  }
}

}  // namespace
}  // namespace bb::domain

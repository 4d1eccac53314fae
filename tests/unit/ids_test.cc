#include "domain/ids.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <string>
#include <vector>

namespace bb::domain {
namespace {

using namespace std::chrono_literals;

constexpr std::array<std::uint8_t, 10> kZeros{};
constexpr std::array<std::uint8_t, 10> kOnes{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

Timestamp Millis(std::int64_t ms) { return FromMicros(ms * 1000); }

TEST(FormatId, IsPrefixUnderscoreAnd26Characters) {
  std::string id = FormatId(kProgramPrefix, Millis(1'700'000'000'000), kZeros);
  ASSERT_EQ(id.size(), 3u + 1u + 26u);
  EXPECT_EQ(id.substr(0, 4), "prg_");
  EXPECT_TRUE(IsWellFormedId(kProgramPrefix, id)) << id;
}

TEST(FormatId, UsesEachTypePrefix) {
  for (std::string_view prefix : {kProgramPrefix, kAdvocatePrefix, kPersonPrefix, kUserPrefix, kApiKeyPrefix}) {
    std::string id = FormatId(prefix, Millis(1), kOnes);
    EXPECT_EQ(id.substr(0, prefix.size() + 1), std::string(prefix) + "_");
    EXPECT_TRUE(IsWellFormedId(prefix, id)) << id;
  }
}

TEST(FormatId, EncodesTheUlidLayout) {
  // The ULID specification's example 01ARZ3NDEK... encodes the time 1469922850259.
  EXPECT_EQ(FormatId("x", Millis(1469922850259), kZeros), "x_01arz3ndek0000000000000000");
  EXPECT_EQ(FormatId("x", Millis(0), kZeros), "x_00000000000000000000000000");
  EXPECT_EQ(FormatId("x", Millis(0), kOnes), "x_0000000000zzzzzzzzzzzzzzzz");
  // The largest 48-bit time fills the first ten digits (the first holds only three bits).
  EXPECT_EQ(FormatId("x", Millis(0xFFFFFFFFFFFF), kOnes), "x_7zzzzzzzzzzzzzzzzzzzzzzzzz");
}

TEST(FormatId, IgnoresSubMillisecondTime) {
  EXPECT_EQ(FormatId("x", FromMicros(5'000'999), kZeros), FormatId("x", FromMicros(5'000'000), kZeros));
}

TEST(FormatId, UsesOnlyLowercaseCrockfordCharacters) {
  std::string id = FormatId("per", Millis(1'234'567'890'123), {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  for (char c : id.substr(4)) {
    EXPECT_NE(std::string_view("0123456789abcdefghjkmnpqrstvwxyz").find(c), std::string_view::npos) << c;
  }
}

TEST(FormatId, SortsByCreationTimeWhateverTheRandomBits) {
  Timestamp base = Millis(1'767'225'600'000);  // 2026-01-01
  std::vector<std::string> ids;
  for (int i = 0; i < 50; ++i) {
    // Decreasing random bits with increasing time: order must still follow time.
    std::array<std::uint8_t, 10> random{};
    random.fill(static_cast<std::uint8_t>(255 - i * 5));
    ids.push_back(FormatId(kPersonPrefix, base + std::chrono::milliseconds(i * i), random));
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_LT(FormatId("x", base, kOnes), FormatId("x", base + 1ms, kZeros));
  EXPECT_LT(FormatId("x", Millis(0xFFFFFFFFFF), kOnes), FormatId("x", Millis(0x10000000000), kZeros));
}

TEST(FormatId, OrdersByRandomBitsWithinOneMillisecond) {
  Timestamp t = Millis(1'767'225'600'000);
  std::array<std::uint8_t, 10> low{};
  std::array<std::uint8_t, 10> high{};
  high[9] = 1;
  EXPECT_LT(FormatId("x", t, low), FormatId("x", t, high));
}

TEST(FormatUlid, IsTheIdWithoutItsPrefix) {
  Timestamp t = Millis(1'767'225'600'123);
  std::array<std::uint8_t, 10> random{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  std::string ulid = FormatUlid(t, random);
  EXPECT_EQ(ulid.size(), 26u);
  EXPECT_EQ(FormatId(kPersonPrefix, t, random), "per_" + ulid);
  EXPECT_EQ(FormatUlid(Millis(1469922850259), kZeros), "01arz3ndek0000000000000000");
  EXPECT_TRUE(IsWellFormedUlid(ulid)) << ulid;
}

TEST(FormatUlid, SortsByCreationTime) { EXPECT_LT(FormatUlid(Millis(1000), kOnes), FormatUlid(Millis(1001), kZeros)); }

TEST(IsWellFormedUlid, AcceptsOnly26LowercaseCrockfordCharacters) {
  EXPECT_TRUE(IsWellFormedUlid("01arz3ndektsv4rrffq69g5fav"));
  EXPECT_TRUE(IsWellFormedUlid("7zzzzzzzzzzzzzzzzzzzzzzzzz"));
  EXPECT_FALSE(IsWellFormedUlid(""));
  EXPECT_FALSE(IsWellFormedUlid("01arz3ndektsv4rrffq69g5fa"));    // 25
  EXPECT_FALSE(IsWellFormedUlid("01arz3ndektsv4rrffq69g5favx"));  // 27
  EXPECT_FALSE(IsWellFormedUlid("01ARZ3NDEKTSV4RRFFQ69G5FAV"));   // upper case
  EXPECT_FALSE(IsWellFormedUlid("01arz3ndektsv4rrffq69g5fau"));   // 'u' is not Crockford
  EXPECT_FALSE(IsWellFormedUlid("per_01arz3ndektsv4rrffq69g5"));
  EXPECT_FALSE(IsWellFormedUlid("80000000000000000000000000"));  // 130 bits: above the largest ULID
  EXPECT_FALSE(IsWellFormedUlid("zzzzzzzzzzzzzzzzzzzzzzzzzz"));
}

// The ULID specification's example: 01ARZ3NDEK (time) is 1469922850259 ms.
TEST(ParseUlid, ReadsTheSpecificationsExampleTime) {
  auto bits = ParseUlid("01arz3ndektsv4rrffq69g5fav");
  ASSERT_TRUE(bits.has_value());
  EXPECT_EQ(bits->high >> 16, 1469922850259u);
}

TEST(ParseUlid, IsTheInverseOfFormatUlid) {
  std::array<std::uint8_t, 10> random{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  auto bits = ParseUlid(FormatUlid(Millis(1'767'225'600'000), random));
  ASSERT_TRUE(bits.has_value());
  EXPECT_EQ(bits->high, (std::uint64_t{1'767'225'600'000} << 16) | 0x0102u);
  EXPECT_EQ(bits->low, 0x030405060708090Au);
  for (Bits128 value : {Bits128{0, 0}, Bits128{~0ull, ~0ull}, Bits128{0x8000000000000000u, 1},
                        Bits128{1, 0x8000000000000000u}, Bits128{0x0123456789abcdefu, 0xfedcba9876543210u}}) {
    std::string text = FormatUlid(value);
    EXPECT_TRUE(IsWellFormedUlid(text)) << text;
    EXPECT_EQ(ParseUlid(text), value) << text;
  }
  EXPECT_EQ(FormatUlid(Bits128{~0ull, ~0ull}), "7zzzzzzzzzzzzzzzzzzzzzzzzz");
}

TEST(ParseBase32Bits, KeepsTheLow128BitsOfAnyTwentySixDigits) {
  EXPECT_EQ(ParseBase32Bits("8zzzzzzzzzzzzzzzzzzzzzzzzz"), ParseUlid("0zzzzzzzzzzzzzzzzzzzzzzzzz"));
  EXPECT_EQ(ParseBase32Bits("01arz3ndektsv4rrffq69g5fav"), ParseUlid("01arz3ndektsv4rrffq69g5fav"));
  EXPECT_FALSE(ParseBase32Bits("01arz3ndektsv4rrffq69g5fau").has_value());  // 'u'
  EXPECT_FALSE(ParseBase32Bits("01arz3ndektsv4rrffq69g5fa").has_value());
}

TEST(ParseUlid, RefusesWhatIsNotAUlid) {
  EXPECT_FALSE(ParseUlid("").has_value());
  EXPECT_FALSE(ParseUlid("80000000000000000000000000").has_value());
  EXPECT_FALSE(ParseUlid("01ARZ3NDEKTSV4RRFFQ69G5FAV").has_value());
}

TEST(IsWellFormedId, AcceptsOnlyTheRightPrefixAndShape) {
  std::string id = FormatId(kAdvocatePrefix, Millis(1'767'225'600'000), {9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
  EXPECT_TRUE(IsWellFormedId(kAdvocatePrefix, id));
  EXPECT_FALSE(IsWellFormedId(kProgramPrefix, id));
  EXPECT_FALSE(IsWellFormedId(kAdvocatePrefix, id.substr(0, id.size() - 1)));
  EXPECT_FALSE(IsWellFormedId(kAdvocatePrefix, id + "0"));
  EXPECT_FALSE(IsWellFormedId(kAdvocatePrefix, ""));
  EXPECT_FALSE(IsWellFormedId(kAdvocatePrefix, "adv"));
  std::string no_underscore = id;
  no_underscore[3] = '-';
  EXPECT_FALSE(IsWellFormedId(kAdvocatePrefix, no_underscore));
}

TEST(IsWellFormedId, RejectsCharactersOutsideLowercaseCrockford) {
  std::string id = FormatId(kUserPrefix, Millis(1'767'225'600'000), kZeros);
  for (char bad : {'A', 'Z', 'i', 'l', 'o', 'u', '-', '_', ' ', '!'}) {
    std::string changed = id;
    changed.back() = bad;
    EXPECT_FALSE(IsWellFormedId(kUserPrefix, changed)) << changed;
  }
}

}  // namespace
}  // namespace bb::domain

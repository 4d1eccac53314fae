#include "crypto/crypto.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <thread>

namespace bb::crypto {
namespace {

bool IsBase64UrlAlphabet(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

bool IsLowerHex(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// Argon2id is deliberately slow: hash once for the whole suite.
class PasswordHashing : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { hash_ = new std::string(HashPassword("correct horse battery staple").value_or("")); }
  static void TearDownTestSuite() {
    delete hash_;
    hash_ = nullptr;
  }
  static std::string* hash_;
};
std::string* PasswordHashing::hash_ = nullptr;

TEST_F(PasswordHashing, ProducesAnArgon2idPhcString) {
  ASSERT_FALSE(hash_->empty());
  EXPECT_EQ(hash_->rfind("$argon2id$", 0), 0u) << *hash_;
  EXPECT_NE(hash_->find("m=19456,t=2"), std::string::npos) << *hash_;
}

TEST_F(PasswordHashing, VerifiesTheRightPassword) {
  EXPECT_TRUE(VerifyPassword(*hash_, "correct horse battery staple"));
}

TEST_F(PasswordHashing, RejectsWrongPasswords) {
  EXPECT_FALSE(VerifyPassword(*hash_, "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword(*hash_, "Correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(*hash_, ""));
}

TEST_F(PasswordHashing, RejectsMalformedHashes) {
  EXPECT_FALSE(VerifyPassword("", "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword("not a phc string", "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(hash_->substr(0, hash_->size() - 4), "correct horse battery staple"));
}

TEST_F(PasswordHashing, SaltsEachHash) {
  auto again = HashPassword("correct horse battery staple");
  ASSERT_TRUE(again.has_value());
  EXPECT_NE(*again, *hash_);
  EXPECT_TRUE(VerifyPassword(*again, "correct horse battery staple"));
}

TEST(RandomToken, HasTheUnpaddedBase64UrlLengthOfItsBytes) {
  EXPECT_EQ(RandomToken(12).size(), 16u);
  EXPECT_EQ(RandomToken(16).size(), 22u);
  EXPECT_EQ(RandomToken(32).size(), 43u);
  EXPECT_TRUE(IsBase64UrlAlphabet(RandomToken(32)));
}

TEST(RandomToken, DiffersBetweenCalls) {
  std::set<std::string> tokens;
  for (int i = 0; i < 100; ++i) tokens.insert(RandomToken(16));
  EXPECT_EQ(tokens.size(), 100u);
}

TEST(FastRandomBytes, DiffersBetweenCalls) {
  std::array<unsigned char, 32> a{};
  std::array<unsigned char, 32> b{};
  FastRandomBytes(a.data(), a.size());
  FastRandomBytes(b.data(), b.size());
  EXPECT_NE(a, b);
  EXPECT_NE(a, (std::array<unsigned char, 32>{}));
}

TEST(FastRandomBytes, FillsLargeBuffersAcrossRefills) {
  std::vector<unsigned char> big(10000);
  FastRandomBytes(big.data(), big.size());
  // 10000 bytes cross the 4 KiB refill boundary twice; every byte value should appear.
  std::set<unsigned char> seen(big.begin(), big.end());
  EXPECT_EQ(seen.size(), 256u);
}

TEST(FastRandomBytes, DiffersBetweenThreads) {
  std::array<unsigned char, 32> mine{};
  std::array<unsigned char, 32> theirs{};
  FastRandomBytes(mine.data(), mine.size());
  std::thread([&] { FastRandomBytes(theirs.data(), theirs.size()); }).join();
  EXPECT_NE(mine, theirs);
}

TEST(RandomBelow, StaysInBoundsAndCoversTheRange) {
  std::set<std::uint32_t> seen;
  for (int i = 0; i < 2000; ++i) {
    std::uint32_t value = RandomBelow(10);
    ASSERT_LT(value, 10u);
    seen.insert(value);
  }
  EXPECT_EQ(seen.size(), 10u);
}

TEST(RandomBelow, HandlesDegenerateAndHugeBounds) {
  EXPECT_EQ(RandomBelow(0), 0u);
  EXPECT_EQ(RandomBelow(1), 0u);
  for (int i = 0; i < 100; ++i) {
    EXPECT_LT(RandomBelow(2), 2u);
    EXPECT_LT(RandomBelow(UINT32_MAX), UINT32_MAX);
  }
}

TEST(Sha256Hex, MatchesKnownDigests) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(KeyedHash128Hex, IsThirtyTwoHexCharactersThatDependOnKeyAndData) {
  const std::string key = "a key of at least sixteen bytes";
  std::string hash = KeyedHash128Hex(key, "203.0.113.7");
  EXPECT_EQ(hash.size(), 32u);
  EXPECT_TRUE(IsLowerHex(hash)) << hash;
  EXPECT_EQ(KeyedHash128Hex(key, "203.0.113.7"), hash);
  EXPECT_NE(KeyedHash128Hex(key, "203.0.113.8"), hash);
  EXPECT_NE(KeyedHash128Hex("another key of sixteen bytes", "203.0.113.7"), hash);
}

TEST(HmacSha256, MatchesRfc4231TestCase2) {
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256, DependsOnTheKey) { EXPECT_NE(HmacSha256Hex("key-a", "data"), HmacSha256Hex("key-b", "data")); }

TEST(ConstantTimeEquals, ComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("secret", "secret"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secreT"));
  EXPECT_FALSE(ConstantTimeEquals("secret", "secret2"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
}

TEST(Base64Url, EncodesWithoutPaddingInTheUrlAlphabet) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("hello world"), "aGVsbG8gd29ybGQ");
  EXPECT_EQ(Base64UrlEncode(std::string("\xfb\xff\xfe", 3)), "-__-");
}

TEST(Base64Url, RoundTripsEveryByteAndLength) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t length = 0; length <= all.size(); length += 1 + length / 4) {
    std::string bytes = all.substr(all.size() - length);
    auto decoded = Base64UrlDecode(Base64UrlEncode(bytes));
    ASSERT_TRUE(decoded.has_value()) << length;
    EXPECT_EQ(*decoded, bytes) << length;
  }
}

TEST(Base64Url, DecodesKnownText) {
  EXPECT_EQ(Base64UrlDecode("aGVsbG8gd29ybGQ"), std::optional<std::string>("hello world"));
  EXPECT_EQ(Base64UrlDecode(""), std::optional<std::string>(""));
}

TEST(Base64Url, RejectsBadInput) {
  for (const char* text : {"ab+c", "ab/c", "YQ==", "aGVsbG8gd29ybGQ=", "ab c", "a", "abcde", "a\xc3\xa9", "!!!!"}) {
    EXPECT_FALSE(Base64UrlDecode(text).has_value()) << '"' << text << '"';
  }
}

}  // namespace
}  // namespace bb::crypto

// Sealed secrets (crypto/sealed_box.h): what is sealed opens with the same key and context only,
// any change to the sealed text is refused, and two seals of one secret differ (a fresh nonce).
#include "crypto/sealed_box.h"

#include <gtest/gtest.h>

#include <string>

namespace bb::crypto {
namespace {

const std::string kKey(32, 'k');
const std::string kOtherKey(32, 'o');

TEST(SealedBox, OpensWithTheSameKeyAndContextOnly) {
  std::string secret = std::string("client secret\0with a NUL", 24) + "\n-----BEGIN PRIVATE KEY-----";
  std::string sealed = Seal(kKey, secret, "con_a");
  EXPECT_TRUE(sealed.starts_with("v1."));
  EXPECT_EQ(sealed.find("client secret"), std::string::npos) << "the secret is not readable in the sealed text";
  EXPECT_EQ(Open(kKey, sealed, "con_a"), secret);
  EXPECT_EQ(Open(kOtherKey, sealed, "con_a"), std::nullopt) << "another key";
  EXPECT_EQ(Open(kKey, sealed, "con_b"), std::nullopt) << "copied onto another connector";
}

TEST(SealedBox, EveryChangeToTheSealedTextIsRefused) {
  std::string sealed = Seal(kKey, "token", "con_a");
  for (std::size_t i = 3; i < sealed.size(); ++i) {
    std::string changed = sealed;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    EXPECT_EQ(Open(kKey, changed, "con_a"), std::nullopt) << "changed at " << i;
  }
  EXPECT_EQ(Open(kKey, sealed.substr(0, sealed.size() - 1), "con_a"), std::nullopt);
  for (const std::string& junk :
       {std::string(), std::string("v1."), "v2." + sealed.substr(3), std::string("v1.!!!!"), std::string("plain")}) {
    EXPECT_EQ(Open(kKey, junk, "con_a"), std::nullopt) << junk;
  }
}

TEST(SealedBox, TwoSealsOfOneSecretDiffer) {
  EXPECT_NE(Seal(kKey, "same", "con_a"), Seal(kKey, "same", "con_a"));
  EXPECT_EQ(Open(kKey, Seal(kKey, "", "con_a"), "con_a"), "") << "an empty secret round-trips";
}

}  // namespace
}  // namespace bb::crypto

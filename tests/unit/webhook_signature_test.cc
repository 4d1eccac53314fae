// Standard Webhooks v1 signing (service/webhook_signature.h) against the specification's official
// cross-library test vector (standard-webhooks/standard-webhooks, libraries/*: TestWebhookSign).

#include "service/webhook_signature.h"

#include <gtest/gtest.h>

#include "crypto/crypto.h"

namespace bb::service {
namespace {

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr const char* kMessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t kTimestamp = 1614265330;
constexpr const char* kBody = R"({"test": 2432232314})";
constexpr const char* kExpected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

TEST(WebhookSignature, MatchesTheOfficialTestVector) {
  EXPECT_EQ(SignWebhook(kSecret, kMessageId, kTimestamp, kBody), kExpected);
}

TEST(WebhookSignature, ChangesWithEverySignedPart) {
  EXPECT_NE(SignWebhook(kSecret, "msg_other", kTimestamp, kBody), kExpected);
  EXPECT_NE(SignWebhook(kSecret, kMessageId, kTimestamp + 1, kBody), kExpected);
  EXPECT_NE(SignWebhook(kSecret, kMessageId, kTimestamp, R"({"test": 2432232315})"), kExpected);
  EXPECT_NE(SignWebhook("whsec_" + crypto::Base64Encode(std::string(24, 'x')), kMessageId, kTimestamp, kBody),
            kExpected);
}

TEST(WebhookSignature, RefusesSecretsThatAreNotWhsecBase64) {
  EXPECT_FALSE(SignWebhook("", kMessageId, kTimestamp, kBody));
  EXPECT_FALSE(SignWebhook("whsec_", kMessageId, kTimestamp, kBody));
  EXPECT_FALSE(SignWebhook("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", kMessageId, kTimestamp, kBody));
  EXPECT_FALSE(SignWebhook("whsec_not base64!", kMessageId, kTimestamp, kBody));
}

TEST(WebhookSignature, HeaderListsOneSignaturePerSecretSpaceSeparated) {
  std::string other = NewWebhookSecret();
  std::string header = WebhookSignatureHeader({kSecret, other}, kMessageId, kTimestamp, kBody);
  EXPECT_EQ(header, std::string(kExpected) + " " + *SignWebhook(other, kMessageId, kTimestamp, kBody));
  EXPECT_EQ(WebhookSignatureHeader({kSecret, "whsec_"}, kMessageId, kTimestamp, kBody), kExpected);
}

TEST(WebhookSignature, NewSecretsAreWhsecAnd32RandomBytes) {
  std::string first = NewWebhookSecret();
  std::string second = NewWebhookSecret();
  ASSERT_EQ(first.rfind("whsec_", 0), 0u);
  auto key = crypto::Base64Decode(first.substr(6));
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 32u);
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace bb::service

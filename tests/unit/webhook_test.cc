#include "domain/webhook.h"

#include <gtest/gtest.h>

namespace bb::domain {
namespace {

WebhookEndpointInput Valid() {
  return {std::string("https://hooks.example.com/bluebird"), std::vector<std::string>{"referral.created"},
          std::string("CRM bridge"), std::nullopt};
}

std::vector<std::string> FieldsOf(const Status& status) {
  std::vector<std::string> out;
  if (status.ok()) return out;
  for (const auto& field : status.error().fields()) out.push_back(field.field);
  return out;
}

TEST(WebhookEndpoint, AppliesValidInputWithEventsSortedAndUnique) {
  WebhookEndpoint endpoint;
  auto input = Valid();
  input.events = {"reward.created", "referral.created", "reward.created"};
  ASSERT_TRUE(ApplyWebhookEndpointInput(endpoint, input, false).ok());
  EXPECT_EQ(endpoint.url, "https://hooks.example.com/bluebird");
  EXPECT_EQ(endpoint.events, (std::vector<std::string>{"referral.created", "reward.created"}));
  EXPECT_TRUE(endpoint.Subscribes("reward.created"));
  EXPECT_FALSE(endpoint.Subscribes("reward.approved"));
}

TEST(WebhookEndpoint, RefusesHttpUnlessPrivateTargetsAreAllowed) {
  WebhookEndpoint endpoint;
  auto input = Valid();
  input.url = "http://127.0.0.1:9000/hook";
  EXPECT_EQ(FieldsOf(ApplyWebhookEndpointInput(endpoint, input, false)), std::vector<std::string>{"url"});
  EXPECT_TRUE(ApplyWebhookEndpointInput(endpoint, input, true).ok());
}

TEST(WebhookEndpoint, RefusesLocalAndNonPublicLiteralHostsUnlessPrivateTargetsAreAllowed) {
  for (const char* url :
       {"https://127.0.0.1/hook", "https://10.1.2.3:8443/hook", "https://169.254.169.254/latest",
        "https://localhost/hook", "https://localhost:9/hook", "https://api.localhost/hook", "https://0.0.0.0/",
        "https://[::1]/hook", "https://[fe80::1]:8443/", "https://[::ffff:127.0.0.1]/", "https://[fd00::5]/"}) {
    WebhookEndpoint endpoint;
    auto input = Valid();
    input.url = url;
    EXPECT_EQ(FieldsOf(ApplyWebhookEndpointInput(endpoint, input, false)), std::vector<std::string>{"url"}) << url;
    EXPECT_TRUE(ApplyWebhookEndpointInput(endpoint, input, true).ok()) << url;
  }
  for (const char* url : {"https://8.8.8.8/hook", "https://hooks.example.com:8443/x", "https://localhost.example/",
                          "https://[2606:4700:4700::1111]:8443/hook"}) {
    WebhookEndpoint endpoint;
    auto input = Valid();
    input.url = url;
    EXPECT_TRUE(ApplyWebhookEndpointInput(endpoint, input, false).ok()) << url;
  }
}

TEST(WebhookEndpoint, NamesEveryBadFieldAndChangesNothing) {
  WebhookEndpoint endpoint;
  endpoint.url = "https://kept.example/";
  WebhookEndpointInput input{std::string("ftp://x.example/"), std::vector<std::string>{"referral.created", "nope"},
                             std::string(201, 'd'), std::nullopt};
  EXPECT_EQ(FieldsOf(ApplyWebhookEndpointInput(endpoint, input, true)),
            (std::vector<std::string>{"url", "events[1]", "description"}));
  EXPECT_EQ(endpoint.url, "https://kept.example/");
  input = Valid();
  input.events = std::vector<std::string>{};
  EXPECT_EQ(FieldsOf(ApplyWebhookEndpointInput(endpoint, input, true)), std::vector<std::string>{"events"});
}

TEST(WebhookEndpoint, ReenablingClearsTheReasonAndTheFailureStreak) {
  WebhookEndpoint endpoint;
  endpoint.enabled = false;
  endpoint.disabled_reason = "the receiver answered 410 Gone";
  endpoint.failing_since = Timestamp(std::chrono::seconds(100));
  WebhookEndpointInput input;
  input.enabled = true;
  ASSERT_TRUE(ApplyWebhookEndpointInput(endpoint, input, false).ok());
  EXPECT_TRUE(endpoint.enabled);
  EXPECT_EQ(endpoint.disabled_reason, "");
  EXPECT_FALSE(endpoint.failing_since);
  input.enabled = false;
  ASSERT_TRUE(ApplyWebhookEndpointInput(endpoint, input, false).ok());
  EXPECT_EQ(endpoint.disabled_reason, "disabled by staff");
}

TEST(WebhookEndpoint, SignsWithThePreviousSecretOnlyWhileItOverlaps) {
  WebhookEndpoint endpoint;
  endpoint.secret = "whsec_new";
  endpoint.previous_secret = "whsec_old";
  endpoint.previous_secret_until = Timestamp(std::chrono::hours(24));
  EXPECT_EQ(endpoint.SigningSecrets(Timestamp(std::chrono::hours(23))),
            (std::vector<std::string>{"whsec_new", "whsec_old"}));
  EXPECT_EQ(endpoint.SigningSecrets(Timestamp(std::chrono::hours(24))), std::vector<std::string>{"whsec_new"});
}

}  // namespace
}  // namespace bb::domain

// Webhook endpoints and the outbox through the real API, with deliveries made by the outbox worker
// (driven by RunOnce on the test's clock) to a real HTTP receiver on loopback: signing, the delivery
// log, retries on the Standard Webhooks schedule with a stable webhook-id, 410, dead letters and
// replay, the five-day failure limit, SSRF refusals, access and bad input. (Runs on SQLite and,
// under the "postgres/" prefix, on PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <set>

#include "common/time_format.h"
#include "jobs/outbox_worker.h"
#include "jobs/webhook_delivery.h"
#include "loopback_server.h"
#include "service/webhook_signature.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

TestServerOptions PrivateTargetsAllowed() {
  TestServerOptions options = TestServer::DefaultOptions();
  options.service.webhooks.allow_private_targets = true;
  return options;
}

class WebhooksTest : public ::testing::Test {
 protected:
  WebhooksTest()
      : server_(PrivateTargetsAllowed()),
        receiver_([this](const LoopbackServer::Request&) -> std::optional<std::string> {
          int status = answer_.load();
          return HttpResponseText(std::to_string(status) + " Status", "", "ok");
        }),
        worker_(*server_.services, server_.metrics, {1, 64, 100ms}, Deliverers(true)) {
    program_ = Id(Post("/api/v1/programs",
                       {{"name", "Partners"}, {"kind", "customer"}, {"landing_url", "https://partners.example/"}}));
    advocate_ =
        Id(Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "ada@adv.example"}, {"first_name", "Ada"}}));
  }
  ~WebhooksTest() override {
    worker_.Stop();
    server_.Stop();
  }

  jobs::OutboxWorker::DelivererFactory Deliverers(bool allow_private) {
    return [this, allow_private](domain::OutboxKind kind) -> std::unique_ptr<jobs::Deliverer> {
      if (kind != domain::OutboxKind::kWebhook) return nullptr;
      integrations::HttpPostOptions options;
      options.allow_private_targets = allow_private;
      options.timeout = 5s;
      return std::make_unique<jobs::WebhookDelivery>(server_.clock, options);
    };
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::value& body = nullptr,
                    const std::string& key = "") {
    return server_.Client().Send(method, target, Bearer(key.empty() ? server_.admin_key : key),
                                 body.is_null() ? "" : json::serialize(body));
  }
  HttpResponse Post(const std::string& target, const json::value& body = json::object{}) {
    return Send("POST", target, body);
  }
  static std::string Id(const HttpResponse& response) {
    EXPECT_LT(response.status, 300) << response.body;
    if (response.status >= 300) return "";
    return std::string(response.Json().at("id").as_string());
  }

  // An endpoint at the receiver, subscribed to `events`; returns {id, secret}.
  std::pair<std::string, std::string> CreateEndpoint(json::array events = {"referral.created"}) {
    HttpResponse created = Post("/api/v1/webhook-endpoints", {{"url", receiver_.Url("/hooks")}, {"events", events}});
    EXPECT_EQ(created.status, 201) << created.body;
    return {std::string(created.Json().at("id").as_string()), std::string(created.Json().at("secret").as_string())};
  }
  std::string SubmitReferral(const std::string& email = "bob@prospect.example") {
    return Id(Post("/api/v1/referrals",
                   {{"advocate_id", advocate_}, {"referee", {{"email", email}, {"first_name", "Bob"}}}}));
  }
  json::array Deliveries(const std::string& endpoint, const std::string& query = "") {
    HttpResponse list = Send("GET", "/api/v1/webhook-endpoints/" + endpoint + "/deliveries" + query);
    EXPECT_EQ(list.status, 200) << list.body;
    return list.Json().at("data").as_array();
  }

  TestServer server_;
  std::atomic<int> answer_{200};
  LoopbackServer receiver_;
  jobs::OutboxWorker worker_;
  std::string program_;
  std::string advocate_;
};

TEST_F(WebhooksTest, TheSecretIsShownOnlyWhenCreatedOrRotated) {
  HttpResponse created = Post(
      "/api/v1/webhook-endpoints",
      {{"url", receiver_.Url()}, {"events", {"referral.created", "reward.created"}}, {"description", "CRM bridge"}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string id(created.Json().at("id").as_string());
  EXPECT_EQ(created.Header("location"), "/api/v1/webhook-endpoints/" + id);
  EXPECT_EQ(std::string(created.Json().at("secret").as_string()).rfind("whsec_", 0), 0u);
  EXPECT_EQ(created.Json().at("enabled"), true);
  HttpResponse one = Send("GET", "/api/v1/webhook-endpoints/" + id);
  ASSERT_EQ(one.status, 200);
  EXPECT_FALSE(one.Json().as_object().contains("secret"));
  EXPECT_EQ(one.body.find("whsec_"), std::string::npos);
  HttpResponse list = Send("GET", "/api/v1/webhook-endpoints");
  EXPECT_EQ(list.body.find("whsec_"), std::string::npos);
  EXPECT_EQ(list.Json().at("data").as_array().size(), 1u);

  HttpResponse rotated = Post("/api/v1/webhook-endpoints/" + id + "/rotate-secret");
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  EXPECT_NE(rotated.Json().at("secret"), created.Json().at("secret"));
  EXPECT_EQ(rotated.Json().at("previous_secret_valid_until"), "2026-03-02T12:00:00.000000Z");
  EXPECT_EQ(Post("/api/v1/webhook-endpoints/" + id + "/rotate-secret").status, 409)
      << "a second rotation within the overlap would retire a secret receivers may still use";
  server_.clock.Advance(24h);
  EXPECT_EQ(Post("/api/v1/webhook-endpoints/" + id + "/rotate-secret").status, 200);
}

TEST_F(WebhooksTest, AReferralIsDeliveredSignedWithItsDataAndLogged) {
  auto [endpoint, secret] = CreateEndpoint();
  std::string referral = SubmitReferral();
  ASSERT_EQ(worker_.RunOnce(), 1);
  auto requests = receiver_.requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& request = requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/hooks");
  EXPECT_EQ(request.Header("content-type"), "application/json");
  std::string id = request.Header("webhook-id").value_or("");
  std::string timestamp = request.Header("webhook-timestamp").value_or("");
  EXPECT_EQ(id.rfind("msg_", 0), 0u);
  EXPECT_EQ(timestamp, "1772366400");  // the test clock: 2026-03-01T12:00:00Z
  EXPECT_EQ(request.Header("webhook-signature"), service::SignWebhook(secret, id, std::stoll(timestamp), request.body));
  json::value body = json::parse(request.body);
  EXPECT_EQ(body.at("type"), "referral.created");
  EXPECT_EQ(body.at("timestamp"), "2026-03-01T12:00:00.000000Z");
  EXPECT_EQ(body.at("data").at("id"), referral.c_str());
  EXPECT_EQ(body.at("data").at("referee").at("email"), "bob@prospect.example");

  json::array log = Deliveries(endpoint);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].at("state"), "delivered");
  EXPECT_EQ(log[0].at("message_id"), id.c_str());
  EXPECT_EQ(log[0].at("last_status"), 200);
  HttpResponse detail =
      Send("GET", "/api/v1/webhook-endpoints/" + endpoint + "/deliveries/" + std::string(log[0].at("id").as_string()));
  ASSERT_EQ(detail.status, 200) << detail.body;
  ASSERT_EQ(detail.Json().at("attempts").as_array().size(), 1u);
  EXPECT_EQ(detail.Json().at("attempts").at(0).at("status"), 200);
  EXPECT_EQ(worker_.RunOnce(), 0) << "delivered once";
}

TEST_F(WebhooksTest, OnlySubscribedEventsAreQueued) {
  auto [endpoint, secret] = CreateEndpoint({"reward.created"});
  SubmitReferral();
  EXPECT_EQ(worker_.RunOnce(), 0);
  EXPECT_TRUE(Deliveries(endpoint).empty());
  EXPECT_TRUE(receiver_.requests().empty());
}

TEST_F(WebhooksTest, AFailureIsRetriedOnTheScheduleWithTheSameWebhookId) {
  CreateEndpoint();
  answer_ = 503;
  SubmitReferral();
  ASSERT_EQ(worker_.RunOnce(), 1);
  HttpResponse pending = Send("GET", "/api/v1/outbox?state=pending");
  ASSERT_EQ(pending.Json().at("data").as_array().size(), 1u) << pending.body;
  json::value item = pending.Json().at("data").at(0);
  EXPECT_EQ(item.at("attempts"), 1);
  EXPECT_EQ(item.at("last_status"), 503);
  EXPECT_EQ(item.at("last_error"), "the receiver answered 503");
  EXPECT_EQ(worker_.RunOnce(), 0) << "not due before its backoff";
  server_.clock.Advance(6s);  // 5 s ± 10%
  answer_ = 200;
  ASSERT_EQ(worker_.RunOnce(), 1);
  auto requests = receiver_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].Header("webhook-id"), requests[1].Header("webhook-id"));
  EXPECT_NE(requests[0].Header("webhook-timestamp"), requests[1].Header("webhook-timestamp"));
  EXPECT_EQ(requests[0].body, requests[1].body);
  EXPECT_TRUE(Send("GET", "/api/v1/outbox?state=pending").Json().at("data").as_array().empty());
}

TEST_F(WebhooksTest, GoneDisablesTheEndpointAndStopsQueueing) {
  server_.CreateUser("root@staff.example", "admin", "correct horse battery staple");
  server_.CreateUser("mia@staff.example", "manager", "correct horse battery staple");
  auto [endpoint, secret] = CreateEndpoint();
  answer_ = 410;
  SubmitReferral();
  ASSERT_EQ(worker_.RunOnce(), 1);
  HttpResponse shown = Send("GET", "/api/v1/webhook-endpoints/" + endpoint);
  EXPECT_EQ(shown.Json().at("enabled"), false);
  EXPECT_EQ(shown.Json().at("disabled_reason"), "the receiver answered 410 Gone");
  HttpResponse trail = Send("GET", "/api/v1/audit-events?kind=webhook_endpoint.disabled&object_id=" + endpoint);
  ASSERT_EQ(trail.Json().at("data").as_array().size(), 1u) << trail.body;
  EXPECT_EQ(trail.Json().at("data").at(0).at("actor"), "system");
  EXPECT_EQ(Deliveries(endpoint, "?state=dead").size(), 1u);
  SubmitReferral("carol@prospect.example");
  EXPECT_EQ(Deliveries(endpoint).size(), 1u) << "a disabled endpoint gets nothing new";
  // Every active admin (and nobody else) is emailed.
  json::value emails = Send("GET", "/api/v1/outbox?kind=email").Json();
  ASSERT_EQ(emails.at("data").as_array().size(), 1u) << emails;
  EXPECT_EQ(emails.at("data").at(0).at("target"), "root@staff.example");
  EXPECT_EQ(emails.at("data").at(0).at("event_type"), "staff.webhook_disabled");
  EXPECT_EQ(emails.at("data").at(0).at("payload").at("subject"),
            json::value("A webhook endpoint was disabled: " + receiver_.Url("/hooks")));
}

TEST_F(WebhooksTest, GivesUpAfterTheScheduleThenReplaysFromTheDeadLetters) {
  auto [endpoint, secret] = CreateEndpoint();
  answer_ = 500;
  SubmitReferral();
  int attempts = 0;
  while (attempts < 20) {
    attempts += worker_.RunOnce();
    json::value pending = Send("GET", "/api/v1/outbox?state=pending").Json();
    if (pending.at("data").as_array().empty()) break;
    server_.clock.Set(*ParseTimestamp(pending.at("data").at(0).at("next_attempt_at").as_string()));
  }
  EXPECT_EQ(attempts, 10) << "the Standard Webhooks schedule: ten attempts";
  EXPECT_GT(server_.clock.Now(), TestEpoch() + 70h) << "about three days";
  HttpResponse dead = Send("GET", "/api/v1/outbox?state=dead&kind=webhook");
  ASSERT_EQ(dead.Json().at("data").as_array().size(), 1u) << dead.body;
  std::string item(dead.Json().at("data").at(0).at("id").as_string());
  EXPECT_EQ(dead.Json().at("data").at(0).at("last_error"), "the receiver answered 500");

  HttpResponse replayed = Post("/api/v1/webhook-endpoints/" + endpoint + "/deliveries/" + item + "/replay");
  ASSERT_EQ(replayed.status, 200) << replayed.body;
  EXPECT_EQ(replayed.Json().at("state"), "pending");
  EXPECT_EQ(Post("/api/v1/outbox/" + item + "/replay").status, 409) << "pending already";
  ASSERT_EQ(worker_.RunOnce(), 1);
  HttpResponse failed_again = Send("GET", "/api/v1/outbox/" + item);
  EXPECT_EQ(failed_again.Json().at("state"), "pending") << "a replay begins a new series: a full schedule";
  answer_ = 200;
  server_.clock.Advance(6s);
  ASSERT_EQ(worker_.RunOnce(), 1);
  HttpResponse detail = Send("GET", "/api/v1/outbox/" + item);
  EXPECT_EQ(detail.Json().at("state"), "delivered");
  EXPECT_EQ(detail.Json().at("attempts").as_array().size(), 12u);
  HttpResponse trail = Send("GET", "/api/v1/audit-events?kind=outbox_item.replayed");
  EXPECT_EQ(trail.Json().at("data").as_array().size(), 1u) << trail.body;
}

// Review finding: an item whose attempts never finished (the process died delivering it, every
// time) was claimed again forever: the horizon was only checked when an attempt was recorded.
TEST_F(WebhooksTest, AnItemWhoseAttemptsNeverFinishIsGivenUpAtItsHorizon) {
  CreateEndpoint();
  SubmitReferral();
  for (int crash = 0; crash < 3; ++crash) {
    auto claimed = server_.services->outbox.Claim("crashed-worker", 10);  // and never recorded
    ASSERT_TRUE(claimed.ok());
    ASSERT_EQ(claimed->size(), 1u);
    server_.clock.Advance(server_.services->outbox.options().lease + 1s);
  }
  server_.clock.Advance(server_.services->outbox.options().give_up_after);
  ASSERT_EQ(worker_.RunOnce(), 1);
  HttpResponse dead = Send("GET", "/api/v1/outbox?state=dead&kind=webhook");
  ASSERT_EQ(dead.Json().at("data").as_array().size(), 1u) << dead.body;
  EXPECT_EQ(dead.Json().at("data").at(0).at("last_error"),
            "given up: the horizon passed before an attempt finished (the worker stopped while delivering)");
  EXPECT_TRUE(receiver_.requests().empty()) << "not delivered past its horizon";
}

TEST_F(WebhooksTest, AnEndpointFailingForFiveDaysIsDisabled) {
  auto [endpoint, secret] = CreateEndpoint();
  answer_ = 500;
  for (int day = 0; day < 6; ++day) {
    SubmitReferral("p" + std::to_string(day) + "@prospect.example");
    for (int hour = 0; hour < 24; ++hour) {
      worker_.RunOnce();
      server_.clock.Advance(1h);
    }
  }
  HttpResponse shown = Send("GET", "/api/v1/webhook-endpoints/" + endpoint);
  EXPECT_EQ(shown.Json().at("enabled"), false) << shown.body;
  EXPECT_EQ(shown.Json().at("disabled_reason"), "every delivery failed for 5 days");
  EXPECT_EQ(shown.Json().at("failing_since"), "2026-03-01T12:00:00.000000Z");
  EXPECT_TRUE(Deliveries(endpoint, "?state=pending").empty()) << "its pending deliveries were given up";
}

TEST_F(WebhooksTest, RotationSignsWithBothSecretsForADay) {
  auto [endpoint, old_secret] = CreateEndpoint();
  HttpResponse rotated = Post("/api/v1/webhook-endpoints/" + endpoint + "/rotate-secret");
  std::string new_secret(rotated.Json().at("secret").as_string());
  SubmitReferral();
  ASSERT_EQ(worker_.RunOnce(), 1);
  auto request = receiver_.requests().at(0);
  std::string id = *request.Header("webhook-id");
  std::int64_t ts = std::stoll(*request.Header("webhook-timestamp"));
  EXPECT_EQ(request.Header("webhook-signature"), *service::SignWebhook(new_secret, id, ts, request.body) + " " +
                                                     *service::SignWebhook(old_secret, id, ts, request.body));
  server_.clock.Advance(25h);
  SubmitReferral("later@prospect.example");
  ASSERT_EQ(worker_.RunOnce(), 1);
  request = receiver_.requests().at(1);
  EXPECT_EQ(request.Header("webhook-signature"),
            service::SignWebhook(new_secret, *request.Header("webhook-id"),
                                 std::stoll(*request.Header("webhook-timestamp")), request.body));
}

TEST_F(WebhooksTest, PrivateAddressesAreRefusedAtDeliveryUnlessAllowed) {
  CreateEndpoint();
  SubmitReferral();
  jobs::OutboxWorker strict(*server_.services, server_.metrics, {1, 64, 100ms}, Deliverers(false));
  ASSERT_EQ(strict.RunOnce(), 1);
  EXPECT_EQ(receiver_.connections(), 0);
  HttpResponse pending = Send("GET", "/api/v1/outbox?state=pending");
  std::string error(pending.Json().at("data").at(0).at("last_error").as_string());
  EXPECT_EQ(error.rfind("not sent: refused: 127.0.0.1 is not a public address", 0), 0u) << error;
}

TEST_F(WebhooksTest, EventsOfEveryKindReachASubscriber) {
  auto [endpoint, secret] =
      CreateEndpoint({"advocate.enrolled", "advocate.updated", "referral.created", "referral.stage_changed",
                      "reward.created", "reward.approved", "reward.fulfilled"});
  Post("/api/v1/programs/" + program_ + "/reward-rules",
       {{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 5000}}}});
  std::string advocate =
      Id(Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "eve@adv.example"}, {"first_name", "Eve"}}));
  Send("PATCH", "/api/v1/advocates/" + advocate, json::object{{"company", "Engines"}});
  std::string referral = SubmitReferral();
  HttpResponse won = Post("/api/v1/referrals/" + referral + "/stage", {{"stage", "won"}, {"deal_value_minor", 100000}});
  ASSERT_EQ(won.status, 200) << won.body;
  std::string reward(won.Json().at("rewards").at(0).at("id").as_string());
  Post("/api/v1/rewards/" + reward + "/approve");
  Post("/api/v1/rewards/" + reward + "/fulfill", {{"reference", "PAY-1"}});
  while (worker_.RunOnce() > 0) {
  }
  std::multiset<std::string> types;  // in no particular order: receivers must not rely on one
  for (const auto& request : receiver_.requests()) {
    types.emplace(json::parse(request.body).at("type").as_string());
  }
  EXPECT_EQ(types, (std::multiset<std::string>{"advocate.enrolled", "advocate.updated", "referral.created",
                                               "referral.stage_changed", "reward.created", "reward.approved",
                                               "reward.fulfilled"}));
}

TEST_F(WebhooksTest, OnlyAdminsManageEndpointsAndTheOutbox) {
  std::string manager = server_.KeyFor("manager");
  json::object body{{"url", receiver_.Url()}, {"events", {"referral.created"}}};
  EXPECT_EQ(Send("POST", "/api/v1/webhook-endpoints", body, manager).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/webhook-endpoints", nullptr, manager).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/outbox", nullptr, server_.KeyFor("viewer")).status, 403);
  EXPECT_EQ(server_.Client().Send("GET", "/api/v1/webhook-endpoints").status, 401);
  auto [endpoint, secret] = CreateEndpoint();
  EXPECT_EQ(Send("DELETE", "/api/v1/webhook-endpoints/" + endpoint, nullptr, manager).status, 403);
  EXPECT_EQ(Send("DELETE", "/api/v1/webhook-endpoints/" + endpoint).status, 204);
  EXPECT_EQ(Send("GET", "/api/v1/webhook-endpoints/" + endpoint).status, 404);
}

TEST_F(WebhooksTest, BadInputNamesEveryField) {
  HttpResponse bad = Post("/api/v1/webhook-endpoints",
                          {{"url", "ftp://x.example/"}, {"events", {"referral.created", "referral.exploded"}}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.Header("content-type"), "application/problem+json");
  std::set<std::string> fields;
  json::value problem = bad.Json();
  for (const auto& error : problem.at("errors").as_array()) fields.emplace(error.at("field").as_string());
  EXPECT_EQ(fields, (std::set<std::string>{"url", "events[1]"}));
  EXPECT_EQ(Post("/api/v1/webhook-endpoints", json::object{}).status, 422);
  EXPECT_EQ(Post("/api/v1/webhook-endpoints", {{"url", receiver_.Url()}, {"events", "referral.created"}}).status, 422);
  EXPECT_EQ(Send("GET", "/api/v1/outbox?state=lost").status, 422);
  EXPECT_EQ(Send("GET", "/api/v1/outbox?colour=red").status, 422);
  EXPECT_EQ(Send("GET", "/api/v1/webhook-endpoints").Json().at("data").as_array().size(), 0u) << "nothing written";
}

TEST(WebhooksWithoutPrivateTargets, HttpAndLoopbackUrlsAreRefused) {
  TestServer server;
  HttpResponse refused = server.Client().Send("POST", "/api/v1/webhook-endpoints", Bearer(server.admin_key),
                                              R"({"url": "http://127.0.0.1:9/hook", "events": ["referral.created"]})");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.Json().at("errors").at(0).at("field"), "url");
}

TEST_F(WebhooksTest, MetricsShowTheQueue) {
  CreateEndpoint();
  answer_ = 500;
  SubmitReferral();
  server_.clock.Advance(30s);
  std::string metrics = server_.Client().Send("GET", "/metrics").body;
  EXPECT_NE(metrics.find("bluebird_outbox_pending{kind=\"webhook\"} 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("bluebird_outbox_oldest_pending_age_seconds{kind=\"webhook\"} 30"), std::string::npos);
  worker_.RunOnce();
  EXPECT_NE(server_.metrics.Render().find("bluebird_outbox_failures_total{kind=\"webhook\"} 1"), std::string::npos);
}

}  // namespace
}  // namespace bb::testing

#pragma once
// The fixture of the CRM connector API tests: a server (connectors.allow_private_targets, a sealing
// key) with a program in USD paying 10% of a won deal, one advocate, the CRM's local mock
// (crm_mock.h), and a CRM sync job wired as the connection-test gateway but never started: a test
// turns it (Turn) with the server's clock a minute on, so polls are due without sleeping.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "crm_mock.h"
#include "jobs/crm_sync.h"
#include "test_server.h"

namespace bb::testing {

class CrmConnectorTest : public ::testing::Test {
 protected:
  explicit CrmConnectorTest(const std::string& mock_script) : server_(Options()), mock_(mock_script) {
    jobs::CrmSyncOptions options;
    options.http.allow_private_targets = true;
    options.http.timeout = std::chrono::seconds(10);
    sync_ = std::make_unique<jobs::CrmSync>(*server_.services, options, "test-holder");
    server_.services->connectors.SetGateway(sync_.get());
    program_ = Id(
        Post("/api/v1/programs",
             {{"name", "Partners"}, {"kind", "partner"}, {"landing_url", "https://p.example/"}, {"currency", "USD"}}));
    advocate_ = Id(Post("/api/v1/programs/" + program_ + "/advocates",
                        {{"email", "ann@client.example"}, {"first_name", "Ann"}, {"last_name", "Lee"}}));
    Post("/api/v1/programs/" + program_ + "/reward-rules",
         {{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"percent_bp", 1000}}}});
  }
  ~CrmConnectorTest() override { server_.services->connectors.SetGateway(nullptr); }

  // A request with an API key (the admin's unless `key` is given).
  HttpResponse Send(const std::string& method, const std::string& target, const boost::json::object& body = {},
                    const std::string& key = "") {
    return server_.Client().Send(method, target, Bearer(key.empty() ? server_.admin_key : key),
                                 body.empty() ? "" : boost::json::serialize(body));
  }
  // A POST expected to succeed.
  HttpResponse Post(const std::string& target, const boost::json::object& body = {}) {
    HttpResponse response = Send("POST", target, body);
    EXPECT_LT(response.status, 300) << target << "\n" << response.body;
    return response;
  }
  static std::string Id(const HttpResponse& response) { return std::string(response.Json().at("id").as_string()); }
  // A GET expected to answer 200, as an object.
  boost::json::object Get(const std::string& target) {
    HttpResponse response = Send("GET", target);
    EXPECT_EQ(response.status, 200) << target << "\n" << response.body;
    return response.Json().as_object();
  }
  // A referral of the advocate (the referee's company is `company_`).
  std::string Referral(const std::string& email, const std::string& first = "Rita", const std::string& last = "Ray") {
    boost::json::object referee{{"email", email}, {"first_name", first}, {"last_name", last}};
    if (!company_.empty()) referee["company"] = company_;
    return Id(Post("/api/v1/referrals", {{"advocate_id", advocate_}, {"referee", referee}}));
  }
  // One turn of the sync job, a minute later (polls are due every 60 s).
  int Turn() {
    server_.clock.Advance(std::chrono::seconds(61));
    return sync_->RunOnce();
  }
  // The connector's sync log, newest first, a line per entry: "<outcome> <message>".
  std::string LogText(const std::string& connector) {
    std::string text;
    boost::json::object page = Get("/api/v1/connectors/" + connector + "/log?limit=200");
    for (const auto& entry : page.at("data").as_array()) {
      text += std::string(entry.at("outcome").as_string()) + " " + std::string(entry.at("message").as_string()) + "\n";
    }
    return text;
  }
  int RewardCount(const std::string& referral) {
    return static_cast<int>(
        Get("/api/v1/rewards?program_id=" + program_ + "&referral_id=" + referral).at("data").as_array().size());
  }

  TestServer server_;
  CrmMock mock_;
  std::unique_ptr<jobs::CrmSync> sync_;
  std::string program_;
  std::string advocate_;
  std::string company_;

 private:
  static TestServerOptions Options() {
    TestServerOptions options = TestServer::DefaultOptions();
    options.service.connectors.allow_private_targets = true;
    return options;
  }
};

}  // namespace bb::testing

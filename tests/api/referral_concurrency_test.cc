// Exactly-once rewards under concurrency: many clients, with and without Idempotency-Keys, post
// the same referrals and the same stage moves, to one server and to two servers sharing one
// database file; afterwards every reward exists exactly once and `ledger verify` agrees.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "service/ledger_verifier.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

constexpr int kClients = 8;
constexpr int kReferrals = 6;

json::value Post(HttpClient& client, const std::string& key, const std::string& target, const json::object& body,
                 int& status, const std::string& idempotency_key = "") {
  auto headers = Bearer(key);
  if (!idempotency_key.empty()) headers.emplace_back("Idempotency-Key", idempotency_key);
  HttpResponse response = client.Send("POST", target, headers, json::serialize(body));
  status = response.status;
  return response.Json();
}

json::value Get(HttpClient& client, const std::string& key, const std::string& target) {
  HttpResponse response = client.Send("GET", target, Bearer(key));
  EXPECT_EQ(response.status, 200) << target << "\n" << response.body;
  return response.Json();
}

std::string Created(HttpClient& client, const std::string& key, const std::string& target, const json::object& body) {
  int status = 0;
  json::value created = Post(client, key, target, body, status);
  EXPECT_EQ(status, 201) << target << "\n" << json::serialize(created);
  return std::string(created.at("id").as_string());
}

class ReferralConcurrencyTest : public ::testing::Test {
 protected:
  // A program with a reward on each stage, a tier bonus for the second won referral, a reward for
  // the referee, and two advocates with `kReferrals` referrals each.
  void SetUp() override {
    HttpClient client = server_.Client();
    const std::string& key = server_.admin_key;
    program_ = Created(client, key, "/api/v1/programs",
                       {{"name", "Concurrency"}, {"kind", "customer"}, {"landing_url", "https://c.example/"}});
    std::string rules = "/api/v1/programs/" + program_ + "/reward-rules";
    Created(client, key, rules,
            {{"name", "Submitted"}, {"trigger", {{"stage", "submitted"}}}, {"amount", {{"fixed_minor", 100}}}});
    Created(client, key, rules,
            {{"name", "Qualified"}, {"trigger", {{"stage", "qualified"}}}, {"amount", {{"fixed_minor", 200}}}});
    Created(client, key, rules, {{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"percent_bp", 1000}}}});
    Created(client, key, rules,
            {{"name", "Second win"}, {"trigger", {{"nth_won", 2}}}, {"amount", {{"fixed_minor", 5000}}}});
    Created(client, key, rules,
            {{"name", "Friend"},
             {"trigger", {{"stage", "won"}}},
             {"beneficiary", "referee"},
             {"amount", {{"fixed_minor", 300}}}});
    for (const char* name : {"ana", "ben"}) {
      std::string advocate = Created(client, key, "/api/v1/programs/" + program_ + "/advocates",
                                     {{"email", std::string(name) + "@advocates.example"}, {"first_name", name}});
      advocates_.push_back(advocate);
      for (int i = 0; i < kReferrals; ++i) {
        referrals_.push_back(
            Created(client, key, "/api/v1/referrals",
                    {{"advocate_id", advocate},
                     {"referee",
                      {{"email", std::string(name) + ".friend" + std::to_string(i) + "@prospects.example"},
                       {"first_name", "Friend"}}}}));
      }
    }
  }

  // Every client moves every referral to qualified and then to won; even clients send
  // Idempotency-Keys (the same key for the same move), odd clients none. Returns the statuses seen.
  std::map<int, int> MoveEverythingConcurrently(const std::vector<unsigned short>& ports) {
    std::vector<std::thread> clients;
    std::vector<std::map<int, int>> seen(kClients);
    std::atomic<int> ready{0};
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        HttpClient client(ports[static_cast<std::size_t>(c) % ports.size()]);
        ++ready;
        while (ready.load() < kClients) std::this_thread::yield();
        for (const auto& referral : referrals_) {
          for (const char* stage : {"qualified", "won"}) {
            json::object body{{"stage", stage}};
            if (std::string(stage) == "won") body["deal_value_minor"] = 123456;
            std::string key = c % 2 == 0 ? std::string(stage) + "-" + referral : "";
            int status = 0;
            Post(client, server_.admin_key, "/api/v1/referrals/" + referral + "/stage", body, status, key);
            ++seen[static_cast<std::size_t>(c)][status];
          }
          // The same new person referred by every client at once.
          int status = 0;
          Post(client, server_.admin_key, "/api/v1/referrals",
               {{"advocate_id", advocates_[0]},
                {"referee", {{"email", "same.person@prospects.example"}, {"first_name", "S"}}}},
               status, c % 2 == 0 ? "same-person" : "");
          ++seen[static_cast<std::size_t>(c)][status];
        }
      });
    }
    for (auto& client : clients) client.join();
    std::map<int, int> total;
    for (const auto& counts : seen) {
      for (const auto& [status, count] : counts) total[status] += count;
    }
    return total;
  }

  void ExpectExactlyOnceLedger() {
    HttpClient client = server_.Client();
    json::value rewards = Get(client, server_.admin_key, "/api/v1/rewards?limit=200&program_id=" + program_);
    std::map<std::string, int> per_key;
    std::map<std::string, int> per_rule_name;
    for (const auto& reward : rewards.at("data").as_array()) {
      std::string key =
          std::string(reward.at("rule_id").as_string()) + "|" + std::string(reward.at("referral_id").as_string()) +
          "|" + std::string(reward.at("beneficiary").as_string()) + "|" + std::string(reward.at("trigger").as_string());
      ++per_key[key];
      std::string reason(reward.at("reason").as_string());
      ++per_rule_name[reason.substr(0, reason.find(')') + 1)];
    }
    for (const auto& [key, count] : per_key) EXPECT_EQ(count, 1) << key;
    int referrals = 2 * kReferrals;
    EXPECT_EQ(per_rule_name["rule \"Submitted\" (stage:submitted)"], referrals + 1)
        << "one per referral and the same person once";
    EXPECT_EQ(per_rule_name["rule \"Qualified\" (stage:qualified)"], referrals);
    EXPECT_EQ(per_rule_name["rule \"Won\" (stage:won)"], referrals);
    EXPECT_EQ(per_rule_name["rule \"Friend\" (stage:won)"], referrals);
    EXPECT_EQ(per_rule_name["rule \"Second win\" (nth_won:2)"], 2) << "one tier bonus per advocate";
    EXPECT_EQ(rewards.at("data").as_array().size(), static_cast<std::size_t>(4 * referrals + 1 + 2));

    json::value same = Get(client, server_.admin_key, "/api/v1/referrals?limit=200&advocate_id=" + advocates_[0]);
    int clear = 0, duplicate = 0;
    for (const auto& referral : same.at("data").as_array()) {
      if (referral.at("referee").at("email") != json::value("same.person@prospects.example")) continue;
      (referral.at("review_status") == json::value("clear") ? clear : duplicate) += 1;
    }
    EXPECT_EQ(clear, 1) << "the same person is one clear referral; every other submission is a duplicate";
    EXPECT_GE(duplicate, 1);

    auto report = service::LedgerVerifier(*server_.store).Verify();
    ASSERT_TRUE(report.ok()) << report.error().message();
    for (const auto& difference : report->differences) ADD_FAILURE() << difference;
    EXPECT_EQ(report->rewards_found, report->rewards_expected);
  }

  TestServer server_;
  std::string program_;
  std::vector<std::string> advocates_;
  std::vector<std::string> referrals_;
};

TEST_F(ReferralConcurrencyTest, ManyClientsPostingTheSameMovesCreateEachRewardOnce) {
  std::map<int, int> statuses = MoveEverythingConcurrently({server_.port()});
  for (const auto& [status, count] : statuses) {
    // 409: a client posting "qualified" after another already won the referral.
    EXPECT_TRUE(status == 200 || status == 201 || status == 409) << status << " x" << count;
  }
  ExpectExactlyOnceLedger();
}

TEST_F(ReferralConcurrencyTest, TwoServersSharingOneDatabaseCreateEachRewardOnce) {
  TestServer second(server_.SharingDatabase());
  // The second server's keys live in the same database, so the first server's admin key works there.
  std::map<int, int> statuses = MoveEverythingConcurrently({server_.port(), second.port()});
  for (const auto& [status, count] : statuses) {
    EXPECT_TRUE(status == 200 || status == 201 || status == 409) << status << " x" << count;
  }
  second.Stop();
  ExpectExactlyOnceLedger();
}

}  // namespace
}  // namespace bb::testing

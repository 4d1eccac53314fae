#pragma once
// The fixture of the credit tests (split_credit_test.cc, account_credit_test.cc): a customer
// program with three advocates (Ana, Ben, Cai) on a server with an injected clock, and helpers to
// set the credit policy, refer, win, and read the rewards, the credit and the ledger's verdict.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "service/ledger_verifier.h"
#include "test_server.h"

namespace bb::testing {

class CreditTest : public ::testing::Test {
 protected:
  CreditTest() : client_(server_.Client()) {
    program_ = Create("/api/v1/programs",
                      {{"name", "Split"}, {"kind", "customer"}, {"landing_url", "https://split.example/"}});
    for (const char* name : {"ana", "ben", "cai"}) {
      advocates_.push_back(Create("/api/v1/programs/" + program_ + "/advocates",
                                  {{"email", std::string(name) + "@advocates.example"}, {"first_name", name}}));
    }
  }

  HttpResponse Send(const std::string& method, const std::string& target, const boost::json::object& body = {},
                    const std::string& key = "") {
    return client_.Send(method, target, Bearer(key.empty() ? server_.admin_key : key), boost::json::serialize(body));
  }

  std::string Create(const std::string& target, const boost::json::object& body) {
    HttpResponse response = Send("POST", target, body);
    EXPECT_EQ(response.status, 201) << target << "\n" << response.body;
    return response.status == 201 ? std::string(response.Json().at("id").as_string()) : "";
  }

  std::string Rule(const boost::json::object& body) {
    return Create("/api/v1/programs/" + program_ + "/reward-rules", body);
  }

  void Policy(const boost::json::object& body) {
    HttpResponse put = Send("PUT", "/api/v1/programs/" + program_ + "/credit-policy", body);
    ASSERT_EQ(put.status, 200) << put.body;
  }

  // A referral of advocate number `advocate` of `email`, moved to qualified with CRM deal `deal`
  // (none when empty).
  std::string Refer(int advocate, const std::string& email, const std::string& deal = "") {
    std::string id = Create("/api/v1/referrals",
                            {{"advocate_id", advocates_[static_cast<std::size_t>(advocate)]},
                             {"referee", {{"email", email}, {"first_name", "Rita"}, {"last_name", "Referee"}}}});
    server_.clock.Advance(std::chrono::minutes(1));
    boost::json::object move{{"stage", "qualified"}};
    if (!deal.empty()) move["external_id"] = deal;
    EXPECT_EQ(Send("POST", "/api/v1/referrals/" + id + "/stage", move).status, 200);
    return id;
  }

  // A visitor follows `first`'s link, then `last`'s, and refers `email` through the landing form:
  // `last` is credited, `first` touched it first. Returns the referral.
  std::string ReferThroughLinks(const std::string& first, const std::string& last, const std::string& email) {
    auto code_of = [&](const std::string& advocate) {
      return std::string(Send("GET", "/api/v1/advocates/" + advocate).Json().at("code").as_string());
    };
    const std::vector<std::pair<std::string, std::string>> human{
        {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"}};
    HttpResponse followed = client_.Send("GET", "/r/" + code_of(first), human);
    auto visitor = SetCookie(followed, "bb_vid");
    EXPECT_TRUE(visitor) << followed.status;
    if (!visitor) return "";
    auto as_visitor = human;
    as_visitor.emplace_back("Cookie", "bb_vid=" + CookieValue(*visitor));
    client_.Send("GET", "/r/" + code_of(last), as_visitor);
    std::string slug(Send("GET", "/api/v1/programs/" + program_).Json().at("slug").as_string());
    as_visitor.emplace_back("Content-Type", "application/json");
    HttpResponse sent = client_.Send(
        "POST", "/api/v1/public/programs/" + slug + "/referrals", as_visitor,
        boost::json::serialize(boost::json::object{{"referee", {{"email", email}, {"first_name", "Grace"}}}}));
    EXPECT_EQ(sent.status, 201) << sent.body;
    if (sent.status != 201) return "";
    std::string id(sent.Json().at("id").as_string());
    EXPECT_EQ(Send("GET", "/api/v1/referrals/" + id).Json().at("advocate_id"), boost::json::value(last));
    return id;
  }

  HttpResponse Win(const std::string& referral, std::int64_t deal_value) {
    server_.clock.Advance(std::chrono::minutes(1));
    return Send("POST", "/api/v1/referrals/" + referral + "/stage",
                {{"stage", "won"}, {"deal_value_minor", deal_value}});
  }

  // The referral's rewards for advocates, by trigger key.
  std::map<std::string, boost::json::object> AdvocateRewards(const std::string& referral) {
    HttpResponse listed = Send("GET", "/api/v1/rewards?limit=200&referral_id=" + referral);
    EXPECT_EQ(listed.status, 200) << listed.body;
    std::map<std::string, boost::json::object> out;
    const boost::json::value body = listed.Json();
    for (const auto& reward : body.at("data").as_array()) {
      if (reward.at("beneficiary") != boost::json::value("advocate")) continue;
      std::string key = std::string(reward.at("trigger").as_string()) + "/" +
                        std::string(reward.at("entry").as_string()) + "/" + std::string(reward.at("id").as_string());
      out[key] = reward.as_object();
    }
    return out;
  }

  // The sum of the live (not reversed) advocate entries of `referral` per advocate.
  std::map<std::string, std::int64_t> LivePerAdvocate(const std::string& referral) {
    std::map<std::string, std::int64_t> out;
    for (const auto& [key, reward] : AdvocateRewards(referral)) {
      if (reward.at("status") == boost::json::value("reversed")) continue;
      out[std::string(reward.at("advocate_id").as_string())] += reward.at("amount_minor").as_int64();
    }
    return out;
  }

  boost::json::value Credit(const std::string& referral) {
    HttpResponse got = Send("GET", "/api/v1/referrals/" + referral + "/credit");
    EXPECT_EQ(got.status, 200) << got.body;
    return got.Json().at("credit");
  }

  void ExpectLedgerVerifies() {
    auto report = service::LedgerVerifier(*server_.store).Verify();
    ASSERT_TRUE(report.ok()) << report.error().message();
    for (const auto& difference : report->differences) ADD_FAILURE() << difference;
    EXPECT_EQ(report->rewards_found, report->rewards_expected);
  }

  // Six clients, each on one of `ports` in turn, start together and each moves every one of
  // `referrals` to won (each starting from a different one). Returns how many answers were neither
  // 200 nor 409 (a write that lost its serialization race more often than the store retries).
  int WinAllConcurrently(const std::vector<unsigned short>& ports, const std::vector<std::string>& referrals,
                         std::int64_t deal_value) {
    constexpr int kClients = 6;
    std::atomic<int> ready{0};
    std::atomic<int> unexpected{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([&, c] {
        HttpClient client(ports[static_cast<std::size_t>(c) % ports.size()]);
        ++ready;
        while (ready.load() < kClients) std::this_thread::yield();
        for (std::size_t i = 0; i < referrals.size(); ++i) {
          const std::string& referral = referrals[(i + static_cast<std::size_t>(c)) % referrals.size()];
          HttpResponse won = client.Send(
              "POST", "/api/v1/referrals/" + referral + "/stage", Bearer(server_.admin_key),
              boost::json::serialize(boost::json::object{{"stage", "won"}, {"deal_value_minor", deal_value}}));
          if (won.status != 200 && won.status != 409) ++unexpected;
        }
      });
    }
    for (auto& client : clients) client.join();
    return unexpected.load();
  }

  const std::string& Ana() const { return advocates_[0]; }
  const std::string& Ben() const { return advocates_[1]; }
  const std::string& Cai() const { return advocates_[2]; }

  TestServer server_;
  HttpClient client_;
  std::string program_;
  std::vector<std::string> advocates_;
};

}  // namespace bb::testing

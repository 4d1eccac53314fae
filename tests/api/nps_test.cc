// NPS over the real API: answers recorded through POST /api/v1/programs/{id}/nps-responses (the
// import path) and the report GET /api/v1/analytics/nps on the research file's vectors
// (intelligence.md §4.5: NPS 30 from 10 promoters, 6 passives and 4 detractors; 40%, 16.67% and 0%
// of them referring within 90 days), with referrals submitted through the API on an injected clock;
// the referred revenue by class and the earned growth rate (NRR 105%, ENC 12.5%: EGR 17.5%); the
// refusals, each naming its field, and who may do what.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "common/time_format.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

class NpsTest : public ::testing::Test {
 protected:
  NpsTest() : client_(server_.Client()) {}

  void SetUp() override {
    At("2026-01-10T12:00:00Z");
    program_ = std::string(Send("POST", "/api/v1/programs",
                                {{"name", "Bank"}, {"kind", "customer"}, {"landing_url", "https://bank.example/"}})
                               .at("id")
                               .as_string());
  }

  json::value Send(const char* method, const std::string& target, const json::object& body) {
    HttpResponse response = client_.Send(method, target, Bearer(server_.admin_key), json::serialize(body));
    EXPECT_TRUE(response.status == 200 || response.status == 201) << target << "\n" << response.body;
    return response.Json();
  }
  HttpResponse Answer(const json::object& body, const std::string& key) {
    return client_.Send("POST", "/api/v1/programs/" + program_ + "/nps-responses", Bearer(key), json::serialize(body));
  }
  std::string Enroll(const std::string& email) {
    return std::string(
        Send("POST", "/api/v1/programs/" + program_ + "/advocates", {{"email", email}, {"first_name", "A"}})
            .at("id")
            .as_string());
  }
  void Refer(const std::string& advocate, const std::string& referee) {
    Send("POST", "/api/v1/referrals",
         {{"advocate_id", advocate}, {"referee", {{"email", referee}, {"first_name", "R"}}}});
  }
  void At(const char* when) { server_.clock.Set(*ParseTimestamp(when)); }
  void AtDaysAfterAnswers(int days, int hours = 0) {
    server_.clock.Set(*ParseTimestamp("2026-01-10T12:00:00Z") + std::chrono::days(days) + std::chrono::hours(hours));
  }

  TestServer server_;
  HttpClient client_;
  std::string program_;
};

TEST_F(NpsTest, TheResearchFilesVectorThroughTheApi) {
  // 10 promoters (p0..p9), 6 passives (q0..q5), 4 detractors (d0..d3), answering on January 10.
  std::vector<std::string> promoters;
  for (int i = 0; i < 10; ++i) promoters.push_back(Enroll("p" + std::to_string(i) + "@customer.example"));
  std::string passive = Enroll("q0@customer.example");
  At("2026-01-20T00:00:00Z");
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(Answer({{"email", "P" + std::to_string(i) + "@Customer.example"},
                      {"score", 9 + i % 2},
                      {"answered_at", "2026-01-10T12:00:00Z"}},
                     server_.admin_key)
                  .status,
              201);
  }
  for (int i = 0; i < 6; ++i) {
    Answer({{"email", "q" + std::to_string(i) + "@customer.example"},
            {"score", 7 + i % 2},
            {"answered_at", "2026-01-10T12:00:00Z"}},
           server_.KeyFor("manager"));
  }
  for (int i = 0; i < 4; ++i) {
    Answer({{"email", "d" + std::to_string(i) + "@customer.example"},
            {"score", 6 - i},
            {"answered_at", "2026-01-10T12:00:00Z"}},
           server_.admin_key);
  }
  // q0 refers on day 3; p0..p3 within 90 days (p0 twice), p4 only on day 91.
  AtDaysAfterAnswers(13);
  Refer(passive, "rq@prospect.example");
  AtDaysAfterAnswers(10 + 5);
  Refer(promoters[0], "r0a@prospect.example");
  AtDaysAfterAnswers(16);
  Refer(promoters[0], "r0b@prospect.example");
  for (int i = 1; i < 4; ++i) {
    AtDaysAfterAnswers(89, i);
    Refer(promoters[static_cast<std::size_t>(i)], "r" + std::to_string(i) + "@prospect.example");
  }
  AtDaysAfterAnswers(91);
  Refer(promoters[4], "r4@prospect.example");
  AtDaysAfterAnswers(120);

  HttpResponse response =
      client_.Send("GET", "/api/v1/analytics/nps?program_id=" + program_ + "&from=2026-01-01&to=2026-02-01",
                   Bearer(server_.KeyFor("viewer")));
  ASSERT_EQ(response.status, 200) << response.body;
  json::value report = response.Json();
  EXPECT_EQ(report.at("responses"), 20);
  EXPECT_EQ(report.at("promoters"), 10);
  EXPECT_EQ(report.at("passives"), 6);
  EXPECT_EQ(report.at("detractors"), 4);
  EXPECT_EQ(report.at("nps"), 30);
  EXPECT_EQ(report.at("window_days"), 90);
  EXPECT_EQ(report.at("referral_rate_bp"), json::parse(R"({"promoter": 4000, "passive": 1667, "detractor": 0})"));
  EXPECT_EQ(report.at("classes").at(0), json::parse(R"({"class": "promoter", "respondents": 10, "referred": 4,
      "referrals": 5, "referral_rate_bp": 4000, "referrals_per_respondent_milli": 500, "won": 0,
      "won_other_currency": 0, "revenue_minor": 0, "revenue_per_respondent_minor": 0, "window_open": 0})"))
      << "0.5 referrals a promoter";

  // A longer window takes p4's referral on day 91.
  json::value longer =
      client_
          .Send("GET", "/api/v1/analytics/nps?program_id=" + program_ + "&from=2026-01-01&to=2026-02-01&window_days=91",
                Bearer(server_.admin_key))
          .Json();
  EXPECT_EQ(longer.at("referral_rate_bp").at("promoter"), 5000);
}

TEST_F(NpsTest, ReferredRevenueByClassAndTheEarnedGrowthRate) {
  const std::string pia = Enroll("pia@customer.example"), pat = Enroll("pat@customer.example"),
                    dan = Enroll("dan@customer.example");
  for (auto [email, score] :
       {std::pair{"pia@customer.example", 10}, {"pat@customer.example", 9}, {"dan@customer.example", 3}}) {
    ASSERT_EQ(Answer({{"email", email}, {"score", score}}, server_.admin_key).status, 201);
  }
  auto win = [&](const std::string& advocate, const std::string& referee, std::int64_t deal) {
    const std::string id(Send("POST", "/api/v1/referrals",
                              {{"advocate_id", advocate}, {"referee", {{"email", referee}, {"first_name", "R"}}}})
                             .at("id")
                             .as_string());
    if (deal >= 0) Send("POST", "/api/v1/referrals/" + id + "/stage", {{"stage", "won"}, {"deal_value_minor", deal}});
  };
  AtDaysAfterAnswers(5);
  win(pia, "r1@prospect.example", 1'000'000);
  win(pia, "r2@prospect.example", -1);  // still open
  win(pat, "r3@prospect.example", 250'000);
  win(dan, "r4@prospect.example", 40'000);
  AtDaysAfterAnswers(6);

  const std::string base = "/api/v1/analytics/nps?program_id=" + program_ + "&from=2026-01-01&to=2026-02-01";
  json::value report = client_.Send("GET", base, Bearer(server_.admin_key)).Json();
  EXPECT_EQ(report.at("currency"), "USD");
  const json::value& promoters = report.at("classes").at(0);
  EXPECT_EQ(promoters.at("won"), 2);
  EXPECT_EQ(promoters.at("revenue_minor"), 1'250'000);
  EXPECT_EQ(promoters.at("revenue_per_respondent_minor"), 625'000);
  EXPECT_EQ(report.at("classes").at(2).at("revenue_minor"), 40'000) << "the detractor's";
  EXPECT_EQ(report.at("earned_growth"), json::parse(R"({"won": 3, "won_other_currency": 0, "won_without_value": 0,
      "earned_revenue_minor": 1290000, "prior_revenue_minor": null, "nrr_bp": null, "enc_bp": null,
      "earned_growth_rate_bp": null})"));

  json::value growth =
      client_.Send("GET", base + "&nrr_bp=10500&prior_revenue_minor=10320000", Bearer(server_.admin_key)).Json();
  EXPECT_EQ(growth.at("earned_growth").at("enc_bp"), 1'250) << "1,290,000 ÷ 10,320,000 = 12.5%";
  EXPECT_EQ(growth.at("earned_growth").at("earned_growth_rate_bp"), 1'750) << "105% + 12.5% − 100%";

  for (auto [query, field] : {std::pair{"&nrr_bp=100001", "nrr_bp"},
                              {"&nrr_bp=-5", "nrr_bp"},
                              {"&prior_revenue_minor=0", "prior_revenue_minor"},
                              {"&prior_revenue_minor=1e6", "prior_revenue_minor"}}) {
    HttpResponse refused = client_.Send("GET", base + query, Bearer(server_.admin_key));
    EXPECT_EQ(refused.status, 422) << query;
    EXPECT_EQ(refused.Json().at("errors").at(0).at("field"), field) << query;
  }
}

TEST_F(NpsTest, AnAnswerIsRecordedOnceAndReadBack) {
  json::object body{{"email", " Grace@Navy.example "}, {"score", 6}, {"comment", "Slow onboarding."}};
  HttpResponse first = client_.Send("POST", "/api/v1/programs/" + program_ + "/nps-responses",
                                    {{"Authorization", "Bearer " + server_.admin_key},
                                     {"Content-Type", "application/json"},
                                     {"Idempotency-Key", "survey-tool-123"}},
                                    json::serialize(body));
  ASSERT_EQ(first.status, 201) << first.body;
  json::value answer = first.Json();
  EXPECT_EQ(answer.at("email"), "Grace@Navy.example");
  EXPECT_EQ(answer.at("class"), "detractor");
  EXPECT_TRUE(answer.at("followup_task_id").is_string()) << "a detractor's answer asks for a follow-up";
  EXPECT_EQ(answer.at("answered_at"), "2026-01-10T12:00:00.000000Z") << "now, unless it says when";
  EXPECT_EQ(answer.at("source"), "api");
  HttpResponse again = client_.Send("POST", "/api/v1/programs/" + program_ + "/nps-responses",
                                    {{"Authorization", "Bearer " + server_.admin_key},
                                     {"Content-Type", "application/json"},
                                     {"Idempotency-Key", "survey-tool-123"}},
                                    json::serialize(body));
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.Json().at("id"), answer.at("id")) << "a retried import records nothing twice";
  At("2026-01-11T00:00:00Z");
  json::value report =
      client_.Send("GET", "/api/v1/analytics/nps?program_id=" + program_, Bearer(server_.admin_key)).Json();
  EXPECT_EQ(report.at("responses"), 1);
  EXPECT_EQ(report.at("nps"), -100);
  EXPECT_EQ(report.at("classes").at(2).at("window_open"), 1) << "answered a day ago: referrals so far";
}

TEST_F(NpsTest, TheLatestAnswerIsKeptOnTheAdvocateForSegments) {
  std::string advocate = Enroll("ada@customer.example");
  At("2026-02-01T00:00:00Z");
  json::value first =
      Answer({{"email", "ADA@customer.example"}, {"score", 10}, {"answered_at", "2026-01-20T00:00:00Z"}},
             server_.admin_key)
          .Json();
  EXPECT_EQ(first.at("advocate_id"), json::value(advocate));
  EXPECT_EQ(first.at("advocate_updated"), true);
  // An older answer imported later is recorded, and leaves the latest on the advocate.
  json::value older = Answer({{"email", "ada@customer.example"}, {"score", 3}, {"answered_at", "2025-12-01T00:00:00Z"}},
                             server_.admin_key)
                          .Json();
  EXPECT_EQ(older.at("advocate_id"), json::value(advocate));
  EXPECT_EQ(older.at("advocate_updated"), false);
  json::value stored = client_.Send("GET", "/api/v1/advocates/" + advocate, Bearer(server_.admin_key)).Json();
  EXPECT_EQ(stored.at("attributes"), json::parse(R"({"nps": 10, "nps_class": "promoter"})"));
  // A newer one replaces it, audited as a change of the advocate by whoever recorded the answer.
  Answer({{"email", "ada@customer.example"}, {"score", 7}}, server_.admin_key);
  stored = client_.Send("GET", "/api/v1/advocates/" + advocate, Bearer(server_.admin_key)).Json();
  EXPECT_EQ(stored.at("attributes"), json::parse(R"({"nps": 7, "nps_class": "passive"})"));
  json::value audit =
      client_.Send("GET", "/api/v1/audit-events?object_id=" + advocate, Bearer(server_.admin_key)).Json();
  std::string changes = json::serialize(audit);
  EXPECT_NE(changes.find("attributes.nps_class"), std::string::npos) << changes;
  // The advocates' list finds the passives by the attribute.
  json::value passives =
      client_
          .Send("GET", "/api/v1/programs/" + program_ + "/advocates?attr.nps_class=passive", Bearer(server_.admin_key))
          .Json();
  ASSERT_EQ(passives.at("data").as_array().size(), 1u);
  EXPECT_EQ(passives.at("data").at(0).at("id"), json::value(advocate));

  json::value stranger = Answer({{"email", "bob@customer.example"}, {"score", 9}}, server_.admin_key).Json();
  EXPECT_EQ(stranger.at("advocate_id"), nullptr) << "not an advocate of the program";
  EXPECT_EQ(stranger.at("advocate_updated"), false);
  EXPECT_EQ(stranger.at("followup_task_id"), nullptr) << "a promoter's asks for none";
  EXPECT_EQ(older.at("followup_task_id"), nullptr) << "nor an older answer imported later, a detractor's";
}

TEST_F(NpsTest, AnAdvocateWithoutRoomForTheAttributesStillHasTheAnswerRecorded) {
  std::string full = Enroll("full@customer.example");
  json::object attributes;
  for (int i = 0; i < 50; ++i) attributes["a" + std::to_string(i)] = i;
  Send("PATCH", "/api/v1/advocates/" + full, {{"attributes", attributes}});
  HttpResponse answer = Answer({{"email", "full@customer.example"}, {"score", 9}}, server_.admin_key);
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_EQ(answer.Json().at("advocate_updated"), false);
  At("2026-01-11T00:00:00Z");
  EXPECT_EQ(client_.Send("GET", "/api/v1/analytics/nps?program_id=" + program_, Bearer(server_.admin_key))
                .Json()
                .at("promoters"),
            1);
}

// Regression: an advocate with 49 attributes and an nps kept the old score, because adding
// nps_class would have made 51 and the whole change was dropped.
TEST_F(NpsTest, AStaleScoreIsUpdatedEvenWithoutRoomForTheClass) {
  std::string nearly = Enroll("nearly@customer.example");
  json::object attributes{{"nps", 5}};
  for (int i = 0; i < 49; ++i) attributes["a" + std::to_string(i)] = i;
  Send("PATCH", "/api/v1/advocates/" + nearly, {{"attributes", attributes}});
  json::value answer = Answer({{"email", "nearly@customer.example"}, {"score", 10}}, server_.admin_key).Json();
  EXPECT_EQ(answer.at("advocate_updated"), false) << "nps_class could not be added";
  json::value stored = client_.Send("GET", "/api/v1/advocates/" + nearly, Bearer(server_.admin_key)).Json();
  EXPECT_EQ(stored.at("attributes").at("nps"), 10) << "never a stale score";
  EXPECT_FALSE(stored.at("attributes").as_object().contains("nps_class"));
}

TEST_F(NpsTest, ADetractorsFollowUpGoesToTheRepWhoEnrolledThemUntilClosed) {
  std::string rep = server_.KeyFor("sales_rep");
  std::string other_rep = server_.KeyFor("sales_rep");
  HttpResponse enrolled = client_.Send("POST", "/api/v1/programs/" + program_ + "/advocates", Bearer(rep),
                                       R"({"email": "dee@customer.example", "first_name": "Dee"})");
  ASSERT_EQ(enrolled.status, 201) << enrolled.body;
  json::value answer =
      Answer({{"email", "dee@customer.example"}, {"score", 4}, {"comment", "Slow onboarding."}}, server_.admin_key)
          .Json();
  std::string id(answer.at("followup_task_id").as_string());

  auto list = [&](const std::string& key, const std::string& query = "") {
    return client_.Send("GET", "/api/v1/followup-tasks" + query, Bearer(key)).Json().at("data");
  };
  json::value mine = list(rep);
  ASSERT_EQ(mine.as_array().size(), 1u);
  EXPECT_EQ(mine.at(0).at("id"), json::value(id));
  EXPECT_EQ(mine.at(0).at("status"), "open");
  EXPECT_EQ(mine.at(0).at("comment"), "Slow onboarding.");
  EXPECT_EQ(mine.at(0).at("due_at"), "2026-01-12T12:00:00.000000Z") << "48 hours after the answer";
  EXPECT_TRUE(list(other_rep).as_array().empty()) << "another rep's";
  EXPECT_EQ(list(server_.KeyFor("viewer"), "?program_id=" + program_ + "&status=open").as_array().size(), 1u);
  EXPECT_EQ(client_.Send("GET", "/api/v1/followup-tasks?status=done", Bearer(server_.admin_key)).status, 422);

  auto patch = [&](const std::string& key, const char* body) {
    return client_.Send("PATCH", "/api/v1/followup-tasks/" + id, Bearer(key), body);
  };
  EXPECT_EQ(patch(other_rep, R"({"status": "closed"})").status, 404) << "not theirs: not even there";
  EXPECT_EQ(patch(server_.KeyFor("viewer"), R"({"status": "closed"})").status, 403);
  At("2026-01-11T09:00:00Z");
  HttpResponse contacted = patch(rep, R"({"status": "contacted", "note": "Called; a fix is promised."})");
  ASSERT_EQ(contacted.status, 200) << contacted.body;
  EXPECT_EQ(contacted.Json().at("closed_at"), nullptr);
  EXPECT_EQ(contacted.Json().at("contacted_at"), "2026-01-11T09:00:00.000000Z");
  EXPECT_EQ(contacted.Json().at("answered_at"), "2026-01-10T12:00:00.000000Z");
  EXPECT_TRUE(contacted.Json().at("owner_name").is_string()) << contacted.body;
  EXPECT_EQ(contacted.Json().at("updated_by_name"), contacted.Json().at("owner_name"));
  HttpResponse closed = patch(server_.KeyFor("manager"), R"({"status": "closed"})");
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.Json().at("closed_at"), "2026-01-11T09:00:00.000000Z");
  EXPECT_EQ(closed.Json().at("note"), "Called; a fix is promised.");
  HttpResponse reopened = patch(rep, R"({"status": "open"})");
  EXPECT_EQ(reopened.status, 409) << "a closed task stays closed";
  HttpResponse bad = patch(server_.admin_key, R"({"status": "done"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.Json().at("errors").at(0).at("field"), "status");

  // A passive's answer, and a promoter's, open none; nor does an old detractor's answer imported now.
  EXPECT_EQ(Answer({{"email", "pat@customer.example"}, {"score", 8}}, server_.admin_key).Json().at("followup_task_id"),
            nullptr);
  EXPECT_EQ(Answer({{"email", "old@customer.example"}, {"score", 1}, {"answered_at", "2025-12-01T00:00:00Z"}},
                   server_.admin_key)
                .Json()
                .at("followup_task_id"),
            nullptr)
      << "answered 41 days before it was recorded";

  // The report counts how the range's follow-ups went: Dee's was contacted within 48 hours.
  json::value report = client_
                           .Send("GET", "/api/v1/analytics/nps?program_id=" + program_ + "&from=2026-01-01T00:00:00Z",
                                 Bearer(server_.admin_key))
                           .Json();
  EXPECT_EQ(report.at("followups"), json::parse(R"({"opened": 1, "contacted_on_time": 1, "contacted_late": 0,
      "overdue": 0, "waiting": 0, "closed": 1, "on_time_bp": 10000})"));
}

TEST_F(NpsTest, RefusalsNameTheirField) {
  auto field = [&](const json::object& body) {
    HttpResponse response = Answer(body, server_.admin_key);
    EXPECT_EQ(response.status, 422) << response.body;
    return std::string(response.Json().at("errors").at(0).at("field").as_string());
  };
  EXPECT_EQ(field({{"email", "a@b.example"}, {"score", 11}}), "score") << "§4.5.1";
  EXPECT_EQ(field({{"email", "a@b.example"}, {"score", 6.5}}), "score") << "§4.5.1";
  EXPECT_EQ(field({{"email", "a@b.example"}, {"score", "9"}}), "score");
  EXPECT_EQ(field({{"email", "not an address"}, {"score", 9}}), "email");
  EXPECT_EQ(field({{"score", 9}}), "email");
  EXPECT_EQ(field({{"email", "a@b.example"}, {"score", 9}, {"answered_at", "2026-01-10T12:05:00.000001Z"}}),
            "answered_at")
      << "more than five minutes ahead";
  EXPECT_EQ(field({{"email", "a@b.example"}, {"score", 9}, {"colour", "blue"}}), "colour");

  EXPECT_EQ(Answer({{"email", "a@b.example"}, {"score", 9}}, server_.KeyFor("viewer")).status, 403);
  EXPECT_EQ(Answer({{"email", "a@b.example"}, {"score", 9}}, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Answer({{"score", "x"}}, server_.KeyFor("viewer")).status, 403) << "who may record is told first";
  EXPECT_EQ(client_
                .Send("POST", "/api/v1/programs/prg_00000000000000000000000000/nps-responses",
                      Bearer(server_.admin_key), R"({"email": "a@b.example", "score": 9})")
                .status,
            404);

  auto report = [&](const std::string& query, const std::string& key) {
    return client_.Send("GET", "/api/v1/analytics/nps" + query, Bearer(key));
  };
  EXPECT_EQ(report("?program_id=" + program_, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(report("", server_.KeyFor("sales_rep")).status, 403) << "who may read is told first";
  EXPECT_EQ(report("", server_.admin_key).status, 422);
  for (const char* bad : {"0", "366", "abc", "-1", "99999"}) {
    HttpResponse refused = report("?program_id=" + program_ + "&window_days=" + bad, server_.admin_key);
    EXPECT_EQ(refused.status, 422) << bad;
    EXPECT_EQ(refused.Json().at("errors").at(0).at("field"), "window_days") << bad;
  }
  EXPECT_EQ(report("?program_id=prg_00000000000000000000000000", server_.admin_key).status, 404);
}

TEST_F(NpsTest, NpsOverTimeCountsEachMonthsLatestAnswerOfEachPerson) {
  At("2026-03-10T00:00:00Z");
  auto answer = [&](const char* email, int score, const char* at) {
    ASSERT_EQ(Answer({{"email", email}, {"score", score}, {"answered_at", at}}, server_.admin_key).status, 201);
  };
  answer("pia@customer.example", 9, "2026-01-10T00:00:00Z");
  answer("pia@customer.example", 3, "2026-02-05T00:00:00Z");  // counts in February, not in January's part
  answer("pat@customer.example", 10, "2026-02-06T00:00:00Z");
  answer("pat@customer.example", 8, "2026-02-07T00:00:00Z");  // Pat's latest in February
  answer("ole@customer.example", 10, "2026-03-01T00:00:00Z");
  json::value report = client_
                           .Send("GET",
                                 "/api/v1/analytics/nps?program_id=" + program_ +
                                     "&from=2026-01-15T00:00:00Z&to=2026-03-01T00:00:00.000001Z",
                                 Bearer(server_.admin_key))
                           .Json();
  const json::array& months = report.at("months").as_array();
  ASSERT_EQ(months.size(), 3u) << report;
  EXPECT_EQ(months[0], json::parse(R"({"month": "2026-01", "from": "2026-01-15T00:00:00.000000Z",
      "to": "2026-02-01T00:00:00.000000Z", "responses": 0, "promoters": 0, "passives": 0, "detractors": 0,
      "nps": null})"))
      << "Pia's January answer is before the range";
  EXPECT_EQ(months[1], json::parse(R"({"month": "2026-02", "from": "2026-02-01T00:00:00.000000Z",
      "to": "2026-03-01T00:00:00.000000Z", "responses": 2, "promoters": 0, "passives": 1, "detractors": 1,
      "nps": -50})"));
  EXPECT_EQ(months[2].at("month"), "2026-03");
  EXPECT_EQ(months[2].at("to"), "2026-03-01T00:00:00.000001Z") << "the last month's part ends with the range";
  EXPECT_EQ(months[2].at("nps"), 100);
  EXPECT_EQ(report.at("responses"), 3) << "over the range, each person once";
}

}  // namespace
}  // namespace bb::testing

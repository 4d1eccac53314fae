// Lead scoring through the API, on every backend: score models published as versions and refused
// field by field, engagement events recorded once per key, a referral's score with the rules that
// made it and its MQL instant, accounts rolled up by domain, the propensity ranking, and the
// calibration — recomputable as of a date and equal to a direct computation on generated data.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <map>
#include <set>

#include "common/time_format.h"
#include "domain/score_calibration.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// Fit: 40 for a title with "head", 20 for a company. Engagement: 5 a click (2 a day), 30 a demo, 10
// a submitted referral; no decay, so the figures are plain sums.
json::object TestModel() {
  return json::object{
      {"name", "Test"},
      {"groups",
       json::array{
           json::object{{"name", "Who"},
                        {"dimension", "fit"},
                        {"fit_rules",
                         json::array{json::object{{"attribute", "referee.title"},
                                                  {"op", "contains"},
                                                  {"values", json::array{"head"}},
                                                  {"points", 40}},
                                     json::object{{"attribute", "referee.company"}, {"op", "known"}, {"points", 20}}}}},
           json::object{{"name", "What"},
                        {"dimension", "engagement"},
                        {"event_rules",
                         json::array{json::object{{"event_type", "email_clicked"}, {"points", 5}, {"max_per_day", 2}},
                                     json::object{{"event_type", "demo_attended"}, {"points", 30}},
                                     json::object{{"event_type", "referral_submitted"}, {"points", 10}}}}}}},
      {"decay", json::object{{"mode", "none"}}}};
}

class LeadScoringTest : public ::testing::Test {
 protected:
  LeadScoringTest() : client_(server_.Client()) {
    program_ = Id(Post("/api/v1/programs",
                       {{"name", "Scores"}, {"kind", "customer"}, {"landing_url", "https://scores.example/"}}));
    ada_ = Id(
        Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "ada@engines.example"}, {"first_name", "Ada"}}));
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::object& body = {},
                    const std::string& key = "") {
    server_.clock.Advance(1min);
    return client_.Send(method, target, Bearer(key.empty() ? server_.admin_key : key),
                        body.empty() ? "" : json::serialize(body));
  }
  HttpResponse Post(const std::string& target, const json::object& body = {}) {
    HttpResponse response = Send("POST", target, body);
    EXPECT_LT(response.status, 300) << target << "\n" << response.body;
    return response;
  }
  json::value Get(const std::string& target) {
    HttpResponse response = Send("GET", target);
    EXPECT_EQ(response.status, 200) << target << "\n" << response.body;
    return response.Json();
  }
  static std::string Id(const HttpResponse& response) {
    return response.status < 300 ? std::string(response.Json().at("id").as_string()) : "";
  }
  std::string Refer(const std::string& email, const std::string& title = "", const std::string& company = "") {
    return Id(Post("/api/v1/referrals",
                   {{"advocate_id", ada_},
                    {"referee", {{"email", email}, {"first_name", "R"}, {"title", title}, {"company", company}}}}));
  }
  void Close(const std::string& referral, const std::string& stage) {
    json::object body{{"stage", stage}};
    if (stage == "won") body["deal_value_minor"] = 10'000;
    Post("/api/v1/referrals/" + referral + "/stage", body);
  }
  // Records one event that happened `ago` before now.
  HttpResponse Event(const std::string& email, const std::string& type, const std::string& key,
                     std::chrono::microseconds ago = 0us) {
    return Send("POST", "/api/v1/programs/" + program_ + "/engagement-events",
                {{"events", json::array{json::object{{"email", email},
                                                     {"type", type},
                                                     {"key", key},
                                                     {"occurred_at", FormatTimestamp(server_.clock.Now() - ago)}}}}});
  }
  HttpResponse PublishTestModel() { return Send("PUT", "/api/v1/programs/" + program_ + "/score-model", TestModel()); }
  static std::vector<std::string> Fields(const HttpResponse& response) {
    std::vector<std::string> out;
    json::value body = response.Json();
    for (const auto& e : body.at("errors").as_array()) out.emplace_back(e.at("field").as_string());
    return out;
  }

  TestServer server_;
  HttpClient client_;
  std::string program_, ada_;
};

TEST_F(LeadScoringTest, ModelsArePublishedAsVersionsAndRefusedFieldByField) {
  const std::string target = "/api/v1/programs/" + program_ + "/score-model";
  json::value defaults = Get(target);
  EXPECT_EQ(defaults.at("version"), 0);
  EXPECT_TRUE(defaults.at("published_at").is_null());
  EXPECT_EQ(defaults.at("decay").at("mode"), "step");
  EXPECT_EQ(Get(target + "?version=0"), defaults);

  json::object bad = TestModel();
  bad["groups"].as_array()[0].as_object()["fit_rules"].as_array()[0].as_object()["attribute"] = "referee.salary";
  bad["groups"].as_array()[1].as_object()["event_rules"].as_array()[1].as_object()["points"] = "thirty";
  bad["decay"].as_object()["mode"] = "linear";
  bad["colour"] = "blue";
  HttpResponse refused = Send("PUT", target, bad);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"groups[1].event_rules[1].points", "decay.mode", "colour"}))
      << "types first; the ranges after";
  bad = TestModel();
  bad["groups"].as_array()[0].as_object()["fit_rules"].as_array()[0].as_object()["attribute"] = "referee.salary";
  bad["bands"] = json::object{{"fit_a", 10}, {"fit_b", 20}};
  refused = Send("PUT", target, bad);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"groups[0].fit_rules[0].attribute", "bands.fit_b"}));
  EXPECT_EQ(Send("PUT", target, TestModel(), server_.KeyFor("viewer")).status, 403);
  EXPECT_EQ(Get(target).at("version"), 0) << "nothing published by the refusals";

  HttpResponse first = PublishTestModel();
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.Json().at("version"), 1);
  HttpResponse same = PublishTestModel();
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.Json().at("published"), false);
  EXPECT_EQ(same.Json().at("version"), 1);
  json::object changed = TestModel();
  changed["name"] = "Test, tuned";
  HttpResponse second = Send("PUT", target, changed, server_.KeyFor("manager"));
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(second.Json().at("version"), 2);
  EXPECT_EQ(Get(target).at("name"), "Test, tuned");
  EXPECT_EQ(Get(target + "?version=1").at("name"), "Test") << "a published version never changes";
  EXPECT_EQ(Send("GET", target + "?version=9").status, 404);
  EXPECT_EQ(Send("GET", target + "?version=-1").status, 422);
  EXPECT_EQ(Send("GET", target, {}, server_.KeyFor("sales_rep")).status, 200) << "every role reads the rules";
  json::value audit = Get("/api/v1/audit-events?kind=score_model.published");
  EXPECT_EQ(audit.at("data").as_array().size(), 2u);
}

TEST_F(LeadScoringTest, EventsAreRecordedOncePerKeyAndMakeAReferralsScoreWithItsMqlInstant) {
  ASSERT_EQ(PublishTestModel().status, 201);
  const std::string rita = Refer("rita@buyer.example", "Head of Operations", "Buyer Inc");
  const std::string events = "/api/v1/programs/" + program_ + "/engagement-events";
  const std::string now = FormatTimestamp(server_.clock.Now());
  json::array batch;
  for (int i = 0; i < 3; ++i) {
    batch.push_back(json::object{{"email", "Rita@Buyer.example"},
                                 {"type", "email_clicked"},
                                 {"key", "click-" + std::to_string(i)},
                                 {"occurred_at", now}});
  }
  HttpResponse recorded = Send("POST", events, {{"events", batch}});
  ASSERT_EQ(recorded.status, 200) << recorded.body;
  EXPECT_EQ(recorded.Json().at("recorded"), 3);
  HttpResponse again = Send("POST", events, {{"events", batch}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.Json().at("recorded"), 0);
  EXPECT_EQ(again.Json().at("duplicates"), 3) << "a key seen again is the same event";
  // Event() dates the event at the clock's reading before its request.
  const Timestamp before_demo = server_.clock.Now() - 1s;
  const std::string demo_at = FormatTimestamp(server_.clock.Now());
  ASSERT_EQ(Event("rita@buyer.example", "demo_attended", "demo-1").status, 200);

  json::value score = Get("/api/v1/referrals/" + rita + "/score");
  EXPECT_EQ(score.at("fit"), 60);
  EXPECT_EQ(score.at("engagement"), 50) << "10 submitted + 2 clicks of the day (10) + 30 demo";
  EXPECT_EQ(score.at("total"), 100) << "clamped at the limit, 110 otherwise";
  EXPECT_EQ(score.at("grade"), "A1");
  EXPECT_EQ(score.at("mql"), true);
  EXPECT_EQ(score.at("model_version"), 1);
  EXPECT_EQ(score.at("contributions").as_array().size(), 5u);
  // The MQL rule (fit 30, engagement 20) was met when the clicks came (10 + 10): not at the demo.
  EXPECT_NE(score.at("mql_at"), demo_at.c_str());
  json::value earlier = Get("/api/v1/referrals/" + rita + "/score?as_of=" + FormatTimestamp(before_demo));
  EXPECT_EQ(earlier.at("engagement"), 20);
  EXPECT_EQ(earlier.at("mql_at"), score.at("mql_at"));
  json::value defaults = Get("/api/v1/referrals/" + rita + "/score?version=0");
  EXPECT_EQ(defaults.at("model_version"), 0);

  // Refused, all or nothing, naming each field.
  json::array wrong{
      json::object{{"email", "rita@buyer.example"},
                   {"type", "email_clicked"},
                   {"key", "late"},
                   {"occurred_at", FormatTimestamp(server_.clock.Now() + 24h)}},
      json::object{{"email", "not an email"}, {"type", "referral_submitted"}, {"key", "mine"}},
      json::object{{"email", "rita@buyer.example"}, {"type", "Email Clicked"}, {"key", "late"}, {"occurred_at", now}}};
  HttpResponse refused = Send("POST", events, {{"events", wrong}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"events[0].occurred_at", "events[1].email", "events[1].type",
                                                       "events[1].occurred_at", "events[2].type", "events[2].key"}));
  EXPECT_EQ(Send("POST", events, {{"events", json::array{}}}).status, 422);
  EXPECT_EQ(Event("rita@buyer.example", "email_clicked", "x").status, 200);
  EXPECT_EQ(Send("POST", events, {{"events", batch}}, server_.KeyFor("viewer")).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/referrals/" + rita + "/score", {}, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/referrals/ref_01aaaaaaaaaaaaaaaaaaaaaaaa/score").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/referrals/" + rita + "/score?as_of=2999-01-01").status, 422);
}

TEST_F(LeadScoringTest, AccountsRollUpTheirPeopleAndPageInScoreOrder) {
  ASSERT_EQ(PublishTestModel().status, 201);
  Refer("ann@buyer.example", "Head of IT", "Buyer");     // fit 60, engagement 10
  Refer("bob@buyer.example", "", "Buyer");               // fit 20, engagement 10 + 30
  Refer("cy@other.example");                             // fit 0, engagement 10
  Refer("dee@gmail.com", "Head of Sales", "Freelance");  // free mail: no account
  ASSERT_EQ(Event("bob@buyer.example", "demo_attended", "d1").status, 200);
  const std::string accounts = "/api/v1/accounts?program_id=" + program_;
  json::value list = Get(accounts + "&order=-score");
  ASSERT_EQ(list.at("data").as_array().size(), 2u) << list;
  const auto& buyer = list.at("data").as_array()[0];
  EXPECT_EQ(buyer.at("domain"), "buyer.example");
  EXPECT_EQ(buyer.at("score"), 130) << "70 + 60";
  EXPECT_EQ(buyer.at("fit"), 60) << "the best fit of its people";
  EXPECT_EQ(buyer.at("engagement"), 50) << "10 + 40";
  EXPECT_EQ(buyer.at("band"), "A1");
  EXPECT_EQ(buyer.at("contacts"), 2);
  EXPECT_EQ(buyer.at("open_referrals"), 2);
  EXPECT_EQ(list.at("count"), 2);

  // A later version rolls up by the best person, capped.
  json::object max_model = TestModel();
  max_model["rollup"] = json::object{{"mode", "max"}, {"account_limit", 65}};
  ASSERT_EQ(Send("PUT", "/api/v1/programs/" + program_ + "/score-model", max_model).status, 201);
  EXPECT_EQ(Get(accounts).at("data").as_array()[0].at("score"), 65);
  EXPECT_EQ(Get(accounts + "&version=1").at("data").as_array()[0].at("score"), 130) << "the older version still reads";

  // Pages of one cover every account once.
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 5; ++page) {
    json::value one = Get(accounts + "&order=domain&limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor));
    for (const auto& a : one.at("data").as_array()) seen.emplace_back(a.at("domain").as_string());
    if (one.at("next_cursor").is_null()) break;
    cursor = std::string(one.at("next_cursor").as_string());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"buyer.example", "other.example"}));
  EXPECT_EQ(Send("GET", accounts + "&order=score").status, 422);
  EXPECT_EQ(Send("GET", accounts, {}, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/accounts").status, 422) << "program_id is required";
}

// Research §1.2: per-product scores, rolled up per account as the score is.
TEST_F(LeadScoringTest, ProductInterestIsScoredPerPersonAndRolledUpPerAccount) {
  ASSERT_EQ(PublishTestModel().status, 201);
  auto refer = [&](const std::string& email, const std::string& product) {
    json::object body{{"advocate_id", ada_}, {"referee", {{"email", email}, {"first_name", "R"}}}};
    if (!product.empty()) body["product"] = product;
    return Id(Post("/api/v1/referrals", body));
  };
  auto event = [&](const std::string& email, const std::string& product, const std::string& key) {
    HttpResponse sent =
        Send("POST", "/api/v1/programs/" + program_ + "/engagement-events",
             {{"events", json::array{json::object{{"email", email},
                                                  {"type", "demo_attended"},
                                                  {"product", product},
                                                  {"key", key},
                                                  {"occurred_at", FormatTimestamp(server_.clock.Now())}}}}});
    ASSERT_EQ(sent.status, 200) << sent.body;
  };
  const std::string ann = refer("ann@buyer.example", "payroll");  // referral_submitted: 10 for payroll
  refer("bob@buyer.example", "");
  refer("cy@other.example", "hr");
  event("bob@buyer.example", "Payroll", "b1");  // 30 for payroll
  event("ann@buyer.example", "hr", "a1");       // 30 for hr
  event("cy@other.example", "HR", "c1");        // 30 for hr

  json::value score = Get("/api/v1/referrals/" + ann + "/score");
  EXPECT_EQ(score.at("products"), (json::array{json::object{{"product", "hr"}, {"engagement", 30}},
                                               json::object{{"product", "payroll"}, {"engagement", 10}}}));
  EXPECT_EQ(score.at("engagement"), 40) << "the products add up to the engagement";

  const std::string accounts = "/api/v1/accounts?program_id=" + program_;
  json::value payroll = Get(accounts + "&product=payroll&order=-product_engagement");
  ASSERT_EQ(payroll.at("data").as_array().size(), 2u);
  EXPECT_EQ(payroll.at("data").at(0).at("domain"), "buyer.example");
  EXPECT_EQ(payroll.at("data").at(0).at("product_engagement"), 40) << "ann's 10 and bob's 30, summed";
  EXPECT_EQ(payroll.at("data").at(1).at("product_engagement"), 0);
  json::value hr = Get(accounts + "&product=hr&order=-product_engagement");
  EXPECT_EQ(hr.at("data").at(0).at("domain"), "other.example") << "40 against buyer.example's 30";
  EXPECT_EQ(hr.at("data").at(0).at("product_engagement"), 40);
  EXPECT_EQ(hr.at("data").at(1).at("product_engagement"), 30);
  EXPECT_EQ(Get(accounts + "&product=hr").at("data").at(0).at("domain"), "buyer.example") << "-score still the default";
  EXPECT_TRUE(Get(accounts).at("data").at(0).at("product_engagement").is_null());
  EXPECT_EQ(Send("GET", accounts + "&order=-product_engagement").status, 422) << "it needs a product";
  EXPECT_EQ(Send("GET", accounts + "&product=").status, 422);
}

TEST_F(LeadScoringTest, TheRankingOrdersOpenReferralsByPropensity) {
  ASSERT_EQ(PublishTestModel().status, 201);
  const std::string low = Refer("low@one.example");
  const std::string high = Refer("high@two.example", "Head of Ops", "Two");
  const std::string won = Refer("won@three.example", "Head of Ops", "Three");
  Close(won, "won");
  json::value all = Get("/api/v1/referral-scores?program_id=" + program_);
  ASSERT_EQ(all.at("count"), 3);
  json::value open = Get("/api/v1/referral-scores?program_id=" + program_ + "&open=true");
  ASSERT_EQ(open.at("count"), 2);
  const auto& rows = open.at("data").as_array();
  EXPECT_EQ(rows[0].at("referral_id"), high.c_str());
  EXPECT_EQ(rows[0].at("rank"), 1);
  EXPECT_EQ(rows[0].at("percentile_bp"), 10000);
  EXPECT_EQ(rows[1].at("referral_id"), low.c_str());
  EXPECT_EQ(rows[1].at("percentile_bp"), 5000);
  EXPECT_EQ(Send("GET", "/api/v1/referral-scores?program_id=" + program_ + "&open=yes").status, 422);
}

// Committee fields in fit rules: a buying committee recorded for a referral raises its score from
// its recording on (an earlier as_of, and the snapshot at submission that calibration reads, do not
// see it), and the ranking reads it too.
TEST_F(LeadScoringTest, ACommitteeFitRuleCountsFromTheCommitteesRecording) {
  json::object model{{"name", "Committee"},
                     {"groups", json::array{json::object{
                                    {"name", "Committee"},
                                    {"dimension", "fit"},
                                    {"fit_rules", json::array{json::object{{"attribute", "committee.roles"},
                                                                           {"op", "eq"},
                                                                           {"values", json::array{"economic_buyer"}},
                                                                           {"points", 40}},
                                                              json::object{{"attribute", "committee.influences"},
                                                                           {"op", "gte"},
                                                                           {"values", json::array{"2"}},
                                                                           {"points", 10}},
                                                              json::object{{"attribute", "referee.seniority"},
                                                                           {"op", "in"},
                                                                           {"values", json::array{"c_level", "vp"}},
                                                                           {"points", 5}}}}}}},
                     {"decay", json::object{{"mode", "none"}}}};
  ASSERT_EQ(Send("PUT", "/api/v1/programs/" + program_ + "/score-model", model).status, 201);
  const std::string rita = Refer("rita@buyer.example");
  const std::string other = Refer("olga@other.example");
  const std::string before = FormatTimestamp(server_.clock.Now());
  server_.clock.Advance(std::chrono::hours(1));
  json::object committee{{"members", json::array{json::object{{"email", "rita@buyer.example"},
                                                              {"first_name", "Rita"},
                                                              {"attributes", {{"seniority", "vp"}}}},
                                                 json::object{{"email", "eve@buyer.example"},
                                                              {"first_name", "Eve"},
                                                              {"roles", json::array{"economic_buyer", "coach"}}}}}};
  HttpResponse recorded = Send("PUT", "/api/v1/referrals/" + rita + "/committee", committee);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  server_.clock.Advance(std::chrono::hours(1));

  EXPECT_EQ(Get("/api/v1/referrals/" + rita + "/score").at("fit"), 55);
  EXPECT_EQ(Get("/api/v1/referrals/" + rita + "/score?as_of=" + before).at("fit"), 0) << "not recorded yet";
  EXPECT_EQ(Get("/api/v1/referrals/" + other + "/score").at("fit"), 0);
  json::value ranked = Get("/api/v1/referral-scores?program_id=" + program_);
  EXPECT_EQ(ranked.at("data").at(0).at("referral_id"), rita.c_str());
  EXPECT_EQ(ranked.at("data").at(0).at("fit"), 55);
  // The calibration reads each referral's score at its submission: no committee then.
  Close(rita, "won");
  Close(other, "lost");
  server_.clock.Advance(std::chrono::hours(1));
  json::value calibration = Get("/api/v1/scores/calibration?program_id=" + program_);
  EXPECT_EQ(calibration.at("auc_bp"), 5000) << "both scored 0 at submission: a tie " << calibration;
}

// Generated months of referrals with known scores and outcomes: the calibration's deciles and AUC
// equal domain::Calibrate on the same cases, computed here from the generator's own truth; events
// after a submission change nothing (the snapshot), and an earlier as_of reads outcomes as they were.
TEST_F(LeadScoringTest, CalibrationEqualsADirectComputationAndIsRecomputableAsOfADate) {
  ASSERT_EQ(PublishTestModel().status, 201);
  std::vector<domain::CalibrationCase> truth;
  std::vector<std::string> won_late;
  for (int i = 0; i < 30; ++i) {
    server_.clock.Advance(72h);  // about three months in all
    const std::string email = "lead" + std::to_string(i) + "@co" + std::to_string(i) + ".example";
    // Demos before the referral raise its snapshot: i % 3 demos.
    for (int d = 0; d < i % 3; ++d) {
      ASSERT_EQ(Event(email, "demo_attended", email + "-demo-" + std::to_string(d)).status, 200);
    }
    const bool head = i % 4 == 0;
    const std::string id = Refer(email, head ? "Head of Ops" : "Analyst");
    const std::int64_t score = (head ? 40 : 0) + 10 + 30 * (i % 3);
    const bool wins = (i % 3 == 2) || (i % 4 == 0 && i % 2 == 0 && i > 10);
    if (i >= 27) continue;  // the last three stay open: censored
    Close(id, wins ? "won" : (i % 2 ? "lost" : "rejected"));
    truth.push_back({id, std::min<std::int64_t>(score, 100) * 100, "", wins});
    // An engagement after the submission must not move the snapshot.
    ASSERT_EQ(Event(email, "demo_attended", email + "-after").status, 200);
  }
  json::value report = Get("/api/v1/scores/calibration?program_id=" + program_);
  domain::Calibration direct = domain::Calibrate(truth);
  EXPECT_EQ(report.at("submitted"), 30);
  EXPECT_EQ(report.at("censored"), 3);
  EXPECT_EQ(report.at("count"), direct.count);
  EXPECT_EQ(report.at("won"), direct.won);
  ASSERT_TRUE(direct.auc_bp);
  EXPECT_EQ(report.at("auc_bp"), *direct.auc_bp);
  for (std::size_t d = 0; d < 10; ++d) {
    const auto& row = report.at("deciles").as_array()[d];
    EXPECT_EQ(row.at("count"), direct.deciles[d].count) << "decile " << d + 1;
    EXPECT_EQ(row.at("won"), direct.deciles[d].won) << "decile " << d + 1;
    EXPECT_EQ(row.at("lift_bp").is_null() ? -1 : row.at("lift_bp").as_int64(), direct.deciles[d].lift_bp.value_or(-1));
  }

  // A shorter outcome window makes the open ones count as not won once they are older than it.
  server_.clock.Advance(48h);
  json::value short_window = Get("/api/v1/scores/calibration?program_id=" + program_ + "&outcome_window_days=1");
  EXPECT_EQ(short_window.at("censored"), 0);
  EXPECT_EQ(short_window.at("count"), direct.count + 3);
  // Submitted in a range, read as of a date.
  const std::string as_of = FormatTimestamp(server_.clock.Now() - 24h * 30);
  json::value earlier = Get("/api/v1/scores/calibration?program_id=" + program_ + "&as_of=" + as_of);
  EXPECT_LT(earlier.at("submitted").as_int64(), 30);
  EXPECT_EQ(Send("GET", "/api/v1/scores/calibration?program_id=" + program_ + "&outcome_window_days=0").status, 422);
  EXPECT_EQ(Send("GET", "/api/v1/scores/calibration?program_id=" + program_, {}, server_.KeyFor("sales_rep")).status,
            403);
}

}  // namespace
}  // namespace bb::testing

namespace bb::testing {
namespace {

// The independent review's findings through the API, each with its regression.
TEST_F(LeadScoringTest, ReviewFindingsOfLeadScoringWithTheirRegressions) {
  ASSERT_EQ(PublishTestModel().status, 201);
  const std::string target = "/api/v1/programs/" + program_ + "/score-model";
  // An event reported after a calibration was read, dated before it, does not change that reading.
  const std::string lost = Refer("late@buyer.example", "Analyst");
  Close(lost, "lost");
  const std::string as_of = FormatTimestamp(server_.clock.Now());
  const std::string calibration =
      "/api/v1/scores/calibration?program_id=" + program_ + "&outcome_window_days=1&as_of=" + as_of;
  json::value before = Get(calibration);
  const std::string score = "/api/v1/referrals/" + lost + "/score?as_of=" + as_of;
  json::value score_before = Get(score);
  ASSERT_EQ(Event("late@buyer.example", "demo_attended", "late-1", 2h).status, 200) << "dated before the referral";
  EXPECT_EQ(Get(calibration), before) << "the same request, the same answer";
  EXPECT_EQ(Get(score), score_before);
  EXPECT_EQ(Get("/api/v1/referrals/" + lost + "/score").at("engagement"), 40) << "counted from when it was reported";

  // Errors name the fields as the API spells them; rules need their points; a model needs no name.
  json::object wrong = TestModel();
  wrong["mql"] = json::object{{"fit", 5000}};
  wrong["rollup"] = json::object{{"top_n", 0}, {"account_limit", 0}};
  wrong["groups"].as_array()[0].as_object()["fit_rules"].as_array()[0].as_object().erase("points");
  HttpResponse refused = Send("PUT", target, wrong);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"groups[0].fit_rules[0].points"})) << "types first";
  wrong["groups"].as_array()[0].as_object()["fit_rules"].as_array()[0].as_object()["points"] = 10;
  refused = Send("PUT", target, wrong);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"mql.fit", "rollup.top_n", "rollup.account_limit"}));
  json::object unnamed = TestModel();
  unnamed.erase("name");
  HttpResponse named = Send("PUT", target, unnamed);
  ASSERT_EQ(named.status, 201) << named.body;
  EXPECT_EQ(named.Json().at("name"), "Lead score");

  // The calibration names the parameter the caller sent.
  const std::string base = "/api/v1/scores/calibration?program_id=" + program_;
  EXPECT_EQ(Fields(Send("GET", base + "&from=2030-01-01")), (std::vector<std::string>{"from"}));
  EXPECT_EQ(Fields(Send("GET", base + "&as_of=1970-01-01")), (std::vector<std::string>{"as_of"}));

  // An archived program takes no new model and no events.
  ASSERT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/archive").status, 200);
  EXPECT_EQ(Send("PUT", target, TestModel()).status, 409);
  EXPECT_EQ(Event("late@buyer.example", "demo_attended", "late-2").status, 409);
  EXPECT_EQ(Send("GET", target).status, 200) << "still read";
}

}  // namespace
}  // namespace bb::testing

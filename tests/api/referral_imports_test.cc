// CSV imports of historical referrals through POST /api/v1/imports?kind=referrals: referrals land
// at the stage, dates and deal value the file gives, attributed by the advocate's email or code;
// the stages they reached earn no reward (and later moves in Bluebird earn as usual); importing
// the file again changes nothing; a dry run reports the same and writes nothing; every bad row is
// refused naming its row, column and why. (Runs on SQLite and, under "postgres/", on PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "service/ledger_verifier.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

class ReferralImportsTest : public ::testing::Test {
 protected:
  ReferralImportsTest() {
    program_ = MakeProgram("acme");
    for (auto [name, stage, amount] : {std::tuple{"Thanks", "submitted", json::object{{"fixed_minor", 500}}},
                                       std::tuple{"Won", "won", json::object{{"percent_bp", 1000}}}}) {
      HttpResponse rule =
          Send("POST", "/api/v1/programs/" + program_ + "/reward-rules",
               json::serialize(json::object{
                   {"name", name}, {"trigger", {{"stage", stage}}}, {"amount", amount}, {"requires_approval", false}}),
               "application/json");
      EXPECT_EQ(rule.status, 201) << rule.body;
    }
    HttpResponse advocates = Send("POST", "/api/v1/imports?kind=advocates&program_id=" + program_,
                                  "email,first_name\nada@advocates.example,Ada\nbob@advocates.example,Bob\n");
    EXPECT_EQ(advocates.status, 200) << advocates.body;
    EXPECT_EQ(advocates.Json().at("created"), 2) << advocates.body;
    // The demo clock stands at 2026-03-01; the history below is from 2025.
  }

  std::string MakeProgram(const std::string& slug) {
    HttpResponse program = Send("POST", "/api/v1/programs",
                                json::serialize(json::object{{"name", "Program " + slug},
                                                             {"slug", slug},
                                                             {"kind", "customer"},
                                                             {"landing_url", "https://acme.example/"}}),
                                "application/json");
    EXPECT_EQ(program.status, 201) << program.body;
    return program.status == 201 ? std::string(program.Json().at("id").as_string()) : "";
  }

  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::string& content_type = "text/csv") {
    auto headers = Bearer(server_.admin_key);
    for (auto& [name, value] : headers) {
      if (name == "Content-Type") value = content_type;
    }
    return server_.Client().Send(method, target, headers, body);
  }
  json::object Report(const std::string& csv, const std::string& query = "") {
    HttpResponse response = Send("POST", "/api/v1/imports?kind=referrals&program_id=" + program_ + query, csv);
    EXPECT_EQ(response.status, 200) << response.body;
    return response.status == 200 ? response.Json().as_object() : json::object{};
  }
  static std::string Counts(const json::object& report) {
    return "created " + json::serialize(report.at("created")) + ", updated " + json::serialize(report.at("updated")) +
           ", unchanged " + json::serialize(report.at("unchanged")) + ", refused " +
           json::serialize(report.at("refused"));
  }
  // Each error of a report as "row column: message".
  static std::vector<std::string> Errors(const json::object& report) {
    std::vector<std::string> out;
    for (const auto& e : report.at("errors").as_array()) {
      out.push_back(std::to_string(e.at("row").as_int64()) + " " + std::string(e.at("column").as_string()) + ": " +
                    std::string(e.at("message").as_string()));
    }
    return out;
  }
  json::array Referrals() {
    HttpResponse list = Send("GET", "/api/v1/referrals?limit=200&program_id=" + program_);
    EXPECT_EQ(list.status, 200) << list.body;
    return list.status == 200 ? list.Json().at("data").as_array() : json::array{};
  }
  json::object ReferralOf(const std::string& referee_email) {
    for (const auto& r : Referrals()) {
      if (r.at("referee").at("email") == referee_email.c_str()) {
        HttpResponse detail = Send("GET", "/api/v1/referrals/" + std::string(r.at("id").as_string()));
        EXPECT_EQ(detail.status, 200) << detail.body;
        return detail.Json().as_object();
      }
    }
    ADD_FAILURE() << "no referral of " << referee_email;
    return {};
  }
  std::size_t RewardCount() {
    HttpResponse list = Send("GET", "/api/v1/rewards?limit=200&program_id=" + program_);
    EXPECT_EQ(list.status, 200) << list.body;
    return list.status == 200 ? list.Json().at("data").as_array().size() : 0;
  }
  void ExpectLedgerVerifies() {
    auto report = service::LedgerVerifier(*server_.store).Verify();
    ASSERT_TRUE(report.ok()) << report.error().message();
    for (const auto& difference : report->differences) ADD_FAILURE() << difference;
  }
  std::string AdvocateId(const std::string& email) {
    HttpResponse list = Send("GET", "/api/v1/programs/" + program_ + "/advocates?limit=200");
    json::value body = list.Json();
    for (const auto& a : body.at("data").as_array()) {
      if (a.at("email") == email.c_str()) return std::string(a.at("id").as_string());
    }
    ADD_FAILURE() << "no advocate " << email;
    return "";
  }

  TestServer server_;
  std::string program_;
};

constexpr char kHistory[] =
    "Referrer Email,Referee Email,First Name,Company,Stage,Amount,Date,Close Date,CRM Id\r\n"
    "ada@advocates.example,cy@prospects.example,Cy,Prospects,submitted,,2025-01-10,,\r\n"
    "ada@advocates.example,di@prospects.example,Di,Prospects,Qualified,,2025-02-01,,\r\n"
    "bob@advocates.example,ed@buyers.example,Ed,Buyers,won,12500.50,2025-03-01,2025-06-30T15:00:00Z,006A1\r\n"
    "bob@advocates.example,fay@buyers.example,Fay,Buyers,lost,,2025-04-01,2025-05-01,\r\n";

TEST_F(ReferralImportsTest, ImportsHistoryAtItsStagesDatesAndValuesWithoutRewards) {
  json::object report = Report(kHistory);
  EXPECT_EQ(report.at("status"), "completed");
  EXPECT_EQ(report.at("kind"), "referrals");
  EXPECT_EQ(Counts(report), "created 4, updated 0, unchanged 0, refused 0") << json::serialize(report);
  EXPECT_EQ(report.at("warnings").as_array().size(), 0u) << json::serialize(report.at("warnings"));

  json::object won = ReferralOf("ed@buyers.example");
  const json::object& referral = won;
  EXPECT_EQ(referral.at("stage"), "won");
  EXPECT_EQ(referral.at("source"), "import");
  EXPECT_EQ(referral.at("review_status"), "clear");
  EXPECT_EQ(referral.at("deal_value_minor"), 1250050);
  EXPECT_EQ(referral.at("external_id"), "006A1");
  EXPECT_EQ(referral.at("advocate_id"), AdvocateId("bob@advocates.example").c_str());
  EXPECT_EQ(referral.at("created_at"), "2025-03-01T00:00:00.000000Z");
  const json::array& history = won.at("history").as_array();
  ASSERT_EQ(history.size(), 2u) << json::serialize(history);
  EXPECT_EQ(history[0].at("kind"), "imported");
  EXPECT_EQ(history[0].at("at"), "2025-03-01T00:00:00.000000Z");
  EXPECT_EQ(json::serialize(history[0].at("reached")), R"(["submitted","qualified","opportunity"])");
  EXPECT_EQ(history[1].at("kind"), "imported");
  EXPECT_EQ(history[1].at("at"), "2025-06-30T15:00:00.000000Z");
  EXPECT_EQ(json::serialize(history[1].at("reached")), R"(["won"])");

  json::object lost = ReferralOf("fay@buyers.example");
  EXPECT_EQ(lost.at("stage"), "lost");
  EXPECT_EQ(ReferralOf("di@prospects.example").at("stage"), "qualified");
  EXPECT_EQ(ReferralOf("cy@prospects.example").at("history").as_array().size(), 1u);

  EXPECT_EQ(RewardCount(), 0u) << "history earns nothing: the advocates were paid before Bluebird";
  ExpectLedgerVerifies();
  auto wins = server_.store->Read([&](store::Queries& q) -> Status {
    auto count = q.CountWonClearReferrals(AdvocateId("bob@advocates.example"));
    if (!count.ok()) return count.error();
    EXPECT_EQ(*count, 0) << "an imported win does not count toward the advocate's next tier";
    return Ok();
  });
  EXPECT_TRUE(wins.ok());
}

TEST_F(ReferralImportsTest, ImportingTheSameFileAgainChangesNothingAndADryRunWritesNothing) {
  json::object dry = Report(kHistory, "&dry_run=true");
  EXPECT_EQ(dry.at("dry_run"), true);
  EXPECT_EQ(Counts(dry), "created 4, updated 0, unchanged 0, refused 0");
  EXPECT_EQ(Referrals().size(), 0u) << "a dry run writes nothing";

  Report(kHistory);
  json::array before = Referrals();
  json::object again = Report(kHistory);
  EXPECT_EQ(Counts(again), "created 0, updated 0, unchanged 4, refused 0") << json::serialize(again);
  EXPECT_EQ(json::serialize(Referrals()), json::serialize(before));
}

TEST_F(ReferralImportsTest, MovesInBluebirdAfterTheImportEarnAsUsual) {
  Report(kHistory);
  std::string id = std::string(ReferralOf("di@prospects.example").at("id").as_string());
  HttpResponse moved = Send("POST", "/api/v1/referrals/" + id + "/stage",
                            R"({"stage": "won", "deal_value_minor": 200000})", "application/json");
  ASSERT_EQ(moved.status, 200) << moved.body;
  HttpResponse rewards = Send("GET", "/api/v1/rewards?limit=200&program_id=" + program_);
  json::value body = rewards.Json();
  const json::array& data = body.at("data").as_array();
  ASSERT_EQ(data.size(), 1u) << "the win in Bluebird earns; the submission before Bluebird does not: " << rewards.body;
  EXPECT_EQ(data[0].at("amount_minor"), 20000);
  EXPECT_EQ(data[0].at("referral_id"), id.c_str());
  ExpectLedgerVerifies();
}

TEST_F(ReferralImportsTest, CorrectingAnImportedWinGrantsNothing) {
  Report(kHistory);
  std::string id = std::string(ReferralOf("ed@buyers.example").at("id").as_string());
  HttpResponse corrected = Send("POST", "/api/v1/referrals/" + id + "/deal-value",
                                R"({"deal_value_minor": 1500000, "reason": "upsell"})", "application/json");
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  EXPECT_EQ(corrected.Json().at("deal_value_minor"), 1500000);
  EXPECT_EQ(RewardCount(), 0u) << "a win before Bluebird stays unrewarded when its value is corrected";
  ExpectLedgerVerifies();
}

TEST_F(ReferralImportsTest, BadRowsAreRefusedNamingRowColumnAndWhyAndTheGoodOnesImported) {
  std::string other_program = MakeProgram("other");
  HttpResponse outsider = Send("POST", "/api/v1/imports?kind=advocates&program_id=" + other_program,
                               "email,first_name\nout@advocates.example,Out\n");
  ASSERT_EQ(outsider.status, 200) << outsider.body;
  HttpResponse codes = Send("GET", "/api/v1/programs/" + other_program + "/advocates");
  std::string outsider_code = std::string(codes.Json().at("data").at(0).at("code").as_string());
  HttpResponse ours = Send("GET", "/api/v1/advocates/" + AdvocateId("bob@advocates.example"));
  std::string bob_code = std::string(ours.Json().at("code").as_string());
  // Referred in Bluebird already, by Bob.
  HttpResponse live =
      Send("POST", "/api/v1/referrals",
           json::serialize(json::object{{"advocate_id", AdvocateId("bob@advocates.example")},
                                        {"referee", {{"email", "taken@prospects.example"}, {"first_name", "Taken"}}}}),
           "application/json");
  ASSERT_EQ(live.status, 201) << live.body;

  std::string csv =
      "advocate_email,code,email,first_name,stage,deal_value,submitted_at,closed_at\n"
      "ada@advocates.example,,good@prospects.example,Good,won,99.99,2025-01-01,2025-02-01\n"  // 2
      "nobody@advocates.example,,a@prospects.example,A,,,,\n"                                 // 3
      "ada@advocates.example,,b@prospects.example,B,pending,,,\n"                             // 4
      "ada@advocates.example,,c@prospects.example,C,qualified,100,,\n"                        // 5
      "ada@advocates.example,,d@prospects.example,D,won,\"12,500.00\",,\n"                    // 6
      "ada@advocates.example,,e@prospects.example,E,won,1.005,,\n"                            // 7
      "ada@advocates.example,,f@prospects.example,F,,,2027-01-01,\n"                          // 8
      "ada@advocates.example,,g@prospects.example,G,qualified,,,2025-01-01\n"                 // 9
      "ada@advocates.example,,h@prospects.example,H,lost,,2025-03-01,2025-02-01\n"            // 10
      "ada@advocates.example,,i@prospects.example,=1+1,,,,\n"                                 // 11
      "ada@advocates.example,,ada@advocates.example,Ada,,,,\n"                                // 12
      "bob@advocates.example,,good@prospects.example,Good,,,,\n"                              // 13
      "ada@advocates.example,,taken@prospects.example,Taken,,,,\n"                            // 14
      "," +
      outsider_code +
      ",j@prospects.example,J,,,,\n"  // 15
      "ada@advocates.example," +
      bob_code +
      ",k@prospects.example,K,,,,\n"                                            // 16
      ",,l@prospects.example,L,,,,\n"                                           // 17
      "ada@advocates.example,,not-an-address,M,,,,\n"                           // 18
      "ada@advocates.example,,n@prospects.example,,,,,\n"                       // 19
      "ada@advocates.example,,o@prospects.example,O,won,10000000000000.01,,\n"  // 20
      "," +
      bob_code + ",p@prospects.example,P,,,03/15/2025,\n";  // 21
  json::object report = Report(csv);
  EXPECT_EQ(Counts(report), "created 1, updated 0, unchanged 0, refused 19") << json::serialize(report);
  std::vector<std::string> errors = Errors(report);
  auto has = [&](const std::string& start, const std::string& part) {
    for (const auto& e : errors) {
      if (e.starts_with(start) && e.find(part) != std::string::npos) return true;
    }
    ADD_FAILURE() << "no error " << start << " ... " << part << " in:\n" << json::serialize(report.at("errors"));
    return false;
  };
  has("3 advocate_email:", "names no advocate of this program");
  has("4 stage:", "must be one of submitted, qualified");
  has("5 deal_value:", "can only be given for a won referral");
  has("6 deal_value:", "without a currency sign or thousands separators");
  has("7 deal_value:", "more than 2 digits");
  has("8 submitted_at:", "is in the future");
  has("9 closed_at:", "won, lost or rejected");
  has("10 closed_at:", "is before submitted_at");
  has("11 first_name:", "spreadsheet formula");
  has("12 email:", "advocate's own address");
  has("13 email:", "repeats the referee (same address or phone) of row 2");
  has("14 email:", "was referred already by another advocate");
  has("15 code:", "is not a referral code of this program");
  has("16 code:", "another advocate");
  has("17 advocate_email:", "is required");
  has("18 email:", "");
  has("19 first_name:", "is required");
  has("20 deal_value:", "above the largest amount");
  has("21 submitted_at:", "2025-03-15");
  EXPECT_EQ(ReferralOf("good@prospects.example").at("deal_value_minor"), 9999);
  EXPECT_EQ(RewardCount(), 1u) << "only the live submission earned (its Thanks reward)";
  ExpectLedgerVerifies();
}

TEST_F(ReferralImportsTest, AnExistingReferralAtAnotherStageIsRefusedNotMoved) {
  Report(kHistory);
  std::string moved = kHistory;
  moved.replace(moved.find("Qualified"), 9, "won");
  json::object report = Report(moved);
  EXPECT_EQ(Counts(report), "created 0, updated 0, unchanged 3, refused 1") << json::serialize(report);
  ASSERT_EQ(Errors(report).size(), 1u);
  EXPECT_NE(Errors(report)[0].find("3 Stage: this advocate referred this person already"), std::string::npos)
      << Errors(report)[0];
  EXPECT_EQ(ReferralOf("di@prospects.example").at("stage"), "qualified");
}

TEST_F(ReferralImportsTest, AHeaderWithoutTheAdvocateOrTheRefereeFailsTheFile) {
  json::object report = Report("email,first_name\ncy@prospects.example,Cy\n");
  EXPECT_EQ(report.at("status"), "failed");
  ASSERT_EQ(report.at("errors").as_array().size(), 1u) << json::serialize(report);
  EXPECT_EQ(report.at("errors").at(0).at("column"), "advocate_email");
  json::object no_referee = Report("advocate_email,first_name\nada@advocates.example,Cy\n");
  EXPECT_EQ(no_referee.at("status"), "failed");
  EXPECT_EQ(no_referee.at("errors").at(0).at("column"), "email");
  EXPECT_EQ(Referrals().size(), 0u);
}

// Regression: a move back re-reaches a stage (PlanStageMove), and the stages a file gave had no
// reward yet, so moving an imported referral back and forward again paid for them.
TEST_F(ReferralImportsTest, MovingAnImportedReferralBackAndForthPaysNothingForItsImportedStages) {
  Report(kHistory);
  std::string id = std::string(ReferralOf("di@prospects.example").at("id").as_string());
  for (const char* stage : {"submitted", "qualified", "submitted"}) {
    HttpResponse moved = Send("POST", "/api/v1/referrals/" + id + "/stage",
                              std::string(R"({"stage": ")") + stage + R"("})", "application/json");
    ASSERT_EQ(moved.status, 200) << moved.body;
  }
  EXPECT_EQ(RewardCount(), 0u) << "the submission before Bluebird earns its Thanks reward neither now nor later";
  HttpResponse won = Send("POST", "/api/v1/referrals/" + id + "/stage", R"({"stage": "won", "deal_value_minor": 1000})",
                          "application/json");
  ASSERT_EQ(won.status, 200) << won.body;
  EXPECT_EQ(RewardCount(), 1u) << "the win in Bluebird earns";
  ExpectLedgerVerifies();
}

// Regression: the import matched earlier referrals by address only, so a referee known by phone
// was imported twice (a submission holds such a referral as a duplicate).
TEST_F(ReferralImportsTest, ARefereeKnownByPhoneIsNotImportedTwice) {
  std::string csv =
      "advocate_email,email,first_name,phone\n"
      "ada@advocates.example,one@prospects.example,One,+14155550123\n"
      "bob@advocates.example,two@prospects.example,Two,+1 415 555 0123\n";
  json::object report = Report(csv);
  EXPECT_EQ(Counts(report), "created 1, updated 0, unchanged 0, refused 1") << json::serialize(report);
  ASSERT_EQ(Errors(report).size(), 1u);
  EXPECT_NE(Errors(report)[0].find("3 email: repeats the referee (same address or phone) of row 2"), std::string::npos)
      << Errors(report)[0];
  json::object later = Report(
      "advocate_email,email,first_name,phone\nbob@advocates.example,three@prospects.example,"
      "Three,+1 (415) 555-0123\n");
  EXPECT_EQ(Counts(later), "created 0, updated 0, unchanged 0, refused 1") << json::serialize(later);
  EXPECT_NE(Errors(later)[0].find("was referred already by another advocate, with the same phone"), std::string::npos)
      << Errors(later)[0];
}

// Regression: imported referrals counted as the advocate's recent referrals, so the next live one
// was held for velocity.
TEST_F(ReferralImportsTest, ImportedHistoryDoesNotHoldTheAdvocatesNextReferralForVelocity) {
  std::string csv = "advocate_email,email,first_name\n";
  for (int i = 0; i < 40; ++i) csv += "ada@advocates.example,old" + std::to_string(i) + "@prospects.example,Old\n";
  EXPECT_EQ(Report(csv).at("created"), 40);
  HttpResponse live =
      Send("POST", "/api/v1/referrals",
           json::serialize(json::object{{"advocate_id", AdvocateId("ada@advocates.example")},
                                        {"referee", {{"email", "new@prospects.example"}, {"first_name", "New"}}}}),
           "application/json");
  ASSERT_EQ(live.status, 201) << live.body;
  EXPECT_EQ(live.Json().at("review_status"), "clear") << live.body;
}

TEST_F(ReferralImportsTest, AClosedReferralWithoutASubmissionDateWasSubmittedWhenItClosed) {
  json::object report = Report(
      "advocate_email,email,first_name,stage,closed_at\nada@advocates.example,z@prospects.example,Z,lost,"
      "2025-05-01\n");
  EXPECT_EQ(Counts(report), "created 1, updated 0, unchanged 0, refused 0") << json::serialize(report);
  json::object lost = ReferralOf("z@prospects.example");
  EXPECT_EQ(lost.at("created_at"), "2025-05-01T00:00:00.000000Z");
  EXPECT_EQ(lost.at("history").as_array().size(), 1u);
}

TEST_F(ReferralImportsTest, AHeaderWithoutTheRefereesFirstNameFailsTheFile) {
  json::object report = Report("advocate_email,email\nada@advocates.example,cy@prospects.example\n");
  EXPECT_EQ(report.at("status"), "failed");
  ASSERT_EQ(report.at("errors").as_array().size(), 1u) << json::serialize(report);
  EXPECT_EQ(report.at("errors").at(0).at("column"), "first_name");
}

}  // namespace
}  // namespace bb::testing

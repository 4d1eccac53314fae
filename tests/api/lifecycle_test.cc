// Lifecycle stages through the API, on every backend: the people a program knows move as its
// referrals and enrolments happen (forward only, once per event), staff move them with reasons,
// the settings keep keys people reached, and the figures follow the research file's definitions.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <thread>
#include <vector>

#include "common/time_format.h"
#include "service/lifecycle_mover.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class LifecycleTest : public ::testing::Test {
 protected:
  LifecycleTest() : client_(server_.Client()) {
    program_ = Id(Post("/api/v1/programs",
                       {{"name", "Lifecycle"}, {"kind", "customer"}, {"landing_url", "https://life.example/"}}));
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
  static std::string Id(const HttpResponse& response) {
    return response.status < 300 ? std::string(response.Json().at("id").as_string()) : "";
  }
  std::string Refer(const std::string& email) {
    return Id(Post("/api/v1/referrals", {{"advocate_id", ada_}, {"referee", {{"email", email}, {"first_name", "R"}}}}));
  }
  HttpResponse Move(const std::string& referral, const std::string& stage) {
    json::object body{{"stage", stage}};
    if (stage == "won") body["deal_value_minor"] = 10'000;
    return Send("POST", "/api/v1/referrals/" + referral + "/stage", body);
  }
  json::value Contact(const std::string& email) {
    HttpResponse response = Send("GET", "/api/v1/programs/" + program_ + "/lifecycle-contact?email=" + email);
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json();
  }
  std::string StageOf(const std::string& email) { return std::string(Contact(email).at("stage").as_string()); }
  HttpResponse StaffMove(const json::object& body, const std::string& key = "") {
    return Send("POST", "/api/v1/programs/" + program_ + "/lifecycle-moves", body, key);
  }
  static std::vector<std::string> Fields(const HttpResponse& response) {
    std::vector<std::string> out;
    json::value body = response.Json();
    for (const auto& e : body.at("errors").as_array()) out.emplace_back(e.at("field").as_string());
    return out;
  }
  static const json::value& Row(const json::value& figures, const std::string& stage) {
    for (const auto& row : figures.at("stages").as_array()) {
      if (row.at("stage") == stage.c_str()) return row;
    }
    throw std::runtime_error("no row " + stage);
  }

  TestServer server_;
  HttpClient client_;
  std::string program_, ada_;
};

TEST_F(LifecycleTest, PeopleMoveAsTheirReferralsAndEnrolmentsHappenOncePerEvent) {
  EXPECT_EQ(StageOf("ada@engines.example"), "advocate") << "enrolled: straight to advocate";
  std::string grace = Refer("Grace@Navy.example");
  json::value submitted = Contact("grace@navy.example");
  EXPECT_EQ(submitted.at("stage"), "consideration");
  ASSERT_EQ(submitted.at("moves").as_array().size(), 1u);
  EXPECT_EQ(submitted.at("moves").at(0).at("reached"), (json::array{"awareness", "consideration"}));
  EXPECT_EQ(submitted.at("moves").at(0).at("source"), "auto");
  EXPECT_EQ(submitted.at("moves").at(0).at("reason"), ("referral " + grace + " submitted").c_str());
  ASSERT_EQ(Move(grace, "won").status, 200);
  EXPECT_EQ(StageOf("grace@navy.example"), "conversion");
  ASSERT_EQ(Move(grace, "lost").status, 409) << "(a won referral stays won)";

  // A second referral of a customer moves nothing back; losing it loses no customer.
  std::string again = Refer("grace+2@navy.example");
  EXPECT_EQ(Contact("grace@navy.example").at("moves").as_array().size(), 2u) << "submitted again: not moved back";
  ASSERT_EQ(Move(again, "lost").status, 200);
  EXPECT_EQ(StageOf("grace@navy.example"), "conversion");

  // Lost only when none of theirs is still open: Bob's second referral is held as a duplicate.
  std::string bob1 = Refer("bob@acme.example");
  std::string bob2 = Refer("bob@acme.example");
  ASSERT_EQ(Move(bob1, "rejected").status, 200);
  EXPECT_EQ(StageOf("bob@acme.example"), "consideration") << "another referral of Bob's is open";
  HttpResponse rejected = Send("POST", "/api/v1/referrals/" + bob2 + "/reject", {{"note", "duplicate"}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_EQ(StageOf("bob@acme.example"), "lost") << "a review rejection closes the last one";
  Refer("bob@acme.example");
  EXPECT_EQ(StageOf("bob@acme.example"), "consideration") << "a new referral brings him back";
  EXPECT_EQ(Contact("bob@acme.example").at("moves").as_array().size(), 3u);
}

TEST_F(LifecycleTest, StaffMovePeopleForwardAndBackOnlyWithAReason) {
  Refer("carl@globex.example");
  HttpResponse back = StaffMove({{"email", "carl@globex.example"}, {"to", "awareness"}});
  ASSERT_EQ(back.status, 409) << back.body;
  HttpResponse no_reason = StaffMove({{"email", "carl@globex.example"}, {"to", "awareness"}, {"allow_backward", true}});
  ASSERT_EQ(no_reason.status, 422);
  EXPECT_EQ(Fields(no_reason), std::vector<std::string>{"reason"});
  HttpResponse moved = StaffMove(
      {{"email", "carl@globex.example"}, {"to", "awareness"}, {"allow_backward", true}, {"reason", "Wrong contact"}});
  ASSERT_EQ(moved.status, 201) << moved.body;
  EXPECT_EQ(moved.Json().at("move").at("from"), "consideration");
  EXPECT_EQ(moved.Json().at("move").at("source"), "staff");
  EXPECT_EQ(moved.Json().at("contact").at("stage"), "awareness");
  HttpResponse same = StaffMove({{"email", "carl@globex.example"}, {"to", "awareness"}});
  ASSERT_EQ(same.status, 200);
  EXPECT_EQ(same.Json().at("changed"), false);
  HttpResponse jump = StaffMove({{"email", "dana@new.example"}, {"to", "value"}, {"reason", "Met at the QBR"}});
  ASSERT_EQ(jump.status, 201) << "anyone the program wants to follow";
  EXPECT_EQ(jump.Json().at("move").at("reached"),
            (json::array{"awareness", "consideration", "conversion", "adoption", "value"}));
  HttpResponse bad = StaffMove({{"email", "not an email"}, {"to", "churned"}, {"extra", 1}});
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(Fields(bad), std::vector<std::string>{"extra"});
  HttpResponse bad2 = StaffMove({{"email", "not an email"}, {"to", "churned"}});
  EXPECT_EQ(Fields(bad2), std::vector<std::string>{"email"});
  HttpResponse unknown = StaffMove({{"email", "carl@globex.example"}, {"to", "churned"}});
  EXPECT_EQ(Fields(unknown), std::vector<std::string>{"to"});

  EXPECT_EQ(StaffMove({{"email", "carl@globex.example"}, {"to", "value"}}, server_.KeyFor("viewer")).status, 403);
  EXPECT_EQ(StaffMove({{"email", "carl@globex.example"}, {"to", "value"}}, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/programs/" + program_ + "/lifecycle-contact?email=carl@globex.example", {},
                 server_.KeyFor("sales_rep"))
                .status,
            403);
  EXPECT_EQ(Send("GET", "/api/v1/programs/" + program_ + "/lifecycle-contact?email=nobody@x.example").status, 404);
  json::value audit = Send("GET", "/api/v1/audit-events?kind=lifecycle.moved").Json();
  ASSERT_FALSE(audit.at("data").as_array().empty());
  EXPECT_EQ(audit.at("data").at(0).at("note"), "Met at the QBR");
}

TEST_F(LifecycleTest, SettingsKeepTheKeysPeopleReachedAndAreAudited) {
  const std::string target = "/api/v1/programs/" + program_ + "/lifecycle-settings";
  json::value defaults = Send("GET", target).Json();
  EXPECT_EQ(defaults.at("stages").as_array().size(), 6u);
  EXPECT_EQ(defaults.at("on_referral_won"), "conversion");
  EXPECT_EQ(defaults.at("updated_at"), nullptr);
  HttpResponse refused = Send("PATCH", target, {{"stages", {{{"key", "lead"}, {"name", "Lead"}, {"weight", 10}}}}});
  ASSERT_EQ(refused.status, 422) << "the events' stages are gone from the list";
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"on_referral_submitted", "on_referral_won", "on_enrolled"}));
  json::array longer = defaults.at("stages").as_array();
  longer.at(0).as_object()["name"] = "Heard of us";
  longer.push_back(json::object{{"key", "renewal"}, {"name", "Renewal"}, {"weight", 70}});
  HttpResponse added = Send("PATCH", target, {{"stages", longer}});
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.Json().at("stages").at(0).at("name"), "Heard of us");
  longer.pop_back();
  HttpResponse removed = Send("PATCH", target, {{"stages", longer}});
  ASSERT_EQ(removed.status, 200) << "nobody reached renewal: it may go";
  json::array fewer;
  for (const auto& stage : longer) {
    if (stage.at("key") != "adoption") fewer.push_back(stage);
  }
  HttpResponse reached = Send("PATCH", target, {{"stages", fewer}});
  ASSERT_EQ(reached.status, 409) << "Ada passed adoption on her way to advocate: " << reached.body;
  EXPECT_EQ(Fields(reached), std::vector<std::string>{"stages"});
  EXPECT_EQ(Send("PATCH", target, {{"on_enrolled", ""}}, server_.KeyFor("viewer")).status, 403);
  json::value audit = Send("GET", "/api/v1/audit-events?object_id=" + program_).Json();
  EXPECT_EQ(audit.at("data").at(0).at("kind"), "lifecycle.settings_changed");
}

// Third review: an archived program changes no more, but its lifecycle settings and staff moves
// still did (every other setting of the program answered 409).
TEST_F(LifecycleTest, ReviewFindingAnArchivedProgramsLifecycleChangesNoMore) {
  ASSERT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/archive").status, 200);
  const std::string target = "/api/v1/programs/" + program_ + "/lifecycle-settings";
  EXPECT_EQ(Send("PATCH", target, {{"lose_on_referral_closed", false}}).status, 409);
  EXPECT_EQ(Send("GET", target).Json().at("updated_at"), nullptr) << "nothing written";
  EXPECT_EQ(StaffMove({{"email", "q@q.example"}, {"to", "awareness"}}).status, 409);
  EXPECT_EQ(Send("GET", "/api/v1/programs/" + program_ + "/lifecycle-contact?email=q@q.example").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/audit-events?kind=lifecycle.moved").Json().at("data").as_array().size(), 0u);
}

TEST_F(LifecycleTest, FiguresCountStockFlowAndCohortsOnTheirOwnBasis) {
  // March (the test clock starts on 1 March 2026): four people referred; two won in March, one lost
  // in April, one still considering on 1 May.
  std::vector<std::string> referrals;
  for (const char* email : {"p1@x.example", "p2@x.example", "p3@x.example", "p4@x.example"}) {
    referrals.push_back(Refer(email));
  }
  server_.clock.Advance(24h * 5);
  Move(referrals[0], "won");
  Move(referrals[1], "won");
  server_.clock.Set(*ParseTimestamp("2026-04-10T00:00:00Z"));
  Move(referrals[2], "lost");
  server_.clock.Set(*ParseTimestamp("2026-05-01T00:00:00Z"));
  HttpResponse response =
      Send("GET", "/api/v1/lifecycle?program_id=" + program_ + "&from=2026-03-01&to=2026-04-01&as_of=2026-05-01");
  ASSERT_EQ(response.status, 200) << response.body;
  json::value figures = response.Json();
  // Ada, enrolled on 1 March, passed consideration (and conversion) on her way to advocate: one
  // more of the cohort, converted at once, with a stay of no time.
  const json::value& considering = Row(figures, "consideration");
  EXPECT_EQ(considering.at("cohort"), 5);
  EXPECT_EQ(considering.at("converted"), 3);
  EXPECT_EQ(considering.at("lost"), 1);
  EXPECT_EQ(considering.at("in_progress"), 1);
  EXPECT_EQ(considering.at("conversion_bp"), 6'000);
  EXPECT_EQ(considering.at("loss_bp"), 2'000);
  EXPECT_EQ(considering.at("in_progress_bp"), 2'000);
  EXPECT_EQ(considering.at("count"), 1);
  EXPECT_EQ(Row(figures, "conversion").at("count"), 2);
  EXPECT_EQ(Row(figures, "lost").at("count"), 1);
  EXPECT_EQ(Row(figures, "advocate").at("count"), 1) << "Ada";
  EXPECT_EQ(figures.at("people"), 5);
  EXPECT_NE(std::string(figures.at("basis").as_string()).find("Kaplan-Meier"), std::string::npos);
  // Stays in consideration: none (Ada), 5 days (twice), 40 days to lost, one still there after 61
  // days: S falls to 4/5, 3/5, then 2/5 at the second 5-day stay.
  EXPECT_EQ(considering.at("median_days_in_stage").to_number<double>(), 5.0);

  EXPECT_EQ(Fields(Send("GET", "/api/v1/lifecycle?program_id=" + program_ + "&from=2026-04-01&to=2026-03-01")),
            std::vector<std::string>{"to"});
  EXPECT_EQ(Fields(Send("GET", "/api/v1/lifecycle?program_id=" + program_ + "&to=2026-06-01&as_of=2026-05-01")),
            std::vector<std::string>{"to"});
  EXPECT_EQ(Send("GET", "/api/v1/lifecycle?program_id=" + program_, {}, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/lifecycle?program_id=" + program_, {}, server_.KeyFor("viewer")).status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/lifecycle?program_id=prg_nope").status, 404);
}

TEST_F(LifecycleTest, TheSameEventOnTwoServersSharingADatabaseMovesOnce) {
  std::string referral = Refer("grace@navy.example");
  TestServer other(server_.SharingDatabase());
  auto found = [&](TestServer& s) {
    std::optional<domain::Referral> out;
    EXPECT_TRUE(s.store
                    ->Read([&](store::Queries& q) -> Status {
                      BB_ASSIGN_OR_RETURN(out, q.FindReferral(referral));
                      return Ok();
                    })
                    .ok());
    return *out;
  };
  // A won event replayed by both servers at once: the move's key lets one through.
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i) {
    TestServer& s = i % 2 == 0 ? server_ : other;
    threads.emplace_back([&, i, referral_row = found(s)] {
      service::LifecycleMover mover(s.services->ids);
      Status status = s.store->Write([&](store::Tx& tx) {
        return mover.FollowReferral(tx, referral_row, {domain::ReferralStage::kWon}, s.clock.Now());
      });
      EXPECT_TRUE(status.ok()) << i << ": " << status.error().message();
    });
  }
  for (auto& thread : threads) thread.join();
  json::value history = Contact("grace@navy.example");
  EXPECT_EQ(history.at("stage"), "conversion");
  ASSERT_EQ(history.at("moves").as_array().size(), 2u) << "submitted, then won once";
}

// The findings of an adversarial review, each with its regression.
TEST_F(LifecycleTest, ReviewFindingsOfLifecycleStagesWithTheirRegressions) {
  // 1. A move dated before the person's last one (an imported referral's history) made the log and
  // the person's stage disagree: it is recorded at the time of that last one.
  ASSERT_EQ(StaffMove({{"email", "timey@example.com"}, {"to", "consideration"}}).status, 201);
  const Timestamp last = server_.clock.Now();
  service::LifecycleMover mover(server_.services->ids);
  ASSERT_TRUE(server_.store
                  ->Write([&](store::Tx& tx) -> Status {
                    service::LifecycleMoveRequest request;
                    request.program_id = program_;
                    request.contact = "timey@example.com";
                    request.email = "timey@example.com";
                    request.to = "conversion";
                    request.key = "referral:ref_old:won";
                    request.at = last - std::chrono::days(400);
                    return StatusOf(mover.Move(tx, domain::DefaultLifecycleSettings(program_), request));
                  })
                  .ok());
  json::value timey = Contact("timey@example.com");
  EXPECT_EQ(timey.at("stage"), "conversion");
  ASSERT_EQ(timey.at("moves").as_array().size(), 2u);
  EXPECT_EQ(timey.at("moves").at(1).at("from"), "consideration");
  EXPECT_EQ(ParseTimestamp(timey.at("moves").at(1).at("at").as_string()), last + std::chrono::microseconds(1))
      << "just after the move it follows";
  json::value figures = Send("GET", "/api/v1/lifecycle?program_id=" + program_).Json();
  EXPECT_EQ(Row(figures, "conversion").at("count"), 1) << "the figures agree with the person's stage";

  // 2. A customer staff moved back was lost when a later referral of theirs was lost.
  std::string first = Refer("cust@example.com");
  ASSERT_EQ(Move(first, "won").status, 200);
  ASSERT_EQ(StaffMove({{"email", "cust@example.com"},
                       {"to", "consideration"},
                       {"allow_backward", true},
                       {"reason", "Back on a trial"}})
                .status,
            201);
  std::string second = Refer("cust+trial@example.com");
  ASSERT_EQ(Move(second, "lost").status, 200);
  EXPECT_EQ(StageOf("cust@example.com"), "consideration") << "once a customer, never lost automatically";

  // 3. A key with "_" was found in another key's history (LIKE's wildcard): a_b could not go.
  const std::string target = "/api/v1/programs/" + program_ + "/lifecycle-settings";
  json::array stages = Send("GET", target).Json().at("stages").as_array();
  stages.push_back(json::object{{"key", "axb"}, {"name", "X"}, {"weight", 70}});
  stages.push_back(json::object{{"key", "a_b"}, {"name", "Underscore"}, {"weight", 71}});
  ASSERT_EQ(Send("PATCH", target, {{"stages", stages}}).status, 200);
  ASSERT_EQ(StaffMove({{"email", "likey@example.com"}, {"to", "axb"}}).status, 201);
  stages.pop_back();
  HttpResponse removed = Send("PATCH", target, {{"stages", stages}});
  EXPECT_EQ(removed.status, 200) << "nobody reached a_b: " << removed.body;

  // 4. allow_backward asked for a reason on a move that went forward.
  HttpResponse forward = StaffMove({{"email", "likey@example.com"}, {"to", "axb"}, {"allow_backward", true}});
  EXPECT_EQ(forward.status, 200) << "where they stand: no reason needed";
  HttpResponse onward = StaffMove({{"email", "cust@example.com"}, {"to", "value"}, {"allow_backward", true}});
  EXPECT_EQ(onward.status, 201) << onward.body;

  // 5. An as_of before 1970 alone was refused naming "to"; a future as_of inflated open stays.
  EXPECT_EQ(Fields(Send("GET", "/api/v1/lifecycle?program_id=" + program_ + "&as_of=1960-01-01")),
            std::vector<std::string>{"as_of"});
  EXPECT_EQ(Fields(Send("GET", "/api/v1/lifecycle?program_id=" + program_ + "&as_of=9999-12-31")),
            std::vector<std::string>{"as_of"});
}

}  // namespace
}  // namespace bb::testing

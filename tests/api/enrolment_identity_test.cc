// What a program knows of an advocate belongs to that enrolment: a person enrolled in two programs
// (by staff, a sales rep or the public join page) shows each program only what that program was
// given, and no program's change reaches another's view. Regressions from issue 12.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <string>

#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class EnrolmentIdentityTest : public ::testing::Test {
 protected:
  EnrolmentIdentityTest() : client_(server_.Client()), rep_key_(server_.KeyFor("sales_rep")) {
    customers_ = Create("/api/v1/programs",
                        {{"name", "Customers"}, {"kind", "customer"}, {"landing_url", "https://a.example/"}});
    partners_ =
        Create("/api/v1/programs", {{"name", "Partners"}, {"kind", "partner"}, {"landing_url", "https://b.example/"}});
    HttpResponse ada = Send(server_.admin_key, "POST", "/api/v1/programs/" + customers_ + "/advocates",
                            {{"email", "Ada.Lovelace@Engines.example"},
                             {"first_name", "Ada"},
                             {"last_name", "Lovelace"},
                             {"company", "Analytical Engines"},
                             {"attributes", {{"tier", "gold"}}}});
    EXPECT_EQ(ada.status, 201) << ada.body;
    ada_ = ada.Json().as_object();
  }

  std::string Create(const std::string& target, const json::object& body) {
    HttpResponse response = Send(server_.admin_key, "POST", target, body);
    EXPECT_EQ(response.status, 201) << target << "\n" << response.body;
    return std::string(response.Json().at("id").as_string());
  }

  HttpResponse Send(const std::string& key, const std::string& method, const std::string& target,
                    const json::object& body = {}) {
    return client_.Send(method, target, Bearer(key), body.empty() ? "" : json::serialize(body));
  }

  json::object Get(const std::string& id) {
    HttpResponse response = Send(server_.admin_key, "GET", "/api/v1/advocates/" + id);
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json().as_object();
  }

  // Fails when `body` mentions anything the other program holds about Ada.
  static void ExpectNothingOfAdasOtherEnrolment(const std::string& body) {
    for (const char* secret : {"Lovelace", "Analytical", "Ada.Lovelace", "gold"}) {
      EXPECT_EQ(body.find(secret), std::string::npos) << "leaks '" << secret << "': " << body;
    }
  }

  TestServer server_;
  HttpClient client_;
  std::string rep_key_;
  std::string customers_;
  std::string partners_;
  json::object ada_;
};

TEST_F(EnrolmentIdentityTest, ASalesRepEnrollingAKnownEmailSeesOnlyWhatTheySent) {
  HttpResponse enrolled = Send(rep_key_, "POST", "/api/v1/programs/" + partners_ + "/advocates",
                               {{"email", "ADA.LOVELACE@engines.example"}, {"first_name", "A."}});
  ASSERT_EQ(enrolled.status, 201) << enrolled.body;
  ExpectNothingOfAdasOtherEnrolment(enrolled.body);
  json::object view = enrolled.Json().as_object();
  EXPECT_EQ(view.at("email"), "ADA.LOVELACE@engines.example");
  EXPECT_EQ(view.at("first_name"), "A.");
  EXPECT_EQ(view.at("last_name"), "");
  EXPECT_EQ(view.at("company"), "");
  EXPECT_EQ(view.at("attributes"), json::object{});
  // Still the same person for matching across programs.
  EXPECT_EQ(view.at("person_id"), ada_.at("person_id"));

  HttpResponse read_back = Send(rep_key_, "GET", "/api/v1/advocates/" + std::string(view.at("id").as_string()));
  ASSERT_EQ(read_back.status, 200);
  ExpectNothingOfAdasOtherEnrolment(read_back.body);
}

TEST_F(EnrolmentIdentityTest, PatchingAnAdvocateLeavesTheSamePersonInAnotherProgramAlone) {
  HttpResponse enrolled = Send(rep_key_, "POST", "/api/v1/programs/" + partners_ + "/advocates",
                               {{"email", "ada.lovelace@engines.example"}, {"first_name", "A."}});
  ASSERT_EQ(enrolled.status, 201) << enrolled.body;
  std::string partner_ada(enrolled.Json().at("id").as_string());
  server_.clock.Advance(1h);

  HttpResponse patched = Send(rep_key_, "PATCH", "/api/v1/advocates/" + partner_ada,
                              {{"first_name", "Mallory"}, {"last_name", "Renamed"}, {"company", "Evil Corp"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("first_name"), "Mallory");

  json::object customer_view = Get(std::string(ada_.at("id").as_string()));
  EXPECT_EQ(customer_view.at("first_name"), "Ada");
  EXPECT_EQ(customer_view.at("last_name"), "Lovelace");
  EXPECT_EQ(customer_view.at("company"), "Analytical Engines");
  EXPECT_EQ(customer_view.at("email"), "Ada.Lovelace@Engines.example");
  EXPECT_EQ(customer_view.at("updated_at"), ada_.at("updated_at"));
  HttpResponse search = Send(server_.admin_key, "GET", "/api/v1/programs/" + customers_ + "/advocates?q=mallory");
  ASSERT_EQ(search.status, 200);
  EXPECT_TRUE(search.Json().at("data").as_array().empty()) << search.body;
}

TEST_F(EnrolmentIdentityTest, JoiningWithAKnownEmailAnswersOnlyWhatTheVisitorTyped) {
  HttpResponse program = Send(server_.admin_key, "GET", "/api/v1/programs/" + partners_);
  std::string slug(program.Json().at("slug").as_string());
  HttpResponse joined =
      client_.Send("POST", "/api/v1/public/programs/" + slug + "/join", {{"Content-Type", "application/json"}},
                   json::serialize(json::object{{"email", "ada.lovelace@engines.example"}, {"first_name", "Someone"}}));
  ASSERT_EQ(joined.status, 201) << joined.body;
  ExpectNothingOfAdasOtherEnrolment(joined.body);
  EXPECT_EQ(joined.Json().at("last_name"), "");
  EXPECT_EQ(joined.Json().at("company"), "");

  // ... and the visitor's typing did not reach the customer program's record.
  json::object customer_view = Get(std::string(ada_.at("id").as_string()));
  EXPECT_EQ(customer_view.at("first_name"), "Ada");
  EXPECT_EQ(customer_view.at("company"), "Analytical Engines");
}

TEST_F(EnrolmentIdentityTest, SelfReferralStillMatchesTheNormalisedEmailNotTheTypedOne) {
  // The partner program's copy of Ada's email is typed differently; referring herself under any
  // spelling of it is still a self-referral, and another program's enrolment stays untouched.
  HttpResponse partner = Send(server_.admin_key, "POST", "/api/v1/programs/" + partners_ + "/advocates",
                              {{"email", "ADA.LOVELACE@engines.example"}, {"first_name", "Ada P."}});
  ASSERT_EQ(partner.status, 201) << partner.body;
  EXPECT_EQ(partner.Json().at("person_id"), ada_.at("person_id"));
  HttpResponse referral = Send(server_.admin_key, "POST", "/api/v1/referrals",
                               {{"advocate_id", partner.Json().at("id")},
                                {"referee", {{"email", "ada.lovelace@ENGINES.example"}, {"first_name", "Ada"}}}});
  ASSERT_EQ(referral.status, 201) << referral.body;
  EXPECT_EQ(referral.Json().at("review_status"), "held") << referral.body;
  EXPECT_NE(referral.body.find("self_referral"), std::string::npos) << referral.body;
}

}  // namespace
}  // namespace bb::testing

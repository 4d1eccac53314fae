// Segments through the API (issue 17, part 4): admins and managers keep a program's ordered
// segments (other roles read; fields refused by name; moves renumber; retiring frees the place);
// an advocate is in the first segment that holds them — by tag, attribute, NPS answer, level — and
// moves when they change; a referral records the segment at its submission and the report counts
// it there even after the advocate moves; the portal, the landing page (by code or the link's
// cookie) and the emails speak in the segment's words, else the program's; and many segments made
// at once take distinct places. (Runs on SQLite and, under "postgres/", on PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "deliver_emails.h"
#include "smtp_sink.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class SegmentsTest : public ::testing::Test {
 protected:
  SegmentsTest() : client_(server_.Client()) {
    program_ =
        Id(Post("/api/v1/programs",
                {{"name", "Acme"}, {"slug", "acme"}, {"kind", "customer"}, {"landing_url", "https://acme.example/"}}));
    ada_ = Id(Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "ada@engines.example"},
                                                                   {"first_name", "Ada"},
                                                                   {"tags", json::array{"partner"}},
                                                                   {"attributes", {{"tier", "gold"}}}}));
    bob_ = Id(
        Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "bob@engines.example"}, {"first_name", "Bob"}}));
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::value& body = nullptr,
                    const std::string& key = "") {
    server_.clock.Advance(1min);
    return client_.Send(method, target, Bearer(key.empty() ? server_.admin_key : key),
                        body.is_null() ? "" : json::serialize(body));
  }
  HttpResponse Post(const std::string& target, const json::value& body = json::object{}) {
    HttpResponse response = Send("POST", target, body);
    EXPECT_LT(response.status, 300) << target << "\n" << response.body;
    return response;
  }
  static std::string Id(const HttpResponse& response) {
    return response.status < 300 ? std::string(response.Json().at("id").as_string()) : "";
  }
  std::string Segment(const json::object& body) { return Id(Post("/api/v1/programs/" + program_ + "/segments", body)); }
  // The names of the program's active segments in order.
  std::vector<std::string> Order() {
    json::value list = Send("GET", "/api/v1/programs/" + program_ + "/segments").Json();
    std::vector<std::string> out;
    for (const auto& s : list.at("data").as_array()) {
      EXPECT_EQ(s.at("position").as_int64(), static_cast<std::int64_t>(out.size() + 1));
      out.emplace_back(s.at("name").as_string());
    }
    return out;
  }
  // The name of the segment `advocate` is in now ("" for none).
  std::string SegmentOf(const std::string& advocate) {
    HttpResponse response = Send("GET", "/api/v1/advocates/" + advocate + "/segment");
    EXPECT_EQ(response.status, 200) << response.body;
    json::value body = response.Json();
    return body.at("segment").is_null() ? "" : std::string(body.at("segment").at("name").as_string());
  }
  std::string Refer(const std::string& advocate, const std::string& email) {
    return Id(Post("/api/v1/referrals",
                   {{"advocate_id", advocate}, {"referee", {{"email", email}, {"first_name", "Rita"}}}}));
  }
  static std::vector<std::string> Fields(const HttpResponse& response) {
    std::vector<std::string> out;
    json::value body = response.Json();
    for (const auto& e : body.at("errors").as_array()) out.emplace_back(e.at("field").as_string());
    return out;
  }
  std::string CodeOf(const std::string& advocate) {
    return std::string(Send("GET", "/api/v1/advocates/" + advocate).Json().at("code").as_string());
  }

  TestServer server_;
  HttpClient client_;
  std::string program_;
  std::string ada_;
  std::string bob_;
};

TEST_F(SegmentsTest, ManagersKeepSegmentsOtherStaffReadThemAndBadFieldsAreNamed) {
  std::string manager = server_.KeyFor("manager");
  HttpResponse made = Send("POST", "/api/v1/programs/" + program_ + "/segments",
                           {{"name", "Partners"}, {"tags", json::array{"Partner"}}}, manager);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(made.Json().at("position"), 1);
  EXPECT_EQ(made.Json().at("tags"), (json::array{"partner"}));
  std::string id = Id(made);
  for (const char* role : {"viewer", "sales_rep"}) {
    std::string key = server_.KeyFor(role);
    EXPECT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/segments", {{"name", "No"}}, key).status, 403) << role;
    EXPECT_EQ(Send("PATCH", "/api/v1/segments/" + id, {{"name", "No"}}, key).status, 403) << role;
    EXPECT_EQ(Send("PUT", "/api/v1/segments/" + id + "/email-templates/welcome",
                   {{"subject", "x"}, {"body", "{{link}}"}}, key)
                  .status,
              403)
        << role;
    EXPECT_EQ(Send("GET", "/api/v1/programs/" + program_ + "/segments", nullptr, key).status, 200) << role;
  }
  EXPECT_EQ(Send("GET", "/api/v1/reports/segments?program_id=" + program_, nullptr, server_.KeyFor("sales_rep")).status,
            403);
  EXPECT_EQ(Order(), (std::vector<std::string>{"Partners"})) << "the refusals changed nothing";

  HttpResponse bad = Send("POST", "/api/v1/programs/" + program_ + "/segments",
                          {{"name", "Bad"},
                           {"attributes", {{"tier", json::array{"gold", json::object{}}}, {"Bad Key", "x"}}},
                           {"nps_classes", json::array{"fan"}},
                           {"min_level", "Legend"},
                           {"landing_headline", "{{advocate.code}}"},
                           {"position", 7}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(Fields(bad), (std::vector<std::string>{"attributes.tier[1]"})) << "the body's shape first";
  bad = Send("POST", "/api/v1/programs/" + program_ + "/segments",
             {{"name", "Bad"},
              {"attributes", {{"Bad Key", "x"}}},
              {"nps_classes", json::array{"fan"}},
              {"min_level", "Legend"},
              {"landing_headline", "{{advocate.code}}"},
              {"position", 7}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(Fields(bad), (std::vector<std::string>{"position", "attributes.Bad Key", "nps_classes[0]", "min_level",
                                                   "landing_headline"}));
  EXPECT_EQ(Send("GET", "/api/v1/segments/seg_unknown").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/programs/" + program_ + "/segments?include_retired=maybe").status, 422);

  json::value audit = Send("GET", "/api/v1/audit-events?object_id=" + id).Json();
  ASSERT_EQ(audit.at("data").as_array().size(), 1u);
  EXPECT_EQ(audit.at("data").as_array()[0].at("kind"), "segment.created");
}

TEST_F(SegmentsTest, MovesRenumberTheOthersAndARetiredSegmentComesBackAtTheEnd) {
  std::string a = Segment({{"name", "A"}});
  std::string b = Segment({{"name", "B"}});
  std::string c = Segment({{"name", "C"}});
  Segment({{"name", "First"}, {"position", 1}});
  EXPECT_EQ(Order(), (std::vector<std::string>{"First", "A", "B", "C"}));
  ASSERT_EQ(Send("PATCH", "/api/v1/segments/" + c, {{"position", 2}}).status, 200);
  EXPECT_EQ(Order(), (std::vector<std::string>{"First", "C", "A", "B"}));
  HttpResponse retired = Send("PATCH", "/api/v1/segments/" + a, {{"active", false}});
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_TRUE(retired.Json().at("position").is_null());
  EXPECT_EQ(Order(), (std::vector<std::string>{"First", "C", "B"}));
  EXPECT_EQ(Send("PATCH", "/api/v1/segments/" + b, {{"position", 4}}).status, 422) << "only 3 active places";
  ASSERT_EQ(Send("PATCH", "/api/v1/segments/" + a, {{"active", true}}).status, 200);
  EXPECT_EQ(Order(), (std::vector<std::string>{"First", "C", "B", "A"}));
  json::value all = Send("GET", "/api/v1/programs/" + program_ + "/segments?include_retired=true").Json();
  EXPECT_EQ(all.at("data").as_array().size(), 4u);
}

TEST_F(SegmentsTest, AnAdvocateIsInTheFirstSegmentThatHoldsThemAndMovesWhenTheyChange) {
  Segment({{"name", "Promoters"}, {"nps_classes", json::array{"promoter"}}});
  Segment({{"name", "Gold partners"},
           {"tags", json::array{"partner"}},
           {"attributes", {{"tier", json::array{"gold", "platinum"}}}}});
  Segment({{"name", "Rising"}, {"min_level", "Advocate"}});
  EXPECT_EQ(SegmentOf(ada_), "Gold partners");
  EXPECT_EQ(SegmentOf(bob_), "");

  ASSERT_EQ(
      Send("POST", "/api/v1/advocates/" + bob_ + "/points/adjustments", {{"points", 999}, {"note", "Gift"}}).status,
      201);
  EXPECT_EQ(SegmentOf(bob_), "") << "999 lifetime points are short of Advocate (1,000)";
  ASSERT_EQ(Send("POST", "/api/v1/advocates/" + bob_ + "/points/adjustments", {{"points", 1}, {"note", "Gift"}}).status,
            201);
  EXPECT_EQ(SegmentOf(bob_), "Rising") << "1,000 lifetime points reach Advocate";

  HttpResponse answered = Send("POST", "/api/v1/programs/" + program_ + "/nps-responses",
                               {{"email", "ada@engines.example"}, {"score", 10}});
  ASSERT_EQ(answered.status, 201) << answered.body;
  EXPECT_EQ(SegmentOf(ada_), "Promoters") << "the first segment that holds her wins";
  answered =
      Send("POST", "/api/v1/programs/" + program_ + "/nps-responses", {{"email", "ada@engines.example"}, {"score", 3}});
  ASSERT_EQ(answered.status, 201) << answered.body;
  EXPECT_EQ(SegmentOf(ada_), "Gold partners") << "her latest answer counts";
}

TEST_F(SegmentsTest, AReferralCountsInTheSegmentItWasSubmittedInAfterTheAdvocateMoves) {
  std::string partners = Segment({{"name", "Partners"}, {"tags", json::array{"partner"}}});
  std::string first = Refer(ada_, "rita@prospect.example");
  HttpResponse referral = Send("GET", "/api/v1/referrals/" + first);
  EXPECT_EQ(referral.Json().at("segment_id"), json::value(partners));
  ASSERT_EQ(
      Send("POST", "/api/v1/referrals/" + first + "/stage", {{"stage", "won"}, {"deal_value_minor", 90'000}}).status,
      200);
  ASSERT_EQ(Send("PATCH", "/api/v1/advocates/" + ada_, {{"tags", json::array()}}).status, 200);
  EXPECT_EQ(SegmentOf(ada_), "");
  std::string second = Refer(ada_, "sam@prospect.example");
  EXPECT_TRUE(Send("GET", "/api/v1/referrals/" + second).Json().at("segment_id").is_null());

  HttpResponse report = Send("GET", "/api/v1/reports/segments?program_id=" + program_ + "&from=2026-01-01");
  ASSERT_EQ(report.status, 200) << report.body;
  json::value body = report.Json();
  EXPECT_EQ(body.at("basis"), "cohort");
  const json::array& rows = body.at("segments").as_array();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("segment_id"), json::value(partners));
  EXPECT_EQ(rows[0].at("referrals"), 1);
  EXPECT_EQ(rows[0].at("won"), 1);
  EXPECT_EQ(rows[0].at("revenue_minor"), 90'000);
  EXPECT_EQ(rows[0].at("win_rate_bp"), 10'000);
  EXPECT_TRUE(rows[1].at("segment_id").is_null());
  EXPECT_EQ(rows[1].at("referrals"), 1) << "the later referral, made outside every segment";
  EXPECT_EQ(Send("GET", "/api/v1/reports/segments").status, 422) << "program_id is required";
  EXPECT_EQ(Send("GET", "/api/v1/reports/segments?program_id=prg_unknown").status, 404);
}

TEST_F(SegmentsTest, ThePortalAndTheLandingPageSpeakInTheSegmentsWordsElseTheProgramsWords) {
  ASSERT_EQ(Send("PATCH", "/api/v1/programs/" + program_,
                 {{"branding",
                   {{"landing_headline", "Meet {{program.name}}"}, {"portal_headline", "Hi {{advocate.first_name}}"}}}})
                .status,
            200);
  HttpResponse refused = Send("PATCH", "/api/v1/programs/" + program_,
                              {{"branding", {{"landing_intro", "{{advocate.first_name}} sent you"}}}});
  ASSERT_EQ(refused.status, 422);
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"branding.landing_intro"}));
  Segment({{"name", "Partners"},
           {"tags", json::array{"partner"}},
           {"share_message", "Partner {{advocate.first_name}} recommends {{program.name}}: {{advocate.link}}"},
           {"portal_headline", "Partners earn more, {{advocate.first_name}}"},
           {"landing_headline", "{{advocate.first_name}} recommends {{program.name}}"}});

  auto landing = [&](const std::string& query, const std::string& cookie = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!cookie.empty()) headers.emplace_back("Cookie", "bb_ref=" + cookie);
    HttpResponse response = client_.Send("GET", "/api/v1/public/programs/acme" + query, headers, "");
    EXPECT_EQ(response.status, 200) << response.body;
    json::value body = response.Json();
    return std::string(body.at("landing").at("headline").as_string());
  };
  EXPECT_EQ(landing("?code=" + CodeOf(ada_)), "Ada recommends Acme");
  EXPECT_EQ(landing("", CodeOf(ada_)), "Ada recommends Acme") << "the link's cookie";
  EXPECT_EQ(landing("?code=" + CodeOf(bob_)), "Meet Acme") << "Bob is in no segment: the program's words";
  EXPECT_EQ(landing(""), "Meet Acme");
  EXPECT_EQ(landing("?code=NOSUCH1"), "Meet Acme");
  json::value staff_view = Send("GET", "/api/v1/advocates/" + ada_ + "/segment").Json();
  EXPECT_EQ(staff_view.at("words").at("landing_headline"), "{{advocate.first_name}} recommends {{program.name}}");
  EXPECT_EQ(staff_view.at("rendered").at("landing_headline"), "Ada recommends Acme") << "as her visitors read it";
  EXPECT_EQ(staff_view.at("rendered").at("portal_headline"), "Partners earn more, Ada");

  auto me = [&](const std::string& advocate) {
    HttpResponse link = Send("POST", "/api/v1/advocates/" + advocate + "/sign-in-links");
    HttpResponse signed_in = client_.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
                                          json::serialize(json::object{{"token", link.Json().at("token")}}));
    EXPECT_EQ(signed_in.status, 200) << signed_in.body;
    std::string cookie = CookieValue(*SetCookie(signed_in, "bb_portal"));
    HttpResponse response = client_.Send("GET", "/api/v1/portal/me", {{"Cookie", "bb_portal=" + cookie}}, "");
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json();
  };
  json::value ada = me(ada_);
  EXPECT_EQ(ada.at("headline"), "Partners earn more, Ada");
  std::string share(ada.at("share_message").as_string());
  EXPECT_EQ(share.rfind("Partner Ada recommends Acme: http", 0), 0u) << share;
  json::value bob = me(bob_);
  EXPECT_EQ(bob.at("headline"), "Hi Bob");
  EXPECT_NE(std::string(bob.at("share_message").as_string()).find("I think you would get a lot out of Acme"),
            std::string::npos);

  ASSERT_EQ(Send("POST", "/api/v1/advocates/" + ada_ + "/deactivate").status, 200);
  EXPECT_EQ(landing("?code=" + CodeOf(ada_)), "Meet Acme") << "a deactivated advocate's link names nobody";
}

TEST_F(SegmentsTest, ASegmentsOwnEmailTemplateReachesItsAdvocatesThroughSmtp) {
  std::string partners = Segment({{"name", "Partners"}, {"tags", json::array{"partner"}}});
  HttpResponse refused = Send("PUT", "/api/v1/segments/" + partners + "/email-templates/invitation",
                              {{"subject", "x"}, {"body", "{{link}}"}});
  ASSERT_EQ(refused.status, 422);
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"kind"}));
  refused = Send("PUT", "/api/v1/segments/" + partners + "/email-templates/referral_won",
                 {{"subject", "Won {{nope}}"}, {"body", "Thanks"}});
  ASSERT_EQ(refused.status, 422);
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"subject"}));
  HttpResponse own = Send("PUT", "/api/v1/segments/" + partners + "/email-templates/referral_won",
                          {{"subject", "Partner win for {{advocate.first_name}}"}, {"body", "Thanks, partner."}});
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.Json().at("customized"), true);
  json::value list = Send("GET", "/api/v1/segments/" + partners + "/email-templates").Json();
  std::vector<std::string> kinds;
  for (const auto& t : list.at("data").as_array()) kinds.emplace_back(t.at("kind").as_string());
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "invitation"), 0);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "referral_won"), 1);
  EXPECT_EQ(Send("GET", "/api/v1/segments/" + partners).Json().at("own_emails"), (json::array{"referral_won"}));

  for (const auto& advocate : {ada_, bob_}) {
    std::string referral = Refer(advocate, advocate + "@prospect.example");
    ASSERT_EQ(Send("POST", "/api/v1/referrals/" + referral + "/stage", {{"stage", "won"}}).status, 200);
  }
  SmtpSink sink;
  DeliverQueuedEmails(server_, sink);
  std::vector<std::string> to_ada, to_bob;
  for (const auto& message : sink.Received()) {
    std::size_t at = message.content.find("\r\nSubject: ");
    std::string subject = message.content.substr(at + 11, message.content.find("\r\n", at + 2) - at - 11);
    (message.rcpt_tos.at(0) == "ada@engines.example" ? to_ada : to_bob).push_back(subject);
  }
  EXPECT_EQ(to_ada, std::vector<std::string>{"Partner win for Ada"});
  ASSERT_EQ(to_bob.size(), 1u);
  EXPECT_NE(to_bob[0], "Partner win for Bob") << "Bob is in no segment: the program's template";

  HttpResponse reset = Send("DELETE", "/api/v1/segments/" + partners + "/email-templates/referral_won");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(reset.Json().at("customized"), false);
  json::value audit = Send("GET", "/api/v1/audit-events?object_id=" + partners).Json();
  std::vector<std::string> actions;
  for (const auto& e : audit.at("data").as_array()) actions.emplace_back(e.at("kind").as_string());
  std::sort(actions.begin(), actions.end());
  EXPECT_EQ(actions, (std::vector<std::string>{"segment.created", "segment.email_template_reset",
                                               "segment.email_template_updated"}));
}

TEST_F(SegmentsTest, ManySegmentsMadeAtOnceTakeDistinctPlaces) {
  constexpr int kWriters = 8;
  std::vector<std::thread> writers;
  std::vector<int> statuses(kWriters);
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      HttpClient client = server_.Client();
      statuses[i] = client
                        .Send("POST", "/api/v1/programs/" + program_ + "/segments", Bearer(server_.admin_key),
                              json::serialize(json::object{{"name", "S" + std::to_string(i)}, {"position", 1}}))
                        .status;
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), kWriters);
  EXPECT_EQ(Order().size(), static_cast<std::size_t>(kWriters)) << "positions 1..8, each once (Order checks)";
}

// Regressions from the adversarial review of segments.

TEST_F(SegmentsTest, AnArchivedProgramsSegmentTemplatesCannotBeResetNorKindsASegmentMayNotHave) {
  std::string partners = Segment({{"name", "Partners"}});
  const std::string won = "/api/v1/segments/" + partners + "/email-templates/referral_won";
  ASSERT_EQ(Send("PUT", won, {{"subject", "Won"}, {"body", "Hi {{link}}"}}).status, 200);
  HttpResponse invitation = Send("DELETE", "/api/v1/segments/" + partners + "/email-templates/invitation");
  ASSERT_EQ(invitation.status, 422) << invitation.body;
  EXPECT_EQ(Fields(invitation), (std::vector<std::string>{"kind"}));
  ASSERT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/archive").status, 200);
  EXPECT_EQ(Send("DELETE", won).status, 409);
  EXPECT_EQ(Send("GET", "/api/v1/segments/" + partners).Json().at("own_emails"), (json::array{"referral_won"}))
      << "the refusal changed nothing";
}

TEST_F(SegmentsTest, AnInactiveProgramsLandingPageNamesNoAdvocate) {
  Segment({{"name", "Partners"},
           {"tags", json::array{"partner"}},
           {"landing_headline", "{{advocate.first_name}} sent you"}});
  auto headline = [&] {
    HttpResponse response = client_.Send("GET", "/api/v1/public/programs/acme?code=" + CodeOf(ada_), {}, "");
    json::value body = response.Json();
    return std::string(body.at("landing").at("headline").as_string());
  };
  EXPECT_EQ(headline(), "Ada sent you");
  ASSERT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/pause").status, 200);
  EXPECT_EQ(headline(), "Acme") << "paused: the program's words";
  ASSERT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/archive").status, 200);
  EXPECT_EQ(headline(), "Acme") << "archived: the program's words";
}

TEST_F(SegmentsTest, RenumberedSegmentsAreAuditedAndARetiredOneHasNoPlaceToMoveTo) {
  std::string first = Segment({{"name", "First"}});
  std::string second = Segment({{"name", "Second"}});
  ASSERT_EQ(Send("PATCH", "/api/v1/segments/" + second, {{"position", 1}}).status, 200);
  json::value audit = Send("GET", "/api/v1/audit-events?object_id=" + first).Json();
  ASSERT_EQ(audit.at("data").as_array().size(), 2u);
  const json::value& moved = audit.at("data").as_array()[0];
  EXPECT_EQ(moved.at("kind"), "segment.changed");
  EXPECT_EQ(moved.at("changes"), (json::object{{"position", {{"from", 1}, {"to", 2}}}}));

  ASSERT_EQ(Send("PATCH", "/api/v1/segments/" + first, {{"active", false}}).status, 200);
  for (const json::object& body : {json::object{{"position", 1}}, json::object{{"active", false}, {"position", 1}}}) {
    HttpResponse refused = Send("PATCH", "/api/v1/segments/" + first, body);
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(Fields(refused), (std::vector<std::string>{"position"}));
  }
  audit = Send("GET", "/api/v1/audit-events?object_id=" + first).Json();
  const json::value& retired = audit.at("data").as_array()[0];
  EXPECT_EQ(retired.at("changes"),
            (json::object{{"position", {{"from", 2}, {"to", nullptr}}}, {"active", {{"from", true}, {"to", false}}}}))
      << "a retired segment has no place, not place 0";
}

TEST_F(SegmentsTest, RetiredSegmentsCountTowardALimitSoTheListCannotGrowWithoutEnd) {
  for (int i = 0; i < 200; ++i) {
    ASSERT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/segments",
                   {{"name", "Old " + std::to_string(i)}, {"active", false}})
                  .status,
              201);
  }
  EXPECT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/segments", {{"name", "One more"}}).status, 409);
}

TEST_F(SegmentsTest, ANumberAttributeIsReadAsOneTextAndAnInfiniteOneIsRefused) {
  HttpResponse zero = Send("PATCH", "/api/v1/advocates/" + bob_, {{"attributes", {{"score", -0.0}}}});
  ASSERT_EQ(zero.status, 200) << zero.body;
  Segment({{"name", "Zero"}, {"attributes", {{"score", 0}}}});
  EXPECT_EQ(SegmentOf(bob_), "Zero") << "-0 is 0";
  HttpResponse huge = client_.Send("PATCH", "/api/v1/advocates/" + bob_, Bearer(server_.admin_key),
                                   R"({"attributes": {"score": 1e400}})");
  ASSERT_EQ(huge.status, 422) << huge.body;
  EXPECT_EQ(Fields(huge), (std::vector<std::string>{"attributes.score"}));
  HttpResponse segment = client_.Send("POST", "/api/v1/programs/" + program_ + "/segments", Bearer(server_.admin_key),
                                      R"({"name": "Inf", "attributes": {"score": -1e400}})");
  ASSERT_EQ(segment.status, 422) << segment.body;
  EXPECT_EQ(Fields(segment), (std::vector<std::string>{"attributes.score"}));
}

TEST_F(SegmentsTest, ASegmentsFirstCopyOfTheProgramsTemplateIsAuditedAsItsOwn) {
  std::string partners = Segment({{"name", "Partners"}});
  json::value program = Send("GET", "/api/v1/programs/" + program_ + "/email-templates/welcome").Json();
  const std::string target = "/api/v1/segments/" + partners + "/email-templates/welcome";
  ASSERT_EQ(Send("PUT", target, {{"subject", program.at("subject")}, {"body", program.at("body")}}).status, 200);
  ASSERT_EQ(Send("DELETE", target).status, 200);
  json::value audit =
      Send("GET", "/api/v1/audit-events?object_id=" + partners + "&kind=segment.email_template_updated").Json();
  ASSERT_EQ(audit.at("data").as_array().size(), 1u);
  EXPECT_EQ(audit.at("data").as_array()[0].at("changes"),
            (json::object{{"email_templates.welcome.own", {{"from", false}, {"to", true}}}}));
  audit = Send("GET", "/api/v1/audit-events?object_id=" + partners + "&kind=segment.email_template_reset").Json();
  ASSERT_EQ(audit.at("data").as_array().size(), 1u);
  EXPECT_EQ(audit.at("data").as_array()[0].at("changes"),
            (json::object{{"email_templates.welcome.own", {{"from", true}, {"to", false}}}}));
}

}  // namespace
}  // namespace bb::testing

// Challenges through the API (issue 17, part 2): staff keep a program's challenges (roles, fields
// refused by name, steps fixed once someone did one); a referral completes its steps once, within
// the limit per person, and its rejection takes the points back and frees the place; an advocate's
// survey answer completes a survey step; advocates claim a review with its URL, staff approve (the
// points arrive) or reject with a note the advocate reads; a challenge is offered only to its
// audience and only while open; staff record an attended event at once; people following an
// advocate's link complete a share step once (bots and other channels do not); and many claims,
// or many moves of one referral, at once complete a step once.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "common/time_format.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr char kBrowser[] = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";

class ChallengesTest : public ::testing::Test {
 protected:
  ChallengesTest() : client_(server_.Client()) {
    program_ = Id(Post("/api/v1/programs",
                       {{"name", "Challenges"}, {"kind", "customer"}, {"landing_url", "https://ch.example/"}}));
    ada_ = Id(Post("/api/v1/programs/" + program_ + "/advocates",
                   {{"email", "ada@engines.example"}, {"first_name", "Ada"}, {"tags", json::array{"vip"}}}));
    bob_ = Id(
        Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "bob@engines.example"}, {"first_name", "Bob"}}));
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
  std::string Challenge(json::array steps, const json::object& extra = {}) {
    json::object body{{"name", "Spring push"}, {"steps", std::move(steps)}};
    for (const auto& [k, v] : extra) body[k] = v;
    return Id(Post("/api/v1/programs/" + program_ + "/challenges", body));
  }
  static json::object Step(const char* type, std::int64_t points, const char* title = "") {
    return json::object{{"type", type}, {"points", points}, {"title", title}};
  }
  std::string Refer(const std::string& advocate, const std::string& email) {
    return Id(Post("/api/v1/referrals",
                   {{"advocate_id", advocate}, {"referee", {{"email", email}, {"first_name", "Rita"}}}}));
  }
  HttpResponse Move(const std::string& referral, const std::string& stage) {
    json::object body{{"stage", stage}};
    if (stage == "won") body["deal_value_minor"] = 10'000;
    return Send("POST", "/api/v1/referrals/" + referral + "/stage", body);
  }
  std::int64_t Lifetime(const std::string& advocate) {
    return Send("GET", "/api/v1/advocates/" + advocate + "/points").Json().at("lifetime").as_int64();
  }
  // The advocate's entries earned by challenges, as "<delta> <reason>", newest first.
  std::vector<std::string> ChallengeEntries(const std::string& advocate) {
    json::value body = Send("GET", "/api/v1/advocates/" + advocate + "/points/entries").Json();
    std::vector<std::string> out;
    for (const auto& e : body.at("data").as_array()) {
      std::string reason(e.at("reason").as_string());
      if (reason == "challenge" || reason == "reversal") {
        out.push_back(std::to_string(e.at("points").as_int64()) + " " + reason);
      }
    }
    return out;
  }
  json::array Completions(const std::string& query) {
    HttpResponse response = Send("GET", "/api/v1/challenge-completions?" + query);
    EXPECT_EQ(response.status, 200) << response.body;
    json::value body = response.Json();
    return body.at("data").as_array();
  }
  static std::vector<std::string> Fields(const HttpResponse& response) {
    std::vector<std::string> out;
    json::value body = response.Json();  // kept: a loop over a temporary's member would dangle
    for (const auto& e : body.at("errors").as_array()) out.emplace_back(e.at("field").as_string());
    return out;
  }

  struct Session {
    std::string cookie, csrf;
  };
  Session SignIn(const std::string& advocate) {
    HttpResponse link = Send("POST", "/api/v1/advocates/" + advocate + "/sign-in-links");
    HttpResponse response = client_.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
                                         json::serialize(json::object{{"token", link.Json().at("token")}}));
    EXPECT_EQ(response.status, 200) << response.body;
    return {CookieValue(*SetCookie(response, "bb_portal")), std::string(response.Json().at("csrf_token").as_string())};
  }
  HttpResponse As(const Session& s, const std::string& method, const std::string& target,
                  const json::value& body = nullptr, HttpClient* client = nullptr) {
    server_.clock.Advance(1s);
    return (client ? *client : client_)
        .Send(method, target,
              {{"Cookie", "bb_portal=" + s.cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", s.csrf}},
              body.is_null() ? "" : json::serialize(body));
  }
  TestServer server_;
  HttpClient client_;
  std::string program_, ada_, bob_;
};

TEST_F(ChallengesTest, StaffKeepChallengesFieldByFieldAndRolesApply) {
  HttpResponse bad = Send("POST", "/api/v1/programs/" + program_ + "/challenges",
                          {{"name", ""},
                           {"steps", json::array{Step("write_review", 300), Step("custom", 10), Step("tweet", 5)}},
                           {"per_member_limit", 0}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(Fields(bad), (std::vector<std::string>{"name", "steps[1].title", "steps[2].type", "per_member_limit"}));
  HttpResponse wrong_type = Send("POST", "/api/v1/programs/" + program_ + "/challenges",
                                 {{"name", "x"}, {"steps", json::array{{{"type", "custom"}, {"points", "ten"}}}}});
  EXPECT_EQ(Fields(wrong_type), (std::vector<std::string>{"steps[0].points"}));

  std::string id = Challenge(json::array{Step("write_review", 300), Step("submit_referral", 100)},
                             {{"ends_at", "2026-04-01T00:00:00Z"}, {"tags", json::array{"VIP"}}});
  json::value got = Send("GET", "/api/v1/challenges/" + id).Json();
  EXPECT_EQ(got.at("steps").at(0).at("words"), "Write a review");
  EXPECT_EQ(got.at("steps").at(0).at("claimed"), true);
  EXPECT_EQ(got.at("steps").at(1).at("taken"), 0);
  EXPECT_EQ(got.at("tags"), (json::array{"vip"}));
  EXPECT_EQ(got.at("total_limit"), nullptr);
  EXPECT_EQ(Send("GET", "/api/v1/programs/" + program_ + "/challenges").Json().at("data").as_array().size(), 1u);

  std::string viewer = server_.KeyFor("viewer");
  EXPECT_EQ(Send("GET", "/api/v1/programs/" + program_ + "/challenges", {}, viewer).status, 200);
  EXPECT_EQ(Send("PATCH", "/api/v1/challenges/" + id, {{"name", "Mine"}}, viewer).status, 403);
  EXPECT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/challenges",
                 {{"name", "x"}, {"steps", json::array{Step("submit_referral", 1)}}}, viewer)
                .status,
            403);

  // Audited; a change that changes nothing writes nothing.
  ASSERT_EQ(Send("PATCH", "/api/v1/challenges/" + id, {{"name", "Spring push 2026"}}).status, 200);
  ASSERT_EQ(Send("PATCH", "/api/v1/challenges/" + id, {{"name", "Spring push 2026"}}).status, 200);
  json::value audit = Send("GET", "/api/v1/audit-events?object_id=" + id).Json();
  std::vector<std::string> kinds;
  for (const auto& e : audit.at("data").as_array()) kinds.emplace_back(e.at("kind").as_string());
  EXPECT_EQ(kinds, (std::vector<std::string>{"challenge.changed", "challenge.created"}));

  HttpResponse backwards = Send("PATCH", "/api/v1/challenges/" + id, {{"ends_at", "2026-01-01T00:00:00Z"}});
  EXPECT_EQ(Fields(backwards), (std::vector<std::string>{"ends_at"}));
  // Regression: an offset carried this into the year 10000, stored and then written back as a
  // date nothing accepts.
  HttpResponse past_9999 = Send("PATCH", "/api/v1/challenges/" + id, {{"ends_at", "9999-12-31T23:59:59-23:59"}});
  EXPECT_EQ(Fields(past_9999), (std::vector<std::string>{"ends_at"}));
  EXPECT_EQ(Send("GET", "/api/v1/programs/prg_nope/challenges").status, 404);
}

TEST_F(ChallengesTest, AReferralCompletesItsStepOnceAndItsRejectionFreesThePlace) {
  std::string id = Challenge(json::array{Step("submit_referral", 100), Step("referral_won", 500)});
  std::string first = Refer(ada_, "grace@navy.example");
  EXPECT_EQ(Lifetime(ada_), 100 + 100) << "the submission's own points and the step's";
  std::string second = Refer(ada_, "alan@bletchley.example");
  EXPECT_EQ(Lifetime(ada_), 200 + 100) << "one per person: the second referral earns only its own points";
  ASSERT_EQ(Move(first, "qualified").status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/challenges/" + id).Json().at("steps").at(0).at("taken"), 1);

  // The first referral turns out to be bogus: its points go, the step's with them, and its place
  // is free again.
  ASSERT_EQ(
      Send("POST", "/api/v1/referrals/" + first + "/stage", {{"stage", "rejected"}, {"note", "Duplicate"}}).status,
      200);
  std::vector<std::string> entries = ChallengeEntries(ada_);
  std::sort(entries.begin(), entries.end());
  EXPECT_EQ(entries, (std::vector<std::string>{"-100 reversal", "-100 reversal", "-200 reversal", "100 challenge"}));
  EXPECT_EQ(Lifetime(ada_), 100);
  EXPECT_EQ(Completions("challenge_id=" + id + "&status=reversed").size(), 1u);
  EXPECT_EQ(Send("GET", "/api/v1/challenges/" + id).Json().at("steps").at(0).at("taken"), 0);

  ASSERT_EQ(Move(second, "won").status, 200);
  ASSERT_EQ(Move(second, "won").status, 200);
  EXPECT_EQ(Lifetime(ada_), 100 + 200 + 1000 + 500) << "qualified and won, and the won step, once";
  EXPECT_EQ(Completions("challenge_id=" + id + "&status=approved").size(), 1u)
      << "the second referral was submitted while the place was taken: only its win counts";
  Refer(ada_, "edsger@eindhoven.example");
  EXPECT_EQ(Completions("challenge_id=" + id + "&status=approved").size(), 2u)
      << "a new referral takes the freed place";

  // Steps cannot change once someone did one.
  HttpResponse change = Send("PATCH", "/api/v1/challenges/" + id, {{"steps", json::array{Step("submit_referral", 5)}}});
  EXPECT_EQ(change.status, 409) << change.body;
}

TEST_F(ChallengesTest, AdvocatesClaimAReviewAndStaffApproveOrReject) {
  std::string id =
      Challenge(json::array{Step("write_review", 300), Step("submit_referral", 100)}, {{"per_member_limit", 2}});
  Session ada = SignIn(ada_);
  json::value mine = As(ada, "GET", "/api/v1/portal/challenges").Json();
  ASSERT_EQ(mine.at("challenges").as_array().size(), 1u);
  json::value review = mine.at("challenges").at(0).at("steps").at(0);
  EXPECT_EQ(review.at("words"), "Write a review");
  EXPECT_EQ(review.at("url_required"), true);
  EXPECT_EQ(review.at("available"), true);

  std::string claims = "/api/v1/portal/challenges/" + id + "/completions";
  EXPECT_EQ(Fields(As(ada, "POST", claims, json::object{{"step", 0}})), (std::vector<std::string>{"url"}));
  EXPECT_EQ(Fields(As(ada, "POST", claims, json::object{{"step", 1}})), (std::vector<std::string>{"step"}))
      << "a referral step is done by referring";
  EXPECT_EQ(Fields(As(ada, "POST", claims, json::object{{"url", "https://r.example/1"}})),
            (std::vector<std::string>{"step"}));
  HttpResponse claimed = As(ada, "POST", claims,
                            json::object{{"step", 0}, {"url", "https://reviews.example/acme/1"}, {"text", "5 stars"}});
  ASSERT_EQ(claimed.status, 201) << claimed.body;
  EXPECT_EQ(claimed.Json().at("status"), "pending");
  EXPECT_EQ(claimed.Json().as_object().count("decided_by"), 0u);
  std::string first(claimed.Json().at("id").as_string());
  HttpResponse second = As(ada, "POST", claims, json::object{{"step", 0}, {"url", "https://reviews.example/acme/2"}});
  ASSERT_EQ(second.status, 201);
  HttpResponse third = As(ada, "POST", claims, json::object{{"step", 0}, {"url", "https://reviews.example/acme/3"}});
  EXPECT_EQ(third.status, 409) << "two per person, waiting ones included: " << third.body;
  EXPECT_NE(third.body.find("Your claim is waiting for the team"), std::string::npos) << third.body;
  EXPECT_EQ(Lifetime(ada_), 0) << "nothing until staff approve";

  json::array queue = Completions("program_id=" + program_ + "&status=pending");
  ASSERT_EQ(queue.size(), 2u);
  EXPECT_EQ(queue.at(1).at("advocate_name"), "Ada");
  EXPECT_EQ(queue.at(1).at("challenge_name"), "Spring push");
  EXPECT_EQ(queue.at(1).at("url"), "https://reviews.example/acme/1");
  EXPECT_EQ(queue.at(1).at("words"), "Write a review");

  std::string viewer = server_.KeyFor("viewer");
  EXPECT_EQ(Send("POST", "/api/v1/challenge-completions/" + first + "/approve", {}, viewer).status, 403);
  HttpResponse approved = Send("POST", "/api/v1/challenge-completions/" + first + "/approve");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.Json().at("status"), "approved");
  EXPECT_EQ(approved.Json().at("decided_by_name"), "test admin (API key)");
  EXPECT_EQ(Send("POST", "/api/v1/challenge-completions/" + first + "/approve").status, 409) << "once";
  EXPECT_EQ(Lifetime(ada_), 300);

  std::string second_id(second.Json().at("id").as_string());
  HttpResponse no_note = Send("POST", "/api/v1/challenge-completions/" + second_id + "/reject");
  EXPECT_EQ(Fields(no_note), (std::vector<std::string>{"note"}));
  ASSERT_EQ(
      Send("POST", "/api/v1/challenge-completions/" + second_id + "/reject", {{"note", "That page shows no review."}})
          .status,
      200);
  EXPECT_EQ(Lifetime(ada_), 300);
  json::value after = As(ada, "GET", "/api/v1/portal/challenges").Json();
  EXPECT_EQ(after.at("challenges").at(0).at("steps").at(0).at("done"), 1);
  EXPECT_EQ(after.at("challenges").at(0).at("steps").at(0).at("available"), true) << "a rejection frees the place";
  EXPECT_EQ(after.at("recent").at(0).at("status"), "rejected");
  EXPECT_EQ(after.at("recent").at(0).at("note"), "That page shows no review.");
  EXPECT_EQ(after.at("recent").at(0).at("words"), "Write a review");
  EXPECT_EQ(after.at("recent").at(0).as_object().count("advocate_name"), 0u);

  json::value ledger = As(ada, "GET", "/api/v1/portal/points/entries").Json();
  bool worded = false;
  for (const auto& e : ledger.at("data").as_array()) {
    worded |= e.at("description") == "Challenge: Spring push — Write a review";
  }
  EXPECT_TRUE(worded) << json::serialize(ledger);
}

TEST_F(ChallengesTest, OfferedOnlyToItsAudienceWhileOpenAndRecordedByStaff) {
  std::string vip = Challenge(json::array{Step("attend_event", 200, "Come to our user day")},
                              {{"tags", json::array{"vip"}}, {"ends_at", "2026-03-20T00:00:00Z"}});
  Session bob = SignIn(bob_);
  EXPECT_EQ(As(bob, "GET", "/api/v1/portal/challenges").Json().at("challenges").as_array().size(), 0u);
  HttpResponse refused =
      As(bob, "POST", "/api/v1/portal/challenges/" + vip + "/completions", json::object{{"step", 0}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("not offered to you"), std::string::npos) << refused.body;

  EXPECT_EQ(Fields(Send("POST", "/api/v1/challenges/" + vip + "/completions", {{"text", "x"}})),
            (std::vector<std::string>{"advocate_id", "step"}));
  // Staff record that Ada came: approved at once, points written, audited.
  HttpResponse recorded =
      Send("POST", "/api/v1/challenges/" + vip + "/completions", {{"advocate_id", ada_}, {"step", 0}});
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  EXPECT_EQ(recorded.Json().at("status"), "approved");
  EXPECT_EQ(Lifetime(ada_), 200);
  EXPECT_EQ(Send("POST", "/api/v1/challenges/" + vip + "/completions", {{"advocate_id", ada_}, {"step", 0}}).status,
            409)
      << "once per person";
  HttpResponse not_bob =
      Send("POST", "/api/v1/challenges/" + vip + "/completions", {{"advocate_id", bob_}, {"step", 0}});
  EXPECT_EQ(not_bob.status, 409);
  EXPECT_NE(not_bob.body.find("not offered to this advocate"), std::string::npos) << "staff's words: " << not_bob.body;

  std::string other = Id(
      Post("/api/v1/programs", {{"name", "Other"}, {"kind", "customer"}, {"landing_url", "https://other.example/"}}));
  std::string eve =
      Id(Post("/api/v1/programs/" + other + "/advocates", {{"email", "eve@o.example"}, {"first_name", "Eve"}}));
  HttpResponse foreign =
      Send("POST", "/api/v1/challenges/" + vip + "/completions", {{"advocate_id", eve}, {"step", 0}});
  EXPECT_EQ(Fields(foreign), (std::vector<std::string>{"advocate_id"}));
  Session eve_session = SignIn(eve);
  EXPECT_EQ(
      As(eve_session, "POST", "/api/v1/portal/challenges/" + vip + "/completions", json::object{{"step", 0}}).status,
      404)
      << "another program's challenge does not exist for her";

  // After its end it is offered to nobody.
  server_.clock.Set(*ParseTimestamp("2026-03-20T00:00:00Z"));
  Session ada = SignIn(ada_);
  EXPECT_EQ(As(ada, "GET", "/api/v1/portal/challenges").Json().at("challenges").as_array().size(), 0u);
  Refer(ada_, "grace@navy.example");
  EXPECT_EQ(Lifetime(ada_), 300) << "the referral's own points only";

  // Points off: no challenges in the portal, nothing completes.
  ASSERT_EQ(Send("PATCH", "/api/v1/programs/" + program_ + "/points-settings", {{"enabled", false}}).status, 200);
  EXPECT_EQ(As(ada, "GET", "/api/v1/portal/challenges").status, 409);
}

TEST_F(ChallengesTest, AnAdvocatesSurveyAnswerCompletesASurveyStep) {
  Challenge(json::array{Step("answer_survey", 150)});
  Post("/api/v1/programs/" + program_ + "/campaigns",
       {{"name", "Asked in the portal"}, {"kind", "nps_survey"}, {"trigger", "portal"}});
  Session ada = SignIn(ada_);
  ASSERT_EQ(As(ada, "GET", "/api/v1/portal/survey").status, 200);
  ASSERT_EQ(As(ada, "POST", "/api/v1/portal/survey", json::object{{"score", 9}}).status, 200);
  ASSERT_EQ(As(ada, "POST", "/api/v1/portal/survey", json::object{{"score", 10}}).status, 200);
  EXPECT_EQ(Lifetime(ada_), 100 + 150) << "the answer's points and the step's, once";
}

TEST_F(ChallengesTest, PeopleFollowingALinkCompleteAShareStepOnce) {
  std::string id =
      Challenge(json::array{Step("share_link", 50), {{"type", "share_link"}, {"points", 70}, {"channel", "linkedin"}}});
  json::value ada = Send("GET", "/api/v1/advocates/" + ada_).Json();
  json::value bob = Send("GET", "/api/v1/advocates/" + bob_).Json();
  std::string ada_code(ada.at("code").as_string());
  std::string bob_code(bob.at("code").as_string());
  ASSERT_EQ(client_.Send("GET", "/r/" + ada_code + "?c=email", {{"User-Agent", kBrowser}}).status, 302);
  ASSERT_EQ(client_.Send("GET", "/r/" + ada_code + "?c=email", {{"User-Agent", kBrowser}}).status, 302);
  client_.Send("GET", "/r/" + bob_code + "?c=linkedin", {{"User-Agent", "Googlebot/2.1"}});
  EXPECT_EQ(*server_.services->challenges.CreditShares(100), 0) << "clicks are read once settled";
  server_.clock.Advance(3min);
  EXPECT_EQ(*server_.services->challenges.CreditShares(100), 2) << "the bot's click is not read";
  EXPECT_EQ(Lifetime(ada_), 50) << "once, however many people follow it; not the LinkedIn step";
  EXPECT_EQ(Lifetime(bob_), 0) << "a bot is nobody";
  ASSERT_EQ(client_.Send("GET", "/r/" + ada_code + "?c=linkedin", {{"User-Agent", kBrowser}}).status, 302);
  server_.clock.Advance(3min);
  EXPECT_EQ(*server_.services->challenges.CreditShares(100), 1) << "from where it got to";
  EXPECT_EQ(*server_.services->challenges.CreditShares(100), 0);
  EXPECT_EQ(Lifetime(ada_), 50 + 70);
  EXPECT_EQ(Completions("challenge_id=" + id).size(), 2u);
}

TEST_F(ChallengesTest, ClicksMadeBeforeAShareChallengeEndedAreCreditedAfterIt) {
  // Regression: the sweep listed only challenges open now, so the clicks of a challenge's last
  // minutes (not yet settled when it ended) were never read.
  Timestamp end = server_.clock.Now() + 5min;
  Challenge(json::array{Step("share_link", 40)}, {{"ends_at", FormatTimestamp(end)}});
  std::string code(Send("GET", "/api/v1/advocates/" + bob_).Json().at("code").as_string());
  server_.clock.Set(end - 1min);
  ASSERT_EQ(client_.Send("GET", "/r/" + code, {{"User-Agent", kBrowser}}).status, 302);
  server_.clock.Set(end + 1h);
  EXPECT_EQ(*server_.services->challenges.CreditShares(100), 1);
  EXPECT_EQ(Lifetime(bob_), 40);
  server_.clock.Advance(std::chrono::days(8));
  ASSERT_EQ(client_.Send("GET", "/r/" + code, {{"User-Agent", kBrowser}}).status, 302);
  server_.clock.Advance(3min);
  EXPECT_EQ(*server_.services->challenges.CreditShares(100), 0) << "a week after its end it is read no more";
}

// Regression: a referral's steps were offered by the tags the advocate had when it was submitted.
TEST_F(ChallengesTest, AReferralsStepIsOfferedByTheAdvocatesTagsWhenItMoves) {
  Challenge(json::array{Step("referral_qualified", 500)}, {{"tags", json::array{"partners"}}});
  std::string referral = Refer(bob_, "grace@navy.example");
  ASSERT_EQ(Send("PATCH", "/api/v1/advocates/" + bob_, {{"tags", json::array{"partners"}}}).status, 200);
  ASSERT_EQ(Move(referral, "qualified").status, 200);
  EXPECT_EQ(ChallengeEntries(bob_), (std::vector<std::string>{"500 challenge"}));
}

// Regression: a share credited by the sweep was recorded at the click's time, so an as-of view from
// before the sweep ran saw points that were not written yet.
TEST_F(ChallengesTest, ASharesPointsCountWhenClickedAndAreRecordedWhenCredited) {
  Challenge(json::array{Step("share_link", 40)});
  std::string code(Send("GET", "/api/v1/advocates/" + ada_).Json().at("code").as_string());
  Timestamp clicked = server_.clock.Now();
  ASSERT_EQ(client_.Send("GET", "/r/" + code, {{"User-Agent", kBrowser}}).status, 302);
  server_.clock.Advance(10min);
  Timestamp credited = server_.clock.Now();
  ASSERT_EQ(*server_.services->challenges.CreditShares(100), 1);
  json::value entries = Send("GET", "/api/v1/advocates/" + ada_ + "/points/entries").Json();
  const json::value& entry = entries.at("data").at(0);
  EXPECT_EQ(entry.at("reason"), "challenge");
  EXPECT_EQ(entry.at("earned_at"), FormatTimestamp(clicked).c_str());
  EXPECT_EQ(entry.at("recorded_at"), FormatTimestamp(credited).c_str());
  json::value before =
      Send("GET", "/api/v1/advocates/" + ada_ + "/points?as_of=" + FormatTimestamp(credited - 1min)).Json();
  EXPECT_EQ(before.at("lifetime"), 0) << "not yet written then";
}

// Regression: a rejected claim (which counted nothing) locked the challenge's steps.
TEST_F(ChallengesTest, ARejectedClaimLeavesTheStepsFreeToChange) {
  std::string id = Challenge(json::array{Step("custom", 50, "Post a photo")});
  Session ada = SignIn(ada_);
  HttpResponse claimed = As(ada, "POST", "/api/v1/portal/challenges/" + id + "/completions",
                            json::object{{"step", 0}, {"text", "Posted"}});
  ASSERT_EQ(claimed.status, 201);
  std::string claim(claimed.Json().at("id").as_string());
  ASSERT_EQ(Send("POST", "/api/v1/challenge-completions/" + claim + "/reject", {{"note", "Not found"}}).status, 200);
  EXPECT_EQ(
      Send("PATCH", "/api/v1/challenges/" + id, {{"steps", json::array{Step("custom", 80, "Post a photo")}}}).status,
      200);
}

TEST_F(ChallengesTest, ManyClaimsOrMovesAtOnceCompleteAStepOnce) {
  std::string id = Challenge(json::array{Step("write_review", 300), Step("referral_won", 500)});
  Session ada = SignIn(ada_);
  std::vector<std::thread> threads;
  std::atomic<int> created = 0;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client = server_.Client();
      HttpResponse r = client.Send(
          "POST", "/api/v1/portal/challenges/" + id + "/completions",
          {{"Cookie", "bb_portal=" + ada.cookie}, {"Content-Type", "application/json"}, {"X-CSRF-Token", ada.csrf}},
          json::serialize(json::object{{"step", 0}, {"url", "https://reviews.example/" + std::to_string(i)}}));
      if (r.status == 201) ++created;
      EXPECT_TRUE(r.status == 201 || r.status == 409) << r.status << " " << r.body;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(created.load(), 1);

  std::string referral = Refer(bob_, "grace@navy.example");
  threads.clear();
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      HttpClient client = server_.Client();
      EXPECT_EQ(client
                    .Send("POST", "/api/v1/referrals/" + referral + "/stage", Bearer(server_.admin_key),
                          json::serialize(json::object{{"stage", "won"}, {"deal_value_minor", 10'000}}))
                    .status,
                200);
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ChallengeEntries(bob_), (std::vector<std::string>{"500 challenge"}));
  EXPECT_EQ(Lifetime(bob_), 1300 + 500);
}

}  // namespace
}  // namespace bb::testing

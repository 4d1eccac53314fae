// Advocacy points through the API (issue 17, part 2): a referral earns its stages' points once
// each, as it moves (held ones only once cleared), and a rejection takes them all back, spent or
// not; an advocate's own NPS answer earns once however often it is changed; staff adjust with a
// reason, exactly once per Idempotency-Key, never below 0 redeemable points; the program's
// settings change what is earned from then on, or turn points off; the leaderboard ranks, names
// only those who agree to it in the portal, and is for those who may read analytics; and the same
// event seen by many requests at once, or by two servers on one database, earns once.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "service/points_ledger.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class PointsTest : public ::testing::Test {
 protected:
  PointsTest() : client_(server_.Client()) {
    program_ = Id(Post("/api/v1/programs",
                       {{"name", "Points"}, {"kind", "customer"}, {"landing_url", "https://points.example/"}}));
    ada_ = Id(Post("/api/v1/programs/" + program_ + "/advocates",
                   {{"email", "ada@engines.example"}, {"first_name", "Ada"}, {"last_name", "Lovelace"}}));
    bob_ = Id(Post("/api/v1/programs/" + program_ + "/advocates",
                   {{"email", "bob@engines.example"}, {"first_name", "Bob"}, {"last_name", "Babbage"}}));
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
  std::string Refer(const std::string& advocate, const std::string& email) {
    return Id(Post("/api/v1/referrals",
                   {{"advocate_id", advocate}, {"referee", {{"email", email}, {"first_name", "Rita"}}}}));
  }
  HttpResponse Move(const std::string& referral, const std::string& stage) {
    json::object body{{"stage", stage}};
    if (stage == "won") body["deal_value_minor"] = 10'000;
    return Send("POST", "/api/v1/referrals/" + referral + "/stage", body);
  }
  json::value Points(const std::string& advocate) {
    HttpResponse response = Send("GET", "/api/v1/advocates/" + advocate + "/points");
    EXPECT_EQ(response.status, 200) << response.body;
    return response.Json();
  }
  std::int64_t Lifetime(const std::string& advocate) { return Points(advocate).at("lifetime").as_int64(); }
  json::array Entries(const std::string& advocate) {
    json::value body = Send("GET", "/api/v1/advocates/" + advocate + "/points/entries").Json();
    return body.at("data").as_array();
  }
  static std::string BadgeState(const json::value& points, const std::string& name) {
    for (const auto& badge : points.at("badges").as_array()) {
      if (badge.at("name") == name.c_str()) {
        return std::to_string(badge.at("progress").as_int64()) + "/" + std::to_string(badge.at("target").as_int64()) +
               (badge.at("earned").as_bool() ? " earned" : "");
      }
    }
    return "missing";
  }
  static std::vector<std::string> Fields(const HttpResponse& response) {
    std::vector<std::string> out;
    json::value body = response.Json();  // kept: a loop over a temporary's member would dangle
    for (const auto& e : body.at("errors").as_array()) out.emplace_back(e.at("field").as_string());
    return out;
  }

  void SignIn(const std::string& advocate) {
    HttpResponse link = Send("POST", "/api/v1/advocates/" + advocate + "/sign-in-links");
    HttpResponse response = client_.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
                                         json::serialize(json::object{{"token", link.Json().at("token")}}));
    ASSERT_EQ(response.status, 200) << response.body;
    session_ = CookieValue(*SetCookie(response, "bb_portal"));
    csrf_ = std::string(response.Json().at("csrf_token").as_string());
  }
  HttpResponse AsAdvocate(const std::string& method, const std::string& target, const json::value& body = nullptr) {
    return client_.Send(
        method, target,
        {{"Cookie", "bb_portal=" + session_}, {"Content-Type", "application/json"}, {"X-CSRF-Token", csrf_}},
        body.is_null() ? "" : json::serialize(body));
  }

  TestServer server_;
  HttpClient client_;
  std::string program_, ada_, bob_, session_, csrf_;
};

TEST_F(PointsTest, AReferralEarnsEachStageOnceAndARejectionTakesEveryPointBack) {
  json::value fresh = Points(ada_);
  EXPECT_EQ(fresh.at("lifetime"), 0);
  EXPECT_EQ(fresh.at("level"), "Fan");
  EXPECT_EQ(fresh.at("next_level").at("points_to_go"), 1000);

  std::string won = Refer(ada_, "grace@navy.example");
  EXPECT_EQ(Lifetime(ada_), 100);
  ASSERT_EQ(Move(won, "won").status, 200) << "a jump to won passes qualified: both earn";
  ASSERT_EQ(Move(won, "won").status, 200);
  json::value after = Points(ada_);
  EXPECT_EQ(after.at("lifetime"), 1300);
  EXPECT_EQ(after.at("redeemable"), 1300);
  EXPECT_EQ(after.at("level"), "Advocate");
  EXPECT_EQ(after.at("level_progress_bp"), 750);
  EXPECT_EQ(BadgeState(after, "First referral"), "1/1 earned");
  EXPECT_EQ(BadgeState(after, "First customer"), "1/1 earned");
  EXPECT_EQ(BadgeState(after, "Five referrals"), "1/5");
  json::array entries = Entries(ada_);
  ASSERT_EQ(entries.size(), 3u);
  std::vector<std::string> words;
  for (const auto& entry : entries) {
    words.emplace_back(entry.at("description").as_string());
    EXPECT_EQ(entry.at("ref"), won.c_str());
  }
  std::sort(words.begin(), words.end());  // qualified and won were written together: in either order
  EXPECT_EQ(words, (std::vector<std::string>{"You referred someone", "Your referral became a customer",
                                             "Your referral was qualified"}));

  // Spend some, then reject a second referral: its points go, and the spent part is owed.
  std::string bogus = Refer(ada_, "nobody@invented.example");
  ASSERT_EQ(Move(bogus, "qualified").status, 200);
  EXPECT_EQ(Lifetime(ada_), 1600);
  HttpResponse spent = Send("POST", "/api/v1/advocates/" + ada_ + "/points/adjustments",
                            {{"points", -1500}, {"balance", "redeemable"}, {"note", "Converted to a gift card"}});
  ASSERT_EQ(spent.status, 201) << spent.body;
  HttpResponse rejected = Send("POST", "/api/v1/referrals/" + bogus + "/stage", {{"stage", "rejected"}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  json::value now = Points(ada_);
  EXPECT_EQ(now.at("lifetime"), 1300);
  EXPECT_EQ(now.at("redeemable"), -200) << "1,600 − 1,500 spent − 300 taken back";
  EXPECT_EQ(BadgeState(now, "Five referrals"), "1/5") << "a rejected referral counts for no badge";
  entries = Entries(ada_);
  ASSERT_EQ(entries.size(), 8u);
  std::set<std::string> reversed_times, earned_times;
  for (int i : {0, 1}) {
    EXPECT_EQ(entries[i].at("reason"), "reversal");
    EXPECT_EQ(entries[i].at("description"), "Taken back: the referral was rejected");
    reversed_times.emplace(entries[i].at("earned_at").as_string());
  }
  for (int i : {3, 4}) earned_times.emplace(entries[i].at("earned_at").as_string());
  EXPECT_EQ(reversed_times, earned_times) << "each reversal counts when its entry counted";
  HttpResponse again = Send("POST", "/api/v1/referrals/" + bogus + "/stage", {{"stage", "rejected"}});
  EXPECT_EQ(Entries(ada_).size(), 8u) << "nothing is taken back twice";
  (void)again;
}

// Regression: the portal's ledger showed a reversal's note — the reason staff gave for rejecting,
// word for word — and the ids of the staff who wrote each entry.
TEST_F(PointsTest, PortalEntriesNeverShowStaffNotesOrWhoWroteThem) {
  std::string referral = Refer(ada_, "nobody@invented.example");
  HttpResponse rejected = Send("POST", "/api/v1/referrals/" + referral + "/stage",
                               {{"stage", "rejected"}, {"note", "Internal: suspected fraud ring"}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  SignIn(ada_);
  HttpResponse mine = AsAdvocate("GET", "/api/v1/portal/points/entries");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.body.find("fraud"), std::string::npos) << mine.body;
  EXPECT_EQ(mine.body.find("key_"), std::string::npos) << mine.body;
  json::value body = mine.Json();
  for (const auto& entry : body.at("data").as_array()) {
    EXPECT_FALSE(entry.as_object().contains("note"));
    EXPECT_FALSE(entry.as_object().contains("recorded_by"));
  }
  json::array staff = Entries(ada_);
  ASSERT_EQ(staff.size(), 2u);
  EXPECT_EQ(staff[0].at("note"), "the referral was rejected: Internal: suspected fraud ring") << "staff see why";
  EXPECT_EQ(staff[1].at("recorded_by_name"), "Bluebird");
}

TEST_F(PointsTest, AHeldReferralEarnsOnlyOnceCleared) {
  std::string self = Refer(ada_, "ada@engines.example");  // her own address: held for review
  ASSERT_EQ(Move(self, "won").status, 200);
  EXPECT_EQ(Lifetime(ada_), 0) << "held referrals earn nothing";
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + self + "/clear", {{"note", "Her second company."}}).status, 200);
  EXPECT_EQ(Lifetime(ada_), 1300);
}

TEST_F(PointsTest, AnAdvocatesOwnSurveyAnswerEarnsOnceHoweverOftenChanged) {
  Post("/api/v1/programs/" + program_ + "/campaigns",
       {{"name", "Asked in the portal"}, {"kind", "nps_survey"}, {"trigger", "portal"}});
  SignIn(ada_);
  ASSERT_EQ(AsAdvocate("GET", "/api/v1/portal/survey").status, 200);
  ASSERT_EQ(AsAdvocate("POST", "/api/v1/portal/survey", json::object{{"score", 9}}).status, 200);
  ASSERT_EQ(AsAdvocate("POST", "/api/v1/portal/survey", json::object{{"score", 10}}).status, 200);
  HttpResponse mine = AsAdvocate("GET", "/api/v1/portal/points");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.Json().at("lifetime"), 100);
  EXPECT_EQ(BadgeState(mine.Json(), "Survey answered"), "1/1 earned");
  EXPECT_EQ(mine.Json().at("advocate_id"), ada_.c_str());
  // An answer imported from another tool earns nothing: nobody here asked.
  Post("/api/v1/programs/" + program_ + "/nps-responses", {{"email", "bob@engines.example"}, {"score", 10}});
  EXPECT_EQ(Lifetime(bob_), 0);
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/advocates/" + bob_ + "/points").status, 401)
      << "an advocate reads only their own points, through the portal";
}

TEST_F(PointsTest, StaffAdjustWithAReasonOncePerKeyAndNeverBelowZero) {
  std::string manager = server_.KeyFor("manager");
  std::string viewer = server_.KeyFor("viewer");
  std::string rep = server_.KeyFor("sales_rep");
  const std::string target = "/api/v1/advocates/" + ada_ + "/points/adjustments";
  EXPECT_EQ(Send("POST", target, {{"points", 50}, {"note", "x"}}, viewer).status, 403);
  EXPECT_EQ(Send("POST", target, {{"points", 50}, {"note", "x"}}, rep).status, 403);
  HttpResponse bad = Send("POST", target, {{"points", 0}, {"balance", "gold"}, {"note", "  "}}, manager);
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(Fields(bad), (std::vector<std::string>{"points", "balance", "note"}));
  HttpResponse huge = Send("POST", target, {{"points", 1'000'000'001}, {"note", "typo"}}, manager);
  ASSERT_EQ(huge.status, 422) << huge.body;
  EXPECT_EQ(Fields(huge), (std::vector<std::string>{"points"}));
  HttpResponse below = Send("POST", target, {{"points", -1}, {"note", "oops"}}, manager);
  ASSERT_EQ(below.status, 422) << below.body;
  EXPECT_EQ(Fields(below), (std::vector<std::string>{"points"}));

  auto headers = Bearer(manager);
  headers.emplace_back("Idempotency-Key", "webinar-2027-01");
  const std::string body = json::serialize(json::object{{"points", 250}, {"note", "Spoke at our webinar"}});
  HttpResponse first = client_.Send("POST", target, headers, body);
  HttpResponse replay = client_.Send("POST", target, headers, body);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(replay.Json().at("id"), first.Json().at("id"));
  EXPECT_EQ(first.Json().at("description"), "Added by the team: Spoke at our webinar");
  EXPECT_EQ(std::string(first.Json().at("recorded_by").as_string()).substr(0, 4), "key_");
  EXPECT_EQ(Lifetime(ada_), 250) << "once per key";
  json::value audit = Send("GET", "/api/v1/audit-events?object_id=" + ada_).Json();
  EXPECT_EQ(audit.at("data").at(0).at("kind"), "points.adjusted");
}

TEST_F(PointsTest, SalesRepsSeeOnlyTheirOwnAdvocatesPoints) {
  std::string rep = server_.KeyFor("sales_rep");
  HttpResponse own = client_.Send("POST", "/api/v1/programs/" + program_ + "/advocates", Bearer(rep),
                                  json::serialize(json::object{{"email", "own@rep.example"}, {"first_name", "Own"}}));
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(Send("GET", "/api/v1/advocates/" + Id(own) + "/points", {}, rep).status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/advocates/" + ada_ + "/points", {}, rep).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/advocates/" + ada_ + "/points/entries", {}, rep).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/leaderboards?program_id=" + program_, {}, rep).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/advocates/adv_nobody/points").status, 404);
}

TEST_F(PointsTest, TheLeaderboardRanksAndNamesOnlyThoseWhoAgree) {
  Move(Refer(ada_, "a1@x.example"), "won");
  Refer(bob_, "b1@x.example");
  Refer(bob_, "b2@x.example");
  json::value board = Send("GET", "/api/v1/leaderboards?program_id=" + program_).Json();
  ASSERT_EQ(board.at("data").as_array().size(), 2u);
  EXPECT_EQ(board.at("data").at(0).at("name"), "Ada Lovelace");
  EXPECT_EQ(board.at("data").at(0).at("points"), 1300);
  EXPECT_EQ(board.at("data").at(1).at("advocate_id"), bob_.c_str());
  EXPECT_EQ(board.at("period"), "all_time");
  json::value month = Send("GET", "/api/v1/leaderboards?program_id=" + program_ + "&period=month&month=2026-03").Json();
  EXPECT_EQ(month.at("data").as_array().size(), 2u) << "the test clock is in March 2026";
  EXPECT_TRUE(Send("GET", "/api/v1/leaderboards?program_id=" + program_ + "&period=month&month=2026-04")
                  .Json()
                  .at("data")
                  .as_array()
                  .empty());
  EXPECT_EQ(Fields(Send("GET", "/api/v1/leaderboards?program_id=" + program_ + "&period=weekly")),
            (std::vector<std::string>{"period"}));
  EXPECT_EQ(Fields(Send("GET", "/api/v1/leaderboards?program_id=" + program_ + "&limit=101")),
            (std::vector<std::string>{"limit"}));

  SignIn(ada_);
  ASSERT_EQ(AsAdvocate("PUT", "/api/v1/portal/leaderboard", json::object{{"named", false}}).status, 200);
  EXPECT_EQ(Fields(AsAdvocate("PUT", "/api/v1/portal/leaderboard", json::object{})),
            (std::vector<std::string>{"named"}));
  SignIn(bob_);
  json::value seen = AsAdvocate("GET", "/api/v1/portal/leaderboard").Json();
  EXPECT_EQ(seen.at("data").at(0).at("name"), "An advocate");
  EXPECT_FALSE(seen.at("data").at(0).as_object().contains("advocate_id")) << "no id to look anyone up by";
  EXPECT_EQ(seen.at("data").at(1).at("name"), "Bob B.");
  EXPECT_EQ(seen.at("you").at("rank"), 2);
  EXPECT_EQ(seen.at("named"), true);
  json::value staff = Send("GET", "/api/v1/leaderboards?program_id=" + program_).Json();
  EXPECT_EQ(staff.at("data").at(0).at("name"), "Ada Lovelace") << "staff see who it is";
  EXPECT_EQ(staff.at("data").at(0).at("hidden"), true);
}

TEST_F(PointsTest, AGroupsBoardIsShownToItsMembersOnly) {
  const std::string settings = "/api/v1/programs/" + program_ + "/points-settings";
  std::string cy = Id(Post("/api/v1/programs/" + program_ + "/advocates",
                           {{"email", "cy@engines.example"}, {"first_name", "Cy"}, {"tags", {"Partner", "emea"}}}));
  ASSERT_EQ(Send("PATCH", "/api/v1/advocates/" + ada_, {{"tags", {"partner"}}}).status, 200);
  Move(Refer(ada_, "a1@x.example"), "won");  // 1,300
  Refer(bob_, "b1@x.example");               // 100, not a partner
  Refer(bob_, "b2@x.example");               // 200
  Refer(cy, "c1@x.example");                 // 100

  HttpResponse refused = Send("PATCH", settings, {{"board_groups", {"partner", " PARTNER ", "", "emea"}}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"board_groups[1]", "board_groups[2]"}));
  HttpResponse set = Send("PATCH", settings, {{"board_groups", {"Partner", "emea", "apac"}}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.Json().at("board_groups"), (json::array{"partner", "emea", "apac"})) << "kept as tags are";
  json::value audit = Send("GET", "/api/v1/audit-events?object_id=" + program_).Json();
  EXPECT_EQ(audit.at("data").at(0).at("kind"), "points.settings_changed");

  SignIn(cy);
  json::value everyone = AsAdvocate("GET", "/api/v1/portal/leaderboard").Json();
  EXPECT_EQ(everyone.at("data").as_array().size(), 3u);
  EXPECT_EQ(everyone.at("group"), nullptr);
  EXPECT_EQ(everyone.at("groups"), (json::array{"partner", "emea"})) << "theirs, in the program's order; apac is not";
  json::value partners = AsAdvocate("GET", "/api/v1/portal/leaderboard?group=Partner").Json();
  EXPECT_EQ(partners.at("group"), "partner");
  ASSERT_EQ(partners.at("data").as_array().size(), 2u) << "Bob has no partner tag";
  EXPECT_EQ(partners.at("data").at(0).at("name"), "Ada L.");
  EXPECT_EQ(partners.at("data").at(1).at("name"), "Cy");
  EXPECT_EQ(partners.at("you").at("rank"), 2) << "ranked among the group";
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/leaderboard?group=emea").Json().at("you").at("rank"), 1);

  HttpResponse apac = AsAdvocate("GET", "/api/v1/portal/leaderboard?group=apac");
  ASSERT_EQ(apac.status, 422) << "a group with a board, but not theirs";
  EXPECT_EQ(Fields(apac), (std::vector<std::string>{"group"}));
  EXPECT_NE(apac.body.find("partner, emea"), std::string::npos) << apac.body;
  EXPECT_EQ(Fields(AsAdvocate("GET", "/api/v1/portal/leaderboard?grup=partner")), (std::vector<std::string>{"grup"}));
  HttpResponse hide = AsAdvocate("PUT", "/api/v1/portal/leaderboard?group=apac", json::object{{"named", false}});
  EXPECT_EQ(hide.status, 422) << "refused before anything is saved";
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/leaderboard").Json().at("named"), true);
  HttpResponse hidden = AsAdvocate("PUT", "/api/v1/portal/leaderboard?group=emea", json::object{{"named", false}});
  ASSERT_EQ(hidden.status, 200) << hidden.body;
  EXPECT_EQ(hidden.Json().at("group"), "emea") << "answered with the board asked for";
  EXPECT_EQ(hidden.Json().at("named"), false);

  SignIn(bob_);
  json::value bobs = AsAdvocate("GET", "/api/v1/portal/leaderboard").Json();
  EXPECT_TRUE(bobs.at("groups").as_array().empty());
  HttpResponse not_his = AsAdvocate("GET", "/api/v1/portal/leaderboard?group=partner");
  ASSERT_EQ(not_his.status, 422);
  EXPECT_EQ(not_his.body.find("partner"), std::string::npos) << "no group is named to a non-member: " << not_his.body;
  ASSERT_EQ(Send("PATCH", settings, {{"board_groups", json::array{}}}).status, 200);
  SignIn(cy);
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/leaderboard?group=partner").status, 422) << "the board is gone";
}

TEST_F(PointsTest, SettingsChangeWhatIsEarnedFromThenOnOrTurnPointsOff) {
  const std::string target = "/api/v1/programs/" + program_ + "/points-settings";
  json::value defaults = Send("GET", target).Json();
  EXPECT_EQ(defaults.at("referral_won"), 1000);
  EXPECT_EQ(defaults.at("levels").at(3).at("name"), "Rockstar");
  EXPECT_EQ(Send("PATCH", target, {{"referral_won", 2500}}, server_.KeyFor("viewer")).status, 403);
  HttpResponse bad =
      Send("PATCH", target,
           {{"referral_won", -5},
            {"levels", json::array{{{"name", "Fan"}, {"min_points", 0}}, {{"name", "Pro"}, {"min_points", 0}}}},
            {"badges", json::array{{{"name", "Clicks"}, {"action", "click"}, {"count", 3}}}}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(Fields(bad), (std::vector<std::string>{"referral_won", "levels[1].min_points", "badges[0].action"}));
  HttpResponse changed = Send("PATCH", target, {{"referral_won", 2500}, {"expire_after_days", 365}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(changed.Json().at("expiry_from"), changed.Json().at("updated_at"));
  std::string referral = Refer(ada_, "grace@navy.example");
  Move(referral, "won");
  json::value points = Points(ada_);
  EXPECT_EQ(points.at("lifetime"), 2800);
  EXPECT_TRUE(points.at("next_expiry").is_object());

  ASSERT_EQ(Send("PATCH", target, {{"enabled", false}}).status, 200);
  Refer(bob_, "b1@x.example");
  EXPECT_EQ(Lifetime(bob_), 0) << "nothing is earned while points are off";
  SignIn(bob_);
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/leaderboard").status, 409);
  EXPECT_EQ(AsAdvocate("GET", "/api/v1/portal/points").Json().at("enabled"), false);
}

// Regressions from review: a settings PATCH that changed nothing was written and audited; the
// portal's "named" choice was saved, then refused with 409, when points were off; a leaderboard
// tag was not read as advocates' tags are kept (lower case); a held referral whose customer
// churned earned no points when cleared, while a clear one keeps them.
TEST_F(PointsTest, ReviewFindings) {
  const std::string target = "/api/v1/programs/" + program_ + "/points-settings";
  ASSERT_EQ(Send("PATCH", target, {{"referral_won", 1000}}).status, 200);
  json::value unchanged = Send("GET", target).Json();
  EXPECT_EQ(unchanged.at("updated_by"), nullptr) << "the defaults still apply";
  json::value audit = Send("GET", "/api/v1/audit-events?object_id=" + program_).Json();
  for (const auto& event : audit.at("data").as_array()) EXPECT_NE(event.at("kind"), "points.settings_changed");

  HttpResponse tagged =
      Send("POST", "/api/v1/programs/" + program_ + "/advocates",
           {{"email", "cy@engines.example"}, {"first_name", "Cy"}, {"tags", json::array{"EMEA", "Big Fish"}}});
  std::string cy = Id(tagged);
  Refer(cy, "c1@x.example");
  json::value board = Send("GET", "/api/v1/leaderboards?program_id=" + program_ + "&tag=EMEA").Json();
  ASSERT_EQ(board.at("data").as_array().size(), 1u);
  EXPECT_EQ(board.at("data").at(0).at("advocate_id"), cy.c_str());
  EXPECT_EQ(board.at("tag"), "emea");

  std::string self = Refer(ada_, "ada@engines.example");  // held for review
  ASSERT_EQ(Move(self, "won").status, 200);
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + self + "/churn", {{"note", "Left after a month."}}).status, 200);
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + self + "/clear", {{"note", "Her second company."}}).status, 200);
  EXPECT_EQ(Lifetime(ada_), 1300) << "points for the stages reached; no reward for a churned customer";

  Refer(bob_, "b9@x.example");
  ASSERT_EQ(Send("PATCH", target, {{"enabled", false}}).status, 200);
  SignIn(bob_);
  EXPECT_EQ(AsAdvocate("PUT", "/api/v1/portal/leaderboard", json::object{{"named", false}}).status, 409);
  ASSERT_EQ(Send("PATCH", target, {{"enabled", true}}).status, 200);
  json::value staff = Send("GET", "/api/v1/leaderboards?program_id=" + program_).Json();
  bool bob_seen = false;
  for (const auto& row : staff.at("data").as_array()) {
    if (row.at("advocate_id") != bob_.c_str()) continue;
    bob_seen = true;
    EXPECT_EQ(row.at("hidden"), false) << "nothing was saved";
  }
  EXPECT_TRUE(bob_seen);
}

TEST_F(PointsTest, ManyRequestsMovingOneReferralAtOnceEarnOnce) {
  std::string referral = Refer(ada_, "grace@navy.example");
  std::vector<std::thread> threads;
  std::vector<int> statuses(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client = server_.Client();
      statuses[i] = client
                        .Send("POST", "/api/v1/referrals/" + referral + "/stage", Bearer(server_.admin_key),
                              json::serialize(json::object{{"stage", "won"}, {"deal_value_minor", 10'000}}))
                        .status;
    });
  }
  for (auto& thread : threads) thread.join();
  for (int status : statuses) EXPECT_EQ(status, 200);
  EXPECT_EQ(Lifetime(ada_), 1300);
  EXPECT_EQ(Entries(ada_).size(), 3u);
}

TEST_F(PointsTest, TheSameEventOnTwoServersSharingADatabaseEarnsOnce) {
  std::string referral = Refer(ada_, "grace@navy.example");
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
  // A won event replayed by both servers at once (a CRM's webhook retried to each): every
  // transaction tries the three entries; the keys let one of each through, whoever commits first.
  std::vector<std::thread> threads;
  std::atomic<int> written = 0;
  for (int i = 0; i < 6; ++i) {
    TestServer& s = i % 2 == 0 ? server_ : other;
    threads.emplace_back([&, i, referral_row = found(s)] {
      service::PointsLedger ledger(s.services->ids);
      Status status = s.store->Write([&](store::Tx& tx) -> Status {
        BB_ASSIGN_OR_RETURN(auto entries,
                            ledger.GrantForStages(tx, referral_row,
                                                  {domain::ReferralStage::kSubmitted, domain::ReferralStage::kQualified,
                                                   domain::ReferralStage::kWon},
                                                  s.clock.Now()));
        written += static_cast<int>(entries.size());
        return Ok();
      });
      EXPECT_TRUE(status.ok()) << i << ": " << status.error().message();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(written.load(), 2) << "qualified and won, once each; submitted was counted at submission";
  EXPECT_EQ(Lifetime(ada_), 1300);
  EXPECT_EQ(Entries(ada_).size(), 3u);
}

}  // namespace
}  // namespace bb::testing

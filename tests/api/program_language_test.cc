// A program's language settings through the API (issue 17, part 5): every sentence Bluebird writes
// to advocates listed with its default and placeholders; a program's own wording and language
// refused field by field and audited; and the wording in effect where advocates read it — the
// portal's words (GET /api/v1/portal/me), what a reward was for, a points entry, why an item
// cannot be redeemed, what a rating asks about — and the default again once restored.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

class ProgramLanguageTest : public ::testing::Test {
 protected:
  ProgramLanguageTest() : client_(server_.Client()) {
    program_ = Id(Send("POST", "/api/v1/programs",
                       {{"name", "Sprache"}, {"kind", "customer"}, {"landing_url", "https://s.example/"}}));
    Send("POST", "/api/v1/programs/" + program_ + "/reward-rules",
         {{"name", "Won"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 2500}}}});
    ada_ = Id(Send("POST", "/api/v1/programs/" + program_ + "/advocates",
                   {{"email", "ada@adv.example"}, {"first_name", "Ada"}}));
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::object& body = {},
                    const std::string& key = "") {
    return client_.Send(method, target, Bearer(key.empty() ? server_.admin_key : key),
                        body.empty() ? "" : json::serialize(body));
  }
  static std::string Id(const HttpResponse& response) {
    EXPECT_LT(response.status, 300) << response.body;
    return response.status < 300 ? std::string(response.Json().at("id").as_string()) : "";
  }
  std::string Path() const { return "/api/v1/programs/" + program_ + "/language"; }
  json::value Message(const json::value& settings, const std::string& key) {
    for (const auto& m : settings.at("messages").as_array()) {
      if (m.at("key") == json::value(key)) return m;
    }
    ADD_FAILURE() << "no message " << key;
    return nullptr;
  }
  static std::vector<std::string> Fields(const HttpResponse& response) {
    std::vector<std::string> fields;
    json::value body = response.Json();
    for (const auto& e : body.at("errors").as_array()) fields.emplace_back(e.at("field").as_string());
    return fields;
  }
  // A portal session of Ada's: the cookie and CSRF headers.
  std::vector<std::pair<std::string, std::string>> AdaSession() {
    HttpResponse link = Send("POST", "/api/v1/advocates/" + ada_ + "/sign-in-links");
    HttpResponse response = client_.Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
                                         json::serialize(json::object{{"token", link.Json().at("token")}}));
    EXPECT_EQ(response.status, 200) << response.body;
    return {{"Cookie", "bb_portal=" + CookieValue(*SetCookie(response, "bb_portal"))},
            {"X-CSRF-Token", std::string(response.Json().at("csrf_token").as_string())}};
  }

  TestServer server_;
  HttpClient client_;
  std::string program_, ada_;
};

TEST_F(ProgramLanguageTest, EverySentenceIsListedWithItsDefaultUntilTheProgramRewordsIt) {
  HttpResponse read = Send("GET", Path(), {}, server_.KeyFor("viewer"));
  ASSERT_EQ(read.status, 200) << read.body;
  json::value settings = read.Json();
  EXPECT_EQ(settings.at("language"), "en");
  EXPECT_GT(settings.at("messages").as_array().size(), 40u);
  for (const auto& m : settings.at("messages").as_array()) {
    EXPECT_EQ(m.at("text"), m.at("default")) << m;
    EXPECT_EQ(m.at("custom"), false);
  }
  json::value won = Message(settings, "reward.won");
  EXPECT_EQ(won.at("default"), "{{referee}} became a customer");
  EXPECT_EQ(won.at("placeholders"), (json::array{"referee"}));
  EXPECT_EQ(Send("GET", "/api/v1/programs/prg_nothing/language").status, 404);
}

TEST_F(ProgramLanguageTest, AProgramsWordingIsRefusedFieldByFieldAndAudited) {
  HttpResponse bad = Send("PUT", Path(),
                          {{"language", "english!"},
                           {"messages",
                            {{"nope", "x"},
                             {"reward.won", "{{amount}} for {{referee}}"},
                             {"stage.won", "two\nlines"},
                             {"stage.lost", std::string(201, 'x')}}}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(Fields(bad), (std::vector<std::string>{"language", "messages.nope", "messages.reward.won",
                                                   "messages.stage.won", "messages.stage.lost"}));
  HttpResponse typed = Send("PUT", Path(), {{"messages", {{"stage.won", 5}}}});
  ASSERT_EQ(typed.status, 422);
  EXPECT_EQ(Fields(typed), (std::vector<std::string>{"messages.stage.won"}));
  EXPECT_EQ(Send("PUT", Path(), {{"language", "de"}}, server_.KeyFor("viewer")).status, 403);
  EXPECT_EQ(Send("GET", Path()).Json().at("language"), "en") << "nothing changed";

  HttpResponse put = Send(
      "PUT", Path(),
      {{"language", "de-CH"}, {"messages", {{"reward.won", "{{referee}} ist jetzt Kunde"}, {"stage.won", "Kunde"}}}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.Json().at("language"), "de-CH");
  EXPECT_EQ(Message(put.Json(), "reward.won").at("custom"), true);
  EXPECT_EQ(Message(put.Json(), "reward.won").at("text"), "{{referee}} ist jetzt Kunde");
  json::value audit =
      Send("GET", "/api/v1/audit-events?object_id=" + program_ + "&kind=program.language_changed").Json();
  ASSERT_EQ(audit.at("data").as_array().size(), 1u);
  json::value changes = audit.at("data").at(0).at("changes");
  EXPECT_EQ(changes.at("language").at("to"), "de-CH");
  EXPECT_EQ(changes.at("messages.stage.won").at("from"), nullptr);
  EXPECT_EQ(changes.at("messages.stage.won").at("to"), "Kunde");

  ASSERT_EQ(Send("PUT", Path(), {{"messages", {{"stage.won", "Kunde"}}}}).status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/audit-events?object_id=" + program_ + "&kind=program.language_changed")
                .Json()
                .at("data")
                .as_array()
                .size(),
            1u)
      << "a change that changes nothing writes nothing";
  HttpResponse restored = Send("PUT", Path(), {{"messages", {{"stage.won", nullptr}, {"reward.won", ""}}}});
  ASSERT_EQ(restored.status, 200);
  EXPECT_EQ(Message(restored.Json(), "stage.won").at("text"), "Became a customer");
  EXPECT_EQ(Message(restored.Json(), "reward.won").at("custom"), false);

  ASSERT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/archive").status, 200);
  EXPECT_EQ(Send("PUT", Path(), {{"language", "fr"}}).status, 409);
}

TEST_F(ProgramLanguageTest, AdvocatesReadTheProgramsWordingWhereverBluebirdWritesToThem) {
  ASSERT_EQ(Send("PUT", Path(),
                 {{"language", "de"},
                  {"messages",
                   {{"reward.won", "{{referee}} ist jetzt Kunde"},
                    {"stage.won", "Kunde geworden"},
                    {"points.added", "Vom Team geschenkt"},
                    {"catalog.points", "Es fehlen {{points}} Punkte"},
                    {"rating.reward_paid", "Ihre Belohnung von {{amount}} wurde ausgezahlt"}}}})
                .status,
            200);
  std::string referral = Id(Send(
      "POST", "/api/v1/referrals",
      {{"advocate_id", ada_},
       {"referee",
        {{"email", "grace@navy.example"}, {"first_name", "Grace"}, {"last_name", "Hopper"}, {"company", "Navy"}}}}));
  ASSERT_EQ(
      Send("POST", "/api/v1/referrals/" + referral + "/stage", {{"stage", "won"}, {"deal_value_minor", 100000}}).status,
      200);
  std::string reward(
      Send("GET", "/api/v1/rewards?referral_id=" + referral).Json().at("data").at(0).at("id").as_string());
  ASSERT_EQ(Send("POST", "/api/v1/rewards/" + reward + "/approve").status, 200);
  ASSERT_EQ(Send("POST", "/api/v1/rewards/" + reward + "/fulfill", {{"reference", "PAY-1"}}).status, 200);
  ASSERT_EQ(
      Send("POST", "/api/v1/advocates/" + ada_ + "/points/adjustments", {{"points", 100}, {"note", "Danke"}}).status,
      201);
  Send("POST", "/api/v1/programs/" + program_ + "/catalog-items", {{"name", "Tasse"}, {"cost_points", 1'000'000}});

  auto session = AdaSession();
  auto get = [&](const std::string& target) {
    HttpResponse response = client_.Send("GET", target, session);
    EXPECT_EQ(response.status, 200) << target << "\n" << response.body;
    return response.Json();
  };
  json::value me = get("/api/v1/portal/me");
  EXPECT_EQ(me.at("language"), "de");
  EXPECT_EQ(me.at("messages").at("stage.won"), "Kunde geworden");
  EXPECT_EQ(me.at("messages").at("stage.lost"), "Did not go ahead") << "what it left alone is the default";
  EXPECT_EQ(get("/api/v1/portal/rewards").at("data").at(0).at("description"), "Grace Hopper at Navy ist jetzt Kunde");
  std::vector<std::string> entries;
  json::value points = get("/api/v1/portal/points/entries");
  for (const auto& e : points.at("data").as_array()) entries.emplace_back(e.at("description").as_string());
  EXPECT_NE(std::find(entries.begin(), entries.end(), "Vom Team geschenkt: Danke"), entries.end())
      << json::serialize(json::value_from(entries));
  std::string why_not(get("/api/v1/portal/catalog").at("items").at(0).at("why_not").as_string());
  EXPECT_TRUE(why_not.starts_with("Es fehlen 99") && why_not.ends_with(" Punkte")) << why_not;
  std::vector<std::string> subjects;
  json::value ratings = get("/api/v1/portal/ratings");
  for (const auto& r : ratings.at("data").as_array()) subjects.emplace_back(r.at("subject").as_string());
  EXPECT_NE(std::find(subjects.begin(), subjects.end(), "Ihre Belohnung von USD 25.00 wurde ausgezahlt"),
            subjects.end())
      << json::serialize(json::value_from(subjects));

  ASSERT_EQ(Send("PUT", Path(), {{"messages", {{"reward.won", nullptr}}}}).status, 200);
  EXPECT_EQ(get("/api/v1/portal/rewards").at("data").at(0).at("description"), "Grace Hopper at Navy became a customer");
}

}  // namespace
}  // namespace bb::testing

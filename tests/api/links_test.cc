// The tracked link GET /r/{code}: where it sends the visitor, which cookies it sets, and which clicks
// it records (checked through GET /api/v1/programs/{id}/stats).

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "domain/click.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr char kHuman[] = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";
constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
constexpr std::int64_t kSecondsPerDay = 86400;

// A visitor id as the server issues it: at least 128 bits written in a cookie-safe alphabet, and
// one the server accepts back (domain::IsWellFormedVisitorId).
bool IsVisitorId(const std::string& text) {
  if (text.size() < 22) return false;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return domain::IsWellFormedVisitorId(text);
}

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

struct Enrolled {
  std::string id;
  std::string code;
  std::string link;
};

class LinksTest : public ::testing::Test {
 protected:
  LinksTest() : LinksTest(TestServer::DefaultOptions()) {}
  explicit LinksTest(TestServerOptions options) : server_(std::move(options)), client_(server_.Client()) {}

  HttpResponse Api(const std::string& method, const std::string& target, const std::string& body = "") {
    return client_.Send(method, target, Bearer(server_.admin_key), body);
  }

  std::string CreateProgram(const std::string& name, const std::string& landing_url, int window_days = 180) {
    json::object body{
        {"name", name}, {"kind", "customer"}, {"landing_url", landing_url}, {"attribution_window_days", window_days}};
    HttpResponse response = Api("POST", "/api/v1/programs", json::serialize(body));
    EXPECT_EQ(response.status, 201) << response.body;
    return std::string(response.Json().at("id").as_string());
  }

  Enrolled Enroll(const std::string& program_id, const std::string& email) {
    json::object body{{"email", email}, {"first_name", "Ada"}};
    HttpResponse response = Api("POST", "/api/v1/programs/" + program_id + "/advocates", json::serialize(body));
    EXPECT_EQ(response.status, 201) << response.body;
    json::value parsed = response.Json();
    const json::object& advocate = parsed.as_object();
    return {std::string(advocate.at("id").as_string()), std::string(advocate.at("code").as_string()),
            std::string(advocate.at("link").as_string())};
  }

  // Follows a link as a browser would; `user_agent` empty sends no User-Agent header.
  HttpResponse Follow(const std::string& target, const std::string& user_agent = kHuman, Headers extra = {}) {
    if (!user_agent.empty()) extra.emplace_back("User-Agent", user_agent);
    return client_.Send("GET", target, extra);
  }

  json::object Stats(const std::string& program_id, const std::string& query = "") {
    HttpResponse response = Api("GET", "/api/v1/programs/" + program_id + "/stats" + query);
    EXPECT_EQ(response.status, 200) << response.body;
    json::value body = response.Json();
    return body.is_object() ? body.as_object() : json::object();
  }

  static std::int64_t Count(const json::object& stats, const std::string& field) {
    return stats.at(field).to_number<std::int64_t>();
  }

  TestServer server_;
  HttpClient client_;
};

TEST_F(LinksTest, RedirectCarriesTheCodeAndSetsTheCookies) {
  std::string program = CreateProgram("Cookies", "https://acme.example/refer?src=bb&bb_ref=OLD#form", 90);
  Enrolled advocate = Enroll(program, "ada@example.com");

  HttpResponse response = Follow("/r/" + advocate.code);
  EXPECT_EQ(response.status, 302) << response.body;
  EXPECT_EQ(response.Header("location"), "https://acme.example/refer?src=bb&bb_ref=" + advocate.code + "#form");
  EXPECT_EQ(response.Header("cache-control"), "no-store");
  EXPECT_EQ(response.Headers("set-cookie").size(), 2u);

  auto visitor = SetCookie(response, "bb_vid");
  ASSERT_TRUE(visitor.has_value());
  std::string visitor_id = CookieValue(*visitor);
  EXPECT_TRUE(IsVisitorId(visitor_id)) << *visitor;
  EXPECT_TRUE(HasAttribute(*visitor, "HttpOnly")) << *visitor;
  EXPECT_TRUE(HasAttribute(*visitor, "SameSite=Lax")) << *visitor;
  EXPECT_TRUE(HasAttribute(*visitor, "Path=/")) << *visitor;
  EXPECT_TRUE(HasAttribute(*visitor, "Max-Age=" + std::to_string(730 * kSecondsPerDay))) << *visitor;
  EXPECT_FALSE(HasAttribute(*visitor, "Secure")) << "the public base URL is http";

  auto referral = SetCookie(response, "bb_ref");
  ASSERT_TRUE(referral.has_value());
  EXPECT_EQ(CookieValue(*referral), advocate.code);
  EXPECT_TRUE(HasAttribute(*referral, "Max-Age=" + std::to_string(90 * kSecondsPerDay))) << *referral;
  EXPECT_TRUE(HasAttribute(*referral, "HttpOnly")) << *referral;
  EXPECT_TRUE(HasAttribute(*referral, "SameSite=Lax")) << *referral;
  EXPECT_TRUE(HasAttribute(*referral, "Path=/")) << *referral;

  json::object stats = Stats(program);
  EXPECT_EQ(Count(stats, "clicks"), 1);
  EXPECT_EQ(Count(stats, "unique_visitors"), 1);
  EXPECT_EQ(Count(stats, "bot_clicks"), 0);
}

TEST_F(LinksTest, TheReferralCookieLivesAsLongAsTheAttributionWindow) {
  for (int days : {1, 30, 365, 730}) {
    std::string days_text = std::to_string(days);
    std::string program = CreateProgram(std::string("Window ").append(days_text), "https://acme.example/", days);
    Enrolled advocate = Enroll(program, std::string("w").append(days_text).append("@example.com"));
    HttpResponse response = Follow("/r/" + advocate.code);
    ASSERT_EQ(response.status, 302);
    auto referral = SetCookie(response, "bb_ref");
    ASSERT_TRUE(referral.has_value());
    EXPECT_TRUE(HasAttribute(*referral, "Max-Age=" + std::to_string(days * kSecondsPerDay))) << *referral;
  }
}

TEST_F(LinksTest, TheCodeIsAddedToEveryShapeOfLandingUrl) {
  std::string program = CreateProgram("Shapes", "https://acme.example/start");
  Enrolled advocate = Enroll(program, "shapes@example.com");
  const std::string& code = advocate.code;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"https://acme.example/start", "https://acme.example/start?bb_ref=" + code},
      {"https://acme.example/", "https://acme.example/?bb_ref=" + code},
      {"https://acme.example/p?a=1&b=2", "https://acme.example/p?a=1&b=2&bb_ref=" + code},
      {"https://acme.example/p?bb_ref=OLD", "https://acme.example/p?bb_ref=" + code},
      {"https://acme.example/p?a=1&bb_ref=OLD&b=2", "https://acme.example/p?a=1&b=2&bb_ref=" + code},
      {"https://acme.example/p?bb_ref", "https://acme.example/p?bb_ref=" + code},
      {"https://acme.example/p?bb_refx=1", "https://acme.example/p?bb_refx=1&bb_ref=" + code},
      {"https://acme.example/p#top", "https://acme.example/p?bb_ref=" + code + "#top"},
      {"https://acme.example/p?a=1#x?y=2", "https://acme.example/p?a=1&bb_ref=" + code + "#x?y=2"},
      {"http://localhost:8080/join", "http://localhost:8080/join?bb_ref=" + code},
  };
  for (const auto& [landing, expected] : cases) {
    SCOPED_TRACE(landing);
    HttpResponse patched =
        Api("PATCH", "/api/v1/programs/" + program, json::serialize(json::object{{"landing_url", landing}}));
    ASSERT_EQ(patched.status, 200) << patched.body;
    HttpResponse response = Follow("/r/" + code);
    EXPECT_EQ(response.status, 302);
    EXPECT_EQ(response.Header("location"), expected);
  }
}

TEST_F(LinksTest, CodesAreSevenCharactersFromTheAlphabetAndLinksPointAtThem) {
  std::string program = CreateProgram("Codes", "https://acme.example/");
  std::set<std::string> codes;
  for (int i = 0; i < 40; ++i) {
    Enrolled advocate = Enroll(program, "code" + std::to_string(i) + "@example.com");
    EXPECT_EQ(advocate.code.size(), 7u) << advocate.code;
    for (char c : advocate.code) EXPECT_NE(kCodeAlphabet.find(c), std::string_view::npos) << advocate.code;
    EXPECT_EQ(advocate.link, "http://links.test/r/" + advocate.code);
    codes.insert(advocate.code);
  }
  EXPECT_EQ(codes.size(), 40u) << "codes must be unique";
}

TEST_F(LinksTest, AReturningVisitorKeepsTheirVisitorId) {
  std::string program = CreateProgram("Visitors", "https://acme.example/");
  Enrolled first = Enroll(program, "first@example.com");
  Enrolled second = Enroll(program, "second@example.com");

  HttpResponse initial = Follow("/r/" + first.code);
  ASSERT_EQ(initial.status, 302);
  auto visitor = SetCookie(initial, "bb_vid");
  ASSERT_TRUE(visitor.has_value());
  std::string visitor_id = CookieValue(*visitor);

  Headers cookie{{"Cookie", "bb_vid=" + visitor_id + "; other=1"}};
  for (const std::string& code : {first.code, second.code, first.code}) {
    HttpResponse again = Follow("/r/" + code, kHuman, cookie);
    EXPECT_EQ(again.status, 302);
    EXPECT_FALSE(SetCookie(again, "bb_vid").has_value()) << "a known visitor gets no new visitor cookie";
    auto referral = SetCookie(again, "bb_ref");
    ASSERT_TRUE(referral.has_value());
    EXPECT_EQ(CookieValue(*referral), code) << "the latest link's code is the one remembered";
  }
  json::object stats = Stats(program);
  EXPECT_EQ(Count(stats, "clicks"), 4);
  EXPECT_EQ(Count(stats, "unique_visitors"), 1) << "every click used the cookie's visitor id";

  HttpResponse stranger = Follow("/r/" + first.code);
  ASSERT_TRUE(SetCookie(stranger, "bb_vid").has_value());
  EXPECT_NE(CookieValue(*SetCookie(stranger, "bb_vid")), visitor_id);
  EXPECT_EQ(Count(Stats(program), "unique_visitors"), 2);
}

TEST_F(LinksTest, AMalformedVisitorCookieIsReplaced) {
  std::string program = CreateProgram("Bad cookies", "https://acme.example/");
  Enrolled advocate = Enroll(program, "ada@example.com");
  for (std::string bad : {"short", "!!!!!!!!!!!!!!!!!!!!!!", "AAAAAAAAAAAAAAAAAAAAAAA", ""}) {
    SCOPED_TRACE(bad);
    HttpResponse response = Follow("/r/" + advocate.code, kHuman, {{"Cookie", "bb_vid=" + bad}});
    EXPECT_EQ(response.status, 302);
    auto visitor = SetCookie(response, "bb_vid");
    ASSERT_TRUE(visitor.has_value());
    EXPECT_TRUE(IsVisitorId(CookieValue(*visitor))) << *visitor;
    EXPECT_NE(CookieValue(*visitor), bad);
  }
  EXPECT_EQ(Count(Stats(program), "unique_visitors"), 4);
}

TEST_F(LinksTest, CodesAreCaseInsensitive) {
  std::string program = CreateProgram("Case", "https://acme.example/");
  Enrolled advocate = Enroll(program, "ada@example.com");
  std::string lower = Lower(advocate.code);
  ASSERT_NE(lower, advocate.code) << "codes contain letters";

  HttpResponse response = Follow("/r/" + lower);
  EXPECT_EQ(response.status, 302);
  EXPECT_EQ(response.Header("location"), "https://acme.example/?bb_ref=" + advocate.code);
  auto referral = SetCookie(response, "bb_ref");
  ASSERT_TRUE(referral.has_value());
  EXPECT_EQ(CookieValue(*referral), advocate.code) << "the cookie carries the canonical code";

  std::string hyphenated = advocate.code.substr(0, 3) + "-" + advocate.code.substr(3);
  HttpResponse typed = Follow("/r/" + hyphenated);
  EXPECT_EQ(typed.status, 302);
  EXPECT_EQ(typed.Header("location"), "https://acme.example/?bb_ref=" + advocate.code);
  EXPECT_EQ(Count(Stats(program), "clicks"), 2);
}

TEST_F(LinksTest, AnUnknownCodeIsAFriendly404Page) {
  std::string program = CreateProgram("Unknown", "https://acme.example/");
  Enrolled advocate = Enroll(program, "ada@example.com");
  std::string unknown = advocate.code == "2222222" ? "3333333" : "2222222";
  for (const std::string& target :
       {"/r/" + unknown, std::string("/r/ABC"), std::string("/r/0OIL1AB"), std::string("/r/%21%21%21")}) {
    SCOPED_TRACE(target);
    HttpResponse response = Follow(target);
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(response.Header("content-type").rfind("text/html", 0), 0u) << response.Header("content-type");
    EXPECT_NE(response.body.find("<html"), std::string::npos);
    EXPECT_TRUE(response.Headers("set-cookie").empty());
    EXPECT_TRUE(response.Header("location").empty());
  }
  EXPECT_EQ(Count(Stats(program), "clicks"), 0);
}

TEST_F(LinksTest, APausedProgramRedirectsPlainlyAndCountsNothing) {
  std::string program = CreateProgram("Paused", "https://acme.example/paused?x=1");
  Enrolled advocate = Enroll(program, "ada@example.com");
  ASSERT_EQ(Api("POST", "/api/v1/programs/" + program + "/pause").status, 200);

  HttpResponse response = Follow("/r/" + advocate.code);
  EXPECT_EQ(response.status, 302);
  EXPECT_EQ(response.Header("location"), "https://acme.example/paused?x=1");
  EXPECT_TRUE(response.Headers("set-cookie").empty());
  json::object stats = Stats(program);
  EXPECT_EQ(Count(stats, "clicks"), 0);
  EXPECT_EQ(Count(stats, "bot_clicks"), 0);
  EXPECT_EQ(Count(stats, "unique_visitors"), 0);

  ASSERT_EQ(Api("POST", "/api/v1/programs/" + program + "/resume").status, 200);
  HttpResponse resumed = Follow("/r/" + advocate.code);
  EXPECT_EQ(resumed.Header("location"), "https://acme.example/paused?x=1&bb_ref=" + advocate.code);
  EXPECT_TRUE(SetCookie(resumed, "bb_ref").has_value());
  EXPECT_EQ(Count(Stats(program), "clicks"), 1);
}

TEST_F(LinksTest, AnArchivedProgramIsGone) {
  std::string program = CreateProgram("Archived", "https://acme.example/");
  Enrolled advocate = Enroll(program, "ada@example.com");
  ASSERT_EQ(Api("POST", "/api/v1/programs/" + program + "/archive").status, 200);

  HttpResponse response = Follow("/r/" + advocate.code);
  EXPECT_EQ(response.status, 410);
  EXPECT_EQ(response.Header("content-type").rfind("text/html", 0), 0u);
  EXPECT_TRUE(response.Headers("set-cookie").empty());
  EXPECT_TRUE(response.Header("location").empty());
  EXPECT_EQ(Count(Stats(program), "clicks"), 0);
}

TEST_F(LinksTest, ADeactivatedAdvocatesLinkRedirectsPlainly) {
  std::string program = CreateProgram("Deactivated", "https://acme.example/d");
  Enrolled gone = Enroll(program, "gone@example.com");
  Enrolled active = Enroll(program, "active@example.com");
  ASSERT_EQ(Api("POST", "/api/v1/advocates/" + gone.id + "/deactivate").status, 200);

  HttpResponse response = Follow("/r/" + gone.code);
  EXPECT_EQ(response.status, 302);
  EXPECT_EQ(response.Header("location"), "https://acme.example/d");
  EXPECT_TRUE(response.Headers("set-cookie").empty());

  HttpResponse other = Follow("/r/" + active.code);
  EXPECT_EQ(other.Header("location"), "https://acme.example/d?bb_ref=" + active.code);

  json::object stats = Stats(program);
  EXPECT_EQ(Count(stats, "clicks"), 1);
  EXPECT_EQ(Count(stats, "advocates"), 2);
  EXPECT_EQ(Count(stats, "active_advocates"), 1);
}

TEST_F(LinksTest, BotsAreCountedApartFromPeople) {
  std::string program = CreateProgram("Bots", "https://acme.example/");
  Enrolled advocate = Enroll(program, "ada@example.com");
  const std::vector<std::string> bots = {
      "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
      "Twitterbot/1.0",
      "WhatsApp/2.23.20.0",
      "curl/8.5.0",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "",  // no User-Agent at all
  };
  for (const auto& agent : bots) {
    SCOPED_TRACE(agent);
    HttpResponse response = Follow("/r/" + advocate.code + "?c=linkedin", agent);
    EXPECT_EQ(response.status, 302) << "bots are still redirected";
    EXPECT_EQ(response.Header("location"), "https://acme.example/?bb_ref=" + advocate.code);
  }
  json::object stats = Stats(program);
  EXPECT_EQ(Count(stats, "bot_clicks"), static_cast<std::int64_t>(bots.size()));
  EXPECT_EQ(Count(stats, "clicks"), 0);
  EXPECT_EQ(Count(stats, "unique_visitors"), 0);
  EXPECT_TRUE(stats.at("clicks_by_channel").as_object().empty()) << json::serialize(stats);

  Follow("/r/" + advocate.code + "?c=linkedin");
  stats = Stats(program);
  EXPECT_EQ(Count(stats, "clicks"), 1);
  EXPECT_EQ(Count(stats, "bot_clicks"), static_cast<std::int64_t>(bots.size()));
  EXPECT_EQ(stats.at("clicks_by_channel"), (json::object{{"linkedin", 1}}));
}

TEST_F(LinksTest, ChannelsAreCounted) {
  std::string program = CreateProgram("Channels", "https://acme.example/");
  Enrolled advocate = Enroll(program, "ada@example.com");
  const std::vector<std::string> queries = {"?c=linkedin",
                                            "?c=linkedin",
                                            "?c=LinkedIn",
                                            "?c=email",
                                            "",
                                            "?c=",
                                            "?c=a%20b",
                                            "?c=" + std::string(33, 'x'),
                                            "?c=partner_newsletter-2"};
  for (const std::string& query : queries) {
    HttpResponse response = Follow("/r/" + advocate.code + query);
    EXPECT_EQ(response.status, 302) << query;
    EXPECT_EQ(response.Header("location"), "https://acme.example/?bb_ref=" + advocate.code)
        << "the channel is not passed on: " << query;
  }
  json::object stats = Stats(program);
  EXPECT_EQ(Count(stats, "clicks"), 9);
  EXPECT_EQ(stats.at("clicks_by_channel"),
            (json::object{{"linkedin", 3}, {"direct", 2}, {"other", 2}, {"email", 1}, {"partner_newsletter-2", 1}}))
      << json::serialize(stats);
}

// Regression: a landing-form referral was recorded as channel "direct" whatever link brought the
// visitor, so the dashboard's conversion by channel showed every click's channel converting to
// nothing and "direct" converting everything.
TEST_F(LinksTest, ALandingFormReferralTakesTheChannelOfTheLinkItCameThrough) {
  std::string program = CreateProgram("Channels", "https://channels.example/");
  Enrolled bob = Enroll(program, "bob@channels.example");
  Enrolled ada = Enroll(program, "ada@channels.example");
  HttpResponse first = Follow("/r/" + bob.code + "?c=email");
  std::string visitor = CookieValue(*SetCookie(first, "bb_vid"));
  Headers as_visitor{{"Cookie", "bb_vid=" + visitor}};
  Follow("/r/" + ada.code + "?c=linkedin", kHuman, as_visitor);
  std::string slug(Api("GET", "/api/v1/programs/" + program).Json().at("slug").as_string());
  // Sends the landing form as the visitor; answers the referral as staff see it.
  auto submit = [&](const json::object& body) {
    Headers headers = as_visitor;
    headers.emplace_back("Content-Type", "application/json");
    HttpResponse sent =
        client_.Send("POST", "/api/v1/public/programs/" + slug + "/referrals", headers, json::serialize(body));
    EXPECT_EQ(sent.status, 201) << sent.body;
    return Api("GET", "/api/v1/referrals/" + std::string(sent.Json().at("id").as_string())).Json();
  };

  json::value referral = submit({{"referee", {{"email", "grace@hopper.example"}, {"first_name", "Grace"}}}});
  EXPECT_EQ(referral.at("advocate_id"), json::value(ada.id)) << "the last link followed is credited";
  EXPECT_EQ(referral.at("first_touch_code"), json::value(bob.code));
  EXPECT_EQ(referral.at("channel"), json::value("linkedin")) << "the channel of Ada's link, not Bob's, not direct";

  json::value typed =
      submit({{"referee", {{"email", "annie@easley.example"}, {"first_name", "Annie"}}}, {"channel", "event"}});
  EXPECT_EQ(typed.at("channel"), json::value("event")) << "a channel sent with the form stays";

  json::value by_code =
      submit({{"referee", {{"email", "kate@johnson.example"}, {"first_name", "Kate"}}}, {"code", bob.code}});
  EXPECT_EQ(by_code.at("channel"), json::value("email"))
      << "a typed code takes the channel of the visitor's click on that code";
}

TEST_F(LinksTest, StatsCoverARangeOfTime) {
  std::string program = CreateProgram("Range", "https://acme.example/");
  Enrolled advocate = Enroll(program, "ada@example.com");
  Follow("/r/" + advocate.code + "?c=email");  // 2026-03-01T12:00:00Z
  Follow("/r/" + advocate.code, "Slackbot 1.0");
  server_.clock.Advance(std::chrono::hours(24));
  Follow("/r/" + advocate.code + "?c=sms");  // 2026-03-02T12:00:00Z
  Follow("/r/" + advocate.code + "?c=sms");

  json::object all = Stats(program);
  EXPECT_EQ(all.at("program_id"), json::value(program));
  EXPECT_EQ(Count(all, "clicks"), 3);
  EXPECT_EQ(Count(all, "bot_clicks"), 1);
  EXPECT_TRUE(all.at("from").is_null());
  EXPECT_TRUE(all.at("to").is_null());

  json::object second_day = Stats(program, "?from=2026-03-02");
  EXPECT_EQ(Count(second_day, "clicks"), 2);
  EXPECT_EQ(Count(second_day, "bot_clicks"), 0);
  EXPECT_EQ(second_day.at("clicks_by_channel"), (json::object{{"sms", 2}}));
  EXPECT_EQ(second_day.at("from"), json::value("2026-03-02T00:00:00.000000Z"));
  EXPECT_EQ(Count(second_day, "advocates"), 1) << "advocate counts ignore the range";

  json::object first_day = Stats(program, "?to=2026-03-02");
  EXPECT_EQ(Count(first_day, "clicks"), 1);
  EXPECT_EQ(Count(first_day, "bot_clicks"), 1);
  EXPECT_EQ(first_day.at("clicks_by_channel"), (json::object{{"email", 1}}));
  EXPECT_EQ(first_day.at("to"), json::value("2026-03-02T00:00:00.000000Z"));

  json::object instant = Stats(program, "?from=2026-03-01T12:00:00Z&to=2026-03-01T12:00:00.000001Z");
  EXPECT_EQ(Count(instant, "clicks"), 1) << "from is inclusive";
  json::object before = Stats(program, "?from=2026-03-01T11:00:00Z&to=2026-03-01T12:00:00Z");
  EXPECT_EQ(Count(before, "clicks"), 0) << "to is exclusive";
  json::object offset = Stats(program, "?from=2026-03-02T13:00:00%2B01:00");
  EXPECT_EQ(Count(offset, "clicks"), 2) << "offsets are understood";
}

TEST_F(LinksTest, StatsRefuseBadRanges) {
  std::string program = CreateProgram("Bad ranges", "https://acme.example/");
  struct Case {
    std::string query;
    std::string field;
  };
  for (const Case& c :
       {Case{"?from=yesterday", "from"}, Case{"?to=2026-02-30", "to"}, Case{"?from=2026-03-02&to=2026-03-01", "to"}}) {
    SCOPED_TRACE(c.query);
    HttpResponse response = Api("GET", "/api/v1/programs/" + program + "/stats" + c.query);
    EXPECT_EQ(response.status, 422);
    json::value body = response.Json();
    const json::array& errors = body.at("errors").as_array();
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].at("field"), json::value(c.field));
  }
  EXPECT_EQ(Api("GET", "/api/v1/programs/prg_00000000000000000000000000/stats").status, 404);
}

TEST_F(LinksTest, ClicksCountOnlyForTheirProgram) {
  std::string first = CreateProgram("First", "https://first.example/");
  std::string second = CreateProgram("Second", "https://second.example/");
  Enrolled a = Enroll(first, "same@example.com");
  Enrolled b = Enroll(second, "same@example.com");
  Follow("/r/" + a.code);
  Follow("/r/" + a.code);
  HttpResponse response = Follow("/r/" + b.code);
  EXPECT_EQ(response.Header("location"), "https://second.example/?bb_ref=" + b.code);
  EXPECT_EQ(Count(Stats(first), "clicks"), 2);
  EXPECT_EQ(Count(Stats(second), "clicks"), 1);
}

TestServerOptions ThrottledOptions() {
  TestServerOptions options = TestServer::DefaultOptions();
  options.service.clicks_per_minute = 2;
  return options;
}

class ThrottledLinksTest : public LinksTest {
 protected:
  ThrottledLinksTest() : LinksTest(ThrottledOptions()) {}
};

TEST_F(ThrottledLinksTest, ClicksBeyondThePerAddressLimitAreRedirectedButNotRecorded) {
  std::string program = CreateProgram("Throttled", "https://acme.example/t");
  Enrolled advocate = Enroll(program, "ada@example.com");

  for (int i = 0; i < 2; ++i) {
    HttpResponse response = Follow("/r/" + advocate.code);
    EXPECT_EQ(response.status, 302);
    EXPECT_EQ(response.Header("location"), "https://acme.example/t?bb_ref=" + advocate.code);
  }
  HttpResponse third = Follow("/r/" + advocate.code);
  EXPECT_EQ(third.status, 302) << "the visitor still reaches the landing page";
  EXPECT_EQ(third.Header("location"), "https://acme.example/t");
  EXPECT_TRUE(third.Headers("set-cookie").empty());
  HttpResponse bot = Follow("/r/" + advocate.code, "Slackbot 1.0");
  EXPECT_EQ(bot.Header("location"), "https://acme.example/t") << "bots share the address's budget";

  json::object stats = Stats(program);
  EXPECT_EQ(Count(stats, "clicks"), 2);
  EXPECT_EQ(Count(stats, "bot_clicks"), 0);

  server_.clock.Advance(std::chrono::seconds(30));
  HttpResponse refilled = Follow("/r/" + advocate.code);
  EXPECT_EQ(refilled.Header("location"), "https://acme.example/t?bb_ref=" + advocate.code)
      << "half a minute restores one click";
  EXPECT_EQ(Count(Stats(program), "clicks"), 3);
}

}  // namespace
}  // namespace bb::testing

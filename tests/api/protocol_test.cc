// HTTP details every client and intermediary relies on: how a request body's length is known,
// header names and values that are case-insensitive, HEAD on every GET route, cursors tied to
// their list, 404 for an unknown program filter, one nosniff header, and length limits counted in
// characters. Regressions from issue 12.

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

#include <string>

#include "service/paging.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// Sends `raw` on a fresh connection and reads until the server closes it (or 5 s pass).
std::string Exchange(unsigned short port, const std::string& raw, bool* closed_by_server) {
  net::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  net::write(socket, net::buffer(raw));
  struct timeval timeout {
    5, 0
  };
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string out;
  char chunk[4096];
  *closed_by_server = false;
  while (true) {
    boost::system::error_code ec;
    std::size_t n = socket.read_some(net::buffer(chunk), ec);
    out.append(chunk, n);
    if (ec == net::error::eof || ec == net::error::connection_reset) {
      *closed_by_server = true;
      break;
    }
    if (ec) break;  // timed out: the server kept the connection open
  }
  return out;
}

std::size_t CountOf(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++count;
  return count;
}

class ProtocolTest : public ::testing::Test {
 protected:
  ProtocolTest() : client_(server_.Client()) {
    program_ =
        Create("/api/v1/programs", {{"name", "Proto"}, {"kind", "customer"}, {"landing_url", "https://p.example/"}});
    other_program_ =
        Create("/api/v1/programs", {{"name", "Other"}, {"kind", "partner"}, {"landing_url", "https://o.example/"}});
    for (int i = 0; i < 3; ++i) {
      advocates_.push_back(Create("/api/v1/programs/" + program_ + "/advocates",
                                  {{"email", "a" + std::to_string(i) + "@adv.example"}, {"first_name", "A"}}));
      Create("/api/v1/programs/" + other_program_ + "/advocates",
             {{"email", "b" + std::to_string(i) + "@adv.example"}, {"first_name", "B"}});
    }
  }

  std::string Create(const std::string& target, const json::object& body) {
    HttpResponse response = client_.Send("POST", target, Bearer(server_.admin_key), json::serialize(body));
    EXPECT_EQ(response.status, 201) << target << "\n" << response.body;
    return std::string(response.Json().at("id").as_string());
  }

  HttpResponse Get(const std::string& target) { return client_.Send("GET", target, Bearer(server_.admin_key)); }

  TestServer server_;
  HttpClient client_;
  std::string program_;
  std::string other_program_;
  std::vector<std::string> advocates_;
};

// Regression: "Transfer-Encoding: chunked, gzip" (or "identity") made the body count as empty, so
// its bytes were read as the next request on the connection: a request smuggled past any proxy
// that read the body the other way.
TEST_F(ProtocolTest, ATransferEncodingOtherThanChunkedAloneIsRefusedAndTheConnectionClosed) {
  const std::string body = R"({"email":"nobody@example.com","password":"wrong password!"})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  const std::string chunked = std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n";
  const std::string smuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  struct Case {
    std::string transfer_encoding;
    int status;
  };
  for (const Case& c : {Case{"chunked, gzip", 400}, Case{"identity", 400}, Case{"gzip", 400}, Case{"", 400},
                        Case{"chunked, chunked", 400}, Case{"gzip, chunked", 501}, Case{"deflate,chunked", 501}}) {
    SCOPED_TRACE(c.transfer_encoding);
    bool closed = false;
    std::string answer = Exchange(server_.port(),
                                  "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                  "Transfer-Encoding: " +
                                      c.transfer_encoding + "\r\n\r\n" + chunked + smuggled,
                                  &closed);
    EXPECT_EQ(answer.rfind("HTTP/1.1 " + std::to_string(c.status) + " ", 0), 0u) << answer;
    EXPECT_EQ(CountOf(answer, "HTTP/1.1 "), 1u) << "the smuggled request was answered: " << answer;
    EXPECT_NE(answer.find("Connection: close"), std::string::npos) << answer;
    EXPECT_TRUE(closed);
  }
  // Two Transfer-Encoding fields that together say "gzip, chunked".
  bool closed = false;
  std::string answer = Exchange(server_.port(),
                                "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                    chunked + smuggled,
                                &closed);
  EXPECT_EQ(answer.rfind("HTTP/1.1 501 ", 0), 0u) << answer;
  EXPECT_TRUE(closed);
  // Content-Length beside Transfer-Encoding: the length is ambiguous, so neither is trusted.
  answer = Exchange(server_.port(),
                    "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" +
                        chunked + smuggled,
                    &closed);
  EXPECT_EQ(answer.rfind("HTTP/1.1 400 ", 0), 0u) << answer;
  EXPECT_EQ(CountOf(answer, "HTTP/1.1 "), 1u) << answer;
  EXPECT_TRUE(closed);
}

TEST_F(ProtocolTest, ChunkedAloneInAnyCaseIsReadAndTheConnectionKept) {
  const std::string body = R"({"email":"nobody@example.com","password":"wrong password!"})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  for (const std::string coding : {"chunked", "Chunked", " CHUNKED "}) {
    SCOPED_TRACE(coding);
    bool closed = false;
    std::string answer = Exchange(server_.port(),
                                  "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                  "Transfer-Encoding: " +
                                      coding + "\r\n\r\n" + size + "\r\n" + body +
                                      "\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                                  &closed);
    EXPECT_EQ(answer.rfind("HTTP/1.1 401 ", 0), 0u) << answer;  // the body was read: wrong password
    EXPECT_EQ(CountOf(answer, "HTTP/1.1 "), 2u) << answer;
  }
}

// Regression: "Content-Type: APPLICATION/JSON" was refused (media types are case-insensitive).
TEST_F(ProtocolTest, TheJsonMediaTypeIsCaseInsensitiveAndItsCharsetAccepted) {
  for (const std::string type : {"APPLICATION/JSON; charset=UTF-8", "Application/Json",
                                 "application/json;charset=utf-8", "application/problem+JSON"}) {
    SCOPED_TRACE(type);
    HttpResponse created = client_.Send("POST", "/api/v1/programs",
                                        {{"Authorization", "Bearer " + server_.admin_key}, {"Content-Type", type}},
                                        json::serialize(json::object{{"name", "Typed " + std::to_string(type.size())},
                                                                     {"kind", "customer"},
                                                                     {"landing_url", "https://t.example/"}}));
    EXPECT_EQ(created.status, 201) << created.body;
  }
  HttpResponse text =
      client_.Send("POST", "/api/v1/programs",
                   {{"Authorization", "Bearer " + server_.admin_key}, {"Content-Type", "text/plain"}}, "{}");
  EXPECT_EQ(text.status, 422);
}

// Regression: HEAD was 405 on every API route.
TEST_F(ProtocolTest, HeadAnswersEveryGetRouteWithItsHeadersAndNoBody) {
  std::string ada = advocates_.front();
  for (const std::string& target : std::vector<std::string>{
           "/api/v1/programs", "/api/v1/programs/" + program_, "/api/v1/programs/" + program_ + "/advocates",
           "/api/v1/advocates/" + ada, "/api/v1/referrals", "/api/v1/rewards", "/api/v1/exports/rewards.csv",
           "/api/v1/openapi.json", "/api/v1/me", "/healthz", "/readyz", "/metrics", "/console", "/assets/app.js",
           "/api/v1/programs/prg_00000000000000000000000000"}) {
    SCOPED_TRACE(target);
    HttpResponse get = Get(target);
    HttpResponse head = client_.Send("HEAD", target, Bearer(server_.admin_key));
    EXPECT_EQ(head.status, get.status);
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(head.Header("content-type"), get.Header("content-type"));
    if (target != "/metrics") {  // the metrics change between the two requests
      EXPECT_EQ(head.Header("content-length"), get.Header("content-length"));
    }
  }
  HttpResponse post_only = client_.Send("HEAD", "/api/v1/auth/logout", Bearer(server_.admin_key));
  EXPECT_EQ(post_only.status, 405);
  EXPECT_EQ(post_only.Header("allow"), "POST");
}

TEST_F(ProtocolTest, HeadOnATrackedLinkSaysWhereItGoesAndRecordsNothing) {
  HttpResponse advocate = Get("/api/v1/advocates/" + advocates_.front());
  std::string code(advocate.Json().at("code").as_string());
  HttpResponse head = client_.Send("HEAD", "/r/" + code, {{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"}});
  EXPECT_EQ(head.status, 302);
  EXPECT_EQ(head.Header("location"), "https://p.example/?bb_ref=" + code);
  EXPECT_TRUE(head.Headers("set-cookie").empty());
  HttpResponse stats = Get("/api/v1/programs/" + program_ + "/stats");
  EXPECT_EQ(stats.Json().at("clicks"), 0) << stats.body;
  EXPECT_EQ(stats.Json().at("bot_clicks"), 0) << stats.body;
}

// Regression: a cursor was the base64 of an id, so another list's cursor (or any id) was taken
// and paged some other list from an arbitrary point.
TEST_F(ProtocolTest, ACursorWorksOnlyForTheListItCameFrom) {
  std::string list = "/api/v1/programs/" + program_ + "/advocates?limit=1";
  HttpResponse first = Get(list);
  ASSERT_EQ(first.status, 200);
  std::string cursor(first.Json().at("next_cursor").as_string());
  ASSERT_FALSE(cursor.empty());
  HttpResponse second = Get(list + "&cursor=" + cursor);
  EXPECT_EQ(second.status, 200) << second.body;
  HttpResponse reordered = Get("/api/v1/programs/" + program_ + "/advocates?cursor=" + cursor + "&limit=2");
  EXPECT_EQ(reordered.status, 200) << reordered.body;

  std::string id(first.Json().at("data").at(0).at("id").as_string());
  std::string raw_id_cursor;  // what a cursor used to be: the id in base64url
  {
    static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::uint32_t bits = 0;
    int count = 0;
    for (unsigned char c : id) {
      bits = (bits << 8) | c;
      count += 8;
      while (count >= 6) {
        count -= 6;
        raw_id_cursor += kAlphabet[(bits >> count) & 63];
      }
    }
    if (count > 0) raw_id_cursor += kAlphabet[(bits << (6 - count)) & 63];
  }
  for (const std::string& target : std::vector<std::string>{
           "/api/v1/programs/" + other_program_ + "/advocates?limit=1&cursor=" + cursor,  // another program's list
           "/api/v1/programs/" + program_ + "/advocates?limit=1&status=active&cursor=" + cursor,  // other filters
           "/api/v1/referrals?cursor=" + cursor, "/api/v1/rewards?cursor=" + cursor,
           "/api/v1/programs?cursor=" + cursor, list + "&cursor=" + raw_id_cursor, list + "&cursor=bm90IGEgY3Vyc29y",
           list + "&cursor=%00%01", list + "&cursor=" + std::string(300, 'A'),
           // Right list, right id, but not signed with this server's key: made up elsewhere.
           list + "&cursor=" +
               service::EncodeCursor("another server's key", "/api/v1/programs/" + program_ + "/advocates", id)}) {
    SCOPED_TRACE(target);
    HttpResponse refused = Get(target);
    EXPECT_EQ(refused.status, 422) << refused.body;
    EXPECT_NE(refused.body.find("\"cursor\""), std::string::npos) << refused.body;
  }
}

// Regression: an unknown program_id filter answered an empty page (200) on the referral and reward
// lists, and on the export, while the advocates list said 404.
TEST_F(ProtocolTest, AnUnknownProgramFilterIsNotFoundOnEveryList) {
  const std::string unknown = "prg_00000000000000000000000000";
  for (const std::string& target :
       std::vector<std::string>{"/api/v1/referrals?program_id=" + unknown, "/api/v1/rewards?program_id=" + unknown,
                                "/api/v1/exports/rewards.csv?program_id=" + unknown,
                                "/api/v1/analytics?program_id=" + unknown, "/api/v1/programs/" + unknown + "/advocates",
                                "/api/v1/programs/" + unknown + "/review-queue", "/api/v1/referrals?program_id=junk"}) {
    SCOPED_TRACE(target);
    HttpResponse answer = Get(target);
    EXPECT_EQ(answer.status, 404) << answer.body;
    EXPECT_EQ(answer.Header("content-type"), "application/problem+json");
  }
  EXPECT_EQ(Get("/api/v1/referrals?program_id=" + program_).status, 200);
  EXPECT_EQ(Get("/api/v1/rewards?program_id=" + program_).status, 200);
}

// Regression: pages and assets carried X-Content-Type-Options twice.
TEST_F(ProtocolTest, EveryAnswerCarriesOneNosniffHeader) {
  for (const std::string target : {"/console", "/assets/app.js", "/api/v1/programs", "/api/v1/nothing", "/healthz",
                                   "/r/AAAAAAA", "/api/v1/openapi.json"}) {
    SCOPED_TRACE(target);
    HttpResponse answer = Get(target);
    EXPECT_EQ(answer.Headers("x-content-type-options"), std::vector<std::string>{"nosniff"});
  }
}

// Regression: limits counted bytes, so "at most 100 characters" refused 51 Greek letters.
TEST_F(ProtocolTest, LengthLimitsCountCharacters) {
  std::string hundred_letters;
  for (int i = 0; i < 100; ++i) hundred_letters += "\xce\xb1";  // α: two bytes
  HttpResponse accepted =
      client_.Send("POST", "/api/v1/programs/" + program_ + "/advocates", Bearer(server_.admin_key),
                   json::serialize(json::object{{"email", "greek@adv.example"}, {"first_name", hundred_letters}}));
  EXPECT_EQ(accepted.status, 201) << accepted.body;
  HttpResponse refused = client_.Send(
      "POST", "/api/v1/programs/" + program_ + "/advocates", Bearer(server_.admin_key),
      json::serialize(json::object{{"email", "greek2@adv.example"}, {"first_name", hundred_letters + "\xce\xb1"}}));
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("first_name"), std::string::npos);
}

// Third review: a refusal made before the request reached the API (a target that is not UTF-8
// text) carried no request id, and its `instance` held the query string. Every problem names its
// request in the header and the body alike, and `instance` is the path.
void ExpectIdentified(const HttpResponse& answer) {
  const std::string id = answer.Header("x-request-id");
  EXPECT_FALSE(id.empty()) << answer.body;
  const boost::json::value problem = answer.Json();
  EXPECT_EQ(problem.at("request_id"), boost::json::value(id)) << answer.body;
  EXPECT_EQ(std::string(problem.at("instance").as_string()).find('?'), std::string::npos) << answer.body;
}

// Regression (review): PostgreSQL refuses invalid UTF-8 and cuts text at a NUL, so the same request
// answered 404 on SQLite and 500 on PostgreSQL (or, with a NUL, found a record by a prefix of its
// id). A target that is not UTF-8 text is refused before anything is looked up.
TEST_F(ProtocolTest, ATargetThatIsNotUtf8TextIsRefusedOnEveryDatabaseAlike) {
  for (const std::string& target :
       std::vector<std::string>{"/api/v1/referrals/%FF", "/api/v1/programs/" + program_ + "%00junk"}) {
    SCOPED_TRACE(target);
    HttpResponse answer = Get(target);
    EXPECT_EQ(answer.status, 400) << answer.body;
    EXPECT_EQ(answer.Header("content-type"), "application/problem+json");
    ExpectIdentified(answer);
  }
  for (const auto& [target, parameter] : std::vector<std::pair<std::string, std::string>>{
           {"/api/v1/programs/" + program_ + "/advocates?q=caf%E9", "q"},
           {"/api/v1/referrals?stage=%C0%AF", "stage"},
           {"/api/v1/referrals?program_id=" + program_ + "%00x", "program_id"}}) {
    SCOPED_TRACE(target);
    HttpResponse answer = Get(target);
    EXPECT_EQ(answer.status, 422) << answer.body;
    EXPECT_NE(answer.body.find("\"" + parameter + "\""), std::string::npos) << answer.body;
    ExpectIdentified(answer);
  }
  EXPECT_EQ(Get("/api/v1/programs/" + program_ + "/advocates?q=Z%C3%BCrich").status, 200);
}

// Regression (review): on PostgreSQL, every click of a browser whose User-Agent held a Latin-1 byte
// failed with a 503 (and was retried for ever); the click is now recorded with U+FFFD in its place.
TEST_F(ProtocolTest, AClickFromABrowserSendingLatin1IsRecorded) {
  HttpResponse advocate = client_.Send("GET", "/api/v1/advocates/" + advocates_[0], Bearer(server_.admin_key));
  ASSERT_EQ(advocate.status, 200) << advocate.body;
  std::string code(advocate.Json().at("code").as_string());
  HttpResponse click = client_.Send("GET", "/r/" + code,
                                    {{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Navigateur caf\xE9"},
                                     {"Referer", "https://blog.example/caf\xE9"}});
  EXPECT_EQ(click.status, 302) << click.body;
  HttpResponse activity = Get("/api/v1/advocates/" + advocates_[0] + "/activity?from=2026-03-01&to=2026-03-02");
  ASSERT_EQ(activity.status, 200) << activity.body;
  EXPECT_EQ(activity.Json().at("funnel").at("clicks"), 1) << activity.body;
}

}  // namespace
}  // namespace bb::testing

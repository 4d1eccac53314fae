#include "integrations/http_post.h"

#include "loopback_server.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace bb::integrations {
namespace {

using namespace std::chrono_literals;
using Failure = HttpPostResult::Failure;
using Headers = std::vector<std::pair<std::string, std::string>>;
using testing::LoopbackServer;

std::string Response(std::string_view status_line, std::string_view headers = "", std::string_view body = "") {
  return testing::HttpResponseText(status_line, headers, body);
}

HttpPostOptions LoopbackAllowed() {
  HttpPostOptions options;
  options.allow_private_targets = true;
  return options;
}

TEST(HttpPost, DeliversTheHeadersAndBodyExactlyAsGiven) {
  LoopbackServer server([](const LoopbackServer::Request&) { return Response("200 OK", "", "received"); });
  std::string body;
  // Past 1 MiB, where libcurl would otherwise ask for 100-continue; every byte value, NUL included.
  for (int i = 0; i < 2 * 1024 * 1024; ++i) body.push_back(static_cast<char>(i % 251));
  Headers headers = {
      {"Content-Type", "application/json; charset=utf-8"},
      {"X-Bluebird-Signature", "t=1767225600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd"},
      {"X-Empty", ""}};
  HttpPoster poster(LoopbackAllowed());

  HttpPostResult result = poster.Post(server.Url("/hooks/in?source=bluebird"), headers, body);

  EXPECT_EQ(result.failure, Failure::kNone) << result.error;
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "received");
  EXPECT_FALSE(result.retry_after.has_value());
  EXPECT_EQ(result.error, "");
  std::vector<LoopbackServer::Request> requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  const LoopbackServer::Request& request = requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/hooks/in?source=bluebird");
  EXPECT_EQ(request.Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(request.Header("X-Bluebird-Signature"), headers[1].second);
  EXPECT_EQ(request.Header("X-Empty"), "");
  EXPECT_EQ(request.Header("User-Agent"), "Bluebird-Webhooks/1.0");
  EXPECT_EQ(request.Header("Expect"), std::nullopt) << "no 100-continue round trip";
  EXPECT_EQ(request.Header("Content-Length"), std::to_string(body.size()));
  EXPECT_TRUE(request.body == body) << "the body arrived altered (" << request.body.size() << " bytes)";
}

TEST(HttpPost, SendsNoContentTypeUnlessGivenOneAndReturnsA204) {
  LoopbackServer server([](const LoopbackServer::Request&) { return "HTTP/1.1 204 No Content\r\n\r\n"; });
  HttpPoster poster(LoopbackAllowed());

  HttpPostResult result = poster.Post(server.Url(), {}, "ping");

  EXPECT_EQ(result.failure, Failure::kNone) << result.error;
  EXPECT_EQ(result.status, 204);
  EXPECT_EQ(result.body, "");
  std::vector<LoopbackServer::Request> requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].Header("Content-Type"), std::nullopt);
  EXPECT_EQ(requests[0].body, "ping");
}

TEST(HttpPost, ReturnsARedirectWithoutFollowingIt) {
  LoopbackServer server(
      [](const LoopbackServer::Request&) { return Response("302 Found", "Location: /elsewhere\r\n", "moved"); });
  HttpPoster poster(LoopbackAllowed());

  HttpPostResult result = poster.Post(server.Url("/hook"), {}, "{}");

  EXPECT_EQ(result.failure, Failure::kNone) << result.error;
  EXPECT_EQ(result.status, 302);
  std::vector<LoopbackServer::Request> requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].target, "/hook");
}

TEST(HttpPost, ReadsRetryAfterInSeconds) {
  LoopbackServer server([](const LoopbackServer::Request&) {
    return Response("503 Service Unavailable", "Retry-After: 120\r\n", "busy");
  });
  HttpPoster poster(LoopbackAllowed());

  HttpPostResult result = poster.Post(server.Url(), {}, "{}");

  EXPECT_EQ(result.failure, Failure::kNone) << result.error;
  EXPECT_EQ(result.status, 503);
  EXPECT_EQ(result.retry_after, 120s);
}

TEST(HttpPost, ReadsRetryAfterAsADateCountedFromTheResponseDate) {
  LoopbackServer server([](const LoopbackServer::Request&) {
    return Response("429 Too Many Requests",
                    "Date: Sun, 01 Mar 2026 12:00:00 GMT\r\nRetry-After: Sun, 01 Mar 2026 12:01:30 GMT\r\n");
  });
  HttpPoster poster(LoopbackAllowed());

  HttpPostResult result = poster.Post(server.Url(), {}, "{}");

  EXPECT_EQ(result.status, 429);
  EXPECT_EQ(result.retry_after, 90s);
}

TEST(HttpPost, KeepsOnlyMaxResponseBytesOfALongBody) {
  std::string long_body(1024 * 1024, 'x');
  for (std::size_t i = 0; i < long_body.size(); i += 7) long_body[i] = static_cast<char>('a' + i % 26);
  LoopbackServer server([&](const LoopbackServer::Request&) { return Response("200 OK", "", long_body); });
  HttpPoster poster(LoopbackAllowed());

  HttpPostResult result = poster.Post(server.Url(), {}, "{}");

  EXPECT_EQ(result.failure, Failure::kNone) << result.error;
  EXPECT_EQ(result.status, 200);
  ASSERT_EQ(result.body.size(), HttpPostOptions().max_response_bytes);
  EXPECT_EQ(result.body, long_body.substr(0, result.body.size()));
  HttpPostResult next = poster.Post(server.Url(), {}, "{}");
  EXPECT_EQ(next.failure, Failure::kNone) << "the poster works after a cut-off transfer: " << next.error;
  EXPECT_EQ(next.status, 200);
}

TEST(HttpPost, TimesOutWhenTheServerNeverAnswers) {
  LoopbackServer server([](const LoopbackServer::Request&) { return std::nullopt; });
  HttpPostOptions options = LoopbackAllowed();
  options.timeout = 300ms;
  HttpPoster poster(options);

  HttpPostResult result = poster.Post(server.Url(), {{"Authorization", "Bearer s3cr3t-t0ken"}}, "{}");

  EXPECT_EQ(result.failure, Failure::kTimeout) << result.error;
  EXPECT_EQ(result.status, 0);
  EXPECT_EQ(result.error.find("s3cr3t"), std::string::npos) << result.error;
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HttpPost, FailsToConnectToAClosedPort) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), length), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  close(fd);  // bound, never listened on: nothing accepts on this port
  HttpPoster poster(LoopbackAllowed());

  HttpPostResult result = poster.Post("http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/", {}, "{}");

  EXPECT_EQ(result.failure, Failure::kConnect) << result.error;
  EXPECT_EQ(result.status, 0);
  EXPECT_NE(result.error, "");
}

TEST(HttpPost, RefusesLoopbackTargetsUnlessAllowed) {
  LoopbackServer server([](const LoopbackServer::Request&) { return Response("200 OK"); });
  HttpPoster poster(HttpPostOptions{});
  Headers headers = {{"Authorization", "Bearer s3cr3t-t0ken"}};

  HttpPostResult by_address = poster.Post(server.Url(), headers, "{\"secret\":1}");
  HttpPostResult by_name = poster.Post("http://localhost:" + std::to_string(server.port()) + "/", headers, "{}");

  EXPECT_EQ(by_address.failure, Failure::kRefusedAddress) << by_address.error;
  EXPECT_EQ(by_address.error, "refused: 127.0.0.1 is not a public address (loopback)");
  EXPECT_EQ(by_address.status, 0);
  EXPECT_EQ(by_name.failure, Failure::kRefusedAddress) << by_name.error;
  EXPECT_NE(by_name.error.find("is not a public address (loopback)"), std::string::npos) << by_name.error;
  // The refused requests never connected: an allowed one afterwards is the server's first connection.
  HttpPoster allowed(LoopbackAllowed());
  EXPECT_EQ(allowed.Post(server.Url(), {}, "{}").status, 200);
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HttpPost, RejectsUrlsThatAreNotAbsoluteHttpOrHttps) {
  LoopbackServer server([](const LoopbackServer::Request&) { return Response("200 OK"); });
  std::string port = std::to_string(server.port());
  HttpPoster poster(LoopbackAllowed());
  for (const std::string& url : std::vector<std::string>{
           "ftp://127.0.0.1:" + port + "/", "file:///etc/passwd", "gopher://127.0.0.1:" + port,
           "dict://127.0.0.1:" + port, "garbage", "", "http://", "127.0.0.1:" + port + "/", "//127.0.0.1:" + port + "/",
           "http://127.0.0.1:" + port + "/a b", "http://127.0.0.1:" + port + std::string("/\0", 2)}) {
    HttpPostResult result = poster.Post(url, {}, "{}");
    EXPECT_EQ(result.failure, Failure::kInvalidUrl) << url << ": " << result.error;
    EXPECT_NE(result.error, "") << url;
  }
  EXPECT_EQ(poster.Post(server.Url(), {}, "{}").status, 200);
  EXPECT_EQ(server.connections(), 1) << "no invalid URL reached the server";
}

TEST(HttpPost, SendsNothingWhenAHeaderCouldInjectAnother) {
  LoopbackServer server([](const LoopbackServer::Request&) { return Response("200 OK"); });
  HttpPoster poster(LoopbackAllowed());

  HttpPostResult injected = poster.Post(server.Url(), {{"X-Note", "a\r\nX-Injected: s3cr3t"}}, "{}");
  HttpPostResult bad_name = poster.Post(server.Url(), {{"X Note", "a"}}, "{}");

  EXPECT_EQ(injected.failure, Failure::kOther);
  EXPECT_EQ(injected.error.find("s3cr3t"), std::string::npos) << injected.error;
  EXPECT_EQ(bad_name.failure, Failure::kOther);
  EXPECT_EQ(poster.Post(server.Url(), {}, "{}").status, 200);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HttpPost, ReusesTheConnectionForTheNextPostToTheSameServer) {
  LoopbackServer server([](const LoopbackServer::Request&) { return Response("200 OK", "", "ok"); });
  HttpPoster poster(LoopbackAllowed());

  HttpPostResult first = poster.Post(server.Url("/one"), {{"Content-Type", "application/json"}}, "{\"n\":1}");
  HttpPostResult second = poster.Post(server.Url("/two"), {{"Content-Type", "application/json"}}, "{\"n\":2}");

  EXPECT_EQ(first.status, 200) << first.error;
  EXPECT_EQ(second.status, 200) << second.error;
  EXPECT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(server.connections(), 1);
}

}  // namespace
}  // namespace bb::integrations

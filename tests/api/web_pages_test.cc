// The browser pages served by `bluebird serve`: every page path answers the embedded application
// shell with its security headers; assets come with an ETag and revalidate; what is not a page
// stays a 404 problem. (What the pages do is tested in a real browser: tests/e2e.)

#include <gtest/gtest.h>

#include <string>

#include "test_server.h"

namespace bb::testing {
namespace {

class WebPagesTest : public ::testing::Test {
 protected:
  WebPagesTest() : client_(server_.Client()) {}
  TestServer server_;
  HttpClient client_;
};

TEST_F(WebPagesTest, EveryPagePathAnswersTheApplicationShell) {
  for (const std::string path : {"/console", "/console/sign-in", "/console/referrals/ref_1", "/portal",
                                 "/portal/sign-in?token=x", "/join/acme", "/landing/acme"}) {
    HttpResponse page = client_.Send("GET", path);
    EXPECT_EQ(page.status, 200) << path;
    EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8") << path;
    EXPECT_NE(page.body.find("<div id=\"app\"></div>"), std::string::npos) << path;
    EXPECT_NE(page.body.find("/assets/app.js"), std::string::npos) << path;
    EXPECT_NE(page.Header("content-security-policy").find("script-src 'self'"), std::string::npos) << path;
    EXPECT_NE(page.Header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(page.Header("x-frame-options"), "DENY") << path;
    EXPECT_EQ(page.Header("cache-control"), "no-cache") << path;
  }
}

TEST_F(WebPagesTest, AssetsRevalidateByETag) {
  HttpResponse script = client_.Send("GET", "/assets/app.js");
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(script.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_GT(script.body.size(), 1000u);
  std::string etag = script.Header("etag");
  ASSERT_FALSE(etag.empty());
  HttpResponse again = client_.Send("GET", "/assets/app.js", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  HttpResponse stale = client_.Send("GET", "/assets/app.js", {{"If-None-Match", "\"old\""}});
  EXPECT_EQ(stale.status, 200);

  HttpResponse style = client_.Send("GET", "/assets/app.css");
  EXPECT_EQ(style.status, 200);
  EXPECT_EQ(style.Header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(style.Header("x-content-type-options"), "nosniff");
}

TEST_F(WebPagesTest, OtherPathsStayNotFound) {
  for (const std::string path : {"/assets/missing.js", "/assets/../index.html", "/index.html", "/join/a/b", "/join/",
                                 "/consoles", "/portalx", "/landing"}) {
    HttpResponse answer = client_.Send("GET", path);
    EXPECT_EQ(answer.status, 404) << path;
    EXPECT_EQ(answer.Header("content-type"), "application/problem+json") << path;
  }
  HttpResponse post = client_.Send("POST", "/console", {{"Content-Type", "application/json"}}, "{}");
  EXPECT_EQ(post.status, 404) << "pages answer GET and HEAD only";
}

}  // namespace
}  // namespace bb::testing

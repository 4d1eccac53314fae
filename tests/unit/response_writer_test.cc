#include "http/response_writer.h"

#include <gtest/gtest.h>

namespace bb::http {
namespace {

TEST(SerializeResponse, WritesTheStatusLineHeadersLengthAndBody) {
  Response response = Response::Text(200, "hi");
  std::string wire = SerializeResponse(response, 11, false, false);
  EXPECT_EQ(wire.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << wire;
  EXPECT_NE(wire.find("\r\nContent-Length: 2\r\n"), std::string::npos) << wire;
  EXPECT_EQ(wire.substr(wire.size() - 6), "\r\n\r\nhi");
  EXPECT_EQ(wire.find("Connection:"), std::string::npos) << wire;
}

TEST(SerializeResponse, AHeaderValueCannotStartAHeaderOfItsOwn) {
  Response response = Response::Redirect(302, "https://x.example/\r\nSet-Cookie: evil=1");
  response.With("X-Note\nInjected", "a\rb");
  std::string wire = SerializeResponse(response, 11, false, false);
  EXPECT_NE(wire.find("Location: https://x.example/  Set-Cookie: evil=1\r\n"), std::string::npos) << wire;
  EXPECT_NE(wire.find("X-Note Injected: a b\r\n"), std::string::npos) << wire;
  EXPECT_EQ(wire.find("\r\nSet-Cookie:"), std::string::npos) << wire;
}

TEST(SerializeResponse, HeadKeepsTheLengthButSendsNoBody) {
  std::string wire = SerializeResponse(Response::Text(200, "hello"), 11, false, true);
  EXPECT_NE(wire.find("Content-Length: 5\r\n"), std::string::npos) << wire;
  EXPECT_EQ(wire.substr(wire.size() - 4), "\r\n\r\n");
}

TEST(SerializeResponse, SaysWhenTheConnectionClosesOrStaysOpenForHttp10) {
  EXPECT_NE(SerializeResponse(Response::Text(200, ""), 11, true, false).find("Connection: close\r\n"),
            std::string::npos);
  std::string http10 = SerializeResponse(Response::Text(200, ""), 10, false, false);
  EXPECT_EQ(http10.rfind("HTTP/1.0 200", 0), 0u);
  EXPECT_NE(http10.find("Connection: keep-alive\r\n"), std::string::npos);
}

TEST(SerializeResponse, NoContentHasNoLengthAndNoBody) {
  std::string wire = SerializeResponse(Response::Text(204, "ignored"), 11, false, false);
  EXPECT_EQ(wire.find("Content-Length"), std::string::npos) << wire;
  EXPECT_EQ(wire.substr(wire.size() - 4), "\r\n\r\n");
}

}  // namespace
}  // namespace bb::http

#include "domain/email_message.h"

#include <gtest/gtest.h>

#include <regex>

namespace bb::domain {
namespace {

EmailMessage Sample() {
  EmailMessage m;
  m.from = {"Acme Partners", "news@acme.example"};
  m.to = {"Ada Lovelace", "ada@adv.example"};
  m.subject = "Your reward is approved";
  m.text = "Hello Ada,\nyour reward is approved.\n";
  m.html = "<p>Hello Ada,</p>";
  m.message_id = "msg_01kjmma2g0";
  m.date = Timestamp(std::chrono::seconds(1796202300));  // 2026-12-02T09:05:00Z
  return m;
}

TEST(EmailMessage, HasTheHeadersAndBothPartsWithCrlfLineEnds) {
  EmailMessage m = Sample();
  m.reply_to = Mailbox{"", "help@acme.example"};
  m.unsubscribe_url = "https://go.acme.example/unsubscribe/abc";
  std::string wire = RenderEmail(m, "bb-boundary-123456789012345678901234");
  EXPECT_NE(wire.find("From: \"Acme Partners\" <news@acme.example>\r\n"), std::string::npos) << wire;
  EXPECT_NE(wire.find("To: \"Ada Lovelace\" <ada@adv.example>\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Reply-To: help@acme.example\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Date: Wed, 02 Dec 2026 09:05:00 +0000\r\n"), std::string::npos) << wire;
  EXPECT_NE(wire.find("Message-ID: <msg_01kjmma2g0@acme.example>\r\n"), std::string::npos);
  EXPECT_NE(wire.find("List-Unsubscribe: <https://go.acme.example/unsubscribe/abc>\r\n"), std::string::npos);
  EXPECT_NE(wire.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"), std::string::npos);
  EXPECT_NE(wire.find("Content-Type: multipart/alternative; boundary=\"bb-boundary-123456789012345678901234\""),
            std::string::npos);
  EXPECT_LT(wire.find("text/plain"), wire.find("text/html")) << "plain text first, the preferred part last";
  EXPECT_NE(wire.find("Hello Ada,\r\nyour reward is approved.\r\n"), std::string::npos);
  EXPECT_EQ(std::regex_search(wire, std::regex("[^\r]\n")), false) << "every line ends in CRLF";
}

TEST(EmailMessage, TransactionalMailCarriesNoListUnsubscribe) {
  std::string wire = RenderEmail(Sample(), "b");
  EXPECT_EQ(wire.find("List-Unsubscribe"), std::string::npos);
}

TEST(EmailMessage, NonAsciiHeadersAreEncodedWordsAndBodiesQuotedPrintable) {
  EmailMessage m = Sample();
  m.subject = "Ihre Prämie für Café Zürich ist freigegeben — danke!";
  m.to.name = "Zoë Ångström";
  m.text = "Grüße\n";
  std::string wire = RenderEmail(m, "b");
  EXPECT_NE(wire.find("Subject: =?UTF-8?B?"), std::string::npos) << wire;
  EXPECT_NE(wire.find("To: =?UTF-8?B?"), std::string::npos) << wire;
  EXPECT_NE(wire.find("Gr=C3=BC=C3=9Fe\r\n"), std::string::npos) << wire;
  for (std::size_t start = 0, end; (end = wire.find("\r\n", start)) != std::string::npos; start = end + 2) {
    EXPECT_LE(end - start, 78u) << wire.substr(start, end - start);
  }
}

TEST(EmailMessage, NoInputCanAddAHeader) {
  EmailMessage m = Sample();
  m.subject = "Hi\r\nBcc: victim@evil.example";
  m.to.name = "Ada\nBcc: other@evil.example";
  std::string wire = RenderEmail(m, "b");
  EXPECT_EQ(wire.find("\r\nBcc:"), std::string::npos) << wire;
  EXPECT_EQ(wire.find("\nBcc:"), std::string::npos) << wire;
}

TEST(EmailMessage, LongLinesGetSoftBreaksAndLeadingDotsAreEncoded) {
  EmailMessage m = Sample();
  m.html.clear();
  m.text = std::string(200, 'a') + "\n.hidden\ntrailing space \n";
  std::string wire = RenderEmail(m, "b");
  EXPECT_NE(wire.find("=\r\n"), std::string::npos);
  EXPECT_NE(wire.find("\r\n=2Ehidden\r\n"), std::string::npos) << wire;
  EXPECT_NE(wire.find("trailing space=20\r\n"), std::string::npos) << wire;
  EXPECT_NE(wire.find("Content-Type: text/plain; charset=UTF-8\r\n"), std::string::npos);
}

TEST(EmailMessage, ParsesMailboxesAndEscapesHtml) {
  auto named = ParseMailbox("Bluebird <no-reply@bluebird.example>");
  ASSERT_TRUE(named);
  EXPECT_EQ(named->name, "Bluebird");
  EXPECT_EQ(named->address, "no-reply@bluebird.example");
  auto quoted = ParseMailbox("\"Acme, Inc.\" <hello@acme.example>");
  ASSERT_TRUE(quoted);
  EXPECT_EQ(quoted->name, "Acme, Inc.");
  EXPECT_TRUE(ParseMailbox("plain@acme.example"));
  EXPECT_FALSE(ParseMailbox("Bluebird <not an address>"));
  EXPECT_FALSE(ParseMailbox(""));
  EXPECT_EQ(EscapeHtml("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
}

}  // namespace
}  // namespace bb::domain

#include "integrations/smtp_send.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "smtp_sink.h"
#include "temp_dir.h"

extern char** environ;

namespace bb::integrations {
namespace {

using namespace std::chrono_literals;
using Outcome = SmtpResult::Outcome;
using testing::TempDir;

using testing::ReceivedMessage;
using testing::SinkOptions;
using testing::SmtpSink;

// A self-signed certificate for 127.0.0.1 (and localhost) and its key, made by openssl.
struct Certificate {
  TempDir dir;
  std::string cert = dir.File("cert.pem");
  std::string key = dir.File("key.pem");

  Certificate() {
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost "
        "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout " +
        key + " -out " + cert + " 2>/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("openssl req failed: " + command);
  }
};

// A port on 127.0.0.1 that nothing listens on (bound, then closed).
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), length);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

std::string Message(std::string_view to, std::string_view subject) {
  return "From: Bluebird <noreply@bluebird.test>\r\nTo: <" + std::string(to) + ">\r\nSubject: " + std::string(subject) +
         "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello.\r\n";
}

TEST(SmtpSend, DeliversTheMessageByteForByteWithItsEnvelope) {
  SmtpSink sink;
  std::string message =
      "From: Bluebird <noreply@bluebird.test>\r\n"
      "To: Ada Lovelace <ada@example.com>\r\n"
      "Subject: =?UTF-8?Q?Your_referral_is_in_=E2=9C=93?=\r\n"
      "Message-ID: <0001.referral@bluebird.test>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: 8bit\r\n"
      "\r\n"
      "Hello Ada,\r\n"
      ".a line that begins with a dot\r\n"
      ".\r\n"  // a lone dot: the end of the data, unless it is escaped
      "..two dots\r\n"
      "Grüße, ✓\r\n";
  // Far past one buffer of libcurl's read callback.
  for (int i = 0; i < 5000; ++i) message += "line " + std::to_string(i) + " of the body, long enough to add up\r\n";
  SmtpSender sender(sink.Options());

  SmtpResult result = sender.Send("noreply@bluebird.test", "ada@example.com", message);

  EXPECT_EQ(result.outcome, Outcome::kSent) << result.error;
  EXPECT_EQ(result.reply_code, 250);
  EXPECT_EQ(result.error, "");
  std::vector<ReceivedMessage> received = sink.Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].mail_from, "noreply@bluebird.test");
  EXPECT_EQ(received[0].rcpt_tos, std::vector<std::string>{"ada@example.com"});
  EXPECT_EQ(received[0].auth_user, std::nullopt);
  EXPECT_TRUE(received[0].content == message)
      << "the message arrived altered (" << received[0].content.size() << " bytes, " << message.size() << " sent)";
}

TEST(SmtpSend, SendsTwoMessagesOnOneSender) {
  SmtpSink sink;
  SmtpSender sender(sink.Options());

  SmtpResult first = sender.Send("noreply@bluebird.test", "ada@example.com", Message("ada@example.com", "One"));
  SmtpResult second = sender.Send("noreply@bluebird.test", "bob@example.com", Message("bob@example.com", "Two"));

  EXPECT_EQ(first.outcome, Outcome::kSent) << first.error;
  EXPECT_EQ(second.outcome, Outcome::kSent) << second.error;
  std::vector<ReceivedMessage> received = sink.Received();
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(received[0].rcpt_tos, std::vector<std::string>{"ada@example.com"});
  EXPECT_EQ(received[0].content, Message("ada@example.com", "One"));
  EXPECT_EQ(received[1].rcpt_tos, std::vector<std::string>{"bob@example.com"});
  EXPECT_EQ(received[1].content, Message("bob@example.com", "Two"));
}

TEST(SmtpSend, AnEmptySenderIsTheNullReversePath) {
  SmtpSink sink;
  SmtpSender sender(sink.Options());

  SmtpResult result = sender.Send("", "ada@example.com", Message("ada@example.com", "Bounce"));

  EXPECT_EQ(result.outcome, Outcome::kSent) << result.error;
  std::vector<ReceivedMessage> received = sink.Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].mail_from, "<>");  // MAIL FROM:<>, which aiosmtpd records as it came
}

TEST(SmtpSend, ATemporaryRefusalOfTheRecipientIsTransient) {
  SmtpSink sink;
  SmtpSender sender(sink.Options());

  SmtpResult result =
      sender.Send("noreply@bluebird.test", "temp-fail@example.com", Message("temp-fail@example.com", "Later"));

  EXPECT_EQ(result.outcome, Outcome::kTransient) << result.error;
  EXPECT_EQ(result.reply_code, 451);
  EXPECT_EQ(result.error, "the server refused the recipient: 451 4.3.0 Try again later");
  EXPECT_TRUE(sink.Received().empty());
}

TEST(SmtpSend, APermanentRefusalOfTheRecipientIsPermanentAndTheSenderGoesOn) {
  SmtpSink sink;
  SmtpSender sender(sink.Options());

  SmtpResult refused =
      sender.Send("noreply@bluebird.test", "perm-fail@example.com", Message("perm-fail@example.com", "Never"));
  SmtpResult next = sender.Send("noreply@bluebird.test", "ada@example.com", Message("ada@example.com", "Next"));

  EXPECT_EQ(refused.outcome, Outcome::kPermanent) << refused.error;
  EXPECT_EQ(refused.reply_code, 550);
  EXPECT_EQ(refused.error, "the server refused the recipient: 550 5.1.1 No such user");
  EXPECT_TRUE(refused.mailbox_refused);
  EXPECT_EQ(next.outcome, Outcome::kSent) << next.error;
  std::vector<ReceivedMessage> received = sink.Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].rcpt_tos, std::vector<std::string>{"ada@example.com"});
}

TEST(SmtpSend, ARefusalOfTheContentAfterDataIsPermanentButDoesNotBlameTheMailbox) {
  SmtpSink sink;
  SmtpSender sender(sink.Options());

  SmtpResult refused =
      sender.Send("noreply@bluebird.test", "spam-fail@example.com", Message("spam-fail@example.com", "Buy"));

  EXPECT_EQ(refused.outcome, Outcome::kPermanent) << refused.error;
  EXPECT_EQ(refused.reply_code, 554);
  EXPECT_FALSE(refused.mailbox_refused);
  EXPECT_EQ(refused.error, "the server refused the message: 554 5.7.1 Message rejected as spam");
  EXPECT_TRUE(sink.Received().empty());
}

TEST(SmtpReply, OnlyAddressAndDisabledMailboxCodesBlameTheMailbox) {
  EXPECT_TRUE(RefusesMailbox(550, "550 5.1.1 No such user", true));
  EXPECT_TRUE(RefusesMailbox(550, "550 5.1.1 No such user", false));
  EXPECT_TRUE(RefusesMailbox(551, "551 5.1.6 User has moved", true));
  EXPECT_TRUE(RefusesMailbox(556, "556 5.1.10 Domain does not accept mail", true));
  EXPECT_TRUE(RefusesMailbox(550, "550 5.2.1 Mailbox disabled", true));
  EXPECT_FALSE(RefusesMailbox(552, "552 5.2.2 Mailbox full", true));
  // Review finding: a sender refused at RCPT (Postfix) suppressed every recipient.
  EXPECT_FALSE(RefusesMailbox(550, "550 5.1.8 <no-reply@bluebird.invalid>: Sender address rejected", true));
  EXPECT_FALSE(RefusesMailbox(553, "553 5.1.7 Bad sender address syntax", true));
  EXPECT_FALSE(RefusesMailbox(550, "550 Relaying denied", true));
  EXPECT_FALSE(RefusesMailbox(553, "553 Authentication required", true));
  EXPECT_FALSE(RefusesMailbox(550, "550 5.7.1 Relaying denied", true));
  EXPECT_FALSE(RefusesMailbox(554, "554 5.7.1 Message rejected as spam", false));
  EXPECT_FALSE(RefusesMailbox(552, "552 5.3.4 Message too big", false));
  EXPECT_FALSE(RefusesMailbox(554, "554 5.6.0 Content refused", false));
  // Without an enhanced code: the basic code, and only in answer to RCPT TO.
  EXPECT_TRUE(RefusesMailbox(550, "550 No such user here", true));
  EXPECT_TRUE(RefusesMailbox(553, "553 Mailbox name not allowed", true));
  EXPECT_FALSE(RefusesMailbox(550, "550 Rejected", false));
  EXPECT_FALSE(RefusesMailbox(554, "554 Transaction failed", true));
  EXPECT_FALSE(RefusesMailbox(552, "552 Exceeded storage allocation", true));
  // Not a permanent refusal, or not an enhanced code.
  EXPECT_FALSE(RefusesMailbox(450, "450 4.1.1 Try later", true));
  EXPECT_FALSE(RefusesMailbox(250, "250 OK", true));
  EXPECT_TRUE(RefusesMailbox(550, "550 5.1 words", true));  // "5.1" is no enhanced code: the basic 550 decides
  EXPECT_FALSE(RefusesMailbox(550, "550", false));
}

TEST(SmtpSend, AuthenticatesWithTheRightPassword) {
  SmtpSink sink({.auth = "bluebird:s3cr3t-passw0rd"});
  SmtpOptions options = sink.Options();
  options.user = "bluebird";
  options.password = "s3cr3t-passw0rd";
  SmtpSender sender(options);

  SmtpResult result = sender.Send("noreply@bluebird.test", "ada@example.com", Message("ada@example.com", "Hi"));

  EXPECT_EQ(result.outcome, Outcome::kSent) << result.error;
  std::vector<ReceivedMessage> received = sink.Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].auth_user, "bluebird");
}

TEST(SmtpSend, AWrongPasswordIsTransientAndNeverQuoted) {
  SmtpSink sink({.auth = "bluebird:s3cr3t-passw0rd"});
  SmtpOptions options = sink.Options();
  options.user = "bluebird";
  options.password = "wr0ng-passw0rd";
  SmtpSender sender(options);

  SmtpResult result = sender.Send("noreply@bluebird.test", "ada@example.com", Message("ada@example.com", "Hi"));

  EXPECT_EQ(result.outcome, Outcome::kTransient) << result.error;
  EXPECT_EQ(result.reply_code, 535);
  EXPECT_NE(result.error.find("authentication failed"), std::string::npos) << result.error;
  EXPECT_EQ(result.error.find("wr0ng"), std::string::npos) << result.error;
  EXPECT_EQ(result.error.find("d3Iw"), std::string::npos) << result.error;  // "wr0" in base64, however aligned
  EXPECT_TRUE(sink.Received().empty());
}

TEST(SmtpSend, NoCredentialsForAServerThatRequiresThemIsTransient) {
  SmtpSink sink({.auth = "bluebird:s3cr3t-passw0rd"});
  SmtpSender sender(sink.Options());

  SmtpResult result = sender.Send("noreply@bluebird.test", "ada@example.com", Message("ada@example.com", "Hi"));

  // 530 to MAIL FROM: a configuration problem, not the recipient's.
  EXPECT_EQ(result.outcome, Outcome::kTransient) << result.error;
  EXPECT_EQ(result.reply_code, 530);
  EXPECT_NE(result.error.find("the server refused the sender: 530"), std::string::npos) << result.error;
  EXPECT_TRUE(sink.Received().empty());
}

TEST(SmtpSend, AServerThatIsDownIsTransient) {
  SmtpOptions options;
  options.host = "127.0.0.1";
  options.port = ClosedPort();
  options.tls = SmtpTls::kNone;
  SmtpSender sender(options);

  SmtpResult result = sender.Send("noreply@bluebird.test", "ada@example.com", Message("ada@example.com", "Hi"));

  EXPECT_EQ(result.outcome, Outcome::kTransient);
  EXPECT_EQ(result.reply_code, 0);
  EXPECT_NE(result.error, "");
}

TEST(SmtpSend, AServerThatNeverGreetsTimesOutAsTransient) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), length), 0);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  ASSERT_EQ(listen(fd, 4), 0);  // the kernel accepts the connection; nobody ever writes a greeting
  SmtpOptions options;
  options.host = "127.0.0.1";
  options.port = ntohs(address.sin_port);
  options.tls = SmtpTls::kNone;
  options.timeout = 300ms;
  SmtpSender sender(options);

  SmtpResult result = sender.Send("noreply@bluebird.test", "ada@example.com", Message("ada@example.com", "Hi"));
  close(fd);

  EXPECT_EQ(result.outcome, Outcome::kTransient);
  EXPECT_EQ(result.reply_code, 0);
  EXPECT_NE(result.error.find("timed out"), std::string::npos) << result.error;
}

TEST(SmtpSend, StartTlsRequiredNeverFallsBackToPlain) {
  SmtpSink sink;  // no TLS at all
  SmtpSender sender(sink.Options(SmtpTls::kStartTls));

  SmtpResult result = sender.Send("noreply@bluebird.test", "ada@example.com", Message("ada@example.com", "Hi"));

  EXPECT_EQ(result.outcome, Outcome::kTransient) << result.error;
  EXPECT_NE(result.error.find("STARTTLS"), std::string::npos) << result.error;
  EXPECT_TRUE(sink.Received().empty()) << "the message went in plain";
}

TEST(SmtpSend, SendsNothingForAnAddressThatCouldInjectACommand) {
  SmtpSink sink;
  SmtpSender sender(sink.Options());
  const std::vector<std::string> bad = {"ada@example.com>\r\nRCPT TO:<eve@example.com",
                                        "ada@example.com\nRCPT TO:<eve@example.com>",
                                        "ada@example.com\rX",
                                        std::string("ada@example.com\0eve@example.com", 31),
                                        "<ada@example.com>",
                                        "ada@example.com> SIZE=1",
                                        "ada@example.com\tX",
                                        "ada @example.com"};

  for (const std::string& address : bad) {
    SmtpResult as_recipient = sender.Send("noreply@bluebird.test", address, Message("ada@example.com", "Hi"));
    SmtpResult as_sender = sender.Send(address, "ada@example.com", Message("ada@example.com", "Hi"));
    EXPECT_EQ(as_recipient.outcome, Outcome::kPermanent) << address;
    EXPECT_NE(as_recipient.error.find("the recipient address contains"), std::string::npos) << as_recipient.error;
    EXPECT_EQ(as_recipient.reply_code, 0);
    EXPECT_EQ(as_sender.outcome, Outcome::kPermanent) << address;
    EXPECT_NE(as_sender.error.find("the sender address contains"), std::string::npos) << as_sender.error;
  }
  SmtpResult empty = sender.Send("noreply@bluebird.test", "", Message("ada@example.com", "Hi"));
  EXPECT_EQ(empty.outcome, Outcome::kPermanent);

  // The server was there all along: it got the one good message, and nothing else.
  EXPECT_EQ(sender.Send("noreply@bluebird.test", "ada@example.com", Message("ada@example.com", "Hi")).outcome,
            Outcome::kSent);
  std::vector<ReceivedMessage> received = sink.Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].mail_from, "noreply@bluebird.test");
  EXPECT_EQ(received[0].rcpt_tos, std::vector<std::string>{"ada@example.com"});
}

TEST(SmtpSend, AuthenticatesAfterStartTlsWithATrustedCertificate) {
  Certificate certificate;
  SmtpSink sink({.auth = "bluebird:s3cr3t-passw0rd", .tls_cert = certificate.cert, .tls_key = certificate.key});
  SmtpOptions options = sink.Options(SmtpTls::kStartTls);
  options.user = "bluebird";
  options.password = "s3cr3t-passw0rd";
  options.ca_file = certificate.cert;
  SmtpSender sender(options);

  SmtpResult result = sender.Send("noreply@bluebird.test", "ada@example.com", Message("ada@example.com", "Hi"));

  // The sink offers AUTH only once STARTTLS is done.
  EXPECT_EQ(result.outcome, Outcome::kSent) << result.error;
  std::vector<ReceivedMessage> received = sink.Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].auth_user, "bluebird");
}

TEST(SmtpSend, SendsOverImplicitTls) {
  Certificate certificate;
  SmtpSink sink({.tls_cert = certificate.cert, .tls_key = certificate.key, .implicit_tls = true});
  SmtpOptions options = sink.Options(SmtpTls::kImplicit);
  options.ca_file = certificate.cert;
  SmtpSender sender(options);

  SmtpResult result = sender.Send("noreply@bluebird.test", "ada@example.com", Message("ada@example.com", "Hi"));
  SmtpOptions plain_options = sink.Options();
  plain_options.timeout = 500ms;  // the sink waits for a TLS handshake, the sender for a greeting
  SmtpResult plain = SmtpSender(plain_options).Send("noreply@bluebird.test", "ada@example.com", "x\r\n");

  EXPECT_EQ(result.outcome, Outcome::kSent) << result.error;
  EXPECT_EQ(plain.outcome, Outcome::kTransient) << "the sink speaks TLS only";
  ASSERT_EQ(sink.Received().size(), 1u);
  EXPECT_EQ(sink.Received()[0].content, Message("ada@example.com", "Hi"));
}

TEST(SmtpSend, AnUntrustedCertificateIsTransientAndNothingIsSent) {
  Certificate certificate;
  SmtpSink starttls({.tls_cert = certificate.cert, .tls_key = certificate.key});
  SmtpSink implicit({.tls_cert = certificate.cert, .tls_key = certificate.key, .implicit_tls = true});

  // Trusting the system's authorities only, which did not sign the sinks' certificate.
  SmtpResult over_starttls = SmtpSender(starttls.Options(SmtpTls::kStartTls))
                                 .Send("noreply@bluebird.test", "ada@example.com", Message("ada@example.com", "Hi"));
  SmtpResult over_implicit = SmtpSender(implicit.Options(SmtpTls::kImplicit))
                                 .Send("noreply@bluebird.test", "ada@example.com", Message("ada@example.com", "Hi"));

  EXPECT_EQ(over_starttls.outcome, Outcome::kTransient) << over_starttls.error;
  EXPECT_NE(over_starttls.error, "");
  EXPECT_EQ(over_implicit.outcome, Outcome::kTransient) << over_implicit.error;
  EXPECT_NE(over_implicit.error, "");
  EXPECT_TRUE(starttls.Received().empty());
  EXPECT_TRUE(implicit.Received().empty());
}

}  // namespace
}  // namespace bb::integrations

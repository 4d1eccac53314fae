// Email through the outbox to a real SMTP server (tests/helpers/smtp_sink.py, aiosmtpd): the sign-in
// link an advocate asks for, its headers and parts, the same answer for unknown addresses, a 4xx
// retried, a 5xx suppressing the address, the server down then back, email not configured, the
// suppression list and its access rules. The outbox worker is driven by RunOnce on the test's
// clock. (Runs on SQLite and, under the "postgres/" prefix, on PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>

#include "jobs/email_delivery.h"
#include "jobs/outbox_worker.h"
#include "smtp_sink.h"
#include "temp_dir.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// `message` as Python's email package (the standard library's RFC 5322/MIME parser, which nobody on
// this project wrote) reads it: {"subject", "from", "to", "defects", "parts": [{"type", "text"}]}.
json::value ParsedByPython(const std::string& message) {
  TempDir dir;
  std::string path = (dir.path() / "message.eml").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << message;
  }
  const std::string script =
      "import email, email.policy, json, sys\n"
      "m = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.default)\n"
      "parts = [{'type': p.get_content_type(), 'text': p.get_content()} for p in m.walk() if not p.is_multipart()]\n"
      "print(json.dumps({'subject': str(m['subject']), 'from': str(m['from']), 'to': str(m['to']),\n"
      "                  'defects': len(m.defects), 'parts': parts}))\n";
  std::string output;
  FILE* pipe = popen(("/usr/bin/python3 - " + path + " <<'EOF'\n" + script + "EOF\n").c_str(), "r");
  if (!pipe) return nullptr;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  pclose(pipe);
  boost::system::error_code ec;
  json::value parsed = json::parse(output, ec);
  return ec ? json::value(nullptr) : parsed;
}

class EmailTest : public ::testing::Test {
 protected:
  EmailTest() {
    program_ = Created(
        "/api/v1/programs",
        {{"name", "Acme Partners"}, {"slug", "acme"}, {"kind", "customer"}, {"landing_url", "https://acme.example/"}});
    Created("/api/v1/programs/" + program_ + "/advocates",
            {{"email", "Ada@Adv.example"}, {"first_name", "Ada"}, {"last_name", "Lovelace"}});
  }

  std::string Created(const std::string& target, const json::object& body) {
    HttpResponse response = server_.Client().Send("POST", target, Bearer(server_.admin_key), json::serialize(body));
    EXPECT_EQ(response.status, 201) << target << "\n" << response.body;
    return response.status == 201 ? std::string(response.Json().at("id").as_string()) : "";
  }

  HttpResponse AskForLink(const std::string& email, const std::string& program = "acme") {
    return server_.Client().Send("POST", "/api/v1/portal/sign-in-link", {{"Content-Type", "application/json"}},
                                 json::serialize(json::object{{"program", program}, {"email", email}}));
  }

  // A worker sending through `sink` (nullptr: email not configured).
  std::unique_ptr<jobs::OutboxWorker> Worker(const SmtpSink* sink) {
    integrations::SmtpOptions options;
    if (sink) options = sink->Options();
    return std::make_unique<jobs::OutboxWorker>(
        *server_.services, server_.metrics, jobs::OutboxWorkerOptions{1, 64, 100ms},
        [sink, options](domain::OutboxKind kind) -> std::unique_ptr<jobs::Deliverer> {
          if (kind != domain::OutboxKind::kEmail) return nullptr;
          if (!sink) return std::make_unique<jobs::EmailNotConfigured>();
          return std::make_unique<jobs::EmailDelivery>(options);
        });
  }

  json::array Outbox(const std::string& query = "") {
    HttpResponse list = server_.Client().Send("GET", "/api/v1/outbox?kind=email" + query, Bearer(server_.admin_key));
    EXPECT_EQ(list.status, 200) << list.body;
    return list.Json().at("data").as_array();
  }

  TestServer server_;
  std::string program_;
};

TEST_F(EmailTest, ASignInLinkArrivesAndSignsTheAdvocateIn) {
  SmtpSink sink;
  HttpResponse asked = AskForLink("  ada@adv.EXAMPLE ");
  ASSERT_EQ(asked.status, 202) << asked.body;
  ASSERT_EQ(Worker(&sink)->RunOnce(), 1);
  auto received = sink.Received();
  ASSERT_EQ(received.size(), 1u);
  const std::string& mail = received[0].content;
  EXPECT_EQ(received[0].mail_from, "no-reply@bluebird.invalid");
  EXPECT_EQ(received[0].rcpt_tos, std::vector<std::string>{"Ada@Adv.example"});
  EXPECT_NE(mail.find("From: \"Bluebird\" <no-reply@bluebird.invalid>\r\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("To: \"Ada Lovelace\" <Ada@Adv.example>\r\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Subject: Your sign-in link for Acme Partners\r\n"), std::string::npos) << mail;
  EXPECT_NE(mail.find("Content-Type: multipart/alternative;"), std::string::npos);
  EXPECT_NE(mail.find("Content-Type: text/plain; charset=UTF-8"), std::string::npos);
  EXPECT_NE(mail.find("Content-Type: text/html; charset=UTF-8"), std::string::npos);
  EXPECT_EQ(mail.find("List-Unsubscribe"), std::string::npos) << "a sign-in link is transactional";
  json::value parsed = ParsedByPython(mail);
  ASSERT_TRUE(parsed.is_object()) << mail;
  EXPECT_EQ(parsed.at("subject"), "Your sign-in link for Acme Partners");
  EXPECT_EQ(parsed.at("to"), "Ada Lovelace <Ada@Adv.example>");
  EXPECT_EQ(parsed.at("defects"), 0);
  ASSERT_EQ(parsed.at("parts").as_array().size(), 2u);
  EXPECT_EQ(parsed.at("parts").at(0).at("type"), "text/plain");
  EXPECT_EQ(parsed.at("parts").at(1).at("type"), "text/html");
  // The link as a reader sees it, in the text part decoded by Python's parser.
  std::string text(parsed.at("parts").at(0).at("text").as_string());
  std::smatch token;
  ASSERT_TRUE(std::regex_search(text, token, std::regex("http://links.test/portal/sign-in\\?token=([A-Za-z0-9_-]+)")))
      << text;
  std::string html(parsed.at("parts").at(1).at("text").as_string());
  EXPECT_NE(html.find("href=\"http://links.test/portal/sign-in?token=" + token[1].str() + "\""), std::string::npos)
      << html;
  HttpResponse signed_in =
      server_.Client().Send("POST", "/api/v1/portal/sign-in", {{"Content-Type", "application/json"}},
                            json::serialize(json::object{{"token", token[1].str()}}));
  EXPECT_EQ(signed_in.status, 200) << signed_in.body;

  json::array items = Outbox();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("state"), "delivered");
  EXPECT_EQ(items[0].at("event_type"), "sign_in_link");
  EXPECT_EQ(items[0].at("payload").at("subject"), "Your sign-in link for Acme Partners");
  EXPECT_EQ(json::serialize(items[0]).find(token[1].str()), std::string::npos) << "the link is not kept";
  std::string id(items[0].at("id").as_string());
  HttpResponse replay = server_.Client().Send("POST", "/api/v1/outbox/" + id + "/replay", Bearer(server_.admin_key));
  EXPECT_EQ(replay.status, 409) << "the message is gone: it cannot be sent again";
}

TEST_F(EmailTest, UnknownAddressesAndProgramsGetTheSameAnswerAndNoEmail) {
  HttpResponse known = AskForLink("ada@adv.example");
  HttpResponse unknown = AskForLink("nobody@adv.example");
  HttpResponse no_program = AskForLink("ada@adv.example", "no-such-program");
  EXPECT_EQ(known.status, 202);
  EXPECT_EQ(unknown.status, 202);
  EXPECT_EQ(no_program.status, 202);
  EXPECT_EQ(known.body, unknown.body);
  EXPECT_EQ(known.body, no_program.body);
  EXPECT_EQ(Outbox().size(), 1u);
  EXPECT_EQ(AskForLink("not an email").status, 422);
}

TEST_F(EmailTest, ATemporaryRefusalIsRetriedAndAPermanentOneSuppressesTheAddress) {
  Created("/api/v1/programs/" + program_ + "/advocates", {{"email", "temp-fail@adv.example"}, {"first_name", "T"}});
  Created("/api/v1/programs/" + program_ + "/advocates", {{"email", "perm-fail@adv.example"}, {"first_name", "P"}});
  SmtpSink sink;
  AskForLink("temp-fail@adv.example");
  AskForLink("perm-fail@adv.example");
  ASSERT_EQ(Worker(&sink)->RunOnce(), 2);
  json::array pending = Outbox("&state=pending");
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].at("target"), "temp-fail@adv.example");
  EXPECT_EQ(pending[0].at("last_status"), 451);
  json::array dead = Outbox("&state=dead");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].at("last_status"), 550);
  HttpResponse suppressions = server_.Client().Send("GET", "/api/v1/suppressions", Bearer(server_.admin_key));
  ASSERT_EQ(suppressions.status, 200);
  json::value list = suppressions.Json();
  ASSERT_EQ(list.at("data").as_array().size(), 1u) << suppressions.body;
  EXPECT_EQ(list.at("data").at(0).at("email"), "perm-fail@adv.example");
  EXPECT_EQ(list.at("data").at(0).at("reason"), "bounce");
  server_.clock.Advance(10min);
  AskForLink("perm-fail@adv.example");
  EXPECT_EQ(Outbox("&state=pending").size(), 1u) << "a bounced address is not sent to again";
}

// Review finding: any 5xx suppressed the address, even a refusal of one message's content.
TEST_F(EmailTest, ARefusalOfTheContentGivesUpWithoutSuppressingTheAddress) {
  Created("/api/v1/programs/" + program_ + "/advocates", {{"email", "spam-fail@adv.example"}, {"first_name", "S"}});
  SmtpSink sink;
  AskForLink("spam-fail@adv.example");
  ASSERT_EQ(Worker(&sink)->RunOnce(), 1);
  json::array dead = Outbox("&state=dead");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].at("last_status"), 554);
  HttpResponse suppressions = server_.Client().Send("GET", "/api/v1/suppressions", Bearer(server_.admin_key));
  ASSERT_EQ(suppressions.status, 200);
  json::value list = suppressions.Json();
  EXPECT_TRUE(list.at("data").as_array().empty()) << suppressions.body;
}

TEST_F(EmailTest, AnEmailWaitsWhileTheServerIsDownAndGoesWhenItIsBack) {
  int port = 0;
  {
    SmtpSink probe;
    port = probe.port();
  }
  AskForLink("ada@adv.example");
  integrations::SmtpOptions options;
  options.host = "127.0.0.1";
  options.port = port;
  options.tls = integrations::SmtpTls::kNone;
  jobs::OutboxWorker worker(*server_.services, server_.metrics, {1, 64, 100ms},
                            [options](domain::OutboxKind) -> std::unique_ptr<jobs::Deliverer> {
                              return std::make_unique<jobs::EmailDelivery>(options);
                            });
  ASSERT_EQ(worker.RunOnce(), 1);
  json::array pending = Outbox("&state=pending");
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].at("attempts"), 1);
  SmtpSink back(SinkOptions{.port = port});
  server_.clock.Advance(2min);
  ASSERT_EQ(worker.RunOnce(), 1);
  EXPECT_EQ(back.Received().size(), 1u);
  EXPECT_EQ(Outbox("&state=delivered").size(), 1u);
}

TEST_F(EmailTest, WithoutSmtpEmailsWaitVisibly) {
  AskForLink("ada@adv.example");
  ASSERT_EQ(Worker(nullptr)->RunOnce(), 1);
  json::array pending = Outbox("&state=pending");
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].at("last_error"), "not sent: email is not configured (email.smtp_host)");
}

// Review finding: a one-hour link waited in the outbox for up to 84 hours while SMTP was down.
TEST_F(EmailTest, ASignInLinkNotSentWithinItsHourIsGivenUpAsExpired) {
  AskForLink("ada@adv.example");
  auto worker = Worker(nullptr);
  ASSERT_EQ(worker->RunOnce(), 1);
  ASSERT_EQ(Outbox("&state=pending").size(), 1u);
  server_.clock.Advance(61min);
  ASSERT_EQ(worker->RunOnce(), 1);
  json::array dead = Outbox("&state=dead");
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_NE(std::string(dead[0].at("last_error").as_string()).find("not sent: it expired before it could be sent"),
            std::string::npos)
      << dead[0];
  SmtpSink sink;
  EXPECT_EQ(Worker(&sink)->RunOnce(), 0);
  EXPECT_TRUE(sink.Received().empty());
}

// Review finding: anyone could have ten sign-in emails a minute sent to one address.
TEST_F(EmailTest, OneAddressGetsAFewLinksThenOneEveryFiveMinutesFromAnyClient) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(AskForLink("ada@adv.example").status, 202) << i;
  HttpResponse refused = AskForLink("ADA@adv.example");
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_FALSE(refused.Header("retry-after").empty());
  EXPECT_EQ(AskForLink("someone-else@adv.example").status, 202) << "the limit is per address";
  EXPECT_EQ(AskForLink("nobody@adv.example").status, 202);
  server_.clock.Advance(5min);
  EXPECT_EQ(AskForLink("ada@adv.example").status, 202);
  EXPECT_EQ(AskForLink("ada@adv.example").status, 429);
  EXPECT_EQ(Outbox().size(), 4u);
}

TEST_F(EmailTest, StaffSuppressionStopsEveryEmailAndIsAudited) {
  HttpResponse added =
      server_.Client().Send("POST", "/api/v1/suppressions", Bearer(server_.admin_key),
                            R"({"email": "ADA@adv.example", "reason": "staff", "note": "asked us by phone"})");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.Json().at("email"), "ada@adv.example");
  AskForLink("ada@adv.example");
  EXPECT_TRUE(Outbox().empty());
  HttpResponse trail =
      server_.Client().Send("GET", "/api/v1/audit-events?kind=suppression.added", Bearer(server_.admin_key));
  EXPECT_EQ(trail.Json().at("data").as_array().size(), 1u);
  EXPECT_EQ(server_.Client().Send("DELETE", "/api/v1/suppressions/ada@adv.example", Bearer(server_.admin_key)).status,
            204);
  EXPECT_EQ(server_.Client().Send("DELETE", "/api/v1/suppressions/ada@adv.example", Bearer(server_.admin_key)).status,
            404);
  AskForLink("ada@adv.example");
  EXPECT_EQ(Outbox().size(), 1u);
}

TEST_F(EmailTest, AnUnsubscribeStillLetsTransactionalMailThrough) {
  server_.Client().Send("POST", "/api/v1/suppressions", Bearer(server_.admin_key),
                        R"({"email": "ada@adv.example", "reason": "unsubscribe"})");
  AskForLink("ada@adv.example");
  EXPECT_EQ(Outbox().size(), 1u) << "a sign-in link the advocate asked for is transactional";
}

TEST_F(EmailTest, TheSuppressionListIsForAdminsAndNamesBadFields) {
  EXPECT_EQ(server_.Client().Send("GET", "/api/v1/suppressions", Bearer(server_.KeyFor("manager"))).status, 403);
  EXPECT_EQ(server_.Client()
                .Send("POST", "/api/v1/suppressions", Bearer(server_.KeyFor("manager")),
                      R"({"email": "x@y.example", "reason": "staff"})")
                .status,
            403);
  HttpResponse bad = server_.Client().Send("POST", "/api/v1/suppressions", Bearer(server_.admin_key),
                                           R"({"email": "not-an-email", "reason": "bored"})");
  ASSERT_EQ(bad.status, 422) << bad.body;
  json::value problem = bad.Json();
  std::set<std::string> fields;
  for (const auto& error : problem.at("errors").as_array()) fields.emplace(error.at("field").as_string());
  EXPECT_EQ(fields, (std::set<std::string>{"email", "reason"}));
}

}  // namespace
}  // namespace bb::testing

// The programs' email templates through the API: the kinds with their defaults, a program's own
// template (checked, audited, reset), previews in the program's branding, a test email to the
// staff user asking, the sign-in link written from the program's template and delivered by a real
// SMTP server (aiosmtpd), who may do what; and the one-click unsubscribe (RFC 8058). (Runs on SQLite
// and, under the "postgres/" prefix, on PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>

#include "jobs/email_delivery.h"
#include "jobs/outbox_worker.h"
#include "smtp_sink.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class EmailTemplateTest : public ::testing::Test {
 protected:
  EmailTemplateTest() {
    HttpResponse created = Send("POST", "/api/v1/programs",
                                json::object{{"name", "Acme Partners"},
                                             {"slug", "acme"},
                                             {"kind", "customer"},
                                             {"landing_url", "https://acme.example/"},
                                             {"branding", {{"color", "#7c2d12"}}}});
    EXPECT_EQ(created.status, 201) << created.body;
    program_ = std::string(created.Json().at("id").as_string());
    base_ = "/api/v1/programs/" + program_ + "/email-templates";
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::value& body = nullptr,
                    const std::string& key = "") {
    return server_.Client().Send(method, target, Bearer(key.empty() ? server_.admin_key : key),
                                 body.is_null() ? "" : json::serialize(body));
  }

  json::array Outbox() {
    HttpResponse list = Send("GET", "/api/v1/outbox?kind=email");
    EXPECT_EQ(list.status, 200) << list.body;
    return list.Json().at("data").as_array();
  }

  std::unique_ptr<jobs::OutboxWorker> Worker(const SmtpSink& sink) {
    integrations::SmtpOptions options = sink.Options();
    return std::make_unique<jobs::OutboxWorker>(*server_.services, server_.metrics,
                                                jobs::OutboxWorkerOptions{1, 64, 100ms},
                                                [options](domain::OutboxKind kind) -> std::unique_ptr<jobs::Deliverer> {
                                                  if (kind != domain::OutboxKind::kEmail) return nullptr;
                                                  return std::make_unique<jobs::EmailDelivery>(options);
                                                });
  }

  TestServer server_;
  std::string program_;
  std::string base_;
};

TEST_F(EmailTemplateTest, ListsEveryKindWithItsDefault) {
  HttpResponse list = Send("GET", base_);
  ASSERT_EQ(list.status, 200) << list.body;
  json::value body = list.Json();
  const json::array& data = body.at("data").as_array();
  ASSERT_EQ(data.size(), 13u);
  EXPECT_EQ(data[0].at("kind"), "invitation");
  EXPECT_EQ(data[0].at("customized"), false);
  EXPECT_EQ(data[0].at("requires_link"), true);
  EXPECT_EQ(data[0].at("updated_at"), nullptr);
  EXPECT_EQ(data[0].at("placeholders").as_array().size(), 4u);
  EXPECT_EQ(data[4].at("kind"), "sign_in_link");
  EXPECT_EQ(data[4].at("transactional"), true);
  EXPECT_EQ(data[4].at("subject"), "Your sign-in link for {{program.name}}");
}

TEST_F(EmailTemplateTest, AProgramsOwnTemplateIsCheckedKeptAuditedAndReset) {
  HttpResponse bad =
      Send("PUT", base_ + "/invitation", json::object{{"subject", "Hi {{advocate.nick}}"}, {"body", "x"}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  json::value problem = bad.Json();
  ASSERT_EQ(problem.at("errors").as_array().size(), 2u) << bad.body;
  EXPECT_EQ(problem.at("errors").at(0).at("field"), "subject");
  EXPECT_EQ(problem.at("errors").at(1).at("field"), "body");
  EXPECT_EQ(problem.at("errors").at(1).at("message"), "must use {{link}}: this email is of no use without it");
  EXPECT_EQ(Send("PUT", base_ + "/invitation", json::object{{"subject", "Hi"}}).status, 422) << "body is required";

  HttpResponse saved = Send("PUT", base_ + "/invitation",
                            json::object{{"subject", "Come aboard, {{advocate.first_name}}"},
                                         {"body", "Dear {{advocate.first_name}},\n\n{{link}}"}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_EQ(saved.Json().at("customized"), true);
  EXPECT_NE(saved.Json().at("updated_at"), nullptr);
  HttpResponse read = Send("GET", base_ + "/invitation");
  EXPECT_EQ(read.Json().at("subject"), "Come aboard, {{advocate.first_name}}");
  HttpResponse trail = Send("GET", "/api/v1/audit-events?kind=email_template.updated");
  ASSERT_EQ(trail.Json().at("data").as_array().size(), 1u) << trail.body;
  EXPECT_EQ(trail.Json().at("data").at(0).at("object_id"), json::value(program_));

  HttpResponse reset = Send("DELETE", base_ + "/invitation");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(reset.Json().at("customized"), false);
  EXPECT_EQ(reset.Json().at("subject"), "{{advocate.first_name}}, you are invited to {{program.name}}");
  EXPECT_EQ(Send("GET", "/api/v1/audit-events?kind=email_template.reset").Json().at("data").as_array().size(), 1u);
  EXPECT_EQ(Send("DELETE", base_ + "/invitation").status, 200) << "resetting a default changes nothing";
  EXPECT_EQ(Send("GET", "/api/v1/audit-events?kind=email_template.reset").Json().at("data").as_array().size(), 1u);
}

TEST_F(EmailTemplateTest, APreviewShowsADraftInTheProgramsBranding) {
  HttpResponse preview =
      Send("POST", base_ + "/welcome/preview", json::object{{"subject", "Welcome, {{advocate.first_name}} <3"}});
  ASSERT_EQ(preview.status, 200) << preview.body;
  json::value shown = preview.Json();
  EXPECT_EQ(shown.at("subject"), "Welcome, Ada <3");
  std::string html(shown.at("html").as_string());
  EXPECT_NE(html.find("background:#7c2d12"), std::string::npos) << "the program's colour";
  EXPECT_NE(html.find("Acme Partners"), std::string::npos);
  EXPECT_NE(html.find("Unsubscribe"), std::string::npos);
  std::string text(shown.at("text").as_string());
  EXPECT_NE(text.find("Hello Ada,"), std::string::npos) << text;
  EXPECT_TRUE(Outbox().empty()) << "a preview sends nothing";
  HttpResponse bad = Send("POST", base_ + "/welcome/preview", json::object{{"body", "{{reward.amount}}"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(Send("POST", base_ + "/welcome/preview", json::object{{"subject", 5}}).status, 422);
}

TEST_F(EmailTemplateTest, ATestGoesToTheStaffUserAskingAndArrives) {
  std::string user = server_.CreateUser("grace@staff.example", "admin", "correct horse battery staple");
  auto key = server_.services->auth.CreateApiKey({domain::Actor::Kind::kUser, user, domain::Role::kAdmin, ""},
                                                 "a manager's key grace made", "manager");
  ASSERT_TRUE(key.ok()) << key.error().message();
  HttpResponse sent = Send("POST", base_ + "/reward_paid/test", nullptr, key->secret);
  ASSERT_EQ(sent.status, 202) << sent.body;
  EXPECT_EQ(sent.Json().at("to"), "grace@staff.example");
  SmtpSink sink;
  ASSERT_EQ(Worker(sink)->RunOnce(), 1);
  auto received = sink.Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].rcpt_tos, std::vector<std::string>{"grace@staff.example"});
  EXPECT_NE(received[0].content.find("Subject: [Test] Your reward of USD 50.00 is paid\r\n"), std::string::npos)
      << received[0].content;
  EXPECT_EQ(Send("POST", base_ + "/reward_paid/test").status, 409) << "a key made at the command line has no user";
}

TEST_F(EmailTemplateTest, TheSignInLinkIsWrittenFromTheProgramsTemplate) {
  HttpResponse advocate = Send("POST", "/api/v1/programs/" + program_ + "/advocates",
                               json::object{{"email", "ada@adv.example"}, {"first_name", "Ada"}});
  ASSERT_EQ(advocate.status, 201) << advocate.body;
  ASSERT_EQ(Send("PUT", base_ + "/sign_in_link",
                 json::object{{"subject", "Your key to {{program.name}}"},
                              {"body", "Ahoy {{advocate.first_name}}: {{link}}"}})
                .status,
            200);
  HttpResponse asked =
      server_.Client().Send("POST", "/api/v1/portal/sign-in-link", {{"Content-Type", "application/json"}},
                            json::serialize(json::object{{"program", "acme"}, {"email", "ada@adv.example"}}));
  ASSERT_EQ(asked.status, 202);
  SmtpSink sink;
  ASSERT_EQ(Worker(sink)->RunOnce(), 1);
  auto received = sink.Received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_NE(received[0].content.find("Subject: Your key to Acme Partners\r\n"), std::string::npos);
  EXPECT_NE(received[0].content.find("Ahoy Ada: http://links.test/portal/sign-in?token="), std::string::npos)
      << received[0].content;
  EXPECT_EQ(received[0].content.find("List-Unsubscribe"), std::string::npos);
}

TEST_F(EmailTemplateTest, OnlyAdminsAndManagersManageTemplates) {
  for (const char* role : {"sales_rep", "viewer"}) {
    std::string key = server_.KeyFor(role);
    EXPECT_EQ(Send("GET", base_, nullptr, key).status, 403) << role;
    EXPECT_EQ(Send("PUT", base_ + "/welcome", json::object{{"subject", "x"}, {"body", "y"}}, key).status, 403) << role;
    EXPECT_EQ(Send("POST", base_ + "/welcome/test", nullptr, key).status, 403) << role;
  }
  EXPECT_EQ(Send("GET", base_, nullptr, server_.KeyFor("manager")).status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/programs/prg_nope/email-templates").status, 404);
  HttpResponse unknown = Send("GET", base_ + "/newsletter");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("invitation, invitation_reminder"), std::string::npos) << unknown.body;
  EXPECT_EQ(server_.Client().Send("GET", base_).status, 401);
}

TEST_F(EmailTemplateTest, OneClickUnsubscribeSuppressesTheAddressForAllButTransactionalMail) {
  std::string url = server_.services->email.OneClickUnsubscribeUrl("Ada@Adv.example");
  ASSERT_EQ(url.rfind("http://links.test/api/v1/unsubscribe?token=", 0), 0u) << url;
  std::string target = url.substr(std::string("http://links.test").size());
  HttpResponse opened = server_.Client().Send("GET", target, {});
  EXPECT_EQ(opened.status, 303) << "a GET only leads to the page";
  EXPECT_EQ(opened.Header("location"), "/portal/unsubscribe?token=" + target.substr(target.find('=') + 1));
  EXPECT_TRUE(Send("GET", "/api/v1/suppressions").Json().at("data").as_array().empty());

  HttpResponse done = server_.Client().Send("POST", target, {{"Content-Type", "application/x-www-form-urlencoded"}},
                                            "List-Unsubscribe=One-Click");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.Json().at("email"), "ada@adv.example");
  EXPECT_EQ(server_.Client().Send("POST", target, {}).status, 200) << "idempotent";
  json::value list = Send("GET", "/api/v1/suppressions").Json();
  ASSERT_EQ(list.at("data").as_array().size(), 1u);
  EXPECT_EQ(list.at("data").at(0).at("reason"), "unsubscribe");
  EXPECT_EQ(list.at("data").at(0).at("actor"), "recipient");

  std::string forged = target;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(server_.Client().Send("POST", forged, {}).status, 404);
  EXPECT_EQ(server_.Client().Send("POST", "/api/v1/unsubscribe?token=bm9ib2R5QHguZXhhbXBsZQ.00", {}).status, 404);
  EXPECT_EQ(server_.Client().Send("GET", "/api/v1/unsubscribe?token=%0d%0aSet-Cookie:x", {}).Header("location"),
            "/portal/unsubscribe?token=")
      << "an ill-formed token is dropped, not echoed";
}

}  // namespace
}  // namespace bb::testing

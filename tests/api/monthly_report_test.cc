// The monthly program report over the real API (GET /api/v1/reports/monthly): its figures beside
// the month before, the program cost and ROI, advocates named only with their consent, the
// referral share of the totals staff entered; as HTML, and as a PDF read back by poppler's
// pdftotext (a reader we did not write) with its figures checked against the JSON; refusals; and
// the email on the first of the month, sent once.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "common/time_format.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

// The text of a PDF as poppler's pdftotext reads it ("" when it cannot).
std::string PdfText(const std::string& pdf) {
  std::filesystem::path file = std::filesystem::temp_directory_path() /
                               ("bluebird-report-" + std::to_string(::getpid()) + "-" +
                                std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".pdf");
  std::ofstream(file, std::ios::binary) << pdf;
  std::string command = "pdftotext -layout '" + file.string() + "' - 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string text;
  if (pipe) {
    std::array<char, 4096> buffer;
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) text.append(buffer.data(), n);
  }
  std::filesystem::remove(file);
  return text;
}

class MonthlyReportTest : public ::testing::Test {
 protected:
  MonthlyReportTest() : client_(server_.Client()) {}

  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body = "") {
    return client_.Send(method, target, Bearer(server_.admin_key), body);
  }
  json::value Post(const std::string& target, const json::object& body) {
    HttpResponse response = Send("POST", target, json::serialize(body));
    EXPECT_TRUE(response.status == 200 || response.status == 201) << target << "\n" << response.body;
    return response.Json();
  }
  std::string Id(const json::value& value) { return std::string(value.at("id").as_string()); }
  void At(const char* when) { server_.clock.Set(*ParseTimestamp(when)); }

  // A program "Acme <Partners> & Co" (a name to escape) with a 10% reward on won, and three
  // advocates: Ada (who consented to be named), Bob (who did not) and Cy (who said no).
  void SetUpProgram() {
    At("2026-10-10T09:00:00Z");
    program_ = Id(Post("/api/v1/programs", {{"name", "Acme <Partners> & Co"},
                                            {"kind", "customer"},
                                            {"landing_url", "https://acme.example/"},
                                            {"currency", "USD"}}));
    Post("/api/v1/programs/" + program_ + "/reward-rules",
         {{"name", "Ten percent"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"percent_bp", 1000}}}});
    ada_ = Id(Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "ada@a.example"},
                                                                   {"first_name", "Ada"},
                                                                   {"last_name", "Lovelace"},
                                                                   {"company", "Analytical Engines"},
                                                                   {"attributes", {{"report_consent", true}}}}));
    bob_ = Id(Post("/api/v1/programs/" + program_ + "/advocates",
                   {{"email", "bob@b.example"}, {"first_name", "Bob"}, {"company", "Secretive Ltd"}}));
    cy_ = Id(Post("/api/v1/programs/" + program_ + "/advocates",
                  {{"email", "cy@c.example"}, {"first_name", "Cy"}, {"attributes", {{"report_consent", false}}}}));
  }
  std::string Refer(const std::string& advocate, const std::string& email) {
    return Id(
        Post("/api/v1/referrals",
             {{"advocate_id", advocate}, {"channel", "email"}, {"referee", {{"email", email}, {"first_name", "R"}}}}));
  }
  void Win(const std::string& referral, std::int64_t deal) {
    Post("/api/v1/referrals/" + referral + "/stage", {{"stage", "won"}, {"deal_value_minor", deal}});
  }

  TestServer server_;
  HttpClient client_;
  std::string program_, ada_, bob_, cy_;
};

TEST_F(MonthlyReportTest, TheMonthBesideTheOneBeforeInJsonHtmlAndPdf) {
  SetUpProgram();
  // October: one referral by Bob, won. November: Ada 2 (one won), Bob 1 (won), Cy 1.
  Win(Refer(bob_, "o1@x.example"), 100000);
  At("2026-11-03T09:00:00Z");
  Win(Refer(ada_, "n1@x.example"), 500000);
  Refer(ada_, "n2@x.example");
  Win(Refer(bob_, "n3@x.example"), 200000);
  Refer(cy_, "n4@x.example");
  ASSERT_EQ(Send("PUT", "/api/v1/programs/" + program_ + "/months/2026-11",
                 json::serialize(json::object{
                     {"cost_minor", 30000}, {"total_revenue_minor", 2800000}, {"total_pipeline_minor", 9000000}}))
                .status,
            200);
  At("2026-12-01T08:00:00Z");
  const std::string target = "/api/v1/reports/monthly?program_id=" + program_ + "&month=2026-11";
  HttpResponse response = Send("GET", target);
  ASSERT_EQ(response.status, 200) << response.body;
  json::value report = response.Json();
  EXPECT_EQ(report.at("complete"), true);
  EXPECT_EQ(report.at("figures").at("basis"), "activity");
  EXPECT_EQ(report.at("figures").at("funnel").at("referrals"), 4);
  EXPECT_EQ(report.at("figures").at("funnel").at("won"), 2);
  EXPECT_EQ(report.at("previous").at("funnel").at("won"), 1) << "October";
  EXPECT_EQ(report.at("figures").at("money"), json::parse(R"([{"currency": "USD", "revenue_minor": 700000,
      "reward_cost_minor": 70000, "committed_minor": 70000, "program_cost_minor": 30000, "roi_bp": 60000}])"))
      << "(700,000 − 100,000) / 100,000";
  EXPECT_FALSE(report.at("figures").as_object().contains("top_advocates")) << "only the report's own, with consent";
  EXPECT_EQ(report.at("top_advocates"), json::parse(R"([
      {"named": true, "name": "Ada Lovelace", "company": "Analytical Engines", "referrals": 2, "won": 1,
       "revenue_minor": 500000, "currency": "USD"},
      {"named": false, "name": "An advocate", "company": "", "referrals": 1, "won": 1, "revenue_minor": 200000,
       "currency": "USD"},
      {"named": false, "name": "An advocate", "company": "", "referrals": 1, "won": 0, "revenue_minor": 0,
       "currency": "USD"}])"));
  EXPECT_EQ(report.at("revenue_share"),
            json::parse(R"({"referral_minor": 700000, "total_minor": 2800000, "share_bp": 2500})"));
  // Pipeline: the 4 referrals of November at the past year's average won deal, (100,000 + 500,000 +
  // 200,000) / 3 = 266,667: 1,066,668 of 9,000,000.
  EXPECT_EQ(report.at("pipeline_share"),
            json::parse(R"({"referral_minor": 1066668, "total_minor": 9000000, "share_bp": 1185})"));

  HttpResponse html = Send("GET", target + "&format=html");
  ASSERT_EQ(html.status, 200);
  EXPECT_EQ(html.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(html.Header("content-security-policy").find("default-src 'none'"), std::string::npos);
  EXPECT_NE(html.body.find("<title>Acme &lt;Partners&gt; &amp; Co — November 2026</title>"), std::string::npos);
  EXPECT_EQ(html.body.find("<Partners>"), std::string::npos) << "the name is escaped everywhere";
  EXPECT_EQ(html.body.find("Secretive"), std::string::npos) << "Bob did not consent";
  EXPECT_NE(html.body.find("Ada Lovelace"), std::string::npos);
  EXPECT_NE(html.body.find("USD 7,000.00"), std::string::npos);
  EXPECT_NE(html.body.find("<svg"), std::string::npos);

  HttpResponse pdf = Send("GET", target + "&format=pdf");
  ASSERT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.Header("content-type"), "application/pdf");
  EXPECT_NE(pdf.Header("content-disposition").find("report-" + program_ + "-2026-11.pdf"), std::string::npos);
  std::string text = PdfText(pdf.body);
  ASSERT_NE(text.find("November 2026"), std::string::npos) << "pdftotext could not read it:\n" << text;
  for (const char* shown :
       {"Acme <Partners> & Co — November 2026", "USD 7,000.00", "USD 1,000.00", "USD 300.00", "600.0%", "Ada Lovelace",
        "Analytical Engines", "An advocate", "25.0%", "11.9%", "USD 28,000.00", "October 2026"}) {
    EXPECT_NE(text.find(shown), std::string::npos) << shown << " is not in the PDF:\n" << text;
  }
  EXPECT_EQ(text.find("Secretive"), std::string::npos) << "Bob did not consent";
}

TEST_F(MonthlyReportTest, Refusals) {
  SetUpProgram();
  At("2026-12-01T08:00:00Z");
  auto status = [&](const std::string& query) { return Send("GET", "/api/v1/reports/monthly" + query).status; };
  EXPECT_EQ(status("?month=2026-11"), 422) << "program_id is required";
  EXPECT_EQ(status("?program_id=" + program_), 422) << "month is required";
  EXPECT_EQ(status("?program_id=" + program_ + "&month=2026-13"), 422);
  EXPECT_EQ(status("?program_id=" + program_ + "&month=2027-01"), 422) << "the future";
  EXPECT_EQ(status("?program_id=" + program_ + "&month=2026-11&format=docx"), 422);
  EXPECT_EQ(status("?program_id=prg_00000000000000000000000000&month=2026-11"), 404);
  HttpResponse running = Send("GET", "/api/v1/reports/monthly?program_id=" + program_ + "&month=2026-12");
  ASSERT_EQ(running.status, 200) << "the month still running, to date";
  EXPECT_EQ(running.Json().at("complete"), false);
}

TEST_F(MonthlyReportTest, TheFirstOfTheMonthEmailGoesOnceToThoseWhoChoseIt) {
  SetUpProgram();
  Win(Refer(ada_, "o1@x.example"), 100000);
  std::string admin = server_.CreateUser("root@staff.example", "admin", "correct horse battery staple");
  auto key = server_.services->auth.CreateApiKey({domain::Actor::Kind::kUser, admin, domain::Role::kAdmin, ""}, "root",
                                                 "admin");
  ASSERT_TRUE(key.ok());
  ASSERT_EQ(client_
                .Send("PUT", "/api/v1/me/notifications", Bearer(key->secret),
                      json::serialize(json::object{{"monthly_report", true}}))
                .status,
            200);
  server_.CreateUser("mia@staff.example", "manager", "correct horse battery staple");  // did not choose it
  auto send = [&] { return *server_.services->reports.SendMonthlyReports(server_.clock.Now()); };
  At("2026-11-01T06:59:00Z");
  EXPECT_EQ(send(), 0) << "before 07:00 on the first";
  At("2026-11-01T07:05:00Z");
  EXPECT_EQ(send(), 1) << "October's report, to the admin who chose it";
  EXPECT_EQ(send(), 0) << "once a month";
  At("2026-11-15T12:00:00Z");
  EXPECT_EQ(send(), 0) << "still October's, sent";
  json::value outbox = Send("GET", "/api/v1/outbox?kind=email&limit=50").Json();
  int reports = 0;
  for (const auto& item : outbox.at("data").as_array()) {
    if (item.at("event_type") != json::value("staff.monthly_report")) continue;
    ++reports;
    EXPECT_EQ(item.at("target"), "root@staff.example");
  }
  EXPECT_EQ(reports, 1);
  At("2026-12-02T10:00:00Z");
  EXPECT_EQ(send(), 1) << "November's, a day late after a stop, still goes";
}

}  // namespace
}  // namespace bb::testing

// The advocates and referrals exports (GET /api/v1/exports/{advocates,referrals}.csv): every row
// of the list with its filters, streamed page by page (chunked, never cut at a page), formula-safe
// cells, each referral's history flattened into the dates it reached each stage, and refusals
// (a missing program, an unknown parameter, another role) answered before the body starts. The
// rewards export's own tests are in export_test.cc. (Runs on SQLite and, under "postgres/", on
// PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

class CsvExportsTest : public ::testing::Test {
 protected:
  CsvExportsTest() {
    HttpResponse program = Send("POST", "/api/v1/programs",
                                json::serialize(json::object{{"name", "Exported"},
                                                             {"slug", "exported"},
                                                             {"kind", "customer"},
                                                             {"landing_url", "https://exported.example/"}}),
                                "application/json");
    EXPECT_EQ(program.status, 201) << program.body;
    program_ = std::string(program.Json().at("id").as_string());
  }

  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::string& content_type = "application/json", const std::string& key = "") {
    auto headers = Bearer(key.empty() ? server_.admin_key : key);
    for (auto& [name, value] : headers) {
      if (name == "Content-Type") value = content_type;
    }
    return server_.Client().Send(method, target, headers, body);
  }
  void Import(const std::string& kind, const std::string& csv) {
    HttpResponse done = Send("POST", "/api/v1/imports?kind=" + kind + "&program_id=" + program_, csv, "text/csv");
    ASSERT_EQ(done.status, 200) << done.body;
    ASSERT_EQ(done.Json().at("refused"), 0) << done.body;
  }
  // The body's records (CRLF-separated; the exports' cells here hold no line breaks).
  static std::vector<std::string> Lines(const std::string& body) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < body.size()) {
      std::size_t end = body.find("\r\n", start);
      if (end == std::string::npos) end = body.size();
      lines.push_back(body.substr(start, end - start));
      start = end + 2;
    }
    return lines;
  }

  TestServer server_;
  std::string program_;
};

TEST_F(CsvExportsTest, AdvocatesAreStreamedPageByPageWithTheListsFilters) {
  std::string csv = "email,first_name,company,tags,attributes.tier\n";
  for (int i = 0; i < 450; ++i) {
    csv += "person" + std::to_string(i) + "@example.com,Person,'=HYPERLINK(1)," + (i % 3 == 0 ? "vip" : "") + "," +
           std::to_string(i) + "\n";
  }
  Import("advocates", csv);
  HttpResponse all = Send("GET", "/api/v1/exports/advocates.csv?program_id=" + program_);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.Header("content-type"), "text/csv; charset=utf-8");
  EXPECT_EQ(all.Header("content-disposition"), "attachment; filename=\"advocates.csv\"");
  EXPECT_EQ(all.Header("transfer-encoding"), "chunked") << "streamed, not held whole";
  EXPECT_EQ(all.Header("content-length"), "");
  std::vector<std::string> lines = Lines(all.body);
  ASSERT_EQ(lines.size(), 451u) << "the header and every advocate, across three pages of 200";
  EXPECT_EQ(
      lines[0],
      "id,program_id,email,first_name,last_name,company,code,status,source,enrolled_by,tags,attributes,created_at,"
      "updated_at");
  std::vector<std::string> emails;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::size_t id_end = lines[i].find(',');
    std::size_t program_end = lines[i].find(',', id_end + 1);
    emails.push_back(lines[i].substr(program_end + 1, lines[i].find(',', program_end + 1) - program_end - 1));
  }
  std::sort(emails.begin(), emails.end());
  EXPECT_EQ(std::unique(emails.begin(), emails.end()), emails.end()) << "no row twice across pages";
  EXPECT_NE(lines[1].find(",'=HYPERLINK(1),"), std::string::npos) << "a formula stays text: " << lines[1];
  EXPECT_NE(all.body.find(R"("{""tier"":449}")"), std::string::npos) << "attributes as JSON, quoted";

  HttpResponse vip = Send("GET", "/api/v1/exports/advocates.csv?program_id=" + program_ + "&tag=vip");
  ASSERT_EQ(vip.status, 200) << vip.body;
  EXPECT_EQ(Lines(vip.body).size(), 151u);
}

TEST_F(CsvExportsTest, ReferralsCarryTheDatesTheyReachedEachStage) {
  Import("advocates", "email,first_name\nada@advocates.example,Ada\n");
  Import("referrals",
         "advocate_email,email,first_name,stage,deal_value,submitted_at,closed_at\n"
         "ada@advocates.example,won@prospects.example,Won,won,100.50,2025-01-02,2025-03-04\n"
         "ada@advocates.example,open@prospects.example,Open,submitted,,2025-02-01,\n");
  HttpResponse all = Send("GET", "/api/v1/exports/referrals.csv?program_id=" + program_);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.Header("content-disposition"), "attachment; filename=\"referrals.csv\"");
  std::vector<std::string> lines = Lines(all.body);
  ASSERT_EQ(lines.size(), 3u) << all.body;
  EXPECT_TRUE(lines[0].ends_with(
      ",created_at,updated_at,qualified_at,opportunity_at,won_at,lost_at,rejected_at,history_entries"))
      << lines[0];
  auto won =
      std::find_if(lines.begin(), lines.end(), [](const auto& l) { return l.find("won@") != std::string::npos; });
  ASSERT_NE(won, lines.end());
  EXPECT_NE(won->find(",won,clear,10050,USD,,2025-01-02T00:00:00.000000Z,"), std::string::npos) << *won;
  EXPECT_TRUE(
      won->ends_with(",2025-01-02T00:00:00.000000Z,2025-01-02T00:00:00.000000Z,2025-03-04T00:00:00.000000Z,,,2"))
      << *won;
  HttpResponse open = Send("GET", "/api/v1/exports/referrals.csv?program_id=" + program_ + "&stage=submitted");
  ASSERT_EQ(Lines(open.body).size(), 2u) << open.body;
  EXPECT_TRUE(Lines(open.body)[1].ends_with(",,,,,,1")) << Lines(open.body)[1];
}

TEST_F(CsvExportsTest, RefusalsComeBeforeTheBodyStarts) {
  HttpResponse no_program = Send("GET", "/api/v1/exports/advocates.csv");
  EXPECT_EQ(no_program.status, 422);
  EXPECT_NE(no_program.body.find("program_id"), std::string::npos);
  HttpResponse unknown = Send("GET", "/api/v1/exports/advocates.csv?program_id=prg_nope");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  for (const char* bad : {"/api/v1/exports/referrals.csv?limit=5", "/api/v1/exports/referrals.csv?colour=blue",
                          "/api/v1/exports/advocates.csv?cursor=x&program_id="}) {
    EXPECT_EQ(Send("GET", bad).status, 422) << bad;
  }
  EXPECT_EQ(Send("GET", "/api/v1/exports/referrals.csv", "", "application/json", "bb_nope").status, 401);
}

}  // namespace
}  // namespace bb::testing

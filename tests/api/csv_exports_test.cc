// The advocates, referrals and clicks exports (GET /api/v1/exports/{advocates,referrals,clicks}.csv): every row
// of the list with its filters, streamed page by page (chunked, never cut at a page), formula-safe
// cells, each referral's history flattened into the dates it reached each stage, and refusals
// (a missing program, an unknown parameter, another role) answered before the body starts; clicks
// by range, oldest first, bots and humans merged in time order across pages. The
// rewards export's own tests are in export_test.cc. (Runs on SQLite and, under "postgres/", on
// PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "domain/click.h"
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

// Clicks written as the tracked link writes them, with times the test chooses: click i of `count`
// at `first` + i/3 seconds (three to a microsecond), every fifth a bot, alternating advocates.
void InsertClicks(TestServer& server, const std::string& program, const std::vector<std::string>& advocates,
                  Timestamp first, int count) {
  Status written = server.store->Write([&](store::Tx& tx) -> Status {
    for (int i = 0; i < count; ++i) {
      domain::Click click;
      click.program_id = program;
      click.advocate_id = advocates[static_cast<std::size_t>(i) % advocates.size()];
      click.code = "CODE" + std::to_string(i % 2);
      click.occurred_at = first + std::chrono::seconds(i / 3);
      click.channel = "email";
      click.visitor_id = "01jgmz0000000000000000" + std::to_string(1000 + i);
      click.ip_hash = domain::FormatAddressHash(domain::Bits128{0xabcdef, static_cast<std::uint64_t>(i)});
      click.user_agent = i == 7 ? "=cmd|' /C calc'!A0" : "Mozilla/5.0";
      click.referrer = "https://mail.example/";
      click.is_bot = i % 5 == 0;
      BB_RETURN_IF_ERROR(tx.InsertClick(click));
    }
    return Ok();
  });
  ASSERT_TRUE(written.ok()) << written.error().message();
}

TEST_F(CsvExportsTest, ClicksByRangeOldestFirstWithBotsMergedInTimeAcrossPages) {
  Import("advocates", "email,first_name\nada@advocates.example,Ada\nbob@advocates.example,Bob\n");
  HttpResponse listed = Send("GET", "/api/v1/programs/" + program_ + "/advocates");
  ASSERT_EQ(listed.status, 200) << listed.body;
  json::value advocates = listed.Json();
  std::vector<std::string> ids;
  for (const auto& a : advocates.at("data").as_array()) ids.emplace_back(a.at("id").as_string());
  ASSERT_EQ(ids.size(), 2u);
  Timestamp first = TestEpoch() - std::chrono::hours(24);
  InsertClicks(server_, program_, ids, first, 450);
  HttpResponse other = Send("POST", "/api/v1/programs",
                            R"({"name":"Other","slug":"other","kind":"customer","landing_url":"https://o.example/"})");
  ASSERT_EQ(other.status, 201) << other.body;
  // The other program's own advocates (an advocate belongs to one program).
  InsertClicks(server_, std::string(other.Json().at("id").as_string()),
               {"adv_01jgmz00000000000000000000", "adv_01jgmz00000000000000000001"}, first, 30);

  HttpResponse all = Send("GET", "/api/v1/exports/clicks.csv?program_id=" + program_);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.Header("content-disposition"), "attachment; filename=\"clicks.csv\"");
  EXPECT_EQ(all.Header("transfer-encoding"), "chunked");
  std::vector<std::string> lines = Lines(all.body);
  ASSERT_EQ(lines.size(), 451u) << "every click of this program, none of the other's, across three pages";
  EXPECT_EQ(lines[0],
            "id,occurred_at,program_id,advocate_id,code,channel,is_bot,visitor_id,address_hash,user_agent,referrer");
  std::vector<std::string> hashes;
  std::string previous_time;
  int bots = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::string time = lines[i].substr(lines[i].find(',') + 1, 27);
    EXPECT_LE(previous_time, time) << "oldest first, bots and humans merged: row " << i;
    previous_time = time;
    if (lines[i].find(",true,") != std::string::npos) ++bots;
    std::size_t hash = lines[i].find(",0000000000abcdef");
    hashes.push_back(lines[i].substr(hash + 1, lines[i].find(',', hash + 1) - hash - 1));
  }
  EXPECT_EQ(bots, 90);
  EXPECT_EQ(hashes.front(), "0000000000abcdef0000000000000000");
  EXPECT_EQ(hashes.back(), "0000000000abcdef00000000000001c1");  // 449
  std::sort(hashes.begin(), hashes.end());
  EXPECT_EQ(std::unique(hashes.begin(), hashes.end()), hashes.end()) << "no click twice, none lost at a page edge";
  EXPECT_NE(all.body.find(",'=cmd|' /C calc'!A0,"), std::string::npos) << "a formula in a user agent stays text";

  auto count = [&](const std::string& query) {
    HttpResponse r = Send("GET", "/api/v1/exports/clicks.csv?program_id=" + program_ + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return Lines(r.body).size() - 1;
  };
  EXPECT_EQ(count("&bots=exclude"), 360u);
  EXPECT_EQ(count("&bots=only"), 90u);
  EXPECT_EQ(count("&advocate_id=" + ids[0]), 225u);
  EXPECT_EQ(count("&advocate_id=" + ids[1] + "&bots=only"), 45u);
  // Seconds 10..19 hold clicks 30..59; `to` is exclusive.
  EXPECT_EQ(count("&from=" + FormatTimestamp(first + std::chrono::seconds(10)) +
                  "&to=" + FormatTimestamp(first + std::chrono::seconds(20))),
            30u);
  EXPECT_EQ(count("&to=" + FormatTimestamp(first)), 0u);
  // Regression (from an adversarial review): a `to` still to come chased the clicks arriving while
  // the file was sent. It ends at the request's time, as without `to`.
  InsertClicks(server_, program_, ids, server_.clock.Now() + std::chrono::minutes(5), 1);
  EXPECT_EQ(count("&to=2030-01-01"), 450u);
  EXPECT_EQ(count(""), 450u);
}

TEST_F(CsvExportsTest, ClicksExportIsForTheRolesThatReadTheDashboard) {
  HttpResponse no_program = Send("GET", "/api/v1/exports/clicks.csv");
  EXPECT_EQ(no_program.status, 422);
  EXPECT_NE(no_program.body.find("program_id"), std::string::npos);
  HttpResponse bad_bots = Send("GET", "/api/v1/exports/clicks.csv?program_id=" + program_ + "&bots=maybe");
  EXPECT_EQ(bad_bots.status, 422);
  EXPECT_NE(bad_bots.body.find("bots"), std::string::npos);
  EXPECT_EQ(Send("GET", "/api/v1/exports/clicks.csv?program_id=prg_nope").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/exports/clicks.csv?program_id=" + program_ + "&advocate_id=adv_nope").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/exports/clicks.csv?program_id=" + program_ + "&limit=5").status, 422);
  EXPECT_EQ(Send("GET", "/api/v1/exports/clicks.csv?program_id=" + program_ + "&from=yesterday").status, 422);
  EXPECT_EQ(Send("GET", "/api/v1/exports/clicks.csv?program_id=" + program_, "", "application/json",
                 server_.KeyFor("sales_rep"))
                .status,
            403)
      << "clicks name every advocate of the program: the dashboard's roles only";
  EXPECT_EQ(
      Send("GET", "/api/v1/exports/clicks.csv?program_id=" + program_, "", "application/json", server_.KeyFor("viewer"))
          .status,
      200);
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

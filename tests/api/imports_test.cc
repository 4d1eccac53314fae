// CSV imports of advocates through POST /api/v1/imports: the report (created, updated,
// unchanged, refused, each refusal's row and column), idempotence, dry runs that write nothing,
// a broken file refused whole, bad cells refused alone (wrong encoding, a formula, 10 MB in one
// field, a repeated email), column mapping, background imports of large files, a failed batch
// that leaves whole batches only, and who may import. (Runs on SQLite and, under "postgres/", on
// PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "service/import_service.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

class ImportsTest : public ::testing::Test {
 protected:
  ImportsTest() {
    HttpResponse program = Send("POST", "/api/v1/programs",
                                json::serialize(json::object{{"name", "Acme Partners"},
                                                             {"slug", "acme"},
                                                             {"kind", "customer"},
                                                             {"landing_url", "https://acme.example/"}}),
                                "application/json");
    EXPECT_EQ(program.status, 201) << program.body;
    program_ = std::string(program.Json().at("id").as_string());
  }

  HttpResponse Send(const std::string& method, const std::string& target, const std::string& body = "",
                    const std::string& content_type = "text/csv", const std::string& key = "") {
    auto headers = Bearer(key.empty() ? server_.admin_key : key);
    for (auto& [name, value] : headers) {
      if (name == "Content-Type") value = content_type;
    }
    return server_.Client().Send(method, target, headers, body);
  }
  // POSTs `csv` as an import into the program; `query` adds parameters ("&dry_run=true").
  HttpResponse Import(const std::string& csv, const std::string& query = "", const std::string& key = "") {
    return Send("POST", "/api/v1/imports?kind=advocates&program_id=" + program_ + query, csv, "text/csv", key);
  }
  json::object Report(const std::string& csv, const std::string& query = "") {
    HttpResponse response = Import(csv, query);
    EXPECT_EQ(response.status, 200) << response.body;
    return response.status == 200 ? response.Json().as_object() : json::object{};
  }
  static std::string Counts(const json::object& report) {
    return "created " + json::serialize(report.at("created")) + ", updated " + json::serialize(report.at("updated")) +
           ", unchanged " + json::serialize(report.at("unchanged")) + ", refused " +
           json::serialize(report.at("refused"));
  }
  json::array Advocates(const std::string& query = "") {
    HttpResponse list = Send("GET", "/api/v1/programs/" + program_ + "/advocates?limit=200" + query);
    EXPECT_EQ(list.status, 200) << list.body;
    json::value body = list.Json();
    return body.at("data").as_array();
  }
  json::object AdvocateByEmail(const std::string& email) {
    for (const auto& a : Advocates()) {
      if (a.at("email").as_string() == email) return a.as_object();
    }
    ADD_FAILURE() << "no advocate " << email;
    return {};
  }

  TestServer server_;
  std::string program_;
};

constexpr char kFile[] =
    "email,first_name,last_name,company,tags,attributes.tier\r\n"
    "ann@acme.example,Ann,Lee,Acme,\"vip, partner\",2\r\n"
    "bob@beta.example,Bob,,Beta,,\r\n"
    "carl@gamma.example,Carl,Ng,,,gold\r\n";

TEST_F(ImportsTest, ImportsAdvocatesAndReportsEachOutcome) {
  json::object report = Report(kFile);
  EXPECT_EQ(report.at("status"), "completed");
  EXPECT_EQ(Counts(report), "created 3, updated 0, unchanged 0, refused 0");
  EXPECT_EQ(report.at("rows_total"), 3);
  EXPECT_EQ(report.at("rows_done"), 3);
  EXPECT_EQ(report.at("errors").as_array().size(), 0u);
  json::object ann = AdvocateByEmail("ann@acme.example");
  EXPECT_EQ(ann.at("first_name"), "Ann");
  EXPECT_EQ(ann.at("company"), "Acme");
  EXPECT_EQ(ann.at("source"), "import");
  EXPECT_EQ(json::serialize(ann.at("tags")), R"(["partner","vip"])");
  EXPECT_EQ(json::serialize(ann.at("attributes")), R"({"tier":2})") << "a number stays a number";
  EXPECT_EQ(json::serialize(AdvocateByEmail("carl@gamma.example").at("attributes")), R"({"tier":"gold"})");
}

TEST_F(ImportsTest, ImportingTheSameFileAgainChangesNothing) {
  Report(kFile);
  json::array before = Advocates();
  json::object again = Report(kFile);
  EXPECT_EQ(Counts(again), "created 0, updated 0, unchanged 3, refused 0");
  EXPECT_EQ(json::serialize(Advocates()), json::serialize(before));
}

TEST_F(ImportsTest, ARowForAnExistingAdvocateUpdatesOnlyWhatItGivesAndAddsTags) {
  Report(kFile);
  json::object report = Report(
      "email,first_name,company,tags,attributes.plan\r\n"
      "ANN@acme.example,Annie,,new-tag,pro\r\n"
      "bob@beta.example,,,,\r\n");
  EXPECT_EQ(Counts(report), "created 0, updated 1, unchanged 1, refused 0");
  json::object ann = AdvocateByEmail("ann@acme.example");
  EXPECT_EQ(ann.at("first_name"), "Annie");
  EXPECT_EQ(ann.at("last_name"), "Lee") << "a column the file does not have changes nothing";
  EXPECT_EQ(ann.at("company"), "Acme") << "an empty cell changes nothing";
  EXPECT_EQ(json::serialize(ann.at("tags")), R"(["new-tag","partner","vip"])") << "tags are added, never removed";
  EXPECT_EQ(json::serialize(ann.at("attributes")), R"({"plan":"pro","tier":2})");
}

TEST_F(ImportsTest, ADryRunReportsWhatWouldHappenAndWritesNothing) {
  Report("email,first_name\r\nbob@beta.example,Bob\r\n");
  json::object report = Report(kFile, "&dry_run=true");
  EXPECT_EQ(report.at("dry_run"), true);
  EXPECT_EQ(Counts(report), "created 2, updated 1, unchanged 0, refused 0");
  EXPECT_EQ(Advocates().size(), 1u);
  json::object real = Report(kFile);
  EXPECT_EQ(Counts(real), "created 2, updated 1, unchanged 0, refused 0") << "the dry run said exactly this";
}

TEST_F(ImportsTest, BadRowsAreRefusedWithTheirRowAndColumnAndTheGoodOnesImported) {
  std::string file =
      "Email,First Name,Company\r\n"                              // row 1
      "ok1@example.com,One,\"=HYPERLINK(\"\"http://x\"\")\"\r\n"  // 2: a formula
      "ok2@example.com,Two,'=not a formula\r\n"                   // 3: guarded text is text
      "not-an-email,Three,\r\n"                                   // 4
      "OK2@example.com,Again,\r\n"                                // 5: repeats row 3
      "new@example.com,,\r\n"                                     // 6: no first name for a new advocate
      "latin@example.com,Ren\xE9,\r\n"                            // 7: Windows-1252, not UTF-8
      "\r\n"                                                      // 8: blank
      "extra@example.com,Four,Acme,surplus\r\n"                   // 9: more cells than columns
      "good@example.com,Five\r\n";                                // 10: fewer cells is fine
  json::object report = Report(file);
  EXPECT_EQ(Counts(report), "created 2, updated 0, unchanged 0, refused 6");
  EXPECT_EQ(report.at("rows_total"), 8) << "the blank row is not a row of data";
  json::array errors = report.at("errors").as_array();
  ASSERT_EQ(errors.size(), 6u) << json::serialize(errors);
  auto where = [&](std::size_t i) {
    return json::serialize(errors[i].at("row")) + " " + std::string(errors[i].at("column").as_string());
  };
  EXPECT_EQ(where(0), "2 Company");
  EXPECT_NE(std::string(errors[0].at("message").as_string()).find("formula"), std::string::npos);
  EXPECT_EQ(where(1), "4 Email");
  EXPECT_EQ(where(2), "5 Email");
  EXPECT_NE(std::string(errors[2].at("message").as_string()).find("row 3"), std::string::npos);
  EXPECT_EQ(where(3), "7 First Name");
  EXPECT_NE(std::string(errors[3].at("message").as_string()).find("UTF-8"), std::string::npos);
  EXPECT_EQ(where(4), "9 ");
  EXPECT_EQ(where(5), "6 First Name") << "refused in the batch, after the rows refused while reading";
  EXPECT_EQ(AdvocateByEmail("ok2@example.com").at("company"), "=not a formula");
  EXPECT_EQ(Advocates().size(), 2u);
}

TEST_F(ImportsTest, TenMegabytesInOneFieldRefusesThatRowOnly) {
  std::string file = "email,first_name\r\nbig@example.com,\"" + std::string(10 * 1024 * 1024, 'x') +
                     "\"\r\nsmall@example.com,Small\r\n";
  json::object report = Report(file);
  EXPECT_EQ(Counts(report), "created 1, updated 0, unchanged 0, refused 1");
  EXPECT_EQ(report.at("errors").as_array()[0].at("column"), "first_name");
  EXPECT_EQ(report.at("errors").as_array()[0].at("row"), 2);
}

TEST_F(ImportsTest, ABrokenQuoteRefusesTheWholeFileAndWritesNothing) {
  json::object report =
      Report("email,first_name\r\na@example.com,Ann\r\nb@example.com,\"Bob\r\nc@example.com,Carl\r\n");
  EXPECT_EQ(report.at("status"), "failed");
  EXPECT_EQ(Counts(report), "created 0, updated 0, unchanged 0, refused 2");
  ASSERT_EQ(report.at("errors").as_array().size(), 1u);
  EXPECT_EQ(report.at("errors").as_array()[0].at("row"), 3);
  EXPECT_EQ(Advocates().size(), 0u);
}

TEST_F(ImportsTest, SemicolonsAByteOrderMarkAndCarriageReturnsAreRead) {
  json::object report = Report(
      "\xEF\xBB\xBF"
      "email;first_name;company\r\nann@example.com;Ann;\"Lee; Partners\"\r\n");
  EXPECT_EQ(Counts(report), "created 1, updated 0, unchanged 0, refused 0");
  EXPECT_EQ(AdvocateByEmail("ann@example.com").at("company"), "Lee; Partners");
}

TEST_F(ImportsTest, ColumnsAreMappedAndUnknownOnesReported) {
  json::object report = Report("E-mail address,Vorname,Phone\r\nann@example.com,Ann,123\r\n",
                               "&map.email=E-mail%20address&map.first_name=Vorname");
  EXPECT_EQ(Counts(report), "created 1, updated 0, unchanged 0, refused 0");
  json::array warnings = report.at("warnings").as_array();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].at("column"), "Phone");
  EXPECT_EQ(AdvocateByEmail("ann@example.com").at("first_name"), "Ann");
}

TEST_F(ImportsTest, AHeaderThatCannotBeImportedFailsTheFileNamingTheProblem) {
  json::object no_email = Report("name,company\r\nAnn,Acme\r\n");
  EXPECT_EQ(no_email.at("status"), "failed");
  EXPECT_EQ(no_email.at("errors").as_array()[0].at("column"), "email");
  json::object missing = Report("email,first_name\r\na@example.com,A\r\n", "&map.company=Firma");
  EXPECT_EQ(missing.at("status"), "failed");
  EXPECT_EQ(missing.at("errors").as_array()[0].at("column"), "map.company");
  json::object twice = Report("email,e-mail,first_name\r\na@example.com,b@example.com,A\r\n");
  EXPECT_EQ(twice.at("status"), "failed");
  EXPECT_EQ(Advocates().size(), 0u);
}

TEST_F(ImportsTest, AHeaderNotInUtf8OrWiderThanAThousandColumnsFailsTheFile) {
  json::object latin = Report("email,Pr\xE9nom\r\na@example.com,A\r\n");
  EXPECT_EQ(latin.at("status"), "failed");
  EXPECT_NE(std::string(latin.at("errors").as_array()[0].at("message").as_string()).find("UTF-8"), std::string::npos);
  std::string wide = "email";
  for (int i = 0; i < 1000; ++i) wide += ",c" + std::to_string(i);
  json::object too_wide = Report(wide + "\r\na@example.com\r\n");
  EXPECT_EQ(too_wide.at("status"), "failed");
  EXPECT_EQ(Advocates().size(), 0u);
}

TEST_F(ImportsTest, ARowOfAMillionCellsIsRefusedWithItsCount) {
  json::object report = Report("email,first_name\r\n" + std::string(1000000, ',') + "\r\nb@example.com,B\r\n");
  EXPECT_EQ(Counts(report), "created 1, updated 0, unchanged 0, refused 1");
  EXPECT_NE(std::string(report.at("errors").as_array()[0].at("message").as_string()).find("1000001 cells"),
            std::string::npos)
      << json::serialize(report.at("errors"));
}

TEST_F(ImportsTest, BadRequestsAreRefusedNamingTheField) {
  HttpResponse json_body =
      Send("POST", "/api/v1/imports?kind=advocates&program_id=" + program_, kFile, "application/json");
  EXPECT_EQ(json_body.status, 422);
  EXPECT_NE(json_body.body.find("Content-Type"), std::string::npos);
  HttpResponse no_kind = Send("POST", "/api/v1/imports?program_id=" + program_, kFile);
  EXPECT_EQ(no_kind.status, 422);
  EXPECT_NE(no_kind.body.find("\"kind\""), std::string::npos);
  HttpResponse unknown = Import(kFile, "&colour=blue");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_NE(unknown.body.find("colour"), std::string::npos);
  HttpResponse no_program = Send("POST", "/api/v1/imports?kind=advocates&program_id=prg_nope", kFile);
  EXPECT_EQ(no_program.status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/imports/imp_nope").status, 404);
}

TEST_F(ImportsTest, OnlyAdminsAndManagersImport) {
  EXPECT_EQ(Import(kFile, "", server_.KeyFor("viewer")).status, 403);
  EXPECT_EQ(Import(kFile, "", server_.KeyFor("sales_rep")).status, 403);
  HttpResponse anonymous = server_.Client().Send("POST", "/api/v1/imports?kind=advocates&program_id=" + program_,
                                                 {{"Content-Type", "text/csv"}}, kFile);
  EXPECT_EQ(anonymous.status, 401);
  HttpResponse by_manager = Import(kFile, "", server_.KeyFor("manager"));
  ASSERT_EQ(by_manager.status, 200) << by_manager.body;
  std::string id(by_manager.Json().at("id").as_string());
  EXPECT_EQ(Send("GET", "/api/v1/imports/" + id, "", "text/csv", server_.KeyFor("viewer")).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/imports", "", "text/csv", server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/imports/" + id).status, 200);
  EXPECT_EQ(Advocates().size(), 3u);
}

TEST_F(ImportsTest, ARowRecordingAnEarlierSelfSignUpSendsNoWelcomeEmail) {
  json::object report = Report("email,first_name,source\r\nann@example.com,Ann,self_signup\r\n");
  EXPECT_EQ(Counts(report), "created 1, updated 0, unchanged 0, refused 0");
  EXPECT_EQ(AdvocateByEmail("ann@example.com").at("source"), "self_signup");
  HttpResponse outbox = Send("GET", "/api/v1/outbox");
  ASSERT_EQ(outbox.status, 200) << outbox.body;
  EXPECT_EQ(outbox.Json().at("data").as_array().size(), 0u) << "an import welcomes nobody: " << outbox.body;
}

TEST_F(ImportsTest, ASalesRepColumnGivesTheAdvocateToThatRep) {
  server_.CreateUser("rita@acme.example", "sales_rep", "a long enough password");
  json::object report = Report(
      "email,first_name,sales_rep\r\n"
      "ann@example.com,Ann,RITA@acme.example\r\n"
      "bob@example.com,Bob,nobody@acme.example\r\n");
  EXPECT_EQ(Counts(report), "created 1, updated 0, unchanged 0, refused 1");
  EXPECT_EQ(report.at("errors").as_array()[0].at("column"), "sales_rep");
  json::object ann = AdvocateByEmail("ann@example.com");
  EXPECT_EQ(std::string(ann.at("enrolled_by").as_string()).substr(0, 4), "usr_");
}

TEST_F(ImportsTest, AFailedBatchLeavesOnlyWholeBatchesAndImportingAgainFinishes) {
  constexpr auto kBatch = static_cast<int>(service::ImportService::kBatchRows);
  std::string file = "email,first_name\r\n";
  for (int i = 0; i < kBatch + 200; ++i) {
    file += "p" + std::to_string(i) + "@example.com,P" + std::to_string(i) + "\r\n";
  }
  // The import's own row, then the first batch commit; the second batch's commit is lost.
  server_.hooked->FailWriteAfter(2);
  HttpResponse failed = Import(file);
  EXPECT_EQ(failed.status, 503) << failed.body;
  json::array imports = Send("GET", "/api/v1/imports").Json().at("data").as_array();
  ASSERT_EQ(imports.size(), 1u);
  EXPECT_EQ(imports[0].at("status"), "interrupted");
  EXPECT_EQ(imports[0].at("rows_done"), kBatch);
  EXPECT_EQ(imports[0].at("created"), kBatch);
  json::object again = Report(file);
  EXPECT_EQ(Counts(again), "created 200, updated 0, unchanged " + std::to_string(kBatch) + ", refused 0");
}

TEST_F(ImportsTest, ALargeFileIsImportedInTheBackgroundWithProgress) {
  std::string file = "email,first_name\r\n";
  for (int i = 0; i < 10001; ++i) file += "p" + std::to_string(i) + "@example.com,P" + std::to_string(i) + "\r\n";
  HttpResponse started = Import(file);
  ASSERT_EQ(started.status, 202) << started.body;
  std::string id(started.Json().at("id").as_string());
  EXPECT_EQ(started.Json().at("rows_total"), 10001);
  EXPECT_EQ(started.Json().at("status"), "running");
  server_.services->imports.WaitUntilIdle();
  json::value report = Send("GET", "/api/v1/imports/" + id).Json();
  ASSERT_EQ(report.at("status"), "completed") << json::serialize(report);
  EXPECT_EQ(report.at("rows_done"), 10001);
  EXPECT_EQ(Counts(report.as_object()), "created 10001, updated 0, unchanged 0, refused 0");
}

}  // namespace
}  // namespace bb::testing

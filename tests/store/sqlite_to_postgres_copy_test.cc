// `bluebird copy`: a SQLite database filled through the services (the demo: programs, advocates,
// clicks, referrals with their histories, rewards, users, keys, the audit trail) arrives in
// PostgreSQL row for row, ids and event order kept; the copy then serves (its secrets came along, its
// identity columns continue after the copied ids), and the ledger verifies on both sides. A
// destination that holds data is refused and left as it was.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "app/copy_command.h"
#include "service/demo_data.h"
#include "service/ledger_verifier.h"
#include "store/postgres/connection.h"
#include "store/sqlite/connection.h"
#include "store/transfer/sqlite_to_postgres.h"
#include "temp_dir.h"
#include "test_postgres.h"
#include "test_server.h"

namespace bb::testing {
namespace {

using Rows = std::vector<std::vector<std::string>>;

// Every row of `table` with `columns` as text ("NULL" for null), in the order of all its columns.
Rows Dump(store::sql::Connection& db, const std::string& table, const std::vector<std::string>& columns) {
  std::string list;
  std::string order;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    list += (i > 0 ? ", " : "") + columns[i];
    order += (i > 0 ? ", " : "") + std::to_string(i + 1);
  }
  auto s = db.PrepareOnce("SELECT " + list + " FROM " + table + " ORDER BY " + order);
  EXPECT_TRUE(s.ok()) << table << ": " << (s.ok() ? "" : s.error().message());
  Rows rows;
  if (!s.ok()) return rows;
  while (true) {
    auto more = s->Step();
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    std::vector<std::string> row;
    for (int i = 0; i < static_cast<int>(columns.size()); ++i) row.push_back(s->IsNull(i) ? "NULL" : s->Text(i));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string> Strings(store::sql::Connection& db, const std::string& sql, const std::string& param = "") {
  auto s = db.PrepareOnce(sql);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message());
  std::vector<std::string> out;
  if (!s.ok()) return out;
  if (!param.empty()) s->Bind(param);
  while (true) {
    auto more = s->Step();
    if (!more.ok() || !*more) break;
    out.push_back(s->Text(0));
  }
  return out;
}

class SqliteToPostgresCopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!TestPostgresUrl()) GTEST_SKIP() << "no PostgreSQL server (see test_postgres.h)";
    source_path_ = dir_.File("source.db");
    TestServerOptions options = TestServer::DefaultOptions();
    options.database_path = source_path_;
    TestServer source(options);
    auto demo = service::FillDemo(*source.services, "http://localhost:8080");
    ASSERT_TRUE(demo.ok()) << demo.error().message();
    ASSERT_GT(demo->clicks, 0);
    ASSERT_GT(demo->won, 0);
    source.Stop();
    auto url = TestDatabaseUrl(dir_.path().string() + "/destination");
    ASSERT_TRUE(url.ok());
    url_ = *url;
  }

  TempDir dir_;
  std::string source_path_;
  std::string url_;
};

TEST_F(SqliteToPostgresCopyTest, EveryRowArrivesWithItsIdsAndTheCopyServes) {
  ASSERT_EQ(app::RunCopy(source_path_, url_), 0);

  auto sqlite = store::sqlite::Connection::Open(source_path_, false, 5000);
  auto postgres = store::postgres::Connection::Open(url_);
  ASSERT_TRUE(sqlite.ok() && postgres.ok());
  std::vector<std::string> tables =
      Strings(**sqlite,
              "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND "
              "name <> 'schema_migrations' AND name NOT LIKE 'advocate_search%' ORDER BY name");
  // (The search index is each backend's own: SQLite's FTS5 tables, PostgreSQL's pg_trgm indexes.)
  ASSERT_GE(tables.size(), 20u);
  std::int64_t compared_rows = 0;
  for (const auto& table : tables) {
    std::vector<std::string> columns =
        Strings(**postgres,
                "SELECT column_name FROM information_schema.columns WHERE "
                "table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                table);
    ASSERT_FALSE(columns.empty()) << table << " exists in PostgreSQL";
    // "rowid" is SQLite's implicit row number: the order history entries were written in.
    Rows in_sqlite = Dump(**sqlite, table, columns);
    Rows in_postgres = Dump(**postgres, table, columns);
    EXPECT_EQ(in_sqlite.size(), in_postgres.size()) << table;
    EXPECT_TRUE(in_sqlite == in_postgres) << table << ": the rows differ";
    compared_rows += static_cast<std::int64_t>(in_sqlite.size());
  }
  EXPECT_GT(compared_rows, 1000);
  std::string last_click = Strings(**postgres, "SELECT CAST(MAX(id) AS TEXT) FROM clicks").at(0);

  // The copy serves: its secrets and keys came along, and new rows take new ids.
  TestServerOptions options = TestServer::DefaultOptions();
  options.database_url = url_;
  TestServer copy(options);
  std::string code = Strings(**postgres, "SELECT code FROM advocates ORDER BY id LIMIT 1").at(0);
  HttpResponse click = copy.Client().Send("GET", "/r/" + code, {{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64)"}});
  EXPECT_EQ(click.status, 302) << click.body;
  copy.Stop();
  std::string newest = Strings(**postgres, "SELECT CAST(MAX(id) AS TEXT) FROM clicks").at(0);
  EXPECT_EQ(std::stoll(newest), std::stoll(last_click) + 1) << "the click identity continues after the copied ids";
}

TEST_F(SqliteToPostgresCopyTest, ADestinationWithDataIsRefusedAndKept) {
  MetricsRegistry metrics;
  auto first = store::transfer::CopySqliteToPostgres(source_path_, url_, metrics);
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_TRUE(first->Complete());
  auto second = store::transfer::CopySqliteToPostgres(source_path_, url_, metrics);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), ErrorCode::kConflict);
  EXPECT_NE(second.error().message().find("already has data"), std::string::npos) << second.error().message();
  EXPECT_EQ(app::RunCopy(source_path_, url_), 1);

  auto postgres = store::postgres::Connection::Open(url_);
  ASSERT_TRUE(postgres.ok());
  for (const auto& table : first->tables) {
    std::string count = Strings(**postgres, "SELECT CAST(COUNT(*) AS TEXT) FROM " + table.table).at(0);
    EXPECT_EQ(std::stoll(count), table.source_rows) << table.table << " holds the first copy, once";
  }
}

TEST_F(SqliteToPostgresCopyTest, WrongArgumentsAreRefusedBeforeAnythingIsWritten) {
  EXPECT_EQ(app::RunCopy(dir_.File("missing.db"), url_), 2);
  EXPECT_EQ(app::RunCopy(source_path_, dir_.File("not-a-url.db")), 2);
  auto postgres = store::postgres::Connection::Open(url_);
  ASSERT_TRUE(postgres.ok());
  EXPECT_TRUE(Strings(**postgres,
                      "SELECT table_name FROM information_schema.tables WHERE table_name = 'programs' "
                      "AND table_schema = current_schema()")
                  .empty())
      << "nothing was created in the destination";
}

}  // namespace
}  // namespace bb::testing

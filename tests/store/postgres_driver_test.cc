// What only the PostgreSQL backend does: its driver's errors, migrations under an advisory lock,
// and a pool that reconnects by itself. Needs the tests' PostgreSQL server (test_postgres.h).

#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <string>
#include <vector>

#include "common/metrics.h"
#include "compact_clicks_migration.h"
#include "domain/click.h"
#include "store/postgres/connection.h"
#include "store/postgres/connection_pool.h"
#include "store/postgres/postgres_store.h"
#include "store/sql/connection.h"
#include "temp_dir.h"
#include "test_postgres.h"

namespace bb::store::postgres {
namespace {

class PostgresDriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!bb::testing::TestPostgresUrl()) GTEST_SKIP() << "no PostgreSQL server (see test_postgres.h)";
    auto url = bb::testing::TestDatabaseUrl(dir_.path().string());
    ASSERT_TRUE(url.ok()) << url.error().message();
    url_ = *url;
  }

  std::unique_ptr<Connection> Connect() {
    auto connection = Connection::Open(url_);
    EXPECT_TRUE(connection.ok()) << connection.error().message();
    return connection.ok() ? std::move(*connection) : nullptr;
  }

  bb::testing::TempDir dir_;
  std::string url_;
};

TEST_F(PostgresDriverTest, AWrongPasswordIsOneLineThatNeverShowsThePassword) {
  std::string url = url_;
  auto at = url.find('@');
  auto colon = url.rfind(':', at);
  url.replace(colon + 1, at - colon - 1, "NotThePassword42");
  auto connection = Connection::Open(url, 5);
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.error().code(), ErrorCode::kUnavailable);
  const std::string& message = connection.error().message();
  EXPECT_NE(message.find("password authentication failed"), std::string::npos) << message;
  EXPECT_EQ(message.find("NotThePassword42"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST_F(PostgresDriverTest, AnUnreachableServerIsUnavailableWithinTheTimeout) {
  auto connection = Connection::Open("postgresql://bluebird:secret@127.0.0.1:1/bluebird?sslmode=disable", 2);
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(connection.error().message().find("secret"), std::string::npos) << connection.error().message();
}

TEST_F(PostgresDriverTest, AUniqueViolationNamesItsColumnsNeverItsValues) {
  auto db = Connect();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("CREATE TABLE pairs (a TEXT, b TEXT, UNIQUE (a, b))").ok());
  ASSERT_TRUE(db->Exec("INSERT INTO pairs VALUES ('ada@example.com', 'x')").ok());
  auto s = db->Prepare("INSERT INTO pairs VALUES (?, ?)");
  ASSERT_TRUE(s.ok());
  s->Bind("ada@example.com").Bind("x");
  Status inserted = s->Run();
  ASSERT_FALSE(inserted.ok());
  EXPECT_EQ(inserted.error().code(), ErrorCode::kConflict);
  EXPECT_NE(inserted.error().message().find("UNIQUE constraint failed: pairs.a, pairs.b"), std::string::npos)
      << inserted.error().message();
  EXPECT_EQ(inserted.error().message().find("ada@example.com"), std::string::npos) << inserted.error().message();
  EXPECT_EQ(sql::UniqueViolationColumn(inserted.error()), "a");
}

TEST_F(PostgresDriverTest, ACommitAfterAFailedStatementIsAFailureNotASilentRollback) {
  auto db = Connect();
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("CREATE TABLE kept (n BIGINT)").ok());
  ASSERT_TRUE(db->Exec("BEGIN").ok());
  ASSERT_TRUE(db->Exec("INSERT INTO kept VALUES (1)").ok());
  EXPECT_FALSE(db->Exec("SELECT 1 / 0").ok());
  Status committed = db->Commit();
  EXPECT_FALSE(committed.ok());
  ASSERT_TRUE(db->Exec("ROLLBACK").ok());
  auto count = db->Prepare("SELECT COUNT(*) FROM kept");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*count->Step());
  EXPECT_EQ(count->Int(0), 0);
}

TEST_F(PostgresDriverTest, ParametersTravelApartFromTheStatement) {
  auto db = Connect();
  ASSERT_NE(db, nullptr);
  // Parameters travel as text of no declared type: where the statement does not fix one, a CAST does.
  auto s =
      db->Prepare("SELECT CAST(? AS TEXT), CAST(? AS TEXT) || '!', CAST(? AS BIGINT) + 1, CAST(? AS TEXT) IS NULL");
  ASSERT_TRUE(s.ok());
  s->Bind("'); DROP TABLE x; --").Bind("héllo").Bind(std::int64_t{9'000'000'000'000'000'000}).BindNull();
  auto row = s->Step();
  ASSERT_TRUE(row.ok()) << row.error().message();
  ASSERT_TRUE(*row);
  EXPECT_EQ(s->Text(0), "'); DROP TABLE x; --");
  EXPECT_EQ(s->Text(1), "héllo!");
  EXPECT_EQ(s->Int(2), 9'000'000'000'000'000'001);
  EXPECT_EQ(s->Int(3), 1);
}

TEST_F(PostgresDriverTest, InstancesStartingTogetherMigrateExactlyOnce) {
  std::vector<std::future<Result<int>>> starting;
  for (int i = 0; i < 4; ++i) {
    starting.push_back(std::async(std::launch::async, [this]() -> Result<int> {
      BB_ASSIGN_OR_RETURN(auto db, Connection::Open(url_));
      return ApplyMigrations(*db, 1);  // a fixed version, whatever later migrations add
    }));
  }
  for (auto& started : starting) {
    auto version = started.get();
    ASSERT_TRUE(version.ok()) << version.error().message();
    EXPECT_EQ(*version, 1);
  }
  auto db = Connect();
  ASSERT_NE(db, nullptr);
  auto rows = db->Prepare("SELECT COUNT(*), MIN(version) FROM schema_migrations");
  ASSERT_TRUE(rows.ok());
  ASSERT_TRUE(*rows->Step());
  EXPECT_EQ(rows->Int(0), 1);
  EXPECT_EQ(rows->Int(1), 1);
}

TEST_F(PostgresDriverTest, ThePoolReplacesALostConnection) {
  ConnectionPool pool(url_, 1, std::chrono::milliseconds(2000), 5);
  std::string first_pid;
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.error().message();
    auto pid = (*lease)->Prepare("SELECT pg_backend_pid()");
    ASSERT_TRUE(pid.ok());
    ASSERT_TRUE(*pid->Step());
    first_pid = pid->Text(0);
  }
  // Another session ends the pooled one, as a server restart or a network failure would.
  auto admin = Connect();
  ASSERT_NE(admin, nullptr);
  ASSERT_TRUE(admin->Exec("SELECT pg_terminate_backend(" + first_pid + ")").ok());
  {
    auto lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    Status lost = (*lease)->Exec("SELECT 1");
    ASSERT_FALSE(lost.ok());
    EXPECT_EQ(lost.error().code(), ErrorCode::kUnavailable) << lost.error().message();
    EXPECT_TRUE((*lease)->Broken());
  }
  auto lease = pool.Acquire();
  ASSERT_TRUE(lease.ok()) << lease.error().message();
  EXPECT_TRUE((*lease)->Exec("SELECT 1").ok());
}

// Regression: after a database restart, the first request on each idle connection failed with a
// 503; nothing had run on those connections, so the store now takes another one.
TEST_F(PostgresDriverTest, AStoreGetsPastConnectionsTheServerClosedWhileIdle) {
  MetricsRegistry metrics;
  PostgresOptions options;
  options.url = url_;
  options.pool_size = 3;
  auto store = PostgresStore::Open(options, metrics);
  ASSERT_TRUE(store.ok()) << store.error().message();
  auto read_setting = [&] {
    return (*store)->Read([](Queries& q) -> Status { return StatusOf(q.GetSetting("none")); });
  };
  // Three reads at once leave three idle connections in the pool.
  std::vector<std::future<Status>> reads;
  for (int i = 0; i < 3; ++i) reads.push_back(std::async(std::launch::async, read_setting));
  for (auto& read : reads) ASSERT_TRUE(read.get().ok());
  auto admin = Connect();
  ASSERT_NE(admin, nullptr);
  ASSERT_TRUE(admin
                  ->Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                         "AND pid <> pg_backend_pid()")
                  .ok());
  for (int i = 0; i < 4; ++i) {
    Status read = read_setting();
    EXPECT_TRUE(read.ok()) << read.error().message();
    Status written = (*store)->Write([i](Tx& tx) { return tx.PutSetting("after", std::to_string(i)); });
    EXPECT_TRUE(written.ok()) << written.error().message();
  }
  (*store)->Close();
}

TEST_F(PostgresDriverTest, AWriteThatKeepsConflictingRunsAloneAndCommits) {
  // Every write reads and rewrites one counter: each pair of concurrent writes conflicts. With four
  // attempts allowed, a write would fail after three conflicts; the fourth runs alone and commits.
  MetricsRegistry metrics;
  PostgresOptions options;
  options.url = url_;
  options.pool_size = 8;
  options.max_attempts = 4;
  std::vector<std::unique_ptr<PostgresStore>> instances;
  for (int i = 0; i < 2; ++i) {
    auto opened = PostgresStore::Open(options, metrics);
    ASSERT_TRUE(opened.ok()) << opened.error().message();
    instances.push_back(std::move(*opened));
  }
  constexpr int kThreads = 8;
  constexpr int kIncrements = 25;
  std::vector<std::future<int>> failures;
  for (int t = 0; t < kThreads; ++t) {
    failures.push_back(std::async(std::launch::async, [&, t] {
      int failed = 0;
      for (int i = 0; i < kIncrements; ++i) {
        Status done = instances[t % 2]->Write([](Tx& tx) -> Status {
          BB_ASSIGN_OR_RETURN(auto value, tx.GetSetting("counter"));
          return tx.PutSetting("counter", std::to_string(value ? std::stoi(*value) + 1 : 1));
        });
        if (!done.ok()) ++failed;
      }
      return failed;
    }));
  }
  int failed = 0;
  for (auto& f : failures) failed += f.get();
  EXPECT_EQ(failed, 0);
  std::string counter;
  ASSERT_TRUE(instances[0]
                  ->Read([&](Queries& q) -> Status {
                    BB_ASSIGN_OR_RETURN(auto value, q.GetSetting("counter"));
                    counter = value.value_or("");
                    return Ok();
                  })
                  .ok());
  EXPECT_EQ(counter, std::to_string(kThreads * kIncrements)) << "every increment kept, none twice";
  EXPECT_GT(metrics.GetCounter("bluebird_store_writes_alone_total", "").Value(), 0u) << "some ran alone";
  for (auto& instance : instances) instance->Close();
}

// Sends 40 clicks of one advocate to `store` at once (a group or two of the click writer), the 14th
// made unstorable by `spoil`, and checks that only it failed and every other one is stored.
void ExpectOnlyTheSpoiledClickFails(Store& store, const std::function<void(domain::Click&)>& spoil) {
  constexpr int kClicks = 40;
  constexpr int kBad = 13;
  auto Visitor = [](int i) { return domain::FormatUlid(domain::Bits128{1, static_cast<std::uint64_t>(i)}); };
  std::vector<std::promise<Status>> done(kClicks);
  for (int i = 0; i < kClicks; ++i) {
    domain::Click click;
    click.program_id = "prg_1";
    click.advocate_id = "adv_1";
    click.code = "CODE22";
    click.occurred_at = FromMicros(1'767'225'600'000'000 + i);
    click.channel = "email";
    click.visitor_id = Visitor(i);
    click.ip_hash = std::string(32, '0');
    click.user_agent = "Mozilla/5.0";
    if (i == kBad) spoil(click);
    store.WriteAsync([click](Tx& tx) { return tx.InsertClick(click); },
                     [&done, i](Status status) { done[static_cast<std::size_t>(i)].set_value(std::move(status)); });
  }
  int failed = 0;
  for (int i = 0; i < kClicks; ++i) {
    Status status = done[static_cast<std::size_t>(i)].get_future().get();
    if (!status.ok()) {
      ++failed;
      EXPECT_EQ(i, kBad) << status.error().message();
    }
  }
  EXPECT_EQ(failed, 1);
  std::int64_t stored = 0;
  ASSERT_TRUE(store
                  .Read([&](Queries& q) -> Status {
                    for (int i = 0; i < kClicks; ++i) {
                      BB_ASSIGN_OR_RETURN(auto found, q.ListClicksByVisitor(Visitor(i), 2));
                      stored += static_cast<std::int64_t>(found.size());
                    }
                    return Ok();
                  })
                  .ok());
  EXPECT_EQ(stored, kClicks - 1);
}

TEST_F(PostgresDriverTest, AClickTheCopyRefusesFailsAloneAndTheOthersOfItsGroupAreKept) {
  // Invalid UTF-8 makes PostgreSQL refuse the whole COPY of a group of clicks: the group is run
  // again click by click, and only the bad one fails. (The service never sends such text: this is
  // the store's own guarantee.)
  MetricsRegistry metrics;
  PostgresOptions options;
  options.url = url_;
  auto opened = PostgresStore::Open(options, metrics);
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  ExpectOnlyTheSpoiledClickFails(**opened, [](domain::Click& click) { click.channel = "bad \xff\xfe"; });
  (*opened)->Close();
}

TEST_F(PostgresDriverTest, AClickWhoseUserAgentCannotBeKeptFailsAloneAndTheOthersOfItsGroupAreKept) {
  // The same text in a user agent fails where its key is made (outside the group's transaction,
  // store/sql/click_keys.h), before the COPY.
  MetricsRegistry metrics;
  PostgresOptions options;
  options.url = url_;
  auto opened = PostgresStore::Open(options, metrics);
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  ExpectOnlyTheSpoiledClickFails(**opened, [](domain::Click& click) { click.user_agent = "bad \xff\xfe"; });
  (*opened)->Close();
}

// Schema 14 keeps clicks compactly (keys for repeated texts, bits for the visitor id and the
// address hash): every click stored before it reads back as it was.
TEST_F(PostgresDriverTest, TheClicksOfAnEarlierVersionReadBackUnchangedAfterVersion14) {
  {
    auto db = Connect();
    ASSERT_NE(db, nullptr);
    auto version = ApplyMigrations(*db, 13);
    ASSERT_TRUE(version.ok()) << version.error().message();
    ASSERT_EQ(*version, 13);
    ASSERT_TRUE(db->Exec(kOldClicksSql).ok());
  }
  MetricsRegistry metrics;
  PostgresOptions options;
  options.url = url_;
  auto store = PostgresStore::Open(options, metrics);
  ASSERT_TRUE(store.ok()) << store.error().message();
  ExpectOldClicksKept(**store);
  (*store)->Close();
  auto db = Connect();
  ASSERT_NE(db, nullptr);
  auto names = db->Prepare("SELECT COUNT(*) FROM click_names");
  ASSERT_TRUE(names.ok() && *names->Step());
  EXPECT_EQ(names->Int(0), 7) << "2 programs, 3 user agents, 2 referrers: the new click made none";
}

}  // namespace
}  // namespace bb::store::postgres

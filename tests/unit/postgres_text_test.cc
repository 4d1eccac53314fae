// The PostgreSQL driver's text handling that needs no server: parameter numbering and the
// password kept out of URLs shown in messages and logs.

#include <gtest/gtest.h>

#include "app/config.h"
#include "store/postgres/connection.h"

namespace bb::store::postgres {
namespace {

TEST(NumberParameters, NumbersBareParametersInOrder) {
  EXPECT_EQ(NumberParameters("SELECT a FROM t WHERE b = ? AND c < ? LIMIT ?"),
            "SELECT a FROM t WHERE b = $1 AND c < $2 LIMIT $3");
}

TEST(NumberParameters, KeepsNumberedParametersAndContinuesAfterTheLargestAsSqliteDoes) {
  EXPECT_EQ(NumberParameters("?1 = x OR ?1 = y AND z = ?"), "$1 = x OR $1 = y AND z = $2");
  EXPECT_EQ(NumberParameters("a = ?3 AND b = ?"), "a = $3 AND b = $4");
  EXPECT_EQ(NumberParameters("a = ?12"), "a = $12");
}

TEST(NumberParameters, LeavesQuotesAndCommentsAlone) {
  EXPECT_EQ(NumberParameters("SELECT '?', \"odd?name\", 'it''s ?' FROM t WHERE a = ?"),
            "SELECT '?', \"odd?name\", 'it''s ?' FROM t WHERE a = $1");
  EXPECT_EQ(NumberParameters("SELECT 1 -- why?\nWHERE a = ? /* or ? */ AND b = ?"),
            "SELECT 1 -- why?\nWHERE a = $1 /* or ? */ AND b = $2");
  EXPECT_EQ(NumberParameters("no parameters"), "no parameters");
}

TEST(RedactUrl, HidesThePasswordAndKeepsEverythingElse) {
  EXPECT_EQ(RedactUrl("postgres://bluebird:s3cr3t@db.internal:5432/bluebird?sslmode=verify-full"),
            "postgres://bluebird:***@db.internal:5432/bluebird?sslmode=verify-full");
  EXPECT_EQ(RedactUrl("postgresql://bluebird@db/bluebird"), "postgresql://bluebird@db/bluebird");
  EXPECT_EQ(RedactUrl("postgresql://db/bluebird?user=bb&password=s3cr3t&sslmode=require"),
            "postgresql://db/bluebird?user=bb&password=***&sslmode=require");
  EXPECT_EQ(RedactUrl("postgres://u:p%40ss@h/d"), "postgres://u:***@h/d");
}

// Regression (review): a password holding an unencoded '?', '#' or '@' was shown in full, because
// the user part was taken to end at the first '?' or '#'; libpq reads it up to the last '@'.
TEST(RedactUrl, HidesPasswordsWithReservedCharactersAsLibpqReadsThem) {
  EXPECT_EQ(RedactUrl("postgres://app:pa?ss@db/bb"), "postgres://app:***@db/bb");
  EXPECT_EQ(RedactUrl("postgres://app:pa#ss@db:5432/bb?sslmode=require"),
            "postgres://app:***@db:5432/bb?sslmode=require");
  EXPECT_EQ(RedactUrl("postgres://app:p@ss@db"), "postgres://app:***@db");
}

// Regression (review): libpq's parse errors quote the text they cannot read, so a password with a
// bad percent-escape was printed at start.
TEST(ConnectionOpen, AnUnreadableUrlIsRefusedWithoutQuotingIt) {
  auto connection = Connection::Open("postgres://app:Xy%9zSecret!@127.0.0.1:1/bluebird", 1);
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(connection.error().message().find("Secret"), std::string::npos) << connection.error().message();
  EXPECT_NE(connection.error().message().find("cannot be read"), std::string::npos) << connection.error().message();
}

TEST(IsPostgresUrl, KnowsBothSchemesAndNothingElse) {
  EXPECT_TRUE(IsPostgresUrl("postgres://h/d"));
  EXPECT_TRUE(IsPostgresUrl("postgresql://h/d"));
  EXPECT_FALSE(IsPostgresUrl("bluebird.db"));
  EXPECT_FALSE(IsPostgresUrl("/var/lib/postgres://x"));
}

TEST(DatabaseConfig, AUrlSelectsPostgresAndIsShownWithoutItsPassword) {
  auto config = app::LoadConfig("", {}, {{"database.url", "postgres://bb:s3cr3t@db:5432/bluebird"}});
  ASSERT_TRUE(config.ok()) << config.error().message();
  EXPECT_TRUE(config->UsesPostgres());
  EXPECT_EQ(config->DatabaseForDisplay(), "postgres://bb:***@db:5432/bluebird");

  auto sqlite = app::LoadConfig("", {}, {});
  ASSERT_TRUE(sqlite.ok());
  EXPECT_FALSE(sqlite->UsesPostgres());
  EXPECT_EQ(sqlite->DatabaseForDisplay(), "bluebird.db");

  auto wrong = app::LoadConfig("", {}, {{"database.url", "mysql://db/bluebird"}});
  ASSERT_FALSE(wrong.ok());
  ASSERT_EQ(wrong.error().fields().size(), 1u);
  EXPECT_EQ(wrong.error().fields()[0].field, "database.url");
}

}  // namespace
}  // namespace bb::store::postgres

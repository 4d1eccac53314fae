// List queries on SQLite write only the filters they were given (Filters, query_helpers.h), so
// that each filter's index is used. Regression: "(? = '' OR column = ?)" terms hid every index,
// and listing one referral's rewards or a program's review queue scanned the whole table.

#include <gtest/gtest.h>

#include <string>

#include "common/metrics.h"
#include "store/sql/query_helpers.h"
#include "store/sqlite/sqlite_store.h"
#include "temp_dir.h"

namespace bb::store::sqlite {
namespace {

using sql::Filters;

TEST(Filters, WritesOnlyThePresentConditionsAndBindsTheirValuesInOrder) {
  Filters none;
  none.When("program_id = ?", std::string()).WhenTrue("stage <> 'lost'", false);
  EXPECT_EQ(none.Where(), "");

  Filters some;
  some.When("program_id = ?", std::string("prg_1")).When("advocate_id = ?", std::string());
  some.WhenTrue("stage <> 'lost'", true).When("id < ?", std::string("rwd_9"));
  EXPECT_EQ(some.Where(), " WHERE program_id = ? AND stage <> 'lost' AND id < ?");
}

// The plan SQLite picks for `sql` on a migrated database, one line per step.
std::string PlanOf(const std::string& sql) {
  testing::TempDir dir;
  MetricsRegistry metrics;
  SqliteOptions options;
  options.path = dir.File("bluebird.db");
  EXPECT_TRUE(SqliteStore::Open(options, metrics).ok());
  auto db = Connection::Open(options.path, false, 1000);
  EXPECT_TRUE(db.ok());
  if (!db.ok()) return "";
  auto plan = (*db)->PrepareOnce("EXPLAIN QUERY PLAN " + sql);
  EXPECT_TRUE(plan.ok());
  if (!plan.ok()) return "";
  std::string out;
  while (true) {
    auto row = plan->Step();
    if (!row.ok() || !*row) break;
    out += plan->Text(3) + "\n";
  }
  return out;
}

TEST(Filters, LetSqlitePickTheIndexOfEachFilter) {
  Filters by_referral;
  by_referral.When("referral_id = ?", std::string("ref_1"));
  EXPECT_NE(
      PlanOf("SELECT id FROM rewards" + by_referral.Where() + " ORDER BY id DESC LIMIT 50").find("rewards_referral"),
      std::string::npos);

  Filters queue;
  queue.When("program_id = ?", std::string("prg_1"));
  queue.WhenTrue("review_status <> 'clear' AND stage NOT IN ('lost', 'rejected')", true);
  EXPECT_NE(PlanOf("SELECT id FROM referrals" + queue.Where() + " ORDER BY id DESC LIMIT 50").find("referrals_program"),
            std::string::npos);
}

}  // namespace
}  // namespace bb::store::sqlite

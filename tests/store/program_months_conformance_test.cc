// A program's figures per month (store/programs.h) on every backend: inserted, replaced as a
// whole, listed by range and program with the program's currency, deleted; and counted as money
// that locks the program's currency.

#include "conformance.h"
#include "domain/program_month.h"

namespace bb::store::conformance {
namespace {

class ProgramMonthsConformanceTest : public ConformanceTest {
 protected:
  domain::ProgramMonth Month(const domain::Program& program, const char* month, std::optional<std::int64_t> cost) {
    domain::ProgramMonth m;
    m.program_id = program.id;
    m.month = month;
    m.currency = program.currency;
    m.cost_minor = cost;
    m.note = "entered";
    m.updated_by = "usr_1";
    m.updated_at = kT0;
    return m;
  }
  std::vector<domain::ProgramMonth> List(const std::string& program_id, const char* from, const char* before) {
    return Get([&](Queries& q) { return q.ListProgramMonths(program_id, from, before); });
  }
};

TEST_P(ProgramMonthsConformanceTest, PutListReplaceAndDelete) {
  domain::Program north = MakeProgram("north");
  domain::Program south = MakeProgram("south");
  ASSERT_OK(InsertProgramWithAdvocates(north, {}));
  ASSERT_OK(InsertProgramWithAdvocates(south, {}));
  EXPECT_FALSE(Get([&](Queries& q) { return q.ProgramHasMoney(north.id); }));

  domain::ProgramMonth december = Month(north, "2025-12", 1'000'000'000'000'000);
  domain::ProgramMonth january = Month(north, "2026-01", std::nullopt);
  january.total_pipeline_minor = 7;
  january.total_revenue_minor = 0;
  january.total_customers_at_start = 1'000'000'000'000;
  january.total_new_customers = 0;
  january.total_churned_customers = 12;
  domain::ProgramMonth south_january = Month(south, "2026-01", 5);
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.PutProgramMonth(january));
    BB_RETURN_IF_ERROR(tx.PutProgramMonth(south_january));
    return tx.PutProgramMonth(december);
  }));
  EXPECT_EQ(List(north.id, "2000-01", "9999-13"), (std::vector<domain::ProgramMonth>{december, january}))
      << "by month, every figure and null kept";
  EXPECT_EQ(List(north.id, "2026-01", "2026-02"), std::vector<domain::ProgramMonth>{january}) << "[from, before)";
  EXPECT_EQ(List("", "2026-01", "2026-02"), (std::vector<domain::ProgramMonth>{january, south_january}))
      << "every program's, by program";
  EXPECT_TRUE(Get([&](Queries& q) { return q.ProgramHasMoney(north.id); })) << "its currency is now money's";

  domain::ProgramMonth replaced = Month(north, "2026-01", 3);
  replaced.note = "";
  replaced.updated_at = kT0 + std::chrono::hours(1);
  ASSERT_OK(Write([&](Tx& tx) { return tx.PutProgramMonth(replaced); }));
  EXPECT_EQ(List(north.id, "2026-01", "2026-02"), std::vector<domain::ProgramMonth>{replaced}) << "as a whole";

  std::vector<bool> deleted;
  for (int attempt = 0; attempt < 2; ++attempt) {
    ASSERT_OK(Write([&](Tx& tx) -> Status {
      BB_ASSIGN_OR_RETURN(bool done, tx.DeleteProgramMonth(north.id, "2026-01"));
      deleted.push_back(done);
      return Ok();
    }));
  }
  EXPECT_EQ(deleted, (std::vector<bool>{true, false})) << "the second finds nothing";
  EXPECT_EQ(List(north.id, "2000-01", "9999-13"), std::vector<domain::ProgramMonth>{december});
  EXPECT_EQ(List(south.id, "2000-01", "9999-13"), std::vector<domain::ProgramMonth>{south_january});
}

INSTANTIATE_TEST_SUITE_P(Backends, ProgramMonthsConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance

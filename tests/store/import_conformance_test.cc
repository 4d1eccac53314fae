// The storage conformance suite for imports (see conformance.h): an import and its report kept
// field for field (errors and warnings with their row, column and message, in order, including
// text that needs escaping), its progress rewritten, and the list newest first per program.

#include "conformance.h"
#include "domain/import.h"

namespace bb::store {
namespace {

using namespace conformance;  // NOLINT(google-build-using-namespace): the suite's vocabulary
using namespace std::chrono_literals;
using domain::Import;

class ImportConformanceTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    program_ = MakeProgram("acme");
    other_ = MakeProgram("beta");
    ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                  BB_RETURN_IF_ERROR(tx.InsertProgram(program_));
                  return tx.InsertProgram(other_);
                }).ok());
  }

  Import MakeImport(const domain::Program& program, Timestamp at) {
    Import i;
    i.id = NewId(domain::kImportPrefix, at);
    i.program_id = program.id;
    i.kind = domain::ImportKind::kAdvocates;
    i.dry_run = true;
    i.created_by = "usr_admin";
    i.rows_total = 1'000'000;
    i.created_at = i.updated_at = at;
    return i;
  }
  std::optional<Import> Find(const std::string& id) {
    std::optional<Import> out;
    EXPECT_TRUE(store_
                    ->Read([&](Queries& q) -> Status {
                      BB_ASSIGN_OR_RETURN(out, q.FindImport(id));
                      return Ok();
                    })
                    .ok());
    return out;
  }
  std::vector<std::string> List(const std::string& program_id, const std::string& before = "", int limit = 10,
                                const std::string& kind = "") {
    std::vector<Import> found;
    EXPECT_TRUE(store_
                    ->Read([&](Queries& q) -> Status {
                      BB_ASSIGN_OR_RETURN(found, q.ListImports(program_id, kind, before, limit));
                      return Ok();
                    })
                    .ok());
    std::vector<std::string> ids;
    for (const auto& i : found) ids.push_back(i.id);
    return ids;
  }

  domain::Program program_;
  domain::Program other_;
};

TEST_P(ImportConformanceTest, AnImportAndItsReportKeepEveryField) {
  Import import = MakeImport(program_, kT0);
  ASSERT_TRUE(Write([&](Tx& tx) -> Status { return tx.InsertImport(import); }).ok());
  auto fresh = Find(import.id);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->program_id, program_.id);
  EXPECT_EQ(fresh->status, domain::ImportStatus::kRunning);
  EXPECT_TRUE(fresh->dry_run);
  EXPECT_EQ(fresh->rows_total, 1'000'000);
  EXPECT_TRUE(fresh->errors.empty());
  EXPECT_FALSE(fresh->finished_at);

  import.status = domain::ImportStatus::kCompleted;
  import.rows_done = 999'999;
  import.created = 5'000'000'000;  // beyond 32 bits
  import.updated = 2;
  import.unchanged = 3;
  import.refused = 4;
  import.errors = {{2, "E-mail \"address\"", "is not UTF-8 text; ✓ \\ \n"}, { 9, "", "has 5 cells" }};
  import.errors_truncated = true;
  import.warnings = {{ 1, "Phone", "is not imported" }};
  import.updated_at = kT0 + 90s;
  import.finished_at = kT0 + 91s;
  ASSERT_TRUE(Write([&](Tx& tx) -> Status { return tx.UpdateImport(import); }).ok());
  auto done = Find(import.id);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, domain::ImportStatus::kCompleted);
  EXPECT_EQ(done->rows_done, 999'999);
  EXPECT_EQ(done->created, 5'000'000'000);
  EXPECT_EQ(done->updated, 2);
  EXPECT_EQ(done->unchanged, 3);
  EXPECT_EQ(done->refused, 4);
  EXPECT_EQ(done->errors, import.errors);
  EXPECT_TRUE(done->errors_truncated);
  EXPECT_EQ(done->warnings, import.warnings);
  EXPECT_EQ(done->created_at, kT0);
  EXPECT_EQ(done->updated_at, kT0 + 90s);
  EXPECT_EQ(done->finished_at, std::optional<Timestamp>(kT0 + 91s));
  EXPECT_EQ(done->created_by, "usr_admin");
  EXPECT_FALSE(Find("imp_missing"));
}

TEST_P(ImportConformanceTest, ImportsAreListedNewestFirstPerProgram) {
  Import first = MakeImport(program_, kT0);
  Import second = MakeImport(other_, kT0 + 1s);
  Import third = MakeImport(program_, kT0 + 2s);
  ASSERT_TRUE(Write([&](Tx& tx) -> Status {
                for (const auto* i : {&first, &second, &third}) BB_RETURN_IF_ERROR(tx.InsertImport(*i));
                return Ok();
              }).ok());
  EXPECT_EQ(List(program_.id), (std::vector<std::string>{third.id, first.id}));
  EXPECT_EQ(List(""), (std::vector<std::string>{third.id, second.id, first.id}));
  EXPECT_EQ(List("", third.id, 1), (std::vector<std::string>{second.id}));
  EXPECT_EQ(List("", "", 10, "advocates").size(), 3u);
  EXPECT_TRUE(List("", "", 10, "referrals").empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ImportConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store

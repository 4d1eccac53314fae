// A program's language settings (store/programs.h) on every backend: the defaults until set; the
// language and every wording round-trip (quotes, non-ASCII, placeholders) and are replaced as a
// whole; each program keeps its own.

#include "conformance.h"
#include "domain/program_language.h"

namespace bb::store::conformance {
namespace {

class ProgramLanguageConformanceTest : public ConformanceTest {};

TEST_P(ProgramLanguageConformanceTest, DefaultsUntilSetThenReplacedAsAWhole) {
  domain::Program north = MakeProgram("north");
  domain::Program south = MakeProgram("south");
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(tx.InsertProgram(north));
    return tx.InsertProgram(south);
  }));
  EXPECT_EQ(Get([&](Queries& q) { return q.ReadProgramLanguage(north.id); }), domain::ProgramLanguage{});

  domain::ProgramLanguage german;
  german.language = "de-CH";
  german.messages["reward.won"] = "{{referee}} ist jetzt Kundin – \"grüezi\" ✓";
  german.messages["stage.won"] = "Kunde";
  ASSERT_OK(Write([&](Tx& tx) { return tx.PutProgramLanguage(north.id, german); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.ReadProgramLanguage(north.id); }), german);
  EXPECT_EQ(Get([&](Queries& q) { return q.ReadProgramLanguage(south.id); }), domain::ProgramLanguage{})
      << "each program its own";

  domain::ProgramLanguage fewer;
  fewer.language = "fr";
  fewer.messages["stage.lost"] = "Pas conclu";
  ASSERT_OK(Write([&](Tx& tx) { return tx.PutProgramLanguage(north.id, fewer); }));
  EXPECT_EQ(Get([&](Queries& q) { return q.ReadProgramLanguage(north.id); }), fewer) << "replaced, not merged";
}

INSTANTIATE_TEST_SUITE_P(Backends, ProgramLanguageConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance

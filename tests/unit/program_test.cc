#include "domain/program.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

namespace bb::domain {
namespace {

using namespace std::chrono_literals;

const Timestamp kCreated = FromMicros(1'767'225'600'000'000);  // 2026-01-01T00:00:00Z
const Timestamp kLater = kCreated + 24h;

ProgramInput ValidInput() {
  ProgramInput input;
  input.name = "Acme Partners";
  input.kind = "partner";
  input.landing_url = "https://acme.example.com/partners";
  return input;
}

std::set<std::string> FieldNames(const Error& error) {
  std::set<std::string> names;
  for (const auto& field : error.fields()) names.insert(field.field);
  return names;
}

void ExpectSamePrograms(const Program& a, const Program& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.slug, b.slug);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.landing_url, b.landing_url);
  EXPECT_EQ(a.attribution_window_days, b.attribution_window_days);
  EXPECT_EQ(a.currency, b.currency);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.created_at, b.created_at);
  EXPECT_EQ(a.updated_at, b.updated_at);
}

Program Built(const ProgramInput& input = ValidInput()) {
  auto built = BuildProgram(input, "prg_1", kCreated);
  EXPECT_TRUE(built.ok());
  return built.ok() ? *built : Program{};
}

TEST(ProgramEnums, RoundTripThroughText) {
  for (ProgramKind kind : {ProgramKind::kCustomer, ProgramKind::kPartner, ProgramKind::kEmployee}) {
    EXPECT_EQ(ParseProgramKind(ToString(kind)), kind);
  }
  for (ProgramStatus status : {ProgramStatus::kActive, ProgramStatus::kPaused, ProgramStatus::kArchived}) {
    EXPECT_EQ(ParseProgramStatus(ToString(status)), status);
  }
  EXPECT_EQ(ToString(ProgramKind::kEmployee), "employee");
  EXPECT_EQ(ToString(ProgramStatus::kPaused), "paused");
  EXPECT_FALSE(ParseProgramKind("Customer").has_value());
  EXPECT_FALSE(ParseProgramKind("").has_value());
  EXPECT_FALSE(ParseProgramStatus("deleted").has_value());
}

TEST(BuildProgram, FillsDefaults) {
  auto built = BuildProgram(ValidInput(), "prg_1", kCreated);
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->id, "prg_1");
  EXPECT_EQ(built->name, "Acme Partners");
  EXPECT_EQ(built->slug, "acme-partners");
  EXPECT_EQ(built->kind, ProgramKind::kPartner);
  EXPECT_EQ(built->description, "");
  EXPECT_EQ(built->landing_url, "https://acme.example.com/partners");
  EXPECT_EQ(built->attribution_window_days, 180);
  EXPECT_EQ(built->currency, "USD");
  EXPECT_EQ(built->status, ProgramStatus::kActive);
  EXPECT_EQ(built->created_at, kCreated);
  EXPECT_EQ(built->updated_at, kCreated);
}

TEST(BuildProgram, KeepsEveryGivenField) {
  ProgramInput input = ValidInput();
  input.name = "  Friends of Acme  ";
  input.kind = "employee";
  input.slug = "friends";
  input.description = "Line one\nLine two";
  input.attribution_window_days = 730;
  input.currency = "EUR";
  auto built = BuildProgram(input, "prg_2", kCreated);
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->name, "Friends of Acme");
  EXPECT_EQ(built->kind, ProgramKind::kEmployee);
  EXPECT_EQ(built->slug, "friends");
  EXPECT_EQ(built->description, "Line one\nLine two");
  EXPECT_EQ(built->attribution_window_days, 730);
  EXPECT_EQ(built->currency, "EUR");
}

TEST(BuildProgram, RequiresNameKindAndLandingUrl) {
  auto built = BuildProgram(ProgramInput{}, "prg_1", kCreated);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldNames(built.error()), (std::set<std::string>{"name", "kind", "landing_url"}));
}

TEST(BuildProgram, NamesEachMissingField) {
  for (auto clear : {+[](ProgramInput& i) { i.name.reset(); }, +[](ProgramInput& i) { i.kind.reset(); },
                     +[](ProgramInput& i) { i.landing_url.reset(); }}) {
    ProgramInput input = ValidInput();
    clear(input);
    auto built = BuildProgram(input, "prg_1", kCreated);
    ASSERT_FALSE(built.ok());
    EXPECT_EQ(built.error().fields().size(), 1u);
  }
  ProgramInput no_url = ValidInput();
  no_url.landing_url.reset();
  auto built = BuildProgram(no_url, "prg_1", kCreated);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(FieldNames(built.error()), (std::set<std::string>{"landing_url"}));
}

struct InvalidCase {
  const char* field;
  void (*apply)(ProgramInput&);
};

TEST(BuildProgram, NamesEachInvalidField) {
  const InvalidCase cases[] = {
      {"name", [](ProgramInput& i) { i.name = "   "; }},
      {"name", [](ProgramInput& i) { i.name = std::string(201, 'n'); }},
      {"name", [](ProgramInput& i) { i.name = "two\nlines"; }},
      {"kind", [](ProgramInput& i) { i.kind = "vendor"; }},
      {"kind", [](ProgramInput& i) { i.kind = "Partner"; }},
      {"slug", [](ProgramInput& i) { i.slug = "Bad Slug"; }},
      {"slug", [](ProgramInput& i) { i.slug = ""; }},
      {"description", [](ProgramInput& i) { i.description = std::string(4001, 'd'); }},
      {"description", [](ProgramInput& i) { i.description = std::string("nul\0", 4); }},
      {"landing_url", [](ProgramInput& i) { i.landing_url = "ftp://acme.example.com/"; }},
      {"landing_url", [](ProgramInput& i) { i.landing_url = "https://user:pw@acme.example.com/"; }},
      {"attribution_window_days", [](ProgramInput& i) { i.attribution_window_days = 0; }},
      {"attribution_window_days", [](ProgramInput& i) { i.attribution_window_days = 731; }},
      {"attribution_window_days", [](ProgramInput& i) { i.attribution_window_days = -5; }},
      {"currency", [](ProgramInput& i) { i.currency = "usd"; }},
      {"currency", [](ProgramInput& i) { i.currency = "XYZ"; }},
  };
  for (const auto& c : cases) {
    ProgramInput input = ValidInput();
    c.apply(input);
    auto built = BuildProgram(input, "prg_1", kCreated);
    ASSERT_FALSE(built.ok()) << c.field;
    EXPECT_EQ(built.error().code(), ErrorCode::kInvalidArgument);
    std::set<std::string> names = FieldNames(built.error());
    EXPECT_EQ(names.count(c.field), 1u) << c.field;
    // A bad name may also leave no slug to derive; nothing else may be blamed.
    names.erase(c.field);
    if (std::string_view(c.field) == "name") names.erase("slug");
    EXPECT_TRUE(names.empty()) << c.field << " also blamed " << *names.begin();
    for (const auto& field : built.error().fields()) EXPECT_FALSE(field.message.empty()) << field.field;
  }
}

TEST(BuildProgram, AcceptsBoundaryValues) {
  ProgramInput input = ValidInput();
  input.name = std::string(200, 'n');
  input.description = std::string(4000, 'd');
  input.attribution_window_days = 1;
  auto built = BuildProgram(input, "prg_1", kCreated);
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->attribution_window_days, 1);
}

TEST(BuildProgram, NamesEveryBadFieldAtOnce) {
  ProgramInput input;
  input.name = "";
  input.slug = "given";
  input.kind = "vendor";
  input.landing_url = "nope";
  input.currency = "usd";
  input.attribution_window_days = 9999;
  auto built = BuildProgram(input, "prg_1", kCreated);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(FieldNames(built.error()),
            (std::set<std::string>{"name", "kind", "landing_url", "currency", "attribution_window_days"}));
}

TEST(BuildProgram, NeedsASlugWhenTheNameHasNoLettersOrDigits) {
  ProgramInput input = ValidInput();
  input.name = "!!!";
  auto built = BuildProgram(input, "prg_1", kCreated);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(FieldNames(built.error()), (std::set<std::string>{"slug"}));
  input.slug = "bangs";
  auto with_slug = BuildProgram(input, "prg_1", kCreated);
  ASSERT_TRUE(with_slug.ok());
  EXPECT_EQ(with_slug->slug, "bangs");
}

TEST(ApplyProgramChanges, ChangesOnlyThePresentFields) {
  Program program = Built();
  ProgramInput changes;
  changes.name = " Acme Resellers ";
  changes.attribution_window_days = 90;
  ASSERT_TRUE(ApplyProgramChanges(program, changes, kLater).ok());
  EXPECT_EQ(program.name, "Acme Resellers");
  EXPECT_EQ(program.attribution_window_days, 90);
  EXPECT_EQ(program.slug, "acme-partners");  // not re-derived from the new name
  EXPECT_EQ(program.landing_url, "https://acme.example.com/partners");
  EXPECT_EQ(program.currency, "USD");
  EXPECT_EQ(program.created_at, kCreated);
  EXPECT_EQ(program.updated_at, kLater);
}

TEST(ApplyProgramChanges, ChangesEveryMutableField) {
  Program program = Built();
  ProgramInput changes;
  changes.slug = "resellers";
  changes.description = "New\ndescription";
  changes.landing_url = "https://acme.example.com/resellers?x=1";
  changes.currency = "GBP";
  changes.kind = "partner";  // the same kind is not a change
  ASSERT_TRUE(ApplyProgramChanges(program, changes, kLater).ok());
  EXPECT_EQ(program.slug, "resellers");
  EXPECT_EQ(program.description, "New\ndescription");
  EXPECT_EQ(program.landing_url, "https://acme.example.com/resellers?x=1");
  EXPECT_EQ(program.currency, "GBP");
  EXPECT_EQ(program.kind, ProgramKind::kPartner);
}

TEST(ApplyProgramChanges, RefusesAKindChangeAndLeavesTheProgramUnchanged) {
  Program program = Built();
  const Program before = program;
  ProgramInput changes;
  changes.kind = "customer";
  changes.name = "Renamed";
  Status status = ApplyProgramChanges(program, changes, kLater);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldNames(status.error()), (std::set<std::string>{"kind"}));
  ExpectSamePrograms(program, before);
}

TEST(ApplyProgramChanges, NamesInvalidFieldsAndLeavesTheProgramUnchanged) {
  Program program = Built();
  const Program before = program;
  ProgramInput changes;
  changes.name = "Fine name";
  changes.landing_url = "not a url";
  changes.attribution_window_days = 0;
  Status status = ApplyProgramChanges(program, changes, kLater);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldNames(status.error()), (std::set<std::string>{"landing_url", "attribution_window_days"}));
  ExpectSamePrograms(program, before);
}

TEST(ApplyProgramChanges, RefusesChangesToAnArchivedProgram) {
  Program program = Built();
  program.status = ProgramStatus::kArchived;
  const Program before = program;
  ProgramInput changes;
  changes.name = "Renamed";
  Status status = ApplyProgramChanges(program, changes, kLater);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kConflict);
  ExpectSamePrograms(program, before);
}

TEST(ChangeProgramStatus, MovesBetweenActiveAndPaused) {
  Program program = Built();
  ASSERT_TRUE(ChangeProgramStatus(program, ProgramStatus::kPaused, kLater).ok());
  EXPECT_EQ(program.status, ProgramStatus::kPaused);
  EXPECT_EQ(program.updated_at, kLater);
  ASSERT_TRUE(ChangeProgramStatus(program, ProgramStatus::kActive, kLater + 1h).ok());
  EXPECT_EQ(program.status, ProgramStatus::kActive);
  EXPECT_EQ(program.updated_at, kLater + 1h);
}

TEST(ChangeProgramStatus, ArchivesFromActiveOrPaused) {
  Program active = Built();
  ASSERT_TRUE(ChangeProgramStatus(active, ProgramStatus::kArchived, kLater).ok());
  EXPECT_EQ(active.status, ProgramStatus::kArchived);
  Program paused = Built();
  paused.status = ProgramStatus::kPaused;
  ASSERT_TRUE(ChangeProgramStatus(paused, ProgramStatus::kArchived, kLater).ok());
  EXPECT_EQ(paused.status, ProgramStatus::kArchived);
}

TEST(ChangeProgramStatus, NeverLeavesArchived) {
  for (ProgramStatus target : {ProgramStatus::kActive, ProgramStatus::kPaused}) {
    Program program = Built();
    program.status = ProgramStatus::kArchived;
    Status status = ChangeProgramStatus(program, target, kLater);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code(), ErrorCode::kConflict);
    EXPECT_EQ(program.status, ProgramStatus::kArchived);
    EXPECT_EQ(program.updated_at, kCreated);
  }
}

TEST(ChangeProgramStatus, SettingTheCurrentStatusIsANoOp) {
  for (ProgramStatus status : {ProgramStatus::kActive, ProgramStatus::kPaused, ProgramStatus::kArchived}) {
    Program program = Built();
    program.status = status;
    ASSERT_TRUE(ChangeProgramStatus(program, status, kLater).ok());
    EXPECT_EQ(program.status, status);
    EXPECT_EQ(program.updated_at, kCreated);
  }
}

}  // namespace
}  // namespace bb::domain

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
  EXPECT_TRUE(a.referral_policy == b.referral_policy);
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

// --- Referral policy ---------------------------------------------------------------------------

void ExpectDefaultPolicy(const ReferralPolicy& policy) {
  EXPECT_TRUE(policy.uses_opportunity);
  EXPECT_EQ(policy.duplicate_window_days, 365);
  EXPECT_EQ(policy.velocity_limit, 20);
  EXPECT_EQ(policy.ip_velocity_limit, 20);
  EXPECT_EQ(policy.velocity_window_hours, 24);
  EXPECT_FALSE(policy.same_domain_is_self_referral);
  EXPECT_EQ(policy.reversal_window_days, 90);
  EXPECT_EQ(policy.phone_region, "");
}

// A policy that differs from the defaults in every field.
ReferralPolicyInput EveryPolicyField() {
  ReferralPolicyInput input;
  input.uses_opportunity = false;
  input.duplicate_window_days = 30;
  input.velocity_limit = 5;
  input.ip_velocity_limit = 7;
  input.velocity_window_hours = 6;
  input.same_domain_is_self_referral = true;
  input.reversal_window_days = 60;
  input.phone_region = "GB";
  return input;
}

void ExpectEveryPolicyField(const ReferralPolicy& policy) {
  EXPECT_FALSE(policy.uses_opportunity);
  EXPECT_EQ(policy.duplicate_window_days, 30);
  EXPECT_EQ(policy.velocity_limit, 5);
  EXPECT_EQ(policy.ip_velocity_limit, 7);
  EXPECT_EQ(policy.velocity_window_hours, 6);
  EXPECT_TRUE(policy.same_domain_is_self_referral);
  EXPECT_EQ(policy.reversal_window_days, 60);
  EXPECT_EQ(policy.phone_region, "GB");
}

struct PolicyRange {
  const char* field;
  std::optional<std::int64_t> ReferralPolicyInput::*member;
  std::int64_t ReferralPolicy::*target;
  std::int64_t low;
  std::int64_t high;
};

const PolicyRange kPolicyRanges[] = {
    {"referral_policy.duplicate_window_days", &ReferralPolicyInput::duplicate_window_days,
     &ReferralPolicy::duplicate_window_days, 0, 3650},
    {"referral_policy.velocity_limit", &ReferralPolicyInput::velocity_limit, &ReferralPolicy::velocity_limit, 1,
     1'000'000},
    {"referral_policy.ip_velocity_limit", &ReferralPolicyInput::ip_velocity_limit, &ReferralPolicy::ip_velocity_limit,
     1, 1'000'000},
    {"referral_policy.velocity_window_hours", &ReferralPolicyInput::velocity_window_hours,
     &ReferralPolicy::velocity_window_hours, 1, 8760},
    {"referral_policy.reversal_window_days", &ReferralPolicyInput::reversal_window_days,
     &ReferralPolicy::reversal_window_days, 0, 3650},
};

ProgramInput WithPolicy(const ReferralPolicyInput& policy, ProgramInput input = ValidInput()) {
  input.referral_policy = policy;
  return input;
}

TEST(ReferralPolicy, DefaultsAreTheDocumentedOnes) {
  ExpectDefaultPolicy(ReferralPolicy{});
  ExpectDefaultPolicy(Built().referral_policy);
  // An empty policy input is the defaults too.
  ExpectDefaultPolicy(Built(WithPolicy(ReferralPolicyInput{})).referral_policy);
}

TEST(BuildProgram, TakesEveryReferralPolicyField) {
  auto built = BuildProgram(WithPolicy(EveryPolicyField()), "prg_1", kCreated);
  ASSERT_TRUE(built.ok());
  ExpectEveryPolicyField(built->referral_policy);
}

TEST(BuildProgram, AbsentReferralPolicyFieldsTakeTheirDefaults) {
  ReferralPolicyInput some;
  some.velocity_limit = 3;
  some.same_domain_is_self_referral = true;
  auto built = BuildProgram(WithPolicy(some), "prg_1", kCreated);
  ASSERT_TRUE(built.ok());
  ReferralPolicy expected;
  expected.velocity_limit = 3;
  expected.same_domain_is_self_referral = true;
  EXPECT_TRUE(built->referral_policy == expected);
  EXPECT_EQ(built->referral_policy.ip_velocity_limit, 20);
  EXPECT_EQ(built->referral_policy.duplicate_window_days, 365);
}

TEST(BuildProgram, NamesEachReferralPolicyFieldOutOfRange) {
  for (const auto& range : kPolicyRanges) {
    for (std::int64_t bad : {range.low - 1, range.high + 1, std::int64_t{-1'000'000'000}}) {
      ReferralPolicyInput policy;
      policy.*range.member = bad;
      auto built = BuildProgram(WithPolicy(policy), "prg_1", kCreated);
      ASSERT_FALSE(built.ok()) << range.field << " = " << bad;
      EXPECT_EQ(built.error().code(), ErrorCode::kInvalidArgument);
      ASSERT_EQ(built.error().fields().size(), 1u) << range.field << " = " << bad;
      EXPECT_EQ(built.error().fields()[0].field, range.field);
      std::string bounds = "must be between " + std::to_string(range.low) + " and " + std::to_string(range.high);
      EXPECT_EQ(built.error().fields()[0].message, bounds) << range.field;
    }
  }
}

TEST(BuildProgram, NamesAPhoneRegionWithoutACallingCode) {
  for (const char* bad : {"us", "XX", "ZZ", "USA", " "}) {
    ReferralPolicyInput policy;
    policy.phone_region = bad;
    auto built = BuildProgram(WithPolicy(policy), "prg_1", kCreated);
    ASSERT_FALSE(built.ok()) << bad;
    ASSERT_EQ(built.error().fields().size(), 1u) << bad;
    EXPECT_EQ(built.error().fields()[0].field, "referral_policy.phone_region") << bad;
  }
  ReferralPolicyInput none;
  none.phone_region = "";  // no region: only numbers with their country code are taken
  EXPECT_TRUE(BuildProgram(WithPolicy(none), "prg_1", kCreated).ok());
}

TEST(BuildProgram, AcceptsReferralPolicyBounds) {
  for (const auto& range : kPolicyRanges) {
    for (std::int64_t good : {range.low, range.high}) {
      ReferralPolicyInput policy;
      policy.*range.member = good;
      auto built = BuildProgram(WithPolicy(policy), "prg_1", kCreated);
      ASSERT_TRUE(built.ok()) << range.field << " = " << good;
      ReferralPolicy expected;
      expected.*range.target = good;
      EXPECT_TRUE(built->referral_policy == expected) << range.field << " = " << good;
    }
  }
}

TEST(BuildProgram, NamesEveryBadReferralPolicyFieldAtOnce) {
  ReferralPolicyInput policy;
  policy.duplicate_window_days = -1;
  policy.velocity_limit = 0;
  policy.ip_velocity_limit = 1'000'001;
  policy.velocity_window_hours = 8761;
  policy.reversal_window_days = 3651;
  ProgramInput input = WithPolicy(policy);
  input.currency = "usd";
  auto built = BuildProgram(input, "prg_1", kCreated);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(FieldNames(built.error()),
            (std::set<std::string>{"currency", "referral_policy.duplicate_window_days",
                                   "referral_policy.velocity_limit", "referral_policy.ip_velocity_limit",
                                   "referral_policy.velocity_window_hours", "referral_policy.reversal_window_days"}));
}

TEST(ApplyProgramChanges, ChangesOnlyThePresentReferralPolicyFields) {
  Program program = Built(WithPolicy(EveryPolicyField()));
  ReferralPolicyInput changes;
  changes.duplicate_window_days = 10;
  changes.uses_opportunity = true;
  ProgramInput input;
  input.referral_policy = changes;
  ASSERT_TRUE(ApplyProgramChanges(program, input, kLater).ok());
  EXPECT_TRUE(program.referral_policy.uses_opportunity);
  EXPECT_EQ(program.referral_policy.duplicate_window_days, 10);
  // Everything else kept its earlier (non-default) value.
  EXPECT_EQ(program.referral_policy.velocity_limit, 5);
  EXPECT_EQ(program.referral_policy.ip_velocity_limit, 7);
  EXPECT_EQ(program.referral_policy.velocity_window_hours, 6);
  EXPECT_TRUE(program.referral_policy.same_domain_is_self_referral);
  EXPECT_EQ(program.referral_policy.reversal_window_days, 60);
  EXPECT_EQ(program.updated_at, kLater);
}

TEST(ApplyProgramChanges, ChangesEveryReferralPolicyField) {
  Program program = Built();
  ProgramInput input;
  input.referral_policy = EveryPolicyField();
  ASSERT_TRUE(ApplyProgramChanges(program, input, kLater).ok());
  ExpectEveryPolicyField(program.referral_policy);
  // Booleans may be set back to false.
  ReferralPolicyInput back;
  back.same_domain_is_self_referral = false;
  input.referral_policy = back;
  ASSERT_TRUE(ApplyProgramChanges(program, input, kLater + 1h).ok());
  EXPECT_FALSE(program.referral_policy.same_domain_is_self_referral);
  EXPECT_FALSE(program.referral_policy.uses_opportunity);
}

TEST(ApplyProgramChanges, LeavesThePolicyAloneWhenNoneIsGiven) {
  Program program = Built(WithPolicy(EveryPolicyField()));
  ProgramInput changes;
  changes.name = "Renamed";
  ASSERT_TRUE(ApplyProgramChanges(program, changes, kLater).ok());
  ExpectEveryPolicyField(program.referral_policy);
}

TEST(ApplyProgramChanges, NamesEachReferralPolicyFieldOutOfRangeAndLeavesTheProgramUnchanged) {
  for (const auto& range : kPolicyRanges) {
    for (std::int64_t bad : {range.low - 1, range.high + 1}) {
      Program program = Built(WithPolicy(EveryPolicyField()));
      const Program before = program;
      ReferralPolicyInput policy;
      policy.*range.member = bad;
      policy.same_domain_is_self_referral = false;  // valid, but must not be applied either
      ProgramInput changes;
      changes.name = "Renamed";
      changes.referral_policy = policy;
      Status status = ApplyProgramChanges(program, changes, kLater);
      ASSERT_FALSE(status.ok()) << range.field << " = " << bad;
      EXPECT_EQ(status.error().code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(FieldNames(status.error()), (std::set<std::string>{range.field}));
      ASSERT_EQ(status.error().fields().size(), 1u);
      EXPECT_EQ(status.error().fields()[0].message,
                "must be between " + std::to_string(range.low) + " and " + std::to_string(range.high));
      ExpectSamePrograms(program, before);
    }
  }
}

TEST(ApplyProgramChanges, RefusesAPolicyChangeToAnArchivedProgram) {
  Program program = Built();
  program.status = ProgramStatus::kArchived;
  const Program before = program;
  ProgramInput changes;
  changes.referral_policy = EveryPolicyField();
  Status status = ApplyProgramChanges(program, changes, kLater);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kConflict);
  ExpectSamePrograms(program, before);
}

}  // namespace
}  // namespace bb::domain

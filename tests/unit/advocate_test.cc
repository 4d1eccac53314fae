#include "domain/advocate.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <vector>

namespace bb::domain {
namespace {

using namespace std::chrono_literals;
using Changes = std::map<std::string, std::optional<AttributeValue>>;

const Timestamp kCreated = FromMicros(1'767'225'600'000'000);  // 2026-01-01T00:00:00Z
const Timestamp kLater = kCreated + 1h;

AttributeValue Str(std::string text) { return {AttributeValue::Kind::kString, std::move(text)}; }
AttributeValue Num(std::string text) { return {AttributeValue::Kind::kNumber, std::move(text)}; }
AttributeValue Bool(bool value) { return {AttributeValue::Kind::kBool, value ? "true" : "false"}; }

AdvocateInput ValidInput() {
  AdvocateInput input;
  input.email = "Alice.Smith@Example.com";
  input.first_name = "Alice";
  return input;
}

std::set<std::string> FieldNames(const Error& error) {
  std::set<std::string> names;
  for (const auto& field : error.fields()) names.insert(field.field);
  return names;
}

Advocate Enrolled() {
  AdvocateInput input = ValidInput();
  input.last_name = "Smith";
  input.company = "Acme";
  input.attributes = Changes{{"plan", Str("pro")}, {"seats", Num("12")}, {"trial", Bool(false)}};
  input.tags = std::vector<std::string>{"vip", "emea"};
  auto built = BuildEnrollment(input);
  EXPECT_TRUE(built.ok());
  Advocate advocate = built.ok() ? *built : Advocate{};
  advocate.id = "adv_1";
  advocate.created_at = kCreated;
  advocate.updated_at = kCreated;
  return advocate;
}

void ExpectSameAdvocates(const Advocate& a, const Advocate& b) {
  EXPECT_EQ(a.email, b.email);
  EXPECT_EQ(a.person.email_normalized, b.person.email_normalized);
  EXPECT_EQ(a.first_name, b.first_name);
  EXPECT_EQ(a.last_name, b.last_name);
  EXPECT_EQ(a.company, b.company);
  EXPECT_EQ(a.attributes, b.attributes);
  EXPECT_EQ(a.tags, b.tags);
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.updated_at, b.updated_at);
}

TEST(AdvocateEnums, RoundTripThroughText) {
  for (auto source :
       {AdvocateSource::kSelfSignup, AdvocateSource::kStaff, AdvocateSource::kSalesRep, AdvocateSource::kApi}) {
    EXPECT_EQ(ParseAdvocateSource(ToString(source)), source);
  }
  for (auto status : {AdvocateStatus::kActive, AdvocateStatus::kInactive}) {
    EXPECT_EQ(ParseAdvocateStatus(ToString(status)), status);
  }
  EXPECT_EQ(ToString(AdvocateSource::kSelfSignup), "self_signup");
  EXPECT_EQ(ToString(AdvocateSource::kSalesRep), "sales_rep");
  EXPECT_FALSE(ParseAdvocateSource("sales-rep").has_value());
  EXPECT_FALSE(ParseAdvocateStatus("Active").has_value());
}

TEST(BuildEnrollment, RequiresEmailAndFirstName) {
  auto built = BuildEnrollment(AdvocateInput{});
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldNames(built.error()), (std::set<std::string>{"email", "first_name"}));
}

TEST(BuildEnrollment, NormalisesThePerson) {
  AdvocateInput input = ValidInput();
  input.email = "  Alice.Smith@Example.com ";
  input.first_name = " Alice ";
  input.last_name = " Smith ";
  input.company = " Acme Inc. ";
  auto built = BuildEnrollment(input);
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->email, "Alice.Smith@Example.com");
  EXPECT_EQ(built->person.email_normalized, "alice.smith@example.com");
  EXPECT_EQ(built->first_name, "Alice");
  EXPECT_EQ(built->last_name, "Smith");
  EXPECT_EQ(built->company, "Acme Inc.");
}

TEST(BuildEnrollment, DefaultsOptionalFieldsToEmpty) {
  auto built = BuildEnrollment(ValidInput());
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->last_name, "");
  EXPECT_EQ(built->company, "");
  EXPECT_TRUE(built->attributes.empty());
  EXPECT_TRUE(built->tags.empty());
}

TEST(BuildEnrollment, NormalisesSortsAndDeduplicatesTags) {
  AdvocateInput input = ValidInput();
  input.tags = std::vector<std::string>{" VIP ", "vip", "Enterprise", "region:emea", "a_b-c d"};
  auto built = BuildEnrollment(input);
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->tags, (std::vector<std::string>{"a_b-c d", "enterprise", "region:emea", "vip"}));
}

TEST(BuildEnrollment, KeepsAttributesOfEveryKind) {
  AdvocateInput input = ValidInput();
  input.attributes =
      Changes{{"plan", Str("pro")}, {"seats", Num("12.50")}, {"churned", Bool(true)}, {"ignored", std::nullopt}};
  auto built = BuildEnrollment(input);
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->attributes, (Attributes{{"plan", Str("pro")}, {"seats", Num("12.50")}, {"churned", Bool(true)}}));
}

TEST(BuildEnrollment, NamesEachBadField) {
  struct Case {
    const char* field;
    void (*apply)(AdvocateInput&);
  };
  const Case cases[] = {
      {"email", [](AdvocateInput& i) { i.email = "not-an-email"; }},
      {"email", [](AdvocateInput& i) { i.email = ""; }},
      {"first_name", [](AdvocateInput& i) { i.first_name = "  "; }},
      {"first_name", [](AdvocateInput& i) { i.first_name = std::string(101, 'f'); }},
      {"last_name", [](AdvocateInput& i) { i.last_name = std::string(101, 'l'); }},
      {"last_name", [](AdvocateInput& i) { i.last_name = "two\nlines"; }},
      {"company", [](AdvocateInput& i) { i.company = std::string(201, 'c'); }},
      {"tags[1]",
       [](AdvocateInput& i) {
         i.tags = std::vector<std::string>{"ok", "bad!tag"};
       }},
      {"tags[0]", [](AdvocateInput& i) { i.tags = std::vector<std::string>{"  "}; }},
      {"tags[0]", [](AdvocateInput& i) { i.tags = std::vector<std::string>{std::string(65, 't')}; }},
      {"attributes.Plan",
       [](AdvocateInput& i) {
         i.attributes = Changes{{"Plan", Str("pro")}};
       }},
      {"attributes.1st",
       [](AdvocateInput& i) {
         i.attributes = Changes{{"1st", Str("x")}};
       }},
      {"attributes.note",
       [](AdvocateInput& i) {
         i.attributes = Changes{{"note", Str(std::string(501, 'n'))}};
       }},
      {"attributes.note",
       [](AdvocateInput& i) {
         i.attributes = Changes{{"note", Str("a\nb")}};
       }},
  };
  for (const auto& c : cases) {
    AdvocateInput input = ValidInput();
    c.apply(input);
    auto built = BuildEnrollment(input);
    ASSERT_FALSE(built.ok()) << c.field;
    EXPECT_EQ(built.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(FieldNames(built.error()), (std::set<std::string>{c.field})) << c.field;
  }
}

TEST(BuildEnrollment, AcceptsBoundaryLengths) {
  AdvocateInput input = ValidInput();
  input.first_name = std::string(100, 'f');
  input.company = std::string(200, 'c');
  input.attributes = Changes{{"note", Str(std::string(500, 'n'))}};
  input.tags = std::vector<std::string>{std::string(64, 't')};
  EXPECT_TRUE(BuildEnrollment(input).ok());
}

TEST(BuildEnrollment, AllowsAtMost50AttributesAndTags) {
  Changes fifty_attributes;
  std::vector<std::string> fifty_tags;
  for (int i = 0; i < 50; ++i) {
    fifty_attributes["k" + std::to_string(i)] = Num(std::to_string(i));
    fifty_tags.push_back("t" + std::to_string(i));
  }
  AdvocateInput input = ValidInput();
  input.attributes = fifty_attributes;
  input.tags = fifty_tags;
  auto built = BuildEnrollment(input);
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->attributes.size(), 50u);
  EXPECT_EQ(built->tags.size(), 50u);

  (*input.attributes)["k50"] = Num("50");
  input.tags->push_back("t50");
  auto too_many = BuildEnrollment(input);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(FieldNames(too_many.error()), (std::set<std::string>{"attributes", "tags"}));
}

TEST(ApplyAdvocateChanges, MergesAndRemovesAttributes) {
  Advocate advocate = Enrolled();
  AdvocateInput changes;
  changes.attributes = Changes{
      {"plan", Str("enterprise")}, {"seats", std::nullopt}, {"renewal", Str("2027-01")}, {"absent", std::nullopt}};
  ASSERT_TRUE(ApplyAdvocateChanges(advocate, changes, kLater).ok());
  EXPECT_EQ(advocate.attributes,
            (Attributes{{"plan", Str("enterprise")}, {"trial", Bool(false)}, {"renewal", Str("2027-01")}}));
  EXPECT_EQ(advocate.updated_at, kLater);
}

TEST(ApplyAdvocateChanges, ReplacesTagsAndProfileFields) {
  Advocate advocate = Enrolled();
  AdvocateInput changes;
  changes.tags = std::vector<std::string>{"Champion", "champion", "NA"};
  changes.first_name = " Alicia ";
  changes.last_name = "";
  changes.company = "Acme Europe";
  ASSERT_TRUE(ApplyAdvocateChanges(advocate, changes, kLater).ok());
  EXPECT_EQ(advocate.tags, (std::vector<std::string>{"champion", "na"}));
  EXPECT_EQ(advocate.first_name, "Alicia");
  EXPECT_EQ(advocate.last_name, "");
  EXPECT_EQ(advocate.company, "Acme Europe");
}

TEST(ApplyAdvocateChanges, LeavesAbsentFieldsAlone) {
  Advocate advocate = Enrolled();
  const Advocate before = advocate;
  ASSERT_TRUE(ApplyAdvocateChanges(advocate, AdvocateInput{}, kLater).ok());
  EXPECT_EQ(advocate.attributes, before.attributes);
  EXPECT_EQ(advocate.tags, before.tags);
  EXPECT_EQ(advocate.first_name, before.first_name);
  EXPECT_EQ(advocate.company, before.company);
}

TEST(ApplyAdvocateChanges, RefusesAnEmailChange) {
  Advocate advocate = Enrolled();
  const Advocate before = advocate;
  AdvocateInput changes;
  changes.email = "someone.else@example.com";
  changes.first_name = "Someone";
  Status status = ApplyAdvocateChanges(advocate, changes, kLater);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldNames(status.error()), (std::set<std::string>{"email"}));
  ExpectSameAdvocates(advocate, before);
}

TEST(ApplyAdvocateChanges, AcceptsTheSameEmailInAnotherSpelling) {
  Advocate advocate = Enrolled();
  AdvocateInput changes;
  changes.email = " ALICE.SMITH@example.COM ";
  EXPECT_TRUE(ApplyAdvocateChanges(advocate, changes, kLater).ok());
  EXPECT_EQ(advocate.person.email_normalized, "alice.smith@example.com");
}

TEST(ApplyAdvocateChanges, LimitsTheMergedAttributesTo50) {
  Advocate advocate = Enrolled();  // 3 attributes
  Changes add;
  for (int i = 0; i < 47; ++i) add["k" + std::to_string(i)] = Bool(true);
  AdvocateInput to_fifty;
  to_fifty.attributes = add;
  ASSERT_TRUE(ApplyAdvocateChanges(advocate, to_fifty, kLater).ok());
  ASSERT_EQ(advocate.attributes.size(), 50u);

  const Advocate before = advocate;
  AdvocateInput one_more;
  one_more.attributes = Changes{{"extra", Str("x")}};
  Status status = ApplyAdvocateChanges(advocate, one_more, kLater + 1h);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(FieldNames(status.error()), (std::set<std::string>{"attributes"}));
  ExpectSameAdvocates(advocate, before);

  AdvocateInput swap;
  swap.attributes = Changes{{"extra", Str("x")}, {"plan", std::nullopt}};
  ASSERT_TRUE(ApplyAdvocateChanges(advocate, swap, kLater + 1h).ok());
  EXPECT_EQ(advocate.attributes.size(), 50u);
  EXPECT_EQ(advocate.attributes.count("extra"), 1u);
  EXPECT_EQ(advocate.attributes.count("plan"), 0u);
}

TEST(ApplyAdvocateChanges, LeavesTheAdvocateUnchangedOnBadFields) {
  Advocate advocate = Enrolled();
  const Advocate before = advocate;
  AdvocateInput changes;
  changes.first_name = "Valid";
  changes.tags = std::vector<std::string>{"fine", "not fine!"};
  changes.attributes = Changes{{"plan", Str("team")}, {"Bad-Key", Str("x")}};
  Status status = ApplyAdvocateChanges(advocate, changes, kLater);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(FieldNames(status.error()), (std::set<std::string>{"tags[1]", "attributes.Bad-Key"}));
  ExpectSameAdvocates(advocate, before);
}

TEST(NormalizeTag, TrimsAndLowercases) {
  EXPECT_EQ(NormalizeTag("  VIP  "), "vip");
  EXPECT_EQ(NormalizeTag("Region:EMEA"), "region:emea");
  EXPECT_EQ(NormalizeTag("a_b-c d"), "a_b-c d");
  EXPECT_EQ(NormalizeTag(std::string(64, 'T')), std::string(64, 't'));
}

TEST(NormalizeTag, IsEmptyForInvalidTags) {
  for (std::string tag : {std::string(""), std::string("   "), std::string(65, 'a'), std::string("bad!"),
                          std::string("caf\xc3\xa9"), std::string("a/b"), std::string("a.b"), std::string("tab\tx")}) {
    EXPECT_EQ(NormalizeTag(tag), "") << '"' << tag << '"';
  }
}

TEST(IsAttributeKey, AcceptsSnakeCaseStartingWithALetter) {
  for (const char* key : {"a", "plan", "seats_2026", "x_"}) EXPECT_TRUE(IsAttributeKey(key)) << key;
  EXPECT_TRUE(IsAttributeKey(std::string(64, 'k')));
}

TEST(IsAttributeKey, RejectsEverythingElse) {
  for (const char* key : {"", "1st", "_private", "Plan", "plan-type", "plan type", "plan.type"}) {
    EXPECT_FALSE(IsAttributeKey(key)) << key;
  }
  EXPECT_FALSE(IsAttributeKey(std::string(65, 'k')));
}

}  // namespace
}  // namespace bb::domain

#include "domain/import.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace bb::domain {
namespace {

ImportColumns Map(const std::vector<std::string>& header,
                  const std::map<std::string, std::string, std::less<>>& mapping = {}) {
  std::vector<ImportIssue> warnings;
  auto columns = MapImportColumns(ImportKind::kAdvocates, header, mapping, warnings);
  EXPECT_TRUE(columns.ok()) << (columns.ok() ? "" : columns.error().fields().front().message);
  return columns.ok() ? *columns : ImportColumns{};
}

TEST(ImportColumns, HeadersNameFieldsInAnyCaseWithSynonyms) {
  ImportColumns columns = Map({"E-mail", "First Name", "SURNAME", "Organisation", "Tags", "Attributes.Plan"});
  EXPECT_EQ(columns.Find("email"), std::optional<std::size_t>(0));
  EXPECT_EQ(columns.Find("first_name"), std::optional<std::size_t>(1));
  EXPECT_EQ(columns.Find("last_name"), std::optional<std::size_t>(2));
  EXPECT_EQ(columns.Find("company"), std::optional<std::size_t>(3));
  EXPECT_EQ(columns.Find("tags"), std::optional<std::size_t>(4));
  EXPECT_EQ(columns.Find("attributes.plan"), std::optional<std::size_t>(5));
  EXPECT_EQ(columns.HeaderOf("last_name"), "SURNAME");
}

TEST(ImportColumns, AMappingWinsAndUnnamedColumnsAreWarnings) {
  std::vector<ImportIssue> warnings;
  auto columns = MapImportColumns(ImportKind::kAdvocates, {"Mail", "email", "Phone"}, {{"email", "Mail"}}, warnings);
  ASSERT_TRUE(columns.ok());
  EXPECT_EQ(columns->Find("email"), std::optional<std::size_t>(0));
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[0].column, "email") << "named a field that a mapping gave to another column";
  EXPECT_EQ(warnings[1].column, "Phone");
}

TEST(ImportColumns, RefusesAHeaderWithoutEmailTwoColumnsForOneFieldOrAnUnknownMapping) {
  std::vector<ImportIssue> warnings;
  auto no_email = MapImportColumns(ImportKind::kAdvocates, {"name"}, {}, warnings);
  ASSERT_FALSE(no_email.ok());
  EXPECT_EQ(no_email.error().fields().back().field, "email");
  auto twice = MapImportColumns(ImportKind::kAdvocates, {"email", "E-mail"}, {}, warnings);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().fields().front().field, "E-mail");
  auto unknown = MapImportColumns(ImportKind::kAdvocates, {"email"}, {{"colour", "email"}}, warnings);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().fields().front().field, "map.colour");
  auto duplicate_header = MapImportColumns(ImportKind::kAdvocates, {"email", "x", "x"}, {}, warnings);
  ASSERT_FALSE(duplicate_header.ok());
  EXPECT_EQ(duplicate_header.error().fields().front().field, "x");
}

TEST(ImportCell, RefusesFormulasAndBytesThatAreNotUtf8) {
  EXPECT_EQ(CheckImportCell("Ann"), "");
  EXPECT_EQ(CheckImportCell(""), "");
  EXPECT_EQ(CheckImportCell("+44 20 7946 0958"), "") << "a phone number is not a formula";
  EXPECT_EQ(CheckImportCell("-12.5"), "");
  EXPECT_EQ(CheckImportCell("-"), "");
  EXPECT_NE(CheckImportCell("=1+1"), "");
  EXPECT_NE(CheckImportCell("@SUM(A1)"), "");
  EXPECT_NE(CheckImportCell("+cmd|' /C calc'!A0"), "");
  EXPECT_NE(CheckImportCell("-2+3*A1"), "");
  EXPECT_NE(CheckImportCell("\tx"), "");
  EXPECT_EQ(CheckImportCell("'=1+1"), "") << "guarded as exports guard it";
  EXPECT_EQ(ImportCellValue("'=1+1"), "=1+1");
  EXPECT_EQ(ImportCellValue("'tis"), "'tis");
  EXPECT_NE(CheckImportCell("Ren\xE9"), "");
  EXPECT_NE(CheckImportCell(std::string("a\0b", 3)), "");
}

TEST(AdvocateImportRow, ReadsCellsTrimsThemAndTypesAttributes) {
  ImportColumns columns = Map({"email", "first_name", "tags", "attributes.seats", "attributes.vip", "attributes.zip"});
  std::vector<ImportIssue> issues;
  auto row =
      ReadAdvocateImportRow(columns, 2, {" Ann@Example.com ", " Ann ", "a; b|c, a", "12", "true", "01234"}, issues);
  ASSERT_TRUE(row) << (issues.empty() ? "" : issues.front().message);
  EXPECT_EQ(row->email_normalized, "ann@example.com");
  EXPECT_EQ(row->input.first_name, std::optional<std::string>("Ann"));
  EXPECT_EQ(row->input.tags, (std::optional<std::vector<std::string>>{{"a", "b", "c", "a"}}));
  const auto& attributes = *row->input.attributes;
  EXPECT_EQ(attributes.at("seats")->kind, AttributeValue::Kind::kNumber);
  EXPECT_EQ(attributes.at("vip")->kind, AttributeValue::Kind::kBool);
  EXPECT_EQ(attributes.at("zip")->kind, AttributeValue::Kind::kString) << "a leading zero is not a JSON number";
  EXPECT_EQ(attributes.at("zip")->text, "01234");
}

TEST(AdvocateImportRow, NamesEachBadCellByItsHeader) {
  ImportColumns columns =
      Map({"Mail", "Source", "Rep"}, {{"email", "Mail"}, {"source", "Source"}, {"sales_rep", "Rep"}});
  std::vector<ImportIssue> issues;
  EXPECT_FALSE(ReadAdvocateImportRow(columns, 7, {"nope", "friend", "not an address"}, issues));
  ASSERT_EQ(issues.size(), 3u);
  EXPECT_EQ(issues[0].column, "Source");
  EXPECT_EQ(issues[1].column, "Rep");
  EXPECT_EQ(issues[2].column, "Mail");
  for (const auto& issue : issues) EXPECT_EQ(issue.row, 7);
  issues.clear();
  EXPECT_FALSE(ReadAdvocateImportRow(columns, 8, {"", "", ""}, issues));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].message, "is required");
}

TEST(MergeImportedAdvocate, ChangesOnlyWhatTheRowGivesAndReportsWhetherAnythingChanged) {
  Advocate advocate;
  advocate.first_name = "Ann";
  advocate.last_name = "Lee";
  advocate.company = "Acme";
  advocate.tags = {"vip"};
  advocate.attributes["tier"] = {AttributeValue::Kind::kNumber, "2"};
  AdvocateImportRow same;
  same.input.first_name = "Ann";
  same.input.tags = std::vector<std::string>{"VIP"};
  auto unchanged = MergeImportedAdvocate(advocate, same, Timestamp{});
  ASSERT_TRUE(unchanged.ok());
  EXPECT_FALSE(*unchanged);
  AdvocateImportRow more;
  more.input.company = "Acme Corp";
  more.input.tags = std::vector<std::string>{"partner"};
  auto changed = MergeImportedAdvocate(advocate, more, Timestamp{});
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(*changed);
  EXPECT_EQ(advocate.company, "Acme Corp");
  EXPECT_EQ(advocate.last_name, "Lee");
  EXPECT_EQ(advocate.tags, (std::vector<std::string>{"partner", "vip"}));
  EXPECT_EQ(advocate.attributes.at("tier").text, "2");
}

TEST(MergeImportedAdvocate, TagsTheEnrolmentHasAlreadyDoNotCountTowardsTheLimit) {
  Advocate advocate;
  advocate.first_name = "Ann";
  for (int i = 0; i < 30; ++i) advocate.tags.push_back("tag" + std::to_string(100 + i));
  std::sort(advocate.tags.begin(), advocate.tags.end());
  AdvocateImportRow again;
  again.input.tags = advocate.tags;
  again.input.tags->push_back("TAG100");
  auto merged = MergeImportedAdvocate(advocate, again, Timestamp{});
  ASSERT_TRUE(merged.ok()) << merged.error().fields().front().message;
  EXPECT_FALSE(*merged);
}

TEST(AdvocateImportRow, AFormulaBehindSpacesIsStillAFormula) {
  ImportColumns columns = Map({"email", "company"});
  std::vector<ImportIssue> issues;
  EXPECT_FALSE(ReadAdvocateImportRow(columns, 2, {"a@example.com", "  =1+1"}, issues));
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].column, "company");
}

TEST(AdvocateImportRow, ATagsCellOfMoreThanFiftyTagsIsOneRefusal) {
  ImportColumns columns = Map({"email", "tags"});
  std::string tags;
  for (int i = 0; i < 30000; ++i) tags += "!,";
  std::vector<ImportIssue> issues;
  EXPECT_FALSE(ReadAdvocateImportRow(columns, 2, {"a@example.com", tags}, issues));
  ASSERT_EQ(issues.size(), 1u) << "one refusal, not one per tag";
  EXPECT_EQ(issues[0].column, "tags");
}

TEST(ImportColumns, ColumnsWithoutAHeaderAreOneWarning) {
  std::vector<ImportIssue> warnings;
  auto columns = MapImportColumns(ImportKind::kAdvocates, {"email", "", ""}, {}, warnings);
  ASSERT_TRUE(columns.ok());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].column, "");
}

TEST(ImportReport, ListsTheFirstThousandErrorsAndSaysWhenThereWereMore) {
  Import import;
  for (int i = 0; i < 1001; ++i) import.AddError({i + 2, "email", "bad"});
  EXPECT_EQ(import.errors.size(), Import::kMaxListedErrors);
  EXPECT_TRUE(import.errors_truncated);
}

}  // namespace
}  // namespace bb::domain

#include "csv/csv_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace bb::csv {
namespace {

struct Read {
  std::vector<std::int64_t> rows;
  std::vector<std::vector<std::string>> records;
  std::vector<std::optional<std::size_t>> oversized;
  Status status;
};

Read ReadAll(std::string_view text, ReadOptions options = {}) {
  Read read;
  read.status = ReadRecords(text, options, [&](Record& record) -> Status {
    read.rows.push_back(record.row);
    read.records.push_back(record.fields);
    read.oversized.push_back(record.oversized_field);
    return Ok();
  });
  return read;
}

using Fields = std::vector<std::vector<std::string>>;

// RFC 4180 section 2, rules 1-7, one test each.
TEST(CsvReader, Rfc4180Rule1RecordsEndWithCrlf) {
  auto read = ReadAll("aaa,bbb,ccc\r\nzzz,yyy,xxx\r\n");
  ASSERT_TRUE(read.status.ok());
  EXPECT_EQ(read.records, (Fields{{"aaa", "bbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
  EXPECT_EQ(read.rows, (std::vector<std::int64_t>{1, 2}));
}

TEST(CsvReader, Rfc4180Rule2LastRecordMayLackALineBreak) {
  auto read = ReadAll("aaa,bbb,ccc\r\nzzz,yyy,xxx");
  ASSERT_TRUE(read.status.ok());
  EXPECT_EQ(read.records, (Fields{{"aaa", "bbb", "ccc"}, {"zzz", "yyy", "xxx"}}));
}

TEST(CsvReader, Rfc4180Rule4SpacesArePartOfAField) {
  auto read = ReadAll(" a , b \r\n");
  ASSERT_TRUE(read.status.ok());
  EXPECT_EQ(read.records, (Fields{{" a ", " b "}}));
}

TEST(CsvReader, Rfc4180Rule5FieldsMayBeQuoted) {
  auto read = ReadAll("\"aaa\",\"bbb\",\"ccc\"\r\n");
  ASSERT_TRUE(read.status.ok());
  EXPECT_EQ(read.records, (Fields{{"aaa", "bbb", "ccc"}}));
}

TEST(CsvReader, Rfc4180Rule6QuotedFieldsHoldLineBreaksCommasAndQuotes) {
  auto read = ReadAll("\"aaa\",\"b\r\nbb\",\"c,cc\"\r\nnext,row,here\r\n");
  ASSERT_TRUE(read.status.ok());
  EXPECT_EQ(read.records, (Fields{{"aaa", "b\r\nbb", "c,cc"}, {"next", "row", "here"}}));
  EXPECT_EQ(read.rows, (std::vector<std::int64_t>{1, 2})) << "a line break inside quotes is one row";
}

TEST(CsvReader, Rfc4180Rule7QuotesInsideAreDoubled) {
  auto read = ReadAll("\"aaa\",\"b\"\"bb\",\"ccc\"\r\n");
  ASSERT_TRUE(read.status.ok());
  EXPECT_EQ(read.records, (Fields{{"aaa", "b\"bb", "ccc"}}));
}

TEST(CsvReader, LineEndsMayBeLfOrCrAndRowsCountBlankLines) {
  auto read = ReadAll("a,b\n\nc,d\re,f\r\n\r\ng,h");
  ASSERT_TRUE(read.status.ok());
  EXPECT_EQ(read.records, (Fields{{"a", "b"}, {"c", "d"}, {"e", "f"}, {"g", "h"}}));
  EXPECT_EQ(read.rows, (std::vector<std::int64_t>{1, 3, 4, 6})) << "as a spreadsheet numbers them";
}

TEST(CsvReader, RecordsOfEmptyFieldsAreBlankButEmptyFieldsInARecordStay) {
  auto read = ReadAll("a,,c\r\n,,\r\n,x,\r\n");
  ASSERT_TRUE(read.status.ok());
  EXPECT_EQ(read.records, (Fields{{"a", "", "c"}, {"", "x", ""}}));
  EXPECT_EQ(read.rows, (std::vector<std::int64_t>{1, 3}));
}

TEST(CsvReader, DropsAByteOrderMark) {
  auto read = ReadAll(
      "\xEF\xBB\xBF"
      "email,name\r\n");
  ASSERT_TRUE(read.status.ok());
  EXPECT_EQ(read.records, (Fields{{"email", "name"}}));
}

TEST(CsvReader, DetectsASemicolonDelimiterFromTheFirstLine) {
  EXPECT_EQ(DetectDelimiter("email;name;company\r\na,b;c,d;e\r\n"), ';');
  EXPECT_EQ(DetectDelimiter("email,name\r\n"), ',');
  EXPECT_EQ(DetectDelimiter("\"a;b;c\",d\r\n"), ',') << "delimiters inside quotes do not count";
  EXPECT_EQ(DetectDelimiter("email\r\n"), ',');
  auto read = ReadAll("email;name\r\nann@example.com;\"Lee, Ann\"\r\n");
  ASSERT_TRUE(read.status.ok());
  EXPECT_EQ(read.records, (Fields{{"email", "name"}, {"ann@example.com", "Lee, Ann"}}));
}

TEST(CsvReader, AnExplicitDelimiterWins) {
  auto read = ReadAll("a;b,c\r\n", {.delimiter = ',', .max_field_bytes = 100});
  ASSERT_TRUE(read.status.ok());
  EXPECT_EQ(read.records, (Fields{{"a;b", "c"}}));
}

TEST(CsvReader, AnOversizedFieldIsMarkedAndLeftEmpty) {
  std::string big(1000, 'x');
  auto read = ReadAll("a,b,c\r\n1," + big + ",3\r\n4,5,6\r\n", {.delimiter = ',', .max_field_bytes = 999});
  ASSERT_TRUE(read.status.ok());
  ASSERT_EQ(read.records.size(), 3u);
  EXPECT_EQ(read.records[1], (std::vector<std::string>{"1", "", "3"}));
  EXPECT_EQ(read.oversized[1], std::optional<std::size_t>(1));
  EXPECT_FALSE(read.oversized[2]);
}

TEST(CsvReader, ARecordOfMillionsOfFieldsKeepsOnlyTheFirstAndCountsTheRest) {
  std::string text = "a,b\r\n" + std::string(1000000, ',') + "\r\nc,d\r\n";
  std::vector<Record> records;
  Status status =
      ReadRecords(text, {.delimiter = ',', .max_field_bytes = 100, .max_fields = 10}, [&](Record& record) -> Status {
        records.push_back(record);
        return Ok();
      });
  ASSERT_TRUE(status.ok());
  ASSERT_EQ(records.size(), 3u) << "a record of empty fields beyond the limit is not blank";
  EXPECT_EQ(records[1].fields.size(), 10u);
  EXPECT_EQ(records[1].dropped_fields_total, 1000001u);
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(records[2].dropped_fields_total, 0u);
}

TEST(CsvReader, AQuoteNeverClosedIsAFaultAtTheRowWhereItOpened) {
  auto structure = CheckStructure("a,b\r\nc,d\r\n\"e,f\r\ng,h\r\n", {});
  EXPECT_EQ(structure.fault_row, std::optional<std::int64_t>(3));
  EXPECT_EQ(structure.records, 2);
  EXPECT_NE(structure.fault.find("quote"), std::string::npos);
  auto read = ReadAll("a,b\r\nc,d\r\n\"e,f\r\ng,h\r\n");
  ASSERT_FALSE(read.status.ok());
  EXPECT_EQ(read.status.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(read.status.error().message().find("Row 3"), std::string::npos) << read.status.error().message();
}

TEST(CsvReader, TextAfterAClosingQuoteIsAFault) {
  auto structure = CheckStructure("a,b\r\n\"c\"x,d\r\n", {});
  EXPECT_EQ(structure.fault_row, std::optional<std::int64_t>(2));
}

TEST(CsvReader, AQuoteInsideAnUnquotedFieldIsAFault) {
  auto structure = CheckStructure("a,b\r\nc,d\"d\r\n", {});
  EXPECT_EQ(structure.fault_row, std::optional<std::int64_t>(2));
}

TEST(CsvReader, AWellFormedFileHasNoFaultAndCountsItsRecords) {
  auto structure = CheckStructure("a,b\r\n\r\nc,d\r\n\"e\nf\",g\r\n", {});
  EXPECT_FALSE(structure.fault_row);
  EXPECT_EQ(structure.records, 3);
  EXPECT_TRUE(structure.fault.empty());
}

TEST(CsvReader, StopsAtTheFirstErrorOfTheCallback) {
  int calls = 0;
  Status status = ReadRecords("a\r\nb\r\nc\r\n", {}, [&](Record&) -> Status {
    ++calls;
    return calls == 2 ? Status(Error::Conflict("stop")) : Ok();
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "stop");
  EXPECT_EQ(calls, 2);
}

TEST(CsvReader, ReadsAcrossTheReaderChunkBoundary) {
  std::string text = "id,name\r\n";
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + ",\"name " + std::to_string(i) + "\"\r\n";
  auto read = ReadAll(text);
  ASSERT_TRUE(read.status.ok());
  ASSERT_EQ(read.records.size(), 20001u);
  EXPECT_EQ(read.records[12345], (std::vector<std::string>{"12344", "name 12344"}));
  EXPECT_EQ(read.rows.back(), 20001);
}

}  // namespace
}  // namespace bb::csv

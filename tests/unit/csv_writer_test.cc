// CSV records for exports: RFC 4180 quoting, and no cell a spreadsheet would run as a formula.

#include <gtest/gtest.h>

#include "csv/csv_writer.h"

namespace bb::csv {
namespace {

TEST(CsvWriter, PlainCellsAreJoinedAndTheRecordEndsWithCrLf) {
  EXPECT_EQ(CsvRecord({"a", "b c", ""}), "a,b c,\r\n");
  EXPECT_EQ(CsvRecord({}), "\r\n");
}

TEST(CsvWriter, CommasQuotesAndLineBreaksAreQuoted) {
  EXPECT_EQ(CsvRecord({"x,y", "say \"hi\"", "two\nlines", "cr\r"}),
            "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\r\n");
}

TEST(CsvWriter, FormulaLikeTextIsDefused) {
  EXPECT_EQ(CsvRecord({"=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx"}),
            "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM(A1),'\tx\r\n");
  EXPECT_EQ(CsvRecord({"-2500", "-2500"}, {true, false}), "-2500,'-2500\r\n") << "numbers stay numbers";
}

}  // namespace
}  // namespace bb::csv

#pragma once
// CSV as RFC 4180 writes it (comma-separated, CRLF line ends, fields quoted when they hold a
// comma, quote or line break), for exports opened in spreadsheets: a text field starting with
// = + - @, a tab or a carriage return is prefixed with ' so that no spreadsheet runs it as a
// formula.

#include <string>
#include <string_view>
#include <vector>

namespace bb::csv {

// One record: the cells joined and ended with CRLF. `numeric[i]` true leaves cell i unguarded
// (a negative amount stays a number).
std::string CsvRecord(const std::vector<std::string>& cells, const std::vector<bool>& numeric = {});

}  // namespace bb::csv

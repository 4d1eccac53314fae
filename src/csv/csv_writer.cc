#include "csv/csv_writer.h"

namespace bb::csv {
namespace {

bool StartsLikeAFormula(std::string_view cell) {
  return !cell.empty() &&
         (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' || cell[0] == '\t' || cell[0] == '\r');
}

}  // namespace

std::string CsvRecord(const std::vector<std::string>& cells, const std::vector<bool>& numeric) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    const std::string& cell = cells[i];
    bool is_number = i < numeric.size() && numeric[i];
    bool guard = !is_number && StartsLikeAFormula(cell);
    bool quote = cell.find_first_of(",\"\r\n") != std::string::npos;
    if (quote) out += '"';
    if (guard) out += '\'';
    for (char c : cell) {
      if (c == '"') out += '"';
      out += c;
    }
    if (quote) out += '"';
  }
  out += "\r\n";
  return out;
}

}  // namespace bb::csv

// libFuzzer harness: the CSV writer. A record read back by an RFC 4180 reader gives the cells as
// written, except that a text cell starting with = + - @, a tab or a carriage return comes back
// with the ' that keeps spreadsheets from running it as a formula.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "http/csv.h"

namespace {

// Stops the run (libFuzzer saves the input) when an invariant does not hold, saying which.
#define Require(condition)                                                             \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "invariant broken at line %d: %s\n", __LINE__, #condition); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

// The cells of one CSV record ending in CRLF, as RFC 4180 reads them; false when malformed.
bool ReadRecord(const std::string& text, std::vector<std::string>& cells) {
  std::size_t i = 0;
  std::string cell;
  bool quoted = false;
  bool was_quoted = false;
  while (i < text.size()) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        ++i;
        continue;
      }
      cell += c;
      ++i;
      continue;
    }
    if (c == '"') {
      if (!cell.empty() || was_quoted) return false;
      quoted = was_quoted = true;
      ++i;
    } else if (c == ',') {
      cells.push_back(cell);
      cell.clear();
      was_quoted = false;
      ++i;
    } else if (c == '\r') {
      if (i + 2 != text.size() || text[i + 1] != '\n') return false;
      cells.push_back(cell);
      return true;
    } else if (c == '\n') {
      return false;
    } else {
      cell += c;
      ++i;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  std::vector<std::string> cells;
  std::vector<bool> numeric;
  while (input.remaining_bytes() > 0 && cells.size() < 20) {
    numeric.push_back(input.ConsumeBool());
    cells.push_back(input.ConsumeRandomLengthString(80));
  }
  if (cells.empty()) return 0;
  std::string record = bb::http::CsvRecord(cells, numeric);
  std::vector<std::string> read;
  Require(ReadRecord(record, read));
  Require(read.size() == cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string& cell = cells[i];
    bool guarded = !numeric[i] && !cell.empty() && std::string("=+-@\t\r").find(cell.front()) != std::string::npos;
    Require(read[i] == (guarded ? "'" + cell : cell));
  }
  return 0;
}

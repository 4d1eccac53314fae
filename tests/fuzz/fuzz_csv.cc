// libFuzzer harness: the CSV writer and reader together. A record written and read back (libcsv,
// strict RFC 4180) gives the cells as written, except that a text cell starting with = + - @, a tab or a carriage
// return comes back with the ' that keeps spreadsheets from running it as a formula.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "csv/csv_reader.h"
#include "csv/csv_writer.h"

namespace {

// Stops the run (libFuzzer saves the input) when an invariant does not hold, saying which.
#define Require(condition)                                                             \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "invariant broken at line %d: %s\n", __LINE__, #condition); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

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
  std::string record = bb::csv::CsvRecord(cells, numeric);
  std::vector<std::string> read;
  int records = 0;
  // After a first line, so that a first cell starting with a byte order mark is not the file's start.
  bb::Status status = bb::csv::ReadRecords("first\r\n" + record, {.delimiter = ',', .max_field_bytes = 1000},
                                           [&](bb::csv::Record& r) -> bb::Status {
                                             ++records;
                                             read = r.fields;
                                             return bb::Ok();
                                           });
  Require(status.ok());
  bool blank = true;
  for (const auto& cell : cells) blank = blank && cell.empty();
  Require(records == (blank ? 1 : 2));
  if (blank) return 0;
  Require(read.size() == cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string& cell = cells[i];
    bool guarded = !numeric[i] && !cell.empty() && std::string("=+-@\t\r").find(cell.front()) != std::string::npos;
    Require(read[i] == (guarded ? "'" + cell : cell));
  }
  return 0;
}

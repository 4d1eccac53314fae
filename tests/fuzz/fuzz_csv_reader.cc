// libFuzzer harness: the CSV reader on any bytes. It never crashes; it either reads the whole
// input or names a row within it; rows only go up; and every record it reads, written again and
// read back, gives the same fields (the writer's formula guard aside, so cells are checked only
// when none starts with a guarded character).

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "csv/csv_reader.h"
#include "csv/csv_writer.h"

namespace {

#define Require(condition)                                                             \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "invariant broken at line %d: %s\n", __LINE__, #condition); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

bool Guarded(const std::string& cell) {
  return !cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::int64_t last_row = 0;
  std::int64_t newlines = 0;
  for (char c : text) newlines += (c == '\n' || c == '\r') ? 1 : 0;
  auto structure = bb::csv::CheckStructure(text, {.delimiter = 0, .max_field_bytes = 64});
  Require(!structure.fault_row || (*structure.fault_row >= 1 && *structure.fault_row <= newlines + 1));
  bb::Status read =
      bb::csv::ReadRecords(text, {.delimiter = 0, .max_field_bytes = 64}, [&](bb::csv::Record& record) -> bb::Status {
        Require(record.row > last_row);
        Require(record.row <= newlines + 1);
        last_row = record.row;
        Require(!record.fields.empty());
        bool any_guarded = false;
        for (const auto& f : record.fields) any_guarded = any_guarded || Guarded(f);
        if (record.oversized_field || any_guarded) return bb::Ok();
        // After a first line, so that a field starting with a byte order mark is not the file's start.
        std::string again = "first\r\n" + bb::csv::CsvRecord(record.fields);
        std::vector<std::string> reread;
        bb::Status second = bb::csv::ReadRecords(again, {.delimiter = ',', .max_field_bytes = 64},
                                                 [&](bb::csv::Record& r) -> bb::Status {
                                                   reread = r.fields;
                                                   return bb::Ok();
                                                 });
        Require(second.ok());
        Require(reread == record.fields);
        return bb::Ok();
      });
  Require(read.ok() == !structure.fault_row);
  return 0;
}

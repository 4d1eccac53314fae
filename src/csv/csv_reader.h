#pragma once
// Reading CSV as RFC 4180 defines it, through libcsv (Debian's libcsv-dev) in strict mode: fields
// separated by a comma or a semicolon, optionally enclosed in double quotes (a quote inside a
// quoted field written twice), records ended by CRLF, LF or CR; a line break inside quotes belongs
// to the field. UTF-8 with or without a byte order mark (the mark is dropped). Spaces are part of
// a field (nothing is trimmed). Bytes are passed through as they are: checking that a field is
// UTF-8 text is the caller's business.
//
// Rows are numbered as a spreadsheet shows them: the first record (normally the header) is row 1,
// a blank line is a row, and a record whose quoted field holds a line break is still one row.
//
// Thread-safety: a function of its arguments only; any number of threads may read at once.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace bb::csv {

struct Record {
  std::int64_t row = 0;             // spreadsheet row number (see above)
  std::vector<std::string> fields;  // as read; an oversized field is left empty
  // The 0-based index of the first field longer than ReadOptions::max_field_bytes, if any.
  std::optional<std::size_t> oversized_field;
  // The number of fields the record had when it had more than ReadOptions::max_fields (only the
  // first max_fields are in `fields`); 0 otherwise.
  std::size_t dropped_fields_total = 0;
};

struct ReadOptions {
  // ',' or ';'; 0 detects it from the first line: the one of the two that appears there more
  // often outside quotes (a comma on a tie or when neither appears).
  char delimiter = 0;
  std::size_t max_field_bytes = 64 * 1024;
  // Fields of one record kept; those beyond are counted, not kept (a line of millions of commas
  // must not become millions of strings).
  std::size_t max_fields = 10000;
};

// The delimiter ReadOptions{.delimiter = 0} would choose for `text`.
char DetectDelimiter(std::string_view text);

// Calls `on_record` with each record of `text` in order, skipping blank records (no fields, or
// only empty ones). Stops at the first error `on_record` returns and returns it. A file that
// cannot be read as CSV (a stray or unclosed quote) fails with kInvalidArgument naming the row
// where the fault is, after the records before it were passed on: callers that must not act on a
// broken file run CheckStructure first.
Status ReadRecords(std::string_view text, const ReadOptions& options, const std::function<Status(Record&)>& on_record);

// The first non-blank record of `text` (nullopt for a file with none), read as ReadRecords does;
// fails as ReadRecords does when that record cannot be read as CSV.
Result<std::optional<Record>> FirstRecord(std::string_view text, const ReadOptions& options);

// What a whole read of a file finds: its non-blank records, or where it cannot be read as CSV.
struct Structure {
  std::int64_t records = 0;  // up to the fault, when there is one
  std::optional<std::int64_t> fault_row;
  std::string fault;  // what is wrong there, for a person; "" without a fault
};

// Reads all of `text` without keeping any record (memory: the longest field, and at most
// ReadOptions::max_fields fields of one record).
Structure CheckStructure(std::string_view text, const ReadOptions& options);

}  // namespace bb::csv

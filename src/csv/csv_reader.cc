#include "csv/csv_reader.h"

#include <csv.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace bb::csv {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::size_t kChunkBytes = 64 * 1024;

std::string_view WithoutByteOrderMark(std::string_view text) {
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  return text;
}

// RFC 4180: spaces are part of a field.
int NoSpaces(unsigned char) { return 0; }

// libcsv grows its field buffer by a fixed block each time (128 bytes by default), which copies a
// long field over and over: a 10 MB field took minutes. These allocate at least double the
// capacity they had (kept in a header before the block), so growth costs amortised O(1) per byte.
constexpr std::size_t kHeaderBytes = alignof(std::max_align_t);

void* GrowBuffer(void* block, std::size_t size) {
  std::size_t capacity = 0;
  char* base = nullptr;
  if (block != nullptr) {
    base = static_cast<char*>(block) - kHeaderBytes;
    std::memcpy(&capacity, base, sizeof capacity);
    if (size <= capacity) return block;
  }
  std::size_t grown = std::max(size, capacity * 2);
  auto* moved = static_cast<char*>(std::realloc(base, grown + kHeaderBytes));
  if (moved == nullptr) return nullptr;
  std::memcpy(moved, &grown, sizeof grown);
  return moved + kHeaderBytes;
}

void FreeBuffer(void* block) {
  if (block != nullptr) std::free(static_cast<char*>(block) - kHeaderBytes);
}

// The record being assembled and what to do with each one complete; libcsv's callbacks write here.
struct Assembly {
  const ReadOptions* options = nullptr;
  const std::function<Status(Record&)>* on_record = nullptr;
  Record record;
  std::int64_t rows_done = 0;  // rows before the current one
  bool last_ended_by_cr = false;
  bool has_fields = false;
  Status outcome;  // the first error on_record returned

  void OnField(const char* data, std::size_t size) {
    if (!outcome.ok()) return;
    has_fields = true;
    if (record.fields.size() >= options->max_fields) {
      record.dropped_fields_total = std::max(record.dropped_fields_total, record.fields.size()) + 1;
      return;
    }
    if (size > options->max_field_bytes) {
      if (!record.oversized_field) record.oversized_field = record.fields.size();
      record.fields.emplace_back();
    } else {
      record.fields.emplace_back(data, size);
    }
  }

  void OnRecordEnd(int terminator) {
    if (!outcome.ok()) return;
    // With CSV_REPALL_NL every unquoted CR and LF ends a record; the LF of a CRLF ends nothing.
    bool crlf_tail = terminator == '\n' && last_ended_by_cr && !has_fields;
    last_ended_by_cr = terminator == '\r';
    if (crlf_tail) return;
    ++rows_done;
    bool blank = std::all_of(record.fields.begin(), record.fields.end(), [](const auto& f) { return f.empty(); }) &&
                 !record.oversized_field && record.dropped_fields_total == 0;
    if (!blank) {
      record.row = rows_done;
      outcome = (*on_record)(record);
    }
    record.fields.clear();
    record.oversized_field.reset();
    record.dropped_fields_total = 0;
    has_fields = false;
  }
};

void FieldCallback(void* data, std::size_t size, void* assembly) {
  static_cast<Assembly*>(assembly)->OnField(static_cast<const char*>(data), size);
}

void RecordCallback(int terminator, void* assembly) { static_cast<Assembly*>(assembly)->OnRecordEnd(terminator); }

constexpr std::string_view kStructureFault =
    "is not valid CSV: a quote inside a field that is not enclosed in quotes, text after a closing quote, or a "
    "quote that is never closed (enclose a field holding quotes in double quotes and write each quote in it twice)";

struct ParserDeleter {
  void operator()(csv_parser* parser) const {
    csv_free(parser);
    delete parser;
  }
};

// Reads `text` through libcsv. Sets `*fault_row` (and returns Ok) when the file is not valid CSV.
Status Read(std::string_view text, const ReadOptions& options, const std::function<Status(Record&)>& on_record,
            std::optional<std::int64_t>& fault_row) {
  text = WithoutByteOrderMark(text);
  char delimiter = options.delimiter != 0 ? options.delimiter : DetectDelimiter(text);
  std::unique_ptr<csv_parser, ParserDeleter> parser(new csv_parser);
  if (csv_init(parser.get(), CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
    return Error::Internal("The CSV reader could not start.");
  }
  csv_set_delim(parser.get(), static_cast<unsigned char>(delimiter));
  csv_set_space_func(parser.get(), NoSpaces);
  csv_set_realloc_func(parser.get(), GrowBuffer);
  csv_set_free_func(parser.get(), FreeBuffer);
  Assembly assembly;
  assembly.options = &options;
  assembly.on_record = &on_record;
  while (!text.empty()) {
    std::size_t chunk = std::min(text.size(), kChunkBytes);
    std::size_t parsed = csv_parse(parser.get(), text.data(), chunk, FieldCallback, RecordCallback, &assembly);
    if (!assembly.outcome.ok()) return assembly.outcome;
    if (parsed != chunk) {
      if (csv_error(parser.get()) != CSV_EPARSE) {
        return Error::Internal(std::string("The CSV reader failed: ") + csv_strerror(csv_error(parser.get())) + ".");
      }
      fault_row = assembly.rows_done + 1;
      return Ok();
    }
    text.remove_prefix(chunk);
  }
  if (csv_fini(parser.get(), FieldCallback, RecordCallback, &assembly) != 0) fault_row = assembly.rows_done + 1;
  return assembly.outcome;
}

}  // namespace

char DetectDelimiter(std::string_view text) {
  text = WithoutByteOrderMark(text);
  std::size_t commas = 0;
  std::size_t semicolons = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
  }
  return semicolons > commas ? ';' : ',';
}

Status ReadRecords(std::string_view text, const ReadOptions& options, const std::function<Status(Record&)>& on_record) {
  std::optional<std::int64_t> fault_row;
  BB_RETURN_IF_ERROR(Read(text, options, on_record, fault_row));
  if (fault_row) {
    return Error(ErrorCode::kInvalidArgument,
                 "Row " + std::to_string(*fault_row) + " " + std::string(kStructureFault) + ".");
  }
  return Ok();
}

Result<std::optional<Record>> FirstRecord(std::string_view text, const ReadOptions& options) {
  std::optional<Record> first;
  std::optional<std::int64_t> fault_row;
  // Stops the reader after the first record with an error of its own, told apart by `first`.
  Status read = Read(
      text, options,
      [&](Record& record) -> Status {
        first = std::move(record);
        return Error::Conflict("first record read");
      },
      fault_row);
  if (first) return first;
  if (!read.ok()) return read.error();
  if (fault_row) {
    return Error(ErrorCode::kInvalidArgument,
                 "Row " + std::to_string(*fault_row) + " " + std::string(kStructureFault) + ".");
  }
  return first;
}

Structure CheckStructure(std::string_view text, const ReadOptions& options) {
  Structure structure;
  std::optional<std::int64_t> fault_row;
  Status read = Read(
      text, options,
      [&](Record&) -> Status {
        ++structure.records;
        return Ok();
      },
      fault_row);
  if (!read.ok()) {  // only a failure of libcsv itself (out of memory)
    structure.fault_row = structure.records + 1;
    structure.fault = read.error().message();
  } else if (fault_row) {
    structure.fault_row = fault_row;
    structure.fault = std::string(kStructureFault);
  }
  return structure;
}

}  // namespace bb::csv

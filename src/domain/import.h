#pragma once
// CSV imports: which column holds which field, the checks every cell passes, an advocate row read
// into an enrolment (or merged into an existing one), and the report an import gives: how many
// rows created, updated, left unchanged or refused, and why each refusal. Pure rules, no I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"

namespace bb::domain {

enum class ImportKind { kAdvocates, kReferrals };
// running: rows are being written; completed: every row was read (some may have been refused);
// failed: the file was refused as a whole (nothing written); interrupted: the server stopped
// before the end (the rows counted as done are written; importing the file again finishes it).
enum class ImportStatus { kRunning, kCompleted, kFailed, kInterrupted };

std::string_view ToString(ImportKind kind);
std::optional<ImportKind> ParseImportKind(std::string_view text);
std::string_view ToString(ImportStatus status);
std::optional<ImportStatus> ParseImportStatus(std::string_view text);

// A refused row, a refused file, or a column that was not imported: where and why. `row` counts
// as a spreadsheet does (the header is row 1); `column` is the file's own header ("" for the row
// or the file as a whole).
struct ImportIssue {
  std::int64_t row = 0;
  std::string column;
  std::string message;
  friend bool operator==(const ImportIssue&, const ImportIssue&) = default;
};

// What a data row came to.
enum class ImportRowOutcome { kCreated, kUpdated, kUnchanged, kRefused };

// An import and its report. Counts are of data rows (the header is not one).
struct Import {
  inline static constexpr std::size_t kMaxListedErrors = 1000;

  std::string id;
  std::string program_id;
  ImportKind kind = ImportKind::kAdvocates;
  bool dry_run = false;
  ImportStatus status = ImportStatus::kRunning;
  std::string created_by;
  std::int64_t rows_total = 0;
  std::int64_t rows_done = 0;
  std::int64_t created = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t refused = 0;
  std::vector<ImportIssue> errors;  // the first kMaxListedErrors, in row order
  bool errors_truncated = false;    // more rows were refused than are listed
  std::vector<ImportIssue> warnings;
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> finished_at;

  // Lists `issue` unless kMaxListedErrors are listed already (then marks the list truncated).
  void AddError(ImportIssue issue);
  // Counts a batch of rows: one outcome per row, and the issues of those refused.
  void AddBatch(const std::vector<ImportRowOutcome>& outcomes, const std::vector<ImportIssue>& refusals);
};

// Which column of the file holds each field the import knows. Fields of an advocate import:
// email (required), first_name, last_name, company, tags, source, sales_rep, and attributes.<key>
// for each attribute. Of a referral import (domain/referral_import.h): advocate_email or code (one
// is required), email (the referee's; required), first_name, last_name, company, title, phone,
// product, channel, note, stage, deal_value, external_id, submitted_at and closed_at.
struct ImportColumns {
  std::map<std::string, std::size_t, std::less<>> field_index;  // field -> column
  std::vector<std::string> headers;                             // the header row as read

  std::optional<std::size_t> Find(std::string_view field) const;
  // The header of the column holding `field` ("" when none does).
  std::string HeaderOf(std::string_view field) const;
};

// Maps the header row: `mapping` names, per field, the header of the column that holds it
// (map.<field>=<header> in the API); every other column whose header names a field of `kind`
// (letters in any case, spaces and hyphens for underscores, common synonyms such as "E-mail" or
// "Surname") holds that field. A column holding no field is reported in `warnings` and not imported. Fails
// with kInvalidArgument naming each problem when a mapped header is missing, two columns hold one
// field, a mapping names an unknown field, or no column holds a required one.
Result<ImportColumns> MapImportColumns(ImportKind kind, const std::vector<std::string>& header,
                                       const std::map<std::string, std::string, std::less<>>& mapping,
                                       std::vector<ImportIssue>& warnings);

// "" when `cell` may be imported, else why not: it is not UTF-8 text, or it starts like a
// spreadsheet formula (=, @, a tab or a line break, or + or - followed by anything but a number).
// A cell written with a leading ' (as exports guard such text) is text and passes.
std::string CheckImportCell(std::string_view cell);
// The value of a cell that passed CheckImportCell: without the leading ' that guarded it.
std::string_view ImportCellValue(std::string_view cell);

// The value of `field` in a data row (`fields`), trimmed and without the ' that guarded it:
// nullopt when no column holds the field or the cell is empty, and also when the cell fails
// CheckImportCell (then an issue naming its column is appended to `issues`).
std::optional<std::string> ReadImportCell(const ImportColumns& columns, std::string_view field, std::int64_t row,
                                          const std::vector<std::string>& fields, std::vector<ImportIssue>& issues);

// One row of an advocate import, checked.
struct AdvocateImportRow {
  std::int64_t row = 0;
  std::string email_normalized;
  AdvocateInput input;  // the fields the row gives (empty cells are absent: they change nothing)
  std::optional<AdvocateSource> source;
  std::string sales_rep_email;  // normalised; "" when not given
};

// Reads an advocate row. On failure returns nullopt and appends one issue per bad cell (each
// naming its column's header) to `issues`.
std::optional<AdvocateImportRow> ReadAdvocateImportRow(const ImportColumns& columns, std::int64_t row,
                                                       const std::vector<std::string>& fields,
                                                       std::vector<ImportIssue>& issues);

// Merges an imported row into the existing enrolment: names and company the row gives replace
// the enrolment's, the attributes it gives are set, its tags are added (an import never removes
// anything). Returns whether anything changed; on failure (the merged enrolment would break a
// limit) kInvalidArgument naming the fields, and `advocate` is unchanged.
Result<bool> MergeImportedAdvocate(Advocate& advocate, const AdvocateImportRow& row, Timestamp now);

// The field names of a domain error (as BuildEnrollment reports them: "email", "tags[2]",
// "attributes.plan", or a submission's "referee.email") turned into issues naming the file's columns.
void AddFieldIssues(const ImportColumns& columns, std::int64_t row, const Error& error,
                    std::vector<ImportIssue>& issues);

}  // namespace bb::domain

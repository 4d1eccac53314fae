#include "store/transfer/sqlite_to_postgres.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "store/postgres/connection.h"
#include "store/postgres/postgres_store.h"
#include "store/sql/connection.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_store.h"

namespace bb::store::transfer {
namespace {

using sql::Statement;

struct Table {
  std::string name;
  std::set<std::string> references;  // tables its foreign keys point to
};

// Every table Bluebird keeps in the source, except SQLite's own, the migration history and the
// search index (advocate_search*: each backend has its own).
Result<std::vector<Table>> SourceTables(sqlite::Connection& source) {
  std::vector<Table> tables;
  {
    BB_ASSIGN_OR_RETURN(Statement s,
                        source.PrepareOnce("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                           "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND "
                                           "name <> 'schema_migrations' AND name NOT LIKE 'advocate\\_search%' "
                                           "ESCAPE '\\' ORDER BY name"));
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      tables.push_back(Table{s.Text(0), {}});
    }
  }
  for (auto& table : tables) {
    BB_ASSIGN_OR_RETURN(Statement s, source.PrepareOnce("SELECT \"table\" FROM pragma_foreign_key_list(?)"));
    s.Bind(table.name);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      if (std::string referenced = s.Text(0); referenced != table.name) table.references.insert(referenced);
    }
  }
  return tables;
}

// `tables` ordered so that every table comes after the tables it references.
Result<std::vector<Table>> InDependencyOrder(std::vector<Table> tables) {
  std::vector<Table> ordered;
  std::set<std::string> placed;
  while (!tables.empty()) {
    auto ready = std::stable_partition(tables.begin(), tables.end(), [&](const Table& table) {
      return std::ranges::all_of(table.references, [&](const std::string& name) { return placed.contains(name); });
    });
    if (ready == tables.begin()) {
      return Error::Internal("copy: the foreign keys of table " + tables.front().name + " form a cycle");
    }
    for (auto it = tables.begin(); it != ready; ++it) placed.insert(it->name);
    ordered.insert(ordered.end(), std::make_move_iterator(tables.begin()), std::make_move_iterator(ready));
    tables.erase(tables.begin(), ready);
  }
  return ordered;
}

Result<std::vector<std::string>> SourceColumns(sqlite::Connection& source, const std::string& table) {
  BB_ASSIGN_OR_RETURN(Statement s, source.PrepareOnce("SELECT name FROM pragma_table_info(?) ORDER BY cid"));
  s.Bind(table);
  std::vector<std::string> columns;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    columns.push_back(s.Text(0));
  }
  return columns;
}

struct DestinationColumn {
  std::string name;
  bool identity = false;
};

Result<std::vector<DestinationColumn>> DestinationColumns(postgres::Connection& destination, const std::string& table) {
  BB_ASSIGN_OR_RETURN(
      Statement s,
      destination.PrepareOnce("SELECT column_name, is_identity FROM information_schema.columns "
                              "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position"));
  s.Bind(table);
  std::vector<DestinationColumn> columns;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    columns.push_back(DestinationColumn{s.Text(0), s.Text(1) == "YES"});
  }
  return columns;
}

std::string Quoted(const std::string& identifier) { return "\"" + identifier + "\""; }

Result<std::int64_t> CountRows(sql::Connection& db, const std::string& table) {
  BB_ASSIGN_OR_RETURN(Statement s, db.PrepareOnce("SELECT COUNT(*) FROM " + Quoted(table)));
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

// Copies one table; returns its report line. The destination's columns decide what is read: each
// must exist in the source, except "rowid", which is SQLite's implicit row number there (the order
// history entries were written in).
Result<TableCopy> CopyTable(sqlite::Connection& source, postgres::Connection& destination, const std::string& table) {
  BB_ASSIGN_OR_RETURN(auto source_columns, SourceColumns(source, table));
  BB_ASSIGN_OR_RETURN(auto destination_columns, DestinationColumns(destination, table));
  if (destination_columns.empty()) return Error::Internal("copy: table " + table + " is missing in PostgreSQL");
  std::set<std::string> unmatched(source_columns.begin(), source_columns.end());
  std::string select_list;
  std::string target_list;
  for (const auto& column : destination_columns) {
    bool in_source = unmatched.erase(column.name) > 0;
    if (!in_source && column.name != "rowid") {
      return Error::Internal("copy: column " + table + "." + column.name + " has no counterpart in SQLite");
    }
    if (!select_list.empty()) {
      select_list += ", ";
      target_list += ", ";
    }
    select_list += in_source ? Quoted(column.name) : "rowid";
    target_list += Quoted(column.name);
  }
  if (!unmatched.empty()) {
    return Error::Internal("copy: column " + table + "." + *unmatched.begin() + " has no counterpart in PostgreSQL");
  }

  BB_ASSIGN_OR_RETURN(std::int64_t existing, CountRows(destination, table));
  if (existing > 0) {
    return Error(ErrorCode::kConflict,
                 "copy: the destination already has data (table " + table + " has rows); copy into an empty database");
  }

  TableCopy report{table, 0, 0};
  BB_ASSIGN_OR_RETURN(report.source_rows, CountRows(source, table));
  BB_ASSIGN_OR_RETURN(Statement rows,
                      source.PrepareOnce("SELECT " + select_list + " FROM " + Quoted(table) + " ORDER BY rowid"));
  const int width = static_cast<int>(destination_columns.size());
  BB_ASSIGN_OR_RETURN(std::int64_t copied, destination.CopyFrom(Quoted(table) + " (" + target_list + ")",
                                                                [&](std::string& row) -> Result<bool> {
                                                                  BB_ASSIGN_OR_RETURN(bool more, rows.Step());
                                                                  if (!more) return false;
                                                                  for (int i = 0; i < width; ++i) {
                                                                    if (i > 0) row += '\t';
                                                                    std::optional<std::string> value;
                                                                    if (!rows.IsNull(i)) value = rows.Text(i);
                                                                    postgres::Connection::AppendCopyField(row, value);
                                                                  }
                                                                  return true;
                                                                }));
  BB_ASSIGN_OR_RETURN(report.destination_rows, CountRows(destination, table));
  if (copied != report.source_rows || report.destination_rows != report.source_rows) {
    return Error::Internal("copy: table " + table + " has " + std::to_string(report.source_rows) +
                           " rows in SQLite but " + std::to_string(report.destination_rows) +
                           " arrived; nothing was committed");
  }
  // Identity columns continue after the largest id copied (the next insert must not reuse one).
  for (const auto& column : destination_columns) {
    if (!column.identity) continue;
    std::string name = Quoted(column.name);
    BB_RETURN_IF_ERROR(destination.Exec("SELECT setval(pg_get_serial_sequence('" + Quoted(table) + "', '" +
                                        column.name + "'), GREATEST(COALESCE(MAX(" + name +
                                        "), 0), 1), COUNT(*) > 0) FROM " + Quoted(table)));
  }
  return report;
}

}  // namespace

bool CopyReport::Complete() const {
  return std::ranges::all_of(tables, [](const TableCopy& t) { return t.source_rows == t.destination_rows; });
}

Result<CopyReport> CopySqliteToPostgres(const std::string& sqlite_path, const std::string& postgres_url,
                                        MetricsRegistry& metrics) {
  if (!std::filesystem::exists(sqlite_path)) {
    return Error(ErrorCode::kNotFound, "copy: no database at " + sqlite_path);
  }
  // Opening each as a store brings its schema to the latest version.
  {
    sqlite::SqliteOptions options;
    options.path = sqlite_path;
    BB_ASSIGN_OR_RETURN(auto store, sqlite::SqliteStore::Open(options, metrics));
    store->Close();
  }
  {
    postgres::PostgresOptions options;
    options.url = postgres_url;
    options.pool_size = 1;
    BB_ASSIGN_OR_RETURN(auto store, postgres::PostgresStore::Open(options, metrics));
    store->Close();
  }
  BB_ASSIGN_OR_RETURN(auto source, sqlite::Connection::Open(sqlite_path, false, 5000));
  BB_ASSIGN_OR_RETURN(auto destination, postgres::Connection::Open(postgres_url));
  // One snapshot of the source (a running server may keep writing), one transaction at the
  // destination.
  BB_RETURN_IF_ERROR(source->Exec("BEGIN"));
  BB_RETURN_IF_ERROR(destination->Exec("BEGIN"));
  CopyReport report;
  auto copy = [&]() -> Status {
    BB_ASSIGN_OR_RETURN(auto tables, SourceTables(*source));
    BB_ASSIGN_OR_RETURN(tables, InDependencyOrder(std::move(tables)));
    for (const auto& table : tables) {
      BB_ASSIGN_OR_RETURN(TableCopy copied, CopyTable(*source, *destination, table.name));
      report.tables.push_back(std::move(copied));
    }
    return destination->Commit();
  };
  Status outcome = copy();
  (void)source->Exec("ROLLBACK");
  if (!outcome.ok()) {
    if (destination->InTransaction()) (void)destination->Exec("ROLLBACK");
    return std::move(outcome).error();
  }
  return report;
}

}  // namespace bb::store::transfer

#pragma once
// CSV exports streamed page by page: constant memory however many rows, each page read in its own
// read transaction (a row changed meanwhile shows as its page saw it). The first page is read
// before the answer starts, so a refusal (a role, an unknown program) is a proper error status;
// a failure later ends the answer mid-body (see http::BodyStream).

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "csv/csv_writer.h"
#include "http/message.h"
#include "http/problem.h"
#include "service/paging.h"

namespace bb::http {

// An export takes the filters of its list but not its paging: `limit` and `cursor` are
// kInvalidArgument naming them.
inline Status NoPagingParameters(const Request& request) {
  for (const auto& [name, value] : request.query) {
    if (name == "limit" || name == "cursor") return Error::InvalidField(name, "is not a known query parameter");
  }
  return Ok();
}

// Rows per page read.
inline constexpr int kExportPageRows = 200;

// Answers `request` with `filename`, a CSV file of `header` and then one row per item of every
// page `list` gives (`row` renders an item's cells, or fails; `numeric` as csv::CsvRecord takes
// it), from the first page on until a page has no next cursor.
template <typename Item>
Response CsvExport(const Request& request, std::string filename, std::vector<std::string> header,
                   std::vector<bool> numeric, std::string cursor_key,
                   std::function<Result<service::PageOf<Item>>(const service::Page&)> list,
                   std::function<Result<std::vector<std::string>>(const Item&)> row) {
  service::Page page{kExportPageRows, "", "", std::move(cursor_key)};
  auto first = list(page);
  if (!first.ok()) return ErrorResponse(first.error(), request);
  struct State {
    std::vector<std::string> header;
    std::vector<bool> numeric;
    service::Page page;
    std::optional<service::PageOf<Item>> pending;  // read, not yet written
    bool header_written = false;
    std::function<Result<service::PageOf<Item>>(const service::Page&)> list;
    std::function<Result<std::vector<std::string>>(const Item&)> row;
  };
  auto state = std::make_shared<State>(
      State{std::move(header), std::move(numeric), page, std::move(*first), false, std::move(list), std::move(row)});
  Response response = Response::Text(200, "", "text/csv; charset=utf-8");
  response.With("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  response.With("Cache-Control", "no-store");
  response.stream = [state](std::string& out) -> Result<bool> {
    if (!state->header_written) {
      state->header_written = true;
      out += csv::CsvRecord(state->header);
      return true;
    }
    if (!state->pending) {
      auto next = state->list(state->page);
      if (!next.ok()) return next.error();
      state->pending = std::move(*next);
    }
    for (const auto& item : state->pending->items) {
      auto cells = state->row(item);
      if (!cells.ok()) return cells.error();
      out += csv::CsvRecord(*cells, state->numeric);
    }
    state->page.cursor = std::move(state->pending->next_cursor);
    state->pending.reset();
    return !state->page.cursor.empty();
  };
  return response;
}

}  // namespace bb::http

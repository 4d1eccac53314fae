#pragma once
// Cursor pages over lists sorted newest first by id. A cursor carries the last id of the page it
// ends and an HMAC, under the server's cursor key, of that id and the list it was issued for; so a
// cursor from another list (another path, other filters), or one this server never issued, is
// refused (kInvalidArgument naming "cursor") instead of quietly paging something else. Every
// instance sharing a database shares the key. Thread-safe (no state).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "store/store.h"

namespace bb::service {

struct Page {
  int limit = 50;      // 1..200
  std::string cursor;  // opaque; empty for the first page
  // Which list this is a page of: every page of one list must give the same text (the HTTP layer
  // uses the path and the query parameters other than limit and cursor).
  std::string list;
  std::string key;  // the server's cursor key (see Services::cursor_key)
};

template <class T>
struct PageOf {
  std::vector<T> items;
  std::string next_cursor;  // empty when there are no more
};

// The cursor that points after `last_id` in `list`, signed with `key`.
std::string EncodeCursor(std::string_view key, std::string_view list, std::string_view last_id);

// Validates a page request (limit 1..200; a cursor issued for `page.list` after an id with
// `id_prefix`): kInvalidArgument naming "limit" or "cursor". Returns the id to page after ("" for
// the first page).
Result<std::string> CheckPage(const Page& page, std::string_view id_prefix);

// As CheckPage, for a list ordered by some other key than an id (an email): any signed key.
Result<std::string> CheckKeyPage(const Page& page);

// Trims `out` (queried with one item more than the page's limit) to the limit; when there was
// more, the cursor points after its last item.
template <class T>
void FinishPage(PageOf<T>& out, const Page& page) {
  if (static_cast<int>(out.items.size()) <= page.limit) return;
  out.items.resize(static_cast<std::size_t>(page.limit));
  out.next_cursor = EncodeCursor(page.key, page.list, out.items.back().id);
}

// Where a page of a list computed as of an instant starts. The cursor carries the instant the list
// was first read at, so that every page of a list asked for "now" is of that same instant, and the
// position and id of the item before the page ("1767225600000000:17:ref_...").
struct SnapshotPosition {
  std::optional<Timestamp> as_of;  // nullopt on the first page
  std::size_t start = 0;
  std::string last_id;
};
// kInvalidArgument naming "cursor" for a cursor that is not of this list.
Result<SnapshotPosition> ReadSnapshotCursor(const Page& page);
std::string SnapshotCursor(const Page& page, Timestamp as_of, std::size_t end, std::string_view last_id);

// A page of `items` (already in order, each with an `id`), computed as of `as_of` (the cursor's
// instant when it had one), after the cursor's position. kInvalidArgument naming "cursor" when the
// item before the page is not the one the cursor names (the list changed: start again).
template <class T>
Result<PageOf<T>> PageByPosition(std::vector<T> items, const Page& page, Timestamp as_of) {
  BB_ASSIGN_OR_RETURN(SnapshotPosition position, ReadSnapshotCursor(page));
  const std::size_t start = position.start;
  if (start > 0 && (start > items.size() || items[start - 1].id != position.last_id)) {
    return Error::InvalidField("cursor", "points into a list that has changed since: start from the first page");
  }
  PageOf<T> out;
  for (std::size_t i = start; i < items.size() && out.items.size() < static_cast<std::size_t>(page.limit); ++i) {
    out.items.push_back(std::move(items[i]));
  }
  const std::size_t end = start + out.items.size();
  if (end < items.size() && !out.items.empty()) out.next_cursor = SnapshotCursor(page, as_of, end, out.items.back().id);
  return out;
}

// Ok when `program_id` is "" (no filter) or names a program; kNotFound otherwise, so that a list
// filtered by a program that does not exist says so instead of answering an empty page.
Status ProgramFilterExists(store::Queries& q, std::string_view program_id);

}  // namespace bb::service

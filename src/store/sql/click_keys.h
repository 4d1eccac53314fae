#pragma once
// The small integer keys a click row refers to instead of repeating text (SQLite schema 25,
// PostgreSQL schema 14): its program, user agent and referrer in click_names, its advocate (with
// the program and the code) in click_advocates. A writer gives out a key the first time it meets a
// value, in the transaction that inserts the click; a key is never changed or reused.
//
// Lookups go through the connection's ClickKeyCache, which holds only keys of committed rows. By
// default a key is looked up and made in the transaction itself (SQLite's single writer): a key
// this transaction created is not cached, since the transaction (or the savepoint around it) may
// still be rolled back; the next transaction finds it by one lookup and caches it then.
// PostgreSQL's click writer looks keys up and makes them outside its transaction instead
// (MakeKeysOutside), each statement committed at once, so that its SERIALIZABLE groups never read
// the key tables and so never conflict over new values (which visitors' user agents and referrers
// bring at will); a key made for a group that is then rolled back stays, unused and harmless.
//
// Thread-safety: one per transaction, on its connection's thread.

#include <cstdint>
#include <functional>
#include <string_view>
#include <unordered_set>

#include "common/result.h"
#include "domain/click.h"
#include "store/sql/connection.h"

namespace bb::store::sql {

// The term of a clicks query for one program (bound: its id) or one advocate (bound: the advocate's
// id); each is one index range (clicks_program, clicks_advocate) with the key looked up once.
inline constexpr std::string_view kClickProgramTerm =
    "program_ref = (SELECT id FROM click_names WHERE kind = 'program' AND value = ?)";
inline constexpr std::string_view kClickAdvocateTerm =
    "advocate_ref = (SELECT id FROM click_advocates WHERE advocate_id = ?)";

// The bits held by the two signed 64-bit columns from `column` on (visitor_high and visitor_low,
// address_high and address_low).
domain::Bits128 BitsAt(const Statement& s, int column);
// The visitor id held by visitor_high and visitor_low at `column` and the next.
std::string VisitorIdAt(const Statement& s, int column);

// The keys of one click, for its row.
struct ClickKeys {
  std::int64_t program = 0;
  std::int64_t advocate = 0;
  std::int64_t user_agent = 0;
  std::int64_t referrer = 0;
};

// Runs `work` on a connection outside the caller's transaction (each statement committing by
// itself) and returns its result.
using ClickKeyWork = std::function<Result<std::int64_t>(Connection&)>;
using OutsideConnection = std::function<Result<std::int64_t>(const ClickKeyWork& work)>;

class ClickKeyResolver {
 public:
  explicit ClickKeyResolver(Connection& db) : db_(db) {}

  // From now on, keys not in the cache are looked up and made through `outside`.
  void MakeKeysOutside(OutsideConnection outside) { outside_ = std::move(outside); }

  // The keys of `click`'s program, advocate, user agent and referrer, creating those that do not
  // exist yet. Fails only when the database does.
  Result<ClickKeys> Resolve(const domain::Click& click);

 private:
  Result<std::int64_t> Name(ClickKeyKind kind, std::string_view value);
  Result<std::int64_t> Advocate(const domain::Click& click);
  // The key of `value`: from the cache, else looked up with `find`, else inserted with `insert`
  // (and looked up again when another writer's insert won).
  template <class BindFind, class BindInsert>
  Result<std::int64_t> FindOrCreate(ClickKeyKind kind, std::string_view value, const std::string& find,
                                    BindFind&& bind_find, const std::string& insert, BindInsert&& bind_insert);

  Connection& db_;
  OutsideConnection outside_;
  std::unordered_set<std::int64_t> created_[4];  // per ClickKeyKind: keys this transaction created
};

}  // namespace bb::store::sql

#include "store/sql/click_keys.h"

#include "store/sql/query_helpers.h"

namespace bb::store::sql {
namespace {

std::string_view KindName(ClickKeyKind kind) {
  switch (kind) {
    case ClickKeyKind::kProgram: return "program";
    case ClickKeyKind::kUserAgent: return "user_agent";
    case ClickKeyKind::kReferrer: return "referrer";
    case ClickKeyKind::kAdvocate: break;
  }
  return "advocate";
}

}  // namespace

domain::Bits128 BitsAt(const Statement& s, int column) {
  return {static_cast<std::uint64_t>(s.Int(column)), static_cast<std::uint64_t>(s.Int(column + 1))};
}

std::string VisitorIdAt(const Statement& s, int column) { return domain::FormatUlid(BitsAt(s, column)); }

template <class BindFind, class BindInsert>
Result<std::int64_t> ClickKeyResolver::FindOrCreate(ClickKeyKind kind, std::string_view value, const std::string& find,
                                                    BindFind&& bind_find, const std::string& insert,
                                                    BindInsert&& bind_insert) {
  ClickKeyCache& cache = db_.click_key_cache();
  if (auto key = cache.Find(kind, value)) return *key;
  auto& created = created_[static_cast<std::size_t>(kind)];
  auto read_key = [](const Statement& s) { return s.Int(0); };
  // Outside the transaction every statement commits by itself: whatever is found or made is
  // committed, so cached.
  bool outside = static_cast<bool>(outside_);
  auto find_or_make = [&](Connection& db) -> Result<std::int64_t> {
    for (int attempt = 0; attempt < 2; ++attempt) {
      BB_ASSIGN_OR_RETURN(auto found, QueryOne<std::int64_t>(db, find, bind_find, read_key));
      if (found) {
        if (outside || !created.contains(*found)) cache.Remember(kind, value, *found);
        return *found;
      }
      if (attempt == 1) break;
      BB_ASSIGN_OR_RETURN(auto inserted, QueryOne<std::int64_t>(db, insert, bind_insert, read_key));
      if (inserted) {
        if (outside) {
          cache.Remember(kind, value, *inserted);
        } else {
          created.insert(*inserted);
        }
        return *inserted;
      }
    }
    return Error(ErrorCode::kUnavailable,
                 "A click's " + std::string(KindName(kind)) + " key could not be found or made.");
  };
  if (outside) return outside_(find_or_make);
  return find_or_make(db_);
}

Result<std::int64_t> ClickKeyResolver::Name(ClickKeyKind kind, std::string_view value) {
  static const std::string find = "SELECT id FROM click_names WHERE kind = ? AND value = ?";
  static const std::string insert =
      "INSERT INTO click_names (kind, value) VALUES (?, ?) ON CONFLICT (kind, value) DO NOTHING RETURNING id";
  auto bind = [&](Statement& s) { s.Bind(KindName(kind)).Bind(value); };
  return FindOrCreate(kind, value, find, bind, insert, bind);
}

Result<std::int64_t> ClickKeyResolver::Advocate(const domain::Click& click) {
  static const std::string find = "SELECT id FROM click_advocates WHERE advocate_id = ?";
  static const std::string insert =
      "INSERT INTO click_advocates (advocate_id, program_id, code) VALUES (?, ?, ?) ON CONFLICT (advocate_id) DO "
      "NOTHING RETURNING id";
  return FindOrCreate(
      ClickKeyKind::kAdvocate, click.advocate_id, find, [&](Statement& s) { s.Bind(click.advocate_id); }, insert,
      [&](Statement& s) { s.Bind(click.advocate_id).Bind(click.program_id).Bind(click.code); });
}

Result<ClickKeys> ClickKeyResolver::Resolve(const domain::Click& click) {
  ClickKeys keys;
  BB_ASSIGN_OR_RETURN(keys.program, Name(ClickKeyKind::kProgram, click.program_id));
  BB_ASSIGN_OR_RETURN(keys.advocate, Advocate(click));
  BB_ASSIGN_OR_RETURN(keys.user_agent, Name(ClickKeyKind::kUserAgent, click.user_agent));
  BB_ASSIGN_OR_RETURN(keys.referrer, Name(ClickKeyKind::kReferrer, click.referrer));
  return keys;
}

}  // namespace bb::store::sql

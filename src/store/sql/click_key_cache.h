#pragma once
// The keys of click_names and click_advocates rows (store/sql/click_keys.h) that a connection has
// seen committed, so that a click of a known program, advocate, user agent and referrer costs no
// lookup. Keys never change once committed, so an entry never goes stale; the cache forgets
// everything of a kind when that kind reaches its limit (about 100 bytes an entry): 250,000
// advocates (the busy ones come back at once: clicks follow a power law over advocates), 50,000 of
// each other kind (a busy program's distinct user agents are a few thousand).
//
// Thread-safety: one thread at a time, like the connection it belongs to.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bb::store::sql {

// What click_names holds (its `kind` column), and the advocates of click_advocates.
enum class ClickKeyKind { kProgram = 0, kUserAgent = 1, kReferrer = 2, kAdvocate = 3 };

class ClickKeyCache {
 public:
  static constexpr std::size_t kMaxAdvocates = 250'000;
  static constexpr std::size_t kMaxNames = 50'000;

  std::optional<std::int64_t> Find(ClickKeyKind kind, std::string_view value) const {
    const auto& entries = entries_[static_cast<std::size_t>(kind)];
    auto it = entries.find(value);
    if (it == entries.end()) return std::nullopt;
    return it->second;
  }
  // Remembers `key` for `value`: only for a row known to be committed.
  void Remember(ClickKeyKind kind, std::string_view value, std::int64_t key) {
    auto& entries = entries_[static_cast<std::size_t>(kind)];
    if (entries.size() >= (kind == ClickKeyKind::kAdvocate ? kMaxAdvocates : kMaxNames)) entries.clear();
    entries.emplace(std::string(value), key);
  }

 private:
  // Looks texts up by std::string_view without making a std::string (the tracked link's hot path).
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::array<std::unordered_map<std::string, std::int64_t, TextHash, std::equal_to<>>, 4> entries_;
};

}  // namespace bb::store::sql

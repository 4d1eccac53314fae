#pragma once
// What each referral code points to, kept in memory so that following a link costs no database
// read. Entries live `ttl` (the bound on staleness when another process changed a program) and
// are dropped at once when this process changes a program or an advocate (Clear). Unknown codes
// are not cached: a newly enrolled advocate's code must work at once.
//
// Thread-safety: all methods may be called concurrently.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/clock.h"
#include "store/store.h"

namespace bb::service {

class LinkTargetCache {
 public:
  LinkTargetCache(const Clock& clock, Duration ttl, std::size_t capacity)
      : clock_(clock), ttl_(ttl), capacity_(capacity) {}

  struct Lookup {
    bool hit = false;
    std::shared_ptr<const store::LinkTarget> target;  // set when hit
    std::uint64_t generation = 0;                     // pass to Put after reading the database
  };
  Lookup Find(const std::string& code);

  // Remembers what the database said for `code`, unless Clear ran since the Find that returned
  // `generation` (the value read may then be stale).
  void Put(const std::string& code, std::shared_ptr<const store::LinkTarget> target, std::uint64_t generation);

  void Clear();

 private:
  struct Entry {
    std::shared_ptr<const store::LinkTarget> target;
    Timestamp expires;
  };
  const Clock& clock_;
  const Duration ttl_;
  const std::size_t capacity_;
  std::mutex mutex_;
  std::uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace bb::service

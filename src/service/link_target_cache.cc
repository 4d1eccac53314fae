#include "service/link_target_cache.h"

namespace bb::service {

LinkTargetCache::Lookup LinkTargetCache::Find(const std::string& code) {
  Timestamp now = clock_.Now();
  std::lock_guard lock(mutex_);
  Lookup lookup;
  lookup.generation = generation_;
  auto it = entries_.find(code);
  if (it != entries_.end() && it->second.expires > now) {
    lookup.hit = true;
    lookup.target = it->second.target;
  }
  return lookup;
}

void LinkTargetCache::Put(const std::string& code, std::shared_ptr<const store::LinkTarget> target,
                          std::uint64_t generation) {
  Timestamp expires = clock_.Now() + ttl_;
  std::lock_guard lock(mutex_);
  if (generation != generation_) return;
  if (entries_.size() >= capacity_) entries_.clear();
  entries_.insert_or_assign(code, Entry{std::move(target), expires});
}

void LinkTargetCache::Clear() {
  std::lock_guard lock(mutex_);
  ++generation_;
  entries_.clear();
}

}  // namespace bb::service

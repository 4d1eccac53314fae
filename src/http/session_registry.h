#pragma once
// The HTTP server's live connections, so that shutdown can close the idle ones and know when the
// last one is gone.

#include <algorithm>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_set>
#include <utility>
#include <vector>

namespace bb::http {

// Thread-safety: every member may be called from any thread.
template <typename Session>
class SessionRegistry {
 public:
  // Registers a live session. False when shutting down: the caller must close the connection.
  bool Add(const std::shared_ptr<Session>& session) {
    std::lock_guard lock(mutex_);
    if (stopping_) return false;
    sessions_.insert(session.get());
    weak_.push_back(session);
    if (weak_.size() > 2 * sessions_.size() + 64) {
      std::erase_if(weak_, [](const auto& w) { return w.expired(); });
    }
    return true;
  }

  // Called last in a session's destruction, on whichever thread drops its last reference. Runs
  // `on_empty` when this was the last session after BeginShutdown. It runs under the registry's
  // lock: it may let the server's threads finish and the server be destroyed before it returns, and
  // Disarm (called by that destruction) waits for it.
  void Remove(Session* session) {
    std::lock_guard lock(mutex_);
    sessions_.erase(session);
    if (stopping_ && sessions_.empty() && on_empty_) std::exchange(on_empty_, nullptr)();
  }

  // Refuses new sessions from now on and returns the live ones; `on_empty` runs (once, on the
  // thread that removes the last session, or right here) when none is left. `on_empty` must not
  // call back into the registry.
  std::vector<std::shared_ptr<Session>> BeginShutdown(std::function<void()> on_empty) {
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      for (auto& weak : weak_) {
        if (auto session = weak.lock()) live.push_back(std::move(session));
      }
      weak_.clear();
      if (!sessions_.empty()) {
        on_empty_ = std::move(on_empty);
        return live;
      }
    }
    on_empty();
    return live;
  }

  // Drops `on_empty` unrun: for sessions that outlive the server's threads (abandoned when the
  // grace period ran out) and are destroyed with it. Returns only once an `on_empty` already
  // running on another thread has returned, so that the caller may then destroy what it touches.
  void Disarm() {
    std::lock_guard lock(mutex_);
    on_empty_ = nullptr;
  }

 private:
  std::mutex mutex_;
  bool stopping_ = false;
  std::function<void()> on_empty_;
  std::unordered_set<Session*> sessions_;
  std::vector<std::weak_ptr<Session>> weak_;
};

}  // namespace bb::http

#pragma once
// A store that passes everything to another one and can run a test's code between two of a
// service's transactions: after the next read finishes, before the caller continues. This is how
// a test puts a concurrent change exactly into the gap a race would need, without threads or sleeps.

#include <functional>
#include <mutex>
#include <utility>

#include "store/store.h"

namespace bb::testing {

class HookedStore final : public store::Store {
 public:
  explicit HookedStore(store::Store& inner) : inner_(inner) {}

  // `hook` runs once, right after the next Read returns (on the reading thread, with no
  // transaction open); the reads and writes it makes itself go through unhooked. Thread-safe.
  void AfterNextRead(std::function<void()> hook) {
    std::lock_guard lock(mutex_);
    after_next_read_ = std::move(hook);
  }

  // The write after the next `successes` writes fails with kUnavailable without running, as a
  // commit lost to a crash would. Thread-safe.
  void FailWriteAfter(int successes) {
    std::lock_guard lock(mutex_);
    writes_before_failure_ = successes;
  }

  Status Write(const WriteWork& work) override {
    {
      std::lock_guard lock(mutex_);
      if (writes_before_failure_ == 0) {
        writes_before_failure_ = -1;
        return Error(ErrorCode::kUnavailable, "the test failed this write");
      }
      if (writes_before_failure_ > 0) --writes_before_failure_;
    }
    return inner_.Write(work);
  }
  void WriteAsync(WriteWork work, std::function<void(Status)> done) override {
    inner_.WriteAsync(std::move(work), std::move(done));
  }
  Status Read(const ReadWork& work) override {
    Status status = inner_.Read(work);
    std::function<void()> hook;
    {
      std::lock_guard lock(mutex_);
      hook = std::exchange(after_next_read_, nullptr);
    }
    if (hook) hook();
    return status;
  }
  void Close() override { inner_.Close(); }

 private:
  store::Store& inner_;
  std::mutex mutex_;
  std::function<void()> after_next_read_;
  int writes_before_failure_ = -1;  // -1: none planned
};

}  // namespace bb::testing

#pragma once
// A job's own thread: runs a pass at once, then every interval, until stopped.
//
// Thread-safety: Start and Stop from one thread; the pass runs on the job's thread.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace bb::jobs {

class PeriodicThread {
 public:
  ~PeriodicThread() { Stop(); }

  // Starts the thread, named `name` (at most 15 characters), running `pass` now and every `interval`.
  void Start(std::string name, std::chrono::milliseconds interval, std::function<void()> pass);
  // Waits for a pass in progress to finish. Returns whether a thread was running. Idempotent.
  bool Stop();

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace bb::jobs

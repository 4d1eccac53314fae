#pragma once
// Periodic housekeeping while the server runs: deletes expired idempotency records and sessions
// that can no longer be used. Runs once at start, then every `interval`.
//
// Thread-safety: Start and Stop from one thread; the work runs on the job's own thread.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/services.h"

namespace bb::jobs {

class Maintenance {
 public:
  Maintenance(service::Services& services, std::chrono::milliseconds interval)
      : services_(services), interval_(interval) {}
  ~Maintenance() { Stop(); }

  void Start();
  // Waits for a pass in progress to finish. Idempotent.
  void Stop();
  // One pass, on the calling thread. Failures are logged and retried at the next pass.
  void RunOnce();

 private:
  service::Services& services_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace bb::jobs

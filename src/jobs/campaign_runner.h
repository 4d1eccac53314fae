#pragma once
// Sends what campaigns owe (service::CampaignService::RunDue) every interval, on its own thread.
// Several instances may run it at once: each due email is claimed in the transaction that queues
// it, so it is queued once; the outbox worker delivers it.
//
// Thread-safety: Start and Stop from one thread; RunOnce from any (tests drive it on their clock).

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/services.h"

namespace bb::jobs {

class CampaignRunner {
 public:
  CampaignRunner(service::Services& services, std::chrono::milliseconds interval, int batch = 200)
      : services_(services), interval_(interval), batch_(batch) {}
  ~CampaignRunner() { Stop(); }

  void Start();
  // Waits for a pass in progress to finish. Idempotent.
  void Stop();
  // Passes until nothing more is due now; returns the emails queued. Failures are logged, and what
  // failed is due again at the next pass.
  int RunOnce();

 private:
  service::Services& services_;
  const std::chrono::milliseconds interval_;
  const int batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace bb::jobs

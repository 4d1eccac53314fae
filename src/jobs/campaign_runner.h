#pragma once
// Sends what campaigns owe (service::CampaignService::RunDue) every interval, on its own thread.
// Several instances may run it at once: each due email is claimed in the transaction that queues
// it, so it is queued once; the outbox worker delivers it.
//
// Thread-safety: Start and Stop from one thread; RunOnce from any (tests drive it on their clock).

#include <chrono>

#include "jobs/periodic_thread.h"
#include "service/services.h"

namespace bb::jobs {

class CampaignRunner {
 public:
  CampaignRunner(service::Services& services, std::chrono::milliseconds interval, int batch = 200)
      : services_(services), interval_(interval), batch_(batch) {}
  ~CampaignRunner() { Stop(); }  // before the members RunOnce uses

  void Start();
  // Waits for a pass in progress to finish. Idempotent.
  void Stop() { thread_.Stop(); }
  // Passes until nothing more is due now; returns the emails queued. Failures are logged, and what
  // failed is due again at the next pass.
  int RunOnce();

 private:
  service::Services& services_;
  const std::chrono::milliseconds interval_;
  const int batch_;
  PeriodicThread thread_;
};

}  // namespace bb::jobs

#pragma once
// Completes challenges' share steps from the clicks people made on advocates' links
// (service::ChallengeService::CreditShares) every interval, on its own thread. Several instances
// may run it at once: a step counts once per advocate (a uniqueness key on the completion), so a
// click read twice earns nothing more.
//
// Thread-safety: Start and Stop from one thread; RunOnce from any (tests drive it on their clock).

#include <chrono>

#include "jobs/periodic_thread.h"
#include "service/services.h"

namespace bb::jobs {

class ShareCredit {
 public:
  ShareCredit(service::Services& services, std::chrono::milliseconds interval, int batch = 1000)
      : services_(services), interval_(interval), batch_(batch) {}
  ~ShareCredit() { Stop(); }  // before the members RunOnce uses

  void Start();
  // Waits for a pass in progress to finish. Idempotent.
  void Stop() { thread_.Stop(); }
  // Passes until the clicks old enough to read are read; returns how many were. Failures are
  // logged, and the clicks not passed are read again at the next pass.
  int RunOnce();

 private:
  service::Services& services_;
  const std::chrono::milliseconds interval_;
  const int batch_;
  PeriodicThread thread_;
};

}  // namespace bb::jobs

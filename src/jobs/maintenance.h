#pragma once
// Periodic housekeeping while the server runs: deletes expired idempotency records, sessions that
// can no longer be used and rate-limit buckets that are full again, and sends the daily digest
// (service/email_notifier.h) once a day. Runs once at start, then every
// `interval`; with several instances on one database, only the holder of the "maintenance" job
// lease does the work (service/job_leases.h), and another takes over within two intervals of its
// death.
//
// Thread-safety: Start and Stop from one thread; the work runs on the job's own thread.

#include <chrono>
#include <string>

#include "jobs/periodic_thread.h"
#include "service/services.h"

namespace bb::jobs {

class Maintenance {
 public:
  // `holder` names this instance in the job's lease.
  Maintenance(service::Services& services, std::chrono::milliseconds interval,
              std::string holder = service::NewLeaseHolderName())
      : services_(services), interval_(interval), holder_(std::move(holder)) {}
  ~Maintenance() { Stop(); }

  void Start();
  // Waits for a pass in progress to finish, then gives the job's lease up (if it was started and
  // holds it), so that another instance takes the job over at its next look. Idempotent.
  void Stop();
  // One pass, on the calling thread, if this instance holds (or can take) the job's lease. Returns
  // true when the pass ran. Failures are logged and retried at the next pass.
  bool RunOnce();

 private:
  service::Services& services_;
  const std::chrono::milliseconds interval_;
  const std::string holder_;
  PeriodicThread thread_;
};

}  // namespace bb::jobs

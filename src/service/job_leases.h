#pragma once
// Which instance runs a background job: a lease per job name, kept in the database. An instance
// runs a pass of a job only while it holds the job's lease; it renews the lease at every pass, and
// when it dies the lease expires and another instance takes the job over.
//
// Thread-safety: all methods may be called concurrently, from any instance.

#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "store/store.h"

namespace bb::service {

class JobLeases {
 public:
  JobLeases(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Claims or renews the lease on `job` for `holder` for `duration` from now. True when `holder`
  // now holds it; false when another holder's lease is still running (or being claimed).
  Result<bool> Claim(std::string_view job, std::string_view holder, Duration duration);
  // Ends `holder`'s lease on `job` now, so that another instance need not wait for it to lapse
  // (a graceful stop). Nothing when the lease is someone else's.
  Status Release(std::string_view job, std::string_view holder);

 private:
  store::Store& store_;
  const Clock& clock_;
};

// A name for this process as a lease holder: the host name and a random suffix, unique per start.
std::string NewLeaseHolderName();

}  // namespace bb::service

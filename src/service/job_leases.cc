#include "service/job_leases.h"

#include <unistd.h>

#include <array>

#include "crypto/crypto.h"

namespace bb::service {

Result<bool> JobLeases::Claim(std::string_view job, std::string_view holder, Duration duration) {
  bool claimed = false;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(claimed, tx.ClaimJobLease(job, holder, now, now + duration));
    return Ok();
  }));
  return claimed;
}

Status JobLeases::Release(std::string_view job, std::string_view holder) {
  return store_.Write([&](store::Tx& tx) { return tx.ReleaseJobLease(job, holder, clock_.Now()); });
}

std::string NewLeaseHolderName() {
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  return std::string(host.data()) + "/" + crypto::RandomToken(6);
}

}  // namespace bb::service

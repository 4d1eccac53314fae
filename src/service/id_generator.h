#pragma once
// Makes new object ids (see domain/ids.h) from the injected clock and the system CSPRNG, and new
// referral codes. Thread-safe.

#include <string>
#include <string_view>

#include "common/clock.h"

namespace bb::service {

class IdGenerator {
 public:
  explicit IdGenerator(const Clock& clock) : clock_(clock) {}
  std::string New(std::string_view prefix) const;
  // A prefix-less time-ordered id (visitor ids).
  std::string NewUlid() const;
  std::string NewReferralCode() const;

 private:
  const Clock& clock_;
};

}  // namespace bb::service

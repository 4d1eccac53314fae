#pragma once
// Buying committees (domain/buying_committee.h): every recorded version of each referral's
// committee, append-only. Part of the storage port (store/store.h): what every backend must
// provide for this area.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/buying_committee.h"

namespace bb::store {

// Reads of this area (see store::Queries for the contract common to all reads).
class CommitteeReads {
 public:
  virtual ~CommitteeReads() = default;

  // The referral's latest committee recorded by `as_of`; nullopt when none was (the referee alone).
  virtual Result<std::optional<domain::BuyingCommittee>> FindCommittee(std::string_view referral_id,
                                                                       Timestamp as_of) = 0;
  // The latest committee recorded by `as_of` of each of the program's referrals that has one, by
  // referral id.
  virtual Result<std::vector<domain::BuyingCommittee>> ListCommittees(std::string_view program_id, Timestamp as_of) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class CommitteeWrites {
 public:
  virtual ~CommitteeWrites() = default;

  // kConflict naming "version" when the referral has the version already (nothing written).
  virtual Status InsertCommittee(const domain::BuyingCommittee& committee) = 0;
  // The one change made to recorded versions: removes the personality attributes (the reserved keys
  // of domain/personality.h) of the member whose email_key is `email_key` from every version of the
  // referral's committee, for a person who objects to being profiled. Returns how many versions
  // changed.
  virtual Result<std::int64_t> ErasePersonality(std::string_view referral_id, std::string_view email_key) = 0;
};

}  // namespace bb::store

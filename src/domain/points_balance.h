#pragma once
// An advocate's points balances as of an instant, replayed from their ledger (domain/points.h):
// lifetime = the sum of entries that move it; redeemable = what is left of the lots earned after
// spending and expiry. Spending (a negative redeemable entry) takes from the oldest lots first
// (FIFO by earn date); a reversal takes from the lot it undoes; what cannot be taken is owed and
// paid from the next lots earned. A redemption's refund puts the points back into the lots they
// were taken from, with their expiry. A lot's unspent remainder expires when the expiry rules gave it
// (domain::ExpiryOf: no settings change reaches back). Expiry is a view of the ledger, not an entry:
// it needs no job, and any instant can be replayed. Pure; no I/O.

#include <cstdint>
#include <optional>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/points.h"

namespace bb::domain {

struct PointsBalances {
  std::int64_t lifetime = 0;
  std::int64_t redeemable = 0;  // negative when more was reversed than was left (owed)
  std::int64_t expired = 0;     // expired so far
  // The soonest expiry to come: how many points and when; none without expiry or unspent lots.
  std::optional<std::int64_t> next_expiry_points;
  std::optional<Timestamp> next_expiry_at;
  friend bool operator==(const PointsBalances&, const PointsBalances&) = default;
};

// The balances of `entries` (one advocate's, any order) as of `as_of`: entries recorded after it
// are not seen. kOutOfRange naming "lifetime" or "redeemable" when a sum does not fit 64 bits.
Result<PointsBalances> BalancesAsOf(const std::vector<PointsEntry>& entries, const PointsSettings& settings,
                                    Timestamp as_of);

}  // namespace bb::domain

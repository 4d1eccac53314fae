#pragma once
// Recomputes the reward ledger from the referral histories and the reward rules, and compares it
// with the ledger as stored: `bluebird ledger verify`. The replay follows the histories in the order
// they were written and runs the same evaluation as live stage moves (domain::EvaluateRewards), so
// any reward missing, doubled, extra or of another amount shows up, as does a reward whose status
// does not match its own status history. The entries paying catalogue redemptions are checked
// against the redemptions instead (one each, as recorded, in the status the redemption calls
// for). Reads only; safe beside a running server (each program is
// read in one snapshot).

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/store.h"

namespace bb::service {

struct LedgerReport {
  std::int64_t programs = 0;
  std::int64_t referrals = 0;
  std::int64_t history_entries = 0;
  std::int64_t rewards_expected = 0;
  std::int64_t rewards_found = 0;
  std::vector<std::string> differences;  // one sentence each; empty when the ledger is right

  bool ok() const { return differences.empty(); }
};

class LedgerVerifier {
 public:
  explicit LedgerVerifier(store::Store& store) : store_(store) {}

  // The report over every program; an error only when storage fails.
  Result<LedgerReport> Verify();

 private:
  Status VerifyProgram(store::Queries& q, const domain::Program& program, LedgerReport& report);

  store::Store& store_;
};

}  // namespace bb::service

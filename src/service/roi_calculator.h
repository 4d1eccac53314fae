#pragma once
// Use case: the ROI calculator (POST /api/v1/roi/estimate) — domain/roi_estimate.h's model, with the
// assumptions a caller leaves out taken from a program's own past year where it has enough of it.
// Thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/roi_estimate.h"
#include "store/store.h"

namespace bb::service {

struct RoiAnswer {
  std::string program_id;  // "" when no program was named
  std::string currency;    // of every amount, in and out
  domain::RoiAssumptions assumptions;
  domain::RoiEstimate estimate;
  std::optional<domain::RoiHistory> history;  // the program's past year, when a program was named
};

class RoiCalculator {
 public:
  RoiCalculator(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // The estimate for `request`; with `program_id`, in the program's currency and from its history
  // (the referrals submitted in the 365 days up to now, and what became of them), else in
  // `currency`. Admins, managers and viewers (sales reps: kPermissionDenied); kNotFound for an
  // unknown program; kInvalidArgument naming "currency" when it is missing or unknown without a
  // program, or differs from the program's, and the fields domain::ChooseRoiAssumptions names;
  // kOutOfRange from domain::EstimateRoi.
  Result<RoiAnswer> Estimate(const domain::Actor& actor, std::string_view program_id, std::string_view currency,
                             const domain::RoiRequest& request);

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace bb::service

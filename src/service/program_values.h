#pragma once
// A program's customer value read together (domain/customer_value.h): its valuation settings of a
// version, and every advocate enrolled by an instant valued as of it from the logs — the referral
// histories (won, churned, deal values as they stood), the reward ledger, the customers' answers,
// the advocates' inputs and value entries. Runs inside a read the caller opened; no state.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/customer_value.h"
#include "domain/program.h"
#include "store/store.h"

namespace bb::service {

// The program's settings of `version`, or its latest, or (none published, version absent or 0)
// the defaults (version 0). kNotFound naming the version when the program has no such version.
Result<domain::ValueSettings> ValueSettingsOf(store::Queries& q, std::string_view program_id,
                                              std::optional<std::int64_t> version);

struct ProgramValuation {
  domain::Program program;
  domain::ValueSettings settings;
  std::vector<store::Enrolment> advocates;  // enrolled by as_of, by id; report.advocates in this order
  domain::ValueReport report;
};

// Values every advocate of `program` enrolled by `as_of` under `settings` (see
// domain::ValueCustomers). A deal value in another currency than the program's counts as unpriced;
// a reward in another currency is not subtracted. kOutOfRange naming the figure when a sum would not
// fit in 64 bits.
Result<ProgramValuation> ValueProgram(store::Queries& q, const domain::Program& program,
                                      const domain::ValueSettings& settings, Timestamp as_of, domain::ValueView view);

}  // namespace bb::service

#pragma once
// The demo's customer value for one program (used by `bluebird demo`): valuation settings fitting
// the program's kind, yearly revenue entered for the advocates who are customers (by tier), the
// references, reviews and betas its promoters gave, and the answers some referred customers gave
// on whether they would have joined anyway — so that the Customer value page has every quadrant.

#include <random>

#include "common/clock.h"
#include "common/result.h"
#include "domain/program.h"
#include "service/id_generator.h"
#include "store/store.h"

namespace bb::service {

// Writes them in `tx` after the program's advocates and referrals: settings at `start`, each record
// at a time between the advocate's enrolment (or the referral's win) and `now`, set on `past` (the
// clock `ids` reads) before its id is made.
Status AddDemoValues(store::Tx& tx, const IdGenerator& ids, ManualClock& past, std::mt19937& rng,
                     const domain::Program& program, Timestamp start, Timestamp now);

}  // namespace bb::service

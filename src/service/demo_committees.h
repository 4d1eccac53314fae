#pragma once
// The demo's buying committees for one program (used by `bluebird demo`): most referrals that got
// past submission have a committee — the referee and up to three colleagues at their company, with
// buying roles, DISC factors and seniority — and won deals cover more of the buying influences than
// lost ones, so that the outcomes report has something to say. Advocates' own DISC factors are
// given at enrolment (DemoDiscOf).

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/program.h"
#include "service/id_generator.h"
#include "store/store.h"

namespace bb::service {

// A DISC factor for a demo person, fixed by their email (no random draw, so the rest of the demo
// stays as it was): "D", "I", "S" or "C", or nullopt for about one in five.
std::optional<std::string> DemoDiscOf(std::string_view email);

// Writes them in `tx` after the program's referrals, each at a time between the referral's
// submission and `now`, set on `past` (the clock `ids` reads) before its id is made.
Status AddDemoCommittees(store::Tx& tx, const IdGenerator& ids, ManualClock& past, const domain::Program& program,
                         Timestamp now);

}  // namespace bb::service

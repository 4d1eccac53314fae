#pragma once
// The demo's challenges and rewards catalogue for one program (used by `bluebird demo`): a
// challenge the demo's referrals complete as they are made, one that asks for a review (claimed by
// advocates, approved by staff), and three catalogue items to spend points on.

#include "common/clock.h"
#include "common/result.h"
#include "domain/program.h"
#include "service/id_generator.h"
#include "store/store.h"

namespace bb::service {

// Writes them in `tx`, started at `start`; call before the program's referrals are made so that
// they complete its steps.
Status AddDemoGamification(store::Tx& tx, const IdGenerator& ids, const domain::Program& program, Timestamp start);

}  // namespace bb::service

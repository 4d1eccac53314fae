#pragma once
// The demo's segments for one program (used by `bluebird demo`): promoters with words of their
// own and, per program kind, gold-tier customers or strategic partners with their own landing
// words and one email of their own, so that the console, the portal, the landing page and the
// report by segment have something to show.

#include "common/clock.h"
#include "common/result.h"
#include "domain/program.h"
#include "service/id_generator.h"
#include "store/store.h"

namespace bb::service {

// Writes them in `tx`, made at `start`; call before the program's referrals are made so that
// they record their segments.
Status AddDemoSegments(store::Tx& tx, const IdGenerator& ids, const domain::Program& program, Timestamp start);

}  // namespace bb::service

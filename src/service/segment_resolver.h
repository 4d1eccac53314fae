#pragma once
// Which segment an advocate is in now (domain/program_segment.h), read inside a caller's
// transaction: by the email templates, the portal, the landing page and a referral's submission.
// A program without segments costs one indexed read; the advocate's lifetime points (one running
// total) and the program's levels are read only when a segment looks at levels. Thread-safe (no
// state).

#include <optional>

#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"
#include "domain/program_segment.h"
#include "store/store.h"

namespace bb::service {

// The first of the program's active segments that holds `advocate` now, or nullopt. Fails only when
// storage does.
Result<std::optional<domain::ProgramSegment>> SegmentOf(store::Queries& q, const domain::Advocate& advocate);

}  // namespace bb::service

#pragma once
// The program's referrals by segment (domain/program_segment.h), on one declared basis: the
// referrals *submitted* in a range (a cohort), each counted in the segment its advocate was in when
// it was submitted — not the segment they are in now — with everything that happened to them since.
// Clicks are not broken down: a click does not record a segment, and counting it by the advocate's
// segment today would mix two bases. Pure; thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "common/checked_math.h"
#include "common/result.h"
#include "domain/program_segment.h"
#include "domain/referral_stage.h"

namespace bb::domain {

// What storage reads for one program's cohort; segment_id "" is "no segment".
struct SegmentCohortRows {
  struct Outcome {  // referrals alike in segment, stage now, review, and whether they reached qualified
    std::string segment_id;
    ReferralStage stage = ReferralStage::kSubmitted;
    bool clear = true;
    bool reached_qualified = false;
    std::int64_t count = 0;
  };
  struct Advocates {
    std::string segment_id;
    std::int64_t count = 0;  // distinct advocates with a referral in the cohort
  };
  struct Amount {  // a clear win's deal value in the program's currency, or a reward not reversed
    std::string segment_id;
    std::int64_t minor = 0;
  };
  std::vector<Outcome> outcomes;
  std::vector<Advocates> advocates;
  std::vector<Amount> revenue;
  std::vector<Amount> reward_cost;
};

struct SegmentFigures {
  std::string segment_id;  // "" for referrals made outside every segment
  std::string name;        // the segment's name ("" for none)
  bool active = true;      // false: retired since
  std::int64_t referrals = 0;
  std::int64_t referring_advocates = 0;
  std::int64_t qualified = 0;  // reached qualified at some point (by history)
  std::int64_t won = 0;        // won and clear now
  std::int64_t lost = 0;
  std::int64_t rejected = 0;
  std::int64_t open = 0;                    // not won, lost or rejected yet (a held win included)
  std::optional<std::int64_t> win_rate_bp;  // won ÷ (won + lost), half away from zero; none without either
  std::int64_t revenue_minor = 0;           // clear wins' deal values in the program's currency
  std::int64_t reward_cost_minor = 0;       // their rewards not reversed
};

// One row per segment of `segments` (by position, retired last) and a last row for "no segment",
// every one included even at zero. kOutOfRange naming "segments[<id>].revenue_minor" (or
// reward_cost_minor) when a sum does not fit in 64 bits.
Result<std::vector<SegmentFigures>> FiguresBySegment(const std::vector<ProgramSegment>& segments,
                                                     const SegmentCohortRows& rows);

}  // namespace bb::domain

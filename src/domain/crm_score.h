#pragma once
// A referral's lead score as a CRM shows it (a connector's sync_scores): whole points and the grade,
// written on the referral's CRM record and written again only when one of them changes. Pure.

#include <chrono>
#include <cstdint>
#include <string>

#include "domain/lead_score.h"

namespace bb::domain {

// How often a connector that writes scores checks its open referrals' scores (engagement decays
// and new events arrive without any change of the referral).
inline constexpr std::chrono::hours kScoreScanEvery{1};

struct CrmScore {
  std::int64_t points = 0;  // the total, in whole points
  std::string grade;        // "A1".."C3"
  friend bool operator==(const CrmScore&, const CrmScore&) = default;
};

// `score` as the CRM shows it: the total (hundredths) rounded half away from zero to whole points,
// and the grade.
CrmScore CrmScoreOf(const LeadScore& score);

}  // namespace bb::domain

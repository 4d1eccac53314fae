#pragma once
// Figures summarised over programs and advocates (read-only: they are computed from the other
// areas' rows).
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/analytics.h"
#include "domain/stats.h"

namespace bb::store {

// Reads of this area (see store::Queries for the contract common to all reads).
class AnalyticsReads {
 public:
  virtual ~AnalyticsReads() = default;

  virtual Result<domain::ProgramStats> GetProgramStats(std::string_view program_id, const domain::TimeRange& range) = 0;
  // The dashboard's figures for [from, before) on `basis` (domain/analytics.h): of one program, or
  // of every program when `program_id` is "". new_advocates holds only the days that have some (see
  // domain::EveryDay). kOutOfRange naming a money figure whose sum does not fit in 64 bits.
  virtual Result<domain::Analytics> GetAnalytics(std::string_view program_id, Timestamp from, Timestamp before,
                                                 domain::AnalyticsBasis basis) = 0;
  // One advocate's clicks and referral cohort for [from, before).
  virtual Result<domain::AdvocateActivity> GetAdvocateActivity(std::string_view advocate_id, Timestamp from,
                                                               Timestamp before) = 0;
};

}  // namespace bb::store

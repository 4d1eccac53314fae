#pragma once
// Figures summarised over programs and advocates. The dashboards read the click summaries
// (domain/click_summary.h) and the referral summaries (domain/referral_summary.h), which the writes
// of clicks, referrals, rewards and advocates keep in their own transactions, for the whole UTC days
// of a range, and the raw rows only for the part days at its ends.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/analytics.h"
#include "domain/click_summary.h"
#include "domain/customer_comparison.h"
#include "domain/pipeline_report.h"
#include "domain/referral_summary.h"
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

  // The click summaries of `program_id`'s UTC days in [from_day, before_day), as stored, and as
  // computed from the raw clicks: the days that had clicks, oldest first (`analytics verify`).
  virtual Result<std::vector<domain::ClickDay>> ListClickDays(std::string_view program_id, std::int64_t from_day,
                                                              std::int64_t before_day) = 0;
  virtual Result<std::vector<domain::ClickDay>> ComputeClickDays(std::string_view program_id, std::int64_t from_day,
                                                                 std::int64_t before_day) = 0;
  // The first and last UTC day of `program_id` with clicks or click summaries; nullopt for none.
  virtual Result<std::optional<std::pair<std::int64_t, std::int64_t>>> GetClickDaySpan(std::string_view program_id) = 0;

  // The referral summaries (domain/referral_summary.h) of `program_id`'s UTC days in [from_day,
  // before_day), as stored and as computed from the raw rows (`analytics verify`), and the first and
  // last day with either; nullopt for none.
  virtual Result<domain::ReferralSummary> ListReferralDays(std::string_view program_id, std::int64_t from_day,
                                                           std::int64_t before_day) = 0;
  virtual Result<domain::ReferralSummary> ComputeReferralDays(std::string_view program_id, std::int64_t from_day,
                                                              std::int64_t before_day) = 0;
  virtual Result<std::optional<std::pair<std::int64_t, std::int64_t>>> GetReferralDaySpan(
      std::string_view program_id) = 0;

  // The pipeline report's rows (domain/pipeline_report.h), of one program: the referrals won (and
  // clear) in [from, before), by the history entry that reached won, in no particular order...
  virtual Result<std::vector<domain::WonReferral>> ListWonReferrals(std::string_view program_id, Timestamp from,
                                                                    Timestamp before) = 0;
  // ...the referrals submitted in [from, before), counted by where they are now and what they
  // reached...
  virtual Result<std::vector<domain::StageOutcomeCount>> CountStageOutcomes(std::string_view program_id, Timestamp from,
                                                                            Timestamp before) = 0;
  // ...and the open, clear referrals now, counted by stage and UTC day of submission.
  virtual Result<std::vector<domain::OpenReferralCount>> CountOpenReferrals(std::string_view program_id) = 0;

  // The customers report's rows (domain/customer_comparison.h): the referrals of `program_id` won
  // (and clear now) before `before`, by the first history entry that reached won, with the time
  // their customer's churn was recorded, if it was; in no particular order.
  virtual Result<std::vector<domain::ReferredCustomer>> ListReferredCustomers(std::string_view program_id,
                                                                              Timestamp before) = 0;
};

class AnalyticsWrites {
 public:
  virtual ~AnalyticsWrites() = default;

  // Replaces the click summaries of `program_id`'s UTC days in [from_day, before_day) with those
  // computed from its raw clicks (`analytics rebuild`).
  virtual Status RebuildClickDays(std::string_view program_id, std::int64_t from_day, std::int64_t before_day) = 0;
  // The same for the referral summaries.
  virtual Status RebuildReferralDays(std::string_view program_id, std::int64_t from_day, std::int64_t before_day) = 0;
};

}  // namespace bb::store

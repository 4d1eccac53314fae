#pragma once
// The referral summaries (tables referral_days, advocate_referral_days and enrolment_days;
// domain/referral_summary.h): kept by the transactions that insert or change referrals, their
// history, their rewards and advocates (each change applied as the difference it makes), read by
// the dashboards for the whole UTC days of a range, recomputed from the raw rows by `bluebird
// analytics rebuild` and compared by `verify`.
// Thread-safety: like the connection each function runs on.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/referral_summary.h"
#include "store/sql/connection.h"

namespace bb::store::sql {

// The referral `referral_id` as the summaries see it now; nullopt when there is none.
Result<std::optional<domain::ReferralFacts>> LoadReferralFacts(Connection& db, std::string_view referral_id);

// Adds the difference between `before` (nullopt for a new referral) and `after` to the stored
// summaries, in the open transaction. Does nothing when they are equal.
Status ApplyReferralChange(Connection& db, const std::optional<domain::ReferralFacts>& before,
                           const domain::ReferralFacts& after);
// Counts an advocate of `program_id` enrolled at `created_at` with `status` in (+1) or out (-1).
Status ApplyEnrolment(Connection& db, std::string_view program_id, Timestamp created_at, std::string_view status,
                      std::int64_t sign);

// `program_id`'s summaries of the UTC days [from_day, before_day): as stored, or as computed from
// the raw rows. The computation also serves a part of a day: ComputeReferralSummary counts only
// what happened in [from, before) (microseconds).
Result<domain::ReferralSummary> ReadStoredReferralSummary(Connection& db, std::string_view program_id,
                                                          std::int64_t from_day, std::int64_t before_day);
Result<domain::ReferralSummary> ComputeReferralSummary(Connection& db, std::string_view program_id, std::int64_t from,
                                                       std::int64_t before);
// How many rows ComputeReferralSummary starts from for [from, before) (referrals submitted, history
// entries of every program, rewards and advocates created in it), counted in index ranges alone:
// what a reader goes by to compute the cheaper side of a part of a day.
Result<std::int64_t> CountReferralWindowRows(Connection& db, std::string_view program_id, std::int64_t from,
                                             std::int64_t before);
// Replaces the stored summaries of `program_id`'s days [from_day, before_day) with the computed
// ones, in the open transaction.
Status RebuildReferralSummary(Connection& db, std::string_view program_id, std::int64_t from_day,
                              std::int64_t before_day);
// The first and last day of `program_id` with referrals, history, rewards, advocates or stored
// summaries; nullopt for none.
Result<std::optional<std::pair<std::int64_t, std::int64_t>>> ReferralDaySpan(Connection& db,
                                                                             std::string_view program_id);

// The sums of `program_id`'s stored summaries over the days [from_day, before_day), for the
// dashboards: per (channel, currency); per advocate (added into `into`); advocates enrolled per day
// (all statuses) and in total per status.
Result<std::vector<std::pair<std::pair<std::string, std::string>, domain::ReferralTally>>> SumReferralDays(
    Connection& db, std::string_view program_id, std::int64_t from_day, std::int64_t before_day);
Status SumAdvocateDays(Connection& db, std::string_view program_id, std::int64_t from_day, std::int64_t before_day,
                       std::unordered_map<std::string, domain::AdvocateTally>& into);
Result<std::vector<std::pair<std::int64_t, std::int64_t>>> EnrolledPerDay(Connection& db, std::string_view program_id,
                                                                          std::int64_t from_day,
                                                                          std::int64_t before_day);
Result<std::vector<std::pair<std::string, std::int64_t>>> EnrolledByStatus(Connection& db, std::string_view program_id);

// For the top advocates and the advocates who referred (store/sql/sql_tx_analytics.cc): merges
// the sketches of `program_id`'s referrers of the days [from_day, before_day) into `into`; adds the
// advocates of its referrals submitted in [from, before) (microseconds, from the raw rows) to
// `into`; adds the wins (and their revenue) on one basis of the advocates with a win in those days
// to `into`; the referrals advocate `advocate_id` submitted in those days.
Status MergeReferrerDays(Connection& db, std::string_view program_id, std::int64_t from_day, std::int64_t before_day,
                         domain::VisitorSketch& into);
Status AddReferrers(Connection& db, std::string_view program_id, std::int64_t from, std::int64_t before,
                    domain::VisitorSketch& into);
Status SumAdvocateWins(Connection& db, std::string_view program_id, std::int64_t from_day, std::int64_t before_day,
                       bool cohort, std::unordered_map<std::string, domain::AdvocateTally>& into);
Result<std::int64_t> SubmittedBy(Connection& db, std::string_view advocate_id, std::int64_t from_day,
                                 std::int64_t before_day);

// Replaces every stored summary of `program_id` with the computed ones, a month of days at a
// time, in the open transaction: after a change the writes do not follow one by one (the program's
// currency, which a deal without its own takes).
Status RebuildAllReferralDays(Connection& db, std::string_view program_id);

// Whether a migration has asked for the summaries of the rows already stored (the setting
// "referral_summaries"), and building them (in the open transaction) when it has; run once by the
// store opening the database, after the migrations.
Result<bool> ReferralSummariesRequested(Connection& db);
Status BuildRequestedReferralSummaries(Connection& db);

}  // namespace bb::store::sql

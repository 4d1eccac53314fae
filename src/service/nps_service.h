#pragma once
// Use cases: NPS answers of a program — recording one (the import path from another survey tool;
// one-click answers from emails will land in the same place) — and the NPS report: the score of a
// range beside how often each class of respondent went on to refer (domain/nps.h). Every method
// checks the actor's right first. Thread-safe.

#include <optional>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/analytics.h"
#include "domain/nps.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "store/store.h"

namespace bb::service {

struct NpsReport {
  std::string program_id;
  Timestamp from{};
  Timestamp before{};
  int window_days = domain::kDefaultReferralWindowDays;
  domain::NpsFigures figures;                     // each respondent's latest answer in the range
  std::vector<domain::ClassReferrals> referrals;  // promoter, passive, detractor
};

// The longest referral window the report takes, in days.
inline constexpr int kMaxNpsWindowDays = 365;

class NpsService {
 public:
  NpsService(store::Store& store, const Clock& clock, IdGenerator& ids, const Idempotency& idempotency)
      : store_(store), clock_(clock), ids_(ids), idempotency_(idempotency) {}

  // Records an answer for `program_id`. Admins and managers (kImportData); kNotFound for an unknown
  // program; kInvalidArgument as domain::BuildNpsResponse.
  Result<domain::NpsResponse> Record(const domain::Actor& actor, std::string_view program_id,
                                     const domain::NpsResponseInput& input,
                                     const Idempotent<domain::NpsResponse>& idempotent = {});

  // The NPS report of `program_id` for `range` (completed as the pipeline report's: to defaults to
  // now, from to 365 days before it; at most domain::kMaxAnalyticsDays) with referrals counted
  // `window_days` (1..kMaxNpsWindowDays, default 90) after each answer. Admins, managers and
  // viewers; kNotFound for an unknown program; kInvalidArgument naming "to" or "window_days".
  Result<NpsReport> Report(const domain::Actor& actor, std::string_view program_id, domain::TimeRange& range,
                           std::optional<std::int64_t> window_days);

 private:
  store::Store& store_;
  const Clock& clock_;
  IdGenerator& ids_;
  const Idempotency& idempotency_;
};

}  // namespace bb::service

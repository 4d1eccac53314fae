#pragma once
// `bluebird analytics verify` and `rebuild`: the summaries the dashboards read (the click
// summaries, domain/click_summary.h, and the referral summaries, domain/referral_summary.h)
// compared with, or replaced by, the same figures computed from the raw rows. Both go through every program's days:
// verify a month per snapshot, rebuild a day per transaction; safe beside a running server (a rebuilt day and the
// clicks arriving in it are serialised by the store, and the writer is held for one day's clicks at a time).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/store.h"

namespace bb::service {

struct AnalyticsReport {
  std::int64_t programs = 0;
  std::int64_t days = 0;                 // program-days with clicks, as computed from the raw clicks
  std::int64_t referral_days = 0;        // program-days with referral figures or enrolments, likewise
  std::vector<std::string> differences;  // one sentence each (verify); empty when the summaries are right

  bool ok() const { return differences.empty(); }
};

class AnalyticsMaintenance {
 public:
  explicit AnalyticsMaintenance(store::Store& store) : store_(store) {}

  // Compares every stored summary with the raw rows; an error only when storage fails.
  Result<AnalyticsReport> Verify();
  // Replaces every summary with the one computed from the raw rows; an error only when storage
  // fails (the days rebuilt before it stay rebuilt; running it again is safe).
  Result<AnalyticsReport> Rebuild();

 private:
  using Chunk = std::function<Status(const std::string& program_id, std::int64_t from_day, std::int64_t before_day,
                                     AnalyticsReport& report)>;
  // Runs `clicks` over every program's span of days with clicks, and `referrals` over its span of
  // days with referral figures, `days_at_once` days at a time.
  Result<AnalyticsReport> InChunksOfDays(std::int64_t days_at_once, const Chunk& clicks, const Chunk& referrals);

  store::Store& store_;
};

}  // namespace bb::service

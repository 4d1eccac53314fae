#pragma once
// Use cases: the reports of one program — the pipeline report (time to close, win rate by stage,
// forecast; domain/pipeline_report.h). Every method checks the actor's right first. Thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/pipeline_report.h"
#include "domain/program.h"
#include "domain/stats.h"
#include "store/store.h"

namespace bb::service {

struct PipelineReport {
  domain::Program program;
  Timestamp from{};
  Timestamp before{};
  std::vector<domain::CloseTime> time_to_close;  // of the referrals won in the range
  std::vector<domain::StageWinRate> stages;      // of the referrals submitted in the range
  Timestamp history_from{};                      // the forecast's past year: [history_from, now)
  Timestamp now{};
  domain::Forecast forecast;
};

class ReportService {
 public:
  ReportService(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // The pipeline report of `program_id` for `range` (completed: to defaults to now, from to 365
  // days before to; at most domain::kMaxAnalyticsDays), the forecast from the 365 days up to now.
  // Admins, managers and viewers (sales reps: kPermissionDenied); kNotFound for an unknown
  // program; kInvalidArgument naming "to" for a range that is empty or too long; kOutOfRange
  // naming a forecast figure too large for 64 bits.
  Result<PipelineReport> Pipeline(const domain::Actor& actor, std::string_view program_id, domain::TimeRange& range);

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace bb::service

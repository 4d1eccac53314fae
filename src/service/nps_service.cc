#include "service/nps_service.h"

#include "domain/ids.h"

namespace bb::service {
namespace {

constexpr auto kYear = std::chrono::days(365);

Status NotFoundProgram() { return Error::NotFound("No program with this id."); }

}  // namespace

Result<domain::NpsResponse> NpsService::Record(const domain::Actor& actor, std::string_view program_id,
                                               const domain::NpsResponseInput& input,
                                               const Idempotent<domain::NpsResponse>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kImportData));
  BB_ASSIGN_OR_RETURN(domain::NpsResponse response,
                      domain::BuildNpsResponse(ids_.New(domain::kNpsResponsePrefix), std::string(program_id), input,
                                               actor.id, clock_.Now()));
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(program_id));
    if (!program) return NotFoundProgram();
    BB_RETURN_IF_ERROR(tx.InsertNpsResponse(response));
    return idempotency_.Record(tx, idempotent, response);
  }));
  return response;
}

Result<NpsReport> NpsService::Report(const domain::Actor& actor, std::string_view program_id, domain::TimeRange& range,
                                     std::optional<std::int64_t> window_days) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kReadAnalytics));
  if (window_days && (*window_days < 1 || *window_days > kMaxNpsWindowDays)) {
    return Error::InvalidField("window_days", "must be a whole number from 1 to " + std::to_string(kMaxNpsWindowDays));
  }
  NpsReport report;
  report.program_id = std::string(program_id);
  report.window_days = static_cast<int>(window_days.value_or(domain::kDefaultReferralWindowDays));
  const Timestamp now = clock_.Now();
  if (!range.before) range.before = now;
  if (!range.from) range.from = *range.before - kYear;
  BB_RETURN_IF_ERROR(domain::CompleteAnalyticsRange(range, now));
  report.from = *range.from;
  report.before = *range.before;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return NotFoundProgram();
    BB_ASSIGN_OR_RETURN(auto respondents, q.ListNpsRespondents(program_id, report.from, report.before,
                                                               std::chrono::days(report.window_days)));
    report.figures = domain::ScoreOf(respondents);
    report.referrals = domain::ReferralsByClass(respondents, report.window_days);
    return Ok();
  }));
  return report;
}

}  // namespace bb::service

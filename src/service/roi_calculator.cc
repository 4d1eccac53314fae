#include "service/roi_calculator.h"

#include "common/checked_math.h"
#include "domain/analytics.h"
#include "domain/program_month.h"
#include "domain/validation.h"

namespace bb::service {
namespace {

constexpr auto kHistoryLength = std::chrono::days(365);

// The program's past year: the cohort submitted in it (`year`, `outcomes`) and the deals won in it
// (`won`), in its own currency (deals without a value, or in another currency, are left out of the
// average deal).
domain::RoiHistory HistoryOf(const domain::Analytics& year, const std::vector<domain::StageOutcomeCount>& outcomes,
                             const std::vector<domain::WonReferral>& won, const domain::Program& program,
                             Timestamp from, Timestamp before) {
  domain::RoiHistory history;
  history.period = domain::UtcDate(from) + " to " + domain::UtcDate(before - std::chrono::microseconds(1));
  history.referring_advocates = year.referring_advocates;
  const domain::StageWinRate submitted = domain::WinRatesByStage(outcomes, false).front();
  history.referrals = submitted.reached - submitted.rejected;
  history.won = submitted.won;
  history.lost = submitted.lost;
  for (const auto& money : year.money) {
    if (money.currency == program.currency) history.reward_cost_minor = money.reward_cost_minor;
  }
  for (const auto& deal : won) {
    if (deal.priced && deal.in_program_currency) ++history.priced_wins;
  }
  history.average_deal_minor = domain::AverageDeal(won);
  return history;
}

// The average of the months with a cost in `months` (none without one).
void AddProgramCost(const std::vector<domain::ProgramMonth>& months, domain::RoiHistory& history) {
  Int128 total = 0;
  std::int64_t count = 0;
  std::string first;
  std::string last;
  for (const auto& month : months) {
    if (!month.cost_minor) continue;
    total += *month.cost_minor;
    ++count;
    if (first.empty()) first = month.month;
    last = month.month;
  }
  if (count == 0) return;
  // At most twelve costs of at most 10^15 each: the average fits.
  history.program_cost_per_month_minor = static_cast<std::int64_t>((total + count / 2) / count);
  history.program_cost_months = std::to_string(count) + (count == 1 ? " month" : " months") + " entered, " + first +
                                (first == last ? "" : " to " + last);
}

}  // namespace

Result<RoiAnswer> RoiCalculator::Estimate(const domain::Actor& actor, std::string_view program_id,
                                          std::string_view currency, const domain::RoiRequest& request) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kReadAnalytics));
  RoiAnswer answer;
  answer.program_id = std::string(program_id);
  if (!program_id.empty()) {
    Timestamp before = clock_.Now();
    Timestamp from = before - kHistoryLength;
    BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
      BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
      if (!program) return Error::NotFound("No program with this id.");
      BB_ASSIGN_OR_RETURN(auto year, q.GetAnalytics(program_id, from, before, domain::AnalyticsBasis::kCohort));
      BB_ASSIGN_OR_RETURN(auto outcomes, q.CountStageOutcomes(program_id, from, before));
      BB_ASSIGN_OR_RETURN(auto won, q.ListWonReferrals(program_id, from, before));
      answer.currency = program->currency;
      answer.history = HistoryOf(year, outcomes, won, *program, from, before);
      // The twelve whole months before this one.
      Timestamp first = domain::MonthStart(before);
      for (int i = 0; i < 12; ++i) first = domain::MonthStart(first - std::chrono::days(1));
      BB_ASSIGN_OR_RETURN(auto months, q.ListProgramMonths(program_id, domain::MonthBound(first),
                                                           domain::MonthBound(domain::MonthStart(before))));
      AddProgramCost(months, *answer.history);
      return Ok();
    }));
    if (!currency.empty() && currency != answer.currency) {
      return Error::InvalidField("currency", "must be the program's (" + answer.currency + ") or left out");
    }
  } else if (currency.empty()) {
    return Error::InvalidField("currency", "is required without a program_id");
  } else if (std::string problem = domain::CheckCurrency(currency); !problem.empty()) {
    return Error::InvalidField("currency", problem);
  } else {
    answer.currency = std::string(currency);
  }
  BB_ASSIGN_OR_RETURN(answer.assumptions, domain::ChooseRoiAssumptions(request, answer.history));
  BB_ASSIGN_OR_RETURN(answer.estimate, domain::EstimateRoi(answer.assumptions));
  return answer;
}

}  // namespace bb::service

#include "service/nps_service.h"

#include <set>

#include "domain/audit.h"
#include "domain/ids.h"
#include "service/audit_trail.h"

namespace bb::service {
namespace {

constexpr auto kYear = std::chrono::days(365);

Status NotFoundProgram() { return Error::NotFound("No program with this id."); }
Status NotFoundFollowup() { return Error::NotFound("No follow-up task with this id."); }

// What a follow-up task is, for the audit trail.
domain::AuditFields FieldsOf(const domain::FollowupTask& t) {
  return {{"status", std::string(domain::ToString(t.status))}, {"note", t.note}, {"owner_id", t.owner_id}};
}

}  // namespace

Result<RecordedNpsResponse> NpsService::Record(const domain::Actor& actor, std::string_view program_id,
                                               const domain::NpsResponseInput& input,
                                               const Idempotent<RecordedNpsResponse>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kImportData));
  RecordedNpsResponse recorded;
  BB_ASSIGN_OR_RETURN(recorded.response,
                      domain::BuildNpsResponse(ids_.New(domain::kNpsResponsePrefix), std::string(program_id), input,
                                               actor.id, clock_.Now()));
  const domain::NpsResponse& response = recorded.response;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    recorded.advocate_id.reset();
    recorded.advocate_updated = false;
    recorded.followup_task_id.reset();
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(program_id));
    if (!program) return NotFoundProgram();
    BB_RETURN_IF_ERROR(tx.InsertNpsResponse(response));
    std::optional<domain::Advocate> advocate;
    BB_ASSIGN_OR_RETURN(auto person, tx.FindPersonByEmail(response.person_key));
    if (person) {
      BB_ASSIGN_OR_RETURN(advocate, tx.FindAdvocateByPerson(program_id, person->id));
    }
    if (advocate) recorded.advocate_id = advocate->id;
    // Only the person's latest answer speaks for them now: an older one imported later changes
    // nothing on their advocate and asks for no follow-up.
    BB_ASSIGN_OR_RETURN(auto latest, tx.FindLatestNpsResponseId(program_id, response.person_key));
    if (latest != response.id) return idempotency_.Record(tx, idempotent, recorded);
    if (advocate) {
      BB_ASSIGN_OR_RETURN(recorded.advocate_updated, KeepOnAdvocate(tx, actor, *advocate, response));
    }
    // The staff member (a user, or a sales rep's API key) who enrolled the advocate owns it.
    std::string owner;
    if (advocate && (domain::IsWellFormedId(domain::kUserPrefix, advocate->enrolled_by) ||
                     domain::IsWellFormedId(domain::kApiKeyPrefix, advocate->enrolled_by))) {
      owner = advocate->enrolled_by;
    }
    if (auto task = domain::FollowupFor(response, ids_.New(domain::kFollowupTaskPrefix), recorded.advocate_id, owner)) {
      BB_RETURN_IF_ERROR(tx.InsertFollowupTask(*task));
      BB_RETURN_IF_ERROR(events_.FollowupOpened(tx, response.recorded_at, *task, *program));
      recorded.followup_task_id = task->id;
    }
    return idempotency_.Record(tx, idempotent, recorded);
  }));
  return recorded;
}

Result<bool> NpsService::KeepOnAdvocate(store::Tx& tx, const domain::Actor& actor, domain::Advocate& advocate,
                                        const domain::NpsResponse& response) {
  using Kind = domain::AttributeValue::Kind;
  const std::pair<std::string, domain::AttributeValue> kept[] = {
      {"nps", {Kind::kNumber, std::to_string(response.score)}},
      {"nps_class", {Kind::kString, std::string(domain::ToString(domain::ClassOfScore(response.score)))}}};
  // A key the advocate has is always brought up to date (a stale score must not steer segments);
  // a new one only while there is room for it.
  domain::AdvocateInput change;
  change.attributes.emplace();
  std::size_t count = advocate.attributes.size();
  bool all = true;
  for (const auto& [key, value] : kept) {
    if (advocate.attributes.contains(key)) {
      (*change.attributes)[key] = value;
    } else if (count < domain::kMaxAttributes) {
      (*change.attributes)[key] = value;
      ++count;
    } else {
      all = false;
    }
  }
  domain::AuditFields before = domain::FieldsOf(advocate);
  BB_RETURN_IF_ERROR(domain::ApplyAdvocateChanges(advocate, change, response.recorded_at));
  auto changes = domain::DiffFields(before, domain::FieldsOf(advocate));
  if (changes.empty()) return all;
  BB_RETURN_IF_ERROR(tx.UpdateAdvocate(advocate));
  BB_RETURN_IF_ERROR(
      RecordAudit(tx, ids_, actor, advocate.updated_at, "advocate.updated", advocate.id, std::move(changes)));
  BB_RETURN_IF_ERROR(events_.Advocate(tx, advocate.updated_at, "advocate.updated", advocate));
  return all;
}

Result<FollowupList> NpsService::ListFollowups(const domain::Actor& actor, std::string_view program_id,
                                               std::string_view status, const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kReadFollowups));
  store::FollowupQuery query;
  query.program_id = std::string(program_id);
  if (!status.empty()) {
    query.status = domain::ParseFollowupStatus(status);
    if (!query.status) return Error::InvalidField("status", "must be open, contacted or closed");
  }
  BB_ASSIGN_OR_RETURN(query.before_id, CheckPage(page, domain::kFollowupTaskPrefix));
  if (actor.role == domain::Role::kSalesRep) query.owner_id = actor.id;
  query.limit = page.limit + 1;
  FollowupList out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    if (!program_id.empty()) {
      BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
      if (!program) return NotFoundProgram();
    }
    BB_ASSIGN_OR_RETURN(out.tasks.items, q.ListFollowupTasks(query));
    FinishPage(out.tasks, page);
    std::set<std::string> people;
    for (const auto& t : out.tasks.items) {
      people.insert(t.owner_id);
      people.insert(t.updated_by);
    }
    BB_ASSIGN_OR_RETURN(out.names, NamesOfActors(q, people));
    return Ok();
  }));
  return out;
}

Result<NamedFollowup> NpsService::UpdateFollowup(const domain::Actor& actor, std::string_view id,
                                                 const domain::FollowupChange& change) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kHandleFollowups));
  NamedFollowup updated;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto task, tx.FindFollowupTask(id));
    if (!task || (actor.role == domain::Role::kSalesRep && task->owner_id != actor.id)) return NotFoundFollowup();
    domain::AuditFields before = FieldsOf(*task);
    const Timestamp now = clock_.Now();
    BB_RETURN_IF_ERROR(domain::ApplyFollowupChange(*task, change, actor.id, now));
    BB_RETURN_IF_ERROR(tx.UpdateFollowupTask(*task));
    auto changes = domain::DiffFields(before, FieldsOf(*task));
    if (!changes.empty()) {
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "followup.updated", task->id, std::move(changes)));
    }
    BB_ASSIGN_OR_RETURN(updated.names, NamesOfActors(tx, {task->owner_id, task->updated_by}));
    updated.task = std::move(*task);
    return Ok();
  }));
  return updated;
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
    const auto window = std::chrono::days(report.window_days);
    report.window_open.assign(report.referrals.size(), 0);
    for (const auto& r : respondents) {
      if (r.answered_at + window <= now) continue;  // its window has closed
      for (std::size_t i = 0; i < report.referrals.size(); ++i) {
        if (report.referrals[i].nps_class == domain::ClassOfScore(r.score)) ++report.window_open[i];
      }
    }
    BB_ASSIGN_OR_RETURN(auto followups, q.CountFollowupTasks(program_id, report.from, report.before, now));
    report.followups = domain::WithOnTimeShare(followups);
    return Ok();
  }));
  return report;
}

}  // namespace bb::service

#include "service/nps_service.h"

#include <algorithm>
#include <set>

#include "crypto/crypto.h"
#include "domain/audit.h"
#include "domain/campaign.h"
#include "domain/ids.h"
#include "domain/program_month.h"
#include "domain/promoter_loop.h"
#include "domain/validation.h"
#include "service/audit_trail.h"

namespace bb::service {
namespace {

constexpr auto kYear = std::chrono::days(365);

Status NotFoundProgram() { return Error::NotFound("No program with this id."); }
Status NotFoundFollowup() { return Error::NotFound("No follow-up task with this id."); }
Error NotAnAdvocate() {
  return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate is asked the portal's question.");
}

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
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(program_id));
    if (!program) return NotFoundProgram();
    BB_RETURN_IF_ERROR(RecordIn(tx, actor, *program, recorded));
    return idempotency_.Record(tx, idempotent, recorded);
  }));
  return recorded;
}

Status NpsService::RecordIn(store::Tx& tx, const domain::Actor& actor, const domain::Program& program,
                            RecordedNpsResponse& recorded) {
  BB_RETURN_IF_ERROR(tx.InsertNpsResponse(recorded.response));
  return FollowAnswer(tx, actor, program, recorded.response, recorded);
}

Status NpsService::FollowAnswer(store::Tx& tx, const domain::Actor& actor, const domain::Program& program,
                                const domain::NpsResponse& answer, RecordedNpsResponse& recorded) {
  recorded.advocate_id.reset();
  recorded.advocate_updated = false;
  recorded.followup_task_id.reset();
  std::optional<domain::Advocate> advocate;
  BB_ASSIGN_OR_RETURN(auto person, tx.FindPersonByEmail(answer.person_key));
  if (person) {
    BB_ASSIGN_OR_RETURN(advocate, tx.FindAdvocateByPerson(program.id, person->id));
  }
  if (advocate) recorded.advocate_id = advocate->id;
  // Only the person's latest answer speaks for them now: an older one imported later changes
  // nothing on their advocate and asks for no follow-up.
  BB_ASSIGN_OR_RETURN(auto latest, tx.FindLatestNpsResponseId(program.id, answer.person_key));
  if (latest != answer.id) return Ok();
  if (advocate) {
    BB_ASSIGN_OR_RETURN(recorded.advocate_updated, KeepOnAdvocate(tx, actor, *advocate, answer));
  }
  BB_RETURN_IF_ERROR(campaigns_.AskPromoter(tx, program, answer, advocate));
  // An answer changed through its survey link keeps its one task, whose score follows it.
  store::FollowupQuery query;
  query.nps_response_id = answer.id;
  BB_ASSIGN_OR_RETURN(auto tasks, tx.ListFollowupTasks(query));
  for (auto& task : tasks) {
    if (domain::FollowAnswerChange(task, answer.score, answer.comment, answer.recorded_by, answer.recorded_at)) {
      BB_RETURN_IF_ERROR(tx.UpdateFollowupTask(task));
    }
    recorded.followup_task_id = task.id;
  }
  if (!tasks.empty()) return Ok();
  // The staff member (a user, or a sales rep's API key) who enrolled the advocate owns it.
  std::string owner;
  if (advocate && (domain::IsWellFormedId(domain::kUserPrefix, advocate->enrolled_by) ||
                   domain::IsWellFormedId(domain::kApiKeyPrefix, advocate->enrolled_by))) {
    owner = advocate->enrolled_by;
  }
  if (auto task = domain::FollowupFor(answer, ids_.New(domain::kFollowupTaskPrefix), recorded.advocate_id, owner)) {
    BB_RETURN_IF_ERROR(tx.InsertFollowupTask(*task));
    BB_RETURN_IF_ERROR(events_.FollowupOpened(tx, answer.recorded_at, *task, program));
    recorded.followup_task_id = task->id;
  }
  return Ok();
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

namespace {

Error NoSuchSurvey() { return Error::NotFound("This survey link is not valid."); }

// The survey recipient and campaign behind `token`; kNotFound for anything else.
Result<SurveyRecipient> FindSurveyLink(store::Queries& q, std::string_view token) {
  if (token.empty() || token.size() > 200) return NoSuchSurvey();
  BB_ASSIGN_OR_RETURN(auto recipient, q.FindCampaignRecipientByToken(crypto::Sha256Hex(token)));
  if (!recipient) return NoSuchSurvey();
  BB_ASSIGN_OR_RETURN(auto campaign, q.FindCampaign(recipient->campaign_id));
  if (!campaign || campaign->kind != domain::CampaignKind::kNpsSurvey) return NoSuchSurvey();
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(campaign->program_id));
  if (!program) return NoSuchSurvey();
  return SurveyRecipient{std::move(*recipient), std::move(*campaign), std::move(*program)};
}

Result<SurveyView> ViewOf(store::Queries& q, const SurveyRecipient& link) {
  SurveyView view{
      link.program.name, domain::NpsQuestion(link.program.name), link.recipient.first_name, std::nullopt, "",
      std::nullopt};
  if (link.recipient.nps_response_id.empty()) return view;
  BB_ASSIGN_OR_RETURN(auto answer, q.FindNpsResponse(link.recipient.nps_response_id));
  if (!answer) return view;
  view.score = answer->score;
  view.comment = answer->comment;
  view.nps_class = std::string(domain::ToString(domain::ClassOfScore(answer->score)));
  return view;
}

}  // namespace

Result<SurveyView> NpsService::ViewSurvey(std::string_view token) {
  SurveyView view;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto link, FindSurveyLink(q, token));
    BB_ASSIGN_OR_RETURN(view, ViewOf(q, link));
    return Ok();
  }));
  return view;
}

namespace {

// The score and reason as given, checked: kInvalidArgument naming "score" or "comment".
Result<std::string> CheckAnswer(std::optional<std::int64_t> score, const std::optional<std::string>& comment) {
  std::vector<FieldError> errors;
  if (score) {
    if (std::string problem = domain::CheckNpsScore(*score); !problem.empty()) errors.push_back({"score", problem});
  }
  std::string why(domain::Trim(comment.value_or("")));
  if (std::string problem = domain::CheckNpsComment(why); !problem.empty()) errors.push_back({"comment", problem});
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return why;
}

}  // namespace

Status NpsService::AnswerIn(store::Tx& tx, SurveyRecipient& asked, const domain::Actor& actor, std::string_view source,
                            std::optional<std::int64_t> score, const std::optional<std::string>& comment,
                            const std::string& why, Timestamp now) {
  std::optional<domain::NpsResponse> last;
  if (!asked.recipient.nps_response_id.empty()) {
    BB_ASSIGN_OR_RETURN(last, tx.FindNpsResponse(asked.recipient.nps_response_id));
  }
  if (!score && !last) return Error::InvalidField("score", "is required: a whole number from 0 to 10");
  RecordedNpsResponse recorded;
  if (!last) {
    domain::NpsResponseInput input;
    input.email = asked.recipient.email;
    input.score = score;
    input.comment = why;
    BB_ASSIGN_OR_RETURN(recorded.response, domain::BuildNpsResponse(ids_.New(domain::kNpsResponsePrefix),
                                                                    asked.program.id, input, actor.id, now));
    recorded.response.source = std::string(source);
    BB_RETURN_IF_ERROR(RecordIn(tx, actor, asked.program, recorded));
    // An advocate who answers Bluebird's own question earns its points (an imported answer, from
    // another tool, does not: nobody here asked).
    if (recorded.advocate_id) {
      BB_RETURN_IF_ERROR(
          StatusOf(points_.GrantForAnswer(tx, asked.program.id, *recorded.advocate_id, recorded.response.id, now)));
    }
    asked.recipient.nps_response_id = recorded.response.id;
    if (asked.recipient.stop == domain::RecipientStop::kNone ||
        asked.recipient.stop == domain::RecipientStop::kDismissed) {
      asked.recipient.stop = domain::RecipientStop::kAnswered;
      asked.recipient.stopped_at = now;
      asked.recipient.next_send_at.reset();
    }
    if (!asked.recipient.opened_at) asked.recipient.opened_at = now;
    return tx.UpdateCampaignRecipient(asked.recipient);
  }
  // One answer per link, changed in place: a new score (whose reason is not the old one's), or the
  // reason for the score given.
  domain::NpsResponse changed = *last;
  if (score && *score != last->score) {
    changed.score = static_cast<int>(*score);
    changed.comment.clear();
  }
  if (comment) changed.comment = why;
  if (changed == *last) return Ok();
  BB_RETURN_IF_ERROR(tx.UpdateNpsAnswer(changed));
  changed.recorded_at = now;  // when its consequences happen
  changed.recorded_by = actor.id;
  return FollowAnswer(tx, actor, asked.program, changed, recorded);
}

Result<SurveyView> NpsService::AnswerSurvey(const domain::Actor& actor, std::string_view token,
                                            std::optional<std::int64_t> score, std::optional<std::string> comment) {
  BB_ASSIGN_OR_RETURN(std::string why, CheckAnswer(score, comment));
  SurveyView view;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto link, FindSurveyLink(tx, token));
    // The survey speaks for itself in the audit trail (the person has no account).
    const domain::Actor survey{domain::Actor::Kind::kSystem, link.campaign.id, domain::Role::kAdmin,
                               actor.address_hash};
    BB_RETURN_IF_ERROR(AnswerIn(tx, link, survey, "email", score, comment, why, clock_.Now()));
    BB_ASSIGN_OR_RETURN(view, ViewOf(tx, link));
    return Ok();
  }));
  return view;
}

Result<PortalAsk> NpsService::FindPortalQuestion(store::Queries& q, const domain::Actor& actor, Timestamp now) const {
  PortalAsk out;
  BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(actor.id));
  if (!advocate || advocate->status != domain::AdvocateStatus::kActive) return out;
  BB_ASSIGN_OR_RETURN(auto campaign, q.FindAutomaticCampaign(advocate->program_id, domain::CampaignKind::kNpsSurvey));
  if (!campaign || campaign->trigger != domain::CampaignTrigger::kPortal ||
      campaign->state != domain::CampaignState::kRunning) {
    return out;
  }
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(campaign->program_id));
  if (!program || program->status != domain::ProgramStatus::kActive) return out;
  const std::string email = advocate->person.email_normalized;
  BB_ASSIGN_OR_RETURN(auto row, q.FindCampaignRecipient(campaign->id, email));
  if (row && row->first_sent_at && domain::SurveyThrottled(row->first_sent_at, now, campaign->throttle_days)) {
    // Shown in this window already: the same question (and answer) until the window passes.
    if (row->stop == domain::RecipientStop::kDismissed || row->stop == domain::RecipientStop::kCancelled) return out;
    out.asked = SurveyRecipient{std::move(*row), std::move(*campaign), std::move(*program)};
    return out;
  }
  // A new window: asked only when no survey (emailed or shown, by any program) came in the last one.
  BB_ASSIGN_OR_RETURN(auto last_sent, q.LastCampaignEmailAt("", domain::CampaignKind::kNpsSurvey, email));
  if (domain::SurveyThrottled(last_sent, now, campaign->throttle_days)) return out;
  out.stored = row.has_value();
  domain::CampaignRecipient shown = row.value_or(domain::CampaignRecipient{});
  domain::Rearm(shown, now);
  shown.next_send_at.reset();  // nothing is emailed
  shown.first_sent_at = now;   // shown: counted by the throttle like a sending
  shown.nps_response_id.clear();
  shown.campaign_id = campaign->id;
  shown.email = email;
  shown.advocate_id = advocate->id;
  shown.first_name = advocate->first_name;
  shown.last_name = advocate->last_name;
  shown.company = advocate->company;
  out.asked = SurveyRecipient{std::move(shown), std::move(*campaign), std::move(*program)};
  out.show_now = true;
  return out;
}

Result<std::optional<SurveyRecipient>> NpsService::PortalQuestion(store::Tx& tx, const domain::Actor& actor,
                                                                  Timestamp now) {
  BB_ASSIGN_OR_RETURN(auto ask, FindPortalQuestion(tx, actor, now));
  if (ask.show_now) {
    BB_RETURN_IF_ERROR(ask.stored ? tx.UpdateCampaignRecipient(ask.asked->recipient)
                                  : tx.InsertCampaignRecipient(ask.asked->recipient));
  }
  return std::move(ask.asked);
}

Result<std::optional<SurveyView>> NpsService::PortalSurvey(const domain::Actor& actor) {
  if (!actor.IsAdvocate()) return NotAnAdvocate();
  std::optional<SurveyView> view;
  const Timestamp now = clock_.Now();
  // A read: most portal visits find the question shown already, or none; only a first showing in a
  // window is written.
  bool show_now = false;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    view.reset();
    BB_ASSIGN_OR_RETURN(auto ask, FindPortalQuestion(q, actor, now));
    show_now = ask.show_now;
    if (!ask.asked || show_now) return Ok();
    BB_ASSIGN_OR_RETURN(view, ViewOf(q, *ask.asked));
    return Ok();
  }));
  if (!show_now) return view;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    view.reset();
    BB_ASSIGN_OR_RETURN(auto asked, PortalQuestion(tx, actor, now));
    if (!asked) return Ok();
    BB_ASSIGN_OR_RETURN(view, ViewOf(tx, *asked));
    return Ok();
  }));
  return view;
}

Result<std::optional<SurveyView>> NpsService::AnswerPortalSurvey(const domain::Actor& actor,
                                                                 std::optional<std::int64_t> score,
                                                                 std::optional<std::string> comment, bool dismiss) {
  if (!actor.IsAdvocate()) return NotAnAdvocate();
  BB_ASSIGN_OR_RETURN(std::string why, CheckAnswer(score, comment));
  std::optional<SurveyView> view;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    view.reset();
    const Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto asked, PortalQuestion(tx, actor, now));
    if (!asked) return Error::Conflict("No question is waiting for you in the portal.");
    if (dismiss) {
      if (asked->recipient.stop == domain::RecipientStop::kNone) {
        asked->recipient.stop = domain::RecipientStop::kDismissed;
        asked->recipient.stopped_at = now;
        BB_RETURN_IF_ERROR(tx.UpdateCampaignRecipient(asked->recipient));
      }
      return Ok();
    }
    BB_RETURN_IF_ERROR(AnswerIn(tx, *asked, actor, "portal", score, comment, why, now));
    BB_ASSIGN_OR_RETURN(view, ViewOf(tx, *asked));
    return Ok();
  }));
  return view;
}

Result<NpsReport> NpsService::Report(const domain::Actor& actor, std::string_view program_id, domain::TimeRange& range,
                                     std::optional<std::int64_t> window_days, const domain::EarnedGrowthInput& growth) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kReadAnalytics));
  if (window_days && (*window_days < 1 || *window_days > kMaxNpsWindowDays)) {
    return Error::InvalidField("window_days", "must be a whole number from 1 to " + std::to_string(kMaxNpsWindowDays));
  }
  BB_RETURN_IF_ERROR(domain::CheckEarnedGrowthInput(growth));
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
    report.currency = program->currency;
    BB_ASSIGN_OR_RETURN(auto respondents, q.ListNpsRespondents(program_id, report.from, report.before,
                                                               std::chrono::days(report.window_days)));
    report.figures = domain::ScoreOf(respondents);
    BB_ASSIGN_OR_RETURN(report.referrals, domain::ReferralsByClass(respondents, report.window_days));
    BB_ASSIGN_OR_RETURN(auto won, q.ListWonReferrals(program_id, report.from, report.before));
    BB_ASSIGN_OR_RETURN(report.earned_growth, domain::EarnedGrowthOf(won, growth));
    const auto window = std::chrono::days(report.window_days);
    report.window_open.assign(report.referrals.size(), 0);
    for (const auto& r : respondents) {
      if (r.answered_at + window <= now) continue;  // its window has closed
      for (std::size_t i = 0; i < report.referrals.size(); ++i) {
        if (report.referrals[i].nps_class == domain::ClassOfScore(r.score)) ++report.window_open[i];
      }
    }
    for (Timestamp start = report.from; start < report.before;) {
      const Timestamp end = std::min(domain::NextMonthStart(start), report.before);
      BB_ASSIGN_OR_RETURN(auto answered, q.ListNpsRespondents(program_id, start, end, window));
      report.months.push_back({domain::MonthOf(start), start, end, domain::ScoreOf(answered)});
      start = end;
    }
    BB_ASSIGN_OR_RETURN(auto followups, q.CountFollowupTasks(program_id, report.from, report.before, now));
    report.followups = domain::WithOnTimeShare(followups);
    return Ok();
  }));
  return report;
}

}  // namespace bb::service

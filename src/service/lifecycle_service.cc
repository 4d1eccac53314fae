#include "service/lifecycle_service.h"

#include "domain/audit.h"
#include "domain/contact.h"
#include "domain/validation.h"
#include "service/audit_trail.h"

namespace bb::service {
namespace {

using domain::Action;

constexpr std::string_view kNoProgram = "No program with this id.";

domain::AuditFields FieldsOf(const domain::LifecycleSettings& s) {
  std::string stages;
  for (const auto& stage : s.stages) {
    stages += (stages.empty() ? "" : ", ") + stage.name + " (" + stage.key + " " + std::to_string(stage.weight) + ")";
  }
  return {{"stages", stages},
          {"on_referral_submitted", s.on_referral_submitted},
          {"on_referral_won", s.on_referral_won},
          {"on_enrolled", s.on_enrolled},
          {"lose_on_referral_closed", s.lose_on_referral_closed}};
}

Status ProgramExists(store::Queries& q, std::string_view program_id) {
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
  if (!program) return Error::NotFound(std::string(kNoProgram));
  return Ok();
}

// Ok for a program that exists and is not archived (an archived program changes no more):
// kNotFound / kConflict.
Status ProgramOpen(store::Queries& q, std::string_view program_id) {
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
  if (!program) return Error::NotFound(std::string(kNoProgram));
  if (program->status == domain::ProgramStatus::kArchived) {
    return Error::Conflict("The program is archived: its lifecycle changes no more.");
  }
  return Ok();
}

}  // namespace

Result<domain::LifecycleSettings> LifecycleService::Settings(const domain::Actor& actor, std::string_view program_id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  domain::LifecycleSettings out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramExists(q, program_id));
    BB_ASSIGN_OR_RETURN(out, LifecycleSettingsOf(q, program_id));
    return Ok();
  }));
  return out;
}

Result<domain::LifecycleSettings> LifecycleService::UpdateSettings(const domain::Actor& actor,
                                                                   std::string_view program_id,
                                                                   const domain::LifecycleSettingsInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  domain::LifecycleSettings out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    BB_RETURN_IF_ERROR(ProgramOpen(tx, program_id));
    BB_ASSIGN_OR_RETURN(out, LifecycleSettingsOf(tx, program_id));
    domain::LifecycleSettings before = out;
    BB_RETURN_IF_ERROR(domain::ApplyLifecycleSettings(out, input, now, actor.id));
    for (const auto& stage : before.stages) {
      if (domain::FindLifecycleStage(out, stage.key) != nullptr) continue;
      BB_ASSIGN_OR_RETURN(bool reached, tx.LifecycleStageReached(program_id, stage.key));
      if (reached) {
        return Error(ErrorCode::kConflict,
                     "People have reached " + stage.name + ": its key stays in their history. Rename it instead.",
                     {{"stages", "must keep " + stage.key + ", which people have reached"}});
      }
    }
    auto changes = domain::DiffFields(FieldsOf(before), FieldsOf(out));
    if (changes.empty()) {
      out = std::move(before);
      return Ok();
    }
    BB_RETURN_IF_ERROR(tx.PutLifecycleSettings(out));
    return RecordAudit(tx, ids_, actor, now, "lifecycle.settings_changed", program_id, std::move(changes));
  }));
  return out;
}

Result<LifecycleMoveResult> LifecycleService::Move(const domain::Actor& actor, std::string_view program_id,
                                                   const LifecycleMoveInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  std::vector<FieldError> errors;
  std::string email(domain::Trim(input.email.value_or("")));
  if (std::string problem = domain::CheckEmail(email); !problem.empty()) errors.push_back({"email", problem});
  if (!input.to || input.to->empty()) errors.push_back({"to", "is required: a stage's key, or lost"});
  std::string reason(domain::Trim(input.reason.value_or("")));
  if (std::string problem = domain::CheckText(reason, kMaxLifecycleReasonLength, true); !problem.empty()) {
    errors.push_back({"reason", problem});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  LifecycleMoveResult out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    out = LifecycleMoveResult{};
    Timestamp now = clock_.Now();
    BB_RETURN_IF_ERROR(ProgramOpen(tx, program_id));
    BB_ASSIGN_OR_RETURN(auto settings, LifecycleSettingsOf(tx, program_id));
    LifecycleMoveRequest request;
    request.program_id = std::string(program_id);
    request.contact = domain::EmailMatchKey(email);
    request.email = email;
    request.to = *input.to;
    // Going back needs a reason: without one the move is planned forward only, and a refusal to go
    // back then names the missing reason.
    request.allow_backward = input.allow_backward && !reason.empty();
    request.source = domain::LifecycleSource::kStaff;
    request.actor_id = actor.id;
    request.reason = reason;
    request.at = now;
    auto moved = mover_.Move(tx, settings, request);
    if (!moved.ok() && moved.error().code() == ErrorCode::kConflict && input.allow_backward) {
      return Error::InvalidField("reason", "is required to move someone back");
    }
    BB_ASSIGN_OR_RETURN(out.move, std::move(moved));
    BB_ASSIGN_OR_RETURN(auto contact, tx.FindLifecycleContact(program_id, request.contact));
    if (contact) out.contact = std::move(*contact);
    if (!out.move) return Ok();
    return RecordAudit(tx, ids_, actor, now, "lifecycle.moved", out.move->id,
                       {{"email", std::string(), email}, {"stage", out.move->from, out.move->to}}, reason);
  }));
  return out;
}

Result<LifecycleHistory> LifecycleService::History(const domain::Actor& actor, std::string_view program_id,
                                                   std::string_view email) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  const std::string_view trimmed = domain::Trim(email);
  if (std::string problem = domain::CheckEmail(trimmed); !problem.empty()) return Error::InvalidField("email", problem);
  LifecycleHistory out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramExists(q, program_id));
    const std::string contact = domain::EmailMatchKey(trimmed);
    BB_ASSIGN_OR_RETURN(auto found, q.FindLifecycleContact(program_id, contact));
    if (!found) return Error::NotFound("The program's lifecycle has nobody with this email.");
    out.contact = std::move(*found);
    BB_ASSIGN_OR_RETURN(out.moves, q.ListLifecycleMovesOf(program_id, contact));
    return Ok();
  }));
  return out;
}

Result<LifecycleReport> LifecycleService::Figures(const domain::Actor& actor, const LifecycleFiguresRequest& request) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  LifecycleReport out;
  const Timestamp now = clock_.Now();
  if (request.as_of && *request.as_of > now) {
    return Error::InvalidField("as_of", "must not be in the future: the figures are of moves made by then");
  }
  out.window.as_of = request.as_of.value_or(now);
  out.window.to = request.to.value_or(out.window.as_of);
  out.window.from = request.from.value_or(Timestamp{});
  if (out.window.to <= out.window.from) {
    return Error::InvalidField(request.to || request.from ? "to" : "as_of",
                               request.to || request.from ? "must be after from" : "must be after 1970-01-01");
  }
  if (out.window.to > out.window.as_of) return Error::InvalidField("to", "must not be after as_of");
  domain::LifecycleSettings settings;
  std::vector<domain::LifecycleMove> moves;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramExists(q, request.program_id));
    BB_ASSIGN_OR_RETURN(settings, LifecycleSettingsOf(q, request.program_id));
    BB_ASSIGN_OR_RETURN(moves, q.ListLifecycleMoves(request.program_id, out.window.as_of));
    return Ok();
  }));
  out.figures = domain::ComputeLifecycleFigures(settings, std::move(moves), out.window);
  return out;
}

}  // namespace bb::service

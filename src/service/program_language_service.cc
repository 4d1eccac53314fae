#include "service/program_language_service.h"

#include "domain/audit.h"
#include "service/audit_trail.h"

namespace bb::service {
namespace {

using domain::Action;

Status ProgramExists(store::Queries& q, std::string_view program_id, bool open) {
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
  if (!program) return Error::NotFound("No program with this id.");
  if (open && program->status == domain::ProgramStatus::kArchived) {
    return Error::Conflict("The program is archived: its language settings change no more.");
  }
  return Ok();
}

// The settings as the audit trail keeps them: the language and each sentence the program reworded
// (a sentence restored to its default drops out, so its change reads "to": null).
domain::AuditFields FieldsOf(const domain::ProgramLanguage& settings) {
  domain::AuditFields fields{{"language", settings.language}};
  for (const auto& [key, text] : settings.messages) fields.emplace_back("messages." + key, text);
  return fields;
}

}  // namespace

Result<domain::ProgramLanguage> ProgramLanguageService::OfAdvocate(const domain::Actor& advocate) {
  if (!advocate.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate has a portal.");
  domain::ProgramLanguage settings;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto me, q.FindAdvocate(advocate.id));
    if (!me) return Error::NotFound("No advocate with this id.");
    BB_ASSIGN_OR_RETURN(settings, q.ReadProgramLanguage(me->program_id));
    return Ok();
  }));
  return settings;
}

Result<domain::ProgramLanguage> ProgramLanguageService::Get(const domain::Actor& actor, std::string_view program_id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  domain::ProgramLanguage settings;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramExists(q, program_id, false));
    BB_ASSIGN_OR_RETURN(settings, q.ReadProgramLanguage(program_id));
    return Ok();
  }));
  return settings;
}

Result<domain::ProgramLanguage> ProgramLanguageService::Update(const domain::Actor& actor, std::string_view program_id,
                                                               const domain::ProgramLanguageInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  domain::ProgramLanguage settings;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(ProgramExists(tx, program_id, true));
    BB_ASSIGN_OR_RETURN(settings, tx.ReadProgramLanguage(program_id));
    domain::ProgramLanguage before = settings;
    BB_ASSIGN_OR_RETURN(bool changed, domain::ApplyProgramLanguage(settings, input));
    if (!changed) return Ok();
    BB_RETURN_IF_ERROR(tx.PutProgramLanguage(program_id, settings));
    return RecordAudit(tx, ids_, actor, clock_.Now(), "program.language_changed", std::string(program_id),
                       domain::DiffFields(FieldsOf(before), FieldsOf(settings)));
  }));
  return settings;
}

}  // namespace bb::service

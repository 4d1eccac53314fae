#include "service/program_language_service.h"

#include <set>

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

// What changed, as the audit trail keeps it: the language, and each sentence reworded or restored
// (null: the default).
std::vector<domain::AuditChange> ChangesOf(const domain::ProgramLanguage& before,
                                           const domain::ProgramLanguage& after) {
  std::vector<domain::AuditChange> changes;
  if (before.language != after.language) changes.push_back({"language", before.language, after.language});
  std::set<std::string> keys;
  for (const auto& [key, text] : before.messages) keys.insert(key);
  for (const auto& [key, text] : after.messages) keys.insert(key);
  auto wording = [](const domain::ProgramLanguage& settings, const std::string& key) -> domain::AuditValue {
    auto found = settings.messages.find(key);
    if (found == settings.messages.end()) return std::monostate{};
    return found->second;
  };
  for (const std::string& key : keys) {
    domain::AuditValue from = wording(before, key);
    domain::AuditValue to = wording(after, key);
    if (from != to) changes.push_back({"messages." + key, std::move(from), std::move(to)});
  }
  return changes;
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
                       ChangesOf(before, settings));
  }));
  return settings;
}

}  // namespace bb::service

#pragma once
// A program's language settings (domain/program_language.h) as staff keep them: every staff role
// reads them, admins and managers change them (audited program.language_changed with each changed
// sentence; a change that changes nothing writes nothing). Thread-safe (no state of its own).

#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/program_language.h"
#include "service/id_generator.h"
#include "store/store.h"

namespace bb::service {

class ProgramLanguageService {
 public:
  ProgramLanguageService(store::Store& store, const Clock& clock, const IdGenerator& ids)
      : store_(store), clock_(clock), ids_(ids) {}

  // The signed-in advocate's program's settings (the portal's words). kPermissionDenied for anyone
  // but an advocate.
  Result<domain::ProgramLanguage> OfAdvocate(const domain::Actor& advocate);
  // kNotFound for a program that does not exist.
  Result<domain::ProgramLanguage> Get(const domain::Actor& actor, std::string_view program_id);
  // See domain::ApplyProgramLanguage for the fields refused; kNotFound as Get; kConflict for an
  // archived program (it changes no more).
  Result<domain::ProgramLanguage> Update(const domain::Actor& actor, std::string_view program_id,
                                         const domain::ProgramLanguageInput& input);

 private:
  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
};

}  // namespace bb::service

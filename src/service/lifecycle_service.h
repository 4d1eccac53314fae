#pragma once
// Lifecycle stages as staff keep and read them (domain/lifecycle.h, domain/lifecycle_metrics.h):
// every staff role reads the settings, admins and managers change them (audited
// lifecycle.settings_changed) and move people by hand (audited lifecycle.moved); admins, managers
// and viewers read a person's history and the program's figures (they name people across every
// advocate, as the dashboards do). Thread-safe (no state of its own).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/lifecycle.h"
#include "domain/lifecycle_metrics.h"
#include "service/id_generator.h"
#include "service/lifecycle_mover.h"
#include "store/store.h"

namespace bb::service {

struct LifecycleMoveInput {
  std::optional<std::string> email;
  std::optional<std::string> to;
  bool allow_backward = false;
  std::optional<std::string> reason;
};

// A staff move's outcome: the move written, or none when the person stood there already.
struct LifecycleMoveResult {
  std::optional<domain::LifecycleMove> move;
  domain::LifecycleContact contact;
};

// A person's place in the lifecycle and every move that brought them there, oldest first.
struct LifecycleHistory {
  domain::LifecycleContact contact;
  std::vector<domain::LifecycleMove> moves;
};

struct LifecycleFiguresRequest {
  std::string program_id;
  std::optional<Timestamp> from;   // default: the beginning
  std::optional<Timestamp> to;     // default: as_of (exclusive)
  std::optional<Timestamp> as_of;  // default: now
};

struct LifecycleReport {
  domain::LifecycleWindow window;
  domain::LifecycleFigures figures;
};

inline constexpr std::size_t kMaxLifecycleReasonLength = 500;

class LifecycleService {
 public:
  LifecycleService(store::Store& store, const Clock& clock, const IdGenerator& ids)
      : store_(store), clock_(clock), ids_(ids), mover_(ids) {}

  // kNotFound for a program that does not exist.
  Result<domain::LifecycleSettings> Settings(const domain::Actor& actor, std::string_view program_id);
  // See domain::ApplyLifecycleSettings for the fields refused; kConflict naming "stages" when a
  // stage any move ever reached would be removed (its key is in the log: rename it instead);
  // kNotFound as Settings. A change that changes nothing writes nothing.
  Result<domain::LifecycleSettings> UpdateSettings(const domain::Actor& actor, std::string_view program_id,
                                                   const domain::LifecycleSettingsInput& input);
  // Moves the person with `email` (known to the program or not) to `to`, now. kInvalidArgument
  // naming "email", "to" or "reason" (at most 500 characters; required when allow_backward does
  // take the person back); kConflict going back without allow_backward.
  Result<LifecycleMoveResult> Move(const domain::Actor& actor, std::string_view program_id,
                                   const LifecycleMoveInput& input);
  // kNotFound for a person the program's lifecycle does not know.
  Result<LifecycleHistory> History(const domain::Actor& actor, std::string_view program_id, std::string_view email);
  // The program's figures for `request` (see domain::ComputeLifecycleFigures). kInvalidArgument
  // naming "as_of" in the future (or, without from and to, before 1970), "to" when it is not after
  // `from` or is after `as_of`; kNotFound as Settings.
  Result<LifecycleReport> Figures(const domain::Actor& actor, const LifecycleFiguresRequest& request);

 private:
  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  LifecycleMover mover_;
};

}  // namespace bb::service

#include "domain/lifecycle.h"

#include <set>

#include "domain/validation.h"

namespace bb::domain {
namespace {

bool IsStageKey(std::string_view key) {
  if (key.empty() || key.size() > 32 || key[0] < 'a' || key[0] > 'z') return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// False when the list is refused as a whole (then nothing is checked against it).
bool CheckStages(std::vector<FieldError>& errors, const std::vector<LifecycleStage>& stages) {
  if (stages.empty() || stages.size() > kMaxLifecycleStages) {
    errors.push_back({"stages", "must have 1 to " + std::to_string(kMaxLifecycleStages) + " stages"});
    return false;
  }
  std::set<std::string> keys;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    const std::string at = "stages[" + std::to_string(i) + "]";
    const auto& stage = stages[i];
    if (stage.key == kLostStage) {
      errors.push_back({at + ".key", "must not be lost: every lifecycle has that stage at its end"});
    } else if (!IsStageKey(stage.key)) {
      errors.push_back({at + ".key", "must be 1-32 of a-z, 0-9 and _, starting with a letter"});
    } else if (!keys.insert(stage.key).second) {
      errors.push_back({at + ".key", "is the key of another stage"});
    }
    if (std::string problem = CheckText(stage.name, kMaxLifecycleStageName); !problem.empty()) {
      errors.push_back({at + ".name", problem});
    }
    if (stage.weight < 0 || stage.weight > kMaxLifecycleWeight) {
      errors.push_back({at + ".weight", "must be a whole number from 0 to 1000000"});
    } else if (i > 0 && stage.weight < stages[i - 1].weight) {
      errors.push_back({at + ".weight", "must be at least the weight of the stage before it (stages ascend)"});
    }
  }
  return true;
}

void CheckTarget(std::vector<FieldError>& errors, const char* field, const std::optional<std::string>& target,
                 const std::vector<LifecycleStage>& stages) {
  if (!target || target->empty()) return;
  for (const auto& stage : stages) {
    if (stage.key == *target) return;
  }
  errors.push_back({field, "must be the key of one of the program's stages, or empty for no move"});
}

}  // namespace

LifecycleSettings DefaultLifecycleSettings(std::string program_id) {
  LifecycleSettings s;
  s.program_id = std::move(program_id);
  s.stages = {{"awareness", "Awareness", 10},   {"consideration", "Consideration", 20},
              {"conversion", "Conversion", 30}, {"adoption", "Adoption", 40},
              {"value", "Value", 50},           {"advocate", "Advocate", 60}};
  s.on_referral_submitted = "consideration";
  s.on_referral_won = "conversion";
  s.on_enrolled = "advocate";
  return s;
}

Status ApplyLifecycleSettings(LifecycleSettings& settings, const LifecycleSettingsInput& input, Timestamp now,
                              std::string actor_id) {
  std::vector<FieldError> errors;
  const bool listed = !input.stages || CheckStages(errors, *input.stages);
  const auto& stages = input.stages ? *input.stages : settings.stages;
  if (listed) {
    CheckTarget(errors, "on_referral_submitted",
                input.on_referral_submitted ? input.on_referral_submitted : settings.on_referral_submitted, stages);
    CheckTarget(errors, "on_referral_won", input.on_referral_won ? input.on_referral_won : settings.on_referral_won,
                stages);
    CheckTarget(errors, "on_enrolled", input.on_enrolled ? input.on_enrolled : settings.on_enrolled, stages);
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  if (input.stages) settings.stages = *input.stages;
  if (input.on_referral_submitted) settings.on_referral_submitted = *input.on_referral_submitted;
  if (input.on_referral_won) settings.on_referral_won = *input.on_referral_won;
  if (input.on_enrolled) settings.on_enrolled = *input.on_enrolled;
  if (input.lose_on_referral_closed) settings.lose_on_referral_closed = *input.lose_on_referral_closed;
  settings.updated_at = now;
  settings.updated_by = std::move(actor_id);
  return Ok();
}

const LifecycleStage* FindLifecycleStage(const LifecycleSettings& settings, std::string_view key) {
  static const LifecycleStage kLost{std::string(kLostStage), "Lost", 0};
  if (key == kLostStage) return &kLost;
  for (const auto& stage : settings.stages) {
    if (stage.key == key) return &stage;
  }
  return nullptr;
}

std::string_view ToString(LifecycleSource source) { return source == LifecycleSource::kAuto ? "auto" : "staff"; }

std::optional<LifecycleSource> ParseLifecycleSource(std::string_view text) {
  if (text == "auto") return LifecycleSource::kAuto;
  if (text == "staff") return LifecycleSource::kStaff;
  return std::nullopt;
}

Result<LifecyclePlan> PlanLifecycleMove(const LifecycleSettings& settings, std::string_view from, std::string_view to,
                                        bool allow_backward) {
  const LifecycleStage* target = FindLifecycleStage(settings, to);
  if (target == nullptr) return Error::InvalidField("to", "must be one of the program's stages, or lost");
  LifecyclePlan plan;
  if (from == to) return plan;
  plan.changed = true;
  if (to == kLostStage || from == kLostStage) {
    plan.reached = {std::string(to)};
    return plan;
  }
  // A stage the program no longer has (renamed keys are refused, so only a removed, never
  // reached one) counts as below every stage.
  const LifecycleStage* origin = from.empty() ? nullptr : FindLifecycleStage(settings, from);
  if (origin != nullptr && target->weight < origin->weight) {
    if (!allow_backward) {
      return Error::Conflict("A person moves forward only: " + target->name + " comes before " + origin->name +
                             ". Staff may move them back with allow_backward and a reason.");
    }
    plan.reached = {std::string(to)};
    return plan;
  }
  for (const auto& stage : settings.stages) {
    bool above_origin = origin == nullptr || stage.weight > origin->weight;
    if (above_origin && stage.weight < target->weight) plan.reached.push_back(stage.key);
  }
  plan.reached.emplace_back(to);
  return plan;
}

}  // namespace bb::domain

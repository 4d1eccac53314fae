#pragma once
// Referral programs: a customer, partner or employee program with its own landing page,
// attribution window and currency. Pure rules, no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/branding.h"

namespace bb::domain {

enum class ProgramKind { kCustomer, kPartner, kEmployee };
enum class ProgramStatus { kActive, kPaused, kArchived };

std::string_view ToString(ProgramKind kind);
std::optional<ProgramKind> ParseProgramKind(std::string_view text);
std::string_view ToString(ProgramStatus status);
std::optional<ProgramStatus> ParseProgramStatus(std::string_view text);

inline constexpr std::int64_t kDefaultAttributionWindowDays = 180;  // B2B cycles run 6-12 months
inline constexpr std::int64_t kMaxAttributionWindowDays = 730;
inline constexpr std::string_view kDefaultCurrency = "USD";

// How a program reviews and rewards referrals.
struct ReferralPolicy {
  bool uses_opportunity = true;              // false: referrals go from qualified straight to won
  std::int64_t duplicate_window_days = 365;  // a person referred again within this is a duplicate
  std::int64_t velocity_limit = 20;          // referrals per advocate per velocity window before held
  std::int64_t ip_velocity_limit = 20;       // referrals per address hash per velocity window before held
  std::int64_t velocity_window_hours = 24;
  bool same_domain_is_self_referral = false;  // customer and partner programs: a colleague is a self-referral
  std::int64_t reversal_window_days = 90;     // a customer churning within this after won reverses its rewards
  std::string phone_region;  // ISO 3166-1 alpha-2 ("US"): the country of phones written without a country code
  friend bool operator==(const ReferralPolicy&, const ReferralPolicy&) = default;
};

inline constexpr std::int64_t kMaxPolicyWindowDays = 3650;
inline constexpr std::int64_t kMaxVelocityWindowHours = 24 * 365;
inline constexpr std::int64_t kMaxVelocityLimit = 1'000'000;

struct ReferralPolicyInput {
  std::optional<bool> uses_opportunity;
  std::optional<std::int64_t> duplicate_window_days;
  std::optional<std::int64_t> velocity_limit;
  std::optional<std::int64_t> ip_velocity_limit;
  std::optional<std::int64_t> velocity_window_hours;
  std::optional<bool> same_domain_is_self_referral;
  std::optional<std::int64_t> reversal_window_days;
  std::optional<std::string> phone_region;  // "" clears it
};

struct Program {
  std::string id;
  std::string name;
  std::string slug;  // public name used in join URLs; unique
  ProgramKind kind = ProgramKind::kCustomer;
  std::string description;
  std::string landing_url;
  std::int64_t attribution_window_days = kDefaultAttributionWindowDays;
  std::string currency{kDefaultCurrency};
  ProgramStatus status = ProgramStatus::kActive;
  ReferralPolicy referral_policy;
  Branding branding;
  Timestamp created_at;
  Timestamp updated_at;
};

// Fields as a client sent them; absent fields are nullopt. Used for create and for update.
struct ProgramInput {
  std::optional<std::string> name;
  std::optional<std::string> kind;
  std::optional<std::string> slug;
  std::optional<std::string> description;
  std::optional<std::string> landing_url;
  std::optional<std::int64_t> attribution_window_days;
  std::optional<std::string> currency;
  std::optional<ReferralPolicyInput> referral_policy;  // the fields present replace the program's
  std::optional<BrandingInput> branding;               // likewise
};

// A new active program from `input`; the referral policy's absent fields take their defaults.
// Fails with kInvalidArgument naming every bad or missing field (name, kind and landing_url are
// required; the slug defaults to one made from the name).
Result<Program> BuildProgram(const ProgramInput& input, std::string id, Timestamp now);

// Applies the fields present in `input` to `program`. Fails with kInvalidArgument for bad fields
// (the kind cannot change) and kConflict when the program is archived; `program` is unchanged
// on failure.
Status ApplyProgramChanges(Program& program, const ProgramInput& input, Timestamp now);

// Status transitions: active ⇄ paused, active|paused → archived. Setting the current status is a
// no-op that succeeds; leaving `archived` fails with kConflict.
Status ChangeProgramStatus(Program& program, ProgramStatus target, Timestamp now);

}  // namespace bb::domain

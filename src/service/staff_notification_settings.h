#pragma once
// The staff notifications a signed-in user chooses for themself (service/email_notifier.h):
// "referral_held" (an email when a referral is held for review), "daily_digest" (yesterday's
// figures each morning) and "monthly_report" (each program's report of the month before, on the
// first of each month). Admins and managers may turn them on; every staff user may read theirs and
// turn them off. An API key acts for the user who made it.
//
// Thread-safety: all methods may be called concurrently.

#include <map>
#include <string>

#include "common/result.h"
#include "domain/access.h"
#include "store/store.h"

namespace bb::service {

// Topic → chosen, for every topic of StaffNotificationTopics().
using StaffNotificationChoices = std::map<std::string, bool, std::less<>>;

class StaffNotificationSettings {
 public:
  explicit StaffNotificationSettings(store::Store& store) : store_(store) {}

  // The choices of the user signed in, or of the user who made the API key (kConflict for a key
  // made at the command line: it has no user).
  Result<StaffNotificationChoices> Get(const domain::Actor& actor);
  // Applies `changes` (topics not named stay as they are) and returns every choice. kInvalidArgument
  // naming an unknown topic; kPermissionDenied for roles other than admin and manager (the actor's:
  // a key's own role) turning one on.
  Result<StaffNotificationChoices> Set(const domain::Actor& actor, const StaffNotificationChoices& changes);

 private:
  store::Store& store_;
};

}  // namespace bb::service

#pragma once
// `bluebird demo`: fills an empty database with a believable referral business — a customer
// program and two partner programs with reward rules, a few hundred advocates with companies,
// industries, regions and tags, clicks spread over the last months, referrals from some of them
// moved along the pipeline with the rewards they earned (see demo_referrals.h), challenges and a
// rewards catalogue (demo_gamification.h) — plus an
// administrator and an API key to explore it with.

#include <string>

#include "common/result.h"
#include "service/services.h"

namespace bb::service {

struct DemoSummary {
  int programs = 0;
  int advocates = 0;
  int clicks = 0;
  int referrals = 0;
  int won = 0;
  std::string admin_email;
  std::string admin_password;  // random; shown once
  std::string api_key;         // admin key; shown once
};

// kConflict when the database already has programs. Deterministic apart from ids and secrets.
// The customer program's landing page is Bluebird's own (`public_base_url`/landing/{slug}), so
// the demo's links lead somewhere a visitor can be referred from.
Result<DemoSummary> FillDemo(Services& services, std::string_view public_base_url);

}  // namespace bb::service

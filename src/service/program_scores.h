#pragma once
// A program's lead scores read together (domain/lead_score.h): its model of a version, and every
// referral submitted by an instant with its person's events, scored as of that instant or as each
// stood when it was submitted. A person's events are the ones reported through the API and those
// Bluebird derives from its own records: `referral_submitted` for each of their referrals (with
// its product and channel) and `lifecycle:<stage>` for each lifecycle stage they reached.
// Runs inside a read the caller opened; no state of its own.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/lead_score.h"
#include "domain/referral.h"
#include "domain/score_model.h"
#include "store/store.h"

namespace bb::service {

// The program's model of `version`, or its latest, or (none published, version absent or 0) the
// default one (version 0). kNotFound naming the version when the program has no such version.
Result<domain::ScoreModel> ScoreModelOf(store::Queries& q, std::string_view program_id,
                                        std::optional<std::int64_t> version);

// A referral with its score and where it stood at the instant read.
struct ScoredReferral {
  domain::Referral referral;
  domain::ReferralStage stage = domain::ReferralStage::kSubmitted;  // at the instant read
  domain::LeadScore score;
  // The engagement of the product ScoreProgram was asked for (domain::ProductEngagement); 0 without.
  std::int64_t product_engagement = 0;
};

// Whether a referral's score is read as of the instant read or as of its own submission (the
// snapshot calibration compares with the outcome).
enum class ScoreMoment { kAsOf, kSubmission };

// Every referral of the program created by `as_of`, by id, scored under `model` at `moment`, and
// its stage at as_of, with its buying committee as recorded by the instant scored (for the committee
// attributes of fit rules); with `product`, each person's engagement in that product too.
Result<std::vector<ScoredReferral>> ScoreProgram(store::Queries& q, const domain::ScoreModel& model, Timestamp as_of,
                                                 ScoreMoment moment, const std::optional<std::string>& product = {});

// One person's events (EmailMatchKey) by `as_of`, sorted by time: reported and derived.
Result<std::vector<domain::EngagementEvent>> EventsOfPerson(store::Queries& q, std::string_view program_id,
                                                            std::string_view person, Timestamp as_of);

}  // namespace bb::service

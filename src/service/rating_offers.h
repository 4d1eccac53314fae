#pragma once
// Asking a person to rate an interaction (domain/happiness.h): a rating request written in the
// transaction of the interaction itself — an email queued, a reward paid, a referral handled — and
// the one-click links that answer it. Thread-safe (no state of its own).

#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/happiness.h"
#include "domain/program_language.h"
#include "service/id_generator.h"
#include "store/store.h"

namespace bb::service {

// What is to be rated, by whom, about whom.
struct RatingOffer {
  std::string program_id;
  domain::Interaction interaction = domain::Interaction::kEmail;
  std::string interaction_id;
  std::string subject;        // in the rater's words
  std::string rated_user_id;  // "" for the program
  std::string recipient;      // "advocate:<id>" or "referee:<referral id>"
};

// Writes the request in `tx` at `now` (for kRatingRequestLifetime) and returns its token (only its
// hash is kept). Fails only when storage does.
Result<std::string> OfferRating(store::Tx& tx, const IdGenerator& ids, const RatingOffer& offer, Timestamp now);

// Inside the transaction of something staff member `actor` handled for an advocate (a reward paid,
// a referral moved, a review decision): asks the advocate, in the portal, how it went — the user or
// API key is rated; nothing is asked for what the system or the advocate did. The subject is the
// program's wording of `message` (domain/program_language.h) with `values`.
Status OfferToAdvocate(store::Tx& tx, const IdGenerator& ids, const domain::Actor& actor, std::string_view program_id,
                       std::string_view advocate_id, domain::Interaction interaction, std::string_view interaction_id,
                       std::string_view message, const domain::MessageValues& values, Timestamp now);

// The page a rating link opens: `public_base_url`/rate?token=…&value=happy|ok|unhappy.
std::string RatingLink(std::string_view public_base_url, std::string_view token, domain::RatingValue value);

}  // namespace bb::service

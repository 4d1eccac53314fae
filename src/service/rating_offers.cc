#include "service/rating_offers.h"

#include "crypto/crypto.h"
#include "domain/ids.h"
#include "domain/validation.h"

namespace bb::service {

Result<std::string> OfferRating(store::Tx& tx, const IdGenerator& ids, const RatingOffer& offer, Timestamp now) {
  std::string token = crypto::RandomToken(32);
  domain::RatingRequest request;
  request.id = ids.New(domain::kRatingRequestPrefix);
  request.token_hash = crypto::Sha256Hex(token);
  request.program_id = offer.program_id;
  request.interaction = offer.interaction;
  request.interaction_id = offer.interaction_id;
  request.subject = domain::TruncateUtf8(offer.subject, 300);
  request.rated_user_id = offer.rated_user_id;
  request.recipient = offer.recipient;
  request.created_at = now;
  request.expires_at = now + domain::kRatingRequestLifetime;
  BB_RETURN_IF_ERROR(tx.InsertRatingRequest(request));
  return token;
}

Status OfferToAdvocate(store::Tx& tx, const IdGenerator& ids, const domain::Actor& actor, std::string_view program_id,
                       std::string_view advocate_id, domain::Interaction interaction, std::string_view interaction_id,
                       std::string_view message, const domain::MessageValues& values, Timestamp now) {
  if (actor.kind != domain::Actor::Kind::kUser && actor.kind != domain::Actor::Kind::kApiKey) return Ok();
  BB_ASSIGN_OR_RETURN(auto words, tx.ReadProgramLanguage(program_id));
  RatingOffer offer{std::string(program_id),
                    interaction,
                    std::string(interaction_id),
                    domain::Say(words, message, values),
                    actor.id,
                    "advocate:" + std::string(advocate_id)};
  return StatusOf(OfferRating(tx, ids, offer, now));
}

std::string RatingLink(std::string_view public_base_url, std::string_view token, domain::RatingValue value) {
  return std::string(public_base_url) + "/rate?token=" + std::string(token) +
         "&value=" + std::string(domain::ToString(value));
}

}  // namespace bb::service

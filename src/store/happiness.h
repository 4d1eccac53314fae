#pragma once
// Happiness ratings (domain/happiness.h): the requests to rate an interaction and the ratings given.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/happiness.h"

namespace bb::store {

// Which ratings to list: every filter given must match; newest first, before `before_id`.
struct RatingQuery {
  std::string program_id;  // "" for every program
  std::string rated_user_id;
  std::optional<domain::Interaction> interaction;
  std::optional<Timestamp> from;    // created at or after
  std::optional<Timestamp> before;  // created before
  bool only_counted = true;         // without superseded and deleted ones
  std::string before_id;
  int limit = 50;
};

// One group's counts: ratings created in the range (counted ones) and requests made in it.
struct HappinessRow {
  std::string program_id;
  std::string rated_user_id;
  domain::Interaction interaction = domain::Interaction::kEmail;
  domain::HappinessCounts counts;
};

// Reads of this area (see store::Queries for the contract common to all reads).
class HappinessReads {
 public:
  virtual ~HappinessReads() = default;

  virtual Result<std::optional<domain::RatingRequest>> FindRatingRequest(std::string_view id) = 0;
  virtual Result<std::optional<domain::RatingRequest>> FindRatingRequestByToken(std::string_view token_hash) = 0;
  virtual Result<std::optional<domain::Rating>> FindRating(std::string_view id) = 0;
  // The request's rating (there is at most one), whatever its state.
  virtual Result<std::optional<domain::Rating>> FindRatingOfRequest(std::string_view request_id) = 0;
  // The counted ratings of `fresh`'s rated party that it may repeat (domain::RepeatedBy): of the
  // same interaction, or of the same recipient created at or after `since`.
  virtual Result<std::vector<domain::Rating>> ListRatingsItMayRepeat(const domain::Rating& fresh, Timestamp since) = 0;
  // How many ratings (not deleted) of `rated_user_id` came from `ip_hash` at or after `since`.
  virtual Result<std::int64_t> CountRatingsFromAddress(std::string_view ip_hash, std::string_view rated_user_id,
                                                       Timestamp since) = 0;
  // The recipient's requests about staff's handling (not emails) not expired at `now` and not rated,
  // newest first.
  virtual Result<std::vector<domain::RatingRequest>> ListOpenRatingRequests(std::string_view recipient, Timestamp now,
                                                                            int limit) = 0;
  virtual Result<std::vector<domain::Rating>> ListRatings(const RatingQuery& query) = 0;
  // Per program, rated party and interaction: the counted ratings created in [from, before) by
  // value (and wows), and the requests made in it with how many of them have a counted rating.
  // `program_id` "" for every program.
  virtual Result<std::vector<HappinessRow>> CountHappiness(std::string_view program_id, Timestamp from,
                                                           Timestamp before) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class HappinessWrites {
 public:
  virtual ~HappinessWrites() = default;

  virtual Status InsertRatingRequest(const domain::RatingRequest& request) = 0;
  // kConflict naming "request_id" when the request has a rating already.
  virtual Status InsertRating(const domain::Rating& rating) = 0;
  // Its value, wow, comment, suspicious, superseded_by, deleted, deleted_by and updated_at.
  virtual Status UpdateRating(const domain::Rating& rating) = 0;
  // Flags every rating (not deleted) of `rated_user_id` from `ip_hash` at or after `since`.
  virtual Status FlagRatingsFromAddress(std::string_view ip_hash, std::string_view rated_user_id, Timestamp since) = 0;
};

}  // namespace bb::store

#pragma once
// Happiness ratings (research/intelligence.md §6, Hively and Help Scout): a one-click rating —
// happy, ok or unhappy, with an optional comment and a "wow" on a happy one — of an interaction
// Bluebird had with an advocate or a referee: an email it sent them, or something staff handled for
// them (a reward paid, a referral moved by a sales rep, a review decision). Each request to rate
// names the interaction and who is rated (a staff member, or the program when nobody is). Ratings
// that repeat one another are superseded, never deleted; the figures count the live ones. Pure; no
// I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace bb::domain {

enum class RatingValue { kHappy, kOk, kUnhappy };
std::string_view ToString(RatingValue value);  // "happy", "ok", "unhappy"
std::optional<RatingValue> ParseRatingValue(std::string_view text);

enum class Interaction { kEmail, kRewardPaid, kReferralHandled, kReviewDecision };
std::string_view ToString(Interaction interaction);  // "email", "reward_paid", "referral_handled", "review_decision"
std::optional<Interaction> ParseInteraction(std::string_view text);

inline constexpr std::size_t kMaxRatingComment = 1000;
inline constexpr auto kRatingRequestLifetime = std::chrono::days(30);
// Ratings from one address for one rated party within a day beyond which they are all flagged.
inline constexpr std::int64_t kSuspiciousRatingsPerAddress = 5;

struct RatingRequest {
  std::string id;          // kRatingRequestPrefix
  std::string token_hash;  // SHA-256 of the token in the email's links (the token is never kept)
  std::string program_id;
  Interaction interaction = Interaction::kEmail;
  std::string interaction_id;  // the email's message id, the reward's or the referral's id
  std::string subject;         // what is rated, in the rater's words ("Your reward of $25.00 was paid")
  std::string rated_user_id;   // the staff member responsible; "" for the program
  std::string recipient;       // "advocate:<id>" or "referee:<referral id>"
  Timestamp created_at{};
  Timestamp expires_at{};
  friend bool operator==(const RatingRequest&, const RatingRequest&) = default;
};

struct Rating {
  std::string id;  // kRatingPrefix
  std::string request_id;
  // Copied from the request, so that figures group without a join.
  std::string program_id;
  Interaction interaction = Interaction::kEmail;
  std::string interaction_id;
  std::string rated_user_id;
  std::string recipient;
  RatingValue value = RatingValue::kHappy;
  bool wow = false;  // only with happy
  std::string comment;
  std::string ip_hash;  // the rater's address, hashed: only to flag many ratings from one place
  bool suspicious = false;
  std::string superseded_by;  // the later rating that repeats this one; "" while it counts
  bool deleted = false;       // an admin removed it
  std::string deleted_by;
  Timestamp created_at{};
  Timestamp updated_at{};
  friend bool operator==(const Rating&, const Rating&) = default;
};

// Whether `rating` counts in the figures: not superseded, not deleted.
bool Counts(const Rating& rating);

// What a rater sends; absent fields keep what they said before.
struct RatingInput {
  std::optional<std::string> value;
  std::optional<std::string> comment;
  std::optional<bool> wow;
};

// `input` applied to `rating` (a new one, or the request's earlier one: a rater changes their mind,
// one rating per request) at `now`. kInvalidArgument naming "value" (required for a new rating;
// happy, ok or unhappy), "comment" (at most kMaxRatingComment characters) or "wow" (only with
// happy). Returns whether anything changed.
Result<bool> ApplyRating(Rating& rating, const RatingInput& input, bool is_new, Timestamp now);

// The earlier ratings (live ones) that `fresh` repeats, by Hively's rule adapted (research §6.2):
// (b) the same interaction and rated party (a resent email rated again), or (c) the same recipient
// and rated party within 24 hours when the earlier one has no comment. The later rating is kept.
std::vector<std::string> RepeatedBy(const Rating& fresh, const std::vector<Rating>& earlier);

struct HappinessCounts {
  std::int64_t happy = 0;
  std::int64_t ok = 0;
  std::int64_t unhappy = 0;
  std::int64_t wow = 0;
  std::int64_t requests = 0;  // requests made in the period
  std::int64_t rated = 0;     // of those, rated (a live rating)
};

// A group's figures: percentages and the score in basis points, rounded half away from zero
// (Help Scout: 41 / 34 / 35 → 3727, 3091, 3182, score 545); Hively's points (happy + wow −
// unhappy); the response rate (rated ÷ requests), none without requests; none of the shares
// without ratings.
struct HappinessFigures {
  HappinessCounts counts;
  std::int64_t total = 0;
  std::optional<std::int64_t> pct_happy_bp;
  std::optional<std::int64_t> pct_ok_bp;
  std::optional<std::int64_t> pct_unhappy_bp;
  std::optional<std::int64_t> score_bp;  // % happy − % unhappy, from the counts (not the rounded shares)
  std::int64_t points = 0;
  std::optional<std::int64_t> response_rate_bp;
};
HappinessFigures FiguresOf(const HappinessCounts& counts);

}  // namespace bb::domain

#include "domain/happiness.h"

#include <algorithm>
#include <cstdlib>

#include "domain/validation.h"

namespace bb::domain {
namespace {

// `part` ÷ `whole` in basis points, rounded half away from zero; `whole` > 0, |part| ≤ whole.
std::int64_t BasisPoints(std::int64_t part, std::int64_t whole) {
  std::int64_t magnitude = (2 * std::llabs(part) * 10'000 + whole) / (2 * whole);
  return part < 0 ? -magnitude : magnitude;
}

}  // namespace

std::string_view ToString(RatingValue value) {
  switch (value) {
    case RatingValue::kHappy: return "happy";
    case RatingValue::kOk: return "ok";
    case RatingValue::kUnhappy: return "unhappy";
  }
  return "ok";
}

std::optional<RatingValue> ParseRatingValue(std::string_view text) {
  for (auto value : {RatingValue::kHappy, RatingValue::kOk, RatingValue::kUnhappy}) {
    if (ToString(value) == text) return value;
  }
  return std::nullopt;
}

std::string_view ToString(Interaction interaction) {
  switch (interaction) {
    case Interaction::kEmail: return "email";
    case Interaction::kRewardPaid: return "reward_paid";
    case Interaction::kReferralHandled: return "referral_handled";
    case Interaction::kReviewDecision: return "review_decision";
  }
  return "email";
}

std::optional<Interaction> ParseInteraction(std::string_view text) {
  for (auto interaction :
       {Interaction::kEmail, Interaction::kRewardPaid, Interaction::kReferralHandled, Interaction::kReviewDecision}) {
    if (ToString(interaction) == text) return interaction;
  }
  return std::nullopt;
}

bool Counts(const Rating& rating) { return rating.superseded_by.empty() && !rating.deleted; }

Result<bool> ApplyRating(Rating& rating, const RatingInput& input, bool is_new, Timestamp now) {
  std::vector<FieldError> errors;
  std::optional<RatingValue> value;
  if (input.value) {
    value = ParseRatingValue(*input.value);
    if (!value) errors.push_back({"value", "must be happy, ok or unhappy"});
  } else if (is_new) {
    errors.push_back({"value", "is required: happy, ok or unhappy"});
  }
  std::string comment;
  if (input.comment) {
    comment = std::string(Trim(*input.comment));
    if (std::string problem = CheckText(comment, kMaxRatingComment, true, TextShape::kMultiLine); !problem.empty()) {
      errors.push_back({"comment", problem});
    }
  }
  RatingValue after = value.value_or(rating.value);
  bool wow = input.wow.value_or(rating.wow && after == RatingValue::kHappy);
  if (input.wow && *input.wow && after != RatingValue::kHappy) errors.push_back({"wow", "goes only with happy"});
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  Rating before = rating;
  rating.value = after;
  rating.wow = wow;
  if (input.comment) rating.comment = std::move(comment);
  if (rating == before && !is_new) return false;
  rating.updated_at = now;
  if (is_new) rating.created_at = now;
  return true;
}

std::vector<std::string> RepeatedBy(const Rating& fresh, const std::vector<Rating>& earlier) {
  std::vector<std::string> out;
  for (const auto& old : earlier) {
    if (old.id == fresh.id || old.request_id == fresh.request_id || !Counts(old)) continue;
    if (old.rated_user_id != fresh.rated_user_id || old.created_at > fresh.created_at) continue;
    bool same_interaction = old.interaction == fresh.interaction && old.interaction_id == fresh.interaction_id;
    bool same_rater_soon = old.recipient == fresh.recipient &&
                           fresh.created_at - old.created_at < std::chrono::hours(24) && old.comment.empty();
    if (same_interaction || same_rater_soon) out.push_back(old.id);
  }
  return out;
}

HappinessFigures FiguresOf(const HappinessCounts& counts) {
  HappinessFigures f;
  f.counts = counts;
  f.total = counts.happy + counts.ok + counts.unhappy;
  f.points = counts.happy + counts.wow - counts.unhappy;
  if (f.total > 0) {
    f.pct_happy_bp = BasisPoints(counts.happy, f.total);
    f.pct_ok_bp = BasisPoints(counts.ok, f.total);
    f.pct_unhappy_bp = BasisPoints(counts.unhappy, f.total);
    f.score_bp = BasisPoints(counts.happy - counts.unhappy, f.total);
  }
  if (counts.requests > 0) f.response_rate_bp = BasisPoints(std::min(counts.rated, counts.requests), counts.requests);
  return f;
}

}  // namespace bb::domain

#include "domain/nps.h"

#include <array>
#include <chrono>

#include "common/checked_math.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

std::int64_t RoundedRatio(std::int64_t numerator, std::int64_t denominator, std::int64_t scale) {
  return static_cast<std::int64_t>(RoundedQuotient(Int128{numerator} * scale, denominator));
}

}  // namespace

std::string_view ToString(NpsClass c) {
  switch (c) {
    case NpsClass::kDetractor: return "detractor";
    case NpsClass::kPassive: return "passive";
    case NpsClass::kPromoter: return "promoter";
  }
  return "passive";
}

std::optional<NpsClass> ParseNpsClass(std::string_view text) {
  for (NpsClass c : {NpsClass::kDetractor, NpsClass::kPassive, NpsClass::kPromoter}) {
    if (ToString(c) == text) return c;
  }
  return std::nullopt;
}

NpsClass ClassOfScore(int score) {
  if (score >= 9) return NpsClass::kPromoter;
  if (score >= 7) return NpsClass::kPassive;
  return NpsClass::kDetractor;
}

std::string CheckNpsScore(std::int64_t score) {
  if (score < kMinNpsScore || score > kMaxNpsScore) return "must be a whole number from 0 to 10";
  return "";
}

std::string CheckNpsComment(std::string_view comment) {
  return CheckText(comment, kMaxNpsComment, true, TextShape::kMultiLine);
}

std::string NpsQuestion(std::string_view program_name) {
  return "How likely is it that you would recommend " + std::string(program_name) + " to a friend or colleague?";
}

Result<NpsResponse> BuildNpsResponse(std::string id, std::string program_id, const NpsResponseInput& input,
                                     std::string recorded_by, Timestamp now) {
  std::vector<FieldError> errors;
  std::string email(Trim(input.email.value_or("")));
  if (!input.email) {
    errors.push_back({"email", "is required"});
  } else if (std::string problem = CheckEmail(email); !problem.empty()) {
    errors.push_back({"email", problem});
  }
  if (!input.score) {
    errors.push_back({"score", "is required"});
  } else if (std::string problem = CheckNpsScore(*input.score); !problem.empty()) {
    errors.push_back({"score", problem});
  }
  std::string comment(Trim(input.comment.value_or("")));
  if (std::string problem = CheckNpsComment(comment); !problem.empty()) {
    errors.push_back({"comment", problem});
  }
  Timestamp answered_at = input.answered_at.value_or(now);
  if (answered_at > now + kNpsClockTolerance) {
    errors.push_back({"answered_at", "must not be in the future"});
  } else if (answered_at > now) {
    answered_at = now;
  } else if (now - answered_at > kMaxNpsAnswerAge) {
    errors.push_back({"answered_at", "must be within the last ten years"});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  NpsResponse r;
  r.id = std::move(id);
  r.program_id = std::move(program_id);
  r.person_key = NormalizeEmail(email);
  r.email = std::move(email);
  r.score = static_cast<int>(*input.score);
  r.comment = std::move(comment);
  r.source = "api";
  r.answered_at = answered_at;
  r.recorded_by = std::move(recorded_by);
  r.recorded_at = now;
  return r;
}

NpsFigures ScoreOf(const std::vector<int>& scores) {
  NpsFigures f;
  for (int score : scores) {
    ++f.responses;
    switch (ClassOfScore(score)) {
      case NpsClass::kPromoter: ++f.promoters; break;
      case NpsClass::kPassive: ++f.passives; break;
      case NpsClass::kDetractor: ++f.detractors; break;
    }
  }
  if (f.responses > 0) f.nps = RoundedRatio(f.promoters - f.detractors, f.responses, 100);
  return f;
}

NpsFigures ScoreOf(const std::vector<Respondent>& respondents) {
  std::vector<int> scores;
  scores.reserve(respondents.size());
  for (const auto& r : respondents) scores.push_back(r.score);
  return ScoreOf(scores);
}

Result<std::vector<ClassReferrals>> ReferralsByClass(const std::vector<Respondent>& respondents, int window_days) {
  std::array<ClassReferrals, 3> out{ClassReferrals{NpsClass::kPromoter}, ClassReferrals{NpsClass::kPassive},
                                    ClassReferrals{NpsClass::kDetractor}};
  auto slot = [&](NpsClass c) -> ClassReferrals& {
    return out[c == NpsClass::kPromoter ? 0 : c == NpsClass::kPassive ? 1 : 2];
  };
  std::array<Sum128, 3> revenue;
  const auto window = std::chrono::days(window_days);
  for (const auto& r : respondents) {
    ClassReferrals& figures = slot(ClassOfScore(r.score));
    ++figures.respondents;
    std::int64_t within = 0;
    for (const RespondentReferral& referral : r.referrals) {
      if (referral.submitted_at <= r.answered_at || referral.submitted_at > r.answered_at + window) continue;
      ++within;
      if (!referral.won) continue;
      ++figures.won;
      if (referral.in_program_currency) {
        revenue[static_cast<std::size_t>(&figures - out.data())].Add(referral.deal_value_minor);
      } else {
        ++figures.won_other_currency;
      }
    }
    if (within > 0) ++figures.referred;
    figures.referrals += within;
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    ClassReferrals& figures = out[i];
    BB_ASSIGN_OR_RETURN(figures.revenue_minor,
                        revenue[i].As("classes." + std::string(ToString(figures.nps_class)) + ".revenue_minor"));
    if (figures.respondents == 0) continue;
    figures.referral_rate_bp = RoundedRatio(figures.referred, figures.respondents, 10'000);
    figures.referrals_per_respondent_milli = RoundedRatio(figures.referrals, figures.respondents, 1'000);
    figures.revenue_per_respondent_minor =
        static_cast<std::int64_t>(RoundedQuotient(revenue[i].value(), figures.respondents));
  }
  return std::vector<ClassReferrals>(out.begin(), out.end());
}

}  // namespace bb::domain

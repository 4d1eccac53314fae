#include "domain/referral_review.h"

#include <algorithm>
#include <chrono>

#include "common/time_format.h"

namespace bb::domain {

namespace {

// Which of the person's keys `earlier` shares, in words.
std::string SameKey(const ReviewFacts& facts, const Referral& earlier) {
  return earlier.referee.email_key == facts.referee_email_key ? "same email" : "same phone";
}

std::optional<ReviewFinding> Duplicate(const ReviewFacts& facts, const ReferralPolicy& policy) {
  Timestamp window_start = facts.now - std::chrono::days(policy.duplicate_window_days);
  for (const auto& earlier : facts.earlier_referrals) {
    if (earlier.stage == ReferralStage::kWon) {
      return ReviewFinding{ReviewReason::kDuplicate,
                           "already a customer: referral " + earlier.id + " was won (" + SameKey(facts, earlier) + ")"};
    }
  }
  for (const auto& earlier : facts.earlier_referrals) {
    if (earlier.stage != ReferralStage::kRejected && earlier.created_at >= window_start) {
      return ReviewFinding{ReviewReason::kDuplicate, "already referred on " + FormatTimestamp(earlier.created_at) +
                                                         " (referral " + earlier.id + ", " + SameKey(facts, earlier) +
                                                         ")"};
    }
  }
  if (facts.referee_is_advocate) {
    return ReviewFinding{ReviewReason::kDuplicate, "already an advocate of the program"};
  }
  return std::nullopt;
}

std::optional<ReviewFinding> SelfReferral(const ReviewFacts& facts, const ReferralPolicy& policy) {
  if (facts.referee_is_the_advocate) {
    return ReviewFinding{ReviewReason::kSelfReferral, "the referee's email is the advocate's own"};
  }
  if (facts.advocate_seen_at_same_address) {
    return ReviewFinding{ReviewReason::kSelfReferral,
                         "submitted from the advocate's own browser or network address (recent activity)"};
  }
  bool company_program = facts.program_kind != ProgramKind::kEmployee;
  if (company_program && policy.same_domain_is_self_referral && facts.same_company_domain) {
    return ReviewFinding{ReviewReason::kSelfReferral, "the referee's email domain is the advocate's company domain"};
  }
  return std::nullopt;
}

std::optional<ReviewFinding> Velocity(const ReviewFacts& facts, const ReferralPolicy& policy) {
  std::string window = " in " + std::to_string(policy.velocity_window_hours) + " hours";
  if (facts.advocate_recent_referrals >= policy.velocity_limit) {
    return ReviewFinding{ReviewReason::kVelocity,
                         "the advocate already submitted " + std::to_string(facts.advocate_recent_referrals) +
                             " referrals" + window + " (limit " + std::to_string(policy.velocity_limit) + ")"};
  }
  if (facts.address_recent_referrals >= policy.ip_velocity_limit) {
    return ReviewFinding{ReviewReason::kVelocity, "the same network address already submitted " +
                                                      std::to_string(facts.address_recent_referrals) + " referrals" +
                                                      window + " (limit " + std::to_string(policy.ip_velocity_limit) +
                                                      ")"};
  }
  return std::nullopt;
}

}  // namespace

std::vector<ReviewFinding> ReviewReferral(const ReviewFacts& facts, const ReferralPolicy& policy) {
  std::vector<ReviewFinding> findings;
  if (auto found = Duplicate(facts, policy)) findings.push_back(std::move(*found));
  if (auto found = SelfReferral(facts, policy)) findings.push_back(std::move(*found));
  if (auto found = Velocity(facts, policy)) findings.push_back(std::move(*found));
  if (facts.disposable_email) {
    findings.push_back({ReviewReason::kDisposableEmail, "the email address is at a disposable-mail domain"});
  }
  return findings;
}

std::vector<ReviewReason> ReasonsOf(const std::vector<ReviewFinding>& findings) {
  std::vector<ReviewReason> reasons;
  reasons.reserve(findings.size());
  for (const auto& finding : findings) reasons.push_back(finding.reason);
  return reasons;
}

}  // namespace bb::domain

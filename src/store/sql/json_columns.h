#pragma once
// The values kept as JSON text: a referral's copy of its advocate's profile, a reward rule's
// conditions, audit changes, a challenge's steps and tags. Encoding never fails; decoding text this module did not
// write gives the empty value (an empty profile, conditions that allow everything) rather than an error, since the
// columns are only ever written through here.

#include <string>
#include <string_view>

#include "domain/advocate.h"
#include "domain/audit.h"
#include "domain/buying_committee.h"
#include "domain/challenge.h"
#include "domain/credit_split.h"
#include "domain/reward_rule.h"

namespace bb::store::sql {

std::string EncodeProfile(const domain::AdvocateProfile& profile);
domain::AdvocateProfile DecodeProfile(std::string_view text);

std::string EncodeConditions(const domain::RewardConditions& conditions);
domain::RewardConditions DecodeConditions(std::string_view text);

std::string EncodeAuditChanges(const std::vector<domain::AuditChange>& changes);
std::vector<domain::AuditChange> DecodeAuditChanges(std::string_view text);

// [{"type": "write_review", "points": 300, "title": "", "channel": ""}]; an unknown type reads as
// custom.
std::string EncodeChallengeSteps(const std::vector<domain::ChallengeStep>& steps);
std::vector<domain::ChallengeStep> DecodeChallengeSteps(std::string_view text);

// {"tier": ["gold", "platinum"]}: a segment's attribute filter.
std::string EncodeSegmentAttributes(const std::vector<std::pair<std::string, std::vector<std::string>>>& attributes);
std::vector<std::pair<std::string, std::vector<std::string>>> DecodeSegmentAttributes(std::string_view text);

// [{"email": ..., "email_key": ..., "first_name": ..., "last_name": ..., "title": ..., "roles":
// ["coach"], "primary": true, "response_mode": "growth" or "", "attributes": {"seniority":
// ["s", "vp"]}, "referee": false}]; an unknown role or mode is left out.
std::string EncodeCommitteeMembers(const std::vector<domain::CommitteeMember>& members);
std::vector<domain::CommitteeMember> DecodeCommitteeMembers(std::string_view text);

// {"split": "by_role", "lead_share_bp": 5000, "role_weights": {"coach": 1}, "unroled_weight": 1,
// "account_window_days": 0, "account_credit": false}: a program's credit policy; an unknown split
// or role is left out.
std::string EncodeCreditPolicy(const domain::CreditPolicy& policy);
domain::CreditPolicy DecodeCreditPolicy(std::string_view text);

// [{"advocate_id": ..., "referral_id": ..., "share_bp": 5000, "touched_at": <micros>}]
std::string EncodeCreditShares(const std::vector<domain::CreditShare>& shares);
std::vector<domain::CreditShare> DecodeCreditShares(std::string_view text);

// ["a", "b"]
std::string EncodeStringList(const std::vector<std::string>& values);
std::vector<std::string> DecodeStringList(std::string_view text);

}  // namespace bb::store::sql

#pragma once
// The referral pipeline: submitted → qualified → opportunity → won | lost | rejected, and which
// moves along it are allowed. Pure rules, no I/O.
//
// A move forward may skip stages (a CRM may report a deal won that nobody marked qualified); the
// stages it passes count as reached, so that rewards on them are still earned. An open referral
// may also go back to an earlier open stage (a deal falls back to qualification), and may close as
// lost or rejected from any open stage. A closed referral (won, lost, rejected) never moves again.
// A program may skip the opportunity stage: then its referrals never enter it.

#include <optional>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace bb::domain {

enum class ReferralStage { kSubmitted, kQualified, kOpportunity, kWon, kLost, kRejected };

std::string_view ToString(ReferralStage stage);
std::optional<ReferralStage> ParseReferralStage(std::string_view text);

// Won, lost and rejected.
bool IsClosed(ReferralStage stage);

// The stages a referral reaches by moving from `from` to `to`, in pipeline order, ending with
// `to`: for a move forward, every stage after `from` up to `to` (without opportunity when the
// program skips it); for a move back or a close as lost or rejected, just `to`; for a "move" to
// the stage it already has, nothing (the caller must then change nothing).
// Fails with kConflict when `from` is closed, and with kInvalidArgument on field "stage" when `to`
// is opportunity in a program that skips it. A referral `under_review` (held or duplicate) may
// also close as rejected from won or lost: a fraud found after the CRM closed the deal.
Result<std::vector<ReferralStage>> PlanStageMove(ReferralStage from, ReferralStage to, bool uses_opportunity,
                                                 bool under_review = false);

}  // namespace bb::domain

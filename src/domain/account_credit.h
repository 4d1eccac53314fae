#pragma once
// Account-level credit: when the program's credit policy says so (CreditPolicy::account_credit), a
// referral counts as won when another referral of the same account is won -- the same CRM deal,
// or the referee's business email domain within the policy's account window before the win. The
// referral so credited is won in every figure (conversion, win rates, lifecycle, calibration), with
// no deal value (the revenue is the won referral's) and no reward of its own: its advocate is paid
// through split credit, when the policy splits. Its own deal can still be won later: that win is
// its first own win, and pays as any win does. Until then staff may also move it on as if the
// account win had not happened (a mistaken or fraudulent win of the account). Pure rules, no I/O.

#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/referral.h"

namespace bb::domain {

// Whether `candidate` counts as won through the account when `won`'s win counts at `at`: another
// referral of the same program, submitted by then, clear of review, and still open (not won, lost
// or rejected). Whether it is of the same account is the caller's query (the same CRM deal, or the
// same business email domain within the window).
bool CreditedByAccountWin(const Referral& candidate, const Referral& won, Timestamp at);

// Whether `history` (one referral's, in time order) shows a win through the account and no win of
// its own (a submission, stage move or import reaching won): the referral then has no deal of its
// own yet -- its deal value cannot be corrected, and a move to won is its own win.
bool WonThroughAccountOnly(const std::vector<ReferralEvent>& history);

// What a referral won only through its account (WonThroughAccountOnly(history)) reaches by a move
// to `to`, in pipeline order:
// - won: the win of its own deal, reaching what the account win reached (those stages were never
//   rewarded: they earn now); nothing when `deal_won` (its CRM deal was won by another referral:
//   the account win was that deal's) or `churned` (the customer left: nothing new is earned);
// - any other stage: it leaves the account win, moving as from the stage it had before it (a move
//   back to that stage reaches it; lost and rejected reach just themselves); once `churned`, only
//   rejected (kConflict otherwise: a churned customer earns nothing new, even by moving again).
// Fails as PlanStageMove does (kInvalidArgument on "stage" for opportunity in a program that skips it).
Result<std::vector<ReferralStage>> PlanMoveAfterAccountWin(const std::vector<ReferralEvent>& history, ReferralStage to,
                                                           bool uses_opportunity, bool deal_won, bool churned);

}  // namespace bb::domain

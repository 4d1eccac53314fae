#pragma once
// The NPS loop's promoter half (research/intelligence.md §4.2): a promoter who is not an advocate
// of the program is invited to join it; a promoter advocate who went quiet (no share and no
// referral in the last quiet_days) is nudged to refer. Each rule is an automatic campaign
// (domain/campaign.h, trigger nps_promoter) of the program, which people are added to as they
// answer: its emails, reminders, stops and figures are the campaign machinery's. A program gets
// each rule with defaults on its first promoter's answer; cancelling the campaign turns the rule
// off, and a new automatic campaign of the kind turns it on again with its own schedule. Pure
// rules, no I/O.

#include <cstdint>

#include "common/clock.h"
#include "domain/campaign.h"
#include "domain/followup_task.h"
#include "domain/nps.h"

namespace bb::domain {

// An answer recorded longer than this after it was given (an import of another tool's history)
// asks nobody anything: the moment has passed (the same rule as a detractor's follow-up).
inline constexpr auto kPromoterLoopMaxAnswerAge = kFollowupMaxAnswerAge;

// Whether `answer` (stored, the person's latest) starts the loop: a promoter's, given at most
// kPromoterLoopMaxAnswerAge before it was recorded.
bool AnswerAsksPromoterLoop(const NpsResponse& answer);

// The automatic campaign of `kind` (kInvitation or kActivation) a program gets on its first
// promoter's answer: running from `now`, named for what it does, with one reminder for the
// invitation and none for the nudge (kDefaultQuietDays).
Campaign DefaultPromoterCampaign(CampaignKind kind, Timestamp now);

// Whether `r`, already in an automatic nudge campaign, may be nudged again at `now` after a new
// promoter answer: nothing more is owed to them (stopped), they did not unsubscribe or bounce, and
// their last nudge's first email went at least `quiet_days` ago.
bool MayNudgeAgain(const CampaignRecipient& r, Timestamp now, std::int64_t quiet_days);

// Puts `r` back at the start of its campaign's schedule: added at `now`, its first email due then,
// with the last round's progress cleared (the figures count the new round).
void Rearm(CampaignRecipient& r, Timestamp now);

}  // namespace bb::domain

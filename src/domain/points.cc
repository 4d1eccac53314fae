#include "domain/points.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <tuple>

#include "common/checked_math.h"
#include "domain/advocate.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::string_view kLifetimeBadge = "lifetime_points";

bool IsEarnedAction(std::string_view action) {
  auto reason = ParsePointsReason(action);
  return reason && (*reason == PointsReason::kReferralSubmitted || *reason == PointsReason::kReferralQualified ||
                    *reason == PointsReason::kReferralWon || *reason == PointsReason::kNpsAnswered ||
                    *reason == PointsReason::kChallenge);
}

void CheckActionPoints(std::vector<FieldError>& errors, std::string_view field,
                       const std::optional<std::int64_t>& points) {
  if (points && (*points < 0 || *points > kMaxActionPoints)) {
    errors.push_back({std::string(field), "must be a whole number of points from 0 to 1000000"});
  }
}

void CheckLevels(std::vector<FieldError>& errors, const std::vector<PointsLevel>& levels) {
  if (levels.empty() || levels.size() > kMaxLevels) {
    errors.push_back({"levels", "must have 1 to " + std::to_string(kMaxLevels) + " levels"});
    return;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    std::string at = "levels[" + std::to_string(i) + "]";
    if (std::string problem = CheckText(levels[i].name, kMaxPointsNameLength); !problem.empty()) {
      errors.push_back({at + ".name", problem});
    } else if (!names.insert(levels[i].name).second) {
      errors.push_back({at + ".name", "is the name of another level"});
    }
    if (i == 0 && levels[i].min_points != 0) {
      errors.push_back({at + ".min_points", "must be 0: the first level is where everyone starts"});
    } else if (i > 0 && (levels[i].min_points <= levels[i - 1].min_points || levels[i].min_points > kMaxPointsDelta)) {
      errors.push_back({at + ".min_points", "must be more than the level before it and at most 1000000000"});
    }
  }
}

void CheckBadges(std::vector<FieldError>& errors, const std::vector<PointsBadge>& badges) {
  if (badges.size() > kMaxBadges) {
    errors.push_back({"badges", "must have at most " + std::to_string(kMaxBadges) + " badges"});
    return;
  }
  std::set<std::string> names;
  for (std::size_t i = 0; i < badges.size(); ++i) {
    std::string at = "badges[" + std::to_string(i) + "]";
    if (std::string problem = CheckText(badges[i].name, kMaxPointsNameLength); !problem.empty()) {
      errors.push_back({at + ".name", problem});
    } else if (!names.insert(badges[i].name).second) {
      errors.push_back({at + ".name", "is the name of another badge"});
    }
    if (badges[i].action != kLifetimeBadge && !IsEarnedAction(badges[i].action)) {
      errors.push_back(
          {at + ".action",
           "must be referral_submitted, referral_qualified, referral_won, nps_answered, challenge or lifetime_points"});
    }
    if (badges[i].count < 1 || badges[i].count > kMaxPointsDelta) {
      errors.push_back({at + ".count", "must be a whole number from 1 to 1000000000"});
    }
  }
}

void CheckBoardGroups(std::vector<FieldError>& errors, const std::vector<std::string>& groups) {
  if (groups.size() > kMaxBoardGroups) {
    errors.push_back({"board_groups", "must have at most " + std::to_string(kMaxBoardGroups) + " groups"});
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    std::string at = "board_groups[" + std::to_string(i) + "]";
    std::string tag = NormalizeTag(groups[i]);
    if (tag.empty()) {
      errors.push_back({at, "must be a tag: 1-64 of letters, digits, space, '_', '-' or ':'"});
    } else if (!seen.insert(tag).second) {
      errors.push_back({at, "is listed twice (tags compare in lower case)"});
    }
  }
}

}  // namespace

std::string_view ToString(PointsBalance balance) {
  switch (balance) {
    case PointsBalance::kBoth: return "both";
    case PointsBalance::kRedeemableOnly: return "redeemable";
    case PointsBalance::kLifetimeOnly: return "lifetime";
  }
  return "both";
}

std::optional<PointsBalance> ParsePointsBalance(std::string_view text) {
  for (auto balance : {PointsBalance::kBoth, PointsBalance::kRedeemableOnly, PointsBalance::kLifetimeOnly}) {
    if (ToString(balance) == text) return balance;
  }
  return std::nullopt;
}

std::string_view ToString(PointsReason reason) {
  switch (reason) {
    case PointsReason::kReferralSubmitted: return "referral_submitted";
    case PointsReason::kReferralQualified: return "referral_qualified";
    case PointsReason::kReferralWon: return "referral_won";
    case PointsReason::kNpsAnswered: return "nps_answered";
    case PointsReason::kChallenge: return "challenge";
    case PointsReason::kReversal: return "reversal";
    case PointsReason::kAdjustment: return "adjustment";
    case PointsReason::kRedemption: return "redemption";
    case PointsReason::kRedemptionRefund: return "redemption_refund";
  }
  return "adjustment";
}

std::optional<PointsReason> ParsePointsReason(std::string_view text) {
  for (auto reason : {PointsReason::kReferralSubmitted, PointsReason::kReferralQualified, PointsReason::kReferralWon,
                      PointsReason::kNpsAnswered, PointsReason::kChallenge, PointsReason::kReversal,
                      PointsReason::kAdjustment, PointsReason::kRedemption, PointsReason::kRedemptionRefund}) {
    if (ToString(reason) == text) return reason;
  }
  return std::nullopt;
}

bool MovesLifetime(PointsBalance balance) { return balance != PointsBalance::kRedeemableOnly; }
bool MovesRedeemable(PointsBalance balance) { return balance != PointsBalance::kLifetimeOnly; }

PointsSettings DefaultPointsSettings(std::string program_id) {
  PointsSettings settings;
  settings.program_id = std::move(program_id);
  settings.levels = {{"Fan", 0}, {"Advocate", 1000}, {"Evangelist", 5000}, {"Rockstar", 15000}};
  settings.badges = {{"First referral", "referral_submitted", 1},
                     {"First customer", "referral_won", 1},
                     {"Five referrals", "referral_submitted", 5},
                     {"Survey answered", "nps_answered", 1},
                     {"10,000 points", std::string(kLifetimeBadge), 10000}};
  return settings;
}

Status ApplyPointsSettings(PointsSettings& settings, const PointsSettingsInput& input, Timestamp now,
                           std::string actor_id) {
  std::vector<FieldError> errors;
  CheckActionPoints(errors, "referral_submitted", input.referral_submitted);
  CheckActionPoints(errors, "referral_qualified", input.referral_qualified);
  CheckActionPoints(errors, "referral_won", input.referral_won);
  CheckActionPoints(errors, "nps_answered", input.nps_answered);
  if (input.expire_after_days && (*input.expire_after_days < 0 || *input.expire_after_days > kMaxPointsExpiryDays)) {
    errors.push_back({"expire_after_days", "must be a whole number of days from 0 (never) to 3650"});
  }
  if (input.levels) CheckLevels(errors, *input.levels);
  if (input.badges) CheckBadges(errors, *input.badges);
  if (input.board_groups) CheckBoardGroups(errors, *input.board_groups);
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  if (input.enabled) settings.enabled = *input.enabled;
  if (input.referral_submitted) settings.referral_submitted = *input.referral_submitted;
  if (input.referral_qualified) settings.referral_qualified = *input.referral_qualified;
  if (input.referral_won) settings.referral_won = *input.referral_won;
  if (input.nps_answered) settings.nps_answered = *input.nps_answered;
  if (input.expire_after_days && *input.expire_after_days != settings.expire_after_days) {
    settings.expiry_rules.push_back({now, *input.expire_after_days});
    CurrentExpiry(settings);
  }
  if (input.levels) settings.levels = *input.levels;
  if (input.badges) settings.badges = *input.badges;
  if (input.board_groups) {
    settings.board_groups.clear();
    for (const auto& group : *input.board_groups) settings.board_groups.push_back(NormalizeTag(group));
  }
  settings.updated_at = now;
  settings.updated_by = std::move(actor_id);
  return Ok();
}

void CurrentExpiry(PointsSettings& settings) {
  settings.expire_after_days = 0;
  settings.expiry_from.reset();
  for (const auto& rule : settings.expiry_rules) {
    if (rule.days == 0) {
      settings.expiry_from.reset();
    } else if (!settings.expiry_from) {
      settings.expiry_from = rule.from;
    }
    settings.expire_after_days = rule.days;
  }
}

std::optional<Timestamp> ExpiryOf(Timestamp earned_at, const std::vector<ExpiryRule>& rules) {
  std::optional<Timestamp> expires;
  for (const auto& rule : rules) {
    if (rule.from <= earned_at) {  // the rule in force when it was earned (the last such wins)
      expires.reset();
      if (rule.days > 0) expires = earned_at + std::chrono::days(rule.days);
      continue;
    }
    if (expires && *expires <= rule.from) break;  // expired before this change
    if (rule.days == 0) {
      expires.reset();  // turned off: it no longer expires
    } else if (!expires) {
      expires = rule.from + std::chrono::days(rule.days);  // turned on: its days count from now
    }
  }
  return expires;
}

std::int64_t PointsFor(const PointsSettings& settings, PointsReason reason) {
  if (!settings.enabled) return 0;
  switch (reason) {
    case PointsReason::kReferralSubmitted: return settings.referral_submitted;
    case PointsReason::kReferralQualified: return settings.referral_qualified;
    case PointsReason::kReferralWon: return settings.referral_won;
    case PointsReason::kNpsAnswered: return settings.nps_answered;
    case PointsReason::kChallenge:
    case PointsReason::kReversal:
    case PointsReason::kAdjustment:
    case PointsReason::kRedemption:
    case PointsReason::kRedemptionRefund: return 0;
  }
  return 0;
}

LevelStanding LevelOf(std::int64_t lifetime, const std::vector<PointsLevel>& levels) {
  LevelStanding standing;
  std::size_t reached = 0;
  while (reached < levels.size() && lifetime >= levels[reached].min_points) ++reached;
  if (reached > 0) {
    standing.name = levels[reached - 1].name;
    standing.rank = static_cast<std::int64_t>(reached);
  }
  if (reached < levels.size()) {
    const PointsLevel& next = levels[reached];
    standing.next = next;
    standing.points_to_next = next.min_points - lifetime;
    std::int64_t base = reached > 0 ? levels[reached - 1].min_points : std::min<std::int64_t>(lifetime, 0);
    Int128 span = static_cast<Int128>(next.min_points) - base;
    Int128 done = static_cast<Int128>(lifetime) - base;
    standing.progress_bp = span > 0 ? static_cast<std::int64_t>(done * 10'000 / span) : 0;
  }
  return standing;
}

std::vector<BadgeProgress> BadgesOf(const std::vector<PointsEntry>& entries, const PointsSettings& settings) {
  std::set<std::string> reversed;
  for (const auto& entry : entries) {
    if (entry.reason == PointsReason::kReversal) reversed.insert(entry.reverses);
  }
  std::vector<const PointsEntry*> by_earning;
  for (const auto& entry : entries) by_earning.push_back(&entry);
  std::stable_sort(by_earning.begin(), by_earning.end(), [](const PointsEntry* a, const PointsEntry* b) {
    return std::tie(a->earned_at, a->id) < std::tie(b->earned_at, b->id);
  });

  std::vector<BadgeProgress> out;
  for (const auto& badge : settings.badges) {
    BadgeProgress progress{badge.name, badge.action, badge.count, 0, std::nullopt};
    if (badge.action == kLifetimeBadge) {
      Int128 lifetime = 0;
      for (const PointsEntry* entry : by_earning) {
        // A reversal and the entry it undoes cancel out wherever they fall.
        if (!MovesLifetime(entry->balance) || entry->reason == PointsReason::kReversal ||
            reversed.contains(entry->id)) {
          continue;
        }
        lifetime += entry->delta;
        if (!progress.earned_at && lifetime >= badge.count) progress.earned_at = entry->earned_at;
      }
      // Progress is where the total stands now; a badge once earned stays earned.
      progress.progress = static_cast<std::int64_t>(std::clamp<Int128>(lifetime, 0, badge.count));
      if (progress.earned_at) progress.progress = badge.count;
    } else {
      for (const PointsEntry* entry : by_earning) {
        if (ToString(entry->reason) != badge.action || entry->delta <= 0 || reversed.contains(entry->id)) continue;
        if (++progress.progress == badge.count) progress.earned_at = entry->earned_at;
        if (progress.progress >= badge.count) break;
      }
    }
    out.push_back(std::move(progress));
  }
  return out;
}

std::string PointsEntryInWords(const PointsEntry& entry, const ProgramLanguage& words) {
  switch (entry.reason) {
    case PointsReason::kReferralSubmitted: return Say(words, "points.referral_submitted");
    case PointsReason::kReferralQualified: return Say(words, "points.referral_qualified");
    case PointsReason::kReferralWon: return Say(words, "points.referral_won");
    case PointsReason::kNpsAnswered: return Say(words, "points.nps_answered");
    case PointsReason::kChallenge: return Say(words, "points.challenge", {{"note", entry.note}});
    case PointsReason::kReversal: return Say(words, "points.reversal");
    case PointsReason::kAdjustment:
      return Say(words, entry.delta > 0 ? "points.added" : "points.taken_off") +
             (entry.note.empty() ? "" : ": " + entry.note);
    case PointsReason::kRedemption: return Say(words, "points.redemption", {{"item", entry.note}});
    case PointsReason::kRedemptionRefund: return Say(words, "points.redemption_refund", {{"item", entry.note}});
  }
  return "Points";
}

}  // namespace bb::domain

#include "service/ledger_verifier.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "common/checked_math.h"
#include "domain/credit_split.h"
#include "domain/money_text.h"
#include "domain/redemption_reward.h"
#include "domain/referral_import.h"
#include "domain/reward_correction.h"
#include "domain/reward_evaluation.h"
#include "service/credit_recorder.h"
#include "service/reward_engine.h"

namespace bb::service {

namespace {

constexpr int kPage = 1000;

// A ledger entry's uniqueness key: rule, referral, beneficiary, trigger, and the correction that
// made it (0 for a grant).
using RewardKey = std::tuple<std::string, std::string, domain::Beneficiary, std::string, std::int64_t>;

RewardKey KeyOf(const domain::Reward& reward) {
  return {reward.rule_id, reward.referral_id, reward.beneficiary, reward.trigger_key, reward.correction};
}

std::string Describe(const RewardKey& key) {
  std::string what = std::get<4>(key) == 0 ? "reward" : "correction " + std::to_string(std::get<4>(key)) + " entry";
  return what + " of rule " + std::get<0>(key) + " for referral " + std::get<1>(key) + " (" +
         std::string(domain::ToString(std::get<2>(key))) + ", " + std::get<3>(key) + ")";
}

// Whether a reward may go from `from` to `to` in one recorded change.
bool AllowedChange(domain::RewardStatus from, domain::RewardStatus to) {
  using S = domain::RewardStatus;
  if (to == S::kReversed) return from != S::kReversed;
  return (from == S::kPending && to == S::kApproved) || (from == S::kApproved && to == S::kFulfilled);
}

// The replay of one referral.
struct ReplayState {
  domain::Referral referral;  // as stored, with stage, review status and deal value as the replay has them
  std::vector<domain::ReferralEvent> history;
};

// A stored ledger entry with its status changes, oldest first.
struct StoredEntry {
  domain::Reward reward;
  std::vector<domain::RewardEvent> changes;
};

// `entry` as it stood when correction `correction` ran at `at`: the status of its last change at or
// before then, other than those the correction itself made (`otherwise` when it had none), and
// whether a correction had superseded it.
void AsItStood(const StoredEntry& entry, Timestamp at, std::int64_t correction, domain::RewardStatus otherwise,
               domain::Reward& out) {
  out.status = otherwise;
  out.superseded_by = 0;
  for (const auto& change : entry.changes) {
    if (change.at > at || change.correction == correction) continue;
    out.status = change.status;
    out.superseded_by = change.status == domain::RewardStatus::kReversed ? change.correction : 0;
  }
}

// Checks the entries paying catalogue redemptions against the redemptions (`paying`: those of the
// program whose item pays a reward, by id): one entry each, the advocate's, of the amount and kind
// the redemption recorded in the program's `currency`, in the status its decisions call for (paid
// under the redemption's reference, never superseded), with a status history that starts pending
// or approved and moves only as the ledger allows.
void VerifyRedemptionEntries(const std::vector<StoredEntry>& entries,
                             const std::map<std::string, domain::Redemption>& paying, std::string_view currency,
                             const std::function<void(std::string)>& differ) {
  std::set<std::string> paid;
  for (const StoredEntry& entry : entries) {
    const domain::Reward& reward = entry.reward;
    auto found = paying.find(reward.redemption_id);
    if (found == paying.end()) {
      differ("reward " + reward.id + " pays for redemption " + reward.redemption_id +
             ", which does not exist or pays no reward");
      continue;
    }
    const domain::Redemption& redemption = found->second;
    if (!paid.insert(redemption.id).second || redemption.reward_id != reward.id) {
      differ("redemption " + redemption.id + " is paid by reward " + redemption.reward_id + ", not by " + reward.id);
    }
    if (reward.advocate_id != redemption.advocate_id || reward.beneficiary != domain::Beneficiary::kAdvocate ||
        reward.amount_minor != redemption.reward->amount_minor || reward.currency != redemption.reward->currency ||
        reward.kind != redemption.reward->kind || !reward.referral_id.empty() || !reward.rule_id.empty()) {
      differ("reward " + reward.id + " differs from what redemption " + redemption.id +
             " pays (advocate, amount, currency or kind), or names a referral or rule");
    }
    if (reward.currency != currency) {
      differ("reward " + reward.id + " is in " + reward.currency + ", the program's currency is " +
             std::string(currency));
    }
    if (reward.superseded_by != 0 ||
        (reward.status == domain::RewardStatus::kFulfilled && reward.payout_reference != redemption.reference)) {
      differ("reward " + reward.id + " was paid or superseded otherwise than redemption " + redemption.id + " says");
    }
    domain::RewardStatus want = domain::RewardStatusFor(redemption.status);
    if (reward.status != want) {
      differ("reward " + reward.id + " is " + std::string(domain::ToString(reward.status)) + " though its redemption " +
             redemption.id + " is " + std::string(domain::ToString(redemption.status)));
    }
    const auto& changes = entry.changes;
    if (changes.empty() || (changes.front().status != domain::RewardStatus::kPending &&
                            changes.front().status != domain::RewardStatus::kApproved)) {
      differ("reward " + reward.id + " does not start its status history as pending or approved");
      continue;
    }
    for (std::size_t i = 1; i < changes.size(); ++i) {
      if (!AllowedChange(changes[i - 1].status, changes[i].status) || changes[i].correction != 0) {
        differ("reward " + reward.id + " went from " + std::string(domain::ToString(changes[i - 1].status)) + " to " +
               std::string(domain::ToString(changes[i].status)));
      }
    }
    if (changes.back().status != reward.status) {
      differ("reward " + reward.id + " is " + std::string(domain::ToString(reward.status)) +
             " but its status history ends " + std::string(domain::ToString(changes.back().status)));
    }
  }
  for (const auto& [id, redemption] : paying) {
    if (!paid.contains(id)) {
      differ("redemption " + id + " pays " +
             domain::FormatMoney(redemption.reward->amount_minor, redemption.reward->currency) +
             " but its reward entry is missing");
    }
  }
}

// When each referral's win counted and what it reached, by referral.
using Wins = std::map<std::string, std::pair<store::WinCount, std::vector<domain::ReferralStage>>>;

// Checks the credits recorded at wins (domain/credit_split.h): each is for a referral whose win
// counted in the replay, recorded at that instant; a split names distinct advocates with shares
// of 0 or more adding up to exactly 10,000 basis points, the won referral's advocate among them;
// a join names an earlier split of the same deal key, or one that counted it as a referral of its
// CRM deal; such a referral joins, never splits again (a deal pays once).
void VerifyCredits(const std::vector<domain::ReferralCredit>& credits, const Wins& wins,
                   const std::map<std::string, domain::Referral>& referrals,
                   const std::function<void(std::string)>& differ) {
  std::map<std::string, const domain::ReferralCredit*> by_id;
  // The CRM deals' splits that counted each referral as one of the deal's (CountedAsSameDeal).
  std::map<std::string, std::vector<const domain::ReferralCredit*>> counted_by;
  for (const auto& credit : credits) {
    by_id[credit.id] = &credit;
    for (const auto& touch : credit.touches) {
      if (CountedAsSameDeal(credit, touch.referral_id)) counted_by[touch.referral_id].push_back(&credit);
    }
  }
  for (const auto& credit : credits) {
    auto win = wins.find(credit.referral_id);
    auto referral = referrals.find(credit.referral_id);
    if (win == wins.end() || referral == referrals.end()) {
      differ("credit " + credit.id + " is recorded for referral " + credit.referral_id + ", whose win never counted");
      continue;
    }
    if (win->second.first.at != credit.at) {
      differ("credit " + credit.id + " is recorded at another instant than referral " + credit.referral_id +
             "'s win counted");
    }
    if (!credit.joined.empty()) {
      auto split = by_id.find(credit.joined);
      if (split == by_id.end() || !split->second->joined.empty() || split->second->at > credit.at ||
          (split->second->deal_key != credit.deal_key && !CountedAsSameDeal(*split->second, credit.referral_id))) {
        differ("credit " + credit.id + " joins " + credit.joined + ", which is not an earlier split of deal " +
               credit.deal_key + " nor one that credited its referral");
      }
      continue;
    }
    for (const domain::ReferralCredit* earlier : counted_by[credit.referral_id]) {
      if (earlier->at <= credit.at) {
        differ("referral " + credit.referral_id + " was credited as a touch of deal " + earlier->deal_key +
               " (credit " + earlier->id + ") and split again at its own win (credit " + credit.id + ")");
      }
    }
    Int128 total = 0;
    std::set<std::string> advocates;
    bool named_own = false;
    bool well_formed = credit.split != domain::CreditSplit::kNone && !credit.shares.empty();
    for (const auto& share : credit.shares) {
      total += share.share_bp;
      well_formed = well_formed && share.share_bp >= 0 && advocates.insert(share.advocate_id).second;
      named_own = named_own || share.advocate_id == referral->second.advocate_id;
    }
    if (!well_formed || !named_own || total != domain::kFullShareBp) {
      differ("credit " + credit.id + " of referral " + credit.referral_id +
             " does not split 10000 basis points among distinct advocates including the referral's own");
    }
  }
}

}  // namespace

Result<LedgerReport> LedgerVerifier::Verify() {
  LedgerReport report;
  std::string before;
  while (true) {
    std::vector<domain::Program> programs;
    BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
      BB_ASSIGN_OR_RETURN(programs, q.ListPrograms({std::nullopt, before, kPage}));
      return Ok();
    }));
    for (const auto& program : programs) {
      BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) { return VerifyProgram(q, program, report); }));
      ++report.programs;
    }
    if (static_cast<int>(programs.size()) < kPage) break;
    before = programs.back().id;
  }
  return report;
}

Status LedgerVerifier::VerifyProgram(store::Queries& q, const domain::Program& program, LedgerReport& report) {
  auto differ = [&](std::string text) { report.differences.push_back("program " + program.id + ": " + text); };
  BB_ASSIGN_OR_RETURN(auto rules, q.ListRewardRules(program.id));
  std::map<std::string, const domain::RewardRule*> rules_by_id;
  for (const auto& rule : rules) rules_by_id[rule.id] = &rule;

  // Every referral, and which of them a manager cleared (they started under review).
  std::map<std::string, ReplayState> referrals;
  store::ReferralQuery query;
  query.program_id = program.id;
  query.limit = kPage;
  while (true) {
    BB_ASSIGN_OR_RETURN(auto page, q.ListReferrals(query));
    if (static_cast<int>(page.size()) == kPage) query.before_id = page.back().id;
    for (auto& referral : page) referrals[referral.id].referral = std::move(referral);
    if (static_cast<int>(page.size()) < kPage) break;
  }
  report.referrals += static_cast<std::int64_t>(referrals.size());
  // The replay starts from each referral as submitted: no deal value yet.
  std::map<std::string, domain::Referral> final_state;
  for (auto& [id, state] : referrals) {
    final_state[id] = state.referral;
    state.referral.deal_value_minor.reset();
  }

  // The ledger as stored, with every status change.
  std::map<RewardKey, StoredEntry> stored;
  std::vector<RewardKey> stored_order;
  std::vector<StoredEntry> redemption_entries;  // keyed by their redemption, checked apart
  store::RewardQuery rewards_query;
  rewards_query.program_id = program.id;
  rewards_query.limit = kPage;
  while (true) {
    BB_ASSIGN_OR_RETURN(auto page, q.ListRewards(rewards_query));
    if (!page.empty()) rewards_query.before_id = page.back().id;
    for (auto& reward : page) {
      ++report.rewards_found;
      RewardKey key = KeyOf(reward);
      BB_ASSIGN_OR_RETURN(auto changes, q.ListRewardEvents(reward.id));
      if (reward.entry == domain::RewardEntry::kRedemption) {
        redemption_entries.push_back({std::move(reward), std::move(changes)});
        continue;
      }
      if (stored.contains(key)) {
        differ("the " + Describe(key) + " exists more than once");
        continue;
      }
      stored_order.push_back(key);
      stored.emplace(key, StoredEntry{std::move(reward), std::move(changes)});
    }
    if (static_cast<int>(page.size()) < kPage) break;
  }

  std::vector<store::SequencedReferralEvent> events;
  for (std::int64_t after = 0;;) {
    BB_ASSIGN_OR_RETURN(auto page, q.ListProgramReferralEvents(program.id, after, kPage * 5));
    if (page.empty()) break;
    after = page.back().sequence;
    for (auto& event : page) events.push_back(std::move(event));
  }
  report.history_entries += static_cast<std::int64_t>(events.size());
  std::set<std::string> cleared;
  for (const auto& entry : events) {
    if (entry.event.kind == domain::ReferralEventKind::kReviewCleared) cleared.insert(entry.event.referral_id);
  }

  // The credits recorded at wins (domain/credit_split.h), by won referral: the replay pays by them.
  BB_ASSIGN_OR_RETURN(auto credit_list, q.ListReferralCredits(program.id));
  std::map<std::string, const domain::ReferralCredit*> credits;
  for (const auto& credit : credit_list) credits[credit.referral_id] = &credit;
  // The referral's committee as recorded by `at`, read only when one of `rules` has a committee
  // condition (RewardEngine reads it the same way).
  auto committee_of = [&](const std::vector<domain::RewardRule>& rules_read, const domain::Referral& referral,
                          Timestamp at) -> Result<std::optional<domain::BuyingCommittee>> {
    if (!domain::AnyCommitteeCondition(rules_read)) return std::optional<domain::BuyingCommittee>();
    return q.FindCommittee(referral.id, at);
  };
  // The referrals rejected so far in the replay: the shares their touches backed are taken back.
  std::set<std::string> rejected;
  // The credit of `referral`'s win as it stands at this point of the replay (CreditRecorder::Recorded).
  std::optional<domain::ReferralCredit> marked;
  auto credit_of = [&](const domain::Referral& referral) -> const domain::ReferralCredit* {
    auto found = credits.find(referral.id);
    if (found == credits.end()) return nullptr;
    marked = *found->second;
    domain::MarkTakenBack(*marked, referral.advocate_id,
                          [&](const std::string& referral_id) { return rejected.contains(referral_id); });
    return &*marked;
  };

  // The replay: every entry the rules (and the corrections) give, with the id of the stored entry of
  // the same key (or a made-up one when it is missing), and the reversals each correction makes.
  std::map<RewardKey, domain::Reward> expected;
  std::map<std::pair<std::string, std::string>, std::vector<const domain::Reward*>> grants_by_rule_and_advocate;
  std::map<std::string, std::int64_t> won_clear;         // per advocate
  std::map<std::string, std::int64_t> corrections_seen;  // per referral
  // Per referral, when its win counted and what that move (or clearing) reached.
  Wins wins;
  std::set<std::string> churned;  // referrals whose customer churned: nothing new is granted since
  std::set<std::pair<std::string, std::int64_t>> expected_reversals;  // (stored reward id, correction)
  auto id_for = [&](const RewardKey& key) {
    auto found = stored.find(key);
    return found != stored.end() ? found->second.reward.id : "missing:" + Describe(key);
  };
  // What the evaluation knows of the ledger so far: the grants the replay has made.
  auto lookups = [&]() {
    return domain::LedgerLookups{
        [&](const domain::RewardRule&, const domain::Reward& candidate) -> Result<bool> {
          return expected.contains(KeyOf(candidate));
        },
        [&](const domain::RewardRule& rule, std::string_view advocate,
            const domain::PeriodBounds& period) -> Result<domain::CapUsage> {
          domain::CapUsage usage;
          for (const domain::Reward* reward : grants_by_rule_and_advocate[{rule.id, std::string(advocate)}]) {
            if (reward->created_at >= period.start && reward->created_at < period.end) {
              ++usage.count;
              usage.total_minor += reward->amount_minor;
            }
          }
          return usage;
        }};
  };
  auto add_grant = [&](domain::Reward grant) {
    RewardKey key = KeyOf(grant);
    grant.id = id_for(key);
    auto [added, inserted] = expected.emplace(key, std::move(grant));
    if (inserted) {
      grants_by_rule_and_advocate[{added->second.rule_id, added->second.advocate_id}].push_back(&added->second);
    }
  };
  for (const auto& entry : events) {
    const domain::ReferralEvent& event = entry.event;
    auto found = referrals.find(event.referral_id);
    if (found == referrals.end()) {
      differ("history entry " + event.id + " names referral " + event.referral_id + ", which does not exist");
      continue;
    }
    ReplayState& state = found->second;
    domain::Referral& referral = state.referral;
    state.history.push_back(event);
    if (event.deal_value_minor) referral.deal_value_minor = event.deal_value_minor;
    std::vector<domain::ReferralStage> reached;
    switch (event.kind) {
      case domain::ReferralEventKind::kSubmitted:
        if (cleared.contains(referral.id)) referral.review_status = domain::ReviewStatus::kHeld;
        reached = event.reached;
        break;
      case domain::ReferralEventKind::kStageMoved:
        if (event.to_stage == domain::ReferralStage::kRejected) rejected.insert(referral.id);
        // Stages a CSV import reached earn nothing, even reached again (domain/referral_import.h).
        reached = domain::RewardableStages(event.reached, state.history);
        if (referral.review_status == domain::ReviewStatus::kClear &&
            std::find(reached.begin(), reached.end(), domain::ReferralStage::kWon) != reached.end()) {
          wins[referral.id] = {{++won_clear[referral.advocate_id], event.at, event.id}, reached};
        }
        break;
      case domain::ReferralEventKind::kReviewCleared:
        referral.review_status = domain::ReviewStatus::kClear;
        reached = StagesReached(state.history);
        if (std::find(reached.begin(), reached.end(), domain::ReferralStage::kWon) != reached.end()) {
          wins[referral.id] = {{++won_clear[referral.advocate_id], event.at, event.id}, reached};
        }
        if (churned.contains(referral.id)) reached.clear();
        break;
      case domain::ReferralEventKind::kCustomerChurned: churned.insert(referral.id); break;
      case domain::ReferralEventKind::kReviewRejected: rejected.insert(referral.id); break;
      case domain::ReferralEventKind::kDealValueCorrected: {
        std::int64_t number = ++corrections_seen[referral.id];
        // The referral's entries as they stood when the correction ran.
        std::vector<domain::Reward> entries;
        for (const auto& [key, reward] : expected) {
          if (reward.referral_id != referral.id) continue;
          domain::Reward as_then = reward;
          auto kept = stored.find(key);
          if (kept != stored.end()) AsItStood(kept->second, event.at, number, reward.status, as_then);
          entries.push_back(std::move(as_then));
        }
        auto win = wins.find(referral.id);
        Timestamp won_at = win != wins.end() ? win->second.first.at : event.at;
        domain::CorrectionPlan plan = domain::PlanDealValueCorrection(rules_by_id, referral, entries, number, event.at,
                                                                      won_at, "", credit_of(referral));
        for (const auto& reversed : plan.reverse) expected_reversals.emplace(reversed, number);
        for (auto& created : plan.create) {
          RewardKey key = KeyOf(created);
          created.id = id_for(key);
          expected.emplace(key, std::move(created));
        }
        if (win == wins.end() || referral.review_status != domain::ReviewStatus::kClear ||
            churned.contains(referral.id)) {
          break;
        }
        // Percentage rules that gave nothing at the win for want of a usable deal value give it
        // now (RewardEngine::GrantAtCorrectedValue): evaluated as of the win, written now.
        std::vector<domain::RewardRule> percentage_rules;
        std::copy_if(rules.begin(), rules.end(), std::back_inserter(percentage_rules),
                     [](const domain::RewardRule& rule) { return rule.amount.percent_bp.has_value(); });
        domain::EvaluationInput as_of_win{&referral, win->second.second, win->second.first.rank, win->second.first.at,
                                          program.currency};
        as_of_win.credit = credit_of(referral);
        BB_ASSIGN_OR_RETURN(auto committee_at_win, committee_of(percentage_rules, referral, win->second.first.at));
        if (committee_at_win) as_of_win.committee = &*committee_at_win;
        BB_ASSIGN_OR_RETURN(auto late, domain::EvaluateRewards(percentage_rules, as_of_win, lookups()));
        for (auto& outcome : late) {
          if (outcome.reward) add_grant(std::move(*outcome.reward));  // dated as of the win
        }
        break;
      }
      default: break;
    }
    if (reached.empty()) continue;
    domain::EvaluationInput input{&referral, reached, won_clear[referral.advocate_id], event.at, program.currency};
    if (std::find(reached.begin(), reached.end(), domain::ReferralStage::kWon) != reached.end()) {
      input.credit = credit_of(referral);
    }
    BB_ASSIGN_OR_RETURN(auto committee, committee_of(rules, referral, event.at));
    if (committee) input.committee = &*committee;
    BB_ASSIGN_OR_RETURN(auto outcomes, domain::EvaluateRewards(rules, input, lookups()));
    for (auto& outcome : outcomes) {
      if (outcome.reward) add_grant(std::move(*outcome.reward));
    }
  }
  // Each referral's deal value as stored is the one its history ends with.
  for (const auto& [id, state] : referrals) {
    const auto& stored_value = final_state.at(id).deal_value_minor;
    if (stored_value != state.referral.deal_value_minor) {
      auto said = [](const std::optional<std::int64_t>& value) { return value ? std::to_string(*value) : "none"; };
      differ("referral " + id + " has a deal value of " + said(stored_value) + ", its history says " +
             said(state.referral.deal_value_minor));
    }
  }
  VerifyCredits(credit_list, wins, final_state, differ);
  report.rewards_expected += static_cast<std::int64_t>(expected.size());

  // The ledger as stored against the replay.
  for (const RewardKey& key : stored_order) {
    const StoredEntry& entry = stored.at(key);
    const domain::Reward& reward = entry.reward;
    auto want = expected.find(key);
    if (want == expected.end()) {
      differ("reward " + reward.id + " is not earned by any history: " + Describe(key));
    } else {
      const domain::Reward& w = want->second;
      if (w.amount_minor != reward.amount_minor) {
        differ("reward " + reward.id + " is " + std::to_string(reward.amount_minor) + ", the rules give " +
               std::to_string(w.amount_minor));
      }
      if (w.advocate_id != reward.advocate_id || w.kind != reward.kind || w.created_at != reward.created_at ||
          w.entry != reward.entry || w.corrects != reward.corrects) {
        differ("reward " + reward.id + " differs from the recomputed one in advocate, kind, time or what it corrects");
      }
    }
    bool negative_allowed = reward.entry == domain::RewardEntry::kAdjustment;
    if (reward.amount_minor < 0 && !negative_allowed) {
      differ("reward " + reward.id + " has a negative amount, " + std::to_string(reward.amount_minor));
    }
    auto referral = final_state.find(reward.referral_id);
    if (referral != final_state.end()) {
      const std::string& currency =
          referral->second.deal_currency.empty() ? program.currency : referral->second.deal_currency;
      if (reward.currency != currency) {
        differ("reward " + reward.id + " is in " + reward.currency + ", its referral's deal in " + currency);
      }
      if (referral->second.stage == domain::ReferralStage::kRejected &&
          (reward.status == domain::RewardStatus::kPending || reward.status == domain::RewardStatus::kApproved)) {
        differ("reward " + reward.id + " is still " + std::string(domain::ToString(reward.status)) +
               " though its referral was rejected");
      }
    }

    const auto& changes = entry.changes;
    domain::RewardStatus first = domain::RewardStatus::kPending;
    if (want != expected.end()) {
      first = want->second.status;
    } else if (auto rule = rules_by_id.find(reward.rule_id);
               rule != rules_by_id.end() && !rule->second->requires_approval) {
      first = domain::RewardStatus::kApproved;
    }
    if (changes.empty() || changes.front().status != first) {
      differ("reward " + reward.id + " does not start its status history as " + std::string(domain::ToString(first)));
      continue;
    }
    for (std::size_t i = 1; i < changes.size(); ++i) {
      if (!AllowedChange(changes[i - 1].status, changes[i].status)) {
        differ("reward " + reward.id + " went from " + std::string(domain::ToString(changes[i - 1].status)) + " to " +
               std::string(domain::ToString(changes[i].status)));
      }
      if (changes[i].correction != 0) {
        if (changes[i].status != domain::RewardStatus::kReversed ||
            !expected_reversals.erase({reward.id, changes[i].correction})) {
          differ("reward " + reward.id + " was changed by correction " + std::to_string(changes[i].correction) +
                 ", which the rules do not call for");
        }
      }
    }
    if (changes.back().status != reward.status) {
      differ("reward " + reward.id + " is " + std::string(domain::ToString(reward.status)) +
             " but its status history ends " + std::string(domain::ToString(changes.back().status)));
    }
    std::int64_t superseded_by =
        changes.back().status == domain::RewardStatus::kReversed && changes.size() > 1 ? changes.back().correction : 0;
    if (reward.superseded_by != superseded_by) {
      differ("reward " + reward.id + " says correction " + std::to_string(reward.superseded_by) +
             " superseded it, its status history says " + std::to_string(superseded_by));
    }
  }
  // A share whose touches were all rejected is taken back.
  for (const auto& credit : credit_list) {
    auto won = final_state.find(credit.referral_id);
    if (won == final_state.end()) continue;
    domain::ReferralCredit now = credit;
    domain::MarkTakenBack(now, won->second.advocate_id, [&](const std::string& referral_id) {
      auto touch = final_state.find(referral_id);
      return touch != final_state.end() && touch->second.stage == domain::ReferralStage::kRejected;
    });
    for (const auto& share : now.shares) {
      if (!share.taken_back) continue;
      for (const RewardKey& key : stored_order) {
        const domain::Reward& reward = stored.at(key).reward;
        if (reward.referral_id == credit.referral_id && reward.advocate_id == share.advocate_id &&
            reward.trigger_key.ends_with("@" + share.advocate_id) &&
            (reward.status == domain::RewardStatus::kPending || reward.status == domain::RewardStatus::kApproved)) {
          differ("reward " + reward.id + " is still " + std::string(domain::ToString(reward.status)) +
                 " though every referral whose touch earned it was rejected");
        }
      }
    }
  }
  for (const auto& [id, correction] : expected_reversals) {
    differ("correction " + std::to_string(correction) + " should have reversed reward " + id + ", and did not");
  }
  for (const auto& [key, reward] : expected) {
    if (!stored.contains(key)) {
      differ("the " + Describe(key) + " of " + std::to_string(reward.amount_minor) + " is missing");
    }
  }

  std::map<std::string, domain::Redemption> paying;
  store::RedemptionQuery redemptions_query;
  redemptions_query.program_id = program.id;
  redemptions_query.limit = kPage;
  while (true) {
    BB_ASSIGN_OR_RETURN(auto page, q.ListRedemptions(redemptions_query));
    if (!page.empty()) redemptions_query.before_id = page.back().id;
    for (auto& redemption : page) {
      if (redemption.reward) paying.emplace(redemption.id, std::move(redemption));
    }
    if (static_cast<int>(page.size()) < kPage) break;
  }
  report.rewards_expected += static_cast<std::int64_t>(paying.size());
  VerifyRedemptionEntries(redemption_entries, paying, program.currency, differ);
  return Ok();
}

}  // namespace bb::service

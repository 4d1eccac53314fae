// SqlTx: reward rules and the reward ledger.

#include <algorithm>
#include <string>

#include "store/sql/json_columns.h"
#include "store/sql/query_helpers.h"
#include "store/sql/referral_summary.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

using domain::Reward;
using domain::RewardEvent;
using domain::RewardRule;

constexpr std::string_view kRuleColumns =
    "id, program_id, name, trigger_stage, trigger_nth_won, beneficiary, fixed_minor, percent_bp, min_minor, "
    "max_minor, kind, requires_approval, conditions, cap_period, cap_max_count, cap_max_minor, promo_multiplier_bp, "
    "promo_starts_at, promo_ends_at, created_at, retired_at";

RewardRule ReadRule(const Statement& s) {
  RewardRule r;
  r.id = s.Text(0);
  r.program_id = s.Text(1);
  r.name = s.Text(2);
  if (!s.IsNull(3)) r.trigger.stage = domain::ParseReferralStage(s.Text(3));
  r.trigger.nth_won = OptionalInt(s, 4);
  r.beneficiary = domain::ParseBeneficiary(s.Text(5)).value_or(domain::Beneficiary::kAdvocate);
  r.amount.fixed_minor = OptionalInt(s, 6);
  r.amount.percent_bp = OptionalInt(s, 7);
  r.amount.min_minor = OptionalInt(s, 8);
  r.amount.max_minor = OptionalInt(s, 9);
  r.kind = domain::ParseRewardKind(s.Text(10)).value_or(domain::RewardKind::kCustom);
  r.requires_approval = s.Int(11) != 0;
  r.conditions = DecodeConditions(s.Text(12));
  if (!s.IsNull(13)) {
    r.cap = domain::RewardCap{domain::ParseCapPeriod(s.Text(13)).value_or(domain::CapPeriod::kMonth),
                              OptionalInt(s, 14), OptionalInt(s, 15)};
  }
  if (!s.IsNull(16)) r.promotion = domain::Promotion{s.Int(16), FromMicros(s.Int(17)), FromMicros(s.Int(18))};
  r.created_at = FromMicros(s.Int(19));
  if (!s.IsNull(20)) r.retired_at = FromMicros(s.Int(20));
  return r;
}

constexpr std::string_view kRewardColumns =
    "id, program_id, referral_id, advocate_id, rule_id, beneficiary, trigger_key, amount_minor, currency, kind, "
    "status, reason, payout_reference, reversal_reason, created_at, updated_at, entry, correction, corrects, "
    "superseded_by, redemption_id";

Reward ReadReward(const Statement& s) {
  Reward r;
  r.id = s.Text(0);
  r.program_id = s.Text(1);
  r.referral_id = s.IsNull(2) ? "" : s.Text(2);
  r.advocate_id = s.Text(3);
  r.rule_id = s.IsNull(4) ? "" : s.Text(4);
  r.beneficiary = domain::ParseBeneficiary(s.Text(5)).value_or(domain::Beneficiary::kAdvocate);
  r.trigger_key = s.Text(6);
  r.amount_minor = s.Int(7);
  r.currency = s.Text(8);
  r.kind = domain::ParseRewardKind(s.Text(9)).value_or(domain::RewardKind::kCustom);
  r.status = domain::ParseRewardStatus(s.Text(10)).value_or(domain::RewardStatus::kPending);
  r.reason = s.Text(11);
  r.payout_reference = s.Text(12);
  r.reversal_reason = s.Text(13);
  r.created_at = FromMicros(s.Int(14));
  r.updated_at = FromMicros(s.Int(15));
  r.entry = domain::ParseRewardEntry(s.Text(16)).value_or(domain::RewardEntry::kGrant);
  r.correction = s.Int(17);
  r.corrects = s.Text(18);
  r.superseded_by = s.Int(19);
  r.redemption_id = s.IsNull(20) ? "" : s.Text(20);
  return r;
}

constexpr std::string_view kRewardEventColumns = "id, reward_id, status, actor, note, at, correction";

RewardEvent ReadRewardEvent(const Statement& s) {
  RewardEvent e;
  e.id = s.Text(0);
  e.reward_id = s.Text(1);
  e.status = domain::ParseRewardStatus(s.Text(2)).value_or(domain::RewardStatus::kPending);
  e.actor = s.Text(3);
  e.note = s.Text(4);
  e.at = FromMicros(s.Int(5));
  e.correction = s.Int(6);
  return e;
}

// Runs `change` (a write to reward `reward` of its referral) and adds what it changed to the
// referral summaries. What the summaries see of the referral after it is worked out from before
// (`apply` changes the facts as the write changes the rows) rather than read again; read again only
// when `apply` cannot tell (returns false).
template <class Change, class Apply>
Status ChangingSummaries(Connection& db, const Reward& reward, Change change, Apply apply) {
  BB_ASSIGN_OR_RETURN(auto before, LoadReferralFacts(db, reward.referral_id));
  BB_RETURN_IF_ERROR(change());
  if (!before) return Ok();
  domain::ReferralFacts after = *before;
  if (!apply(after)) {
    BB_ASSIGN_OR_RETURN(auto read, LoadReferralFacts(db, reward.referral_id));
    if (!read) return Ok();
    after = std::move(*read);
  }
  return ApplyReferralChange(db, before, after);
}

}  // namespace

Result<std::optional<RewardRule>> SqlTx::FindRewardRule(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kRuleColumns, " FROM reward_rules WHERE id = ?");
  return QueryOne<RewardRule>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadRule);
}

Result<std::vector<RewardRule>> SqlTx::ListRewardRules(std::string_view program_id) {
  static const std::string sql = Sql("SELECT ", kRuleColumns, " FROM reward_rules WHERE program_id = ? ORDER BY id");
  return QueryAll<RewardRule>(
      db_, sql, [&](Statement& s) { s.Bind(program_id); }, ReadRule);
}

Result<std::optional<Reward>> SqlTx::FindReward(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kRewardColumns, " FROM rewards WHERE id = ?");
  return QueryOne<Reward>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadReward);
}

Result<std::optional<Reward>> SqlTx::FindRewardByKey(std::string_view rule_id, std::string_view referral_id,
                                                     domain::Beneficiary beneficiary, std::string_view trigger_key) {
  static const std::string sql =
      Sql("SELECT ", kRewardColumns,
          " FROM rewards WHERE rule_id = ? AND referral_id = ? AND beneficiary = ? AND trigger_key = ? AND "
          "correction = 0");
  return QueryOne<Reward>(
      db_, sql,
      [&](Statement& s) { s.Bind(rule_id).Bind(referral_id).Bind(domain::ToString(beneficiary)).Bind(trigger_key); },
      ReadReward);
}

Result<std::vector<Reward>> SqlTx::ListRewards(const RewardQuery& query) {
  Filters filters;
  filters.When("program_id = ?", query.program_id).When("advocate_id = ?", query.advocate_id);
  filters.When("referral_id = ?", query.referral_id);
  filters.When("beneficiary = ?", query.beneficiary ? domain::ToString(*query.beneficiary) : "");
  filters.When("status = ?", query.status ? domain::ToString(*query.status) : "");
  filters.When("entry = ?", query.entry ? domain::ToString(*query.entry) : "");
  filters.When("advocate_id IN (SELECT id FROM advocates WHERE enrolled_by = ?)", query.enrolled_by);
  filters.When("id < ?", query.before_id);
  return QueryAll<Reward>(
      db_, Sql("SELECT ", kRewardColumns, " FROM rewards", filters.Where(), " ORDER BY id DESC LIMIT ?"),
      [&](Statement& s) {
        filters.Bind(s);
        s.Bind(query.limit);
      },
      ReadReward);
}

Result<domain::CapUsage> SqlTx::GetRewardUsage(std::string_view rule_id, std::string_view advocate_id, Timestamp from,
                                               Timestamp before) {
  static const std::string sql = Sql("SELECT COUNT(*), ", ExactSum("amount_minor"),
                                     " FROM rewards WHERE rule_id = ? AND advocate_id = ? AND "
                                     "created_at >= ? AND created_at < ? AND correction = 0");
  BB_ASSIGN_OR_RETURN(auto usage, QueryOne<domain::CapUsage>(
                                      db_, sql,
                                      [&](Statement& s) {
                                        s.Bind(rule_id).Bind(advocate_id).Bind(ToMicros(from)).Bind(ToMicros(before));
                                      },
                                      [](const Statement& s) {
                                        return domain::CapUsage{s.Int(0), ReadExactSum(s, 1)};
                                      }));
  return usage.value_or(domain::CapUsage{});
}

Result<std::vector<domain::RewardBalance>> SqlTx::GetRewardBalances(std::string_view advocate_id) {
  static const std::string sql =
      Sql("SELECT currency, ", ExactSum("CASE WHEN status = 'pending' THEN amount_minor END"), ", ",
          ExactSum("CASE WHEN status = 'approved' THEN amount_minor END"), ", ",
          ExactSum("CASE WHEN status = 'fulfilled' THEN amount_minor END"), ", ",
          ExactSum("CASE WHEN status = 'reversed' AND superseded_by = 0 THEN amount_minor END"),
          " FROM rewards WHERE advocate_id = ? AND beneficiary = 'advocate' GROUP BY currency ORDER BY currency");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(advocate_id);
  std::vector<domain::RewardBalance> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    domain::RewardBalance balance{s.Text(0), 0, 0, 0, 0};
    std::string figure = "balances[" + balance.currency + "].";
    BB_ASSIGN_OR_RETURN(balance.pending_minor, Figure(ReadExactSum(s, 1), figure + "pending_minor"));
    BB_ASSIGN_OR_RETURN(balance.approved_minor, Figure(ReadExactSum(s, 3), figure + "approved_minor"));
    BB_ASSIGN_OR_RETURN(balance.fulfilled_minor, Figure(ReadExactSum(s, 5), figure + "fulfilled_minor"));
    BB_ASSIGN_OR_RETURN(balance.reversed_minor, Figure(ReadExactSum(s, 7), figure + "reversed_minor"));
    out.push_back(std::move(balance));
  }
  return out;
}

Result<std::vector<RewardEvent>> SqlTx::ListRewardEvents(std::string_view reward_id) {
  static const std::string sql =
      Sql("SELECT ", kRewardEventColumns, " FROM reward_events WHERE reward_id = ? ORDER BY rowid");
  return QueryAll<RewardEvent>(
      db_, sql, [&](Statement& s) { s.Bind(reward_id); }, ReadRewardEvent);
}

Status SqlTx::InsertRewardRule(const RewardRule& r) {
  static const std::string sql =
      Sql("INSERT INTO reward_rules (", kRuleColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.id).Bind(r.program_id).Bind(r.name).Bind(StageName(r.trigger.stage)).Bind(r.trigger.nth_won);
  s.Bind(domain::ToString(r.beneficiary)).Bind(r.amount.fixed_minor).Bind(r.amount.percent_bp);
  s.Bind(r.amount.min_minor).Bind(r.amount.max_minor).Bind(domain::ToString(r.kind)).Bind(r.requires_approval);
  s.Bind(EncodeConditions(r.conditions));
  if (r.cap) {
    s.Bind(domain::ToString(r.cap->period)).Bind(r.cap->max_count).Bind(r.cap->max_minor);
  } else {
    s.BindNull().BindNull().BindNull();
  }
  if (r.promotion) {
    s.Bind(r.promotion->multiplier_bp).Bind(ToMicros(r.promotion->starts_at)).Bind(ToMicros(r.promotion->ends_at));
  } else {
    s.BindNull().BindNull().BindNull();
  }
  s.Bind(ToMicros(r.created_at));
  if (r.retired_at) {
    s.Bind(ToMicros(*r.retired_at));
  } else {
    s.BindNull();
  }
  return RunUnique(s, "id");
}

Status SqlTx::RetireRewardRule(std::string_view id, Timestamp at) {
  static const std::string sql = "UPDATE reward_rules SET retired_at = ? WHERE id = ? AND retired_at IS NULL";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(at)).Bind(id);
  return s.Run();
}

Status SqlTx::InsertReward(const Reward& r) {
  static const std::string sql =
      Sql("INSERT INTO rewards (", kRewardColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  // A redemption's entry has no referral and no rule (NULL: the ledger's uniqueness key then holds
  // through redemption_id instead).
  auto bind_or_null = [&](const std::string& id) -> Statement& { return id.empty() ? s.BindNull() : s.Bind(id); };
  s.Bind(r.id).Bind(r.program_id);
  bind_or_null(r.referral_id).Bind(r.advocate_id);
  bind_or_null(r.rule_id);
  s.Bind(domain::ToString(r.beneficiary)).Bind(r.trigger_key).Bind(r.amount_minor).Bind(r.currency);
  s.Bind(domain::ToString(r.kind)).Bind(domain::ToString(r.status)).Bind(r.reason).Bind(r.payout_reference);
  s.Bind(r.reversal_reason).Bind(ToMicros(r.created_at)).Bind(ToMicros(r.updated_at));
  s.Bind(domain::ToString(r.entry)).Bind(r.correction).Bind(r.corrects).Bind(r.superseded_by);
  bind_or_null(r.redemption_id);
  return ChangingSummaries(
      db_, r, [&] { return RunUnique(s, "key"); },
      [&](domain::ReferralFacts& facts) {
        // A reissue or an adjustment counts at the date of the grant it restates.
        Timestamp granted_at = r.created_at;
        if (!r.corrects.empty()) {
          auto grant = std::ranges::find(facts.rewards, r.corrects, &domain::RewardFacts::id);
          if (grant == facts.rewards.end()) return false;
          granted_at = grant->granted_at;
        }
        facts.rewards.push_back({r.id, r.currency, r.amount_minor, r.status, granted_at});
        return true;
      });
}

Status SqlTx::UpdateReward(const Reward& r) {
  static const std::string sql =
      "UPDATE rewards SET status = ?, payout_reference = ?, reversal_reason = ?, updated_at = ?, superseded_by = ? "
      "WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(domain::ToString(r.status)).Bind(r.payout_reference).Bind(r.reversal_reason).Bind(ToMicros(r.updated_at));
  s.Bind(r.superseded_by).Bind(r.id);
  return ChangingSummaries(
      db_, r, [&] { return s.Run(); },
      [&](domain::ReferralFacts& facts) {
        auto found = std::ranges::find(facts.rewards, r.id, &domain::RewardFacts::id);
        if (found == facts.rewards.end()) return false;
        found->status = r.status;  // the only figure of a reward that changes
        return true;
      });
}

Status SqlTx::InsertRewardEvent(const RewardEvent& e) {
  static const std::string sql = Sql("INSERT INTO reward_events (", kRewardEventColumns, ") VALUES (?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(e.id).Bind(e.reward_id).Bind(domain::ToString(e.status)).Bind(e.actor).Bind(e.note).Bind(ToMicros(e.at));
  s.Bind(e.correction);
  return RunUnique(s, "id");
}

}  // namespace bb::store::sql

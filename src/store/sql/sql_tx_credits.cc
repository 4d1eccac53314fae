// SqlTx: split credit — programs' credit policies and the credit recorded at each win.

#include "store/sql/json_columns.h"
#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

constexpr std::string_view kCreditColumns = "id, program_id, referral_id, deal_key, joined, split, shares, at";

domain::ReferralCredit ReadCredit(const Statement& s) {
  domain::ReferralCredit c;
  c.id = s.Text(0);
  c.program_id = s.Text(1);
  c.referral_id = s.Text(2);
  c.deal_key = s.Text(3);
  c.joined = s.Text(4);
  c.split = domain::ParseCreditSplit(s.Text(5)).value_or(domain::CreditSplit::kNone);
  c.shares = DecodeCreditShares(s.Text(6));
  c.at = FromMicros(s.Int(7));
  return c;
}

}  // namespace

Status SqlTx::LoadTouches(std::vector<domain::ReferralCredit>& credits) {
  static const std::string sql =
      "SELECT referral_id, advocate_id, same_deal FROM referral_credit_touches WHERE credit_id = ? "
      "ORDER BY referral_id";
  for (auto& credit : credits) {
    if (!credit.joined.empty()) continue;
    BB_ASSIGN_OR_RETURN(credit.touches, QueryAll<domain::CountedTouch>(
                                            db_, sql, [&](Statement& s) { s.Bind(credit.id); },
                                            [](const Statement& s) {
                                              return domain::CountedTouch{s.Text(0), s.Text(1), s.Int(2) != 0};
                                            }));
  }
  return Ok();
}

Result<std::vector<domain::ReferralCredit>> SqlTx::WithTouches(Result<std::vector<domain::ReferralCredit>> credits) {
  if (!credits.ok()) return credits;
  BB_RETURN_IF_ERROR(LoadTouches(*credits));
  return credits;
}

Result<std::optional<domain::ReferralCredit>> SqlTx::WithTouches(Result<std::optional<domain::ReferralCredit>> credit) {
  if (!credit.ok() || !*credit) return credit;
  std::vector<domain::ReferralCredit> one{std::move(**credit)};
  BB_RETURN_IF_ERROR(LoadTouches(one));
  return std::optional<domain::ReferralCredit>{std::move(one.front())};
}

Result<std::optional<CreditPolicyRecord>> SqlTx::FindCreditPolicy(std::string_view program_id) {
  static const std::string sql =
      "SELECT program_id, policy, updated_at, updated_by FROM credit_policies WHERE program_id = ?";
  return QueryOne<CreditPolicyRecord>(
      db_, sql, [&](Statement& s) { s.Bind(program_id); },
      [](const Statement& s) {
        return CreditPolicyRecord{s.Text(0), DecodeCreditPolicy(s.Text(1)), FromMicros(s.Int(2)), s.Text(3)};
      });
}

Result<std::optional<domain::ReferralCredit>> SqlTx::FindReferralCredit(std::string_view referral_id) {
  static const std::string sql = Sql("SELECT ", kCreditColumns, " FROM referral_credits WHERE referral_id = ?");
  return WithTouches(QueryOne<domain::ReferralCredit>(
      db_, sql, [&](Statement& s) { s.Bind(referral_id); }, ReadCredit));
}

Result<std::optional<domain::ReferralCredit>> SqlTx::FindDealCredit(std::string_view program_id,
                                                                    std::string_view deal_key) {
  static const std::string sql =
      Sql("SELECT ", kCreditColumns, " FROM referral_credits WHERE program_id = ? AND deal_key = ? AND joined = ''");
  return WithTouches(QueryOne<domain::ReferralCredit>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(deal_key); }, ReadCredit));
}

Result<std::vector<domain::ReferralCredit>> SqlTx::ListCreditsTouching(std::string_view referral_id) {
  static const std::string sql = Sql("SELECT ", kCreditColumns,
                                     " FROM referral_credits WHERE id IN (SELECT credit_id FROM "
                                     "referral_credit_touches WHERE referral_id = ?) ORDER BY at, id");
  return WithTouches(QueryAll<domain::ReferralCredit>(
      db_, sql, [&](Statement& s) { s.Bind(referral_id); }, ReadCredit));
}

Result<std::vector<domain::ReferralCredit>> SqlTx::ListReferralCredits(std::string_view program_id) {
  static const std::string sql =
      Sql("SELECT ", kCreditColumns, " FROM referral_credits WHERE program_id = ? ORDER BY at, id");
  return WithTouches(QueryAll<domain::ReferralCredit>(
      db_, sql, [&](Statement& s) { s.Bind(program_id); }, ReadCredit));
}

Status SqlTx::PutCreditPolicy(const CreditPolicyRecord& r) {
  static const std::string sql =
      "INSERT INTO credit_policies (program_id, policy, updated_at, updated_by) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (program_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at, "
      "updated_by = excluded.updated_by";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.program_id).Bind(EncodeCreditPolicy(r.policy)).Bind(ToMicros(r.updated_at)).Bind(r.updated_by);
  return s.Run();
}

Status SqlTx::InsertReferralCredit(const domain::ReferralCredit& c) {
  // Two uniqueness rules; the referral's is checked first so that the conflict names the right one.
  BB_ASSIGN_OR_RETURN(auto existing, FindReferralCredit(c.referral_id));
  if (existing) {
    return Error(ErrorCode::kConflict, "A uniqueness key is taken.", {{"referral_id", "is already taken"}});
  }
  static const std::string sql =
      Sql("INSERT INTO referral_credits (", kCreditColumns, ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(c.id).Bind(c.program_id).Bind(c.referral_id).Bind(c.deal_key).Bind(c.joined);
  s.Bind(domain::ToString(c.split)).Bind(EncodeCreditShares(c.shares)).Bind(ToMicros(c.at));
  BB_RETURN_IF_ERROR(RunUnique(s, "deal_key"));
  static const std::string touch =
      "INSERT INTO referral_credit_touches (credit_id, referral_id, advocate_id, same_deal) VALUES (?, ?, ?, ?)";
  for (const auto& counted : c.touches) {
    BB_ASSIGN_OR_RETURN(Statement t, db_.Prepare(touch));
    t.Bind(c.id).Bind(counted.referral_id).Bind(counted.advocate_id).Bind(std::int64_t{counted.same_deal ? 1 : 0});
    BB_RETURN_IF_ERROR(t.Run());
  }
  return Ok();
}

}  // namespace bb::store::sql

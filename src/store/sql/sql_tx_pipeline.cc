// SqlTx: the pipeline report's rows (domain/pipeline_report.h) and the customers report's
// (domain/customer_comparison.h), each one query over one program's referrals.

#include "store/sql/query_helpers.h"
#include "store/sql/referral_terms.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

domain::ReferralStage StageOf(const Statement& s, int column) {
  return domain::ParseReferralStage(s.Text(column)).value_or(domain::ReferralStage::kSubmitted);
}

}  // namespace

Result<std::vector<domain::WonReferral>> SqlTx::ListWonReferrals(std::string_view program_id, Timestamp from,
                                                                 Timestamp before) {
  static const std::string sql =
      Sql("SELECT r.channel, r.created_at, e.at, COALESCE(r.deal_value_minor, 0), CASE WHEN ", kDealCurrency,
          " = p.currency THEN 1 ELSE 0 END, CASE WHEN r.deal_value_minor IS NULL THEN 0 ELSE 1 END FROM "
          "referral_events e JOIN referrals r ON r.id = e.referral_id JOIN "
          "programs p ON p.id = r.program_id WHERE r.program_id = ? AND e.at >= ? AND e.at < ? AND ",
          Reached("e", "won"), " AND ", kLatestToReachWon, " AND ", kWin);
  return QueryAll<domain::WonReferral>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(ToMicros(from)).Bind(ToMicros(before)); },
      [](const Statement& s) {
        return domain::WonReferral{s.Text(0), FromMicros(s.Int(1)), FromMicros(s.Int(2)),
                                   s.Int(3),  s.Int(4) != 0,        s.Int(5) != 0};
      });
}

Result<std::vector<domain::StageOutcomeCount>> SqlTx::CountStageOutcomes(std::string_view program_id, Timestamp from,
                                                                         Timestamp before) {
  static const std::string sql =
      Sql("SELECT r.stage, CASE WHEN r.review_status = 'clear' THEN 1 ELSE 0 END, CASE WHEN ", EverReached("qualified"),
          " THEN 1 ELSE 0 END, CASE WHEN ", EverReached("opportunity"),
          " THEN 1 ELSE 0 END, COUNT(*) FROM referrals r WHERE r.program_id = ? AND r.created_at >= ? AND "
          "r.created_at < ? GROUP BY 1, 2, 3, 4");
  return QueryAll<domain::StageOutcomeCount>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(ToMicros(from)).Bind(ToMicros(before)); },
      [](const Statement& s) {
        return domain::StageOutcomeCount{StageOf(s, 0), s.Int(1) != 0, s.Int(2) != 0, s.Int(3) != 0, s.Int(4)};
      });
}

Result<std::vector<domain::OpenReferralCount>> SqlTx::CountOpenReferrals(std::string_view program_id) {
  // The day: the floor of created_at / 86400000000 (microseconds in a day).
  static const std::string sql =
      "SELECT stage, created_at / 86400000000, COUNT(*) FROM referrals WHERE program_id = ? AND stage IN "
      "('submitted', 'qualified', 'opportunity') AND review_status = 'clear' GROUP BY 1, 2";
  return QueryAll<domain::OpenReferralCount>(
      db_, sql, [&](Statement& s) { s.Bind(program_id); },
      [](const Statement& s) {
        return domain::OpenReferralCount{StageOf(s, 0), s.Int(1), s.Int(2)};
      });
}

Result<std::vector<domain::ReferredCustomer>> SqlTx::ListReferredCustomers(std::string_view program_id,
                                                                           Timestamp before) {
  // A win found through the program's referrals (referrals_program), its history through
  // referral_events_referral; a churn is recorded once, MIN only makes the subquery one value.
  static const std::string sql =
      Sql("SELECT w.won_at, (SELECT MIN(c.at) FROM referral_events c WHERE c.referral_id = r.id AND c.kind = "
          "'customer_churned'), COALESCE(r.deal_value_minor, 0), CASE WHEN r.deal_value_minor IS NOT NULL AND ",
          kDealCurrency,
          " = p.currency THEN 1 ELSE 0 END FROM referrals r JOIN programs p ON p.id = r.program_id JOIN (SELECT "
          "e.referral_id, MIN(e.at) AS won_at FROM referral_events e JOIN referrals r ON r.id = e.referral_id WHERE "
          "r.program_id = ? AND ",
          kWin, " AND ", Reached("e", "won"), " GROUP BY e.referral_id) w ON w.referral_id = r.id WHERE w.won_at < ?");
  return QueryAll<domain::ReferredCustomer>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(ToMicros(before)); },
      [](const Statement& s) {
        domain::ReferredCustomer c;
        c.won_at = FromMicros(s.Int(0));
        if (!s.IsNull(1)) c.churned_at = FromMicros(s.Int(1));
        c.deal_value_minor = s.Int(2);
        c.priced = s.Int(3) != 0;
        return c;
      });
}

}  // namespace bb::store::sql

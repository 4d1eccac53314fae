// SqlTx: NPS answers (store/nps.h) — recorded, and read back as the respondents of a range with the
// referrals each went on to submit.

#include "store/sql/query_helpers.h"
#include "store/sql/referral_terms.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

Status SqlTx::InsertNpsResponse(const domain::NpsResponse& r) {
  static const std::string sql =
      "INSERT INTO nps_responses (id, program_id, email, person_key, score, comment, source, answered_at, "
      "recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.id)
      .Bind(r.program_id)
      .Bind(r.email)
      .Bind(r.person_key)
      .Bind(r.score)
      .Bind(r.comment)
      .Bind(r.source)
      .Bind(ToMicros(r.answered_at))
      .Bind(r.recorded_by)
      .Bind(ToMicros(r.recorded_at));
  return s.Run();
}

Status SqlTx::UpdateNpsAnswer(const domain::NpsResponse& r) {
  static const std::string sql = "UPDATE nps_responses SET score = ?, comment = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.score).Bind(r.comment).Bind(r.id);
  return s.Run();
}

Result<std::optional<domain::NpsResponse>> SqlTx::FindNpsResponse(std::string_view id) {
  static const std::string sql =
      "SELECT id, program_id, email, person_key, score, comment, source, answered_at, recorded_by, recorded_at FROM "
      "nps_responses WHERE id = ?";
  return QueryOne<domain::NpsResponse>(
      db_, sql, [&](Statement& s) { s.Bind(id); },
      [](const Statement& s) {
        domain::NpsResponse r;
        r.id = s.Text(0);
        r.program_id = s.Text(1);
        r.email = s.Text(2);
        r.person_key = s.Text(3);
        r.score = static_cast<int>(s.Int(4));
        r.comment = s.Text(5);
        r.source = s.Text(6);
        r.answered_at = FromMicros(s.Int(7));
        r.recorded_by = s.Text(8);
        r.recorded_at = FromMicros(s.Int(9));
        return r;
      });
}

Result<std::vector<domain::Respondent>> SqlTx::ListNpsRespondents(std::string_view program_id, Timestamp from,
                                                                  Timestamp before, Duration window) {
  // Each person's latest answer in the range (no later one, or an equal time and a greater id; the
  // lower bound on m.answered_at lets the index seek past the person's earlier answers, which the
  // OR alone would scan: quadratic in one address's answers), joined to the referrals of the
  // program's advocate with that address: a row per referral, or one row with a NULL referral
  // time — with whether it is won now (and clear of review), its deal value and whether that is in
  // the program's currency. Ordered by the answer, so that its rows are together.
  static const std::string sql =
      Sql("SELECT n.id, n.score, n.answered_at, r.created_at, CASE WHEN ", kWin,
          " THEN 1 ELSE 0 END, COALESCE(r.deal_value_minor, 0), CASE WHEN ", kDealCurrency,
          " = p.currency THEN 1 ELSE 0 END FROM nps_responses n JOIN programs p ON p.id = n.program_id "
          "LEFT JOIN people pe ON pe.email_normalized = n.person_key "
          "LEFT JOIN advocates a ON a.person_id = pe.id AND a.program_id = n.program_id "
          "LEFT JOIN referrals r ON r.advocate_id = a.id AND r.stage <> 'rejected' AND r.created_at > n.answered_at "
          "AND r.created_at <= n.answered_at + ? "
          "WHERE n.program_id = ? AND n.answered_at >= ? AND n.answered_at < ? AND NOT EXISTS (SELECT 1 FROM "
          "nps_responses m WHERE m.program_id = n.program_id AND m.person_key = n.person_key AND m.answered_at < ? AND "
          "m.answered_at >= n.answered_at AND (m.answered_at > n.answered_at OR m.id > n.id)) "
          "ORDER BY n.id");
  std::vector<domain::Respondent> out;
  std::string last_id;
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(static_cast<std::int64_t>(window.count()))
      .Bind(program_id)
      .Bind(ToMicros(from))
      .Bind(ToMicros(before))
      .Bind(ToMicros(before));
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    if (out.empty() || s.Text(0) != last_id) {
      last_id = s.Text(0);
      out.push_back(domain::Respondent{static_cast<int>(s.Int(1)), FromMicros(s.Int(2)), {}});
    }
    if (!s.IsNull(3)) {
      out.back().referrals.push_back({FromMicros(s.Int(3)), s.Int(4) != 0, s.Int(5), s.Int(6) != 0});
    }
  }
  return out;
}

Result<std::optional<std::string>> SqlTx::FindLatestNpsResponseId(std::string_view program_id,
                                                                  std::string_view person_key) {
  static const std::string sql =
      "SELECT id FROM nps_responses WHERE program_id = ? AND person_key = ? ORDER BY answered_at DESC, id DESC LIMIT 1";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(program_id).Bind(person_key);
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(s.Text(0));
}

}  // namespace bb::store::sql

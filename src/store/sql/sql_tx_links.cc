// SqlTx: tracked links, clicks and advocate sightings.

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

Result<std::optional<LinkTarget>> SqlTx::FindLinkTarget(std::string_view code) {
  static const std::string sql =
      "SELECT a.id, a.program_id, a.code, a.status, p.status, p.landing_url, p.attribution_window_days "
      "FROM advocates a JOIN programs p ON p.id = a.program_id WHERE a.code = ?";
  return QueryOne<LinkTarget>(
      db_, sql, [&](Statement& s) { s.Bind(code); },
      [](const Statement& s) {
        LinkTarget t;
        t.advocate_id = s.Text(0);
        t.program_id = s.Text(1);
        t.code = s.Text(2);
        t.advocate_status = domain::ParseAdvocateStatus(s.Text(3)).value_or(domain::AdvocateStatus::kActive);
        t.program_status = domain::ParseProgramStatus(s.Text(4)).value_or(domain::ProgramStatus::kActive);
        t.landing_url = s.Text(5);
        t.attribution_window_days = s.Int(6);
        return t;
      });
}

Result<std::vector<domain::Click>> SqlTx::ListClicksByVisitor(std::string_view visitor_id, int limit) {
  static const std::string sql =
      "SELECT program_id, advocate_id, code, occurred_at, channel, visitor_id, ip_hash, user_agent, referrer, "
      "is_bot FROM clicks WHERE visitor_id = ? ORDER BY occurred_at, id LIMIT ?";
  return QueryAll<domain::Click>(
      db_, sql, [&](Statement& s) { s.Bind(visitor_id).Bind(limit); },
      [](const Statement& s) {
        domain::Click c;
        c.program_id = s.Text(0);
        c.advocate_id = s.Text(1);
        c.code = s.Text(2);
        c.occurred_at = FromMicros(s.Int(3));
        c.channel = s.Text(4);
        c.visitor_id = s.Text(5);
        c.ip_hash = s.Text(6);
        c.user_agent = s.Text(7);
        c.referrer = s.Text(8);
        c.is_bot = s.Int(9) != 0;
        return c;
      });
}

Result<bool> SqlTx::AdvocateSeenAt(std::string_view advocate_id, std::string_view visitor_id, std::string_view ip_hash,
                                   Timestamp since) {
  static const std::string sql =
      "SELECT 1 FROM advocate_sightings WHERE advocate_id = ? AND seen_at >= ? AND ((? <> '' AND visitor_id = ?) OR "
      "(? <> '' AND ip_hash = ?)) LIMIT 1";
  BB_ASSIGN_OR_RETURN(auto found, QueryOne<bool>(
                                      db_, sql,
                                      [&](Statement& s) {
                                        s.Bind(advocate_id).Bind(ToMicros(since)).Bind(visitor_id).Bind(visitor_id);
                                        s.Bind(ip_hash).Bind(ip_hash);
                                      },
                                      [](const Statement&) { return true; }));
  return found.has_value();
}

Status SqlTx::InsertClick(const domain::Click& c) {
  static const std::string sql =
      "INSERT INTO clicks (program_id, advocate_id, code, occurred_at, channel, visitor_id, ip_hash, user_agent, "
      "referrer, is_bot) VALUES (?,?,?,?,?,?,?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  // The hot insert: `c` outlives the statement's run, so its strings are bound without copies.
  s.BindStatic(c.program_id).BindStatic(c.advocate_id).BindStatic(c.code).Bind(ToMicros(c.occurred_at));
  s.BindStatic(c.channel).BindStatic(c.visitor_id).BindStatic(c.ip_hash).BindStatic(c.user_agent);
  s.BindStatic(c.referrer).Bind(c.is_bot);
  return s.Run();
}

Status SqlTx::InsertAdvocateSighting(std::string_view advocate_id, std::string_view visitor_id,
                                     std::string_view ip_hash, Timestamp at) {
  static const std::string sql =
      "INSERT INTO advocate_sightings (advocate_id, visitor_id, ip_hash, seen_at) VALUES (?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(advocate_id).Bind(visitor_id).Bind(ip_hash).Bind(ToMicros(at));
  return s.Run();
}

}  // namespace bb::store::sql

// SqlTx: buying committees — each referral's recorded versions, members kept as JSON.

#include "domain/personality.h"
#include "store/sql/json_columns.h"
#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

constexpr std::string_view kColumns = "id, program_id, referral_id, version, members, recorded_at, recorded_by";

domain::BuyingCommittee ReadCommittee(const Statement& s) {
  domain::BuyingCommittee c;
  c.id = s.Text(0);
  c.program_id = s.Text(1);
  c.referral_id = s.Text(2);
  c.version = s.Int(3);
  c.members = DecodeCommitteeMembers(s.Text(4));
  c.recorded_at = FromMicros(s.Int(5));
  c.recorded_by = s.Text(6);
  return c;
}

}  // namespace

Result<std::optional<domain::BuyingCommittee>> SqlTx::FindCommittee(std::string_view referral_id, Timestamp as_of) {
  static const std::string sql = Sql("SELECT ", kColumns,
                                     " FROM buying_committees WHERE referral_id = ? AND recorded_at <= ? "
                                     "ORDER BY version DESC LIMIT 1");
  return QueryOne<domain::BuyingCommittee>(
      db_, sql, [&](Statement& s) { s.Bind(referral_id).Bind(ToMicros(as_of)); }, ReadCommittee);
}

Result<std::vector<domain::BuyingCommittee>> SqlTx::ListCommittees(std::string_view program_id, Timestamp as_of) {
  // Versions are written in time order, so the highest recorded by `as_of` is the latest then.
  static const std::string sql = Sql("SELECT ", kColumns,
                                     " FROM buying_committees c WHERE program_id = ? AND recorded_at <= ? AND "
                                     "version = (SELECT MAX(l.version) FROM buying_committees l WHERE "
                                     "l.referral_id = c.referral_id AND l.recorded_at <= ?) ORDER BY referral_id");
  return QueryAll<domain::BuyingCommittee>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(ToMicros(as_of)).Bind(ToMicros(as_of)); }, ReadCommittee);
}

Status SqlTx::InsertCommittee(const domain::BuyingCommittee& c) {
  static const std::string sql = Sql("INSERT INTO buying_committees (", kColumns, ") VALUES (?, ?, ?, ?, ?, ?, ?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(c.id).Bind(c.program_id).Bind(c.referral_id).Bind(c.version).Bind(EncodeCommitteeMembers(c.members));
  s.Bind(ToMicros(c.recorded_at)).Bind(c.recorded_by);
  return RunUnique(s, "version");
}

Result<std::int64_t> SqlTx::ErasePersonality(std::string_view referral_id, std::string_view email_key) {
  static const std::string read = "SELECT id, members FROM buying_committees WHERE referral_id = ? ORDER BY version";
  std::vector<std::pair<std::string, std::string>> changed;  // id, members
  {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(read));
    s.Bind(referral_id);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      auto members = DecodeCommitteeMembers(s.Text(1));
      bool erased = false;
      for (auto& m : members) {
        if (m.email_key != email_key) continue;
        erased =
            std::erase_if(m.attributes, [](const auto& a) { return domain::IsReservedAttributeKey(a.first); }) > 0 ||
            erased;
      }
      if (erased) changed.emplace_back(s.Text(0), EncodeCommitteeMembers(members));
    }
  }
  static const std::string write = "UPDATE buying_committees SET members = ? WHERE id = ?";
  for (const auto& [id, members] : changed) {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(write));
    s.Bind(members).Bind(id);
    BB_RETURN_IF_ERROR(s.Run());
  }
  return static_cast<std::int64_t>(changed.size());
}

}  // namespace bb::store::sql

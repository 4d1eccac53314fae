// SqlTx: happiness ratings and the requests for them (store/happiness.h, domain/happiness.h).

#include <map>
#include <tuple>

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {
namespace {

constexpr std::string_view kRequestColumns =
    "id, token_hash, program_id, interaction, interaction_id, subject, rated_user_id, recipient, created_at, "
    "expires_at";
constexpr std::string_view kRatingColumns =
    "id, request_id, program_id, interaction, interaction_id, rated_user_id, recipient, value, wow, comment, ip_hash, "
    "suspicious, superseded_by, deleted, deleted_by, created_at, updated_at";
constexpr std::string_view kCounted = "superseded_by = '' AND deleted = 0";

domain::RatingRequest ReadRequest(const Statement& s) {
  domain::RatingRequest r;
  r.id = s.Text(0);
  r.token_hash = s.Text(1);
  r.program_id = s.Text(2);
  r.interaction = domain::ParseInteraction(s.Text(3)).value_or(domain::Interaction::kEmail);
  r.interaction_id = s.Text(4);
  r.subject = s.Text(5);
  r.rated_user_id = s.Text(6);
  r.recipient = s.Text(7);
  r.created_at = FromMicros(s.Int(8));
  r.expires_at = FromMicros(s.Int(9));
  return r;
}

domain::Rating ReadRating(const Statement& s) {
  domain::Rating r;
  r.id = s.Text(0);
  r.request_id = s.Text(1);
  r.program_id = s.Text(2);
  r.interaction = domain::ParseInteraction(s.Text(3)).value_or(domain::Interaction::kEmail);
  r.interaction_id = s.Text(4);
  r.rated_user_id = s.Text(5);
  r.recipient = s.Text(6);
  r.value = domain::ParseRatingValue(s.Text(7)).value_or(domain::RatingValue::kOk);
  r.wow = s.Int(8) != 0;
  r.comment = s.Text(9);
  r.ip_hash = s.Text(10);
  r.suspicious = s.Int(11) != 0;
  r.superseded_by = s.Text(12);
  r.deleted = s.Int(13) != 0;
  r.deleted_by = s.Text(14);
  r.created_at = FromMicros(s.Int(15));
  r.updated_at = FromMicros(s.Int(16));
  return r;
}

Result<std::vector<domain::Rating>> AllRatings(Statement& s) {
  std::vector<domain::Rating> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadRating(s));
  }
  return out;
}

}  // namespace

Result<std::optional<domain::RatingRequest>> SqlTx::FindRatingRequest(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kRequestColumns, " FROM rating_requests WHERE id = ?");
  return QueryOne<domain::RatingRequest>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadRequest);
}

Result<std::optional<domain::RatingRequest>> SqlTx::FindRatingRequestByToken(std::string_view token_hash) {
  static const std::string sql = Sql("SELECT ", kRequestColumns, " FROM rating_requests WHERE token_hash = ?");
  return QueryOne<domain::RatingRequest>(
      db_, sql, [&](Statement& s) { s.Bind(token_hash); }, ReadRequest);
}

Result<std::optional<domain::Rating>> SqlTx::FindRating(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kRatingColumns, " FROM ratings WHERE id = ?");
  return QueryOne<domain::Rating>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadRating);
}

Result<std::optional<domain::Rating>> SqlTx::FindRatingOfRequest(std::string_view request_id) {
  static const std::string sql = Sql("SELECT ", kRatingColumns, " FROM ratings WHERE request_id = ?");
  return QueryOne<domain::Rating>(
      db_, sql, [&](Statement& s) { s.Bind(request_id); }, ReadRating);
}

Result<std::vector<domain::Rating>> SqlTx::ListRatingsItMayRepeat(const domain::Rating& fresh, Timestamp since) {
  static const std::string sql =
      Sql("SELECT ", kRatingColumns, " FROM ratings WHERE ", kCounted,
          " AND rated_user_id = ? AND id <> ? AND (interaction_id = ? OR (recipient = ? AND created_at >= ?))");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(fresh.rated_user_id).Bind(fresh.id).Bind(fresh.interaction_id).Bind(fresh.recipient).Bind(ToMicros(since));
  return AllRatings(s);
}

Result<std::int64_t> SqlTx::CountRatingsFromAddress(std::string_view ip_hash, std::string_view rated_user_id,
                                                    Timestamp since) {
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare("SELECT COUNT(*) FROM ratings WHERE ip_hash = ? AND rated_user_id = ? "
                                               "AND created_at >= ? AND deleted = 0"));
  s.Bind(ip_hash).Bind(rated_user_id).Bind(ToMicros(since));
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  return row ? s.Int(0) : 0;
}

Result<std::vector<domain::RatingRequest>> SqlTx::ListOpenRatingRequests(std::string_view recipient, Timestamp now,
                                                                         int limit) {
  static const std::string sql =
      Sql("SELECT ", kRequestColumns,
          " FROM rating_requests r WHERE recipient = ? AND interaction <> 'email' AND expires_at > ? AND NOT EXISTS "
          "(SELECT 1 FROM ratings WHERE ratings.request_id = r.id) ORDER BY created_at DESC, id DESC LIMIT ?");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(recipient).Bind(ToMicros(now)).Bind(limit);
  std::vector<domain::RatingRequest> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadRequest(s));
  }
  return out;
}

Result<std::vector<domain::Rating>> SqlTx::ListRatings(const RatingQuery& query) {
  std::string interaction(query.interaction ? domain::ToString(*query.interaction) : std::string_view());
  std::string where = query.only_counted ? Sql(" WHERE ", kCounted) : std::string(" WHERE 1 = 1");
  if (!query.program_id.empty()) where += " AND program_id = ?";
  if (!query.rated_user_id.empty()) where += " AND rated_user_id = ?";
  if (!interaction.empty()) where += " AND interaction = ?";
  if (query.from) where += " AND created_at >= ?";
  if (query.before) where += " AND created_at < ?";
  if (!query.before_id.empty()) where += " AND id < ?";
  BB_ASSIGN_OR_RETURN(Statement s,
                      db_.Prepare(Sql("SELECT ", kRatingColumns, " FROM ratings", where, " ORDER BY id DESC LIMIT ?")));
  if (!query.program_id.empty()) s.Bind(query.program_id);
  if (!query.rated_user_id.empty()) s.Bind(query.rated_user_id);
  if (!interaction.empty()) s.Bind(interaction);
  if (query.from) s.Bind(ToMicros(*query.from));
  if (query.before) s.Bind(ToMicros(*query.before));
  if (!query.before_id.empty()) s.Bind(query.before_id);
  s.Bind(query.limit);
  return AllRatings(s);
}

Result<std::vector<HappinessRow>> SqlTx::CountHappiness(std::string_view program_id, Timestamp from, Timestamp before) {
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, domain::HappinessCounts> groups;
  Filters program;
  program.When("program_id = ?", program_id);
  std::string where = program.Where().empty() ? " WHERE " : program.Where() + " AND ";
  {
    BB_ASSIGN_OR_RETURN(
        Statement s,
        db_.Prepare(Sql("SELECT program_id, rated_user_id, interaction, value, SUM(wow), COUNT(*) FROM ratings", where,
                        kCounted, " AND created_at >= ? AND created_at < ? GROUP BY 1, 2, 3, 4")));
    program.Bind(s);
    s.Bind(ToMicros(from)).Bind(ToMicros(before));
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      domain::HappinessCounts& counts = groups[{s.Text(0), s.Text(1), s.Text(2)}];
      auto value = domain::ParseRatingValue(s.Text(3));
      std::int64_t n = s.Int(5);
      if (value == domain::RatingValue::kHappy) counts.happy += n;
      if (value == domain::RatingValue::kOk) counts.ok += n;
      if (value == domain::RatingValue::kUnhappy) counts.unhappy += n;
      counts.wow += s.Int(4);
    }
  }
  {
    BB_ASSIGN_OR_RETURN(
        Statement s,
        db_.Prepare(Sql("SELECT program_id, rated_user_id, interaction, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM "
                        "ratings WHERE ratings.request_id = r.id AND ratings.",
                        kCounted, ") THEN 1 ELSE 0 END) FROM rating_requests r", where,
                        "created_at >= ? AND created_at < ? GROUP BY 1, 2, 3")));
    program.Bind(s);
    s.Bind(ToMicros(from)).Bind(ToMicros(before));
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      domain::HappinessCounts& counts = groups[{s.Text(0), s.Text(1), s.Text(2)}];
      counts.requests += s.Int(3);
      counts.rated += s.Int(4);
    }
  }
  std::vector<HappinessRow> out;
  for (auto& [key, counts] : groups) {
    auto& [program_key, rated, interaction] = key;
    out.push_back(
        {program_key, rated, domain::ParseInteraction(interaction).value_or(domain::Interaction::kEmail), counts});
  }
  return out;
}

Status SqlTx::InsertRatingRequest(const domain::RatingRequest& r) {
  static const std::string sql =
      Sql("INSERT INTO rating_requests (", kRequestColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.id).Bind(r.token_hash).Bind(r.program_id).Bind(domain::ToString(r.interaction)).Bind(r.interaction_id);
  s.Bind(r.subject).Bind(r.rated_user_id).Bind(r.recipient).Bind(ToMicros(r.created_at)).Bind(ToMicros(r.expires_at));
  return RunUnique(s, "token");
}

Status SqlTx::InsertRating(const domain::Rating& r) {
  static const std::string sql =
      Sql("INSERT INTO ratings (", kRatingColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.id).Bind(r.request_id).Bind(r.program_id).Bind(domain::ToString(r.interaction)).Bind(r.interaction_id);
  s.Bind(r.rated_user_id).Bind(r.recipient).Bind(domain::ToString(r.value)).Bind(r.wow).Bind(r.comment).Bind(r.ip_hash);
  s.Bind(r.suspicious).Bind(r.superseded_by).Bind(r.deleted).Bind(r.deleted_by);
  s.Bind(ToMicros(r.created_at)).Bind(ToMicros(r.updated_at));
  return RunUnique(s, "request_id");
}

Status SqlTx::UpdateRating(const domain::Rating& r) {
  static const std::string sql =
      "UPDATE ratings SET value = ?, wow = ?, comment = ?, suspicious = ?, superseded_by = ?, deleted = ?, "
      "deleted_by = ?, updated_at = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(domain::ToString(r.value)).Bind(r.wow).Bind(r.comment).Bind(r.suspicious).Bind(r.superseded_by);
  s.Bind(r.deleted).Bind(r.deleted_by).Bind(ToMicros(r.updated_at)).Bind(r.id);
  return s.Run();
}

Status SqlTx::FlagRatingsFromAddress(std::string_view ip_hash, std::string_view rated_user_id, Timestamp since) {
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare("UPDATE ratings SET suspicious = 1 WHERE ip_hash = ? AND "
                                               "rated_user_id = ? AND created_at >= ? AND deleted = 0"));
  s.Bind(ip_hash).Bind(rated_user_id).Bind(ToMicros(since));
  return s.Run();
}

}  // namespace bb::store::sql

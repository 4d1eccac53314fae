#include "store/sqlite/sqlite_tx.h"

#include "store/sqlite/query_helpers.h"

#include <map>

namespace bb::store::sqlite {
namespace {

using domain::Advocate;
using domain::AttributeValue;
using domain::Program;

constexpr std::string_view kProgramColumns =
    "id, name, slug, kind, description, landing_url, attribution_window_days, currency, status, created_at, "
    "updated_at, uses_opportunity, duplicate_window_days, velocity_limit, ip_velocity_limit, velocity_window_hours, "
    "same_domain_is_self_referral, reversal_window_days, phone_region, brand_color, logo_url, share_message";

Program ReadProgram(const Statement& s) {
  Program p;
  p.id = s.Text(0);
  p.name = s.Text(1);
  p.slug = s.Text(2);
  p.kind = domain::ParseProgramKind(s.Text(3)).value_or(domain::ProgramKind::kCustomer);
  p.description = s.Text(4);
  p.landing_url = s.Text(5);
  p.attribution_window_days = s.Int(6);
  p.currency = s.Text(7);
  p.status = domain::ParseProgramStatus(s.Text(8)).value_or(domain::ProgramStatus::kActive);
  p.created_at = FromMicros(s.Int(9));
  p.updated_at = FromMicros(s.Int(10));
  p.referral_policy.uses_opportunity = s.Int(11) != 0;
  p.referral_policy.duplicate_window_days = s.Int(12);
  p.referral_policy.velocity_limit = s.Int(13);
  p.referral_policy.ip_velocity_limit = s.Int(14);
  p.referral_policy.velocity_window_hours = s.Int(15);
  p.referral_policy.same_domain_is_self_referral = s.Int(16) != 0;
  p.referral_policy.reversal_window_days = s.Int(17);
  p.referral_policy.phone_region = s.Text(18);
  p.branding.color = s.Text(19);
  p.branding.logo_url = s.Text(20);
  p.branding.share_message = s.Text(21);
  return p;
}

void BindPolicy(Statement& s, const domain::ReferralPolicy& policy) {
  s.Bind(policy.uses_opportunity).Bind(policy.duplicate_window_days).Bind(policy.velocity_limit);
  s.Bind(policy.ip_velocity_limit).Bind(policy.velocity_window_hours).Bind(policy.same_domain_is_self_referral);
  s.Bind(policy.reversal_window_days).Bind(policy.phone_region);
}

void BindBranding(Statement& s, const domain::Branding& branding) {
  s.Bind(branding.color).Bind(branding.logo_url).Bind(branding.share_message);
}

constexpr std::string_view kAdvocateColumns =
    "a.id, a.program_id, a.code, a.source, a.enrolled_by, a.status, a.created_at, a.updated_at, p.id, a.email, "
    "p.email_normalized, a.first_name, a.last_name, a.company, p.created_at";

Advocate ReadAdvocate(const Statement& s) {
  Advocate a;
  a.id = s.Text(0);
  a.program_id = s.Text(1);
  a.code = s.Text(2);
  a.source = domain::ParseAdvocateSource(s.Text(3)).value_or(domain::AdvocateSource::kStaff);
  a.enrolled_by = s.Text(4);
  a.status = domain::ParseAdvocateStatus(s.Text(5)).value_or(domain::AdvocateStatus::kActive);
  a.created_at = FromMicros(s.Int(6));
  a.updated_at = FromMicros(s.Int(7));
  a.person.id = s.Text(8);
  a.email = s.Text(9);
  a.person.email_normalized = s.Text(10);
  a.first_name = s.Text(11);
  a.last_name = s.Text(12);
  a.company = s.Text(13);
  a.person.created_at = FromMicros(s.Int(14));
  return a;
}

constexpr std::string_view kUserColumns = "id, email, name, role, password_hash, disabled, created_at";

domain::User ReadUser(const Statement& s) {
  domain::User u;
  u.id = s.Text(0);
  u.email = s.Text(1);
  u.name = s.Text(2);
  u.role = domain::ParseRole(s.Text(3)).value_or(domain::Role::kViewer);
  u.password_hash = s.Text(4);
  u.disabled = s.Int(5) != 0;
  u.created_at = FromMicros(s.Int(6));
  return u;
}

constexpr std::string_view kApiKeyColumns = "id, name, role, secret_hash, created_by, created_at, revoked_at";

domain::ApiKey ReadApiKey(const Statement& s) {
  domain::ApiKey k;
  k.id = s.Text(0);
  k.name = s.Text(1);
  k.role = domain::ParseRole(s.Text(2)).value_or(domain::Role::kViewer);
  k.secret_hash = s.Text(3);
  k.created_by = s.Text(4);
  k.created_at = FromMicros(s.Int(5));
  if (!s.IsNull(6)) k.revoked_at = FromMicros(s.Int(6));
  return k;
}

}  // namespace

Status SqliteTx::RunUnique(Statement& statement, std::string_view field) {
  Status status = statement.Run();
  if (!status.ok() && status.error().code() == ErrorCode::kConflict) {
    return Error(ErrorCode::kConflict, "A uniqueness key is taken.", {{std::string(field), "is already taken"}});
  }
  return status;
}

Result<std::optional<Program>> SqliteTx::FindProgram(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kProgramColumns, " FROM programs WHERE id = ?");
  return QueryOne<Program>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadProgram);
}

Result<std::optional<Program>> SqliteTx::FindProgramBySlug(std::string_view slug) {
  static const std::string sql = Sql("SELECT ", kProgramColumns, " FROM programs WHERE slug = ?");
  return QueryOne<Program>(
      db_, sql, [&](Statement& s) { s.Bind(slug); }, ReadProgram);
}

Result<std::vector<Program>> SqliteTx::ListPrograms(const ProgramQuery& query) {
  static const std::string sql =
      Sql("SELECT ", kProgramColumns,
          " FROM programs WHERE (? = '' OR status = ?) AND (? = '' OR id < ?) ORDER BY id DESC LIMIT ?");
  std::string status = query.status ? std::string(domain::ToString(*query.status)) : "";
  return QueryAll<Program>(
      db_, sql,
      [&](Statement& s) { s.Bind(status).Bind(status).Bind(query.before_id).Bind(query.before_id).Bind(query.limit); },
      ReadProgram);
}

Result<std::optional<domain::Person>> SqliteTx::FindPersonByEmail(std::string_view email_normalized) {
  static const std::string sql = "SELECT id, email_normalized, created_at FROM people WHERE email_normalized = ?";
  return QueryOne<domain::Person>(
      db_, sql, [&](Statement& s) { s.Bind(email_normalized); },
      [](const Statement& s) {
        return domain::Person{s.Text(0), s.Text(1), FromMicros(s.Int(2))};
      });
}

Status SqliteTx::LoadAdvocateDetails(std::vector<Advocate>& advocates) {
  if (advocates.empty()) return Ok();
  std::map<std::string, Advocate*> by_id;
  std::string placeholders;
  for (auto& a : advocates) {
    by_id[a.id] = &a;
    placeholders += placeholders.empty() ? "?" : ",?";
  }
  {
    BB_ASSIGN_OR_RETURN(Statement s, db_.PrepareOnce("SELECT advocate_id, name, kind, value FROM advocate_attributes "
                                                     "WHERE advocate_id IN (" +
                                                     placeholders + ")"));
    for (auto& a : advocates) s.Bind(a.id);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      by_id[s.Text(0)]->attributes[s.Text(1)] = AttributeValue{ParseAttributeKind(s.Text(2)), s.Text(3)};
    }
  }
  BB_ASSIGN_OR_RETURN(Statement s, db_.PrepareOnce("SELECT advocate_id, tag FROM advocate_tags WHERE advocate_id IN (" +
                                                   placeholders + ") ORDER BY advocate_id, tag"));
  for (auto& a : advocates) s.Bind(a.id);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    by_id[s.Text(0)]->tags.push_back(s.Text(1));
  }
  return Ok();
}

Result<std::optional<Advocate>> SqliteTx::FindAdvocate(std::string_view id) {
  static const std::string sql =
      Sql("SELECT ", kAdvocateColumns, " FROM advocates a JOIN people p ON p.id = a.person_id WHERE a.id = ?");
  BB_ASSIGN_OR_RETURN(auto found, QueryOne<Advocate>(
                                      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadAdvocate));
  if (!found) return found;
  std::vector<Advocate> one{std::move(*found)};
  BB_RETURN_IF_ERROR(LoadAdvocateDetails(one));
  return std::optional<Advocate>(std::move(one.front()));
}

Result<std::optional<Advocate>> SqliteTx::FindAdvocateByPerson(std::string_view program_id,
                                                               std::string_view person_id) {
  static const std::string sql = Sql("SELECT ", kAdvocateColumns,
                                     " FROM advocates a JOIN people p ON p.id = a.person_id WHERE a.program_id = ? "
                                     "AND a.person_id = ?");
  BB_ASSIGN_OR_RETURN(auto found,
                      QueryOne<Advocate>(
                          db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(person_id); }, ReadAdvocate));
  if (!found) return found;
  std::vector<Advocate> one{std::move(*found)};
  BB_RETURN_IF_ERROR(LoadAdvocateDetails(one));
  return std::optional<Advocate>(std::move(one.front()));
}

Result<std::vector<Advocate>> SqliteTx::ListAdvocates(const AdvocateQuery& query) {
  std::string sql =
      Sql("SELECT ", kAdvocateColumns, " FROM advocates a JOIN people p ON p.id = a.person_id WHERE a.program_id = ?");
  if (!query.before_id.empty()) sql += " AND a.id < ?";
  if (!query.search.empty()) {
    sql +=
        " AND (instr(lower(a.first_name || ' ' || a.last_name), ?) > 0 OR instr(p.email_normalized, ?) > 0 OR "
        "instr(lower(a.company), ?) > 0 OR a.code = upper(?))";
  }
  if (query.source) sql += " AND a.source = ?";
  if (query.status) sql += " AND a.status = ?";
  if (query.created_from) sql += " AND a.created_at >= ?";
  if (query.created_before) sql += " AND a.created_at < ?";
  if (query.enrolled_by) sql += " AND a.enrolled_by = ?";
  for (std::size_t i = 0; i < query.attributes.size(); ++i) {
    sql +=
        " AND EXISTS (SELECT 1 FROM advocate_attributes x WHERE x.advocate_id = a.id AND x.name = ? AND x.value = ?)";
  }
  for (std::size_t i = 0; i < query.tags.size(); ++i) {
    sql += " AND EXISTS (SELECT 1 FROM advocate_tags t WHERE t.advocate_id = a.id AND t.tag = ?)";
  }
  sql += " ORDER BY a.id DESC LIMIT ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.PrepareOnce(sql));
  s.Bind(query.program_id);
  if (!query.before_id.empty()) s.Bind(query.before_id);
  if (!query.search.empty()) s.Bind(query.search).Bind(query.search).Bind(query.search).Bind(query.search);
  if (query.source) s.Bind(domain::ToString(*query.source));
  if (query.status) s.Bind(domain::ToString(*query.status));
  if (query.created_from) s.Bind(ToMicros(*query.created_from));
  if (query.created_before) s.Bind(ToMicros(*query.created_before));
  if (query.enrolled_by) s.Bind(*query.enrolled_by);
  for (const auto& [key, value] : query.attributes) s.Bind(key).Bind(value);
  for (const auto& tag : query.tags) s.Bind(tag);
  s.Bind(query.limit);
  std::vector<Advocate> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadAdvocate(s));
  }
  BB_RETURN_IF_ERROR(LoadAdvocateDetails(out));
  return out;
}

Result<std::optional<LinkTarget>> SqliteTx::FindLinkTarget(std::string_view code) {
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

Result<bool> SqliteTx::ProgramHasMoney(std::string_view program_id) {
  static const std::string sql =
      "SELECT EXISTS (SELECT 1 FROM rewards WHERE program_id = ?1) OR "
      "EXISTS (SELECT 1 FROM referrals WHERE program_id = ?1 AND stage = 'won')";
  BB_ASSIGN_OR_RETURN(auto has, QueryOne<bool>(
                                    db_, sql, [&](Statement& s) { s.Bind(program_id); },
                                    [](const Statement& s) { return s.Int(0) != 0; }));
  return has.value_or(false);
}

Result<domain::ProgramStats> SqliteTx::GetProgramStats(std::string_view program_id, const domain::TimeRange& range) {
  domain::ProgramStats stats;
  {
    static const std::string sql =
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'active' THEN 1 ELSE 0 END), 0) FROM advocates "
        "WHERE program_id = ?";
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
    s.Bind(program_id);
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) {
      stats.advocates = s.Int(0);
      stats.active_advocates = s.Int(1);
    }
  }
  std::int64_t from = range.from ? ToMicros(*range.from) : INT64_MIN;
  std::int64_t before = range.before ? ToMicros(*range.before) : INT64_MAX;
  {
    static const std::string sql =
        "SELECT is_bot, COUNT(*), COUNT(DISTINCT visitor_id) FROM clicks WHERE program_id = ? AND "
        "occurred_at >= ? AND occurred_at < ? GROUP BY is_bot";
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
    s.Bind(program_id).Bind(from).Bind(before);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      if (s.Int(0) != 0) {
        stats.bot_clicks = s.Int(1);
      } else {
        stats.clicks = s.Int(1);
        stats.unique_visitors = s.Int(2);
      }
    }
  }
  static const std::string sql =
      "SELECT channel, COUNT(*) FROM clicks WHERE program_id = ? AND is_bot = 0 AND occurred_at >= ? AND "
      "occurred_at < ? GROUP BY channel ORDER BY COUNT(*) DESC, channel";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(program_id).Bind(from).Bind(before);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    stats.clicks_by_channel.emplace_back(s.Text(0), s.Int(1));
  }
  return stats;
}

Result<std::vector<domain::Click>> SqliteTx::ListClicksByVisitor(std::string_view visitor_id, int limit) {
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

Result<std::optional<domain::User>> SqliteTx::FindUser(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kUserColumns, " FROM users WHERE id = ?");
  return QueryOne<domain::User>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadUser);
}

Result<std::optional<domain::User>> SqliteTx::FindUserByEmail(std::string_view email) {
  static const std::string sql = Sql("SELECT ", kUserColumns, " FROM users WHERE email = ?");
  return QueryOne<domain::User>(
      db_, sql, [&](Statement& s) { s.Bind(email); }, ReadUser);
}

Result<std::vector<domain::User>> SqliteTx::ListUsers() {
  static const std::string sql = Sql("SELECT ", kUserColumns, " FROM users ORDER BY id");
  return QueryAll<domain::User>(
      db_, sql, [](Statement&) {}, ReadUser);
}

Result<std::optional<domain::SessionRecord>> SqliteTx::FindSession(std::string_view token_hash) {
  static const std::string sql =
      "SELECT token_hash, user_id, created_at, last_seen_at FROM sessions WHERE token_hash = ?";
  return QueryOne<domain::SessionRecord>(
      db_, sql, [&](Statement& s) { s.Bind(token_hash); },
      [](const Statement& s) {
        return domain::SessionRecord{s.Text(0), s.Text(1), FromMicros(s.Int(2)), FromMicros(s.Int(3))};
      });
}

Result<std::optional<domain::ApiKey>> SqliteTx::FindApiKey(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kApiKeyColumns, " FROM api_keys WHERE id = ?");
  return QueryOne<domain::ApiKey>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadApiKey);
}

Result<std::vector<domain::ApiKey>> SqliteTx::ListApiKeys() {
  static const std::string sql = Sql("SELECT ", kApiKeyColumns, " FROM api_keys ORDER BY id");
  return QueryAll<domain::ApiKey>(
      db_, sql, [](Statement&) {}, ReadApiKey);
}

Result<std::optional<domain::IdempotencyRecord>> SqliteTx::FindIdempotencyRecord(std::string_view scope,
                                                                                 std::string_view key) {
  static const std::string sql =
      "SELECT scope, key, fingerprint, status, body, location, created_at, expires_at FROM idempotency_records "
      "WHERE scope = ? AND key = ?";
  return QueryOne<domain::IdempotencyRecord>(
      db_, sql, [&](Statement& s) { s.Bind(scope).Bind(key); },
      [](const Statement& s) {
        return domain::IdempotencyRecord{s.Text(0),
                                         s.Text(1),
                                         s.Text(2),
                                         static_cast<int>(s.Int(3)),
                                         s.Text(4),
                                         s.Text(5),
                                         FromMicros(s.Int(6)),
                                         FromMicros(s.Int(7))};
      });
}

Result<std::optional<std::string>> SqliteTx::GetSetting(std::string_view name) {
  static const std::string sql = "SELECT value FROM settings WHERE name = ?";
  return QueryOne<std::string>(
      db_, sql, [&](Statement& s) { s.Bind(name); }, [](const Statement& s) { return s.Text(0); });
}

Status SqliteTx::InsertProgram(const Program& p) {
  static const std::string sql =
      Sql("INSERT INTO programs (", kProgramColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(p.id).Bind(p.name).Bind(p.slug).Bind(domain::ToString(p.kind)).Bind(p.description).Bind(p.landing_url);
  s.Bind(p.attribution_window_days).Bind(p.currency).Bind(domain::ToString(p.status));
  s.Bind(ToMicros(p.created_at)).Bind(ToMicros(p.updated_at));
  BindPolicy(s, p.referral_policy);
  BindBranding(s, p.branding);
  return RunUnique(s, "slug");
}

Status SqliteTx::UpdateProgram(const Program& p) {
  static const std::string sql =
      "UPDATE programs SET name = ?, slug = ?, description = ?, landing_url = ?, attribution_window_days = ?, "
      "currency = ?, status = ?, updated_at = ?, uses_opportunity = ?, duplicate_window_days = ?, velocity_limit = ?, "
      "ip_velocity_limit = ?, velocity_window_hours = ?, same_domain_is_self_referral = ?, reversal_window_days = ?, "
      "phone_region = ?, brand_color = ?, logo_url = ?, share_message = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(p.name).Bind(p.slug).Bind(p.description).Bind(p.landing_url).Bind(p.attribution_window_days);
  s.Bind(p.currency).Bind(domain::ToString(p.status)).Bind(ToMicros(p.updated_at));
  BindPolicy(s, p.referral_policy);
  BindBranding(s, p.branding);
  s.Bind(p.id);
  return RunUnique(s, "slug");
}

Status SqliteTx::InsertPerson(const domain::Person& p) {
  static const std::string sql = "INSERT INTO people (id, email_normalized, created_at) VALUES (?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(p.id).Bind(p.email_normalized).Bind(ToMicros(p.created_at));
  return RunUnique(s, "email");
}

Status SqliteTx::WriteAdvocateDetails(const Advocate& a) {
  {
    static const std::string sql = "INSERT INTO advocate_attributes (advocate_id, name, kind, value) VALUES (?,?,?,?)";
    for (const auto& [key, value] : a.attributes) {
      BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
      s.Bind(a.id).Bind(key).Bind(AttributeKindName(value.kind)).Bind(value.text);
      BB_RETURN_IF_ERROR(RunUnique(s, "attributes"));
    }
  }
  static const std::string sql = "INSERT INTO advocate_tags (advocate_id, tag) VALUES (?,?)";
  for (const auto& tag : a.tags) {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
    s.Bind(a.id).Bind(tag);
    BB_RETURN_IF_ERROR(RunUnique(s, "tags"));
  }
  return Ok();
}

Status SqliteTx::Atomically(const std::function<Status()>& steps) {
  BB_RETURN_IF_ERROR(db_.Run("SAVEPOINT tx_step"));
  Status outcome = steps();
  if (!outcome.ok()) BB_RETURN_IF_ERROR(db_.Run("ROLLBACK TO tx_step"));
  BB_RETURN_IF_ERROR(db_.Run("RELEASE tx_step"));
  return outcome;
}

Status SqliteTx::InsertAdvocate(const Advocate& a) {
  static const std::string sql =
      "INSERT INTO advocates (id, program_id, person_id, code, source, enrolled_by, status, created_at, updated_at, "
      "email, first_name, last_name, company) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(a.id).Bind(a.program_id).Bind(a.person.id).Bind(a.code).Bind(domain::ToString(a.source)).Bind(a.enrolled_by);
  s.Bind(domain::ToString(a.status)).Bind(ToMicros(a.created_at)).Bind(ToMicros(a.updated_at));
  s.Bind(a.email).Bind(a.first_name).Bind(a.last_name).Bind(a.company);
  return Atomically([&]() -> Status {
    Status inserted = s.Run();
    if (!inserted.ok()) {
      if (inserted.error().code() != ErrorCode::kConflict) return inserted;
      std::string column = UniqueViolationColumn(inserted.error());
      std::string field = column == "code" ? "code" : "person";  // the other key is (program_id, person_id)
      return Error(ErrorCode::kConflict, "A uniqueness key is taken.", {{field, "is already taken"}});
    }
    return WriteAdvocateDetails(a);
  });
}

Status SqliteTx::UpdateAdvocate(const Advocate& a) {
  return Atomically([&]() -> Status {
    {
      static const std::string sql =
          "UPDATE advocates SET first_name = ?, last_name = ?, company = ?, status = ?, updated_at = ? WHERE id = ?";
      BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
      s.Bind(a.first_name).Bind(a.last_name).Bind(a.company).Bind(domain::ToString(a.status));
      s.Bind(ToMicros(a.updated_at)).Bind(a.id);
      BB_RETURN_IF_ERROR(s.Run());
    }
    for (const char* sql :
         {"DELETE FROM advocate_attributes WHERE advocate_id = ?", "DELETE FROM advocate_tags WHERE advocate_id = ?"}) {
      BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
      s.Bind(a.id);
      BB_RETURN_IF_ERROR(s.Run());
    }
    return WriteAdvocateDetails(a);
  });
}

Status SqliteTx::InsertClick(const domain::Click& c) {
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

Status SqliteTx::InsertUser(const domain::User& u) {
  static const std::string sql = Sql("INSERT INTO users (", kUserColumns, ") VALUES (?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(u.id).Bind(u.email).Bind(u.name).Bind(domain::ToString(u.role)).Bind(u.password_hash).Bind(u.disabled);
  s.Bind(ToMicros(u.created_at));
  return RunUnique(s, "email");
}

Status SqliteTx::InsertSession(const domain::SessionRecord& r) {
  static const std::string sql =
      "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at) VALUES (?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.token_hash).Bind(r.user_id).Bind(ToMicros(r.created_at)).Bind(ToMicros(r.last_seen_at));
  return s.Run();
}

Status SqliteTx::TouchSession(std::string_view token_hash, Timestamp last_seen_at) {
  static const std::string sql = "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(last_seen_at)).Bind(token_hash);
  return s.Run();
}

Status SqliteTx::DeleteSession(std::string_view token_hash) {
  static const std::string sql = "DELETE FROM sessions WHERE token_hash = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(token_hash);
  return s.Run();
}

Result<std::int64_t> SqliteTx::DeleteStaleSessions(Timestamp idle_before, Timestamp created_before) {
  static const std::string staff = "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?";
  static const std::string advocates = "DELETE FROM advocate_sessions WHERE last_seen_at < ? OR created_at < ?";
  std::int64_t deleted = 0;
  for (const std::string* sql : {&staff, &advocates}) {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(*sql));
    s.Bind(ToMicros(idle_before)).Bind(ToMicros(created_before));
    BB_RETURN_IF_ERROR(s.Run());
    deleted += static_cast<std::int64_t>(sqlite3_changes(db_.handle()));
  }
  return deleted;
}

Status SqliteTx::InsertApiKey(const domain::ApiKey& k) {
  static const std::string sql = Sql("INSERT INTO api_keys (", kApiKeyColumns, ") VALUES (?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(k.id).Bind(k.name).Bind(domain::ToString(k.role)).Bind(k.secret_hash).Bind(k.created_by);
  s.Bind(ToMicros(k.created_at));
  if (k.revoked_at) {
    s.Bind(ToMicros(*k.revoked_at));
  } else {
    s.BindNull();
  }
  return s.Run();
}

Status SqliteTx::RevokeApiKey(std::string_view id, Timestamp when) {
  static const std::string sql = "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(when)).Bind(id);
  return s.Run();
}

Status SqliteTx::InsertIdempotencyRecord(const domain::IdempotencyRecord& r) {
  static const std::string sql =
      "INSERT INTO idempotency_records (scope, key, fingerprint, status, body, location, created_at, expires_at) "
      "VALUES (?,?,?,?,?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.scope).Bind(r.key).Bind(r.fingerprint).Bind(r.status).Bind(r.body).Bind(r.location);
  s.Bind(ToMicros(r.created_at)).Bind(ToMicros(r.expires_at));
  return RunUnique(s, "key");
}

Result<std::int64_t> SqliteTx::DeleteExpiredIdempotencyRecords(Timestamp now) {
  static const std::string sql = "DELETE FROM idempotency_records WHERE expires_at <= ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(now));
  BB_RETURN_IF_ERROR(s.Run());
  return static_cast<std::int64_t>(sqlite3_changes(db_.handle()));
}

Status SqliteTx::PutSetting(std::string_view name, std::string_view value) {
  static const std::string sql =
      "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(name).Bind(value);
  return s.Run();
}

}  // namespace bb::store::sqlite

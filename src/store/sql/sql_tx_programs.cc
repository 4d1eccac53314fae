// SqlTx: programs.

#include "store/sql/query_helpers.h"
#include "store/sql/referral_summary.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

namespace {

using domain::Program;

constexpr std::string_view kProgramColumns =
    "id, name, slug, kind, description, landing_url, attribution_window_days, currency, status, created_at, "
    "updated_at, uses_opportunity, duplicate_window_days, velocity_limit, ip_velocity_limit, velocity_window_hours, "
    "same_domain_is_self_referral, reversal_window_days, phone_region, brand_color, logo_url, share_message, "
    "portal_headline, landing_headline, "
    "landing_intro";

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
  p.branding.portal_headline = s.Text(22);
  p.branding.landing_headline = s.Text(23);
  p.branding.landing_intro = s.Text(24);
  return p;
}

void BindPolicy(Statement& s, const domain::ReferralPolicy& policy) {
  s.Bind(policy.uses_opportunity).Bind(policy.duplicate_window_days).Bind(policy.velocity_limit);
  s.Bind(policy.ip_velocity_limit).Bind(policy.velocity_window_hours).Bind(policy.same_domain_is_self_referral);
  s.Bind(policy.reversal_window_days).Bind(policy.phone_region);
}

void BindBranding(Statement& s, const domain::Branding& branding) {
  s.Bind(branding.color).Bind(branding.logo_url).Bind(branding.share_message).Bind(branding.portal_headline);
  s.Bind(branding.landing_headline).Bind(branding.landing_intro);
}

}  // namespace

Result<std::optional<Program>> SqlTx::FindProgram(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kProgramColumns, " FROM programs WHERE id = ?");
  return QueryOne<Program>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadProgram);
}

Result<std::optional<Program>> SqlTx::FindProgramBySlug(std::string_view slug) {
  static const std::string sql = Sql("SELECT ", kProgramColumns, " FROM programs WHERE slug = ?");
  return QueryOne<Program>(
      db_, sql, [&](Statement& s) { s.Bind(slug); }, ReadProgram);
}

Result<std::vector<Program>> SqlTx::ListPrograms(const ProgramQuery& query) {
  static const std::string sql =
      Sql("SELECT ", kProgramColumns,
          " FROM programs WHERE (? = '' OR status = ?) AND (? = '' OR id < ?) ORDER BY id DESC LIMIT ?");
  std::string status = query.status ? std::string(domain::ToString(*query.status)) : "";
  return QueryAll<Program>(
      db_, sql,
      [&](Statement& s) { s.Bind(status).Bind(status).Bind(query.before_id).Bind(query.before_id).Bind(query.limit); },
      ReadProgram);
}

Result<bool> SqlTx::ProgramHasMoney(std::string_view program_id) {
  static const std::string sql =
      "SELECT EXISTS (SELECT 1 FROM rewards WHERE program_id = ?1) OR "
      "EXISTS (SELECT 1 FROM referrals WHERE program_id = ?1 AND stage = 'won') OR "
      "EXISTS (SELECT 1 FROM program_months WHERE program_id = ?1) OR "
      "EXISTS (SELECT 1 FROM catalog_items WHERE program_id = ?1 AND reward_kind IS NOT NULL)";
  BB_ASSIGN_OR_RETURN(auto has, QueryOne<bool>(
                                    db_, sql, [&](Statement& s) { s.Bind(program_id); },
                                    [](const Statement& s) { return s.Int(0) != 0; }));
  return has.value_or(false);
}

Status SqlTx::InsertProgram(const Program& p) {
  static const std::string sql =
      Sql("INSERT INTO programs (", kProgramColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(p.id).Bind(p.name).Bind(p.slug).Bind(domain::ToString(p.kind)).Bind(p.description).Bind(p.landing_url);
  s.Bind(p.attribution_window_days).Bind(p.currency).Bind(domain::ToString(p.status));
  s.Bind(ToMicros(p.created_at)).Bind(ToMicros(p.updated_at));
  BindPolicy(s, p.referral_policy);
  BindBranding(s, p.branding);
  return RunUnique(s, "slug");
}

Status SqlTx::UpdateProgram(const Program& p) {
  static const std::string sql =
      "UPDATE programs SET name = ?, slug = ?, description = ?, landing_url = ?, attribution_window_days = ?, "
      "currency = ?, status = ?, updated_at = ?, uses_opportunity = ?, duplicate_window_days = ?, velocity_limit = ?, "
      "ip_velocity_limit = ?, velocity_window_hours = ?, same_domain_is_self_referral = ?, reversal_window_days = ?, "
      "phone_region = ?, brand_color = ?, logo_url = ?, share_message = ?, portal_headline = ?, landing_headline = ?, "
      "landing_intro = ? WHERE id = ?";
  // A referral whose deal has no currency of its own counts in the program's (store/sql/
  // referral_summary.h): a new currency moves its figures, so the program's summaries are rebuilt.
  // (A program's currency changes only while it has no money: few rows to rebuild.)
  BB_ASSIGN_OR_RETURN(auto was, QueryOne<std::string>(
                                    db_, "SELECT currency FROM programs WHERE id = ?",
                                    [&](Statement& q) { q.Bind(p.id); }, [](const Statement& q) { return q.Text(0); }));
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(p.name).Bind(p.slug).Bind(p.description).Bind(p.landing_url).Bind(p.attribution_window_days);
  s.Bind(p.currency).Bind(domain::ToString(p.status)).Bind(ToMicros(p.updated_at));
  BindPolicy(s, p.referral_policy);
  BindBranding(s, p.branding);
  s.Bind(p.id);
  BB_RETURN_IF_ERROR(RunUnique(s, "slug"));
  if (was && *was != p.currency) return RebuildAllReferralDays(db_, p.id);
  return Ok();
}

Result<std::vector<domain::ProgramMonth>> SqlTx::ListProgramMonths(std::string_view program_id,
                                                                   std::string_view from_month,
                                                                   std::string_view before_month) {
  static const std::string sql =
      "SELECT m.program_id, m.month, p.currency, m.cost_minor, m.total_pipeline_minor, m.total_revenue_minor, m.note, "
      "m.updated_by, m.updated_at, m.total_customers_at_start, m.total_new_customers, m.total_churned_customers "
      "FROM program_months m JOIN programs p ON p.id = m.program_id WHERE (? = '' OR m.program_id = ?) AND m.month >= "
      "? AND m.month < ? ORDER BY m.program_id, m.month";
  return QueryAll<domain::ProgramMonth>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(program_id).Bind(from_month).Bind(before_month); },
      [](const Statement& s) {
        auto optional = [&s](int column) {
          return s.IsNull(column) ? std::optional<std::int64_t>() : std::optional<std::int64_t>(s.Int(column));
        };
        domain::ProgramMonth m;
        m.program_id = s.Text(0);
        m.month = s.Text(1);
        m.currency = s.Text(2);
        m.cost_minor = optional(3);
        m.total_pipeline_minor = optional(4);
        m.total_revenue_minor = optional(5);
        m.note = s.Text(6);
        m.updated_by = s.Text(7);
        m.updated_at = FromMicros(s.Int(8));
        m.total_customers_at_start = optional(9);
        m.total_new_customers = optional(10);
        m.total_churned_customers = optional(11);
        return m;
      });
}

Status SqlTx::PutProgramMonth(const domain::ProgramMonth& m) {
  static const std::string sql =
      "INSERT INTO program_months (program_id, month, cost_minor, total_pipeline_minor, total_revenue_minor, "
      "total_customers_at_start, total_new_customers, total_churned_customers, note, updated_by, updated_at) VALUES "
      "(?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (program_id, month) DO UPDATE SET cost_minor = excluded.cost_minor, "
      "total_pipeline_minor = excluded.total_pipeline_minor, total_revenue_minor = excluded.total_revenue_minor, "
      "total_customers_at_start = excluded.total_customers_at_start, total_new_customers = "
      "excluded.total_new_customers, total_churned_customers = excluded.total_churned_customers, note = "
      "excluded.note, updated_by = excluded.updated_by, updated_at = excluded.updated_at";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(m.program_id)
      .Bind(m.month)
      .Bind(m.cost_minor)
      .Bind(m.total_pipeline_minor)
      .Bind(m.total_revenue_minor)
      .Bind(m.total_customers_at_start)
      .Bind(m.total_new_customers)
      .Bind(m.total_churned_customers)
      .Bind(m.note)
      .Bind(m.updated_by)
      .Bind(ToMicros(m.updated_at));
  return s.Run();
}

Result<bool> SqlTx::DeleteProgramMonth(std::string_view program_id, std::string_view month) {
  static const std::string sql = "DELETE FROM program_months WHERE program_id = ? AND month = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(program_id).Bind(month);
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes() == 1;
}

Result<domain::ProgramLanguage> SqlTx::ReadProgramLanguage(std::string_view program_id) {
  domain::ProgramLanguage settings;
  {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare("SELECT language FROM program_languages WHERE program_id = ?"));
    s.Bind(program_id);
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) return settings;
    settings.language = s.Text(0);
  }
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare("SELECT key, text FROM program_messages WHERE program_id = ?"));
  s.Bind(program_id);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    settings.messages.emplace(s.Text(0), s.Text(1));
  }
  return settings;
}

Status SqlTx::PutProgramLanguage(std::string_view program_id, const domain::ProgramLanguage& settings) {
  {
    BB_ASSIGN_OR_RETURN(Statement s,
                        db_.Prepare("INSERT INTO program_languages (program_id, language) VALUES (?, ?) "
                                    "ON CONFLICT (program_id) DO UPDATE SET language = excluded.language"));
    s.Bind(program_id).Bind(settings.language);
    BB_RETURN_IF_ERROR(s.Run());
  }
  {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare("DELETE FROM program_messages WHERE program_id = ?"));
    s.Bind(program_id);
    BB_RETURN_IF_ERROR(s.Run());
  }
  for (const auto& [key, text] : settings.messages) {
    BB_ASSIGN_OR_RETURN(Statement s,
                        db_.Prepare("INSERT INTO program_messages (program_id, key, text) VALUES (?, ?, ?)"));
    s.Bind(program_id).Bind(key).Bind(text);
    BB_RETURN_IF_ERROR(s.Run());
  }
  return Ok();
}

}  // namespace bb::store::sql

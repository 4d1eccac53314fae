// The campaigns' statements.

#include <boost/json.hpp>

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

namespace {

namespace json = boost::json;

constexpr std::string_view kCampaignColumns =
    "id, program_id, name, kind, state, send_at, reminders_after_days, created_by, created_at, completed_at, "
    "throttle_days, triggered_by, quiet_days";
constexpr std::string_view kRecipientColumns =
    "campaign_id, email, first_name, last_name, company, advocate_id, token_hash, first_sent_at, reminders_sent, "
    "next_send_at, last_message_id, delivered_at, bounced_at, opened_at, joined_at, stop_reason, stopped_at, "
    "nps_response_id, added_at";
// Whether the recipient's advocate acted from when they were added on (recipients without added_at:
// the campaign's creation, bound once per condition); never for someone who was an advocate before.
constexpr std::string_view kSharedSince =
    "(r.advocate_id <> '' AND r.stop_reason <> 'already_advocate' AND EXISTS (SELECT 1 FROM click_advocates ka "
    "JOIN clicks k ON k.advocate_ref = ka.id WHERE ka.advocate_id = r.advocate_id AND k.is_bot = 0 "
    "AND k.occurred_at >= COALESCE(r.added_at, ?)))";
constexpr std::string_view kReferredSince =
    "(r.advocate_id <> '' AND r.stop_reason <> 'already_advocate' AND EXISTS (SELECT 1 FROM referrals f WHERE "
    "f.advocate_id = r.advocate_id AND "
    "f.created_at >= COALESCE(r.added_at, ?)))";

std::optional<Timestamp> OptionalTime(const Statement& s, int column) {
  if (s.IsNull(column)) return std::nullopt;
  return FromMicros(s.Int(column));
}

void BindTime(Statement& s, const std::optional<Timestamp>& at) {
  if (at) {
    s.Bind(ToMicros(*at));
  } else {
    s.BindNull();
  }
}

// A recipient's columns from first_sent_at to added_at, in kRecipientColumns' order.
void BindProgress(Statement& s, const domain::CampaignRecipient& r) {
  BindTime(s, r.first_sent_at);
  s.Bind(r.reminders_sent);
  BindTime(s, r.next_send_at);
  s.Bind(r.last_message_id);
  BindTime(s, r.delivered_at);
  BindTime(s, r.bounced_at);
  BindTime(s, r.opened_at);
  BindTime(s, r.joined_at);
  s.Bind(domain::ToString(r.stop));
  BindTime(s, r.stopped_at);
  if (r.nps_response_id.empty()) {
    s.BindNull();
  } else {
    s.Bind(r.nps_response_id);
  }
  BindTime(s, r.added_at);
}

std::string DaysToJson(const std::vector<std::int64_t>& days) {
  json::array out;
  for (std::int64_t day : days) out.emplace_back(day);
  return json::serialize(out);
}

std::vector<std::int64_t> DaysFromJson(std::string_view text) {
  std::vector<std::int64_t> out;
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_array()) return out;
  for (const auto& day : parsed.as_array()) {
    if (day.is_int64()) out.push_back(day.as_int64());
  }
  return out;
}

domain::Campaign ReadCampaign(const Statement& s) {
  domain::Campaign c;
  c.id = s.Text(0);
  c.program_id = s.Text(1);
  c.name = s.Text(2);
  c.kind = domain::ParseCampaignKind(s.Text(3)).value_or(domain::CampaignKind::kInvitation);
  c.state = domain::ParseCampaignState(s.Text(4)).value_or(domain::CampaignState::kScheduled);
  c.send_at = FromMicros(s.Int(5));
  c.reminders_after_days = DaysFromJson(s.Text(6));
  c.created_by = s.Text(7);
  c.created_at = FromMicros(s.Int(8));
  c.completed_at = OptionalTime(s, 9);
  c.throttle_days = s.Int(10);
  c.trigger = domain::ParseCampaignTrigger(s.Text(11)).value_or(domain::CampaignTrigger::kNone);
  c.quiet_days = s.Int(12);
  return c;
}

domain::CampaignRecipient ReadRecipient(const Statement& s) {
  domain::CampaignRecipient r;
  r.campaign_id = s.Text(0);
  r.email = s.Text(1);
  r.first_name = s.Text(2);
  r.last_name = s.Text(3);
  r.company = s.Text(4);
  r.advocate_id = s.Text(5);
  r.token_hash = s.Text(6);
  r.first_sent_at = OptionalTime(s, 7);
  r.reminders_sent = s.Int(8);
  r.next_send_at = OptionalTime(s, 9);
  r.last_message_id = s.Text(10);
  r.delivered_at = OptionalTime(s, 11);
  r.bounced_at = OptionalTime(s, 12);
  r.opened_at = OptionalTime(s, 13);
  r.joined_at = OptionalTime(s, 14);
  r.stop = domain::ParseRecipientStop(s.Text(15)).value_or(domain::RecipientStop::kNone);
  r.stopped_at = OptionalTime(s, 16);
  if (!s.IsNull(17)) r.nps_response_id = s.Text(17);
  r.added_at = OptionalTime(s, 18);
  return r;
}

}  // namespace

Result<std::optional<domain::Campaign>> SqlTx::FindCampaign(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kCampaignColumns, " FROM campaigns WHERE id = ?");
  return QueryOne<domain::Campaign>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadCampaign);
}

Result<std::vector<domain::Campaign>> SqlTx::ListCampaigns(std::string_view program_id, std::string_view created_by,
                                                           std::string_view before_id, int limit) {
  Filters filters;
  filters.When("program_id = ?", program_id);
  filters.When("created_by = ?", created_by);
  filters.When("id < ?", before_id);
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(Sql("SELECT ", kCampaignColumns, " FROM campaigns", filters.Where(),
                                                   " ORDER BY id DESC LIMIT ?")));
  filters.Bind(s);
  s.Bind(limit);
  std::vector<domain::Campaign> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadCampaign(s));
  }
  return out;
}

Result<std::vector<CampaignRecipientRow>> SqlTx::ListCampaignRecipients(std::string_view campaign_id,
                                                                        std::string_view after_email, int limit) {
  BB_ASSIGN_OR_RETURN(auto campaign, FindCampaign(campaign_id));
  if (!campaign) return std::vector<CampaignRecipientRow>{};
  static const std::string sql =
      Sql("SELECT ", kRecipientColumns, ", ", kSharedSince, ", ", kReferredSince,
          " FROM campaign_recipients r WHERE r.campaign_id = ? AND r.email > ? ORDER BY r.email LIMIT ?");
  return QueryAll<CampaignRecipientRow>(
      db_, sql,
      [&](Statement& s) {
        s.Bind(ToMicros(campaign->created_at)).Bind(ToMicros(campaign->created_at));
        s.Bind(campaign_id).Bind(after_email).Bind(limit);
      },
      [](const Statement& s) {
        return CampaignRecipientRow{ReadRecipient(s), s.Int(19) != 0, s.Int(20) != 0};
      });
}

Result<std::optional<domain::Campaign>> SqlTx::FindAutomaticCampaign(std::string_view program_id,
                                                                     domain::CampaignKind kind) {
  static const std::string sql =
      Sql("SELECT ", kCampaignColumns,
          " FROM campaigns WHERE program_id = ? AND kind = ? AND triggered_by <> '' ORDER BY "
          "CASE WHEN state IN ('scheduled', 'running') THEN 0 ELSE 1 END, created_at DESC, "
          "id DESC LIMIT 1");
  return QueryOne<domain::Campaign>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(domain::ToString(kind)); }, ReadCampaign);
}

Result<std::optional<domain::CampaignRecipient>> SqlTx::FindCampaignRecipient(std::string_view campaign_id,
                                                                              std::string_view email) {
  static const std::string sql =
      Sql("SELECT ", kRecipientColumns, " FROM campaign_recipients WHERE campaign_id = ? AND email = ?");
  return QueryOne<domain::CampaignRecipient>(
      db_, sql, [&](Statement& s) { s.Bind(campaign_id).Bind(email); }, ReadRecipient);
}

Result<std::optional<domain::CampaignRecipient>> SqlTx::FindCampaignRecipientByToken(std::string_view token_hash) {
  static const std::string sql =
      Sql("SELECT ", kRecipientColumns, " FROM campaign_recipients WHERE token_hash = ? AND token_hash <> ''");
  return QueryOne<domain::CampaignRecipient>(
      db_, sql, [&](Statement& s) { s.Bind(token_hash); }, ReadRecipient);
}

Result<domain::CampaignCounts> SqlTx::CountCampaign(const domain::Campaign& campaign) {
  static const std::string sql = Sql(
      "SELECT COUNT(*), "
      "COALESCE(SUM(CASE WHEN first_sent_at IS NOT NULL THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN first_sent_at IS NOT NULL AND (bounced_at IS NOT NULL OR stop_reason = 'bounced') THEN "
      "1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN opened_at IS NOT NULL THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN joined_at IS NOT NULL OR (r.stop_reason <> 'already_advocate' AND ? = 'invitation' AND "
      "EXISTS (SELECT 1 FROM people p JOIN advocates a ON a.person_id = p.id WHERE p.email_normalized = r.email AND "
      "a.program_id = ? AND a.created_at >= COALESCE(r.added_at, ?))) THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN ",
      kSharedSince, " THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN ", kReferredSince,
      " THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM suppressions s WHERE s.email = r.email AND s.reason IN "
      "('unsubscribe', 'staff') AND s.created_at >= COALESCE(r.added_at, ?)) THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(reminders_sent), 0), "
      "COALESCE(SUM(CASE WHEN nps_response_id IS NOT NULL THEN 1 ELSE 0 END), 0), "
      "COALESCE(SUM(CASE WHEN stop_reason = 'throttled' THEN 1 ELSE 0 END), 0) "
      "FROM campaign_recipients r WHERE r.campaign_id = ?");
  const std::int64_t since = ToMicros(campaign.created_at);
  BB_ASSIGN_OR_RETURN(auto counts, QueryOne<domain::CampaignCounts>(
                                       db_, sql,
                                       [&](Statement& s) {
                                         s.Bind(domain::ToString(campaign.kind)).Bind(campaign.program_id).Bind(since);
                                         s.Bind(since).Bind(since).Bind(since).Bind(campaign.id);
                                       },
                                       [](const Statement& s) {
                                         return domain::CampaignCounts{s.Int(0), s.Int(1), s.Int(2),  s.Int(3),
                                                                       s.Int(4), s.Int(5), s.Int(6),  s.Int(7),
                                                                       s.Int(8), s.Int(9), s.Int(10), s.Int(11)};
                                       }));
  return counts.value_or(domain::CampaignCounts{});
}

Result<bool> SqlTx::HasOpenCampaignEmail(std::string_view program_id, domain::CampaignKind kind,
                                         std::string_view email) {
  static const std::string sql =
      "SELECT 1 FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id WHERE r.email = ? AND "
      "c.program_id = ? AND c.kind = ? AND r.stop_reason = '' LIMIT 1";
  BB_ASSIGN_OR_RETURN(auto found,
                      QueryOne<bool>(
                          db_, sql, [&](Statement& s) { s.Bind(email).Bind(program_id).Bind(domain::ToString(kind)); },
                          [](const Statement&) { return true; }));
  return found.has_value();
}

Result<std::vector<std::string>> SqlTx::ListIdleAdvocateIds(std::string_view program_id, int limit) {
  static const std::string sql =
      "SELECT a.id FROM advocates a WHERE a.program_id = ? AND a.status = 'active' AND NOT EXISTS (SELECT 1 FROM "
      "click_advocates ka JOIN clicks k ON k.advocate_ref = ka.id WHERE ka.advocate_id = a.id AND k.is_bot = 0) AND "
      "NOT EXISTS (SELECT 1 FROM referrals f WHERE "
      "f.advocate_id = a.id) ORDER BY a.id LIMIT ?";
  return QueryAll<std::string>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(limit); }, [](const Statement& s) { return s.Text(0); });
}

Result<std::optional<Timestamp>> SqlTx::LastCampaignEmailAt(std::string_view program_id, domain::CampaignKind kind,
                                                            std::string_view email) {
  static const std::string sql =
      "SELECT MAX(r.first_sent_at) FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id WHERE r.email = "
      "? AND (? = '' OR c.program_id = ?) AND c.kind = ?";
  BB_ASSIGN_OR_RETURN(
      auto last,
      QueryOne<std::optional<Timestamp>>(
          db_, sql, [&](Statement& s) { s.Bind(email).Bind(program_id).Bind(program_id).Bind(domain::ToString(kind)); },
          [](const Statement& s) { return OptionalTime(s, 0); }));
  return last.value_or(std::nullopt);
}

Result<std::vector<domain::CampaignRecipient>> SqlTx::ListAdvocatesToSurvey(std::string_view program_id,
                                                                            Timestamp sent_since, int limit) {
  static const std::string sql =
      "SELECT a.id, p.email_normalized, a.first_name, a.last_name, a.company FROM advocates a JOIN people p ON p.id = "
      "a.person_id WHERE a.program_id = ? AND a.status = 'active' AND NOT EXISTS (SELECT 1 FROM campaign_recipients r "
      "JOIN campaigns c ON c.id = r.campaign_id WHERE r.email = p.email_normalized AND c.kind = 'nps_survey' AND "
      "(r.first_sent_at > ? OR (r.first_sent_at IS NULL AND r.stop_reason = ''))) ORDER BY a.id LIMIT ?";
  return QueryAll<domain::CampaignRecipient>(
      db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(ToMicros(sent_since)).Bind(limit); },
      [](const Statement& s) {
        domain::CampaignRecipient r;
        r.advocate_id = s.Text(0);
        r.email = s.Text(1);
        r.first_name = s.Text(2);
        r.last_name = s.Text(3);
        r.company = s.Text(4);
        return r;
      });
}

Result<bool> SqlTx::AdvocateActedSince(std::string_view advocate_id, Timestamp since) {
  static const std::string sql =
      Sql("SELECT CASE WHEN ", kSharedSince, " OR ", kReferredSince,
          " THEN 1 ELSE 0 END FROM (SELECT CAST(? AS TEXT) AS advocate_id, '' AS stop_reason, CAST(NULL AS BIGINT) AS "
          "added_at) r");
  BB_ASSIGN_OR_RETURN(
      auto acted, QueryOne<bool>(
                      db_, sql, [&](Statement& s) { s.Bind(ToMicros(since)).Bind(ToMicros(since)).Bind(advocate_id); },
                      [](const Statement& s) { return s.Int(0) != 0; }));
  return acted.value_or(false);
}

Status SqlTx::InsertCampaign(const domain::Campaign& c) {
  static const std::string sql =
      Sql("INSERT INTO campaigns (", kCampaignColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(c.id).Bind(c.program_id).Bind(c.name).Bind(domain::ToString(c.kind)).Bind(domain::ToString(c.state));
  s.Bind(ToMicros(c.send_at)).Bind(DaysToJson(c.reminders_after_days)).Bind(c.created_by).Bind(ToMicros(c.created_at));
  BindTime(s, c.completed_at);
  s.Bind(c.throttle_days).Bind(domain::ToString(c.trigger)).Bind(c.quiet_days);
  return s.Run();
}

Status SqlTx::UpdateCampaign(const domain::Campaign& c) {
  static const std::string sql = "UPDATE campaigns SET state = ?, completed_at = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(domain::ToString(c.state));
  BindTime(s, c.completed_at);
  s.Bind(c.id);
  return s.Run();
}

Status SqlTx::InsertCampaignRecipient(const domain::CampaignRecipient& r) {
  static const std::string sql =
      Sql("INSERT INTO campaign_recipients (", kRecipientColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.campaign_id).Bind(r.email).Bind(r.first_name).Bind(r.last_name).Bind(r.company).Bind(r.advocate_id);
  s.Bind(r.token_hash);
  BindProgress(s, r);
  return s.Run();
}

Status SqlTx::UpdateCampaignRecipient(const domain::CampaignRecipient& r) {
  static const std::string sql =
      "UPDATE campaign_recipients SET first_name = ?, last_name = ?, company = ?, advocate_id = ?, first_sent_at = ?, "
      "reminders_sent = ?, next_send_at = ?, last_message_id = ?, delivered_at = ?, bounced_at = ?, opened_at = ?, "
      "joined_at = ?, stop_reason = ?, stopped_at = ?, nps_response_id = ?, added_at = ? WHERE campaign_id = ? AND "
      "email = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(r.first_name).Bind(r.last_name).Bind(r.company).Bind(r.advocate_id);
  BindProgress(s, r);
  s.Bind(r.campaign_id).Bind(r.email);
  return s.Run();
}

Result<std::vector<domain::CampaignRecipient>> SqlTx::ClaimDueCampaignRecipients(Timestamp now, int limit) {
  // SQLite has one writer at a time; PostgreSQL's form locks the rows for this transaction and
  // skips those another has locked, so that instances never send the same email twice.
  static const std::string sqlite_sql =
      Sql("SELECT ", kRecipientColumns,
          " FROM campaign_recipients r WHERE next_send_at IS NOT NULL AND next_send_at <= ? AND stop_reason = '' "
          // The next email waits while the last one is still in the outbox (SMTP down): they would
          // arrive together, and the first one's fate would go unrecorded.
          "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.target = r.email AND o.message_id = r.last_message_id AND "
          "o.state = 'pending') ORDER BY next_send_at LIMIT ?");
  static const std::string postgres_sql = sqlite_sql + " FOR UPDATE SKIP LOCKED";
  return QueryAll<domain::CampaignRecipient>(
      db_, db_.dialect() == Dialect::kPostgres ? postgres_sql : sqlite_sql,
      [&](Statement& s) { s.Bind(ToMicros(now)).Bind(limit); }, ReadRecipient);
}

Result<std::vector<domain::Campaign>> SqlTx::ListFinishedCampaigns(Timestamp now) {
  static const std::string sql =
      Sql("SELECT ", kCampaignColumns,
          " FROM campaigns c WHERE c.state IN ('scheduled', 'running') AND c.send_at <= ? AND c.triggered_by = '' AND "
          "NOT EXISTS (SELECT 1 "
          "FROM campaign_recipients r WHERE r.campaign_id = c.id AND (r.next_send_at IS NOT NULL OR EXISTS (SELECT 1 "
          "FROM outbox o WHERE o.target = r.email AND o.message_id = r.last_message_id AND o.state = 'pending'))) "
          "ORDER BY c.id");
  return QueryAll<domain::Campaign>(
      db_, sql, [&](Statement& s) { s.Bind(ToMicros(now)); }, ReadCampaign);
}

Status SqlTx::NoteCampaignEmailOutcome(std::string_view message_id, bool delivered, Timestamp at) {
  static const std::string delivered_sql =
      "UPDATE campaign_recipients SET delivered_at = COALESCE(delivered_at, ?) WHERE last_message_id = ? AND "
      "last_message_id <> ''";
  static const std::string bounced_sql =
      "UPDATE campaign_recipients SET bounced_at = COALESCE(bounced_at, ?), next_send_at = CASE WHEN stop_reason = '' "
      "THEN NULL ELSE next_send_at END, stopped_at = CASE WHEN stop_reason = '' THEN ? ELSE stopped_at END, "
      "stop_reason = CASE WHEN stop_reason = '' THEN 'bounced' ELSE stop_reason END WHERE last_message_id = ? AND "
      "last_message_id <> ''";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(delivered ? delivered_sql : bounced_sql));
  s.Bind(ToMicros(at));
  if (!delivered) s.Bind(ToMicros(at));
  s.Bind(message_id);
  return s.Run();
}

Result<std::int64_t> SqlTx::KillCampaignEmails(std::string_view campaign_id, std::string_view error, Timestamp now) {
  static const std::string sql =
      "UPDATE outbox SET state = 'dead', finished_at = ?, last_error = ? WHERE state = 'pending' AND kind = 'email' "
      "AND message_id IN (SELECT last_message_id FROM campaign_recipients WHERE campaign_id = ? AND last_message_id "
      "<> '')";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(now)).Bind(error).Bind(campaign_id);
  BB_RETURN_IF_ERROR(s.Run());
  return static_cast<std::int64_t>(db_.Changes());
}

}  // namespace bb::store::sql

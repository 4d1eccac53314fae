// The connectors' statements: connectors (the stage map kept as a JSON object), the CRM queue with
// each referral's CRM ids, and the sync log.

#include <boost/json.hpp>
#include <limits>

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

namespace {

namespace json = boost::json;

constexpr std::string_view kConnectorColumns =
    "id, program_id, kind, base_url, auth_flow, auth_client_id, auth_username, sealed_secrets, stage_map, "
    "lead_source, lead_status, send, poll_seconds, enabled, health, health_message, resume_at, cursor, last_poll_at, "
    "next_poll_at, created_at, updated_at, sync_advocates, advocate_cursor, sync_scores, score_cursor, "
    "scores_scanned_at";

constexpr std::string_view kCrmRecordColumns =
    "connector_id, referral_id, state, version, attempts, due_at, lease_holder, crm_object, crm_id, crm_contact_id, "
    "crm_account_id, crm_deal_id, crm_modstamp, last_error, synced_at, updated_at, sent_score_points, sent_score_grade";

constexpr std::string_view kLogColumns = "id, connector_id, at, direction, outcome, referral_id, crm_id, message";

std::string EncodeStageMap(const std::map<std::string, domain::ReferralStage, std::less<>>& map) {
  json::object out;
  for (const auto& [crm_stage, stage] : map) out[crm_stage] = json::string(domain::ToString(stage));
  return json::serialize(out);
}

std::map<std::string, domain::ReferralStage, std::less<>> DecodeStageMap(std::string_view text) {
  std::map<std::string, domain::ReferralStage, std::less<>> out;
  boost::system::error_code ec;
  json::value parsed = json::parse(text, ec);
  if (ec || !parsed.is_object()) return out;
  for (const auto& [key, value] : parsed.as_object()) {
    if (!value.is_string()) continue;
    if (auto stage = domain::ParseReferralStage(value.as_string())) out.emplace(std::string(key), *stage);
  }
  return out;
}

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

domain::Connector ReadConnector(const Statement& s) {
  domain::Connector c;
  c.id = s.Text(0);
  c.program_id = s.Text(1);
  c.kind = domain::ParseConnectorKind(s.Text(2)).value_or(domain::ConnectorKind::kSalesforce);
  c.base_url = s.Text(3);
  c.auth = {s.Text(4), s.Text(5), s.Text(6)};
  c.sealed_secrets = s.Text(7);
  c.stage_map = DecodeStageMap(s.Text(8));
  c.lead_source = s.Text(9);
  c.lead_status = s.Text(10);
  c.send = domain::ParseConnectorSendPolicy(s.Text(11)).value_or(domain::ConnectorSendPolicy::kClear);
  c.poll_seconds = s.Int(12);
  c.enabled = s.Int(13) != 0;
  c.health = domain::ParseConnectorHealth(s.Text(14)).value_or(domain::ConnectorHealth::kBroken);
  c.health_message = s.Text(15);
  c.resume_at = OptionalTime(s, 16);
  c.cursor = s.Text(17);
  c.last_poll_at = OptionalTime(s, 18);
  c.next_poll_at = OptionalTime(s, 19);
  c.created_at = FromMicros(s.Int(20));
  c.updated_at = FromMicros(s.Int(21));
  c.sync_advocates = s.Int(22) != 0;
  c.advocate_cursor = s.Text(23);
  c.sync_scores = s.Int(24) != 0;
  c.score_cursor = s.Text(25);
  c.scores_scanned_at = OptionalTime(s, 26);
  return c;
}

// The columns from program_id to scores_scanned_at (without kind and created_at), as UpdateConnector
// writes them.
void BindConnectorState(Statement& s, const domain::Connector& c) {
  s.Bind(c.program_id).Bind(c.base_url).Bind(c.auth.flow).Bind(c.auth.client_id).Bind(c.auth.username);
  s.Bind(c.sealed_secrets).Bind(EncodeStageMap(c.stage_map)).Bind(c.lead_source).Bind(c.lead_status);
  s.Bind(domain::ToString(c.send)).Bind(c.poll_seconds).Bind(c.enabled).Bind(domain::ToString(c.health));
  s.Bind(c.health_message);
  BindTime(s, c.resume_at);
  s.Bind(c.cursor);
  BindTime(s, c.last_poll_at);
  BindTime(s, c.next_poll_at);
  s.Bind(ToMicros(c.updated_at)).Bind(c.sync_advocates).Bind(c.advocate_cursor).Bind(c.sync_scores);
  s.Bind(c.score_cursor);
  BindTime(s, c.scores_scanned_at);
}

CrmRecord ReadCrmRecord(const Statement& s) {
  CrmRecord r;
  r.connector_id = s.Text(0);
  r.referral_id = s.Text(1);
  r.state = ParseCrmRecordState(s.Text(2)).value_or(CrmRecordState::kPending);
  r.version = s.Int(3);
  r.attempts = static_cast<int>(s.Int(4));
  r.due_at = FromMicros(s.Int(5));
  r.lease_holder = s.Text(6);
  r.crm_object = s.Text(7);
  r.crm_id = s.Text(8);
  r.crm_contact_id = s.Text(9);
  r.crm_account_id = s.Text(10);
  r.crm_deal_id = s.Text(11);
  r.crm_modstamp = s.Text(12);
  r.last_error = s.Text(13);
  r.synced_at = OptionalTime(s, 14);
  r.updated_at = FromMicros(s.Int(15));
  if (!s.IsNull(16)) r.sent_score = domain::CrmScore{s.Int(16), s.Text(17)};
  return r;
}

ConnectorLogEntry ReadLogEntry(const Statement& s) {
  return ConnectorLogEntry{s.Text(0), s.Text(1), FromMicros(s.Int(2)), s.Text(3), s.Text(4), s.Text(5),
                           s.Text(6), s.Text(7)};
}

}  // namespace

Result<std::optional<domain::Connector>> SqlTx::FindConnector(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kConnectorColumns, " FROM connectors WHERE id = ?");
  return QueryOne<domain::Connector>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadConnector);
}

Result<std::vector<domain::Connector>> SqlTx::ListConnectors() {
  static const std::string sql = Sql("SELECT ", kConnectorColumns, " FROM connectors ORDER BY id");
  return QueryAll<domain::Connector>(
      db_, sql, [](Statement&) {}, ReadConnector);
}

Result<std::optional<CrmRecord>> SqlTx::FindCrmRecord(std::string_view connector_id, std::string_view referral_id) {
  static const std::string sql =
      Sql("SELECT ", kCrmRecordColumns, " FROM crm_records WHERE connector_id = ? AND referral_id = ?");
  return QueryOne<CrmRecord>(
      db_, sql, [&](Statement& s) { s.Bind(connector_id).Bind(referral_id); }, ReadCrmRecord);
}

Result<CrmRecordCounts> SqlTx::CountCrmRecords(std::string_view connector_id) {
  static const std::string sql = "SELECT state, COUNT(*) FROM crm_records WHERE connector_id = ? GROUP BY state";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(connector_id);
  CrmRecordCounts counts;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    switch (ParseCrmRecordState(s.Text(0)).value_or(CrmRecordState::kPending)) {
      case CrmRecordState::kPending: counts.pending += s.Int(1); break;
      case CrmRecordState::kSynced: counts.synced += s.Int(1); break;
      case CrmRecordState::kFailed: counts.failed += s.Int(1); break;
    }
  }
  return counts;
}

// A range of the primary key (connector_id, referral_id), each row's referral found by its id.
Result<std::vector<CrmRecord>> SqlTx::ListSyncedOpenCrmRecords(std::string_view connector_id,
                                                               std::string_view after_referral_id, int limit) {
  static const std::string sql =
      Sql("SELECT ", kCrmRecordColumns,
          " FROM crm_records WHERE connector_id = ? AND referral_id > ? AND state = 'synced' AND EXISTS (SELECT 1 "
          "FROM referrals r WHERE r.id = crm_records.referral_id AND r.stage IN ('submitted', 'qualified', "
          "'opportunity')) ORDER BY referral_id LIMIT ?");
  return QueryAll<CrmRecord>(
      db_, sql, [&](Statement& s) { s.Bind(connector_id).Bind(after_referral_id).Bind(limit); }, ReadCrmRecord);
}

// One range of advocates_activity (activity_at, id) from the cursor to `until`; the figures come
// from the person's enrolments in the covered programs, each found by the unique (program_id,
// person_id) key (the program list is read once per statement), and each enrolment's referrals
// through referrals_advocate_stage.
Result<std::vector<CrmAdvocate>> SqlTx::ListCrmAdvocates(std::string_view program_id,
                                                         const std::optional<CrmAdvocatePosition>& after,
                                                         Timestamp until, int limit) {
  static const std::string sql =
      "SELECT a.id, a.activity_at, p.email_normalized, "
      "(SELECT b.code FROM advocates b WHERE b.program_id IN (SELECT id FROM programs WHERE ? = '' OR id = ?) "
      "AND b.person_id = a.person_id ORDER BY b.created_at, b.id LIMIT 1), "
      "CASE WHEN EXISTS (SELECT 1 FROM advocates b WHERE b.program_id IN (SELECT id FROM programs WHERE ? = '' OR "
      "id = ?) AND b.person_id = a.person_id AND b.status = 'active') THEN 1 ELSE 0 END, "
      "(SELECT COUNT(*) FROM advocates b JOIN referrals r ON r.advocate_id = b.id WHERE b.program_id IN (SELECT id "
      "FROM programs WHERE ? = '' OR id = ?) AND b.person_id = a.person_id AND r.review_status = 'clear') "
      "FROM advocates a JOIN people p ON p.id = a.person_id "
      "WHERE a.activity_at >= ? AND a.activity_at <= ? AND (a.activity_at > ? OR (a.activity_at = ? AND a.id > ?)) "
      "AND (? = '' OR a.program_id = ?) ORDER BY a.activity_at, a.id LIMIT ?";
  std::int64_t after_at = after ? ToMicros(after->activity_at) : std::numeric_limits<std::int64_t>::min();
  std::string after_id = after ? after->advocate_id : "";
  return QueryAll<CrmAdvocate>(
      db_, sql,
      [&](Statement& s) {
        for (int i = 0; i < 3; ++i) s.Bind(program_id).Bind(program_id);
        s.Bind(after_at).Bind(ToMicros(until)).Bind(after_at).Bind(after_at).Bind(after_id);
        s.Bind(program_id).Bind(program_id).Bind(limit);
      },
      [](const Statement& s) {
        CrmAdvocate out;
        out.position = {FromMicros(s.Int(1)), s.Text(0)};
        out.email = s.Text(2);
        out.code = s.Text(3);
        out.active = s.Int(4) != 0;
        out.referral_count = s.Int(5);
        return out;
      });
}

Result<std::vector<ConnectorLogEntry>> SqlTx::ListConnectorLog(std::string_view connector_id,
                                                               std::string_view before_id, int limit) {
  Filters filters;
  filters.When("connector_id = ?", connector_id);
  filters.When("id < ?", before_id);
  return QueryAll<ConnectorLogEntry>(
      db_, Sql("SELECT ", kLogColumns, " FROM connector_log", filters.Where(), " ORDER BY id DESC LIMIT ?"),
      [&](Statement& s) {
        filters.Bind(s);
        s.Bind(limit);
      },
      ReadLogEntry);
}

Status SqlTx::InsertConnector(const domain::Connector& c) {
  static const std::string sql = Sql(
      "INSERT INTO connectors (id, kind, created_at, program_id, base_url, auth_flow, auth_client_id, "
      "auth_username, sealed_secrets, stage_map, lead_source, lead_status, send, poll_seconds, enabled, health, "
      "health_message, resume_at, cursor, last_poll_at, next_poll_at, updated_at, sync_advocates, advocate_cursor, "
      "sync_scores, score_cursor, scores_scanned_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(c.id).Bind(domain::ToString(c.kind)).Bind(ToMicros(c.created_at));
  BindConnectorState(s, c);
  return s.Run();
}

Status SqlTx::UpdateConnector(const domain::Connector& c) {
  static const std::string sql =
      "UPDATE connectors SET program_id = ?, base_url = ?, auth_flow = ?, auth_client_id = ?, auth_username = ?, "
      "sealed_secrets = ?, stage_map = ?, lead_source = ?, lead_status = ?, send = ?, poll_seconds = ?, enabled = ?, "
      "health = ?, health_message = ?, resume_at = ?, cursor = ?, last_poll_at = ?, next_poll_at = ?, updated_at = ?, "
      "sync_advocates = ?, advocate_cursor = ?, sync_scores = ?, score_cursor = ?, scores_scanned_at = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  BindConnectorState(s, c);
  s.Bind(c.id);
  return s.Run();
}

Result<bool> SqlTx::DeleteConnector(std::string_view id) {
  for (const char* sql :
       {"DELETE FROM crm_records WHERE connector_id = ?", "DELETE FROM connector_log WHERE connector_id = ?"}) {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
    s.Bind(id);
    BB_RETURN_IF_ERROR(s.Run());
  }
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare("DELETE FROM connectors WHERE id = ? RETURNING id"));
  s.Bind(id);
  BB_ASSIGN_OR_RETURN(bool row, s.Step());
  return row;
}

Status SqlTx::EnqueueCrmRecord(std::string_view connector_id, std::string_view referral_id, Timestamp now) {
  static const std::string sql =
      "INSERT INTO crm_records (connector_id, referral_id, state, version, attempts, due_at, lease_holder, crm_object, "
      "crm_id, crm_contact_id, crm_account_id, crm_deal_id, crm_modstamp, last_error, synced_at, updated_at) "
      "VALUES (?, ?, 'pending', 1, 0, ?, '', '', '', '', '', '', '', '', NULL, ?) "
      "ON CONFLICT (connector_id, referral_id) DO UPDATE SET version = crm_records.version + 1, "
      "attempts = CASE WHEN crm_records.state = 'pending' THEN crm_records.attempts ELSE 0 END, "
      "due_at = CASE WHEN crm_records.state = 'pending' THEN crm_records.due_at ELSE excluded.due_at END, "
      "state = 'pending', updated_at = excluded.updated_at";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(connector_id).Bind(referral_id).Bind(ToMicros(now)).Bind(ToMicros(now));
  return s.Run();
}

Status SqlTx::EnqueueOpenReferralsForCrm(std::string_view connector_id, std::string_view program_id, bool clear_only,
                                         Timestamp now) {
  Filters filters;
  filters.WhenTrue("stage IN ('submitted', 'qualified', 'opportunity')", true);
  filters.When("program_id = ?", program_id);
  filters.WhenTrue("review_status = 'clear'", clear_only);
  BB_ASSIGN_OR_RETURN(
      Statement s,
      db_.Prepare(Sql("INSERT INTO crm_records (connector_id, referral_id, state, version, attempts, due_at, "
                      "lease_holder, crm_object, crm_id, crm_contact_id, crm_account_id, crm_deal_id, crm_modstamp, "
                      "last_error, synced_at, updated_at) SELECT ?, id, 'pending', 1, 0, ?, '', '', '', '', '', '', "
                      "'', '', NULL, ? FROM referrals",
                      filters.Where(), " ORDER BY id ON CONFLICT (connector_id, referral_id) DO NOTHING")));
  s.Bind(connector_id).Bind(ToMicros(now)).Bind(ToMicros(now));
  filters.Bind(s);
  return s.Run();
}

Result<std::vector<CrmRecord>> SqlTx::ClaimCrmRecords(std::string_view connector_id, std::string_view holder,
                                                      Timestamp now, Timestamp lease_until, int limit) {
  // As the outbox's claim (sql_tx_outbox.cc): SQLite has one writer; PostgreSQL skips locked rows.
  static const std::string sqlite_sql =
      Sql("UPDATE crm_records SET attempts = attempts + 1, lease_holder = ?, due_at = ? WHERE (connector_id, "
          "referral_id) IN (SELECT connector_id, referral_id FROM crm_records WHERE connector_id = ? AND state = "
          "'pending' AND due_at <= ? ORDER BY due_at LIMIT ?) RETURNING ",
          kCrmRecordColumns);
  static const std::string postgres_sql =
      Sql("UPDATE crm_records SET attempts = attempts + 1, lease_holder = ?, due_at = ? WHERE (connector_id, "
          "referral_id) IN (SELECT connector_id, referral_id FROM crm_records WHERE connector_id = ? AND state = "
          "'pending' AND due_at <= ? ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING ",
          kCrmRecordColumns);
  BB_ASSIGN_OR_RETURN(auto records, QueryAll<CrmRecord>(
                                        db_, db_.dialect() == Dialect::kPostgres ? postgres_sql : sqlite_sql,
                                        [&](Statement& s) {
                                          s.Bind(holder).Bind(ToMicros(lease_until)).Bind(connector_id);
                                          s.Bind(ToMicros(now)).Bind(limit);
                                        },
                                        ReadCrmRecord));
  std::sort(records.begin(), records.end(),
            [](const CrmRecord& a, const CrmRecord& b) { return a.referral_id < b.referral_id; });
  return records;
}

Status SqlTx::RequeueCrmRecords(std::string_view connector_id, Timestamp now) {
  static const std::string sql =
      "UPDATE crm_records SET state = 'pending', due_at = ?, attempts = CASE WHEN state = 'failed' THEN 0 ELSE "
      "attempts END WHERE connector_id = ? AND (state = 'failed' OR (state = 'pending' AND lease_holder = '' AND "
      "due_at > ?))";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToMicros(now)).Bind(connector_id).Bind(ToMicros(now));
  return s.Run();
}

Status SqlTx::UpdateCrmRecord(const CrmRecord& r) {
  static const std::string sql =
      "UPDATE crm_records SET state = ?, version = ?, attempts = ?, due_at = ?, lease_holder = ?, crm_object = ?, "
      "crm_id = ?, crm_contact_id = ?, crm_account_id = ?, crm_deal_id = ?, crm_modstamp = ?, last_error = ?, "
      "synced_at = ?, updated_at = ?, sent_score_points = ?, sent_score_grade = ? WHERE connector_id = ? AND "
      "referral_id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(ToString(r.state)).Bind(r.version).Bind(r.attempts).Bind(ToMicros(r.due_at)).Bind(r.lease_holder);
  s.Bind(r.crm_object).Bind(r.crm_id).Bind(r.crm_contact_id).Bind(r.crm_account_id).Bind(r.crm_deal_id);
  s.Bind(r.crm_modstamp).Bind(r.last_error);
  BindTime(s, r.synced_at);
  s.Bind(ToMicros(r.updated_at));
  if (r.sent_score) {
    s.Bind(r.sent_score->points).Bind(r.sent_score->grade);
  } else {
    s.BindNull().Bind("");
  }
  s.Bind(r.connector_id).Bind(r.referral_id);
  return s.Run();
}

Status SqlTx::ForgetSentScores(std::string_view connector_id) {
  static const std::string sql =
      "UPDATE crm_records SET sent_score_points = NULL, sent_score_grade = '', version = version + 1 WHERE "
      "connector_id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(connector_id);
  return s.Run();
}

Status SqlTx::InsertConnectorLog(const ConnectorLogEntry& e) {
  static const std::string sql = Sql("INSERT INTO connector_log (", kLogColumns, ") VALUES (?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(e.id).Bind(e.connector_id).Bind(ToMicros(e.at)).Bind(e.direction).Bind(e.outcome).Bind(e.referral_id);
  s.Bind(e.crm_id).Bind(e.message);
  return s.Run();
}

Result<std::int64_t> SqlTx::DeleteConnectorLogBefore(std::string_view before_id) {
  static const std::string sql = "DELETE FROM connector_log WHERE id < ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(before_id);
  BB_RETURN_IF_ERROR(s.Run());
  return db_.Changes();
}

}  // namespace bb::store::sql

// Webhook endpoints' statements.

#include <sstream>

#include "store/sql/query_helpers.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

namespace {

constexpr std::string_view kColumns =
    "id, url, description, events, secret, previous_secret, previous_secret_until, enabled, disabled_reason, "
    "failing_since, created_at, updated_at";

std::string JoinEvents(const std::vector<std::string>& events) {
  std::string out;
  for (const auto& type : events) {
    if (!out.empty()) out += ' ';
    out += type;
  }
  return out;
}

std::vector<std::string> SplitEvents(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string type; in >> type;) out.push_back(type);
  return out;
}

std::optional<Timestamp> OptionalTime(const Statement& s, int column) {
  if (s.IsNull(column)) return std::nullopt;
  return FromMicros(s.Int(column));
}

domain::WebhookEndpoint ReadEndpoint(const Statement& s) {
  domain::WebhookEndpoint e;
  e.id = s.Text(0);
  e.url = s.Text(1);
  e.description = s.Text(2);
  e.events = SplitEvents(s.Text(3));
  e.secret = s.Text(4);
  e.previous_secret = s.Text(5);
  e.previous_secret_until = OptionalTime(s, 6);
  e.enabled = s.Int(7) != 0;
  e.disabled_reason = s.Text(8);
  e.failing_since = OptionalTime(s, 9);
  e.created_at = FromMicros(s.Int(10));
  e.updated_at = FromMicros(s.Int(11));
  return e;
}

}  // namespace

Result<std::optional<domain::WebhookEndpoint>> SqlTx::FindWebhookEndpoint(std::string_view id) {
  static const std::string sql = Sql("SELECT ", kColumns, " FROM webhook_endpoints WHERE id = ?");
  return QueryOne<domain::WebhookEndpoint>(
      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadEndpoint);
}

Result<std::vector<domain::WebhookEndpoint>> SqlTx::ListWebhookEndpoints() {
  static const std::string sql = Sql("SELECT ", kColumns, " FROM webhook_endpoints ORDER BY id DESC");
  return QueryAll<domain::WebhookEndpoint>(
      db_, sql, [](Statement&) {}, ReadEndpoint);
}

Result<std::vector<domain::WebhookEndpoint>> SqlTx::ListSubscribedWebhookEndpoints(std::string_view event_type) {
  static const std::string sql = Sql("SELECT ", kColumns, " FROM webhook_endpoints WHERE enabled = 1 ORDER BY id");
  BB_ASSIGN_OR_RETURN(auto enabled, QueryAll<domain::WebhookEndpoint>(
                                        db_, sql, [](Statement&) {}, ReadEndpoint));
  std::erase_if(enabled, [&](const domain::WebhookEndpoint& e) { return !e.Subscribes(event_type); });
  return enabled;
}

Status SqlTx::InsertWebhookEndpoint(const domain::WebhookEndpoint& e) {
  static const std::string sql = Sql("INSERT INTO webhook_endpoints (", kColumns, ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(e.id).Bind(e.url).Bind(e.description).Bind(JoinEvents(e.events)).Bind(e.secret).Bind(e.previous_secret);
  s.Bind(OptionalMicros(e.previous_secret_until)).Bind(e.enabled).Bind(e.disabled_reason);
  s.Bind(OptionalMicros(e.failing_since)).Bind(ToMicros(e.created_at)).Bind(ToMicros(e.updated_at));
  return s.Run();
}

Status SqlTx::UpdateWebhookEndpoint(const domain::WebhookEndpoint& e) {
  static const std::string sql =
      "UPDATE webhook_endpoints SET url = ?, description = ?, events = ?, secret = ?, previous_secret = ?, "
      "previous_secret_until = ?, enabled = ?, disabled_reason = ?, failing_since = ?, updated_at = ? WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(e.url).Bind(e.description).Bind(JoinEvents(e.events)).Bind(e.secret).Bind(e.previous_secret);
  s.Bind(OptionalMicros(e.previous_secret_until)).Bind(e.enabled).Bind(e.disabled_reason);
  s.Bind(OptionalMicros(e.failing_since)).Bind(ToMicros(e.updated_at)).Bind(e.id);
  return s.Run();
}

Status SqlTx::DeleteWebhookEndpoint(std::string_view id) {
  static const std::string sql = "DELETE FROM webhook_endpoints WHERE id = ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(id);
  return s.Run();
}

}  // namespace bb::store::sql

// ConnectorService: the advocates a connector marks in its CRM (connector_service.h,
// NextAdvocates and RecordAdvocates), read from the store after the connector's advocate cursor.

#include <charconv>
#include <set>

#include "service/connector_service.h"

namespace bb::service {

namespace {

constexpr std::size_t kMaxRefusalsLogged = 5;

// "micros:advocate id"; nullopt for "" or a cursor that does not read (the start).
std::optional<store::CrmAdvocatePosition> ParseAdvocateCursor(std::string_view cursor) {
  std::size_t colon = cursor.find(':');
  if (colon == std::string_view::npos || colon + 1 >= cursor.size()) return std::nullopt;
  std::int64_t micros = 0;
  auto [end, error] = std::from_chars(cursor.data(), cursor.data() + colon, micros);
  if (error != std::errc() || end != cursor.data() + colon) return std::nullopt;
  return store::CrmAdvocatePosition{FromMicros(micros), std::string(cursor.substr(colon + 1))};
}

std::string FormatAdvocateCursor(const store::CrmAdvocatePosition& position) {
  return std::to_string(ToMicros(position.activity_at)) + ":" + position.advocate_id;
}

}  // namespace

Result<AdvocateBatch> ConnectorService::NextAdvocates(const domain::Connector& connector, std::string_view cursor,
                                                      int limit) const {
  std::vector<store::CrmAdvocate> changed;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(changed, q.ListCrmAdvocates(connector.program_id, ParseAdvocateCursor(cursor),
                                                    clock_.Now() - kAdvocateSettle, limit));
    return Ok();
  }));
  AdvocateBatch batch;
  batch.from_cursor = std::string(cursor);
  batch.end_cursor = batch.from_cursor;
  if (changed.empty()) return batch;
  batch.end_cursor = FormatAdvocateCursor(changed.back().position);
  std::set<std::string> seen;
  for (auto& person : changed) {
    if (seen.insert(person.email).second) batch.people.push_back(std::move(person));
  }
  return batch;
}

Result<bool> ConnectorService::RecordAdvocates(const domain::Connector& connector, const AdvocateBatch& batch,
                                               const AdvocateSyncResult& result) {
  bool recorded = false;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    recorded = false;
    BB_ASSIGN_OR_RETURN(domain::Connector current, Find(tx, connector.id));
    // Saved since the job read it (the cursor may be reset, or the advocates not wanted any more),
    // or another turn recorded meanwhile: this page's end means nothing now.
    if (current.updated_at != connector.updated_at || current.advocate_cursor != batch.from_cursor) return Ok();
    recorded = true;
    current.advocate_cursor = batch.end_cursor;
    BB_RETURN_IF_ERROR(tx.UpdateConnector(current));
    if (result.updated == 0 && result.refused.empty()) return Ok();
    std::string message = "advocates: " + std::to_string(batch.people.size()) + " read, " +
                          std::to_string(result.updated) + " contacts marked, " + std::to_string(result.unchanged) +
                          " already up to date, " + std::to_string(result.not_in_crm) + " not in the CRM, " +
                          std::to_string(result.refused.size()) + " refused";
    for (std::size_t i = 0; i < result.refused.size() && i < kMaxRefusalsLogged; ++i) {
      message += (i == 0 ? ": " : "; ") + result.refused[i];
    }
    if (result.refused.size() > kMaxRefusalsLogged) message += "; …";
    return tx.InsertConnectorLog(
        LogEntry(connector.id, clock_.Now(), "outbound", result.refused.empty() ? "ok" : "failed", message, "", ""));
  }));
  return recorded;
}

}  // namespace bb::service

// ConnectorService: the scan that keeps the lead scores a connector writes in its CRM up to date
// (connector_service.h, ScanScores).

#include "service/connector_service.h"
#include "service/crm_scorer.h"

namespace bb::service {

Result<bool> ConnectorService::ScanScores(std::string_view connector_id, int limit) {
  int checked = 0;
  bool more = false;
  domain::Connector seen;
  std::vector<std::string> changed;
  std::string last;
  bool scanning = false;
  const Timestamp now = clock_.Now();
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    checked = 0;
    more = false;
    changed.clear();
    BB_ASSIGN_OR_RETURN(seen, Find(q, connector_id));
    scanning = seen.ScoreScanDue(now);
    if (!scanning) return Ok();
    BB_ASSIGN_OR_RETURN(auto records, q.ListSyncedOpenCrmRecords(seen.id, seen.score_cursor, limit));
    more = static_cast<int>(records.size()) == limit;
    if (records.empty()) return Ok();
    last = records.back().referral_id;
    CrmScorer scorer(q, now);
    for (const auto& record : records) {
      BB_ASSIGN_OR_RETURN(auto referral, q.FindReferral(record.referral_id));
      // A referral the connector no longer sends (another program now, held again) keeps its record.
      if (!referral || !seen.Covers(referral->program_id) || !seen.Sends(*referral)) continue;
      ++checked;
      BB_ASSIGN_OR_RETURN(domain::CrmScore score, scorer.Of(*referral));
      if (record.sent_score != score) changed.push_back(record.referral_id);
    }
    return Ok();
  }));
  if (!scanning) return false;
  bool recorded = false;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    recorded = false;
    BB_ASSIGN_OR_RETURN(domain::Connector current, Find(tx, connector_id));
    // Another turn moved the scan, or an admin saved the connector (score sync off, or its scan
    // started over for another program or CRM) meanwhile: this page means nothing now.
    if (!current.sync_scores || current.updated_at != seen.updated_at || current.score_cursor != seen.score_cursor ||
        current.scores_scanned_at != seen.scores_scanned_at) {
      return Ok();
    }
    recorded = true;
    for (const auto& referral_id : changed) BB_RETURN_IF_ERROR(tx.EnqueueCrmRecord(current.id, referral_id, now));
    if (more) {
      current.score_cursor = last;
    } else {
      current.score_cursor.clear();
      current.scores_scanned_at = now;
    }
    BB_RETURN_IF_ERROR(tx.UpdateConnector(current));
    if (changed.empty()) return Ok();
    return tx.InsertConnectorLog(LogEntry(current.id, now, "outbound", "ok",
                                          "lead scores: " + std::to_string(checked) + " checked, " +
                                              std::to_string(changed.size()) + " changed and queued",
                                          "", ""));
  }));
  return recorded && more;
}

}  // namespace bb::service

#pragma once
// CRM connectors, for admins: create (credentials sealed at rest under connectors.secret_key,
// never shown again or logged), list, read, change, delete, test the connection, "sync now", and
// the sync log. And for the sync job (jobs/crm_sync.h), which owns the network: the due work of
// each connector -- referrals to send, claimed from the CRM queue (store/connectors.h) -- and the
// recording of what the CRM answered and what it says changed, which moves referrals through the
// same use cases staff use (so a deal won in the CRM rewards exactly as a move in the console
// does, and only once).
//
// Thread-safety: all methods may be called concurrently.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/advocate.h"
#include "domain/connector.h"
#include "domain/crm_score.h"
#include "domain/program.h"
#include "domain/referral.h"
#include "service/crm_gateway.h"
#include "service/id_generator.h"
#include "service/paging.h"
#include "service/referral_service.h"
#include "store/store.h"

namespace bb::service {

struct ConnectorOptions {
  std::string secret_key;  // 32 bytes that seal credentials; "" when not configured (no connector can be saved)
  bool allow_private_targets = false;  // connectors.allow_private_targets: http and local hosts (tests only)
  std::string public_base_url = "http://localhost:8080";  // the referral links written into the CRM
};

// A connector with its queue's figures.
struct ConnectorView {
  domain::Connector connector;
  store::CrmRecordCounts records;
};

// A referral to send, claimed from the queue with what the CRM record is made of.
struct OutboundReferral {
  store::CrmRecord record;  // as claimed (its version is what is being sent)
  domain::Referral referral;
  domain::Advocate advocate;
  domain::Program program;
  std::string referral_url;  // the referral in the console
  // The referral's lead score as of the claim, under its program's latest model, when the connector
  // writes scores (sync_scores); none otherwise.
  std::optional<domain::CrmScore> score;
};

// How sending one referral went.
struct OutboundResult {
  enum class Outcome { kSynced, kRetry, kFailed };
  std::string referral_id;
  std::int64_t version = 0;  // the version sent
  Outcome outcome = Outcome::kRetry;
  std::string crm_object;  // synced: what the referral is in the CRM and its id
  std::string crm_id;
  std::string crm_contact_id;  // HubSpot: the contact the deal is associated with
  std::string crm_account_id;  // the matched Account / company, when there is one
  std::string message;         // why it failed or how it was matched, for the log ("" for a plain success)
  std::optional<Duration> retry_after;
  std::optional<domain::CrmScore> score;  // the score written (the claimed item's), recorded when synced
};

// What a poll read about one referral's CRM record.
struct InboundChange {
  std::string referral_id;  // from the record's Bluebird referral id field
  std::string crm_object;   // "Lead", "Opportunity", "deal"
  std::string crm_id;
  std::string modstamp;               // the record's change stamp; the same stamp read again is skipped
  domain::CrmDealState state;         // amount_minor left empty: see `amount`
  std::optional<std::string> amount;  // the deal's amount as decimal text, in the program's currency
  std::string converted_deal_id;      // a converted lead's opportunity
};

struct InboundSummary {
  int read = 0;
  int changed = 0;
  int skipped = 0;
  int failed = 0;
};

// A page of advocates whose CRM figures changed, for the sync job: one entry per person.
struct AdvocateBatch {
  std::vector<store::CrmAdvocate> people;  // one per email, in the order first read
  std::string from_cursor;                 // the advocate cursor the page was read after
  std::string end_cursor;                  // where the page ends: the cursor once it is recorded
};

// What a CRM made of one AdvocateBatch.
struct AdvocateSyncResult {
  int updated = 0;                   // contacts whose Bluebird fields were written
  int unchanged = 0;                 // contacts that showed these figures already
  int not_in_crm = 0;                // people the CRM has no contact for (none is created)
  std::vector<std::string> refused;  // contacts the CRM refused to change, each with the reason
};

class ConnectorService {
 public:
  // How long the sync log keeps an entry.
  static constexpr Duration kLogRetention = std::chrono::hours(24 * 90);
  // How old an advocate's change must be before it is sent: a write stamped earlier than another
  // may commit after it (group commit, PostgreSQL's retries of a large import batch, several
  // instances whose clocks differ a little), and the cursor must not have passed it by then. Every
  // write commits well within this of its stamp; instances' clocks agree well within it (NTP).
  static constexpr Duration kAdvocateSettle = std::chrono::minutes(5);

  ConnectorService(store::Store& store, const Clock& clock, const IdGenerator& ids, ReferralService& referrals,
                   ConnectorOptions options)
      : store_(store), clock_(clock), ids_(ids), referrals_(referrals), options_(std::move(options)) {}

  // The network side of "test connection" (the app wires it; without it, Test is kUnavailable).
  void SetGateway(CrmGateway* gateway) { gateway_ = gateway; }
  const ConnectorOptions& options() const { return options_; }

  // Admins. kInvalidArgument naming each bad field (domain::ApplyConnectorInput; program_id must
  // name a program); kFailedPrecondition when connectors.secret_key is not set. A new connector
  // queues the program's open referrals that its send policy takes (the backlog).
  Result<ConnectorView> Create(const domain::Actor& actor, const domain::ConnectorInput& input);
  Result<std::vector<ConnectorView>> List(const domain::Actor& actor);
  Result<ConnectorView> Get(const domain::Actor& actor, std::string_view id);
  Result<ConnectorView> Update(const domain::Actor& actor, std::string_view id, const domain::ConnectorInput& input);
  // Removes the connector with its queue and log; what it wrote into the CRM stays there.
  Status Delete(const domain::Actor& actor, std::string_view id);
  // Signs in and checks fields and permissions, logging the outcome.
  Result<ConnectionCheck> Test(const domain::Actor& actor, std::string_view id);
  // Reads the CRM's changes at the next turn of the sync job, makes every queued referral due now
  // (those waiting out a backoff too) and sends the ones the CRM refused again: the button an admin
  // presses after fixing the org.
  Result<ConnectorView> SyncNow(const domain::Actor& actor, std::string_view id);
  Result<PageOf<store::ConnectorLogEntry>> Log(const domain::Actor& actor, std::string_view id, const Page& page);

  // The sync job (no access check: not for requests).
  Result<std::vector<domain::Connector>> ForSync();
  // The connector's credentials; kFailedPrecondition when they cannot be opened (no key, or
  // another key than the one that sealed them).
  Result<domain::ConnectorSecrets> OpenSecrets(const domain::Connector& connector) const;
  // Claims up to `limit` due referrals for `holder` until the lease ends; those the connector no
  // longer sends are marked failed instead. With sync_scores each carries its score as of now (one
  // whose score cannot be read goes without, and the log says so).
  Result<std::vector<OutboundReferral>> ClaimOutbound(const domain::Connector& connector, std::string_view holder,
                                                      Duration lease, int limit);
  // Records a batch's outcomes in one transaction: synced (unless the referral changed meanwhile:
  // then it is due again), retried after a backoff (or the CRM's Retry-After), or failed for good;
  // failures and matches are logged, with one line for the batch.
  Status RecordOutbound(const domain::Connector& connector, const std::vector<OutboundResult>& results);
  // Applies what a poll read, one referral at a time (each move in its own transaction, through
  // ReferralService as connector `connector.id`), then saves the cursor and the poll's time.
  Result<InboundSummary> ApplyInbound(const domain::Connector& connector, const std::vector<InboundChange>& changes,
                                      std::string_view cursor);
  // The next page of the connector's advocates to send (sync_advocates): at most `limit` changed
  // enrolments after `cursor` ("" from the start; one the store cannot read starts over too),
  // changed no later than kAdvocateSettle ago, merged into one entry per person. Empty when there
  // is nothing new.
  Result<AdvocateBatch> NextAdvocates(const domain::Connector& connector, std::string_view cursor, int limit) const;
  // Records that `batch`, read for `connector` as the job saw it, reached the CRM: the advocate
  // cursor moves to its end and the log says what changed or was refused (a page that changed and
  // refused nothing is not logged). False, recording nothing, when the connector was saved since
  // `connector` was read or its cursor moved (another program, CRM or credentials, advocate sync
  // turned off): the job stops sending advocates for this turn and the next one starts afresh.
  Result<bool> RecordAdvocates(const domain::Connector& connector, const AdvocateBatch& batch,
                               const AdvocateSyncResult& result);
  // One page of the connector's score scan (sync_scores), when one is due: a scan in progress, or
  // none ended in the last domain::kScoreScanEvery. Of the next `limit` synced open referrals after
  // the connector's score cursor, those it still sends (Covers, Sends) are scored as of now under
  // their program's latest model; those whose CrmScore differs from the one last written are queued
  // to be sent again (with it), and the log says how many. The cursor moves past the page; a short
  // page ends the scan. Nothing is recorded when the connector was saved or its scan moved meanwhile
  // (another instance's turn). True when the scan goes on with a next page.
  Result<bool> ScanScores(std::string_view connector_id, int limit);
  // The connector's health, as the sync job judged it from `seen` (the connector it worked): ok;
  // backing_off until `resume_at`; broken with the reason, which is logged. Nothing changes when
  // the connector was saved (or synced now) since `seen` was read: that change stands.
  Status SetHealth(const domain::Connector& seen, domain::ConnectorHealth health, std::string_view message,
                   std::optional<Timestamp> resume_at = std::nullopt);
  // Housekeeping: deletes sync log entries older than kLogRetention; returns how many.
  Result<std::int64_t> PurgeOldLog();
  Status AddLog(std::string_view connector_id, std::string_view direction, std::string_view outcome,
                std::string_view message, std::string_view referral_id = "", std::string_view crm_id = "");

 private:
  Result<domain::Connector> Find(store::Queries& q, std::string_view id) const;
  Status CheckProgram(store::Queries& q, const domain::Connector& connector) const;
  Status Seal(domain::Connector& connector, const domain::ConnectorSecrets& secrets) const;
  store::ConnectorLogEntry LogEntry(std::string_view connector_id, Timestamp at, std::string_view direction,
                                    std::string_view outcome, std::string_view message, std::string_view referral_id,
                                    std::string_view crm_id) const;
  Status ApplyOne(const domain::Connector& connector, const InboundChange& change, InboundSummary& summary);

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  ReferralService& referrals_;
  const ConnectorOptions options_;
  CrmGateway* gateway_ = nullptr;
};

}  // namespace bb::service

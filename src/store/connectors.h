#pragma once
// CRM connectors (domain/connector.h), each referral's place in each CRM, and the sync log.
//
// The CRM queue is an outbox of its own: one row per (connector, referral), written (or marked
// due again, with its version raised) in the transaction of the referral change that must reach
// the CRM, claimed by one instance under a lease in batches of one connector's rows (the CRM takes
// up to 200 records per call), and recorded as synced only when the version sent is still the
// latest -- a change made while a batch was in flight is sent again. The same row keeps the CRM's
// ids for the referral and the last change read back from it.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/connector.h"
#include "domain/crm_score.h"

namespace bb::store {

// pending: to be sent (due at due_at); synced: the CRM has the latest version; failed: the CRM
// refused it for good (last_error says why) until it changes again or staff resend it.
enum class CrmRecordState { kPending, kSynced, kFailed };

inline std::string_view ToString(CrmRecordState state) {
  switch (state) {
    case CrmRecordState::kPending: return "pending";
    case CrmRecordState::kSynced: return "synced";
    case CrmRecordState::kFailed: return "failed";
  }
  return "pending";
}

inline std::optional<CrmRecordState> ParseCrmRecordState(std::string_view text) {
  if (text == "pending") return CrmRecordState::kPending;
  if (text == "synced") return CrmRecordState::kSynced;
  if (text == "failed") return CrmRecordState::kFailed;
  return std::nullopt;
}

struct CrmRecord {
  std::string connector_id;
  std::string referral_id;
  CrmRecordState state = CrmRecordState::kPending;
  std::int64_t version = 1;  // raised by every change that must be sent
  int attempts = 0;          // claims since the last success
  Timestamp due_at{};        // pending: when it is due (a claim moves it to the lease's end)
  std::string lease_holder;
  std::string crm_object;  // what the referral is in the CRM: "Lead", "Opportunity" (Salesforce), "deal" (HubSpot)
  std::string crm_id;      // that record's id
  std::string crm_contact_id;
  std::string crm_account_id;
  std::string crm_deal_id;   // Salesforce: the opportunity (a converted lead's too); HubSpot: the deal
  std::string crm_modstamp;  // the CRM's change stamp last read back (SystemModstamp, hs_lastmodifieddate)
  std::string last_error;    // "" after a success
  // The lead score last written on the CRM record (a connector's sync_scores); none before.
  std::optional<domain::CrmScore> sent_score;
  std::optional<Timestamp> synced_at;
  Timestamp updated_at{};
};

struct CrmRecordCounts {
  std::int64_t pending = 0;
  std::int64_t synced = 0;
  std::int64_t failed = 0;
};

// One line of a connector's sync log.
struct ConnectorLogEntry {
  std::string id;  // "clg_…", in time order
  std::string connector_id;
  Timestamp at{};
  std::string direction;  // "outbound", "inbound", "auth", "test"
  std::string outcome;    // "ok", "changed", "skipped", "failed", "retry"
  std::string referral_id;
  std::string crm_id;
  std::string message;  // what happened, for people (never a secret)
};

// Where a connector's read of advocates stands: after this change of this enrolment.
struct CrmAdvocatePosition {
  Timestamp activity_at{};
  std::string advocate_id;
};

// What a CRM is told about one person who is an advocate, over the enrolments a connector covers
// (its program's, or every program's), as of now.
struct CrmAdvocate {
  CrmAdvocatePosition position;     // the enrolment whose change brought the person up
  std::string email;                // the person's normalised email, what the CRM contact is found by
  std::string code;                 // the referral code of their earliest covered enrolment
  bool active = false;              // whether any covered enrolment is active
  std::int64_t referral_count = 0;  // their clear referrals (held and duplicate ones do not count)
};

// Reads of this area (see store::Queries for the contract common to all reads).
class ConnectorReads {
 public:
  virtual ~ConnectorReads() = default;

  virtual Result<std::optional<domain::Connector>> FindConnector(std::string_view id) = 0;
  // Every connector, oldest first (a handful per installation).
  virtual Result<std::vector<domain::Connector>> ListConnectors() = 0;
  virtual Result<std::optional<CrmRecord>> FindCrmRecord(std::string_view connector_id,
                                                         std::string_view referral_id) = 0;
  virtual Result<CrmRecordCounts> CountCrmRecords(std::string_view connector_id) = 0;
  // The connector's synced rows whose referral is open (submitted, qualified or opportunity), with
  // a referral id after `after_referral_id`, in referral id order, at most `limit`: a page of the
  // score scan.
  virtual Result<std::vector<CrmRecord>> ListSyncedOpenCrmRecords(std::string_view connector_id,
                                                                  std::string_view after_referral_id, int limit) = 0;
  // The people whose CRM figures changed after `after` (nullopt: from the start) and no later than
  // `until`, one entry per changed enrolment of `program_id` ("" for every program), in
  // (activity_at, advocate id) order, at most `limit`. An advocate's activity_at moves forward
  // (never back) when it is enrolled or updated and when a referral of theirs is inserted or
  // changes review status, to that write's updated_at. Each entry's figures are computed over the
  // person's enrolments in `program_id` (or every program), so two changes of one person give the
  // same figures.
  virtual Result<std::vector<CrmAdvocate>> ListCrmAdvocates(std::string_view program_id,
                                                            const std::optional<CrmAdvocatePosition>& after,
                                                            Timestamp until, int limit) = 0;
  // Newest first.
  virtual Result<std::vector<ConnectorLogEntry>> ListConnectorLog(std::string_view connector_id,
                                                                  std::string_view before_id, int limit) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class ConnectorWrites {
 public:
  virtual ~ConnectorWrites() = default;

  virtual Status InsertConnector(const domain::Connector& connector) = 0;
  // Rewrites everything but the id, kind and created_at.
  virtual Status UpdateConnector(const domain::Connector& connector) = 0;
  // Deletes the connector with its CRM records and log. False when there was none.
  virtual Result<bool> DeleteConnector(std::string_view id) = 0;

  // The referral must be sent: a new pending row due at `now`, or the row's version raised and,
  // unless it is pending already (in flight or waiting out a backoff), pending again due at `now`.
  virtual Status EnqueueCrmRecord(std::string_view connector_id, std::string_view referral_id, Timestamp now) = 0;
  // Queues every open referral (submitted, qualified or opportunity) of `program_id` ("" for every
  // program), only those under no review when `clear_only`, that the connector has no row for yet:
  // a new connector's backlog.
  virtual Status EnqueueOpenReferralsForCrm(std::string_view connector_id, std::string_view program_id, bool clear_only,
                                            Timestamp now) = 0;
  // Claims up to `limit` pending rows of the connector due at `now` for `holder` until
  // `lease_until` (attempts raised, due_at moved to lease_until), in referral id order.
  // Concurrent claims never get the same row.
  virtual Result<std::vector<CrmRecord>> ClaimCrmRecords(std::string_view connector_id, std::string_view holder,
                                                         Timestamp now, Timestamp lease_until, int limit) = 0;
  // "Sync now": every failed row of the connector pending again (attempts 0), and every pending row
  // waiting out a backoff (not leased) due at `now`. Rows in flight are left to their claim.
  virtual Status RequeueCrmRecords(std::string_view connector_id, Timestamp now) = 0;
  // Rewrites the row (matched by connector and referral) from `record`, version included.
  virtual Status UpdateCrmRecord(const CrmRecord& record) = 0;
  // Forgets the score each of the connector's rows last wrote (sent_score), so that the next score
  // scan writes every open referral's score again, and raises each row's version, so that a send in
  // flight (perhaps to the CRM before) records no score and is sent again.
  virtual Status ForgetSentScores(std::string_view connector_id) = 0;
  virtual Status InsertConnectorLog(const ConnectorLogEntry& entry) = 0;
  // Deletes every connector's log entries whose id sorts before `before_id` (ids sort by time);
  // returns how many.
  virtual Result<std::int64_t> DeleteConnectorLogBefore(std::string_view before_id) = 0;
};

}  // namespace bb::store

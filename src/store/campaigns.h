#pragma once
// Campaigns and their recipients (domain/campaign.h).
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/campaign.h"

namespace bb::store {

// A recipient as lists show them: the row, and whether their advocate acted since the campaign
// began.
struct CampaignRecipientRow {
  domain::CampaignRecipient recipient;
  bool shared = false;
  bool referred = false;
};

// Reads of this area (see store::Queries for the contract common to all reads).
class CampaignReads {
 public:
  virtual ~CampaignReads() = default;

  virtual Result<std::optional<domain::Campaign>> FindCampaign(std::string_view id) = 0;
  // Newest first; `program_id` "" for every program, `created_by` "" for anyone's.
  virtual Result<std::vector<domain::Campaign>> ListCampaigns(std::string_view program_id, std::string_view created_by,
                                                              std::string_view before_id, int limit) = 0;
  // By email, after `after_email` ("" for the first page).
  virtual Result<std::vector<CampaignRecipientRow>> ListCampaignRecipients(std::string_view campaign_id,
                                                                           std::string_view after_email, int limit) = 0;
  // The program's running automatic campaign (trigger nps_promoter) of `kind`; without one, its
  // newest in any state (none if it never had one).
  virtual Result<std::optional<domain::Campaign>> FindAutomaticCampaign(std::string_view program_id,
                                                                        domain::CampaignKind kind) = 0;
  virtual Result<std::optional<domain::CampaignRecipient>> FindCampaignRecipient(std::string_view campaign_id,
                                                                                 std::string_view email) = 0;
  virtual Result<std::optional<domain::CampaignRecipient>> FindCampaignRecipientByToken(
      std::string_view token_hash) = 0;
  // The campaign's figures (domain::CampaignCounts), as they are now: shared and referred count
  // what advocates did from when they were added (the campaign's creation, for a list) on (not
  // those who were advocates before); joined also counts invitees who joined the program by another
  // way since they were added;
  // unsubscribed counts addresses put on the suppression list for an unsubscribe (or by staff)
  // since; bounced only those who were sent something.
  virtual Result<domain::CampaignCounts> CountCampaign(const domain::Campaign& campaign) = 0;
  // Whether `email` is a recipient of one of the program's campaigns of `kind` who may still be sent
  // something (not stopped): an open invitation, an activation or nudge still running for them.
  virtual Result<bool> HasOpenCampaignEmail(std::string_view program_id, domain::CampaignKind kind,
                                            std::string_view email) = 0;
  // Up to `limit` active advocates of the program whose link nobody (no person) ever clicked and
  // who never referred anyone, by id.
  virtual Result<std::vector<std::string>> ListIdleAdvocateIds(std::string_view program_id, int limit) = 0;
  // When `email` (normalized) was last sent the first email of one of the program's campaigns of
  // `kind` (`program_id` "": of any program's — a survey's throttle is across programs); none if
  // never.
  virtual Result<std::optional<Timestamp>> LastCampaignEmailAt(std::string_view program_id, domain::CampaignKind kind,
                                                               std::string_view email) = 0;
  // Up to `limit` active advocates of the program (by id) whose address was neither sent a survey
  // after `sent_since` nor waits for one (a recipient of a survey not sent yet): the people a
  // survey without a list asks, as recipients (advocate_id, normalized email, names, company).
  virtual Result<std::vector<domain::CampaignRecipient>> ListAdvocatesToSurvey(std::string_view program_id,
                                                                               Timestamp sent_since, int limit) = 0;
  // Whether the advocate's link was clicked by a person, or the advocate referred someone, since.
  virtual Result<bool> AdvocateActedSince(std::string_view advocate_id, Timestamp since) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class CampaignWrites {
 public:
  virtual ~CampaignWrites() = default;

  // kConflict when it is automatic and the program has one of its kind running already.
  virtual Status InsertCampaign(const domain::Campaign& campaign) = 0;
  // Its state and completed_at.
  virtual Status UpdateCampaign(const domain::Campaign& campaign) = 0;
  virtual Status InsertCampaignRecipient(const domain::CampaignRecipient& recipient) = 0;
  // Every field but the key (campaign_id, email) and the token.
  virtual Status UpdateCampaignRecipient(const domain::CampaignRecipient& recipient) = 0;
  // Up to `limit` recipients not stopped whose next email is due at `now` and whose last email has
  // left the outbox, earliest first, locked for this transaction: concurrent transactions (other
  // instances) skip them.
  virtual Result<std::vector<domain::CampaignRecipient>> ClaimDueCampaignRecipients(Timestamp now, int limit) = 0;
  // Campaigns scheduled or running, due by `now`, whose recipients are owed nothing more and whose
  // last emails have left the outbox (delivered or given up); never an automatic one (it runs until
  // cancelled).
  virtual Result<std::vector<domain::Campaign>> ListFinishedCampaigns(Timestamp now) = 0;
  // Gives up the campaign's emails still waiting in the outbox (a cancel); returns how many.
  virtual Result<std::int64_t> KillCampaignEmails(std::string_view campaign_id, std::string_view error,
                                                  Timestamp now) = 0;
  // What became of the email `message_id` (the last one queued to a recipient): delivered sets
  // delivered_at; a bounce sets bounced_at and stops the recipient (kBounced), unless stopped.
  virtual Status NoteCampaignEmailOutcome(std::string_view message_id, bool delivered, Timestamp at) = 0;
};

}  // namespace bb::store

#include "service/connector_service.h"

#include <algorithm>
#include <map>

#include "crypto/sealed_box.h"
#include "domain/account_credit.h"
#include "domain/audit.h"
#include "domain/backoff.h"
#include "domain/ids.h"
#include "domain/money_text.h"
#include "service/audit_trail.h"
#include "service/crm_queue.h"
#include "service/crm_scorer.h"

namespace bb::service {

namespace {

constexpr std::string_view kNotFound = "No such connector.";
constexpr int kMaxLogMessage = 2000;

// The sealed form of the secrets: one text per field, NUL-separated (a secret never holds NUL:
// the domain refuses control characters), sealed with the connector's id as context.
std::string JoinSecrets(const domain::ConnectorSecrets& s) {
  return s.client_secret + std::string(1, '\0') + s.private_key_pem + std::string(1, '\0') + s.token;
}

std::optional<domain::ConnectorSecrets> SplitSecrets(std::string_view text) {
  std::size_t first = text.find('\0');
  std::size_t second = first == std::string_view::npos ? first : text.find('\0', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  return domain::ConnectorSecrets{std::string(text.substr(0, first)),
                                  std::string(text.substr(first + 1, second - first - 1)),
                                  std::string(text.substr(second + 1))};
}

// What sealed credentials are bound to: the connector, its CRM and how it signs in. Sealed for one
// host, they do not open for another (a changed base_url needs the credentials given again).
std::string SealContext(const domain::Connector& connector) {
  return connector.id + '\n' + std::string(domain::ToString(connector.kind)) + '\n' + connector.EffectiveBaseUrl() +
         '\n' + connector.auth.flow;
}

std::string Clip(std::string_view text) {
  return std::string(text.substr(0, std::min<std::size_t>(text.size(), kMaxLogMessage)));
}

}  // namespace

Result<domain::Connector> ConnectorService::Find(store::Queries& q, std::string_view id) const {
  BB_ASSIGN_OR_RETURN(auto connector, q.FindConnector(id));
  if (!connector) return Error::NotFound(std::string(kNotFound));
  return std::move(*connector);
}

Status ConnectorService::CheckProgram(store::Queries& q, const domain::Connector& connector) const {
  if (connector.program_id.empty()) return Ok();
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(connector.program_id));
  if (!program) return Error::InvalidField("program_id", "is not a program");
  return Ok();
}

Status ConnectorService::Seal(domain::Connector& connector, const domain::ConnectorSecrets& secrets) const {
  if (options_.secret_key.size() != crypto::kSealKeyBytes) {
    return Error::Conflict(
        "Connectors cannot be saved: this server has no connectors.secret_key (BLUEBIRD_CONNECTORS_SECRET_KEY) to seal "
        "their credentials with (docs/operations.md).");
  }
  connector.sealed_secrets = crypto::Seal(options_.secret_key, JoinSecrets(secrets), SealContext(connector));
  return Ok();
}

Result<domain::ConnectorSecrets> ConnectorService::OpenSecrets(const domain::Connector& connector) const {
  std::optional<std::string> text;
  if (options_.secret_key.size() == crypto::kSealKeyBytes) {
    text = crypto::Open(options_.secret_key, connector.sealed_secrets, SealContext(connector));
  }
  std::optional<domain::ConnectorSecrets> secrets = text ? SplitSecrets(*text) : std::nullopt;
  if (!secrets) {
    return Error::Conflict(
        "The connector's credentials cannot be opened with this server's connectors.secret_key (not set, or not the "
        "key they were saved with): save the connector's auth again.");
  }
  return std::move(*secrets);
}

Result<ConnectorView> ConnectorService::Create(const domain::Actor& actor, const domain::ConnectorInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  domain::Connector connector;
  domain::ConnectorSecrets secrets;
  BB_RETURN_IF_ERROR(domain::ApplyConnectorInput(connector, input, secrets, true, options_.allow_private_targets));
  Timestamp now = clock_.Now();
  connector.id = ids_.New(domain::kConnectorPrefix);
  connector.created_at = now;
  connector.updated_at = now;
  connector.next_poll_at = now;
  BB_RETURN_IF_ERROR(Seal(connector, secrets));
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_RETURN_IF_ERROR(CheckProgram(tx, connector));
    BB_RETURN_IF_ERROR(tx.InsertConnector(connector));
    BB_RETURN_IF_ERROR(tx.EnqueueOpenReferralsForCrm(connector.id, connector.program_id,
                                                     connector.send == domain::ConnectorSendPolicy::kClear, now));
    return RecordAudit(tx, ids_, actor, now, "connector.created", connector.id,
                       domain::CreatedFields(domain::FieldsOf(connector)));
  }));
  return Get(actor, connector.id);
}

Result<std::vector<ConnectorView>> ConnectorService::List(const domain::Actor& actor) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  std::vector<ConnectorView> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    out.clear();
    BB_ASSIGN_OR_RETURN(auto connectors, q.ListConnectors());
    for (auto& connector : connectors) {
      BB_ASSIGN_OR_RETURN(store::CrmRecordCounts counts, q.CountCrmRecords(connector.id));
      out.push_back({std::move(connector), counts});
    }
    return Ok();
  }));
  return out;
}

Result<ConnectorView> ConnectorService::Get(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  ConnectorView out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(out.connector, Find(q, id));
    BB_ASSIGN_OR_RETURN(out.records, q.CountCrmRecords(id));
    return Ok();
  }));
  return out;
}

Result<ConnectorView> ConnectorService::Update(const domain::Actor& actor, std::string_view id,
                                               const domain::ConnectorInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(domain::Connector connector, Find(tx, id));
    domain::AuditFields before = domain::FieldsOf(connector);
    const std::string previous_program = connector.program_id;
    const domain::ConnectorSendPolicy previous_send = connector.send;
    const domain::Connector previous = connector;
    domain::ConnectorSecrets secrets;
    BB_RETURN_IF_ERROR(domain::ApplyConnectorInput(connector, input, secrets, false, options_.allow_private_targets));
    if (input.auth) BB_RETURN_IF_ERROR(Seal(connector, secrets));
    BB_RETURN_IF_ERROR(CheckProgram(tx, connector));
    Timestamp now = clock_.Now();
    connector.updated_at = now;
    connector.next_poll_at = now;
    BB_RETURN_IF_ERROR(tx.UpdateConnector(connector));
    // Scores written before (perhaps cleared since, or in another CRM) are written again.
    if (domain::ScoreScanStartsOver(previous, connector, input.auth.has_value())) {
      BB_RETURN_IF_ERROR(tx.ForgetSentScores(connector.id));
    }
    // A wider scope (another program, every program, held referrals too) brings its open referrals.
    if (connector.program_id != previous_program || connector.send != previous_send) {
      BB_RETURN_IF_ERROR(tx.EnqueueOpenReferralsForCrm(connector.id, connector.program_id,
                                                       connector.send == domain::ConnectorSendPolicy::kClear, now));
    }
    std::vector<domain::AuditChange> changes = domain::DiffFields(before, domain::FieldsOf(connector));
    if (input.auth) changes.push_back({"auth.secrets", std::string("(sealed)"), std::string("(replaced)")});
    return RecordAudit(tx, ids_, actor, now, "connector.updated", connector.id, std::move(changes));
  }));
  return Get(actor, id);
}

Status ConnectorService::Delete(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  return store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(domain::Connector connector, Find(tx, id));
    BB_RETURN_IF_ERROR(StatusOf(tx.DeleteConnector(id)));
    return RecordAudit(tx, ids_, actor, clock_.Now(), "connector.deleted", connector.id,
                       domain::DiffFields(domain::FieldsOf(connector), {}));
  });
}

Result<ConnectionCheck> ConnectorService::Test(const domain::Actor& actor, std::string_view id) {
  BB_ASSIGN_OR_RETURN(ConnectorView view, Get(actor, id));
  if (gateway_ == nullptr) return Error(ErrorCode::kUnavailable, "This server cannot reach CRMs.");
  ConnectionCheck check;
  Result<domain::ConnectorSecrets> secrets = OpenSecrets(view.connector);
  if (!secrets.ok()) {
    check.problems.push_back(secrets.error().message());
  } else {
    check = gateway_->Check(view.connector, *secrets);
  }
  std::string summary = "connection test: ";
  if (check.ok) {
    summary += "ok";
  } else {
    for (std::size_t i = 0; i < check.problems.size(); ++i) summary += (i == 0 ? "" : "; ") + check.problems[i];
  }
  BB_RETURN_IF_ERROR(AddLog(id, "test", check.ok ? "ok" : "failed", summary));
  return check;
}

Result<ConnectorView> ConnectorService::SyncNow(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(domain::Connector connector, Find(tx, id));
    Timestamp now = clock_.Now();
    connector.next_poll_at = now;
    if (connector.health == domain::ConnectorHealth::kBackingOff) connector.resume_at = now;
    connector.updated_at = now;
    BB_RETURN_IF_ERROR(tx.RequeueCrmRecords(connector.id, now));
    return tx.UpdateConnector(connector);
  }));
  return Get(actor, id);
}

Result<PageOf<store::ConnectorLogEntry>> ConnectorService::Log(const domain::Actor& actor, std::string_view id,
                                                               const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageIntegrations));
  BB_ASSIGN_OR_RETURN(std::string after, CheckPage(page, domain::kConnectorLogPrefix));
  PageOf<store::ConnectorLogEntry> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(StatusOf(Find(q, id)));
    BB_ASSIGN_OR_RETURN(out.items, q.ListConnectorLog(id, after, page.limit + 1));
    return Ok();
  }));
  FinishPage(out, page);
  return out;
}

Result<std::vector<domain::Connector>> ConnectorService::ForSync() {
  std::vector<domain::Connector> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(out, q.ListConnectors());
    return Ok();
  }));
  return out;
}

Result<std::vector<OutboundReferral>> ConnectorService::ClaimOutbound(const domain::Connector& connector,
                                                                      std::string_view holder, Duration lease,
                                                                      int limit) {
  std::vector<OutboundReferral> out;
  std::vector<store::CrmRecord> dropped;  // referrals that no longer go to this CRM
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    out.clear();
    dropped.clear();
    Timestamp now = clock_.Now();
    BB_ASSIGN_OR_RETURN(auto records, tx.ClaimCrmRecords(connector.id, holder, now, now + lease, limit));
    std::map<std::string, domain::Advocate, std::less<>> advocates;
    std::map<std::string, domain::Program, std::less<>> programs;
    for (auto& record : records) {
      BB_ASSIGN_OR_RETURN(auto referral, tx.FindReferral(record.referral_id));
      if (!referral || !connector.Covers(referral->program_id) || !connector.Sends(*referral)) {
        record.state = store::CrmRecordState::kFailed;
        record.last_error = "not sent: the connector's send policy does not take this referral (now)";
        record.updated_at = now;
        BB_RETURN_IF_ERROR(tx.UpdateCrmRecord(record));
        continue;
      }
      auto advocate = advocates.find(referral->advocate_id);
      if (advocate == advocates.end()) {
        BB_ASSIGN_OR_RETURN(auto found, tx.FindAdvocate(referral->advocate_id));
        if (!found) return Error::Internal("a referral's advocate is missing");
        advocate = advocates.emplace(found->id, std::move(*found)).first;
      }
      auto program = programs.find(referral->program_id);
      if (program == programs.end()) {
        BB_ASSIGN_OR_RETURN(auto found, tx.FindProgram(referral->program_id));
        if (!found) return Error::Internal("a referral's program is missing");
        program = programs.emplace(found->id, std::move(*found)).first;
      }
      std::string url = options_.public_base_url + "/console/referrals/" + referral->id;
      out.push_back({std::move(record), std::move(*referral), advocate->second, program->second, std::move(url)});
    }
    return Ok();
  }));
  // The scores are read after the claim, outside the write (each is a few reads of the person's
  // events, which the single SQLite writer need not wait for).
  // One that cannot be read goes without (its row keeps the score last written, so the next scan
  // tries again) and the log says so: a score never holds up the referrals themselves.
  if (connector.sync_scores && !out.empty()) {
    int unscored = 0;
    std::string why;
    Status read = store_.Read([&](store::Queries& q) -> Status {
      unscored = 0;
      CrmScorer scorer(q, clock_.Now());
      for (auto& item : out) {
        Result<domain::CrmScore> score = scorer.Of(item.referral);
        item.score.reset();
        if (score.ok()) {
          item.score = std::move(*score);
        } else {
          if (unscored++ == 0) why = score.error().message();
        }
      }
      return Ok();
    });
    if (!read.ok()) {
      unscored = static_cast<int>(out.size());
      why = read.error().message();
    }
    if (unscored > 0) {
      (void)AddLog(connector.id, "outbound", "failed",
                   "lead scores: " + std::to_string(unscored) + " could not be read and were sent without (" + why +
                       "); the next scan writes them");
    }
  }
  return out;
}

store::ConnectorLogEntry ConnectorService::LogEntry(std::string_view connector_id, Timestamp at,
                                                    std::string_view direction, std::string_view outcome,
                                                    std::string_view message, std::string_view referral_id,
                                                    std::string_view crm_id) const {
  return store::ConnectorLogEntry{ids_.New(domain::kConnectorLogPrefix),
                                  std::string(connector_id),
                                  at,
                                  std::string(direction),
                                  std::string(outcome),
                                  std::string(referral_id),
                                  std::string(crm_id),
                                  Clip(message)};
}

Status ConnectorService::RecordOutbound(const domain::Connector& connector,
                                        const std::vector<OutboundResult>& results) {
  if (results.empty()) return Ok();
  return store_.Write([&](store::Tx& tx) -> Status {
    Timestamp now = clock_.Now();
    int synced = 0, retried = 0, failed = 0;
    for (const OutboundResult& result : results) {
      BB_ASSIGN_OR_RETURN(auto found, tx.FindCrmRecord(connector.id, result.referral_id));
      if (!found) continue;  // the connector was deleted meanwhile
      store::CrmRecord record = std::move(*found);
      bool changed_since = record.version != result.version;
      record.updated_at = now;
      record.lease_holder.clear();
      switch (result.outcome) {
        case OutboundResult::Outcome::kSynced:
          ++synced;
          record.crm_object = result.crm_object;
          record.crm_id = result.crm_id;
          if (!result.crm_contact_id.empty()) record.crm_contact_id = result.crm_contact_id;
          if (!result.crm_account_id.empty()) record.crm_account_id = result.crm_account_id;
          if (result.crm_object == "Opportunity" || result.crm_object == "deal") record.crm_deal_id = result.crm_id;
          record.last_error.clear();
          record.synced_at = now;
          // A row changed meanwhile is sent again, with the score as of then.
          if (result.score && !changed_since) record.sent_score = result.score;
          record.attempts = 0;
          record.state = changed_since ? store::CrmRecordState::kPending : store::CrmRecordState::kSynced;
          record.due_at = now;
          if (!result.message.empty()) {
            BB_RETURN_IF_ERROR(tx.InsertConnectorLog(
                LogEntry(connector.id, now, "outbound", "ok", result.message, result.referral_id, result.crm_id)));
          }
          break;
        case OutboundResult::Outcome::kRetry: {
          ++retried;
          record.last_error = Clip(result.message);
          record.state = store::CrmRecordState::kPending;
          static const domain::Backoff backoff =
              domain::Backoff::Exponential(std::chrono::seconds(30), 2.0, std::chrono::hours(6), 0.0);
          Duration wait = backoff.DelayAfter(std::max(1, record.attempts), 0.5).value_or(std::chrono::hours(6));
          if (result.retry_after) wait = std::max(wait, *result.retry_after);
          record.due_at = now + wait;
          break;
        }
        case OutboundResult::Outcome::kFailed:
          ++failed;
          record.last_error = Clip(result.message);
          record.state = changed_since ? store::CrmRecordState::kPending : store::CrmRecordState::kFailed;
          record.due_at = now;
          BB_RETURN_IF_ERROR(tx.InsertConnectorLog(
              LogEntry(connector.id, now, "outbound", "failed", result.message, result.referral_id, result.crm_id)));
          break;
      }
      BB_RETURN_IF_ERROR(tx.UpdateCrmRecord(record));
    }
    std::string summary = "sent " + std::to_string(results.size()) +
                          (results.size() == 1 ? " referral: " : " referrals: ") + std::to_string(synced) +
                          " synced, " + std::to_string(retried) + " to retry, " + std::to_string(failed) + " failed";
    if (retried > 0) summary += " (last: " + results.back().message + ")";
    return tx.InsertConnectorLog(
        LogEntry(connector.id, now, "outbound", failed + retried == 0 ? "ok" : "retry", summary, "", ""));
  });
}

Status ConnectorService::ApplyOne(const domain::Connector& connector, const InboundChange& change,
                                  InboundSummary& summary) {
  std::optional<domain::Referral> referral;
  std::optional<store::CrmRecord> record;
  std::optional<domain::Program> program;
  bool won_through_account_only = false;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(referral, q.FindReferral(change.referral_id));
    BB_ASSIGN_OR_RETURN(record, q.FindCrmRecord(connector.id, change.referral_id));
    if (referral) {
      BB_ASSIGN_OR_RETURN(program, q.FindProgram(referral->program_id));
    }
    if (referral && referral->stage == domain::ReferralStage::kWon) {
      BB_ASSIGN_OR_RETURN(auto history, q.ListReferralEvents(referral->id));
      won_through_account_only = domain::WonThroughAccountOnly(history);
    }
    return Ok();
  }));
  if (!referral || !program || !connector.Covers(referral->program_id)) {
    ++summary.skipped;
    return AddLog(connector.id, "inbound", "skipped",
                  change.crm_object + " " + change.crm_id + " names referral " + change.referral_id +
                      ", which is not one of this connector's referrals",
                  "", change.crm_id);
  }
  // Only the records Bluebird linked to the referral move it: the one it sent (the lead, the
  // contact a duplicate rule matched, HubSpot's deal) and the opportunity that lead became. The
  // referral's id copied onto another deal in the CRM wins nothing.
  bool linked =
      record && !change.crm_id.empty() && (change.crm_id == record->crm_id || change.crm_id == record->crm_deal_id);
  if (!linked) {
    ++summary.skipped;
    return AddLog(
        connector.id, "inbound", "skipped",
        change.crm_object + " " + change.crm_id + " carries referral " + change.referral_id +
            ", but it is not the record Bluebird linked to it" +
            (record && !record->crm_id.empty() ? " (" + record->crm_object + " " + record->crm_id + ")" : "") +
            ": not applied",
        referral->id, change.crm_id);
  }
  const std::string stamp = change.crm_object + ":" + change.modstamp;
  if (!change.modstamp.empty() && record->crm_modstamp == stamp) {
    return Ok();  // read before: the overlap of two polls
  }
  std::string where = change.crm_object + " " + change.crm_id + " (" + change.state.stage + ")";
  domain::CrmDealState state = change.state;
  bool unreadable_amount = false;
  if (change.amount) {
    state.amount_minor = domain::DecimalTextToMinor(*change.amount, domain::MinorUnitDigits(program->currency));
    if (!state.amount_minor) {
      unreadable_amount = true;
      ++summary.failed;
      BB_RETURN_IF_ERROR(AddLog(connector.id, "inbound", "failed",
                                where + ": the amount " + *change.amount + " is not a " + program->currency +
                                    " amount Bluebird can hold (0 to 10^15 minor units): not applied until the "
                                    "CRM's amount changes",
                                referral->id, change.crm_id));
    }
  }
  domain::Actor actor{domain::Actor::Kind::kSystem, connector.id, domain::Role::kAdmin, ""};
  domain::InboundPlan plan = domain::PlanInbound(connector, *referral, state, won_through_account_only);
  // A won deal whose amount cannot be read is not won without it (its rewards would be wrong).
  if (unreadable_amount && plan.move_to == domain::ReferralStage::kWon) plan.move_to.reset();
  if (plan.move_to) {
    StageMoveInput move;
    move.stage = std::string(domain::ToString(*plan.move_to));
    if (*plan.move_to == domain::ReferralStage::kWon) move.deal_value_minor = plan.deal_value;
    std::string deal_id = change.converted_deal_id.empty() ? change.crm_id : change.converted_deal_id;
    if (referral->external_id.empty() || referral->external_id != deal_id) move.external_id = deal_id;
    move.note = "from " + std::string(domain::ToString(connector.kind)) + ": " + where;
    // A program without an opportunity stage takes a converted lead as qualified.
    if (*plan.move_to == domain::ReferralStage::kOpportunity && !program->referral_policy.uses_opportunity)
      move.stage = "qualified";
    Result<StageMoveResult> moved = referrals_.MoveStage(actor, referral->id, move);
    // The database busy for now: stop here, the change is read again at the next turn.
    if (!moved.ok() && moved.error().code() == ErrorCode::kUnavailable) return moved.error();
    if (!moved.ok()) {
      ++summary.failed;
      BB_RETURN_IF_ERROR(
          AddLog(connector.id, "inbound", "failed",
                 where + ": moving the referral to " + *move.stage + " failed: " + moved.error().message(),
                 referral->id, change.crm_id));
    } else if (moved->changed) {
      ++summary.changed;
      std::string text = where + ": referral moved to " + *move.stage;
      if (move.deal_value_minor) {
        text += " with deal value " + domain::FormatMoney(*move.deal_value_minor, moved->referral.deal_currency);
      }
      if (!moved->rewards.empty()) text += "; " + std::to_string(moved->rewards.size()) + " reward(s) created";
      BB_RETURN_IF_ERROR(AddLog(connector.id, "inbound", "changed", text, referral->id, change.crm_id));
    }
  } else if (plan.correct_value) {
    DealValueCorrection correction{plan.correct_value,
                                   "amount changed in " + std::string(domain::ToString(connector.kind)) + ": " + where};
    Result<ReferralDetail> corrected = referrals_.CorrectDealValue(actor, referral->id, correction);
    if (!corrected.ok() && corrected.error().code() == ErrorCode::kUnavailable) return corrected.error();
    if (!corrected.ok()) {
      ++summary.failed;
      BB_RETURN_IF_ERROR(AddLog(connector.id, "inbound", "failed",
                                where + ": correcting the deal value failed: " + corrected.error().message(),
                                referral->id, change.crm_id));
    } else {
      ++summary.changed;
      BB_RETURN_IF_ERROR(AddLog(connector.id, "inbound", "changed",
                                where + ": deal value corrected to " +
                                    domain::FormatMoney(*plan.correct_value, corrected->referral.deal_currency),
                                referral->id, change.crm_id));
    }
  } else if (!plan.skipped.empty()) {
    ++summary.skipped;
    BB_RETURN_IF_ERROR(
        AddLog(connector.id, "inbound", "skipped", where + ": " + plan.skipped, referral->id, change.crm_id));
  }
  // Remember the stamp (and the deal a lead became), so that the next poll's overlap is not re-read.
  return store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto current, tx.FindCrmRecord(connector.id, change.referral_id));
    if (!current) return Ok();  // the connector was deleted meanwhile
    current->crm_modstamp = stamp;
    if (!change.converted_deal_id.empty() && change.crm_id == current->crm_id) {
      // The referral's record is the opportunity now: the score scan writes its score there.
      if (current->crm_deal_id != change.converted_deal_id) current->sent_score.reset();
      current->crm_deal_id = change.converted_deal_id;
    }
    current->updated_at = clock_.Now();
    return tx.UpdateCrmRecord(*current);
  });
}

Result<InboundSummary> ConnectorService::ApplyInbound(const domain::Connector& connector,
                                                      const std::vector<InboundChange>& changes,
                                                      std::string_view cursor) {
  InboundSummary summary;
  for (const InboundChange& change : changes) {
    ++summary.read;
    BB_RETURN_IF_ERROR(ApplyOne(connector, change, summary));
  }
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(domain::Connector current, Find(tx, connector.id));
    Timestamp now = clock_.Now();
    current.cursor = std::string(cursor);
    current.last_poll_at = now;
    current.next_poll_at = now + std::chrono::seconds(current.poll_seconds);
    if (current.health == domain::ConnectorHealth::kBackingOff) {
      current.health = domain::ConnectorHealth::kOk;
      current.health_message.clear();
      current.resume_at.reset();
    }
    current.updated_at = now;
    BB_RETURN_IF_ERROR(tx.UpdateConnector(current));
    if (summary.read == 0) return Ok();
    return tx.InsertConnectorLog(LogEntry(
        connector.id, now, "inbound", summary.failed > 0 ? "failed" : (summary.changed > 0 ? "changed" : "ok"),
        "read " + std::to_string(summary.read) + (summary.read == 1 ? " changed record: " : " changed records: ") +
            std::to_string(summary.changed) + " applied, " + std::to_string(summary.skipped) + " skipped, " +
            std::to_string(summary.failed) + " failed",
        "", ""));
  }));
  return summary;
}

Result<std::int64_t> ConnectorService::PurgeOldLog() {
  std::string before = domain::FormatId(domain::kConnectorLogPrefix, clock_.Now() - kLogRetention, {});
  std::int64_t removed = 0;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(removed, tx.DeleteConnectorLogBefore(before));
    return Ok();
  }));
  return removed;
}

Status ConnectorService::SetHealth(const domain::Connector& seen, domain::ConnectorHealth health,
                                   std::string_view message, std::optional<Timestamp> resume_at) {
  const std::string& connector_id = seen.id;
  return store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(domain::Connector connector, Find(tx, connector_id));
    // Saved (or synced now) since the job read it: the admin's change stands; the next turn judges it.
    if (connector.updated_at != seen.updated_at) return Ok();
    Timestamp now = clock_.Now();
    bool same = connector.health == health && connector.health_message == message;
    connector.health = health;
    connector.health_message = Clip(message);
    connector.resume_at = resume_at;
    connector.updated_at = now;
    BB_RETURN_IF_ERROR(tx.UpdateConnector(connector));
    if (same || health == domain::ConnectorHealth::kOk) return Ok();
    return tx.InsertConnectorLog(LogEntry(connector_id, now, "auth",
                                          health == domain::ConnectorHealth::kBroken ? "failed" : "retry",
                                          std::string(domain::ToString(health)) + ": " + std::string(message), "", ""));
  });
}

Status ConnectorService::AddLog(std::string_view connector_id, std::string_view direction, std::string_view outcome,
                                std::string_view message, std::string_view referral_id, std::string_view crm_id) {
  return store_.Write([&](store::Tx& tx) -> Status {
    return tx.InsertConnectorLog(
        LogEntry(connector_id, clock_.Now(), direction, outcome, message, referral_id, crm_id));
  });
}

}  // namespace bb::service

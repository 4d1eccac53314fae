// ImportService: historical referrals (the contract is in import_service.h).

#include <algorithm>
#include <map>
#include <utility>

#include "domain/contact.h"
#include "domain/ids.h"
#include "domain/validation.h"
#include "service/audit_trail.h"
#include "service/import_service.h"
#include "service/referral_service.h"

namespace bb::service {

using domain::Import;
using domain::ImportIssue;
using domain::ImportRowOutcome;
using domain::Referral;

std::optional<ImportService::ReferralItem> ImportService::ReadReferral(const Target& target,
                                                                       const domain::ReferralImportContext& context,
                                                                       std::int64_t row,
                                                                       const std::vector<std::string>& fields,
                                                                       std::vector<ImportIssue>& issues) const {
  auto read = domain::ReadReferralImportRow(target.columns, context, row, fields, issues);
  if (!read) return std::nullopt;
  ReferralInput input;
  input.referee = read->referee;
  input.referee_present = true;
  input.product = read->product;
  input.note = read->note;
  input.channel = read->channel;
  auto draft = DraftReferral(input);
  if (!draft.ok()) {
    domain::AddFieldIssues(target.columns, row, draft.error(), issues);
    return std::nullopt;
  }
  if (Status phone = domain::PutPhoneInE164(draft->referee, target.program.referral_policy.phone_region); !phone.ok()) {
    domain::AddFieldIssues(target.columns, row, phone.error(), issues);
    return std::nullopt;
  }
  return ReferralItem{std::move(*read), std::move(*draft)};
}

Status ImportService::FlushReferrals(const domain::Actor& actor, const ImportRequest& request, const Target& target,
                                     std::vector<ReferralItem>& batch, Import& import) {
  const domain::ImportColumns& columns = target.columns;
  const domain::Program& program = target.program;
  std::vector<ImportRowOutcome> outcomes;
  std::vector<ImportIssue> refusals;
  Import progress;
  // Decides each row against the database; with `tx`, also writes it. May run more than once:
  // each attempt is stamped with its own time, so a write commits soon after its stamp
  // (ConnectorService::kAdvocateSettle counts on it).
  auto decide = [&](store::Queries& q, store::Tx* tx) -> Status {
    Timestamp now = clock_.Now();
    outcomes.assign(batch.size(), ImportRowOutcome::kUnchanged);
    refusals.clear();
    std::int64_t created = 0;
    // Advocates by "email:<address>" or "code:<code>"; nullopt for none of this program.
    std::map<std::string, std::optional<domain::Advocate>> advocates;
    auto advocate_by = [&](const std::string& key, auto find) -> Result<const std::optional<domain::Advocate>*> {
      auto known = advocates.find(key);
      if (known == advocates.end()) {
        BB_ASSIGN_OR_RETURN(auto found, find());
        known = advocates.emplace(key, std::move(found)).first;
      }
      return &known->second;
    };
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const domain::ReferralImportRow& row = batch[i].row;
      const Referral& draft = batch[i].draft;
      auto refuse = [&](std::string_view field, std::string message) {
        outcomes[i] = ImportRowOutcome::kRefused;
        refusals.push_back({row.row, columns.HeaderOf(field), std::move(message)});
      };
      const std::optional<domain::Advocate>* by_email = nullptr;
      const std::optional<domain::Advocate>* by_code = nullptr;
      if (!row.advocate_email.empty()) {
        BB_ASSIGN_OR_RETURN(
            by_email, advocate_by("email:" + row.advocate_email, [&]() -> Result<std::optional<domain::Advocate>> {
              BB_ASSIGN_OR_RETURN(auto person, q.FindPersonByEmail(row.advocate_email));
              if (!person) return std::optional<domain::Advocate>();
              return q.FindAdvocateByPerson(program.id, person->id);
            }));
        if (!*by_email) {
          refuse("advocate_email", "names no advocate of this program (import the advocates first)");
          continue;
        }
      }
      if (!row.code.empty()) {
        BB_ASSIGN_OR_RETURN(by_code, advocate_by("code:" + row.code, [&]() -> Result<std::optional<domain::Advocate>> {
                              BB_ASSIGN_OR_RETURN(auto link, q.FindLinkTarget(row.code));
                              if (!link || link->program_id != program.id) return std::optional<domain::Advocate>();
                              return q.FindAdvocate(link->advocate_id);
                            }));
        if (!*by_code) {
          refuse("code", "is not a referral code of this program");
          continue;
        }
        if (by_email && (*by_email)->id != (*by_code)->id) {
          refuse("code",
                 "is the code of another advocate than the one " + columns.HeaderOf("advocate_email") + " names");
          continue;
        }
      }
      const domain::Advocate& advocate = by_email ? **by_email : **by_code;
      if (domain::EmailMatchKey(advocate.email) == draft.referee.email_key) {
        refuse("email", "is the advocate's own address: an advocate cannot refer themselves");
        continue;
      }
      // The referee's earlier referrals in the program, by address or phone (as a submission's
      // duplicate check finds them).
      BB_ASSIGN_OR_RETURN(auto earlier, q.ListReferralsByReferee(program.id, draft.referee.email_key,
                                                                 draft.referee.phone, Timestamp{}, 100));
      auto same = std::find_if(earlier.begin(), earlier.end(), [&](const Referral& r) {
        return r.advocate_id == advocate.id && r.referee.email_key == draft.referee.email_key;
      });
      if (same != earlier.end()) {
        bool as_the_file_says =
            same->stage == row.stage && (!row.deal_value_minor || same->deal_value_minor == row.deal_value_minor);
        if (!as_the_file_says) {
          refuse(columns.Find("stage") ? "stage" : "email",
                 "this advocate referred this person already (referral " + same->id + ", now " +
                     std::string(domain::ToString(same->stage)) +
                     "): an import only adds referrals; move it in the console, with the API or in the CRM, so "
                     "that its rewards follow");
        }
        continue;
      }
      auto other = std::find_if(earlier.begin(), earlier.end(),
                                [](const Referral& r) { return r.stage != domain::ReferralStage::kRejected; });
      if (other != earlier.end()) {
        refuse("email", std::string(other->advocate_id == advocate.id ? "was referred by this advocate already"
                                                                      : "was referred already by another advocate") +
                            (other->referee.email_key == draft.referee.email_key ? "" : ", with the same phone") +
                            " (referral " + other->id + ")");
        continue;
      }
      outcomes[i] = ImportRowOutcome::kCreated;
      ++created;
      if (!tx) continue;
      Referral referral = draft;
      referral.id = ids_.New(domain::kReferralPrefix);
      referral.program_id = program.id;
      referral.advocate_id = advocate.id;
      referral.code = advocate.code;
      referral.first_touch_code = advocate.code;
      referral.source = domain::ReferralSource::kImport;
      referral.submitted_by = actor.id;
      referral.stage = row.stage;
      referral.review_status = domain::ReviewStatus::kClear;
      referral.deal_value_minor = row.deal_value_minor;
      if (row.deal_value_minor) referral.deal_currency = program.currency;
      referral.external_id = row.external_id;
      referral.advocate_profile = advocate.Profile();
      referral.created_at = row.submitted_at;
      referral.updated_at = now;
      BB_RETURN_IF_ERROR(tx->InsertReferral(referral));
      for (auto& entry : domain::ImportedHistory(row, program.referral_policy.uses_opportunity)) {
        entry.id = ids_.New(domain::kReferralEventPrefix);
        entry.referral_id = referral.id;
        entry.actor = actor.id;
        entry.note = "imported by " + import.id + ": stages reached before Bluebird earn no reward";
        BB_RETURN_IF_ERROR(tx->InsertReferralEvent(entry));
        BB_RETURN_IF_ERROR(lifecycle_.FollowReferral(*tx, referral, entry.reached, entry.at));
      }
    }
    progress = import;
    progress.AddBatch(outcomes, refusals);
    progress.updated_at = now;
    if (!tx) return Ok();
    BB_RETURN_IF_ERROR(tx->UpdateImport(progress));
    if (created == 0) return Ok();
    return RecordAudit(*tx, ids_, actor, now, "referrals.imported", import.id,
                       {{"created", std::monostate{}, created}});
  };
  if (request.dry_run) {
    BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status { return decide(q, nullptr); }));
    BB_RETURN_IF_ERROR(SaveImport(progress));
  } else {
    BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status { return decide(tx, &tx); }));
  }
  import = std::move(progress);
  batch.clear();
  return Ok();
}

}  // namespace bb::service

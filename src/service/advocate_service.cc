#include "service/advocate_service.h"

#include "crypto/crypto.h"

#include "domain/ids.h"
#include "service/audit_trail.h"

namespace bb::service {

using domain::Action;
using domain::Advocate;

namespace {

constexpr int kCodeAttempts = 8;

Error NoSuchAdvocate() { return Error::NotFound("No advocate with this id."); }
Error NoSuchProgram() { return Error::NotFound("No program with this id."); }

domain::AdvocateSource SourceFor(const domain::Actor& actor) {
  if (actor.kind == domain::Actor::Kind::kApiKey) return domain::AdvocateSource::kApi;
  if (actor.role == domain::Role::kSalesRep) return domain::AdvocateSource::kSalesRep;
  return domain::AdvocateSource::kStaff;
}

}  // namespace

Status AdvocateService::EnrollInTx(store::Tx& tx, Advocate& advocate) {
  BB_ASSIGN_OR_RETURN(auto person, tx.FindPersonByEmail(advocate.person.email_normalized));
  if (person) {
    BB_ASSIGN_OR_RETURN(auto existing, tx.FindAdvocateByPerson(advocate.program_id, person->id));
    if (existing) {
      return Error(ErrorCode::kConflict, "This person is already an advocate of the program.",
                   {{"email", "is already enrolled in this program"}});
    }
    // Known from another program: only the matching identity is shared. The new enrolment keeps
    // exactly what it was given and learns nothing of what the other programs hold.
    advocate.person = std::move(*person);
  } else {
    advocate.person.id = ids_.New(domain::kPersonPrefix);
    advocate.person.created_at = advocate.created_at;
    BB_RETURN_IF_ERROR(tx.InsertPerson(advocate.person));
  }
  for (int attempt = 0;; ++attempt) {
    advocate.code = ids_.NewReferralCode();
    Status inserted = tx.InsertAdvocate(advocate);
    bool code_taken = !inserted.ok() && inserted.error().code() == ErrorCode::kConflict &&
                      !inserted.error().fields().empty() && inserted.error().fields().front().field == "code";
    if (!code_taken || attempt + 1 == kCodeAttempts) {
      BB_RETURN_IF_ERROR(inserted);
      BB_RETURN_IF_ERROR(lifecycle_.FollowEnrolment(tx, advocate));
      return events_.Advocate(tx, advocate.created_at, "advocate.enrolled", advocate);
    }
  }
}

Result<Advocate> AdvocateService::Enroll(const domain::Actor& actor, std::string_view program_id,
                                         const domain::AdvocateInput& input, const Idempotent<Advocate>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kEnrollAdvocates));
  BB_ASSIGN_OR_RETURN(Advocate advocate, domain::BuildEnrollment(input));
  advocate.id = ids_.New(domain::kAdvocatePrefix);
  advocate.program_id = std::string(program_id);
  advocate.source = SourceFor(actor);
  advocate.enrolled_by = actor.id;
  advocate.created_at = advocate.updated_at = clock_.Now();
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(program_id));
    if (!program) return NoSuchProgram();
    if (program->status == domain::ProgramStatus::kArchived) {
      return Error::Conflict("The program is archived; it takes no new advocates.");
    }
    BB_RETURN_IF_ERROR(EnrollInTx(tx, advocate));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, advocate.created_at, "advocate.enrolled", advocate.id,
                                   domain::CreatedFields(domain::FieldsOf(advocate))));
    return idempotency_.Record(tx, idempotent, advocate);
  }));
  return advocate;
}

Result<Advocate> AdvocateService::Join(std::string_view program_slug, const domain::AdvocateInput& input,
                                       const std::optional<std::string>& invitation,
                                       const Idempotent<Advocate>& idempotent) {
  BB_ASSIGN_OR_RETURN(Advocate advocate, domain::BuildEnrollment(input));
  advocate.id = ids_.New(domain::kAdvocatePrefix);
  advocate.source = domain::AdvocateSource::kSelfSignup;
  advocate.created_at = advocate.updated_at = clock_.Now();
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgramBySlug(program_slug));
    if (!program) return Error::NotFound("No program with this name.");
    if (program->status != domain::ProgramStatus::kActive) {
      return Error::Conflict("This program is not taking sign-ups right now.");
    }
    advocate.program_id = program->id;
    BB_RETURN_IF_ERROR(EnrollInTx(tx, advocate));
    if (invitation && invitation->size() <= 200) {
      BB_ASSIGN_OR_RETURN(auto invited, tx.FindCampaignRecipientByToken(crypto::Sha256Hex(*invitation)));
      if (invited) {
        BB_ASSIGN_OR_RETURN(auto campaign, tx.FindCampaign(invited->campaign_id));
        // Only the person invited joins by it: a forwarded link, used with another address, is a
        // sign-up of its own and leaves the invitation as it was (and another kind's token, a
        // survey's, is no invitation).
        if (campaign && campaign->kind == domain::CampaignKind::kInvitation && campaign->program_id == program->id &&
            !invited->joined_at && invited->email == advocate.person.email_normalized) {
          domain::MarkJoined(*invited, advocate.id, advocate.created_at);
          BB_RETURN_IF_ERROR(tx.UpdateCampaignRecipient(*invited));
        }
      }
    }
    return idempotency_.Record(tx, idempotent, advocate);
  }));
  return advocate;
}

Result<Advocate> AdvocateService::Get(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAdvocates));
  std::optional<Advocate> advocate;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(advocate, q.FindAdvocate(id));
    return Ok();
  }));
  if (!advocate) return NoSuchAdvocate();
  BB_RETURN_IF_ERROR(domain::AuthorizeAdvocate(actor, Action::kReadAdvocates, *advocate));
  return std::move(*advocate);
}

Result<domain::AdvocateActivity> AdvocateService::Activity(const domain::Actor& actor, std::string_view id,
                                                           domain::TimeRange& range) {
  if (actor.IsAdvocate()) {
    if (actor.id != id) return NoSuchAdvocate();
  } else {
    BB_RETURN_IF_ERROR(StatusOf(Get(actor, id)));
  }
  BB_RETURN_IF_ERROR(domain::CompleteAnalyticsRange(range, clock_.Now()));
  domain::AdvocateActivity activity;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(activity, q.GetAdvocateActivity(id, *range.from, *range.before));
    return Ok();
  }));
  return activity;
}

Result<Advocate> AdvocateService::Profile(const domain::Actor& actor) {
  if (!actor.IsAdvocate()) return Error(ErrorCode::kPermissionDenied, "Only a signed-in advocate has a profile here.");
  std::optional<Advocate> advocate;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(advocate, q.FindAdvocate(actor.id));
    return Ok();
  }));
  if (!advocate) return NoSuchAdvocate();
  return std::move(*advocate);
}

Result<PageOf<Advocate>> AdvocateService::List(const domain::Actor& actor, std::string_view program_id,
                                               const AdvocateFilter& filter, const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAdvocates));
  BB_ASSIGN_OR_RETURN(std::string after, CheckPage(page, domain::kAdvocatePrefix));
  store::AdvocateQuery query;
  query.program_id = std::string(program_id);
  query.search = domain::SearchKey(filter.search);
  query.attributes = filter.attributes;
  for (const auto& tag : filter.tags) query.tags.push_back(domain::NormalizeTag(tag));
  query.source = filter.source;
  query.status = filter.status;
  query.created_from = filter.created_from;
  query.created_before = filter.created_before;
  if (actor.role == domain::Role::kSalesRep) query.enrolled_by = actor.id;
  query.before_id = after;
  query.limit = page.limit + 1;
  PageOf<Advocate> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return NoSuchProgram();
    BB_ASSIGN_OR_RETURN(out.items, q.ListAdvocates(query));
    return Ok();
  }));
  FinishPage(out, page);
  return out;
}

Result<Advocate> AdvocateService::Update(const domain::Actor& actor, std::string_view id,
                                         const domain::AdvocateInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageAdvocates));
  Advocate updated;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(id));
    if (!advocate) return NoSuchAdvocate();
    BB_RETURN_IF_ERROR(domain::AuthorizeAdvocate(actor, Action::kManageAdvocates, *advocate));
    domain::AuditFields before = domain::FieldsOf(*advocate);
    BB_RETURN_IF_ERROR(domain::ApplyAdvocateChanges(*advocate, input, clock_.Now()));
    BB_RETURN_IF_ERROR(tx.UpdateAdvocate(*advocate));
    auto changes = domain::DiffFields(before, domain::FieldsOf(*advocate));
    if (!changes.empty()) {
      BB_RETURN_IF_ERROR(
          RecordAudit(tx, ids_, actor, advocate->updated_at, "advocate.updated", advocate->id, std::move(changes)));
      BB_RETURN_IF_ERROR(events_.Advocate(tx, advocate->updated_at, "advocate.updated", *advocate));
    }
    updated = std::move(*advocate);
    return Ok();
  }));
  link_targets_.Clear();
  return updated;
}

Result<Advocate> AdvocateService::Deactivate(const domain::Actor& actor, std::string_view id,
                                             const Idempotent<Advocate>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManageAdvocates));
  Advocate updated;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(id));
    if (!advocate) return NoSuchAdvocate();
    BB_RETURN_IF_ERROR(domain::AuthorizeAdvocate(actor, Action::kManageAdvocates, *advocate));
    if (advocate->status != domain::AdvocateStatus::kInactive) {
      advocate->status = domain::AdvocateStatus::kInactive;
      advocate->updated_at = clock_.Now();
      BB_RETURN_IF_ERROR(tx.UpdateAdvocate(*advocate));
      BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, advocate->updated_at, "advocate.deactivated", advocate->id,
                                     {{"status", std::string("active"), std::string("inactive")}}));
      BB_RETURN_IF_ERROR(events_.Advocate(tx, advocate->updated_at, "advocate.updated", *advocate));
    }
    updated = std::move(*advocate);
    return idempotency_.Record(tx, idempotent, updated);
  }));
  link_targets_.Clear();
  return updated;
}

}  // namespace bb::service

#include "service/buying_committee_service.h"

#include <algorithm>
#include <array>
#include <map>

#include "domain/contact.h"
#include "domain/ids.h"
#include "domain/personality.h"
#include "domain/validation.h"
#include "service/audit_trail.h"
#include "service/reader_scope.h"
#include "service/referral_replay.h"

namespace bb::service {
namespace {

using domain::Action;

constexpr std::string_view kNoProgram = "No program with this id.";
constexpr std::string_view kNoReferral = "No referral with this id.";
constexpr std::string_view kArchived = "The program is archived: its referrals' committees take no changes.";
constexpr std::array<std::string_view, 6> kAttributes = {
    "disc_primary", "seniority", "buying_style", "roles_covered", "advocate.disc_primary", "advocate.seniority"};

CommitteeView ViewOf(domain::BuyingCommittee committee, Timestamp as_of) {
  CommitteeView view;
  view.roles_covered = domain::RolesCovered(committee.members);
  view.roles_missing = domain::RolesMissing(committee.members);
  view.committee = std::move(committee);
  view.as_of = as_of;
  return view;
}

// The value `attribute` gives a referral whose committee (as of the instant read) is `members`.
std::string ValueOf(OutcomeAttribute attribute, const domain::Referral& referral,
                    const std::vector<domain::CommitteeMember>& members) {
  const domain::CommitteeMember* primary = domain::PrimaryMember(members);
  auto reserved = [](const domain::Attributes& attributes, std::string_view key) {
    return domain::ReservedValue(attributes, key).value_or(std::string(domain::kUnknownValue));
  };
  switch (attribute) {
    case OutcomeAttribute::kDiscPrimary:
      return primary ? reserved(primary->attributes, domain::kDiscPrimaryKey) : std::string(domain::kUnknownValue);
    case OutcomeAttribute::kSeniority:
      return primary ? reserved(primary->attributes, domain::kSeniorityKey) : std::string(domain::kUnknownValue);
    case OutcomeAttribute::kBuyingStyle:
      return primary ? reserved(primary->attributes, domain::kBuyingStyleKey) : std::string(domain::kUnknownValue);
    case OutcomeAttribute::kRolesCovered: return std::to_string(domain::RolesCovered(members));
    case OutcomeAttribute::kAdvocateDiscPrimary:
      return reserved(referral.advocate_profile.attributes, domain::kDiscPrimaryKey);
    case OutcomeAttribute::kAdvocateSeniority:
      return reserved(referral.advocate_profile.attributes, domain::kSeniorityKey);
  }
  return std::string(domain::kUnknownValue);
}

std::vector<std::string> KnownValues(OutcomeAttribute attribute) {
  switch (attribute) {
    case OutcomeAttribute::kDiscPrimary:
    case OutcomeAttribute::kAdvocateDiscPrimary: return domain::ReservedValues(domain::kDiscPrimaryKey);
    case OutcomeAttribute::kSeniority:
    case OutcomeAttribute::kAdvocateSeniority: return domain::ReservedValues(domain::kSeniorityKey);
    case OutcomeAttribute::kRolesCovered: {
      std::vector<std::string> counts;
      for (std::int64_t i = 0; i <= domain::kBuyingInfluences; ++i) counts.push_back(std::to_string(i));
      return counts;
    }
    case OutcomeAttribute::kBuyingStyle: break;
  }
  return {};
}

}  // namespace

std::string_view ToString(OutcomeAttribute attribute) { return kAttributes[static_cast<std::size_t>(attribute)]; }

std::optional<OutcomeAttribute> ParseOutcomeAttribute(std::string_view text) {
  for (std::size_t i = 0; i < kAttributes.size(); ++i) {
    if (kAttributes[i] == text) return static_cast<OutcomeAttribute>(i);
  }
  return std::nullopt;
}

Result<CommitteeView> BuyingCommitteeService::Get(const domain::Actor& actor, std::string_view referral_id,
                                                  std::optional<Timestamp> as_of) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadReferrals));
  const Timestamp now = clock_.Now();
  if (as_of && *as_of > now) {
    return Error::InvalidField("as_of", "must not be in the future: a committee is what was recorded by then");
  }
  const Timestamp at = as_of.value_or(now);
  CommitteeView out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto referral, ReferralFor(q, actor, Action::kReadReferrals, referral_id));
    if (at < referral.created_at) {
      return Error::InvalidField("as_of", "is before the referral was submitted: it had no committee then");
    }
    BB_ASSIGN_OR_RETURN(auto committee, q.FindCommittee(referral.id, at));
    out = ViewOf(committee ? std::move(*committee) : domain::DefaultCommittee(referral), at);
    return Ok();
  }));
  return out;
}

Result<BuyingCommitteeService::Recorded> BuyingCommitteeService::Put(const domain::Actor& actor,
                                                                     std::string_view referral_id,
                                                                     const CommitteeInput& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kMoveReferrals));
  if (!input.members) return Error::InvalidField("members", "is required");
  if (input.version && *input.version < 0) return Error::InvalidField("version", "must be 0 or more");
  Recorded out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    out = Recorded{};
    BB_ASSIGN_OR_RETURN(auto referral, ReferralFor(tx, actor, Action::kMoveReferrals, referral_id));
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(referral.program_id));
    if (!program) return Error::NotFound(std::string(kNoReferral));
    if (program->status == domain::ProgramStatus::kArchived) return Error::Conflict(std::string(kArchived));
    BB_ASSIGN_OR_RETURN(auto members, domain::BuildCommitteeMembers(*input.members, referral));

    const Timestamp now = clock_.Now();
    // Every version, however its writer's clock ran.
    BB_ASSIGN_OR_RETURN(auto latest, tx.FindCommittee(referral.id, Timestamp::max()));
    domain::BuyingCommittee current = latest ? std::move(*latest) : domain::DefaultCommittee(referral);
    if (input.version && *input.version != current.version) {
      return Error(ErrorCode::kConflict, "The committee has changed since the version the change was made from.",
                   {{"version", "the latest version is " + std::to_string(current.version)}});
    }
    if (domain::SameMembers(members, current.members)) {
      out.view = ViewOf(std::move(current), now);
      return Ok();
    }
    domain::BuyingCommittee next{ids_.New(domain::kBuyingCommitteePrefix),
                                 referral.program_id,
                                 referral.id,
                                 current.version + 1,
                                 std::move(members),
                                 now,
                                 actor.id};
    Status inserted = tx.InsertCommittee(next);
    if (!inserted.ok() && inserted.error().code() == ErrorCode::kConflict) {
      return Error(ErrorCode::kConflict, "Another version of the committee was recorded at the same time.",
                   {{"version", "read the committee again and make the change from its latest version"}});
    }
    BB_RETURN_IF_ERROR(inserted);
    BB_RETURN_IF_ERROR(RecordAudit(
        tx, ids_, actor, now, "referral.committee_recorded", referral.id,
        {{"version", current.version, next.version},
         {"members", static_cast<std::int64_t>(current.members.size()), static_cast<std::int64_t>(next.members.size())},
         {"roles_covered", domain::RolesCovered(current.members), domain::RolesCovered(next.members)}}));
    out.view = ViewOf(std::move(next), now);
    out.recorded = true;
    return Ok();
  }));
  return out;
}

Result<std::int64_t> BuyingCommitteeService::ErasePersonality(const domain::Actor& actor, std::string_view referral_id,
                                                              std::string_view email) {
  // Admins and managers: the roles that manage programs and the personal data they hold.
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  if (std::string problem = domain::CheckEmail(domain::Trim(email)); !problem.empty()) {
    return Error::InvalidField("email", problem);
  }
  const std::string key = domain::EmailMatchKey(domain::Trim(email));
  std::int64_t changed = 0;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto referral, tx.FindReferral(referral_id));
    if (!referral) return Error::NotFound(std::string(kNoReferral));
    BB_ASSIGN_OR_RETURN(changed, tx.ErasePersonality(referral->id, key));
    if (changed == 0) return Ok();
    return RecordAudit(tx, ids_, actor, clock_.Now(), "referral.committee_personality_erased", referral->id,
                       {{"versions", domain::AuditValue(), changed}});
  }));
  return changed;
}

Result<OutcomeReport> BuyingCommitteeService::Outcomes(const domain::Actor& actor, const OutcomeQuery& query) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  const Timestamp now = clock_.Now();
  if (query.as_of && *query.as_of > now) {
    return Error::InvalidField("as_of", "must not be in the future: outcomes are of what happened by then");
  }
  OutcomeReport out;
  out.attribute = query.attribute;
  out.as_of = query.as_of.value_or(now);
  out.from = query.from;
  // Nothing submitted after as_of is known as of then.
  out.to = std::min(query.to.value_or(out.as_of), out.as_of);
  if (query.from && *query.from >= out.to) {
    return query.to && *query.to <= out.as_of ? Error::InvalidField("to", "must be after from")
                                              : Error::InvalidField("from", "must be before as_of");
  }

  std::vector<domain::OutcomeCase> cases;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    cases.clear();
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(query.program_id));
    if (!program) return Error::NotFound(std::string(kNoProgram));
    BB_ASSIGN_OR_RETURN(auto referrals, q.ListReferralsCreatedBy(program->id, out.as_of));
    BB_ASSIGN_OR_RETURN(auto replayed, ReplayReferrals(q, program->id, out.as_of));
    BB_ASSIGN_OR_RETURN(auto committees, q.ListCommittees(program->id, out.as_of));
    std::map<std::string_view, const domain::BuyingCommittee*> committee_of;
    for (const auto& c : committees) committee_of.emplace(c.referral_id, &c);
    for (const auto& r : referrals) {
      if ((query.from && r.created_at < *query.from) || r.created_at >= out.to) continue;
      auto h = replayed.find(r.id);
      if (h == replayed.end() || !h->second.ClearAt(r, out.as_of)) continue;
      if (h->second.stage == domain::ReferralStage::kRejected) continue;  // it does not count
      auto committee = committee_of.find(r.id);
      // Without a committee: the referee alone, without role or attribute (unknown, 0 covered).
      static const std::vector<domain::CommitteeMember> kNoMembers;
      std::string value =
          ValueOf(query.attribute, r, committee != committee_of.end() ? committee->second->members : kNoMembers);
      cases.push_back(
          {std::move(value), r.created_at, h->second.first_won_at, h->second.stage == domain::ReferralStage::kLost});
    }
    return Ok();
  }));
  out.table = domain::TallyOutcomes(cases, KnownValues(query.attribute));
  return out;
}

}  // namespace bb::service

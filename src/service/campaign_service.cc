#include "service/campaign_service.h"

#include <map>

#include "crypto/crypto.h"
#include "domain/audit.h"
#include "domain/ids.h"
#include "domain/nps.h"
#include "domain/promoter_loop.h"
#include "domain/validation.h"
#include "representation/resource_json.h"
#include "service/audit_trail.h"

namespace bb::service {
namespace {

Error NoSuchCampaign() { return Error::NotFound("No campaign with this id."); }

bool CanManage(const domain::Actor& actor) { return domain::Authorize(actor, domain::Action::kManagePrograms).ok(); }

std::string FullNameOf(const domain::CampaignRecipient& r) {
  if (r.last_name.empty()) return r.first_name;
  return r.first_name.empty() ? r.last_name : r.first_name + " " + r.last_name;
}

}  // namespace

std::string CampaignService::PersonalToken(std::string_view purpose, std::string_view campaign_id,
                                           std::string_view email) const {
  const std::string mac = crypto::HmacSha256Hex(
      invitation_key_, std::string(purpose) + ":" + std::string(campaign_id) + ":" + std::string(email));
  return std::string(campaign_id) + "." + mac.substr(0, 32);
}

std::string CampaignService::InvitationToken(std::string_view campaign_id, std::string_view email) const {
  return PersonalToken("invitation", campaign_id, email);
}

std::string CampaignService::SurveyToken(std::string_view campaign_id, std::string_view email) const {
  return PersonalToken("nps_survey", campaign_id, email);
}

Status CampaignService::AuthorizeCampaign(const domain::Actor& actor, const domain::Campaign& campaign) const {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kReadAdvocates));
  if (actor.role == domain::Role::kSalesRep && campaign.created_by != actor.id) return NoSuchCampaign();
  return Ok();
}

Result<domain::CampaignCounts> CampaignService::Counts(store::Queries& q, const domain::Campaign& campaign) const {
  return q.CountCampaign(campaign);
}

Result<CampaignView> CampaignService::Create(const domain::Actor& actor, std::string_view program_id,
                                             const domain::CampaignInput& input,
                                             const Idempotent<CampaignView>& idempotent) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kEnrollAdvocates));
  const Timestamp now = clock_.Now();
  CampaignView out;
  domain::Campaign& campaign = out.campaign;
  std::vector<domain::CampaignRecipient> recipients;
  BB_RETURN_IF_ERROR(domain::BuildCampaign(input, now, campaign, recipients));
  const bool automatic = campaign.trigger != domain::CampaignTrigger::kNone;
  const bool one_invitation =
      !automatic && campaign.kind == domain::CampaignKind::kInvitation && recipients.size() == 1;
  if (!one_invitation) BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManagePrograms));
  campaign.id = ids_.New(domain::kCampaignPrefix);
  campaign.program_id = std::string(program_id);
  campaign.created_by = actor.id;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(program_id));
    if (!program) return Error::NotFound("No program with this id.");
    if (program->status == domain::ProgramStatus::kArchived) {
      return Error::Conflict("The program is archived: it takes no campaigns.");
    }
    std::vector<domain::CampaignRecipient> asked;
    if (automatic) {
      BB_ASSIGN_OR_RETURN(auto running, tx.FindAutomaticCampaign(program_id, campaign.kind));
      if (running &&
          (running->state == domain::CampaignState::kRunning || running->state == domain::CampaignState::kScheduled)) {
        return Error(ErrorCode::kConflict,
                     "The program's automatic " + std::string(domain::ToString(campaign.kind)) +
                         " campaign is running: cancel it first (one rule of a kind is on at a time).",
                     {{"trigger", "an automatic campaign of this kind is running (" + running->id + ")"}});
      }
    } else if (one_invitation) {
      // One person at a time (a sales rep's button) must not become a way to flood an inbox.
      BB_ASSIGN_OR_RETURN(
          bool open, tx.HasOpenCampaignEmail(program_id, domain::CampaignKind::kInvitation, recipients.front().email));
      if (open) {
        return Error(ErrorCode::kConflict, "This person has an invitation to the program that is still open.",
                     {{"recipients[0].email", "has an open invitation to this program already"}});
      }
    }
    if (automatic) {
      // Nobody yet: people are added as they answer (AskPromoter).
    } else if (campaign.kind == domain::CampaignKind::kActivation) {
      // The advocates asked: those given who are idle advocates, or every idle one.
      BB_ASSIGN_OR_RETURN(auto idle,
                          tx.ListIdleAdvocateIds(program_id, static_cast<int>(domain::kMaxCampaignRecipients)));
      std::map<std::string, std::string, std::less<>> idle_by_email;
      for (const auto& id : idle) {
        BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(id));
        if (advocate) idle_by_email.emplace(domain::NormalizeEmail(advocate->email), id);
      }
      if (!input.recipients) {
        for (const auto& [email, id] : idle_by_email) asked.push_back({.email = email, .advocate_id = id});
      }
      for (domain::CampaignRecipient r : recipients) {  // copies: the transaction may run again
        auto found = idle_by_email.find(r.email);
        if (found == idle_by_email.end()) continue;
        r.advocate_id = found->second;
        asked.push_back(std::move(r));
      }
      for (auto& r : asked) {
        BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(r.advocate_id));
        if (!advocate) continue;
        if (r.first_name.empty()) r.first_name = advocate->first_name;
        if (r.last_name.empty()) r.last_name = advocate->last_name;
        if (r.company.empty()) r.company = advocate->company;
      }
      if (asked.empty()) {
        return Error::Conflict(
            "Nobody to ask: every advocate given (or every advocate of the program) has shared or referred already, "
            "or is not active.");
      }
    } else if (campaign.kind == domain::CampaignKind::kNpsSurvey && !input.recipients) {
      // Those the throttle lets through at the send time.
      BB_ASSIGN_OR_RETURN(
          asked, tx.ListAdvocatesToSurvey(program_id, campaign.send_at - std::chrono::days(campaign.throttle_days),
                                          static_cast<int>(domain::kMaxCampaignRecipients)));
      if (asked.empty()) {
        return Error::Conflict("Nobody to ask: every active advocate of the program was sent a survey in the last " +
                               std::to_string(campaign.throttle_days) + " days, or waits for one.");
      }
    } else {
      asked = recipients;  // a copy: the transaction may run again
    }
    if (campaign.kind == domain::CampaignKind::kNpsSurvey && input.recipients) {
      // The program's advocates among those listed are asked by their names.
      for (auto& r : asked) {
        BB_ASSIGN_OR_RETURN(auto person, tx.FindPersonByEmail(r.email));
        if (!person) continue;
        BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocateByPerson(program_id, person->id));
        if (!advocate) continue;
        r.advocate_id = advocate->id;
        if (r.first_name.empty()) r.first_name = advocate->first_name;
        if (r.last_name.empty()) r.last_name = advocate->last_name;
        if (r.company.empty()) r.company = advocate->company;
      }
    }
    BB_RETURN_IF_ERROR(tx.InsertCampaign(campaign));
    for (auto& r : asked) {
      r.campaign_id = campaign.id;
      if (campaign.kind == domain::CampaignKind::kInvitation) {
        r.token_hash = crypto::Sha256Hex(InvitationToken(campaign.id, r.email));
        BB_ASSIGN_OR_RETURN(auto person, tx.FindPersonByEmail(r.email));
        if (person) {
          BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocateByPerson(program_id, person->id));
          if (advocate) {
            r.advocate_id = advocate->id;
            r.stop = domain::RecipientStop::kAlreadyAdvocate;
            r.stopped_at = now;
          }
        }
      }
      if (campaign.kind == domain::CampaignKind::kNpsSurvey) {
        r.token_hash = crypto::Sha256Hex(SurveyToken(campaign.id, r.email));
      }
      if (r.stop == domain::RecipientStop::kNone) r.next_send_at = campaign.send_at;
      BB_RETURN_IF_ERROR(tx.InsertCampaignRecipient(r));
    }
    BB_ASSIGN_OR_RETURN(out.counts, Counts(tx, campaign));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, actor, now, "campaign.created", campaign.id,
                                   {{"name", std::monostate{}, campaign.name},
                                    {"kind", std::monostate{}, std::string(domain::ToString(campaign.kind))},
                                    {"recipients", std::monostate{}, out.counts.recipients}}));
    return idempotency_.Record(tx, idempotent, out);
  }));
  return out;
}

Result<CampaignView> CampaignService::Get(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kReadAdvocates));
  CampaignView out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto campaign, q.FindCampaign(id));
    if (!campaign) return NoSuchCampaign();
    BB_RETURN_IF_ERROR(AuthorizeCampaign(actor, *campaign));
    out.campaign = std::move(*campaign);
    BB_ASSIGN_OR_RETURN(out.counts, Counts(q, out.campaign));
    return Ok();
  }));
  return out;
}

Result<PageOf<domain::Campaign>> CampaignService::List(const domain::Actor& actor, std::string_view program_id,
                                                       const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kReadAdvocates));
  BB_ASSIGN_OR_RETURN(std::string before, CheckPage(page, domain::kCampaignPrefix));
  const std::string created_by = actor.role == domain::Role::kSalesRep ? actor.id : "";
  PageOf<domain::Campaign> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramFilterExists(q, program_id));
    BB_ASSIGN_OR_RETURN(out.items, q.ListCampaigns(program_id, created_by, before, page.limit + 1));
    return Ok();
  }));
  FinishPage(out, page);
  return out;
}

Result<PageOf<store::CampaignRecipientRow>> CampaignService::Recipients(const domain::Actor& actor, std::string_view id,
                                                                        const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kReadAdvocates));
  BB_ASSIGN_OR_RETURN(std::string after, CheckKeyPage(page));
  PageOf<store::CampaignRecipientRow> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto campaign, q.FindCampaign(id));
    if (!campaign) return NoSuchCampaign();
    BB_RETURN_IF_ERROR(AuthorizeCampaign(actor, *campaign));
    BB_ASSIGN_OR_RETURN(out.items, q.ListCampaignRecipients(id, after, page.limit + 1));
    if (actor.role != domain::Role::kSalesRep) return Ok();
    // A sales rep learns nothing of advocates who are not theirs (their ids cannot be probed).
    for (auto& row : out.items) {
      if (row.recipient.advocate_id.empty()) continue;
      BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(row.recipient.advocate_id));
      if (advocate && domain::AuthorizeAdvocate(actor, domain::Action::kReadAdvocates, *advocate).ok()) continue;
      row.recipient.advocate_id.clear();
      row.shared = row.referred = false;
    }
    return Ok();
  }));
  if (static_cast<int>(out.items.size()) > page.limit) {
    out.items.resize(static_cast<std::size_t>(page.limit));
    out.next_cursor = EncodeCursor(page.key, page.list, out.items.back().recipient.email);
  }
  return out;
}

Result<CampaignView> CampaignService::Cancel(const domain::Actor& actor, std::string_view id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kEnrollAdvocates));
  const Timestamp now = clock_.Now();
  CampaignView out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto campaign, tx.FindCampaign(id));
    if (!campaign) return NoSuchCampaign();
    BB_RETURN_IF_ERROR(AuthorizeCampaign(actor, *campaign));
    if (!CanManage(actor) && campaign->created_by != actor.id) {
      return Error(ErrorCode::kPermissionDenied, "Only admins, managers and its maker may cancel a campaign.");
    }
    if (campaign->state == domain::CampaignState::kCompleted || campaign->state == domain::CampaignState::kCancelled) {
      return Error::Conflict("The campaign is " + std::string(domain::ToString(campaign->state)) +
                             " already: nothing is left to cancel.");
    }
    const std::string was(domain::ToString(campaign->state));
    campaign->state = domain::CampaignState::kCancelled;
    campaign->completed_at = now;
    BB_RETURN_IF_ERROR(tx.UpdateCampaign(*campaign));
    BB_RETURN_IF_ERROR(StatusOf(tx.KillCampaignEmails(id, "not sent: the campaign was cancelled", now)));
    std::string after;
    while (true) {
      BB_ASSIGN_OR_RETURN(auto page, tx.ListCampaignRecipients(id, after, 500));
      if (page.empty()) break;
      for (auto& row : page) {
        after = row.recipient.email;
        if (row.recipient.stop != domain::RecipientStop::kNone) continue;
        row.recipient.stop = domain::RecipientStop::kCancelled;
        row.recipient.stopped_at = now;
        row.recipient.next_send_at.reset();
        BB_RETURN_IF_ERROR(tx.UpdateCampaignRecipient(row.recipient));
      }
    }
    out.campaign = *campaign;
    BB_ASSIGN_OR_RETURN(out.counts, Counts(tx, out.campaign));
    return RecordAudit(tx, ids_, actor, now, "campaign.cancelled", campaign->id, {{"state", was, "cancelled"}});
  }));
  return out;
}

Result<InvitationView> CampaignService::OpenInvitation(std::string_view token) {
  if (token.size() > 200) return Error::NotFound("This invitation link is not valid.");
  const std::string hash = crypto::Sha256Hex(token);
  const Timestamp now = clock_.Now();
  InvitationView out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(auto recipient, tx.FindCampaignRecipientByToken(hash));
    if (!recipient) return Error::NotFound("This invitation link is not valid.");
    BB_ASSIGN_OR_RETURN(auto campaign, tx.FindCampaign(recipient->campaign_id));
    if (!campaign || campaign->kind != domain::CampaignKind::kInvitation) {
      return Error::NotFound("This invitation link is not valid.");
    }
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(campaign->program_id));
    if (!program) return Error::NotFound("This invitation link is not valid.");
    out = {program->slug,
           program->name,
           recipient->email,
           recipient->first_name,
           recipient->last_name,
           recipient->company,
           recipient->joined_at.has_value()};
    if (recipient->opened_at) return Ok();
    recipient->opened_at = now;
    return tx.UpdateCampaignRecipient(*recipient);
  }));
  return out;
}

Result<bool> CampaignService::StopIfDone(store::Tx& tx, const domain::Campaign& campaign, domain::CampaignRecipient& r,
                                         Timestamp now) const {
  auto stop = [&](domain::RecipientStop why) {
    r.stop = why;
    r.stopped_at = now;
    r.next_send_at.reset();
    return true;
  };
  if (campaign.state == domain::CampaignState::kCancelled) return stop(domain::RecipientStop::kCancelled);
  BB_ASSIGN_OR_RETURN(auto suppressed, tx.FindSuppression(r.email));
  if (suppressed) {
    const bool bounce = suppressed->reason == domain::SuppressionReason::kBounce ||
                        suppressed->reason == domain::SuppressionReason::kComplaint;
    return stop(bounce ? domain::RecipientStop::kBounced : domain::RecipientStop::kUnsubscribed);
  }
  if (campaign.kind == domain::CampaignKind::kNpsSurvey) {
    if (!r.nps_response_id.empty()) return stop(domain::RecipientStop::kAnswered);
    if (r.first_sent_at) return false;  // a reminder of a survey sent: the throttle was passed
    BB_ASSIGN_OR_RETURN(auto last_sent, tx.LastCampaignEmailAt("", domain::CampaignKind::kNpsSurvey, r.email));
    if (domain::SurveyThrottled(last_sent, now, campaign.throttle_days)) return stop(domain::RecipientStop::kThrottled);
    return false;
  }
  if (campaign.kind == domain::CampaignKind::kInvitation) {
    // Joined by another way than the personal link (the public join page, or enrolled by staff).
    BB_ASSIGN_OR_RETURN(auto person, tx.FindPersonByEmail(r.email));
    if (person) {
      BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocateByPerson(campaign.program_id, person->id));
      if (advocate) {
        r.advocate_id = advocate->id;
        if (!r.joined_at) r.joined_at = advocate->created_at;
        return stop(domain::RecipientStop::kJoined);
      }
    }
  } else {
    BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(r.advocate_id));
    if (!advocate || advocate->status != domain::AdvocateStatus::kActive) {
      return stop(domain::RecipientStop::kInactive);
    }
    BB_ASSIGN_OR_RETURN(bool acted, tx.AdvocateActedSince(r.advocate_id, r.added_at.value_or(campaign.created_at)));
    if (acted) return stop(domain::RecipientStop::kActed);
  }
  // A detractor is not asked to refer (nor to join, which is asked to refer) until they answer again
  // as a passive or a promoter.
  BB_ASSIGN_OR_RETURN(auto latest_answer, tx.FindLatestNpsResponseId(campaign.program_id, r.email));
  if (latest_answer) {
    BB_ASSIGN_OR_RETURN(auto answer, tx.FindNpsResponse(*latest_answer));
    if (answer && domain::ClassOfScore(answer->score) == domain::NpsClass::kDetractor) {
      return stop(domain::RecipientStop::kDetractor);
    }
    // A promoter rule's email thanks a promoter: not someone whose answer changed since.
    if (answer && campaign.trigger == domain::CampaignTrigger::kNpsPromoter &&
        domain::ClassOfScore(answer->score) != domain::NpsClass::kPromoter) {
      return stop(domain::RecipientStop::kNotPromoter);
    }
  }
  return false;
}

Status CampaignService::SendNext(store::Tx& tx, const domain::Campaign& campaign, const domain::Program& program,
                                 domain::CampaignRecipient& r, Timestamp now) const {
  const bool first = !r.first_sent_at.has_value();
  const bool nudge = campaign.trigger == domain::CampaignTrigger::kNpsPromoter;
  domain::EmailKind kind = campaign.kind == domain::CampaignKind::kActivation
                               ? (nudge ? domain::EmailKind::kPromoterNudge : domain::EmailKind::kActivation)
                           : campaign.kind == domain::CampaignKind::kNpsSurvey ? domain::EmailKind::kNpsSurvey
                           : first                                             ? domain::EmailKind::kInvitation
                                                                               : domain::EmailKind::kInvitationReminder;
  domain::EmailValues values{{"advocate.first_name", r.first_name}, {"advocate.last_name", r.last_name}};
  std::optional<domain::Advocate> advocate;  // the recipient, for activation and nudges
  if (campaign.kind == domain::CampaignKind::kNpsSurvey) {
    values["link"] = public_base_url_ + "/survey/" + SurveyToken(campaign.id, r.email);
  } else if (campaign.kind == domain::CampaignKind::kInvitation) {
    values["link"] = public_base_url_ + "/join/" + program.slug + "?invite=" + InvitationToken(campaign.id, r.email);
  } else {
    BB_ASSIGN_OR_RETURN(advocate, tx.FindAdvocate(r.advocate_id));
    if (advocate) {
      values["advocate.code"] = advocate->code;
      values["advocate.referral_link"] = public_base_url_ + "/r/" + advocate->code;
    }
    values["link"] = public_base_url_ + "/portal/sign-in?program=" + program.slug;
  }
  BB_ASSIGN_OR_RETURN(auto email, templates_.Compose(tx, program, kind, {FullNameOf(r), r.email}, std::move(values),
                                                     advocate ? &*advocate : nullptr));
  if (email) {
    BB_ASSIGN_OR_RETURN(auto message_id, email_.Queue(tx, now, *email));
    if (message_id) r.last_message_id = *message_id;
  }
  if (first) {
    r.first_sent_at = now;
  } else {
    ++r.reminders_sent;
  }
  r.next_send_at = domain::NextReminderAt(*r.first_sent_at, r.reminders_sent, campaign.reminders_after_days);
  if (!r.next_send_at) {
    r.stop = domain::RecipientStop::kScheduleEnded;
    r.stopped_at = now;
  }
  return Ok();
}

Status CampaignService::AddPromoterRules(store::Tx& tx, std::string_view program_id, Timestamp now) const {
  for (auto kind : {domain::CampaignKind::kInvitation, domain::CampaignKind::kActivation}) {
    BB_ASSIGN_OR_RETURN(auto found, tx.FindAutomaticCampaign(program_id, kind));
    if (found) continue;  // made before (and perhaps cancelled: off)
    domain::Campaign campaign = domain::DefaultPromoterCampaign(kind, now);
    campaign.id = ids_.New(domain::kCampaignPrefix);
    campaign.program_id = std::string(program_id);
    campaign.created_by = domain::Actor::System().id;
    BB_RETURN_IF_ERROR(tx.InsertCampaign(campaign));
    BB_RETURN_IF_ERROR(RecordAudit(tx, ids_, domain::Actor::System(), now, "campaign.created", campaign.id,
                                   {{"name", std::monostate{}, campaign.name},
                                    {"kind", std::monostate{}, std::string(domain::ToString(kind))},
                                    {"trigger", std::monostate{}, std::string(domain::ToString(campaign.trigger))}}));
  }
  return Ok();
}

Result<std::optional<domain::Campaign>> CampaignService::PromoterCampaign(store::Tx& tx, const domain::Program& program,
                                                                          domain::CampaignKind kind,
                                                                          Timestamp now) const {
  // A program made before the rules existed gets both on its first promoter.
  BB_RETURN_IF_ERROR(AddPromoterRules(tx, program.id, now));
  BB_ASSIGN_OR_RETURN(auto campaign, tx.FindAutomaticCampaign(program.id, kind));
  if (!campaign || campaign->state != domain::CampaignState::kRunning) {
    return std::optional<domain::Campaign>();  // cancelled: the rule is off
  }
  return campaign;
}

Status CampaignService::AskPromoter(store::Tx& tx, const domain::Program& program, const domain::NpsResponse& answer,
                                    const std::optional<domain::Advocate>& advocate) const {
  // A paused program asks nobody (the moment would have passed when it resumes).
  if (!domain::AnswerAsksPromoterLoop(answer) || program.status != domain::ProgramStatus::kActive) return Ok();
  if (advocate && advocate->status != domain::AdvocateStatus::kActive) return Ok();
  const Timestamp now = answer.recorded_at;
  const std::string& email = answer.person_key;
  const domain::CampaignKind kind = advocate ? domain::CampaignKind::kActivation : domain::CampaignKind::kInvitation;
  // Someone an invitation or activation campaign is still writing to (a wave, a sales rep's
  // invitation, or this rule) is not asked the same thing twice at once.
  BB_ASSIGN_OR_RETURN(bool open, tx.HasOpenCampaignEmail(program.id, kind, email));
  if (open) return Ok();
  BB_ASSIGN_OR_RETURN(auto campaign, PromoterCampaign(tx, program, kind, now));
  if (!campaign) return Ok();
  const auto quiet = std::chrono::days(campaign->quiet_days > 0 ? campaign->quiet_days : domain::kDefaultQuietDays);
  if (advocate) {
    // Quiet: an advocate for quiet_days (not one who joined yesterday) who neither shared nor
    // referred in them.
    if (advocate->created_at > answer.answered_at - quiet) return Ok();
    BB_ASSIGN_OR_RETURN(bool acted, tx.AdvocateActedSince(advocate->id, answer.answered_at - quiet));
    if (acted) return Ok();  // not quiet: no nudge needed
  }
  // Nobody is asked again this soon after the program's last email of the kind to them (a wave that
  // ended last week, or the rule before it was recreated).
  BB_ASSIGN_OR_RETURN(auto last_asked, tx.LastCampaignEmailAt(program.id, kind, email));
  if (last_asked && now - *last_asked < quiet) return Ok();
  BB_ASSIGN_OR_RETURN(auto existing, tx.FindCampaignRecipient(campaign->id, email));
  domain::CampaignRecipient r;
  if (existing) {
    // An invitation goes once per person; a nudge again after quiet_days, if they went quiet again.
    if (!advocate || !domain::MayNudgeAgain(*existing, now, campaign->quiet_days)) return Ok();
    r = std::move(*existing);
  } else {
    r.campaign_id = campaign->id;
    r.email = email;
    if (!advocate) r.token_hash = crypto::Sha256Hex(InvitationToken(campaign->id, email));
  }
  domain::Rearm(r, now);
  if (advocate) {
    r.advocate_id = advocate->id;
    r.first_name = advocate->first_name;
    r.last_name = advocate->last_name;
    r.company = advocate->company;
  }
  return existing ? tx.UpdateCampaignRecipient(r) : tx.InsertCampaignRecipient(r);
}

Result<int> CampaignService::RunDue(int limit) {
  const Timestamp now = clock_.Now();
  int queued = 0;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    queued = 0;
    BB_ASSIGN_OR_RETURN(auto due, tx.ClaimDueCampaignRecipients(now, limit));
    std::map<std::string, domain::Campaign, std::less<>> campaigns;
    std::map<std::string, domain::Program, std::less<>> programs;
    for (auto& r : due) {
      auto found = campaigns.find(r.campaign_id);
      if (found == campaigns.end()) {
        BB_ASSIGN_OR_RETURN(auto campaign, tx.FindCampaign(r.campaign_id));
        if (!campaign) continue;
        found = campaigns.emplace(r.campaign_id, std::move(*campaign)).first;
      }
      domain::Campaign& campaign = found->second;
      auto program = programs.find(campaign.program_id);
      if (program == programs.end()) {
        BB_ASSIGN_OR_RETURN(auto read, tx.FindProgram(campaign.program_id));
        if (!read) continue;
        program = programs.emplace(campaign.program_id, std::move(*read)).first;
      }
      if (program->second.status == domain::ProgramStatus::kPaused) {
        r.next_send_at = now + std::chrono::hours(1);  // held while the program is paused
        BB_RETURN_IF_ERROR(tx.UpdateCampaignRecipient(r));
        continue;
      }
      if (program->second.status == domain::ProgramStatus::kArchived) {
        campaign.state = domain::CampaignState::kCancelled;  // an archived program takes nobody
        campaign.completed_at = now;
        BB_RETURN_IF_ERROR(tx.UpdateCampaign(campaign));
      }
      BB_ASSIGN_OR_RETURN(bool stopped, StopIfDone(tx, campaign, r, now));
      if (!stopped) {
        BB_RETURN_IF_ERROR(SendNext(tx, campaign, program->second, r, now));
        ++queued;
        if (campaign.state == domain::CampaignState::kScheduled) {
          campaign.state = domain::CampaignState::kRunning;
          BB_RETURN_IF_ERROR(tx.UpdateCampaign(campaign));
        }
      }
      BB_RETURN_IF_ERROR(tx.UpdateCampaignRecipient(r));
    }
    BB_ASSIGN_OR_RETURN(auto finished, tx.ListFinishedCampaigns(now));
    for (auto& campaign : finished) {
      campaign.state = domain::CampaignState::kCompleted;
      campaign.completed_at = now;
      BB_RETURN_IF_ERROR(tx.UpdateCampaign(campaign));
      BB_ASSIGN_OR_RETURN(auto counts, Counts(tx, campaign));
      BB_RETURN_IF_ERROR(
          events_.Publish(tx, now, "campaign.completed", [&] { return representation::ToJson(campaign, counts); }));
    }
    return Ok();
  }));
  return queued;
}

}  // namespace bb::service

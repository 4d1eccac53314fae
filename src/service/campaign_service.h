#pragma once
// Campaigns (domain/campaign.h): staff create waves of invitations (or activation emails to
// advocates who never acted) with a reminder schedule; the campaign runner (jobs/campaign_runner.h)
// sends what is due, stopping for anyone who joined, acted, unsubscribed or bounced; the figures are
// counted from the recipients' rows. Automatic campaigns (trigger nps_promoter) are the NPS loop's
// promoter rules: people are added to them as they answer (AskPromoter), and they run until
// cancelled. Each invitation carries a personal join link whose token is
// derived from the campaign and the address (an HMAC: never stored, only its hash), so reminders
// repeat the same link.
//
// Thread-safety: all methods may be called concurrently, from several instances: RunDue claims the
// due recipients in its transaction (skipping those another instance holds), so each email is
// queued once.

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/advocate.h"
#include "domain/campaign.h"
#include "domain/nps.h"
#include "domain/program.h"
#include "service/email_service.h"
#include "service/email_template_service.h"
#include "service/event_publisher.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/paging.h"
#include "store/store.h"

namespace bb::service {

struct CampaignView {
  domain::Campaign campaign;
  domain::CampaignCounts counts;
};

// What the personal join link shows the person invited.
struct InvitationView {
  std::string program_slug;
  std::string program_name;
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string company;
  bool joined = false;
};

class CampaignService {
 public:
  CampaignService(store::Store& store, const Clock& clock, const IdGenerator& ids, const Idempotency& idempotency,
                  const EmailService& email, const EmailTemplateService& templates, const EventPublisher& events,
                  std::string invitation_key, std::string public_base_url)
      : store_(store),
        clock_(clock),
        ids_(ids),
        idempotency_(idempotency),
        email_(email),
        templates_(templates),
        events_(events),
        invitation_key_(std::move(invitation_key)),
        public_base_url_(std::move(public_base_url)) {}

  // A campaign of the program. An invitation to one person: staff who enrol advocates (sales reps
  // included); anything larger, activation campaigns and NPS surveys: admins and managers.
  // Activation without recipients asks every active advocate of the program who never shared or
  // referred; with recipients, those of them who are such advocates. An NPS survey without
  // recipients asks up to kMaxCampaignRecipients active advocates of the program who were neither
  // sent a survey in its throttle window nor wait for one; with recipients, those people (advocates
  // or not). Invitees who are advocates already are kept, stopped (kAlreadyAdvocate), and sent
  // nothing. kInvalidArgument as domain::BuildCampaign; kNotFound for an unknown program;
  // kConflict for an archived one, or an activation or survey with nobody to ask. Audited ("campaign.created"). A retry
  // with the same Idempotency-Key gets the first answer and makes no second campaign.
  Result<CampaignView> Create(const domain::Actor& actor, std::string_view program_id,
                              const domain::CampaignInput& input, const Idempotent<CampaignView>& idempotent = {});
  // Staff who read advocates; sales reps only their own campaigns (others: kNotFound).
  Result<CampaignView> Get(const domain::Actor& actor, std::string_view id);
  Result<PageOf<domain::Campaign>> List(const domain::Actor& actor, std::string_view program_id, const Page& page);
  Result<PageOf<store::CampaignRecipientRow>> Recipients(const domain::Actor& actor, std::string_view id,
                                                         const Page& page);
  // Stops every email still due; kConflict when completed. Admins and managers, or the rep who made
  // it. Audited ("campaign.cancelled").
  Result<CampaignView> Cancel(const domain::Actor& actor, std::string_view id);

  // Public: the personal join link was opened (its first use is counted as "opened"); kNotFound
  // for a token that is not one.
  Result<InvitationView> OpenInvitation(std::string_view token);

  // The NPS loop's promoter half (domain/promoter_loop.h), in the transaction that stored `answer`
  // (the person's latest answer to `program`; `advocate` theirs in it, if any): a promoter's
  // answer given at most domain::kPromoterLoopMaxAnswerAge before it was recorded adds the person
  // to the program's running automatic campaign of its kind — the invitation when they are not an
  // advocate, the nudge when they are an active advocate, enrolled at least its quiet_days before
  // answering, who neither shared nor referred in those days — unless a campaign of that kind is
  // still writing to them, or one of the program's emails of that kind went to them less than
  // quiet_days (default 30) ago. A cancelled rule is off (AddPromoterRules makes missing ones).
  // Nothing for other answers, or a program that is not active. Errors: the store's.
  Status AskPromoter(store::Tx& tx, const domain::Program& program, const domain::NpsResponse& answer,
                     const std::optional<domain::Advocate>& advocate) const;

  // Makes the program's promoter rules (domain/promoter_loop.h) that it never had, on with their
  // defaults (audited as the system's "campaign.created"): at the program's creation, and for a
  // program made before the rules existed, with its first promoter. Errors: the store's.
  Status AddPromoterRules(store::Tx& tx, std::string_view program_id, Timestamp now) const;

  // The job: queues every email due now (at most `limit` recipients), then completes the campaigns
  // nobody is owed anything more by and whose last emails' fates are known (publishing
  // "campaign.completed" with final figures). Returns the emails queued.
  Result<int> RunDue(int limit);

  // The personal join link's token for `email` in `campaign_id`.
  std::string InvitationToken(std::string_view campaign_id, std::string_view email) const;
  // The personal survey link's token for `email` in the NPS survey `campaign_id`
  // (NpsService::AnswerSurvey finds the recipient by its hash).
  std::string SurveyToken(std::string_view campaign_id, std::string_view email) const;

 private:
  // A personal link's token: the campaign's id and an HMAC of `purpose`, the campaign and the
  // address (never stored; its hash is).
  std::string PersonalToken(std::string_view purpose, std::string_view campaign_id, std::string_view email) const;
  // The program's running automatic campaign of `kind`, made with its defaults if it never had one;
  // none when the newest was cancelled (the rule is off).
  Result<std::optional<domain::Campaign>> PromoterCampaign(store::Tx& tx, const domain::Program& program,
                                                           domain::CampaignKind kind, Timestamp now) const;
  Status AuthorizeCampaign(const domain::Actor& actor, const domain::Campaign& campaign) const;
  Result<domain::CampaignCounts> Counts(store::Queries& q, const domain::Campaign& campaign) const;
  // Stops `r` for the reason that holds now, if any; true when stopped.
  Result<bool> StopIfDone(store::Tx& tx, const domain::Campaign& campaign, domain::CampaignRecipient& r,
                          Timestamp now) const;
  Status SendNext(store::Tx& tx, const domain::Campaign& campaign, const domain::Program& program,
                  domain::CampaignRecipient& r, Timestamp now) const;

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const Idempotency& idempotency_;
  const EmailService& email_;
  const EmailTemplateService& templates_;
  const EventPublisher& events_;
  const std::string invitation_key_;
  const std::string public_base_url_;
};

}  // namespace bb::service

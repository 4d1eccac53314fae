#pragma once
// Use cases: NPS answers of a program — recording one (the import path from another survey tool,
// and the one-click answers from an NPS survey campaign's emails, which land in the same place),
// which keeps the respondent's latest score and class on their advocate (attributes `nps` and
// `nps_class`, for segments) and opens a follow-up for a detractor — and the NPS report: the score
// of a range beside how often each class of respondent went on to refer (domain/nps.h). Every
// staff method checks the actor's right first; the survey's public methods check the link's token.
// Thread-safe.

#include <optional>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/analytics.h"
#include "domain/earned_growth.h"
#include "domain/nps.h"
#include "service/actor_names.h"
#include "service/campaign_service.h"
#include "service/event_publisher.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/paging.h"
#include "service/points_ledger.h"
#include "store/store.h"

namespace bb::service {

struct RecordedNpsResponse {
  domain::NpsResponse response;
  std::optional<std::string> advocate_id;       // the program's advocate with the respondent's email
  bool advocate_updated = false;                // their attributes now hold this answer
  std::optional<std::string> followup_task_id;  // the follow-up a detractor's latest answer asks for
};

struct NpsReport {
  std::string program_id;
  Timestamp from{};
  Timestamp before{};
  int window_days = domain::kDefaultReferralWindowDays;
  domain::NpsFigures figures;                     // each respondent's latest answer in the range
  std::vector<domain::ClassReferrals> referrals;  // promoter, passive, detractor
  std::string currency;                           // the program's: every revenue figure's
  // Period basis: the program's referrals won in the range, beside the inputs given.
  domain::EarnedGrowth earned_growth;
  // Per class as `referrals`: the respondents who answered less than window_days before now, whose
  // referrals are counted so far (their rate may still rise).
  std::vector<std::int64_t> window_open;
  domain::FollowupFigures followups;  // the follow-ups of the range's detractors' answers, as of now
  // NPS over time: per calendar month (UTC) the range touches, its part of the range, with each
  // person's latest answer in that part counting once.
  struct Month {
    std::string month;  // "YYYY-MM"
    Timestamp from{};
    Timestamp before{};
    domain::NpsFigures figures;
  };
  std::vector<Month> months;
};

struct FollowupList {
  PageOf<domain::FollowupTask> tasks;
  ActorNames names;  // of the tasks' owners and last editors
};

struct NamedFollowup {
  domain::FollowupTask task;
  ActorNames names;  // of its owner and last editor
};

// A survey's recipient with its campaign and program: where an answer through a survey link (email)
// or the portal's question lands.
struct SurveyRecipient {
  domain::CampaignRecipient recipient;
  domain::Campaign campaign;
  domain::Program program;
};

// The portal's question for an advocate at an instant: none, the one shown in this window, or one
// to show now (its recipient row prepared, to be inserted or, when `stored`, updated).
struct PortalAsk {
  std::optional<SurveyRecipient> asked;
  bool show_now = false;
  bool stored = false;
};

// What the survey's page (or the portal's question) shows the person asked.
struct SurveyView {
  std::string program_name;
  std::string question;  // domain::NpsQuestion
  std::string first_name;
  std::optional<int> score;  // their answer through this link, if they gave one
  std::string comment;
  std::optional<std::string> nps_class;
};

// The longest referral window the report takes, in days.
inline constexpr int kMaxNpsWindowDays = 365;

class NpsService {
 public:
  NpsService(store::Store& store, const Clock& clock, IdGenerator& ids, const Idempotency& idempotency,
             const EventPublisher& events, const CampaignService& campaigns)
      : store_(store),
        clock_(clock),
        ids_(ids),
        idempotency_(idempotency),
        events_(events),
        campaigns_(campaigns),
        points_(ids) {}

  // Records an answer for `program_id`. When the respondent is an advocate of the program and this
  // is their latest answer (by answered_at), their attributes `nps` (the score) and `nps_class`
  // ("promoter", "passive" or "detractor") are set in the same transaction, audited as
  // "advocate.updated" by `actor` with an "advocate.updated" event. A key the advocate has is always
  // updated; a missing one is added only while they have fewer than the 50 attributes allowed
  // (advocate_updated is false when one could not be; the answer is recorded either way). A
  // detractor's latest answer, given at most domain::kFollowupMaxAnswerAge ago, also opens a
  // follow-up task (domain/followup_task.h), owned by the staff member (user or API key) who
  // enrolled their advocate, if one did, and emailed to them (EmailNotifier::FollowupOpened). A
  // promoter's latest answer asks them to join, or (an advocate gone quiet) to refer
  // (CampaignService::AskPromoter).
  // Admins and managers (kImportData); kNotFound for an unknown program; kInvalidArgument as
  // domain::BuildNpsResponse.
  Result<RecordedNpsResponse> Record(const domain::Actor& actor, std::string_view program_id,
                                     const domain::NpsResponseInput& input,
                                     const Idempotent<RecordedNpsResponse>& idempotent = {});

  // Follow-up tasks, newest first, of `program_id` ("" for every program) and `status` ("" for
  // any): every one for admins, managers and viewers, only their own for a sales rep.
  // kInvalidArgument naming "status", "limit" or "cursor"; kNotFound for an unknown program.
  Result<FollowupList> ListFollowups(const domain::Actor& actor, std::string_view program_id, std::string_view status,
                                     const Page& page);

  // Changes a follow-up task's status and note (domain::ApplyFollowupChange), audited as
  // "followup.updated". Admins and managers any; a sales rep only their own (another's is
  // kNotFound, so ids cannot be probed); viewers kPermissionDenied; kNotFound for an unknown id.
  Result<NamedFollowup> UpdateFollowup(const domain::Actor& actor, std::string_view id,
                                       const domain::FollowupChange& change);

  // The NPS report of `program_id` for `range` (completed as the pipeline report's: to defaults to
  // now, from to 365 days before it; at most domain::kMaxAnalyticsDays) with referrals counted
  // `window_days` (1..kMaxNpsWindowDays, default 90) after each answer, and the range's earned
  // growth from `growth` (domain/earned_growth.h). Admins, managers and viewers; kNotFound for an
  // unknown program; kInvalidArgument naming "to", "window_days", "nrr_bp" or
  // "prior_revenue_minor"; kOutOfRange naming a revenue figure too large to show.
  Result<NpsReport> Report(const domain::Actor& actor, std::string_view program_id, domain::TimeRange& range,
                           std::optional<std::int64_t> window_days, const domain::EarnedGrowthInput& growth = {});

  // The survey behind a personal link (`token`, from an NPS survey campaign's email); kNotFound
  // for a token that is not one.
  Result<SurveyView> ViewSurvey(std::string_view token);
  // An answer through the link, recorded as Record records one (source "email", answered now,
  // recorded by the survey's campaign, which is also the actor of its audit entries): a score,
  // with or without a comment. The first answer stops the survey's reminders to the person. The
  // link holds one answer: a later score or comment changes it in place (a new score drops the
  // old score's reason), and what follows from it — the advocate's attributes, the follow-up task
  // (domain::FollowAnswerChange) — follows the change. kNotFound for a token that is not one;
  // kInvalidArgument naming "score" (not 0..10; missing before any answer) or "comment".
  // `actor` is the anonymous caller (its address hash goes to the audit trail).
  Result<SurveyView> AnswerSurvey(const domain::Actor& actor, std::string_view token, std::optional<std::int64_t> score,
                                  std::optional<std::string> comment);

  // The NPS question the portal shows the signed-in advocate (`actor`; anyone else is
  // kPermissionDenied), when their
  // program runs an NPS survey in the portal (a running nps_survey campaign with trigger portal) and
  // they are active: within the survey's throttle_days of first showing it to them, the same
  // question with their answer so far (none once they chose "Not now"); after that, a new one, shown
  // only when no survey was emailed or shown to them (by any program) in the last throttle_days —
  // first showing is recorded as the survey's sending (a recipient with first_sent_at, no email).
  // None when nothing is asked.
  Result<std::optional<SurveyView>> PortalSurvey(const domain::Actor& actor);
  // The advocate's answer to the portal's question, recorded as AnswerSurvey records one (source
  // "portal", recorded by the advocate) and changed in place within the window; or `dismiss` ("Not
  // now": not shown again in this window; returns none). kPermissionDenied for anyone but an
  // advocate; kConflict when no question is waiting; kInvalidArgument naming "score" or "comment".
  Result<std::optional<SurveyView>> AnswerPortalSurvey(const domain::Actor& actor, std::optional<std::int64_t> score,
                                                       std::optional<std::string> comment, bool dismiss);

 private:
  // Records `recorded.response` (built, not yet stored) for `program` in `tx`, with what it brings
  // (FollowAnswer).
  Status RecordIn(store::Tx& tx, const domain::Actor& actor, const domain::Program& program,
                  RecordedNpsResponse& recorded);
  // What a stored `answer` (new or changed at answer.recorded_at) brings when it is the person's
  // latest: the advocate's attributes, the promoter loop (CampaignService::AskPromoter), and its
  // follow-up task (a detractor's opens one; an existing one follows the answer's score); filled
  // into `recorded`.
  Status FollowAnswer(store::Tx& tx, const domain::Actor& actor, const domain::Program& program,
                      const domain::NpsResponse& answer, RecordedNpsResponse& recorded);
  // Records `score` and/or `comment` (the reason `why`, checked) as the answer `asked` holds: the
  // first one (recorded by `actor`, from `source`, through RecordIn, which stops the recipient as
  // answered) or a change in place (FollowAnswer follows it). kInvalidArgument naming "score" when
  // there is neither an answer nor a score.
  Status AnswerIn(store::Tx& tx, SurveyRecipient& asked, const domain::Actor& actor, std::string_view source,
                  std::optional<std::int64_t> score, const std::optional<std::string>& comment, const std::string& why,
                  Timestamp now);
  // The portal's question for the advocate `actor` at `now` (see PortalSurvey), without writing.
  Result<PortalAsk> FindPortalQuestion(store::Queries& q, const domain::Actor& actor, Timestamp now) const;
  // The portal's question for the advocate `actor` at `now` (see PortalSurvey), recording its first
  // showing in a window; none when nothing is asked.
  Result<std::optional<SurveyRecipient>> PortalQuestion(store::Tx& tx, const domain::Actor& actor, Timestamp now);
  // Sets `advocate`'s nps and nps_class from `response`, audited and announced; false when one of
  // them was missing and there was no room to add it (kMaxAttributes).
  Result<bool> KeepOnAdvocate(store::Tx& tx, const domain::Actor& actor, domain::Advocate& advocate,
                              const domain::NpsResponse& response);

  store::Store& store_;
  const Clock& clock_;
  IdGenerator& ids_;
  const Idempotency& idempotency_;
  const EventPublisher& events_;
  const CampaignService& campaigns_;
  PointsLedger points_;
};

}  // namespace bb::service

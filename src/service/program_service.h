#pragma once
// Use cases for programs: create, read, list, update, pause/resume/archive, stats.
// Every method checks the actor's right first. Thread-safe.

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/program.h"
#include "domain/program_month.h"
#include "service/campaign_service.h"
#include "service/id_generator.h"
#include "service/idempotency.h"
#include "service/link_target_cache.h"
#include "service/paging.h"
#include "store/store.h"

namespace bb::service {

// Which clicks GET /api/v1/exports/clicks.csv gives.
struct ClickFilter {
  std::string advocate_id;          // "" for every advocate of the program
  std::optional<Timestamp> from;    // at or after; from the first click when absent
  std::optional<Timestamp> before;  // before; up to now when absent
  store::BotClicks bots = store::BotClicks::kInclude;
};

// What the public landing page shows (GetPublicLanding).
struct PublicLanding {
  domain::Program program;
  std::string headline;
  std::string intro;
};

class ProgramService {
 public:
  // `link_targets` is cleared whenever a program changes.
  ProgramService(store::Store& store, const Clock& clock, const IdGenerator& ids, const Idempotency& idempotency,
                 LinkTargetCache& link_targets, const CampaignService& campaigns)
      : store_(store),
        clock_(clock),
        ids_(ids),
        idempotency_(idempotency),
        link_targets_(link_targets),
        campaigns_(campaigns) {}

  // A new program, with its promoter rules on (CampaignService::AddPromoterRules). Admins and
  // managers; kInvalidArgument as domain::BuildProgram.
  Result<domain::Program> Create(const domain::Actor& actor, const domain::ProgramInput& input,
                                 const Idempotent<domain::Program>& idempotent = {});
  Result<domain::Program> Get(const domain::Actor& actor, std::string_view id);
  // The program behind a public page (join, landing), for anyone: kNotFound for an unknown slug.
  // Callers show only what those pages show (name, kind, status).
  Result<domain::Program> GetPublic(std::string_view slug);
  // The program of `slug` and the landing page's words for a visitor referred with `code` ("" for
  // none): those of the segment the code's advocate is in now, else the program's (an unknown code,
  // another program's, an inactive advocate's, or any code while the program is not active reads as
  // none), placeholders filled in.
  Result<PublicLanding> GetPublicLanding(std::string_view slug, std::string_view code);
  // The signed-in advocate's own program; kPermissionDenied for any other actor.
  Result<domain::Program> GetOwn(const domain::Actor& advocate);
  Result<PageOf<domain::Program>> List(const domain::Actor& actor, std::optional<domain::ProgramStatus> status,
                                       const Page& page);
  // Applies the fields present (domain::ApplyProgramChanges). kConflict naming "currency" when the
  // currency would change once the program has a reward or a won referral.
  Result<domain::Program> Update(const domain::Actor& actor, std::string_view id, const domain::ProgramInput& input);
  Result<domain::Program> SetStatus(const domain::Actor& actor, std::string_view id, domain::ProgramStatus status,
                                    const Idempotent<domain::Program>& idempotent = {});
  // Every month entered for the program, oldest first. Admins, managers and viewers
  // (kReadAnalytics); kNotFound for an unknown program.
  Result<std::vector<domain::ProgramMonth>> Months(const domain::Actor& actor, std::string_view program_id);
  // Enters (or replaces) a month's figures (domain::BuildProgramMonth), audited as
  // "program.month_set". Admins and managers; kNotFound for an unknown program; kInvalidArgument
  // as BuildProgramMonth says.
  Result<domain::ProgramMonth> PutMonth(const domain::Actor& actor, std::string_view program_id, std::string_view month,
                                        const domain::ProgramMonthInput& input);
  // Deletes a month's figures, audited as "program.month_deleted". Admins and managers; kNotFound
  // for an unknown program or a month without figures.
  Status DeleteMonth(const domain::Actor& actor, std::string_view program_id, std::string_view month);
  Result<domain::ProgramStats> Stats(const domain::Actor& actor, std::string_view id, const domain::TimeRange& range);
  // The dashboard for `range` (by default the 30 days up to now; `range` is completed with the
  // defaults): of the program `program_id`, or of every program when it is "". Admins, managers
  // and viewers (sales reps: kPermissionDenied); kNotFound for an unknown program;
  // kInvalidArgument naming "to" when the range is empty or longer than domain::kMaxAnalyticsDays.
  // new_advocates has every day of the range. Each currency's money includes the program cost of
  // the range (the months entered, prorated) in its cost and ROI.
  Result<domain::Analytics> Analytics(const domain::Actor& actor, std::string_view program_id, domain::TimeRange& range,
                                      domain::AnalyticsBasis basis = domain::AnalyticsBasis::kCohort);
  // A page of the program's clicks matching `filter`, oldest first (by time, then as recorded),
  // each page one index range however many clicks the program has. Admins, managers and viewers
  // (sales reps: kPermissionDenied); kNotFound for an unknown program, or an advocate that is not
  // the program's; kInvalidArgument naming "cursor" or "limit" (see CheckKeyPage).
  Result<PageOf<store::ClickRecord>> Clicks(const domain::Actor& actor, std::string_view program_id,
                                            const ClickFilter& filter, const Page& page);

 private:
  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
  const Idempotency& idempotency_;
  LinkTargetCache& link_targets_;
  const CampaignService& campaigns_;
};

}  // namespace bb::service

#pragma once
// Lead scoring as staff and integrations use it (domain/score_model.h, domain/lead_score.h,
// domain/score_calibration.h): every staff role reads a program's score model, admins and managers
// publish new versions (audited score_model.published); admins and managers (and their API keys:
// a CRM, a marketing tool) report engagement events; admins, managers and viewers read scores, the
// propensity ranking of referrals, the accounts' roll-ups and the calibration (they name people
// across every advocate, as the dashboards do). Every figure is computed from the logs as of an
// instant, under a version of the model. Thread-safe (no state of its own).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/lead_score.h"
#include "domain/score_calibration.h"
#include "domain/score_model.h"
#include "service/id_generator.h"
#include "service/paging.h"
#include "service/program_scores.h"
#include "store/store.h"

namespace bb::service {

inline constexpr std::size_t kMaxEngagementEventsPerRequest = 500;

struct EngagementEventInput {
  std::optional<std::string> email;
  std::optional<std::string> type;
  std::optional<Timestamp> occurred_at;
  std::optional<std::string> key;
  std::optional<std::string> product;
  std::optional<std::string> channel;
};

struct RecordedEvent {
  domain::EngagementEvent event;
  bool duplicate = false;  // the program had an event with this key: nothing written
};

// Which version, and as of when (default: the latest version, now).
struct ScoreQuery {
  std::string program_id;
  std::optional<std::int64_t> version;
  std::optional<Timestamp> as_of;
  std::optional<std::string> product;  // accounts: their interest in this product too
};

struct ReferralScore {
  domain::ScoreModel model;
  Timestamp as_of{};
  domain::Referral referral;
  domain::LeadScore score;
  // The person's engagement in each product of their events (domain::ProductEngagement), by product.
  std::vector<std::pair<std::string, std::int64_t>> products;
};

// A referral in the propensity ranking: rank 1 is the best (total, then engagement, then the
// latest engagement, then the referral id).
struct RankedReferral {
  std::string id;  // the referral's
  ScoredReferral scored;
  std::int64_t rank = 0;
  std::int64_t percentile_bp = 0;  // 10,000 × (1 − (rank − 1) / n)
};

struct Ranking {
  domain::ScoreModel model;
  Timestamp as_of{};
  std::int64_t count = 0;  // ranked in all (every page)
  PageOf<RankedReferral> page;
};

struct AccountFigures {
  std::string id;          // the domain
  std::int64_t score = 0;  // hundredths
  std::int64_t fit = 0;
  std::int64_t engagement = 0;
  std::string grade;
  std::int64_t contacts = 0;
  std::int64_t engaged_contacts = 0;  // engagement above 0
  std::int64_t mql_contacts = 0;
  std::int64_t open_referrals = 0;
  std::int64_t won_referrals = 0;
  std::optional<Timestamp> last_engaged_at;
  // The buying influences the committees of its open referrals cover between them, as of the
  // instant read (domain::RolesCovered over all their members), and those none covers.
  std::int64_t roles_covered = 0;
  std::vector<std::string> roles_missing;
  // With a product asked for: its people's engagement in it, rolled up as the score is.
  std::optional<std::int64_t> product_engagement;
};

// kProductEngagement needs a product in the query.
enum class AccountOrder { kScore, kEngagement, kDomain, kProductEngagement };

struct AccountList {
  domain::ScoreModel model;
  Timestamp as_of{};
  std::int64_t count = 0;
  PageOf<AccountFigures> page;
};

struct CalibrationQuery {
  ScoreQuery score;
  std::optional<Timestamp> from;  // submitted in [from, to); default: everything before as_of
  std::optional<Timestamp> to;
  std::int64_t outcome_window_days = 180;
};

struct CalibrationReport {
  domain::ScoreModel model;
  Timestamp from{};
  Timestamp to{};
  Timestamp as_of{};
  std::int64_t outcome_window_days = 0;
  std::int64_t submitted = 0;  // referrals submitted in [from, to)
  std::int64_t censored = 0;   // still open and younger than the outcome window: no outcome yet
  domain::Calibration calibration;
};

class LeadScoringService {
 public:
  LeadScoringService(store::Store& store, const Clock& clock, const IdGenerator& ids)
      : store_(store), clock_(clock), ids_(ids) {}

  // The program's model of `version` (default: the latest; 0: the default model). kNotFound for a
  // program or a version that does not exist.
  Result<domain::ScoreModel> Model(const domain::Actor& actor, std::string_view program_id,
                                   std::optional<std::int64_t> version);
  // Publishes `rules` as the program's next version (see domain::CheckScoreModel for the fields
  // refused). Rules equal to the latest version's publish nothing (`published` false). kConflict
  // naming "version" when another version was published at the same time, and for an archived
  // program.
  struct Published {
    domain::ScoreModel model;
    bool published = false;
  };
  Result<Published> Publish(const domain::Actor& actor, std::string_view program_id, domain::ScoreModel rules);

  // Records `events` for the program's people, all or none: kInvalidArgument naming each bad field
  // ("events[2].occurred_at": required, not in the future). An event whose key the program has
  // already is a duplicate, reported as such and not written again. kConflict for an archived
  // program.
  Result<std::vector<RecordedEvent>> RecordEvents(const domain::Actor& actor, std::string_view program_id,
                                                  const std::vector<EngagementEventInput>& events);

  // One referral's score with the rules that made it. kNotFound for a referral that does not exist
  // (or was submitted after as_of).
  Result<ReferralScore> ScoreReferral(const domain::Actor& actor, std::string_view referral_id,
                                      std::optional<std::int64_t> version, std::optional<Timestamp> as_of);
  // The program's referrals by propensity (only those still open at as_of when `open_only`).
  // Without as_of, the pages after the first (here and in Accounts) are of the first page's instant.
  Result<Ranking> Rank(const domain::Actor& actor, const ScoreQuery& query, bool open_only, const Page& page);
  // The program's accounts: its referred people grouped by their email's registrable domain
  // (free-mail domains are no company), each person counted once with the score of their latest
  // referral, rolled up by the model.
  Result<AccountList> Accounts(const domain::Actor& actor, const ScoreQuery& query, AccountOrder order,
                               const Page& page);
  // The model's calibration: the referrals submitted in [from, to), each with its score as it
  // stood at its submission, against its outcome at as_of — won (1); lost or rejected, or still
  // open more than outcome_window_days after submission (0); open and younger: censored, left out.
  Result<CalibrationReport> Calibrate(const domain::Actor& actor, const CalibrationQuery& query);

 private:
  // as_of checked (not in the future) or now.
  Result<Timestamp> AsOf(const std::optional<Timestamp>& as_of) const;
  // In one read: the program's model of `version` into report.model, and every referral created by
  // report.as_of scored at `moment` (with `product`, each person's engagement in it too). kNotFound
  // for a program or a version that does not exist.
  template <class Report>
  Result<std::vector<ScoredReferral>> ReadScores(std::string_view program_id, std::optional<std::int64_t> version,
                                                 Report& report, ScoreMoment moment,
                                                 const std::optional<std::string>& product = {});

  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
};

}  // namespace bb::service

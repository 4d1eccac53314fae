#pragma once
// The arithmetic of lead scores (research/intelligence.md §1.2): a referral's fit, engagement and
// total under a model as of an instant, the rules that made them, its grade and when it became an
// MQL; and an account's score rolled up from its people's. Scores are kept in hundredths of a point
// (exact for the none, window and step decays; half-life rounds half away from zero). Pure; no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "domain/buying_committee.h"
#include "domain/referral.h"
#include "domain/score_model.h"

namespace bb::domain {

// Something a person did, as a score reads it: reported through the API (a CRM, a marketing tool)
// or derived from Bluebird's own records (a referral submitted, a lifecycle stage reached).
struct EngagementEvent {
  std::string id;
  std::string program_id;
  std::string person;  // EmailMatchKey of the person's email
  std::string type;    // IsEventType
  std::string product;
  std::string channel;
  Timestamp occurred_at{};  // when it happened: its age, for decay and daily caps
  std::string source;       // "api", or "bluebird" for the derived ones
  std::string key;          // unique per program: a second event with the key is the same event
  // When Bluebird learnt of it: the event counts from the later of this and occurred_at, so a score
  // as of an instant sees only what was known then (an event reported late changes no past figure).
  Timestamp recorded_at{};
  friend bool operator==(const EngagementEvent&, const EngagementEvent&) = default;
};

// The attributes fit rules may test, besides advocate.attr.<name>.
const std::vector<std::string>& LeadAttributeNames();
bool IsLeadAttribute(std::string_view attribute);
// The values of `attribute` for `referral` (none: unknown), viewing the referral's and the
// committee's own strings (valid while they live). referee.business_email is "true" for a registrable
// domain that is not a free-mail one, else "false"; advocate.tags has one value per tag. From the
// referral's buying committee (`committee`; nullptr or version 0: the referee alone, with no role
// and no attribute): referee.seniority, referee.disc_primary and referee.disc_secondary, the
// referee's valid reserved attributes (domain/personality.h); committee.roles, every buying role a
// member holds (one value each); committee.influences, how many of the four buying influences the
// members cover ("0".."4"); committee.members, how many they are ("1".."25"); committee.seniority,
// every member's valid seniority.
std::vector<std::string_view> LeadAttributeValues(const Referral& referral, std::string_view attribute,
                                                  const BuyingCommittee* committee = nullptr);

// Whether `attribute` is read from the buying committee (committee.*, referee.seniority,
// referee.disc_primary, referee.disc_secondary).
bool IsCommitteeAttribute(std::string_view attribute);
// Why a fit rule's `value` for a committee attribute can never match ("" when it can, or for other
// attributes and `contains`): for eq, neq and in, a role name, a seniority or a DISC letter
// (without case) as the attribute takes; for committee.influences (0..4) and committee.members
// (1..25), a whole number in the range.
std::string CommitteeRuleValueProblem(std::string_view attribute, FitOp op, std::string_view value);

// Whether a fit rule holds for `referral` with `committee` (as LeadAttributeValues).
bool FitRuleHolds(const FitRule& rule, const Referral& referral, const BuyingCommittee* committee = nullptr);

// The share of an event's points left after `age_days` whole days, as hundredths of a point for
// `points` (rounded half away from zero): research vectors — step 25%/30 d on 20 points gives 2000
// at 29 days, 1500 at 30, 500 at 119, 0 at 120; half-life 30 d gives 707 at 45 days.
std::int64_t DecayedHundredths(const ScoreDecay& decay, std::int64_t points, std::int64_t age_days);

struct RuleContribution {
  std::size_t group = 0;
  std::size_t rule = 0;  // index into the group's fit_rules or event_rules
  ScoreDimension dimension = ScoreDimension::kFit;
  std::int64_t hundredths = 0;  // after the rule's own caps, before the group's limit
  std::int64_t events = 0;      // the events that counted (event rules)
};

struct LeadScore {
  std::int64_t fit = 0;  // hundredths
  std::int64_t engagement = 0;
  std::int64_t total = 0;
  char fit_band = 'C';                          // A, B or C
  int engagement_band = 3;                      // 1, 2 or 3
  std::string grade;                            // "A1".."C3"
  std::optional<Timestamp> mql_at;              // the first instant it met the MQL rule (stays met)
  std::optional<Timestamp> last_engaged_at;     // its latest event counted by an event rule
  std::vector<RuleContribution> contributions;  // every rule that gave points, in model order
};

// The score of `referral` under `model` as of `as_of`, from `events` (the person's, sorted by
// occurred_at; those that happened or were recorded after as_of are left out) and `committee` (the
// referral's buying committee as recorded by as_of, for the committee attributes of fit rules;
// nullptr: the referee alone). The MQL instant is the first of the referral's submission, the
// instants events became known and the instants a negative event's points faded, up to as_of, at
// which fit and engagement met the rule, the fit there leaving out rules on committee attributes
// (so that a committee version recorded later never moves or undoes it).
LeadScore ScoreLead(const ScoreModel& model, const Referral& referral, const std::vector<EngagementEvent>& events,
                    Timestamp as_of, const BuyingCommittee* committee = nullptr);

// Per-product interest (research §1.2; Marketo's product interest scores): the engagement
// (hundredths) of the person's events of `product` alone — an event's product is its own, compared
// without case; events without one count for no product — under `model` as of `as_of`, with the
// model's rules, caps, decay and limits as for the whole score. When every event has a product and
// no cap or limit binds, a person's products add up to their engagement.
std::int64_t ProductEngagement(const ScoreModel& model, const Referral& referral,
                               const std::vector<EngagementEvent>& events, std::string_view product, Timestamp as_of);
// The products of `events` that happened by `as_of`, lower-case, sorted, without repeats.
std::vector<std::string> EventProducts(const std::vector<EngagementEvent>& events, Timestamp as_of);

// The grade of a fit and an engagement (hundredths) under the model's bands.
std::string GradeOf(const ScoreBands& bands, std::int64_t fit, std::int64_t engagement);

// An account's figure from its people's (hundredths): their sum, the highest, the sum of the `top_n`
// highest, or the mean rounded half away from zero; 0 without people. Research vector: 40, 35, 20,
// 5 → sum 100, max 40, top 3 95, avg 25.
std::int64_t RollUp(AccountRollup rollup, std::int64_t top_n, std::vector<std::int64_t> values);

}  // namespace bb::domain

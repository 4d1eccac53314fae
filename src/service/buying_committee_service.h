#pragma once
// Buying committees and outcomes by attribute, as staff and integrations use them
// (domain/buying_committee.h, domain/attribute_outcomes.h): whoever may read a referral reads its
// committee as of an instant; whoever may move it (admins, managers, the sales rep who enrolled
// its advocate, their API keys: a CRM) records a new version of it, audited
// (referral.committee_recorded); admins, managers and viewers read a program's win rates by the
// primary contact's DISC factor or seniority, by the number of buying influences covered, or by
// the advocate's DISC factor. Every figure is replayed from the logs as of an instant.
// Thread-safe (no state of its own).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/attribute_outcomes.h"
#include "domain/buying_committee.h"
#include "service/id_generator.h"
#include "store/store.h"

namespace bb::service {

// A referral's committee as of an instant, with the influences it covers.
struct CommitteeView {
  domain::BuyingCommittee committee;  // version 0: none recorded by then, the referee alone
  std::int64_t roles_covered = 0;
  std::vector<std::string> roles_missing;
  Timestamp as_of{};
};

struct CommitteeInput {
  // The version the change was made from (0: none recorded); absent: whatever the latest is.
  std::optional<std::int64_t> version;
  std::optional<std::vector<domain::CommitteeMemberInput>> members;  // required
};

// What a report groups referrals by.
enum class OutcomeAttribute {
  kDiscPrimary,          // the primary contact's disc_primary
  kSeniority,            // the primary contact's seniority
  kBuyingStyle,          // the primary contact's buying_style
  kRolesCovered,         // the committee's buying influences covered, "0".."4"
  kAdvocateDiscPrimary,  // the advocate's disc_primary when they referred it
  kAdvocateSeniority,    // the advocate's seniority when they referred it
};
std::string_view ToString(OutcomeAttribute attribute);
std::optional<OutcomeAttribute> ParseOutcomeAttribute(std::string_view text);

struct OutcomeQuery {
  std::string program_id;
  OutcomeAttribute attribute = OutcomeAttribute::kDiscPrimary;
  std::optional<Timestamp> from;   // the cohort: referrals submitted at or after; absent: any
  std::optional<Timestamp> to;     // and before (at most as_of); absent: as_of
  std::optional<Timestamp> as_of;  // absent: now
};

struct OutcomeReport {
  OutcomeAttribute attribute = OutcomeAttribute::kDiscPrimary;
  std::optional<Timestamp> from;
  Timestamp to{};
  Timestamp as_of{};
  domain::OutcomeTable table;
};

class BuyingCommitteeService {
 public:
  BuyingCommitteeService(store::Store& store, const Clock& clock, const IdGenerator& ids)
      : store_(store), clock_(clock), ids_(ids) {}

  // The referral's committee recorded by `as_of` (default now; neither in the future nor before the
  // referral was submitted: kInvalidArgument naming "as_of"). kNotFound for a referral that does
  // not exist or the actor may not read.
  Result<CommitteeView> Get(const domain::Actor& actor, std::string_view referral_id, std::optional<Timestamp> as_of);

  // Records `input`'s members as the referral's next committee version (domain::BuildCommitteeMembers
  // names the fields refused; "members" is required). Members equal to the latest version's, in
  // whatever order, record nothing (`recorded` false). kConflict naming "version" when `input.version` is not the
  // latest version, or another version was recorded at the same time; kConflict for an archived program; kNotFound for
  // a referral that does not exist or the actor may not move.
  struct Recorded {
    CommitteeView view;
    bool recorded = false;
  };
  Result<Recorded> Put(const domain::Actor& actor, std::string_view referral_id, const CommitteeInput& input);

  // Removes the personality attributes (DISC, seniority, buying style) of the member with `email`
  // from every recorded version of the referral's committee, for a person who objects to being
  // profiled: admins and managers, audited (referral.committee_personality_erased, with the number of
  // versions and no personal data). Returns that number (0 when no version held any). An archived
  // program's committees are erased too. kInvalidArgument naming "email"; kNotFound for a referral
  // that does not exist.
  Result<std::int64_t> ErasePersonality(const domain::Actor& actor, std::string_view referral_id,
                                        std::string_view email);

  // The program's referrals submitted in [from, to) (`to` at most `as_of`: nothing later is known
  // then) that are clear and not rejected as of `as_of`, won and lost by then, grouped by
  // `attribute`. kInvalidArgument naming "as_of" (future), "to" (not after from) or "from" (not
  // before as_of); kNotFound for a program that does not exist.
  Result<OutcomeReport> Outcomes(const domain::Actor& actor, const OutcomeQuery& query);

 private:
  store::Store& store_;
  const Clock& clock_;
  const IdGenerator& ids_;
};

}  // namespace bb::service

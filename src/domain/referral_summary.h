#pragma once
// The referral summaries: what one program's referrals (with their history and rewards) and
// advocates add up to per UTC day, kept by the transactions that change them so that the dashboards
// read days, not referrals (domain/analytics.h for the two bases).
//
// Each referral contributes dated entries (ReferralEntries), all of its referral's program,
// advocate and channel:
// - at its submission: submitted; on the cohort basis whether it ever reached qualified, whether it
//   is a win now and the deal value of the win, and what its rewards cost (pending ones also as
//   committed), in their currencies;
// - at the first history entry that reached qualified: first qualified (activity basis);
// - at the history entry that reached won, when it is a win now: won and the deal's value;
// - at each reward's grant (a reissue's or an adjustment's at the grant it restates): its cost.
// A change to a referral is applied as the difference between its entries before and after.
// Advocates are counted per day of enrolment and current status, and those who referred per day
// in a sketch of their ids (an estimate over any range, as distinct visitors are).
// Pure types and helpers, no I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/checked_math.h"
#include "common/clock.h"
#include "domain/reward.h"
#include "domain/visitor_sketch.h"

namespace bb::domain {

// Figures of one (day, channel, currency) of a program; money in minor units of the currency.
struct ReferralTally {
  std::int64_t submitted = 0;
  std::int64_t cohort_qualified = 0;  // of those submitted, reached qualified since
  std::int64_t cohort_won = 0;        // of those submitted, wins now
  Int128 cohort_revenue = 0;          // their deal values
  std::int64_t activity_qualified = 0;
  std::int64_t activity_won = 0;
  Int128 activity_revenue = 0;
  Int128 cohort_reward_cost = 0;  // rewards of the referrals submitted that day, not reversed
  Int128 cohort_committed = 0;    // the pending part of it
  Int128 activity_reward_cost = 0;
  Int128 activity_committed = 0;

  ReferralTally& operator+=(const ReferralTally& other);
  ReferralTally& operator-=(const ReferralTally& other);
  bool IsZero() const { return *this == ReferralTally{}; }
  friend bool operator==(const ReferralTally&, const ReferralTally&) = default;
};

// Figures of one (day, advocate) of a program: the top advocates and the referring advocates. The
// revenue counts only deals in the program's currency, so that one figure never mixes two.
struct AdvocateTally {
  std::int64_t submitted = 0;
  std::int64_t cohort_won = 0;
  Int128 cohort_revenue = 0;
  std::int64_t activity_won = 0;
  Int128 activity_revenue = 0;

  AdvocateTally& operator+=(const AdvocateTally& other);
  AdvocateTally& operator-=(const AdvocateTally& other);
  bool IsZero() const { return *this == AdvocateTally{}; }
  friend bool operator==(const AdvocateTally&, const AdvocateTally&) = default;
};

// A reward as the summaries see it.
struct RewardFacts {
  std::string id;
  std::string currency;
  std::int64_t amount_minor = 0;
  RewardStatus status = RewardStatus::kPending;
  Timestamp granted_at;  // its own creation, or for a reissue or adjustment that of its grant
  friend bool operator==(const RewardFacts&, const RewardFacts&) = default;
};

// A referral as the summaries see it.
struct ReferralFacts {
  std::string referral_id;
  std::string program_id;
  std::string advocate_id;
  std::string channel;
  std::string program_currency;
  Timestamp created_at;
  bool win = false;  // won and clear, now
  std::optional<std::int64_t> deal_value_minor;
  std::string deal_currency;                    // the program's when the deal has none of its own
  std::optional<Timestamp> first_qualified_at;  // the first history entry that reached qualified
  std::optional<Timestamp> won_at;              // the first history entry that reached won
  std::vector<RewardFacts> rewards;
  friend bool operator==(const ReferralFacts&, const ReferralFacts&) = default;
};

// One dated contribution of a referral.
struct ReferralEntry {
  Timestamp at;
  std::string currency;
  ReferralTally tally;
  AdvocateTally advocate;  // what it adds to its advocate's figures
};

// The entries of `facts`, in no particular order.
std::vector<ReferralEntry> ReferralEntries(const ReferralFacts& facts);

struct ReferralDayKey {
  std::int64_t day = 0;  // UTC days since 1970-01-01
  std::string channel;
  std::string currency;
  auto operator<=>(const ReferralDayKey&) const = default;
};

// One program's summaries over some days: what is stored, what the raw rows give, or a difference
// to apply. Keys whose figures are all zero are left out (Add removes them).
struct ReferralSummary {
  std::map<ReferralDayKey, ReferralTally> days;
  std::map<std::pair<std::int64_t, std::string>, AdvocateTally> advocates;  // (day, advocate id)
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> enrolments;  // (day, status) -> advocates
  // Day -> the advocates who submitted referrals that day, as a sketch. Only ever added to (a
  // referral keeps its submission), so a difference carries the advocates of new referrals only.
  std::map<std::int64_t, VisitorSketch> referrers;

  // Adds (sign +1) or takes away (-1) `facts`' entries whose time is in [from, before); adding
  // also counts its advocate among the day's referrers.
  void Add(const ReferralFacts& facts, int sign, Timestamp from, Timestamp before);
  void Add(const ReferralFacts& facts, int sign);  // every entry
  void AddEnrolment(std::int64_t day, const std::string& status, std::int64_t advocates);
  bool empty() const { return days.empty() && advocates.empty() && enrolments.empty() && referrers.empty(); }
  friend bool operator==(const ReferralSummary&, const ReferralSummary&) = default;
};

// How `stored` differs from `computed` (both of program `program_id`): one sentence per figure that
// differs, naming the day and what differs; empty when they are equal.
std::vector<std::string> CompareReferralSummaries(std::string_view program_id, const ReferralSummary& stored,
                                                  const ReferralSummary& computed);

}  // namespace bb::domain

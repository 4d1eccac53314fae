#include "domain/referral_summary.h"

#include "domain/analytics.h"
#include "domain/click_summary.h"

namespace bb::domain {
namespace {

// Adds `delta` to `map[key]` and drops the key when its figures come to zero.
template <class Map, class Key, class Value>
void AddTo(Map& map, const Key& key, const Value& delta) {
  auto [it, inserted] = map.try_emplace(key);
  it->second += delta;
  if (it->second.IsZero()) map.erase(it);
}

std::string Text(Int128 value) { return ToDecimal(value); }
std::string Text(std::int64_t value) { return std::to_string(value); }

// Appends a sentence to `out` for each figure of `stored` that differs from `computed`.
void CompareTally(const std::string& where, const ReferralTally& s, const ReferralTally& c,
                  std::vector<std::string>& out) {
  auto check = [&](const char* name, const auto& kept, const auto& raw) {
    if (kept != raw)
      out.push_back(where + " " + name + ": the summary has " + Text(kept) + ", the raw rows " + Text(raw));
  };
  check("submitted", s.submitted, c.submitted);
  check("cohort_qualified", s.cohort_qualified, c.cohort_qualified);
  check("cohort_won", s.cohort_won, c.cohort_won);
  check("cohort_revenue", s.cohort_revenue, c.cohort_revenue);
  check("activity_qualified", s.activity_qualified, c.activity_qualified);
  check("activity_won", s.activity_won, c.activity_won);
  check("activity_revenue", s.activity_revenue, c.activity_revenue);
  check("cohort_reward_cost", s.cohort_reward_cost, c.cohort_reward_cost);
  check("cohort_committed", s.cohort_committed, c.cohort_committed);
  check("activity_reward_cost", s.activity_reward_cost, c.activity_reward_cost);
  check("activity_committed", s.activity_committed, c.activity_committed);
}

void CompareAdvocate(const std::string& where, const AdvocateTally& s, const AdvocateTally& c,
                     std::vector<std::string>& out) {
  auto check = [&](const char* name, const auto& kept, const auto& raw) {
    if (kept != raw)
      out.push_back(where + " " + name + ": the summary has " + Text(kept) + ", the raw rows " + Text(raw));
  };
  check("submitted", s.submitted, c.submitted);
  check("cohort_won", s.cohort_won, c.cohort_won);
  check("cohort_revenue", s.cohort_revenue, c.cohort_revenue);
  check("activity_won", s.activity_won, c.activity_won);
  check("activity_revenue", s.activity_revenue, c.activity_revenue);
}

// Calls `each(key, stored or zero, computed or zero)` for every key of either map.
template <class Map, class Each>
void ForEachKey(const Map& stored, const Map& computed, Each each) {
  using Value = typename Map::mapped_type;
  static const Value kZero{};
  Map keys;
  for (const auto& [key, value] : stored) keys.try_emplace(key);
  for (const auto& [key, value] : computed) keys.try_emplace(key);
  for (const auto& [key, unused] : keys) {
    auto s = stored.find(key);
    auto c = computed.find(key);
    each(key, s == stored.end() ? kZero : s->second, c == computed.end() ? kZero : c->second);
  }
}

std::string DateOfDay(std::int64_t day) { return UtcDate(FromMicros(day * kMicrosPerDay)); }

}  // namespace

ReferralTally& ReferralTally::operator+=(const ReferralTally& o) {
  submitted += o.submitted;
  cohort_qualified += o.cohort_qualified;
  cohort_won += o.cohort_won;
  cohort_revenue += o.cohort_revenue;
  activity_qualified += o.activity_qualified;
  activity_won += o.activity_won;
  activity_revenue += o.activity_revenue;
  cohort_reward_cost += o.cohort_reward_cost;
  cohort_committed += o.cohort_committed;
  activity_reward_cost += o.activity_reward_cost;
  activity_committed += o.activity_committed;
  return *this;
}

ReferralTally& ReferralTally::operator-=(const ReferralTally& o) {
  submitted -= o.submitted;
  cohort_qualified -= o.cohort_qualified;
  cohort_won -= o.cohort_won;
  cohort_revenue -= o.cohort_revenue;
  activity_qualified -= o.activity_qualified;
  activity_won -= o.activity_won;
  activity_revenue -= o.activity_revenue;
  cohort_reward_cost -= o.cohort_reward_cost;
  cohort_committed -= o.cohort_committed;
  activity_reward_cost -= o.activity_reward_cost;
  activity_committed -= o.activity_committed;
  return *this;
}

AdvocateTally& AdvocateTally::operator+=(const AdvocateTally& o) {
  submitted += o.submitted;
  cohort_won += o.cohort_won;
  cohort_revenue += o.cohort_revenue;
  activity_won += o.activity_won;
  activity_revenue += o.activity_revenue;
  return *this;
}

AdvocateTally& AdvocateTally::operator-=(const AdvocateTally& o) {
  submitted -= o.submitted;
  cohort_won -= o.cohort_won;
  cohort_revenue -= o.cohort_revenue;
  activity_won -= o.activity_won;
  activity_revenue -= o.activity_revenue;
  return *this;
}

std::vector<ReferralEntry> ReferralEntries(const ReferralFacts& f) {
  std::vector<ReferralEntry> out;
  bool own_currency = f.deal_currency == f.program_currency;
  Int128 deal = f.win ? f.deal_value_minor.value_or(0) : 0;

  ReferralEntry submitted{f.created_at, f.deal_currency, {}, {}};
  submitted.tally.submitted = 1;
  submitted.tally.cohort_qualified = f.first_qualified_at ? 1 : 0;
  submitted.tally.cohort_won = f.win ? 1 : 0;
  submitted.tally.cohort_revenue = deal;
  submitted.advocate.submitted = 1;
  submitted.advocate.cohort_won = f.win ? 1 : 0;
  submitted.advocate.cohort_revenue = own_currency ? deal : 0;
  out.push_back(std::move(submitted));

  if (f.first_qualified_at) {
    ReferralEntry qualified{*f.first_qualified_at, f.deal_currency, {}, {}};
    qualified.tally.activity_qualified = 1;
    out.push_back(std::move(qualified));
  }
  if (f.win && f.won_at) {
    ReferralEntry won{*f.won_at, f.deal_currency, {}, {}};
    won.tally.activity_won = 1;
    won.tally.activity_revenue = deal;
    won.advocate.activity_won = 1;
    won.advocate.activity_revenue = own_currency ? deal : 0;
    out.push_back(std::move(won));
  }
  for (const auto& reward : f.rewards) {
    Int128 cost = reward.status == RewardStatus::kReversed ? 0 : reward.amount_minor;
    Int128 committed = reward.status == RewardStatus::kPending ? reward.amount_minor : 0;
    ReferralEntry cohort{f.created_at, reward.currency, {}, {}};
    cohort.tally.cohort_reward_cost = cost;
    cohort.tally.cohort_committed = committed;
    out.push_back(std::move(cohort));
    ReferralEntry activity{reward.granted_at, reward.currency, {}, {}};
    activity.tally.activity_reward_cost = cost;
    activity.tally.activity_committed = committed;
    out.push_back(std::move(activity));
  }
  return out;
}

void ReferralSummary::Add(const ReferralFacts& facts, int sign, Timestamp from, Timestamp before) {
  if (sign > 0 && facts.created_at >= from && facts.created_at < before) {
    referrers[UtcDayOf(facts.created_at)].Add(facts.advocate_id);
  }
  for (const auto& entry : ReferralEntries(facts)) {
    if (entry.at < from || entry.at >= before) continue;
    std::int64_t day = UtcDayOf(entry.at);
    ReferralTally tally = entry.tally;
    AdvocateTally advocate = entry.advocate;
    if (sign < 0) {
      tally = ReferralTally{} -= tally;
      advocate = AdvocateTally{} -= advocate;
    }
    if (!entry.tally.IsZero()) AddTo(days, ReferralDayKey{day, facts.channel, entry.currency}, tally);
    if (!entry.advocate.IsZero()) AddTo(advocates, std::make_pair(day, facts.advocate_id), advocate);
  }
}

void ReferralSummary::Add(const ReferralFacts& facts, int sign) {
  Add(facts, sign, Timestamp::min(), Timestamp::max());
}

void ReferralSummary::AddEnrolment(std::int64_t day, const std::string& status, std::int64_t count) {
  auto [it, inserted] = enrolments.try_emplace(std::make_pair(day, status), 0);
  it->second += count;
  if (it->second == 0) enrolments.erase(it);
}

std::vector<std::string> CompareReferralSummaries(std::string_view program_id, const ReferralSummary& stored,
                                                  const ReferralSummary& computed) {
  std::vector<std::string> out;
  std::string program = " (program " + std::string(program_id) + ")";
  ForEachKey(stored.days, computed.days, [&](const ReferralDayKey& key, const auto& s, const auto& c) {
    CompareTally(DateOfDay(key.day) + program + " channel " + key.channel + " currency " + key.currency, s, c, out);
  });
  ForEachKey(stored.advocates, computed.advocates, [&](const auto& key, const auto& s, const auto& c) {
    CompareAdvocate(DateOfDay(key.first) + program + " advocate " + key.second, s, c, out);
  });
  ForEachKey(stored.referrers, computed.referrers, [&](std::int64_t day, const auto& s, const auto& c) {
    if (!(s == c)) {
      out.push_back(DateOfDay(day) + program +
                    ": the sketch of the advocates who referred differs from the raw rows' (" + "it estimates " +
                    std::to_string(s.Estimate()) + ", the raw rows " + std::to_string(c.Estimate()) + ")");
    }
  });
  ForEachKey(stored.enrolments, computed.enrolments, [&](const auto& key, std::int64_t s, std::int64_t c) {
    if (s != c) {
      out.push_back(DateOfDay(key.first) + program + " advocates enrolled, now " + key.second + ": the summary has " +
                    std::to_string(s) + ", the raw rows " + std::to_string(c));
    }
  });
  return out;
}

}  // namespace bb::domain

#include "domain/points_balance.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <tuple>

#include "common/checked_math.h"

namespace bb::domain {
namespace {

// Points earned together, spent and expired oldest first.
struct Lot {
  std::string entry_id;
  Timestamp earned_at{};
  std::optional<Timestamp> expires_at;
  Int128 remaining = 0;
  Int128 expired = 0;
};

class Replay {
 public:
  explicit Replay(const PointsSettings& settings) : settings_(settings) {}

  void Record(const PointsEntry& entry) {
    ExpireUntil(entry.recorded_at);
    if (MovesLifetime(entry.balance)) lifetime_ += entry.delta;
    if (!MovesRedeemable(entry.balance)) return;
    if (entry.delta > 0 && entry.reason == PointsReason::kRedemptionRefund && spends_.contains(entry.reverses)) {
      GiveBack(entry);
    } else if (entry.delta > 0) {
      Earn(entry);
    } else {
      Spend(entry);
    }
  }

  void ExpireUntil(Timestamp at) {
    for (auto& lot : lots_) {
      if (lot.expires_at && *lot.expires_at <= at && lot.remaining > 0) {
        lot.expired += lot.remaining;
        expired_ += lot.remaining;
        lot.remaining = 0;
      }
    }
  }

  Result<PointsBalances> Balances() const {
    PointsBalances out;
    BB_ASSIGN_OR_RETURN(out.lifetime, Figure(lifetime_, "lifetime"));
    Int128 redeemable = -owed_;
    for (const auto& lot : lots_) {
      redeemable += lot.remaining;
      if (lot.remaining > 0 && lot.expires_at && (!out.next_expiry_at || *lot.expires_at < *out.next_expiry_at)) {
        out.next_expiry_at = lot.expires_at;
      }
    }
    BB_ASSIGN_OR_RETURN(out.redeemable, Figure(redeemable, "redeemable"));
    BB_ASSIGN_OR_RETURN(out.expired, Figure(expired_, "expired"));
    if (out.next_expiry_at) {
      Int128 soonest = 0;
      for (const auto& lot : lots_) {
        if (lot.remaining > 0 && lot.expires_at == out.next_expiry_at) soonest += lot.remaining;
      }
      BB_ASSIGN_OR_RETURN(out.next_expiry_points, Figure(soonest, "next_expiry_points"));
    }
    return out;
  }

 private:
  void Earn(const PointsEntry& entry) {
    Lot lot{entry.id, entry.earned_at, std::nullopt, entry.delta, 0};
    lot.expires_at = ExpiryOf(entry.earned_at, settings_.expiry_rules);
    Int128 paid = std::min(owed_, lot.remaining);  // what was owed is paid first
    owed_ -= paid;
    lot.remaining -= paid;
    auto at = std::upper_bound(lots_.begin(), lots_.end(), lot, [](const Lot& a, const Lot& b) {
      return std::tie(a.earned_at, a.entry_id) < std::tie(b.earned_at, b.entry_id);
    });
    lots_.insert(at, std::move(lot));
  }

  void Spend(const PointsEntry& entry) {
    Int128 need = -static_cast<Int128>(entry.delta);
    if (!entry.reverses.empty()) {
      auto own =
          std::find_if(lots_.begin(), lots_.end(), [&](const Lot& lot) { return lot.entry_id == entry.reverses; });
      if (own != lots_.end()) {
        // What is left of the lot goes; what expired of it was lost already; what was spent of it
        // is taken from the other lots below.
        Int128 taken = std::min(need, own->remaining);
        own->remaining -= taken;
        need -= taken;
        Int128 unexpired = std::min(need, own->expired);
        own->expired -= unexpired;
        expired_ -= unexpired;
        need -= unexpired;
      }
    }
    std::vector<Taken>& taken_from = spends_[entry.id];
    for (auto& lot : lots_) {
      if (need == 0) break;
      Int128 taken = std::min(need, lot.remaining);
      if (taken == 0) continue;
      lot.remaining -= taken;
      need -= taken;
      taken_from.push_back({lot.entry_id, taken});
    }
    owed_ += need;
    if (need > 0) taken_from.push_back({"", need});  // owed
  }

  // A refund of a spend: what it took goes back to the lots it came from, each keeping its own
  // expiry (one past it expires again at once), and what was owed is owed again; so giving points
  // back never makes old points new.
  void GiveBack(const PointsEntry& entry) {
    Int128 left = entry.delta;
    for (const Taken& taken : spends_[entry.reverses]) {
      Int128 amount = std::min(left, taken.amount);
      left -= amount;
      if (taken.lot_id.empty()) {
        owed_ -= amount;
        continue;
      }
      auto lot = std::find_if(lots_.begin(), lots_.end(), [&](const Lot& l) { return l.entry_id == taken.lot_id; });
      if (lot != lots_.end()) lot->remaining += amount;
    }
    spends_.erase(entry.reverses);
    if (left > 0) {  // more than was spent: a lot of its own
      PointsEntry rest = entry;
      rest.delta = static_cast<std::int64_t>(left);
      Earn(rest);
    }
  }

  // What one spend took from a lot ("" for what it left owed).
  struct Taken {
    std::string lot_id;
    Int128 amount = 0;
  };

  const PointsSettings& settings_;
  std::vector<Lot> lots_;                             // by earn date, then id
  std::map<std::string, std::vector<Taken>> spends_;  // by the spending entry's id
  Int128 lifetime_ = 0;
  Int128 expired_ = 0;
  Int128 owed_ = 0;
};

}  // namespace

Result<PointsBalances> BalancesAsOf(const std::vector<PointsEntry>& entries, const PointsSettings& settings,
                                    Timestamp as_of) {
  std::vector<const PointsEntry*> seen;
  for (const auto& entry : entries) {
    if (entry.recorded_at <= as_of) seen.push_back(&entry);
  }
  std::sort(seen.begin(), seen.end(), [](const PointsEntry* a, const PointsEntry* b) {
    return std::tie(a->recorded_at, a->id) < std::tie(b->recorded_at, b->id);
  });
  PointsSettings known = settings;  // as of as_of: the expiry rules made by then
  std::erase_if(known.expiry_rules, [&](const ExpiryRule& rule) { return rule.from > as_of; });
  Replay replay(known);
  for (const PointsEntry* entry : seen) replay.Record(*entry);
  replay.ExpireUntil(as_of);
  return replay.Balances();
}

}  // namespace bb::domain

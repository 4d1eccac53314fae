#include "domain/credit_split.h"

#include <algorithm>
#include <numeric>

#include "common/checked_math.h"

namespace bb::domain {

namespace {

struct SplitName {
  CreditSplit split;
  std::string_view name;
};

constexpr SplitName kSplitNames[] = {{CreditSplit::kNone, "none"},
                                     {CreditSplit::kEqual, "equal"},
                                     {CreditSplit::kFirstWeighted, "first_weighted"},
                                     {CreditSplit::kLastWeighted, "last_weighted"},
                                     {CreditSplit::kByRole, "by_role"}};

// `total` (>= 0) divided in proportion to `weights` (>= 0, not all 0): each part rounded down,
// then one more to the largest remainders, the earliest first on a tie.
std::vector<std::int64_t> Allocate(Int128 total, const std::vector<std::int64_t>& weights) {
  Int128 sum = 0;
  for (auto w : weights) sum += w;
  std::vector<std::int64_t> parts(weights.size(), 0);
  std::vector<Int128> remainders(weights.size(), 0);
  Int128 given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    Int128 product = total * weights[i];
    parts[i] = static_cast<std::int64_t>(product / sum);
    remainders[i] = product % sum;
    given += parts[i];
  }
  std::vector<std::size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t k = 0; given < total; ++k, ++given) ++parts[order[k % order.size()]];
  return parts;
}

}  // namespace

std::string_view ToString(CreditSplit split) {
  for (const auto& entry : kSplitNames) {
    if (entry.split == split) return entry.name;
  }
  return "none";
}

std::optional<CreditSplit> ParseCreditSplit(std::string_view text) {
  for (const auto& entry : kSplitNames) {
    if (entry.name == text) return entry.split;
  }
  return std::nullopt;
}

std::map<BuyingRole, std::int64_t> DefaultRoleWeights() {
  return {{BuyingRole::kEconomicBuyer, 4},  {BuyingRole::kExecutiveSponsor, 3}, {BuyingRole::kDecisionMaker, 3},
          {BuyingRole::kTechnicalBuyer, 2}, {BuyingRole::kUserBuyer, 2},        {BuyingRole::kCoach, 1},
          {BuyingRole::kChampion, 1},       {BuyingRole::kInfluencer, 1},       {BuyingRole::kEvaluator, 1},
          {BuyingRole::kOther, 1}};
}

Status CheckCreditPolicy(const CreditPolicy& policy) {
  std::vector<FieldError> errors;
  if (policy.lead_share_bp < kFullShareBp / 2 || policy.lead_share_bp > kFullShareBp) {
    errors.push_back({"lead_share_bp", "must be 5000 ..= 10000 basis points: the lead gets at least half"});
  }
  for (const auto& [role, weight] : policy.role_weights) {
    if (weight < 0 || weight > kMaxRoleWeight) {
      errors.push_back({"role_weights." + std::string(ToString(role)), "must be 0 ..= 100"});
    }
  }
  if (policy.unroled_weight < 0 || policy.unroled_weight > kMaxRoleWeight) {
    errors.push_back({"unroled_weight", "must be 0 ..= 100"});
  }
  if (policy.account_window_days < 0 || policy.account_window_days > kMaxAccountWindowDays) {
    errors.push_back({"account_window_days", "must be 0 (off) ..= 730 days"});
  }
  if (policy.account_credit && policy.account_window_days <= 0) {
    errors.push_back({"account_credit", "needs an account window: account_window_days of 1 ..= 730"});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Ok();
}

std::int64_t RoleWeight(const CreditPolicy& policy, const std::vector<BuyingRole>& roles) {
  if (roles.empty()) return policy.unroled_weight;
  std::int64_t best = 0;
  for (auto role : roles) {
    auto found = policy.role_weights.find(role);
    best = std::max(best, found != policy.role_weights.end() ? found->second : policy.unroled_weight);
  }
  return best;
}

std::vector<CreditShare> SplitCredit(const CreditPolicy& policy, std::vector<CreditTouch> touches,
                                     std::string_view own_advocate_id) {
  // One touch per advocate: the earliest, with the highest weight among theirs.
  std::sort(touches.begin(), touches.end(), [](const CreditTouch& a, const CreditTouch& b) {
    if (a.at != b.at) return a.at < b.at;
    if (a.referral_id != b.referral_id) return a.referral_id < b.referral_id;
    return a.advocate_id < b.advocate_id;
  });
  std::vector<CreditTouch> merged;
  for (auto& touch : touches) {
    auto same = std::find_if(merged.begin(), merged.end(),
                             [&](const CreditTouch& kept) { return kept.advocate_id == touch.advocate_id; });
    if (same == merged.end()) {
      merged.push_back(std::move(touch));
    } else {
      same->role_weight = std::max(same->role_weight, touch.role_weight);
    }
  }
  auto own = std::find_if(merged.begin(), merged.end(),
                          [&](const CreditTouch& touch) { return touch.advocate_id == own_advocate_id; });
  if (own == merged.end()) {
    merged.push_back({std::string(own_advocate_id), "", Timestamp{}, policy.unroled_weight});
    own = merged.end() - 1;
  }
  if (policy.split == CreditSplit::kNone) merged = {*own};
  if (merged.size() > kMaxCreditShares) {
    if (own - merged.begin() >= static_cast<std::ptrdiff_t>(kMaxCreditShares)) {
      merged[kMaxCreditShares - 1] = *own;
    }
    merged.resize(kMaxCreditShares);
  }

  const std::size_t n = merged.size();
  std::vector<std::int64_t> bp(n, 0);
  auto equal_rest = [&](std::size_t lead) {
    bp[lead] = policy.lead_share_bp;
    std::vector<std::int64_t> ones(n - 1, 1);
    auto rest = Allocate(kFullShareBp - policy.lead_share_bp, ones);
    for (std::size_t i = 0, k = 0; i < n; ++i) {
      if (i != lead) bp[i] = rest[k++];
    }
  };
  if (n == 1) {
    bp[0] = kFullShareBp;
  } else if (policy.split == CreditSplit::kFirstWeighted) {
    equal_rest(0);
  } else if (policy.split == CreditSplit::kLastWeighted) {
    equal_rest(n - 1);
  } else {
    std::vector<std::int64_t> weights(n, 1);
    if (policy.split == CreditSplit::kByRole) {
      for (std::size_t i = 0; i < n; ++i) weights[i] = merged[i].role_weight;
      if (std::all_of(weights.begin(), weights.end(), [](std::int64_t w) { return w == 0; })) {
        std::fill(weights.begin(), weights.end(), 1);
      }
    }
    bp = Allocate(kFullShareBp, weights);
  }

  std::vector<CreditShare> shares;
  for (std::size_t i = 0; i < n; ++i) {
    if (bp[i] == 0 && merged[i].advocate_id != own_advocate_id) continue;
    shares.push_back({merged[i].advocate_id, merged[i].referral_id, bp[i], merged[i].at});
  }
  return shares;
}

std::vector<std::int64_t> SplitAmount(std::int64_t amount_minor, const std::vector<CreditShare>& shares) {
  if (shares.empty()) return {};
  std::vector<std::int64_t> weights;
  for (const auto& share : shares) weights.push_back(share.share_bp);
  if (std::all_of(weights.begin(), weights.end(), [](std::int64_t w) { return w == 0; })) {
    std::fill(weights.begin(), weights.end(), 1);
  }
  const bool negative = amount_minor < 0;
  Int128 magnitude = negative ? -Int128{amount_minor} : Int128{amount_minor};
  auto parts = Allocate(magnitude, weights);
  if (negative) {
    for (auto& part : parts) part = -part;
  }
  return parts;
}

void MarkTakenBack(ReferralCredit& credit, std::string_view own_advocate_id,
                   const std::function<bool(const std::string& referral_id)>& rejected) {
  for (auto& share : credit.shares) {
    if (share.advocate_id == own_advocate_id) continue;
    bool counted = false;
    bool standing = false;
    for (const auto& touch : credit.touches) {
      if (touch.advocate_id != share.advocate_id) continue;
      counted = true;
      standing = standing || !rejected(touch.referral_id);
    }
    share.taken_back = counted && !standing;
  }
}

const CreditShare* ShareOf(const ReferralCredit& credit, std::string_view advocate_id) {
  for (const auto& share : credit.shares) {
    if (share.advocate_id == advocate_id) return &share;
  }
  return nullptr;
}

std::string SharedTriggerKey(std::string_view trigger_key, std::string_view advocate_id,
                             std::string_view own_advocate_id) {
  if (advocate_id == own_advocate_id) return std::string(trigger_key);
  return std::string(trigger_key) + "@" + std::string(advocate_id);
}

}  // namespace bb::domain

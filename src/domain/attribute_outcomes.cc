#include "domain/attribute_outcomes.h"

#include <algorithm>
#include <map>

#include "common/checked_math.h"

namespace bb::domain {
namespace {

constexpr std::int64_t kSecondsPerDay = 86'400;

struct Tally {
  OutcomeRow row;
  std::vector<std::int64_t> days_to_won;

  void Add(const OutcomeCase& c) {
    ++row.referrals;
    if (c.won_at) {
      ++row.won;
      const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(*c.won_at - c.submitted_at).count();
      days_to_won.push_back(std::max<std::int64_t>(seconds, 0) / kSecondsPerDay);  // an import's history may predate it
    } else if (c.lost) {
      ++row.lost;
    }
  }

  OutcomeRow Finish() {
    if (row.referrals > 0) {
      row.win_rate_bp = static_cast<std::int64_t>(RoundedQuotient(Int128{row.won} * 10'000, row.referrals));
    }
    if (!days_to_won.empty()) {
      std::sort(days_to_won.begin(), days_to_won.end());
      const std::size_t n = days_to_won.size();
      row.median_days_to_won = n % 2 == 1 ? days_to_won[n / 2] : (days_to_won[n / 2 - 1] + days_to_won[n / 2]) / 2;
    }
    return row;
  }
};

}  // namespace

OutcomeTable TallyOutcomes(const std::vector<OutcomeCase>& cases, const std::vector<std::string>& known_values) {
  std::map<std::string, Tally> others;
  std::vector<Tally> known(known_values.size());
  for (std::size_t i = 0; i < known.size(); ++i) known[i].row.value = known_values[i];
  Tally unknown;
  unknown.row.value = std::string(kUnknownValue);
  Tally total;
  total.row.value = "all";
  for (const auto& c : cases) {
    total.Add(c);
    if (c.value == kUnknownValue) {
      unknown.Add(c);
      continue;
    }
    auto it = std::find(known_values.begin(), known_values.end(), c.value);
    if (it != known_values.end()) {
      known[static_cast<std::size_t>(it - known_values.begin())].Add(c);
    } else {
      Tally& other = others[c.value];
      other.row.value = c.value;
      other.Add(c);
    }
  }
  OutcomeTable out;
  for (auto& tally : known) out.rows.push_back(tally.Finish());
  for (auto& [value, tally] : others) out.rows.push_back(tally.Finish());
  out.rows.push_back(unknown.Finish());
  out.total = total.Finish();
  return out;
}

}  // namespace bb::domain

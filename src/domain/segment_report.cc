#include "domain/segment_report.h"

#include <map>

namespace bb::domain {
namespace {

struct Tally {
  SegmentFigures figures;
  Sum128 revenue;
  Sum128 cost;
};

}  // namespace

Result<std::vector<SegmentFigures>> FiguresBySegment(const std::vector<ProgramSegment>& segments,
                                                     const SegmentCohortRows& rows) {
  std::vector<Tally> tallies;
  std::map<std::string, std::size_t, std::less<>> index;
  for (const auto& segment : segments) {
    index.emplace(segment.id, tallies.size());
    Tally tally;
    tally.figures.segment_id = segment.id;
    tally.figures.name = segment.name;
    tally.figures.active = segment.active;
    tallies.push_back(std::move(tally));
  }
  std::size_t none = tallies.size();
  tallies.emplace_back();
  // A segment the list does not know (it cannot be deleted, so only a race with its creation)
  // counts as no segment rather than being lost from the totals.
  auto of = [&](const std::string& segment_id) -> Tally& {
    auto found = index.find(segment_id);
    return tallies[found == index.end() ? none : found->second];
  };
  for (const auto& row : rows.outcomes) {
    SegmentFigures& f = of(row.segment_id).figures;
    f.referrals += row.count;
    if (row.reached_qualified) f.qualified += row.count;
    // As the pipeline report: a win is clear; a held win is still open.
    if (row.stage == ReferralStage::kWon && row.clear) {
      f.won += row.count;
    } else if (row.stage == ReferralStage::kLost) {
      f.lost += row.count;
    } else if (row.stage == ReferralStage::kRejected) {
      f.rejected += row.count;
    } else {
      f.open += row.count;
    }
  }
  for (const auto& row : rows.advocates) of(row.segment_id).figures.referring_advocates += row.count;
  for (const auto& row : rows.revenue) of(row.segment_id).revenue.Add(row.minor);
  for (const auto& row : rows.reward_cost) of(row.segment_id).cost.Add(row.minor);
  std::vector<SegmentFigures> out;
  for (auto& tally : tallies) {
    SegmentFigures& f = tally.figures;
    std::string name = f.segment_id.empty() ? "none" : f.segment_id;
    BB_ASSIGN_OR_RETURN(f.revenue_minor, tally.revenue.As("segments[" + name + "].revenue_minor"));
    BB_ASSIGN_OR_RETURN(f.reward_cost_minor, tally.cost.As("segments[" + name + "].reward_cost_minor"));
    if (f.won + f.lost > 0) {
      f.win_rate_bp = static_cast<std::int64_t>(RoundedQuotient(Int128(f.won) * 10'000, f.won + f.lost));
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace bb::domain

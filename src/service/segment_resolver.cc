#include "service/segment_resolver.h"

#include "service/points_ledger.h"

namespace bb::service {

Result<std::optional<domain::ProgramSegment>> SegmentOf(store::Queries& q, const domain::Advocate& advocate) {
  BB_ASSIGN_OR_RETURN(auto segments, q.ListSegments(advocate.program_id, false));
  if (segments.empty()) return std::optional<domain::ProgramSegment>();
  std::int64_t lifetime = 0;
  std::vector<domain::PointsLevel> levels;
  if (domain::NeedsLevel(segments)) {
    BB_ASSIGN_OR_RETURN(auto settings, PointsSettingsOf(q, advocate.program_id));
    BB_ASSIGN_OR_RETURN(lifetime, q.LifetimePoints(advocate.program_id, advocate.id));
    levels = std::move(settings.levels);
  }
  const domain::ProgramSegment* match = domain::FirstMatch(segments, advocate.Profile(), lifetime, levels);
  if (!match) return std::optional<domain::ProgramSegment>();
  return std::optional<domain::ProgramSegment>(*match);
}

}  // namespace bb::service

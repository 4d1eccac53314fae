#include "domain/referral_stage.h"

#include <array>
#include <string>

namespace bb::domain {
namespace {

constexpr std::array<std::string_view, 6> kNames = {"submitted", "qualified", "opportunity", "won", "lost", "rejected"};

// Position along the way to a win; lost and rejected close the pipeline from anywhere.
int Rank(ReferralStage stage) { return static_cast<int>(stage); }

}  // namespace

std::string_view ToString(ReferralStage stage) { return kNames[static_cast<std::size_t>(stage)]; }

std::optional<ReferralStage> ParseReferralStage(std::string_view text) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == text) return static_cast<ReferralStage>(i);
  }
  return std::nullopt;
}

bool IsClosed(ReferralStage stage) {
  return stage == ReferralStage::kWon || stage == ReferralStage::kLost || stage == ReferralStage::kRejected;
}

Result<std::vector<ReferralStage>> PlanStageMove(ReferralStage from, ReferralStage to, bool uses_opportunity,
                                                 bool under_review) {
  if (to == ReferralStage::kOpportunity && !uses_opportunity) {
    return Error::InvalidField("stage", "this program skips the opportunity stage");
  }
  if (from == to) return std::vector<ReferralStage>{};
  if (under_review && to == ReferralStage::kRejected) return std::vector<ReferralStage>{to};
  if (IsClosed(from)) {
    return Error(ErrorCode::kConflict, "The referral is closed (" + std::string(ToString(from)) +
                                           "); it cannot move to " + std::string(ToString(to)) + ".");
  }
  if (to == ReferralStage::kLost || to == ReferralStage::kRejected || Rank(to) < Rank(from)) {
    return std::vector<ReferralStage>{to};
  }
  std::vector<ReferralStage> reached;
  for (int rank = Rank(from) + 1; rank <= Rank(to); ++rank) {
    auto stage = static_cast<ReferralStage>(rank);
    if (stage == ReferralStage::kOpportunity && !uses_opportunity) continue;
    reached.push_back(stage);
  }
  return reached;
}

}  // namespace bb::domain

#include "domain/crm_score.h"

namespace bb::domain {

CrmScore CrmScoreOf(const LeadScore& score) {
  // Half away from zero without overflow: the quotient, then the remainder decides.
  std::int64_t points = score.total / 100;
  std::int64_t rest = score.total % 100;
  if (rest >= 50) ++points;
  if (rest <= -50) --points;
  return CrmScore{points, score.grade};
}

}  // namespace bb::domain

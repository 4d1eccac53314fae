#pragma once
// The lead scores a CRM connector writes (domain/crm_score.h): a referral's score as of one
// instant under its program's latest model, read inside a read or write the caller opened.
//
// Thread-safety: one scorer per transaction (it caches each program's model).

#include <map>
#include <string>

#include "common/clock.h"
#include "common/result.h"
#include "domain/crm_score.h"
#include "domain/referral.h"
#include "domain/score_model.h"
#include "store/store.h"

namespace bb::service {

class CrmScorer {
 public:
  CrmScorer(store::Queries& q, Timestamp as_of) : q_(q), as_of_(as_of) {}

  // The referral's person's events up to as_of (reported and derived) and its buying committee as
  // recorded by then, scored under the program's latest model (or the default one). Fails only when
  // storage does.
  Result<domain::CrmScore> Of(const domain::Referral& referral);

 private:
  store::Queries& q_;
  Timestamp as_of_;
  std::map<std::string, domain::ScoreModel, std::less<>> models_;
};

}  // namespace bb::service

#pragma once
// "What would this referral earn?": the program's active rules (and, optionally, a draft rule not
// saved yet) evaluated as the ledger would on a referral that went from submission to a stage,
// with a deal value, a channel and a product, for one of the program's advocates or for any.
// Read-only: nothing is written, and no reward exists yet for the imagined referral, so each
// rule's uniqueness key is free; caps count the advocate's real rewards. Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/access.h"
#include "domain/referral_stage.h"
#include "domain/reward_evaluation.h"
#include "domain/reward_rule.h"
#include "store/store.h"

namespace bb::service {

struct PreviewReferral {
  domain::ReferralStage stage = domain::ReferralStage::kSubmitted;  // where the referral has got to
  std::optional<std::int64_t> deal_value_minor;
  std::string channel = "direct";
  std::string product;
  std::string advocate_id;  // "" for an advocate with no attributes, tags, wins or rewards yet
  // The buying roles its committee holds between its members (committee conditions read them); none:
  // the referee alone, without role.
  std::vector<domain::BuyingRole> committee_roles;
};

struct PreviewOutcome {
  std::string rule_id;  // "" for the draft
  std::string rule_name;
  std::optional<domain::Reward> reward;  // what would be created
  std::string withheld;                  // or why not
};

class RewardPreview {
 public:
  RewardPreview(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Admins and managers (they write rules). kNotFound for an unknown program or an advocate of
  // another program (field "referral.advocate_id"); kInvalidArgument naming "referral.stage" for a
  // stage the program cannot reach (opportunity when it skips it; lost or rejected earn nothing
  // to preview) and "rule.<field>" for a bad draft.
  Result<std::vector<PreviewOutcome>> Evaluate(const domain::Actor& actor, std::string_view program_id,
                                               const PreviewReferral& referral,
                                               std::optional<domain::RewardRule> draft);

 private:
  store::Store& store_;
  const Clock& clock_;
};

}  // namespace bb::service

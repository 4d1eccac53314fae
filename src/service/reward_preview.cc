#include "service/reward_preview.h"

#include "domain/referral.h"

namespace bb::service {

using domain::ReferralStage;

Result<std::vector<PreviewOutcome>> RewardPreview::Evaluate(const domain::Actor& actor, std::string_view program_id,
                                                            const PreviewReferral& input,
                                                            std::optional<domain::RewardRule> draft) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, domain::Action::kManageRewards));
  if (input.stage == ReferralStage::kLost || input.stage == ReferralStage::kRejected) {
    return Error::InvalidField("referral.stage",
                               "must be submitted, qualified, opportunity or won: a closed "
                               "referral earns nothing");
  }
  if (draft) {
    Status checked = domain::CheckRewardRule(*draft);
    if (!checked.ok()) {
      std::vector<FieldError> fields;
      for (const auto& field : checked.error().fields()) fields.push_back({"rule." + field.field, field.message});
      return Error(ErrorCode::kInvalidArgument, "The draft rule is not valid.", std::move(fields));
    }
  }
  Timestamp now = clock_.Now();
  std::vector<PreviewOutcome> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return Error::NotFound("No program with this id.");
    domain::Referral referral;
    referral.program_id = program->id;
    referral.stage = input.stage;
    referral.deal_value_minor = input.deal_value_minor;
    referral.channel = input.channel;
    referral.product = input.product;
    referral.review_status = domain::ReviewStatus::kClear;
    std::int64_t won_before = 0;
    if (!input.advocate_id.empty()) {
      BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(input.advocate_id));
      if (!advocate || advocate->program_id != program->id) {
        return Error(ErrorCode::kNotFound, "No advocate with this id in the program.",
                     {{"referral.advocate_id", "is not an advocate of this program"}});
      }
      referral.advocate_id = advocate->id;
      referral.advocate_profile = advocate->Profile();
      BB_ASSIGN_OR_RETURN(won_before, q.CountWonClearReferrals(advocate->id));
    }
    // The journey from submission to the stage: every stage a referral passes on the way.
    std::vector<ReferralStage> reached{ReferralStage::kSubmitted};
    if (input.stage != ReferralStage::kSubmitted) {
      auto plan =
          domain::PlanStageMove(ReferralStage::kSubmitted, input.stage, program->referral_policy.uses_opportunity);
      if (!plan.ok()) {
        return Error::InvalidField("referral.stage", plan.error().fields().empty()
                                                         ? plan.error().message()
                                                         : plan.error().fields().front().message);
      }
      reached.insert(reached.end(), plan->begin(), plan->end());
    }
    BB_ASSIGN_OR_RETURN(auto rules, q.ListRewardRules(program->id));
    if (draft) {
      draft->program_id = program->id;
      draft->created_at = now;
      rules.push_back(*draft);
    }
    domain::EvaluationInput evaluation{&referral, reached, won_before + (input.stage == ReferralStage::kWon ? 1 : 0),
                                       now, program->currency};
    domain::BuyingCommittee committee;  // one member holding the roles asked for
    if (!input.committee_roles.empty()) {
      committee.members.push_back(domain::CommitteeMember{});
      committee.members.front().roles = input.committee_roles;
      evaluation.committee = &committee;
    }
    domain::LedgerLookups ledger{[](const domain::RewardRule&, const domain::Reward&) -> Result<bool> { return false; },
                                 [&](const domain::RewardRule& rule, std::string_view advocate_id,
                                     const domain::PeriodBounds& period) -> Result<domain::CapUsage> {
                                   if (advocate_id.empty() || rule.id.empty()) return domain::CapUsage{};
                                   return q.GetRewardUsage(rule.id, advocate_id, period.start, period.end);
                                 }};
    BB_ASSIGN_OR_RETURN(auto outcomes, domain::EvaluateRewards(rules, evaluation, ledger));
    for (auto& outcome : outcomes) {
      std::string name;
      for (const auto& rule : rules) {
        if (rule.id == outcome.rule_id) name = rule.name;
      }
      out.push_back({outcome.rule_id, name, std::move(outcome.reward), std::move(outcome.withheld)});
    }
    return Ok();
  }));
  return out;
}

}  // namespace bb::service

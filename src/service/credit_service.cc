#include "service/credit_service.h"

#include <vector>

#include "service/audit_trail.h"
#include "service/reader_scope.h"

namespace bb::service {
namespace {

using domain::Action;

constexpr std::string_view kNoProgram = "No program with this id.";
constexpr std::string_view kArchived = "The program is archived: its credit policy takes no changes.";

// The audited fields of a policy, in a fixed order.
domain::AuditFields FieldsOf(const domain::CreditPolicy& p) {
  domain::AuditFields fields{{"split", domain::AuditValue(std::string(domain::ToString(p.split)))},
                             {"lead_share_bp", domain::AuditValue(p.lead_share_bp)},
                             {"unroled_weight", domain::AuditValue(p.unroled_weight)},
                             {"account_window_days", domain::AuditValue(p.account_window_days)},
                             {"account_credit", domain::AuditValue(p.account_credit)}};
  for (const auto& [role, weight] : p.role_weights) {
    fields.emplace_back("role_weights." + std::string(domain::ToString(role)), domain::AuditValue(weight));
  }
  return fields;
}

bool SamePolicy(const domain::CreditPolicy& a, const domain::CreditPolicy& b) {
  return a.split == b.split && a.lead_share_bp == b.lead_share_bp && a.role_weights == b.role_weights &&
         a.unroled_weight == b.unroled_weight && a.account_window_days == b.account_window_days &&
         a.account_credit == b.account_credit;
}

Result<CreditPolicyView> ViewOf(store::Queries& q, std::string_view program_id) {
  BB_ASSIGN_OR_RETURN(auto record, q.FindCreditPolicy(program_id));
  CreditPolicyView view{std::string(program_id), DefaultCreditPolicy(), std::nullopt, ""};
  if (record) {
    view.policy = std::move(record->policy);
    view.updated_at = record->updated_at;
    view.updated_by = std::move(record->updated_by);
  }
  return view;
}

}  // namespace

domain::CreditPolicy DefaultCreditPolicy() {
  domain::CreditPolicy policy;
  policy.role_weights = domain::DefaultRoleWeights();
  return policy;
}

Result<CreditPolicyView> CreditService::GetPolicy(const domain::Actor& actor, std::string_view program_id) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  CreditPolicyView out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
    if (!program) return Error::NotFound(std::string(kNoProgram));
    BB_ASSIGN_OR_RETURN(out, ViewOf(q, program_id));
    return Ok();
  }));
  return out;
}

Result<CreditPolicyChange> CreditService::PutPolicy(const domain::Actor& actor, std::string_view program_id,
                                                    const domain::CreditPolicy& policy) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  BB_RETURN_IF_ERROR(domain::CheckCreditPolicy(policy));
  CreditPolicyChange out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    out = CreditPolicyChange{};
    BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(program_id));
    if (!program) return Error::NotFound(std::string(kNoProgram));
    if (program->status == domain::ProgramStatus::kArchived) return Error::Conflict(std::string(kArchived));
    BB_ASSIGN_OR_RETURN(out.view, ViewOf(tx, program_id));
    if (SamePolicy(out.view.policy, policy)) return Ok();  // the defaults, when never set
    const Timestamp now = clock_.Now();
    const auto before = FieldsOf(out.view.policy);
    BB_RETURN_IF_ERROR(tx.PutCreditPolicy({std::string(program_id), policy, now, actor.id}));
    out.view = {std::string(program_id), policy, now, actor.id};
    out.changed = true;
    return RecordAudit(tx, ids_, actor, now, "program.credit_policy_changed", program_id,
                       domain::DiffFields(before, FieldsOf(policy)));
  }));
  return out;
}

Result<std::optional<domain::ReferralCredit>> CreditService::GetReferralCredit(const domain::Actor& actor,
                                                                               std::string_view referral_id) {
  std::optional<domain::ReferralCredit> out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(StatusOf(ReferralFor(q, actor, Action::kReadReferrals, referral_id)));
    BB_ASSIGN_OR_RETURN(out, q.FindReferralCredit(referral_id));
    return Ok();
  }));
  return out;
}

}  // namespace bb::service

// The audit trail in words: each kind of event (docs/api.md, "Audit trail"), grouped by what it
// acts on; where an object's console page is; a changed value as a person reads it.
import type { AuditValue } from "../models";
import { dateTime } from "../format";

export const auditKinds: { group: string; kinds: [string, string][] }[] = [
  {
    group: "Users",
    kinds: [
      ["user.created", "User added"],
      ["user.updated", "User changed"],
      ["user.password_reset_issued", "Password reset link issued"],
      ["user.password_reset", "Password reset with a link"],
      ["user.password_set", "Password set at the command line"],
    ],
  },
  {
    group: "API keys",
    kinds: [
      ["api_key.created", "API key created"],
      ["api_key.revoked", "API key revoked"],
    ],
  },
  {
    group: "Programs",
    kinds: [
      ["program.created", "Program created"],
      ["program.updated", "Program changed"],
      ["program.paused", "Program paused"],
      ["program.resumed", "Program resumed"],
      ["program.archived", "Program archived"],
      ["program.month_set", "Monthly figures entered"],
      ["program.month_deleted", "Monthly figures deleted"],
      ["reward_rule.created", "Reward rule created"],
      ["reward_rule.retired", "Reward rule retired"],
    ],
  },
  {
    group: "Advocates",
    kinds: [
      ["advocate.enrolled", "Advocate enrolled"],
      ["advocate.updated", "Advocate changed"],
      ["advocate.deactivated", "Advocate deactivated"],
      ["advocate.sign_in_link_issued", "Portal sign-in link issued"],
    ],
  },
  {
    group: "Referrals",
    kinds: [
      ["referral.submitted", "Referral submitted"],
      ["referral.stage_moved", "Referral moved to another stage"],
      ["referral.cleared", "Referral cleared in review"],
      ["referral.rejected", "Referral rejected in review"],
      ["referral.churn_recorded", "Churn recorded"],
      ["referral.deal_value_corrected", "Deal value corrected"],
      ["referral.account_won", "Referral won through its account"],
    ],
  },
  {
    group: "Relationship intelligence",
    kinds: [
      ["lifecycle.settings_changed", "Lifecycle stages changed"],
      ["lifecycle.moved", "Person moved to a lifecycle stage"],
      ["score_model.published", "Lead score model published"],
      ["value_settings.published", "Customer value settings published"],
      ["advocate.customer_inputs_recorded", "Advocate's customer figures recorded"],
      ["advocate.value_entry_recorded", "Influence or knowledge value recorded"],
      ["referral.incrementality_answered", "Answer on joining anyway recorded"],
      ["referral.committee_recorded", "Buying committee recorded"],
      ["referral.committee_personality_erased", "Personality erased from a buying committee"],
    ],
  },
  {
    group: "Rewards",
    kinds: [
      ["reward.approved", "Reward approved"],
      ["reward.fulfilled", "Reward paid"],
      ["reward.reversed", "Reward reversed"],
      ["reward.reissued", "Reward reissued"],
      ["reward.adjusted", "Reward adjusted"],
      ["reward.granted", "Reward granted at a corrected value"],
    ],
  },
  {
    group: "Webhooks and email",
    kinds: [
      ["webhook_endpoint.created", "Webhook endpoint added"],
      ["webhook_endpoint.updated", "Webhook endpoint changed"],
      ["webhook_endpoint.deleted", "Webhook endpoint deleted"],
      ["webhook_endpoint.secret_rotated", "Webhook secret rotated"],
      ["webhook_endpoint.disabled", "Webhook endpoint disabled by its receiver"],
      ["outbox_item.replayed", "Outbox item replayed"],
      ["suppression.added", "Address suppressed"],
      ["suppression.removed", "Address no longer suppressed"],
    ],
  },
];

const kindWords = new Map(auditKinds.flatMap((g) => g.kinds));

// "user.updated" → "User changed"; a kind this page does not know yet is shown as it is.
export function kindName(kind: string): string {
  return kindWords.get(kind) ?? kind;
}

// The console page of an object, when it has one, by its id's prefix.
export function objectHref(id: string): string | undefined {
  if (id.startsWith("prg_")) return `/console/programs/${id}`;
  if (id.startsWith("adv_")) return `/console/advocates/${id}`;
  if (id.startsWith("ref_")) return `/console/referrals/${id}`;
  if (id.startsWith("rwd_")) return "/console/rewards";
  if (id.startsWith("usr_")) return "/console/users";
  if (id.startsWith("whe_")) return `/console/webhooks/${id}`;
  if (id.startsWith("obx_")) return "/console/outbox";
  if (id.startsWith("sup_")) return "/console/suppressions";
  return undefined;
}

const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

// null (no value: before a creation, or cleared) as "—"; times in the reader's locale.
export function auditValue(value: AuditValue): string {
  if (value === null || value === "") return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string" && timestamp.test(value)) return dateTime(value);
  return String(value);
}

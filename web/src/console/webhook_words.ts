// Webhooks and the outbox in words: the event types an endpoint may subscribe to (docs/api.md,
// "Events"), and what each state of an outbox item means.
import { label } from "../format";
import type { OutboxState } from "../models";

export const webhookEvents: [string, string][] = [
  ["advocate.enrolled", "an advocate is enrolled"],
  ["advocate.updated", "an advocate's fields change, or the advocate is deactivated"],
  ["referral.created", "a referral is submitted, whichever way"],
  ["referral.review_changed", "a referral held for review is cleared or rejected"],
  ["referral.stage_changed", "a referral moves along the pipeline"],
  ["reward.created", "a reward enters the ledger"],
  ["reward.approved", "a pending reward is approved"],
  ["reward.fulfilled", "an approved reward is paid"],
  ["reward.reversed", "a reward is reversed"],
  ["campaign.completed", "reserved for invitation campaigns: nothing sends it yet"],
];

export const outboxStates: { value: OutboxState; label: string }[] = [
  { value: "pending", label: "Pending (waiting for an attempt)" },
  { value: "delivered", label: "Delivered" },
  { value: "dead", label: "Dead (given up)" },
];

// An email's kind in words, from its event type ("portal.sign_in_link" → "Sign in link").
export function emailKind(type: string): string {
  return label(type.slice(type.lastIndexOf(".") + 1));
}

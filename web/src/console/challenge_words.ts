// The console's words for challenges: the step types and share channels to choose from, where a
// challenge stands (from its dates and whether it is retired), its dates, audience and limits, and
// where a completion stands.
import { dateTime } from "../format";
import type { Challenge, ChallengeStepType, CompletionStatus, ShareChannel } from "../models";
import { points } from "../ui/points";

export const stepTypes: { value: ChallengeStepType; label: string }[] = [
  { value: "share_link", label: "Share their link (done when someone follows it)" },
  { value: "submit_referral", label: "Refer someone (done when the referral is submitted)" },
  { value: "referral_qualified", label: "Get a referral qualified (done by itself)" },
  { value: "referral_won", label: "Bring in a customer (done when a referral is won)" },
  { value: "answer_survey", label: "Answer the NPS survey (done by itself)" },
  { value: "write_review", label: "Write a review (they send its link; staff approve)" },
  { value: "attend_event", label: "Attend an event (they tell you; staff approve)" },
  { value: "custom", label: "A task of your own (they say what they did; staff approve)" },
];

export const shareChannels: { value: ShareChannel; label: string }[] = [
  { value: "", label: "Any channel" },
  { value: "email", label: "Email" },
  { value: "linkedin", label: "LinkedIn" },
  { value: "x", label: "X" },
  { value: "facebook", label: "Facebook" },
  { value: "whatsapp", label: "WhatsApp" },
  { value: "sms", label: "SMS" },
];

export type ChallengeState = "open" | "scheduled" | "ended" | "retired";

// Where `c` stands at `now` (ms since the epoch): retired, not started, past its end, or open.
export function challengeState(c: Challenge, now: number): ChallengeState {
  if (!c.active) return "retired";
  if (Date.parse(c.starts_at) > now) return "scheduled";
  if (c.ends_at && Date.parse(c.ends_at) <= now) return "ended";
  return "open";
}

// Each state as a badge: its colour (a badge class) and its words.
export const stateBadges: Record<ChallengeState, { value: string; text: string }> = {
  open: { value: "active", text: "Open" },
  scheduled: { value: "scheduled", text: "Scheduled" },
  ended: { value: "closed", text: "Ended" },
  retired: { value: "retired", text: "Retired" },
};

export function datesInWords(c: Challenge): string {
  return `From ${dateTime(c.starts_at)} ${c.ends_at ? `until ${dateTime(c.ends_at)}` : "with no end"}`;
}

export function audienceInWords(c: Challenge): string {
  return c.tags.length === 0 ? "Everyone" : `Tagged ${c.tags.join(", ")}`;
}

export function limitsInWords(c: Challenge): string {
  const each = `${points(c.per_member_limit)} per advocate`;
  return c.total_limit === null ? `${each}; no overall limit` : `${each}; ${points(c.total_limit)} in all`;
}

export const completionStatuses: { value: CompletionStatus; label: string }[] = [
  { value: "pending", label: "Waiting for approval" },
  { value: "approved", label: "Approved" },
  { value: "rejected", label: "Rejected" },
  { value: "reversed", label: "Reversed" },
];

export function completionStatusInWords(status: CompletionStatus): string {
  return completionStatuses.find((s) => s.value === status)?.label ?? status;
}

// An RFC 3339 time as a datetime-local value in the reader's time zone ("2026-12-03T09:00").
export function localOf(iso: string | null): string {
  if (!iso) return "";
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

// How a ledger entry reads: its kind (a rule's grant, the reissue or adjustment a deal value
// correction made, or what a catalogue redemption pays) and its amount, a negative adjustment shown
// with its minus sign as owed back.
import { money } from "../format";
import type { Reward, RewardEntry } from "../models";

// The kinds of entry, as the ledger's filter offers them.
export const entryKinds: { value: RewardEntry; label: string }[] = [
  { value: "grant", label: "Grant" },
  { value: "reissue", label: "Reissue" },
  { value: "adjustment", label: "Adjustment" },
  { value: "redemption", label: "Catalogue redemption" },
];

export function entryName(reward: Pick<Reward, "entry" | "correction">): string {
  if (reward.entry === "reissue") return `Reissue (correction ${reward.correction})`;
  if (reward.entry === "adjustment") return `Adjustment (correction ${reward.correction})`;
  if (reward.entry === "redemption") return "Catalogue redemption";
  return "Grant";
}

export function RewardAmount({ reward }: { reward: Pick<Reward, "amount_minor" | "currency"> }) {
  if (reward.amount_minor >= 0) return <>{money(reward.amount_minor, reward.currency)}</>;
  return (
    <span class="amount-negative">
      {money(reward.amount_minor, reward.currency)} <span class="owed">owed back</span>
    </span>
  );
}

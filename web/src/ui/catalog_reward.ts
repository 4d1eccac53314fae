// What a catalogue item (or a redemption of it) pays into the reward ledger, in words: staff's
// ("Pays $25.00 gift card") and the advocate's ("You get a $25.00 gift card"), the amount in the
// reader's locale.
import { money } from "../format";
import type { CatalogReward, CatalogRewardKind } from "../models";

// The kinds an item may pay (never points: points are what buys the item), as staff read them.
export const catalogRewardKinds: { value: CatalogRewardKind; label: string }[] = [
  { value: "cash", label: "Cash" },
  { value: "credit", label: "Credit" },
  { value: "gift_card", label: "Gift card" },
  { value: "custom", label: "Custom reward" },
];

function kindInWords(kind: CatalogRewardKind): string {
  return (catalogRewardKinds.find((k) => k.value === kind)?.label ?? kind).toLowerCase();
}

export function paysInWords(reward: CatalogReward): string {
  return `Pays ${money(reward.amount_minor, reward.currency)} ${kindInWords(reward.kind)}`;
}

export function youGetInWords(reward: CatalogReward): string {
  const amount = money(reward.amount_minor, reward.currency);
  switch (reward.kind) {
    case "cash":
      return `You get ${amount} in cash`;
    case "credit":
      return `You get ${amount} in credit`;
    case "gift_card":
      return `You get a ${amount} gift card`;
    default:
      return `You get a reward worth ${amount}`;
  }
}

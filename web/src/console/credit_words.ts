// Split credit in words: the splits a program may choose, its policy as a sentence, a recorded
// credit's split, deal and shares (basis points as percentages with two decimals).
import type { CreditPolicy, CreditSplit } from "../models";
import { buyingRoles } from "./committee_words";

export const creditSplits: { value: CreditSplit; label: string }[] = [
  { value: "none", label: "Not split" },
  { value: "equal", label: "Equal shares" },
  { value: "first_weighted", label: "First touch weighted" },
  { value: "last_weighted", label: "Last touch weighted" },
  { value: "by_role", label: "By buying role" },
];

// Whether the split gives the first or last toucher a lead share (lead_share_bp).
export const weighted = (split: string) => split === "first_weighted" || split === "last_weighted";

// 6000 → "60.00%".
export const shareWords = (bp: number) => `${(bp / 100).toFixed(2)}%`;

// What a split does, without the policy's numbers (a recorded credit's split).
export function splitWords(split: CreditSplit): string {
  switch (split) {
    case "none":
      return "Not split: the referral's advocate is paid.";
    case "equal":
      return "Equal shares among the advocates who touched a won deal.";
    case "first_weighted":
      return "The first advocate to touch a won deal gets the lead share; the others divide the rest equally.";
    case "last_weighted":
      return "The last advocate to touch a won deal gets the lead share; the others divide the rest equally.";
    case "by_role":
      return "In proportion to the buying roles of the people each advocate brought to the deal's committee.";
  }
}

// The whole policy as sentences, with its numbers.
export function policyWords(p: CreditPolicy): string[] {
  const accountCredit = p.account_credit
    ? [
        `Account-level credit: when a referral is won, the open referrals of the same account (the same CRM deal, or the same business email domain within ${p.account_window_days} days) count as won too, with no deal value or reward of their own.`,
      ]
    : [];
  if (p.split === "none") return [splitWords("none"), ...accountCredit];
  const words: string[] = [];
  if (weighted(p.split)) {
    const who = p.split === "first_weighted" ? "first" : "last";
    words.push(
      `The ${who} advocate to touch a won deal gets ${shareWords(p.lead_share_bp)}; ` +
        `the others divide the remaining ${shareWords(10000 - p.lead_share_bp)} equally.`,
    );
  } else if (p.split === "by_role") {
    const weights = buyingRoles.map((r) => `${r.name.toLowerCase()} ${p.role_weights[r.value]}`).join(", ");
    words.push(`${splitWords("by_role")} Weights: ${weights}; a member without a role ${p.unroled_weight}.`);
  } else {
    words.push(splitWords(p.split));
  }
  words.push(
    p.account_window_days > 0
      ? `Advocates of referrals to the same business email domain submitted within ${p.account_window_days} days before the win also share.`
      : "Referrals to the same business email domain do not share (account window off).",
  );
  return [...words, ...accountCredit];
}

// "deal:OPP-1" → "CRM deal OPP-1"; "referral:<id>" → "this referral's deal (no CRM deal id)".
export function dealWords(dealKey: string): string {
  return dealKey.startsWith("deal:")
    ? `CRM deal ${dealKey.slice("deal:".length)}`
    : "this referral's deal (no CRM deal id)";
}

// Buying committees in words (docs/api.md, "Buying committees"): the roles a member may hold on a
// deal, the four buying influences of Strategic Selling (coach and champion are one), the reserved
// attributes' values (DISC factors, seniority), and the attributes the outcomes report groups by.
import type { BuyingInfluence, BuyingRole, OutcomeAttribute } from "../models";

export const buyingRoles: { value: BuyingRole; name: string }[] = [
  { value: "economic_buyer", name: "Economic buyer" },
  { value: "user_buyer", name: "User buyer" },
  { value: "technical_buyer", name: "Technical buyer" },
  { value: "coach", name: "Coach" },
  { value: "champion", name: "Champion" },
  { value: "decision_maker", name: "Decision maker" },
  { value: "influencer", name: "Influencer" },
  { value: "executive_sponsor", name: "Executive sponsor" },
  { value: "evaluator", name: "Evaluator" },
  { value: "other", name: "Other" },
];

export function roleName(role: string): string {
  return buyingRoles.find((r) => r.value === role)?.name ?? role;
}

const influenceNames: Record<BuyingInfluence, string> = {
  economic_buyer: "the economic buyer, who releases the money",
  user_buyer: "a user buyer, who will work with it",
  technical_buyer: "a technical buyer, who can say no",
  coach: "a coach or champion, who wants the sale to happen",
};

export function coverageWords(covered: number): string {
  return `${covered} of 4 buying influences covered`;
}

// "Missing: a user buyer, who will work with it." — the influences nobody on the committee holds.
export function missingWords(missing: BuyingInfluence[]): string {
  const names = missing.map((m) => influenceNames[m]);
  const list = names.length > 1 ? `${names.slice(0, -1).join("; ")}; and ${names[names.length - 1]}` : names[0];
  return `Missing: ${list}.`;
}

export const discFactors = [
  { value: "D", label: "D — Dominance" },
  { value: "I", label: "I — Influence" },
  { value: "S", label: "S — Steadiness" },
  { value: "C", label: "C — Conscientiousness" },
];

export const seniorities = [
  { value: "c_level", label: "C-level" },
  { value: "vp", label: "Vice president" },
  { value: "director", label: "Director" },
  { value: "manager", label: "Manager" },
  { value: "individual", label: "Individual contributor" },
];

export function seniorityName(value: string): string {
  return seniorities.find((s) => s.value === value)?.label ?? value;
}

// The attributes the outcomes report groups a program's referrals by; `column` heads its values.
export const outcomeAttributes: { value: OutcomeAttribute; label: string; column: string }[] = [
  { value: "roles_covered", label: "Buying influences the committee covers", column: "Buying influences covered" },
  { value: "disc_primary", label: "The primary contact's DISC style", column: "Primary contact's DISC style" },
  { value: "seniority", label: "The primary contact's seniority", column: "Primary contact's seniority" },
  { value: "buying_style", label: "The primary contact's buying style", column: "Primary contact's buying style" },
  { value: "advocate.disc_primary", label: "The advocate's DISC style when they referred", column: "Advocate's DISC style" },
  { value: "advocate.seniority", label: "The advocate's seniority when they referred", column: "Advocate's seniority" },
];

// A report row's value in words: "3 of 4", "D — Dominance", "C-level", a buying style as typed;
// "unknown" (no value, or one that is not valid) as "Unknown".
export function outcomeValueName(attribute: OutcomeAttribute, value: string): string {
  if (value === "unknown") return "Unknown";
  if (attribute === "roles_covered") return `${value} of 4`;
  if (attribute === "disc_primary" || attribute === "advocate.disc_primary") {
    return discFactors.find((f) => f.value === value)?.label ?? value;
  }
  if (attribute === "seniority" || attribute === "advocate.seniority") return seniorityName(value);
  return value;
}

// A win rate in basis points as a percentage with two decimals, as exact as the API's figure
// (4286 is "42.86%"); "—" for null (no referrals).
export function winRate(bp: number | null): string {
  if (bp === null) return "—";
  return `${(bp / 100).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;
}

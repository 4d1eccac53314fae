// Happiness ratings in the console's words: what was rated and how the report groups them.
import type { HappinessGrouping, RatingInteraction } from "../models";

const interactions: { value: RatingInteraction; label: string }[] = [
  { value: "email", label: "An email" },
  { value: "reward_paid", label: "A reward paid" },
  { value: "referral_handled", label: "A referral handled" },
  { value: "review_decision", label: "A review decision" },
];

export function interactionInWords(interaction: RatingInteraction): string {
  return interactions.find((i) => i.value === interaction)?.label ?? interaction;
}

export const groupings: { value: HappinessGrouping; label: string; column: string }[] = [
  { value: "staff", label: "Staff member", column: "Who was rated" },
  { value: "interaction", label: "Kind of interaction", column: "What was rated" },
  { value: "program", label: "Program", column: "Program" },
];

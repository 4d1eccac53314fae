// The console's words for segments: who a segment holds ("Attribute tier is gold or platinum · tag
// vip · NPS promoter · level Advocate or above"), which of its words and emails are its own, and the
// four words a segment may have, with their placeholders.
import type { NpsClass, ProgramWords, Segment } from "../models";
import { headlinePlaceholders, placeholders } from "../share_message";
import { emailKindName } from "./email_words";

export const npsClasses: { value: NpsClass; label: string }[] = [
  { value: "promoter", label: "Promoters (9–10)" },
  { value: "passive", label: "Passives (7–8)" },
  { value: "detractor", label: "Detractors (0–6)" },
];

// "a", "a or b", "a, b or c" (with `joint` for "and").
function list(items: string[], joint = "or"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${joint} ${items[items.length - 1]}`;
}

export const everyone = "Everyone (a catch-all: no filter)";

// The filter of `s` as a person reads it; every part must hold.
export function filterInWords(s: Pick<Segment, "attributes" | "tags" | "nps_classes" | "min_level">): string {
  const parts: string[] = [];
  for (const [key, values] of Object.entries(s.attributes)) parts.push(`Attribute ${key} is ${list(values)}`);
  if (s.tags.length > 0) parts.push(`${s.tags.length === 1 ? "tag" : "tags"} ${list(s.tags, "and")}`);
  if (s.nps_classes.length > 0) parts.push(`NPS ${list(s.nps_classes)}`);
  if (s.min_level) parts.push(`level ${s.min_level} or above`);
  if (parts.length === 0) return everyone;
  const text = parts.join(" · ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export type WordName = keyof ProgramWords;

// The four words, in the order the forms show them.
export const wordFields: {
  name: WordName;
  label: string; // the field's label
  what: string; // in a sentence: "the share message"
  multiline: boolean;
  placeholders: string[];
  where: string;
}[] = [
  {
    name: "share_message",
    label: "Share message",
    what: "share message",
    multiline: true,
    placeholders,
    where: "The message the segment's advocates start from when they share.",
  },
  {
    name: "portal_headline",
    label: "Portal headline",
    what: "portal headline",
    multiline: false,
    placeholders: headlinePlaceholders,
    where: "One line under the greeting in their portal.",
  },
  {
    name: "landing_headline",
    label: "Landing page headline",
    what: "landing headline",
    multiline: false,
    placeholders: headlinePlaceholders,
    where: "One line, the title of the landing page their link leads to; the first name is the advocate's who referred.",
  },
  {
    name: "landing_intro",
    label: "Landing page introduction",
    what: "landing introduction",
    multiline: true,
    placeholders: headlinePlaceholders,
    where: "What that landing page says above its form; the first name is the advocate's who referred.",
  },
];

// Which of the segment's words and emails are its own, in words; "" when none are.
export function ownInWords(s: Segment): string {
  const words = wordFields.filter((w) => s[w.name].trim() !== "").map((w) => w.what);
  const emails = s.own_emails.map((k) => emailKindName(k));
  const parts = [];
  if (words.length > 0) parts.push(list(words, "and"));
  if (emails.length > 0) parts.push(`${emails.length === 1 ? "email" : "emails"}: ${list(emails, "and")}`);
  const text = parts.join("; ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Customer value in words: the quadrants (Kumar, Petersen & Leone, HBR 2007) with what each calls
// for, the figures' names as the columns say them, and the money and percentages of its forms typed
// as people type them (an amount may be negative where the API takes one: a correction, a threshold).
import { basisPoints, money, parseMoney, parseScaled } from "../format";
import type { ValueBasis, ValueQuadrant } from "../models";
import { checkAmount, type Values } from "../ui/form";

export const quadrants: { value: ValueQuadrant; name: string; action: string }[] = [
  { value: "champion", name: "Champions", action: "They buy a lot and bring customers: keep them close and reward both." },
  { value: "affluent", name: "Affluents", action: "They buy a lot but seldom refer: offer them referral incentives." },
  { value: "advocate", name: "Advocates", action: "They bring customers but buy little: offer them purchase incentives." },
  { value: "miser", name: "Misers", action: "They do neither yet: try both kinds of incentive." },
];

export function quadrantName(quadrant: string): string {
  return quadrants.find((q) => q.value === quadrant)?.name ?? quadrant;
}

export const figureNames = {
  clv: "CLV — their own purchases' lifetime value less marketing cost",
  crv: "CRV — referred customers' value less rewards",
  civ: "CIV — influence (references, reviews, case studies)",
  ckv: "CKV — knowledge (feedback, betas)",
  cev: "CEV — the four added up",
};

// What the lines of a valuation are, in the singular and the plural.
export function unitNames(basis: ValueBasis): [string, string] {
  return basis.unit === "account" ? ["account", "accounts"] : ["advocate", "advocates"];
}

// An account's CLV is the company's, counted once however many of its people advocate.
export const accountFigureNames = {
  clv: "CLV — the company's purchases' lifetime value, counted once",
};

// Where an axis splits high from low: the threshold set, or the median of the advocates (accounts)
// with a day of tenure (none yet: everyone is low).
export function splitWords(basis: ValueBasis, axis: "clv" | "crv"): string {
  const split = axis === "clv" ? basis.clv_split_minor : basis.crv_split_minor;
  const threshold = axis === "clv" ? basis.settings.clv_threshold_minor : basis.settings.crv_threshold_minor;
  if (threshold !== null) return `above ${money(threshold, basis.currency)} (the threshold set)`;
  const [one, many] = unitNames(basis);
  if (split === null) return `no split yet: no ${one} has a day of tenure to take a median of, so everyone counts as low`;
  const n = basis.median_basis;
  return `above ${money(split, basis.currency)} (the median of ${n.toLocaleString()} ${n === 1 ? one : many} with a day of tenure)`;
}

export function retentionWords(basis: ValueBasis): string {
  const r = basis.retention;
  const used = `${basisPoints(r.used_bp)} a year`;
  if (r.derived) {
    return `${used}, derived from the last 365 days: ${r.wins.toLocaleString()} ${r.wins === 1 ? "win" : "wins"}, ${r.churns.toLocaleString()} ${r.churns === 1 ? "churn" : "churns"}`;
  }
  if (basis.settings.derive_retention) return `${used}, the rate set (no referred customer won in the last 365 days to derive it from)`;
  return `${used}, the rate set`;
}

// A percentage as its field shows it: 1250 basis points is "12.5".
export const percentInput = (bp: number): string => String(bp / 100);

// A percentage typed with up to 2 decimals in basis points (12.5 is 1250); the text as typed when
// it is not one, so that the server names the field.
export const basisPointsOf = (text: string): number | string => parseScaled(text.trim(), 2) ?? text;

// An amount typed in major units, in minor units; a leading minus allowed when `signed`. The text
// as typed when it is not one (checkMoney says so first).
export function minorOf(text: string, currency: string, signed = false): number | string {
  const clean = text.trim();
  const negative = signed && clean.startsWith("-");
  const minor = parseMoney(negative ? clean.slice(1) : clean, currency);
  return minor === null ? text : negative ? -minor : minor;
}

// Client-side checks of a form's typing only (the ranges are the server's to judge, on the field).
export function checkPercent(values: Values, name: string, errors: Record<string, string>) {
  const text = (values[name] ?? "").trim();
  if (text && parseScaled(text, 2) === null) errors[name] = "is not a percentage (a number with up to 2 decimals)";
}

export function checkMoney(values: Values, name: string, currency: string, errors: Record<string, string>, signed = false) {
  const text = (values[name] ?? "").trim();
  const unsigned = signed && text.startsWith("-") ? { ...values, [name]: text.slice(1) } : values;
  checkAmount(unsigned, name, currency, errors);
}

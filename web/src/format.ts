// Display formats: money from minor units, times in the reader's locale, names of stages.

// The largest amount the server records, in minor units (docs/api.md, "Requests").
export const maxMinor = 10 ** 15;

// How many decimals a currency's minor unit has: 2 for USD, 0 for JPY, 3 for KWD.
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

// The amount in major units as an exact decimal string ("-1234.50"), with no floating point.
function decimal(minor: number, digits: number): string {
  const text = Math.abs(Math.trunc(minor)).toString().padStart(digits + 1, "0");
  const whole = digits ? text.slice(0, -digits) : text;
  return `${minor < 0 ? "-" : ""}${whole}${digits ? `.${text.slice(-digits)}` : ""}`;
}

// An amount in minor units, shown in the reader's locale; negative amounts keep their minus sign.
// Formatted from an exact decimal string, so 10^15 minor units lose no cent.
export function money(minor: number, currency: string): string {
  // Intl.NumberFormat reads a decimal string exactly (ES2023); `format` is bound to its formatter.
  const format = new Intl.NumberFormat(undefined, { style: "currency", currency }).format as unknown as (value: string) => string;
  return format(decimal(minor, minorDigits(currency)));
}

// An amount in minor units as a form's field shows it to be edited: major units, no grouping,
// exactly ("1234.50" for 123450 USD), so that parseMoney reads it back unchanged.
export function amountInput(minor: number, currency: string): string {
  return decimal(minor, minorDigits(currency));
}

// An amount in minor units as major units, for chart axes (an approximation is fine there).
export function majorUnits(minor: number, currency: string): number {
  return minor / 10 ** minorDigits(currency);
}

// A day (UTC) as YYYY-MM-DD, as date inputs and the API's ranges take it.
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// The day (YYYY-MM-DD) `days` after `day` (before it when negative).
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDay(date);
}

export function dateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

// A duration in milliseconds as a person reads it: "84 ms", "2.4 s".
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function label(name: string): string {
  const text = name.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Parses a number typed with up to `digits` decimals ("1,250.5") into an integer scaled by 10^digits
// (125050 for 2 digits); null when it is not one (a sign, letters, or more decimals).
export function parseScaled(text: string, digits: number): number | null {
  const clean = text.replace(/[\s,]/g, "");
  if (!/^\d+(\.\d+)?$/.test(clean)) return null;
  const [whole, fraction = ""] = clean.split(".");
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
}

// Parses an amount typed in major units ("1,250.50") into minor units; null when it is not one
// ("12.5" is not an amount in JPY, which has no decimals).
export function parseMoney(text: string, currency: string): number | null {
  return parseScaled(text, minorDigits(currency));
}

// A person's name as shown in lists: first and last name, or the email when there is neither.
export function personName(person: { first_name?: string; last_name?: string; email: string }): string {
  return [person.first_name, person.last_name].filter(Boolean).join(" ") || person.email;
}

// `part` as a percentage of `whole` with one decimal, or "—" when whole is 0.
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "—";
}

// Basis points (10,000 = 100%) as a percentage with one decimal, halves away from zero
// (56,667 is "566.7%"); "—" for null.
export function basisPoints(bp: number | null | undefined): string {
  if (bp == null) return "—";
  const tenths = Math.sign(bp) * Math.round(Math.abs(bp) / 10);
  return `${(tenths / 10).toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

// What the campaign forms send, read from what was typed: people pasted one per line ("email,
// first name, last name, company", or a spreadsheet's tab-separated columns), reminder days ("3,
// 10"), a local send time; and the server's refusals turned back into words about those (a
// recipient's error names its line, a reminder's its day).
import { ApiError, type FieldError } from "../api";

export interface PastedPerson {
  line: number; // 1-based, in the text as typed (blank lines count)
  text: string; // the line as typed, to tell whether it changed since
  email: string;
  first_name: string;
  last_name: string;
  company: string;
}

// One person per non-blank line; the company takes the rest of the line, commas and all ("Acme,
// Inc."). A first line whose first column is "email" is a spreadsheet's header and is skipped.
export function parsePeople(text: string): PastedPerson[] {
  const people: PastedPerson[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    if (!raw.trim()) return;
    const parts = raw.includes("\t") ? raw.split("\t") : raw.split(",");
    const [email = "", first = "", last = "", ...rest] = parts.map((p) => p.trim());
    if (people.length === 0 && /^e-?mail( address)?$/i.test(email)) return;
    const company = rest.join(raw.includes("\t") ? " " : ", ").trim();
    people.push({ line: index + 1, text: raw, email, first_name: first, last_name: last, company });
  });
  return people;
}

// The body's recipients: only the parts given, so that the server fills nothing in with "".
export function recipientsOf(people: PastedPerson[]) {
  return people.map((p) => ({
    email: p.email,
    ...(p.first_name ? { first_name: p.first_name } : {}),
    ...(p.last_name ? { last_name: p.last_name } : {}),
    ...(p.company ? { company: p.company } : {}),
  }));
}

// The client's own check of the pasted lines: each needs an address first. Errors are keyed as the
// server names them ("recipients[2].email"); the server judges the addresses themselves.
export function checkPeople(people: PastedPerson[], errors: Record<string, string>): Record<string, string> {
  people.forEach((p, i) => {
    if (!p.email) errors[`recipients[${i}].email`] = "is missing: each line starts with the email address";
  });
  return errors;
}

const columnNames: Record<string, string> = {
  email: "email",
  first_name: "first name",
  last_name: "last name",
  company: "company",
};

export interface LineError {
  line: number;
  text: string;
  message: string;
}

// The form's errors about recipients ("recipients[3].email") as errors of the lines they came from,
// in line order; "recipients[0]" inside a message becomes "line 2".
export function lineErrors(errors: Record<string, string>, people: PastedPerson[]): LineError[] {
  const out: LineError[] = [];
  for (const [field, message] of Object.entries(errors)) {
    const found = /^recipients\[(\d+)\]\.(\w+)$/.exec(field);
    if (!found) continue;
    const person = people[Number(found[1])];
    if (!person) continue;
    const words = message.replace(/recipients\[(\d+)\]/g, (_, i: string) => `line ${people[Number(i)]?.line ?? Number(i) + 1}`);
    out.push({ line: person.line, text: person.text, message: `${columnNames[found[2]] ?? found[2]} ${words}` });
  }
  return out.sort((a, b) => a.line - b.line);
}

// Reminder days typed as "3, 10" (or "3 10"): whole numbers, or null when something else is there.
export function parseDays(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.some((p) => !/^\d{1,4}$/.test(p))) return null;
  return parts.map(Number);
}

// A datetime-local value ("2026-12-03T09:00", the reader's own time) as RFC 3339 in UTC.
export function isoOfLocal(value: string): string | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

// The reader's time zone, for the send time's hint ("Europe/Paris").
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "your local time";
}

const ordinals = ["first", "second", "third", "fourth", "fifth"];

// The server's refusal with its reminder errors ("reminders_after_days[1]") as one error of the
// "reminders" field that names the reminder ("the second (10 days) must come after ..."); the
// recipients' errors are kept as they are, for lineErrors; an automatic rule's ("trigger") is the
// kind's.
export function campaignProblem(error: unknown, days: number[]): unknown {
  if (!(error instanceof ApiError) || !error.problem.errors) return error;
  const reminders: string[] = [];
  const others: FieldError[] = [];
  for (const e of error.problem.errors) {
    const found = /^reminders_after_days(?:\[(\d+)\])?$/.exec(e.field);
    if (e.field === "trigger") {
      others.push({ ...e, field: "kind" }); // the form chooses the automatic rule with the kind
    } else if (!found) {
      others.push(e);
    } else if (found[1] === undefined) {
      reminders.push(e.message);
    } else {
      const i = Number(found[1]);
      reminders.push(`the ${ordinals[i] ?? `#${i + 1}`} (${days[i]} ${days[i] === 1 ? "day" : "days"}) ${e.message}`);
    }
  }
  if (reminders.length > 0) others.push({ field: "reminders", message: reminders.join("; ") });
  return new ApiError({ ...error.problem, errors: others });
}
